import json
from datetime import date, timedelta
from unittest.mock import patch

from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.addons.xinfang_supervision.tests.common import VISIT_NOTIFIED as NOTIFIED
from odoo.addons.xinfang_supervision.tests.common import CollectiveVisitMixin
from odoo.exceptions import UserError
from odoo.tests import freeze_time, new_test_user, tagged

CRON = "xinfang_supervision.ir_cron_collective_visit_clock_alert"
ACTIVITY = "xinfang_supervision.mail_act_xinfang_visit_clock_missed"


@tagged("post_install", "-at_install")
class TestCollectiveVisitClockAlert(CollectiveVisitMixin, XinfangCase):
    """The scheduled job that alerts when a collective visit's clock passed with nobody on site."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        leader_groups = "xinfang_petition.group_xinfang_leader"
        cls.user_deputy = new_test_user(cls.env, login="xf_deputy", groups=leader_groups, name="Deputy Qian")
        cls.user_deputy_2 = new_test_user(cls.env, login="xf_deputy2", groups=leader_groups, name="Deputy Sun")
        Employee = cls.env["hr.employee"]
        cls.principal = Employee.create({"name": "Principal Zhao", "xinfang_role": "principal_leader",
                                         "user_id": cls.user_leader.id})
        cls.deputy = Employee.create({"name": "Deputy Qian", "xinfang_role": "deputy_leader",
                                      "user_id": cls.user_deputy.id})
        cls.deputy_2 = Employee.create({"name": "Deputy Sun", "xinfang_role": "deputy_leader",
                                        "user_id": cls.user_deputy_2.id})
        cls.leader_users = cls.user_leader | cls.user_deputy | cls.user_deputy_2
        cls.activity_type = cls.env.ref(ACTIVITY)

    # --- helpers ------------------------------------------------------------------------------------

    def _run_cron(self, minutes_after):
        """Run the job as the scheduler does (its server action, as OdooBot, in the township's time zone),
        ``minutes_after`` the notification; returns the simple notifications queued on the bus."""
        cron = self.env.ref(CRON).with_user(self.env.ref("base.user_root"))
        Bus = self.env["bus.bus"].sudo()
        last_bus_id = Bus.search([], order="id desc", limit=1).id or 0
        with freeze_time(NOTIFIED + timedelta(minutes=minutes_after)), \
                patch.object(self.env.cr, "commit", lambda: None):
            cron._callback(cron.name, cron.ir_actions_server_id.id)
            self.env.cr.precommit.run()  # the bus rows are written when the job's transaction commits
        self.env.invalidate_all()
        notifications = []
        for row in Bus.search([("id", ">", last_bus_id)]):
            message = json.loads(row.message)
            if message["type"] == "simple_notification":
                notifications.append((json.loads(row.channel)[1:], message["payload"]))
        return notifications

    def _alerted(self, visit):
        """The users with a "clock missed" activity on the visit."""
        return visit.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type).user_id

    def _notified(self, notifications):
        partner_ids = {channel[1] for channel, _payload in notifications if channel[0] == "res.partner"}
        return self.env["res.partner"].browse(partner_ids)

    def _case(self, leader, petition):
        return self.env["xinfang.leader.case"].create({
            "leader_id": leader.id, "petition_ids": [(6, 0, petition.ids)], "state": "in_progress",
        })

    def _late_counts(self, scope="village"):
        run = self.env["xinfang.assessment"].create({"date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)})
        return run._late_visit_counts(scope)

    # --- the arrival clock --------------------------------------------------------------------------
    def test_arrival_missed_alerts_the_required_leaders_and_the_director_once(self):
        visit = self._visit("county", 10)  # a deputy must be on site within the hour; no case leader
        notifications = self._run_cron(61)
        alerted = self._alerted(visit)
        self.assertEqual(alerted & self.leader_users, self.user_deputy | self.user_deputy_2,
                         "the leaders of the required level, not the principal")
        self.assertIn(self.user_director, alerted)
        self.assertNotIn(self.user_staff, alerted, "the office staff are not alerted")
        self.assertEqual(self._notified(notifications), alerted.partner_id, "a notification for each alerted user")
        for _channel, payload in notifications:
            self.assertIn(visit.name, payload["title"])
            self.assertIn("on site", payload["message"])
        self.assertRecordValues(visit, [{
            "clock_alerted_at": NOTIFIED + timedelta(minutes=61), "clock_missed": True, "state": "reported",
            "arrival_status": "waiting", "late": False,
        }])
        self.assertTrue(visit.message_ids.filtered(lambda m: "passed with nobody on site" in str(m.body)))
        # the next runs find nothing to alert
        activities = visit.activity_ids
        self.assertFalse(self._run_cron(66))
        self.assertFalse(self._run_cron(600))
        self.assertEqual(visit.activity_ids, activities)
        self.assertEqual(visit.clock_alerted_at, NOTIFIED + timedelta(minutes=61))

    def test_case_leader_is_alerted_for_their_clock(self):
        with freeze_time(NOTIFIED - timedelta(days=3)):
            petition = self.accepted()
        self._case(self.deputy_2, petition)
        visit = self._visit("county", 30, leaders=[self.principal, self.deputy_2], petition_id=petition.id)
        with freeze_time(NOTIFIED):
            visit.with_user(self.user_staff).action_dispatch()
        # the principal on site in time does not stop the case leader's clock
        with freeze_time(NOTIFIED + timedelta(minutes=10)):
            visit.leader_ids.filtered(lambda line: line.employee_id == self.principal).action_check_in()
        notifications = self._run_cron(61)
        alerted = self._alerted(visit)
        self.assertEqual(alerted & self.leader_users, self.user_deputy_2, "the case leader whose clock it is")
        self.assertIn(self.user_director, alerted)
        self.assertEqual(self._notified(notifications), alerted.partner_id)
        self.assertEqual(visit.state, "on_site")
        self.assertTrue(visit.clock_missed)

    def test_dispatched_leaders_of_the_required_level_are_alerted(self):
        visit = self._visit("county", 30, leaders=[self.principal, self.deputy])
        with freeze_time(NOTIFIED):
            visit.with_user(self.user_staff).action_dispatch()
        self._run_cron(61)
        self.assertEqual(self._alerted(visit) & self.leader_users, self.user_leader,
                         "the dispatched principal, who must be on site")

    def test_not_alerted_before_the_deadline(self):
        visit = self._visit("county", 10)
        self.assertFalse(self._run_cron(59))
        self.assertFalse(self._run_cron(60), "on site at the deadline is on time: not passed yet")
        self.assertFalse(self._alerted(visit))
        self.assertFalse(visit.clock_alerted_at)
        self.assertFalse(visit.clock_missed)
        self.assertTrue(self._run_cron(61))
        self.assertTrue(visit.clock_missed)

    def test_not_alerted_when_the_leader_checked_in_on_time(self):
        visit = self._visit("county", 10, leaders=[self.deputy])
        with freeze_time(NOTIFIED):
            visit.with_user(self.user_staff).action_dispatch()
        with freeze_time(NOTIFIED + timedelta(minutes=45)):
            visit.leader_ids.action_check_in()
        self.assertFalse(self._run_cron(61))
        self.assertFalse(self._alerted(visit))
        self.assertRecordValues(visit, [{"clock_alerted_at": False, "clock_missed": False,
                                         "arrival_status": "on_time"}])

    def test_not_alerted_for_closed_or_small_visits(self):
        small = self._visit("county", 4)  # no rule: no clock
        closed = self._visit("county", 10, leaders=[self.deputy])
        with freeze_time(NOTIFIED + timedelta(minutes=5)):
            closed.with_user(self.user_staff).action_dispatch()
            closed.with_user(self.user_staff).action_persuaded_back()
        self._run_cron(61)
        self.assertFalse((small | closed).activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type))
        self.assertFalse(small.clock_missed or closed.clock_missed)
        self.assertTrue(closed.late, "closed without the leader: late already, alert not needed")

    def test_on_time_arrival_recorded_afterwards_clears_the_flag(self):
        visit = self._visit("county", 10, leaders=[self.deputy])
        with freeze_time(NOTIFIED):
            visit.with_user(self.user_staff).action_dispatch()
        self._run_cron(61)
        self.assertTrue(visit.clock_missed)
        # the check-in was forgotten: the office records the real arrival time, within the hour
        with freeze_time(NOTIFIED + timedelta(minutes=70)):
            visit.leader_ids.with_user(self.user_staff).write({"arrived_at": NOTIFIED + timedelta(minutes=50)})
        self.assertEqual(visit.arrival_status, "on_time")
        self.assertFalse(visit.clock_missed)
        self.assertTrue(visit.clock_alerted_at, "the alert stays on the record")

    # --- the departure clock (province, Beijing) ------------------------------------------------------
    def test_departure_missed_alerts_the_principal_leaders(self):
        visit = self._visit("province", 6, leaders=[self.principal])
        self.assertFalse(self._run_cron(120), "the leaders may set off until the deadline")
        notifications = self._run_cron(121)
        alerted = self._alerted(visit)
        self.assertEqual(alerted & self.leader_users, self.user_leader, "the principal leaders")
        self.assertIn(self.user_director, alerted)
        self.assertEqual(self._notified(notifications), alerted.partner_id)
        self.assertIn("dispatched", notifications[0][1]["message"])
        self.assertRecordValues(visit, [{"clock_missed": True, "departure_status": "waiting",
                                         "departure_late": False}])
        self.assertTrue(visit.message_ids.filtered(lambda m: "no leader dispatched" in str(m.body)))
        self.assertFalse(self._run_cron(130))

    def test_departure_in_time_is_not_alerted(self):
        visit = self._visit("national", 6, leaders=[self.principal])
        with freeze_time(NOTIFIED + timedelta(minutes=100)):
            visit.with_user(self.user_staff).action_dispatch()
        self.assertFalse(self._run_cron(121))
        self.assertFalse(visit.clock_missed)
        self.assertEqual(visit.departure_status, "on_time")

    # --- the assessment -------------------------------------------------------------------------------
    def test_open_missed_visit_counts_once_as_a_late_response(self):
        with freeze_time(NOTIFIED - timedelta(days=3)):
            petition = self.handling()
        visit = self._visit("county", 10, leaders=[self.deputy], petition_id=petition.id)
        with freeze_time(NOTIFIED):
            visit.with_user(self.user_staff).action_dispatch()
        self.assertEqual(self._late_counts(), {}, "waiting, the clock has not been found passed")
        self._run_cron(61)
        self.assertEqual(visit.state, "dispatched", "still open")
        self.assertEqual(self._late_counts(), {self.village_a.id: 1})
        self.assertEqual(self._late_counts("unit"), {petition.lead_unit_id.id: 1})
        # the leader arrives late, then the visit is closed: still one late response
        with freeze_time(NOTIFIED + timedelta(minutes=90)):
            visit.leader_ids.action_check_in()
            visit.with_user(self.user_staff).action_persuaded_back()
        self.assertTrue(visit.late and visit.clock_missed)
        self.assertEqual(self._late_counts(), {self.village_a.id: 1})

    # --- access -----------------------------------------------------------------------------------------
    def test_alert_fields_are_written_by_the_job_only(self):
        visit = self._visit("county", 10)
        for vals in ({"clock_alerted_at": NOTIFIED}, {"clock_missed": True}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                visit.with_user(self.user_director).write(vals)
        self.assertFalse(visit.clock_alerted_at)
        self._run_cron(61)
        with self.assertRaises(UserError):
            visit.with_user(self.user_director).write({"clock_alerted_at": False})
        self.assertTrue(visit.clock_missed)
