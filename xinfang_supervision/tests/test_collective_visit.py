from datetime import datetime, timedelta

from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

NOTIFIED = datetime(2026, 3, 2, 8, 0, 0)


@tagged("post_install", "-at_install")
class TestCollectiveVisit(XinfangCase):
    """On-site persuasion of collective cross-level visits (越级集体访现场劝返)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.principal = Employee.create({"name": "Principal Zhao", "xinfang_role": "principal_leader",
                                         "user_id": cls.user_leader.id})
        cls.deputy = Employee.create({"name": "Deputy Qian", "xinfang_role": "deputy_leader"})
        cls.deputy_2 = Employee.create({"name": "Deputy Sun", "xinfang_role": "deputy_leader"})

    def _visit(self, destination, head_count, leaders=(), **vals):
        with freeze_time(NOTIFIED):
            return self.env["xinfang.collective.visit"].with_user(self.user_staff).create({
                "subject": "Unpaid wages at the brick works",
                "destination_level": destination,
                "head_count": head_count,
                "notified_at": NOTIFIED,
                "village_id": self.village_a.id,
                "leader_ids": [(0, 0, {"employee_id": leader.id}) for leader in leaders],
                **vals,
            })

    def _dispatch_and_arrive(self, visit, leader, minutes_after):
        with freeze_time(NOTIFIED):
            visit.action_dispatch()
        line = visit.leader_ids.filtered(lambda line: line.employee_id == leader)
        with freeze_time(NOTIFIED + timedelta(minutes=minutes_after)):
            line.action_check_in()
        return line

    def test_state_changes_only_through_the_buttons(self):
        visit = self._visit("county", 5, leaders=[self.principal])
        with self.assertRaises(UserError):
            visit.with_user(self.user_staff).write({"state": "persuaded_back"})
        self.assertEqual(visit.state, "reported")
        with freeze_time(NOTIFIED):
            visit.with_user(self.user_staff).action_dispatch()
        self.assertEqual(visit.state, "dispatched")

    # --- the rule that applies ---------------------------------------------------------------------
    def test_head_count_boundaries_on_the_visit(self):
        cases = [
            ("county", 4, False, None),
            ("county", 5, "deputy", 60),
            ("county", 29, "deputy", 60),
            ("county", 30, "principal", 60),
            ("city", 19, "deputy", 120),
            ("city", 20, "principal", 120),
            ("province", 4, False, None),
            ("province", 5, "principal", 0),
            ("national", 5, "principal", 0),
        ]
        for destination, head_count, level, minutes in cases:
            with self.subTest(destination=destination, head_count=head_count):
                visit = self._visit(destination, head_count)
                self.assertEqual(visit.required_leader_level, level)
                if minutes is None:
                    self.assertFalse(visit.rule_id)
                    self.assertFalse(visit.arrival_deadline)
                    self.assertEqual(visit.arrival_status, "not_required")
                else:
                    self.assertEqual(visit.arrival_deadline, NOTIFIED + timedelta(minutes=minutes))
                    self.assertEqual(visit.arrival_status, "waiting")
        self.assertTrue(visit.name.startswith("JF2026-"))

    def test_changing_the_head_count_changes_the_rule(self):
        visit = self._visit("county", 29)
        self.assertEqual(visit.required_leader_level, "deputy")
        visit.head_count = 30
        self.assertEqual(visit.required_leader_level, "principal")

    def test_editing_a_rule_does_not_rewrite_past_visits(self):
        visit = self._visit("county", 10)
        self.env.flush_all()  # the visit was reported (and saved) before the rule changed
        self.env.ref("xinfang_supervision.escalation_rule_county_deputy").arrival_minutes = 30
        self.assertEqual(visit.arrival_deadline, NOTIFIED + timedelta(minutes=60))
        self.assertEqual(self._visit("county", 10).arrival_deadline, NOTIFIED + timedelta(minutes=30))

    # --- arrival: 60 minutes on time, 61 late ---------------------------------------------------------
    def test_county_arrival_at_60_minutes_is_on_time(self):
        visit = self._visit("county", 10, leaders=[self.deputy])
        line = self._dispatch_and_arrive(visit, self.deputy, 60)
        self.assertTrue(line.on_time)
        self.assertEqual(visit.state, "on_site")
        self.assertEqual(visit.arrival_status, "on_time")
        self.assertFalse(visit.late)

    def test_county_arrival_at_61_minutes_is_late(self):
        visit = self._visit("county", 10, leaders=[self.deputy])
        line = self._dispatch_and_arrive(visit, self.deputy, 61)
        self.assertFalse(line.on_time)
        self.assertEqual(visit.arrival_status, "late")
        self.assertTrue(visit.late)

    def test_city_arrival_at_120_and_121_minutes(self):
        on_time = self._visit("city", 19, leaders=[self.deputy])
        self._dispatch_and_arrive(on_time, self.deputy, 120)
        self.assertFalse(on_time.late)
        late = self._visit("city", 19, leaders=[self.deputy])
        self._dispatch_and_arrive(late, self.deputy, 121)
        self.assertTrue(late.late)

    def test_province_with_five_people_principal_at_once(self):
        visit = self._visit("province", 5, leaders=[self.principal])
        self.assertEqual(visit.required_leader_level, "principal")
        self.assertEqual(visit.arrival_deadline, NOTIFIED)
        self._dispatch_and_arrive(visit, self.principal, 0)
        self.assertEqual(visit.arrival_status, "on_time")
        late = self._visit("province", 5, leaders=[self.principal])
        self._dispatch_and_arrive(late, self.principal, 1)
        self.assertEqual(late.arrival_status, "late")

    def test_only_the_required_level_decides_lateness(self):
        """A deputy on time does not satisfy a principal rule; the principal's own arrival counts."""
        visit = self._visit("county", 30, leaders=[self.deputy, self.principal])
        self._dispatch_and_arrive(visit, self.deputy, 10)
        self.assertEqual(visit.state, "on_site")
        self.assertEqual(visit.arrival_status, "waiting")
        with freeze_time(NOTIFIED + timedelta(minutes=75)):
            visit.leader_ids.filtered(lambda line: line.employee_id == self.principal).action_check_in()
        self.assertEqual(visit.first_arrival_at, NOTIFIED + timedelta(minutes=75))
        self.assertTrue(visit.late)

    def test_a_principal_fulfils_a_deputy_rule(self):
        visit = self._visit("county", 10, leaders=[self.principal])
        self._dispatch_and_arrive(visit, self.principal, 30)
        self.assertEqual(visit.arrival_status, "on_time")

    def test_closing_without_the_required_leader_counts_as_late(self):
        visit = self._visit("county", 10, leaders=[self.deputy])
        with freeze_time(NOTIFIED):
            visit.action_dispatch()
            visit.action_persuaded_back()
        self.assertEqual(visit.arrival_status, "absent")
        self.assertTrue(visit.late)

    # --- who may be dispatched --------------------------------------------------------------------------
    def test_deputies_only_refused_for_thirty_people(self):
        visit = self._visit("county", 30, leaders=[self.deputy, self.deputy_2])
        with self.assertRaisesRegex(ValidationError, "主要领导"), freeze_time(NOTIFIED):
            visit.action_dispatch()
        self.assertEqual(visit.state, "reported")
        visit.write({"leader_ids": [(0, 0, {"employee_id": self.principal.id})]})
        with freeze_time(NOTIFIED):
            visit.action_dispatch()
        self.assertEqual(visit.state, "dispatched")

    def test_deputy_alone_allowed_for_twenty_nine_people(self):
        visit = self._visit("county", 29, leaders=[self.deputy])
        with freeze_time(NOTIFIED):
            visit.action_dispatch()
        self.assertEqual(visit.state, "dispatched")

    def test_principal_cannot_be_removed_after_dispatch(self):
        visit = self._visit("county", 30, leaders=[self.deputy, self.principal])
        with freeze_time(NOTIFIED):
            visit.action_dispatch()
        principal_line = visit.leader_ids.filtered(lambda line: line.employee_id == self.principal)
        with self.assertRaises(ValidationError):
            principal_line.unlink()
        with self.assertRaises(ValidationError):
            principal_line.employee_id = self.deputy_2
        # a head count raised to the principal band after dispatch needs a principal too
        deputy_visit = self._visit("county", 29, leaders=[self.deputy])
        with freeze_time(NOTIFIED):
            deputy_visit.action_dispatch()
        with self.assertRaises(ValidationError):
            deputy_visit.head_count = 30

    def test_dispatch_needs_a_leader_and_only_leaders(self):
        visit = self._visit("county", 10)
        with self.assertRaises(ValidationError), freeze_time(NOTIFIED):
            visit.action_dispatch()
        with self.assertRaises(ValidationError):
            visit.write({"leader_ids": [(0, 0, {"employee_id": self.handler.id})]})

    def test_workflow_guards(self):
        visit = self._visit("county", 10, leaders=[self.deputy])
        with self.assertRaises(UserError):
            visit.leader_ids.action_check_in()  # not dispatched yet
        with self.assertRaises(UserError):
            visit.action_persuaded_back()  # a rule applies: dispatch first
        line = self._dispatch_and_arrive(visit, self.deputy, 5)
        with self.assertRaises(UserError):
            line.action_check_in()  # twice
        with self.assertRaises(UserError):
            visit.action_dispatch()
        visit.action_escalate()
        self.assertEqual(visit.state, "escalated")
        with self.assertRaises(UserError):
            visit.action_persuaded_back()
        with self.assertRaises(UserError):
            line.unlink()
        small = self._visit("county", 4)
        small.action_persuaded_back()  # no rule: no leader needed
        self.assertEqual(small.arrival_status, "not_required")
        self.assertFalse(small.late)

    def test_dispatched_leaders_are_notified(self):
        visit = self._visit("county", 30, leaders=[self.principal])
        with freeze_time(NOTIFIED):
            visit.action_dispatch()
        self.assertIn(self.user_leader.partner_id, visit.message_ids[0].partner_ids)

    # --- access -------------------------------------------------------------------------------------------
    def test_mediator_sees_own_village_only(self):
        own = self._visit("county", 10)
        other = self._visit("county", 10, village_id=self.village_b.id)
        Visit = self.env["xinfang.collective.visit"].with_user(self.user_mediator)
        self.assertEqual(Visit.search([("id", "in", (own | other).ids)]), own)
        reported = Visit.create({"subject": "Road blocked", "destination_level": "city", "head_count": 8,
                                 "village_id": self.village_a.id})
        self.assertEqual(reported.required_leader_level, "deputy")
        with self.assertRaises(AccessError):
            other.with_user(self.user_mediator).read(["subject"])
        with self.assertRaises(AccessError):
            self.env["xinfang.collective.visit"].with_user(self.user_finance).search([])
        with self.assertRaises(AccessError):
            own.with_user(self.user_staff).unlink()
