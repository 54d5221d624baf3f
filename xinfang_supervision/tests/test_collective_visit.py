from datetime import timedelta

from odoo.addons.xinfang_petition.models.xinfang_workflow_state import button_step
from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.addons.xinfang_supervision.tests.common import VISIT_NOTIFIED as NOTIFIED
from odoo.addons.xinfang_supervision.tests.common import CollectiveVisitMixin
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged


@tagged("post_install", "-at_install")
class TestCollectiveVisit(CollectiveVisitMixin, XinfangCase):
    """On-site persuasion of collective cross-level visits (越级集体访现场劝返)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.principal = Employee.create({"name": "Principal Zhao", "xinfang_role": "principal_leader",
                                         "user_id": cls.user_leader.id})
        cls.deputy = Employee.create({"name": "Deputy Qian", "xinfang_role": "deputy_leader"})
        cls.deputy_2 = Employee.create({"name": "Deputy Sun", "xinfang_role": "deputy_leader"})


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
        # (destination, head count, leader level, arrival minutes, departure minutes)
        cases = [
            ("county", 4, False, None, None),
            ("county", 5, "deputy", 60, None),
            ("county", 29, "deputy", 60, None),
            ("county", 30, "principal", 60, None),
            ("city", 9, "deputy", 120, None),
            ("city", 10, "principal", 120, None),  # the city threshold is 10 (以上含本数)
            ("province", 4, False, None, None),
            ("province", 5, "principal", None, 120),
            ("national", 5, "principal", None, 120),
        ]
        for destination, head_count, level, arrival, departure in cases:
            with self.subTest(destination=destination, head_count=head_count):
                visit = self._visit(destination, head_count)
                self.assertEqual(visit.required_leader_level, level)
                if not level:
                    self.assertFalse(visit.rule_id)
                    self.assertFalse(visit.arrival_deadline)
                    self.assertFalse(visit.departure_deadline)
                    self.assertEqual(visit.arrival_status, "not_required")
                    self.assertEqual(visit.departure_status, "not_timed")
                elif arrival is not None:
                    self.assertEqual(visit.clock, "arrival")
                    self.assertEqual(visit.arrival_deadline, NOTIFIED + timedelta(minutes=arrival))
                    self.assertFalse(visit.departure_deadline)
                    self.assertEqual(visit.arrival_status, "waiting")
                    self.assertEqual(visit.departure_status, "not_timed")
                else:
                    self.assertEqual(visit.clock, "departure")
                    self.assertFalse(visit.arrival_deadline, "no arrival deadline for the province and Beijing")
                    self.assertEqual(visit.departure_deadline, NOTIFIED + timedelta(minutes=departure))
                    self.assertEqual(visit.arrival_status, "no_deadline")
                    self.assertEqual(visit.departure_status, "waiting")
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
        on_time = self._visit("city", 9, leaders=[self.deputy])
        self._dispatch_and_arrive(on_time, self.deputy, 120)
        self.assertFalse(on_time.late)
        late = self._visit("city", 9, leaders=[self.deputy])
        self._dispatch_and_arrive(late, self.deputy, 121)
        self.assertTrue(late.late)

    def test_city_ten_people_need_the_principal(self):
        """City threshold 10: nine people a deputy may go alone, ten need the principal."""
        nine = self._visit("city", 9, leaders=[self.deputy])
        with freeze_time(NOTIFIED):
            nine.action_dispatch()
        self.assertEqual(nine.state, "dispatched")
        ten = self._visit("city", 10, leaders=[self.deputy])
        with self.assertRaisesRegex(ValidationError, "only deputy leaders is not allowed"), freeze_time(NOTIFIED):
            ten.action_dispatch()
        self.assertEqual(ten.state, "reported")

    def test_province_principal_sets_off_never_late_in_arriving(self):
        """赴省、进京 with 5 or more: no arrival deadline; an arrival hours later costs nothing."""
        visit = self._visit("province", 5, leaders=[self.principal])
        self.assertEqual(visit.required_leader_level, "principal")
        self.assertFalse(visit.arrival_deadline)
        with freeze_time(NOTIFIED + timedelta(minutes=120)):
            visit.action_dispatch()
        self.assertEqual(visit.dispatched_at, NOTIFIED + timedelta(minutes=120))
        self.assertEqual(visit.departure_status, "on_time")
        with freeze_time(NOTIFIED + timedelta(hours=9)):
            visit.leader_ids.action_check_in()
        self.assertRecordValues(visit, [{
            "state": "on_site", "arrival_status": "no_deadline", "late": False, "departure_late": False,
            "first_arrival_at": NOTIFIED + timedelta(hours=9),
        }])
        self.assertTrue(visit.leader_ids.on_time, "no deadline to miss")
        visit.action_persuaded_back()
        self.assertEqual(visit.arrival_status, "no_deadline")
        self.assertFalse(visit.late)

    def test_national_late_departure_is_late(self):
        visit = self._visit("national", 40, leaders=[self.principal])
        with freeze_time(NOTIFIED + timedelta(minutes=121)):
            visit.action_dispatch()
        self.assertRecordValues(visit, [{"departure_status": "late", "departure_late": True, "late": False,
                                         "arrival_status": "no_deadline"}])
        # a deputy alone may not set off for Beijing
        deputies = self._visit("national", 5, leaders=[self.deputy])
        with self.assertRaises(ValidationError), freeze_time(NOTIFIED):
            deputies.action_dispatch()

    def test_departure_minutes_are_configurable(self):
        self.env.ref("xinfang_supervision.escalation_rule_province").departure_minutes = 30
        visit = self._visit("province", 5, leaders=[self.principal])
        self.assertEqual(visit.departure_deadline, NOTIFIED + timedelta(minutes=30))
        with freeze_time(NOTIFIED + timedelta(minutes=31)):
            visit.action_dispatch()
        self.assertTrue(visit.departure_late)

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
        with self.assertRaisesRegex(ValidationError, "only deputy leaders is not allowed"), freeze_time(NOTIFIED):
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

    # --- the case leader's clock (包案领导) ---------------------------------------------------------------
    def _case(self, leader, petition, state="in_progress"):
        return self.env["xinfang.leader.case"].create({
            "leader_id": leader.id, "petition_ids": [(6, 0, petition.ids)], "state": state,
        })

    def test_case_leader_must_arrive_within_the_hour(self):
        with freeze_time(NOTIFIED - timedelta(days=3)):
            petition = self.accepted()
        self._case(self.deputy_2, petition)
        visit = self._visit("county", 30, leaders=[self.principal], petition_id=petition.id)
        self.assertEqual(visit.case_leader_id, self.deputy_2, "the visit shows who must arrive")
        # the village's mediator, who may not read leader cases, sees it too
        self.assertEqual(visit.with_user(self.user_mediator).read(["case_leader_id"])[0]["case_leader_id"],
                         (self.deputy_2.id, "Deputy Sun"))
        self.assertEqual(visit.arrival_deadline, NOTIFIED + timedelta(hours=1))
        # the principal alone is not enough: the clock is the case leader's
        with self.assertRaisesRegex(ValidationError, "Deputy Sun"), freeze_time(NOTIFIED):
            visit.action_dispatch()
        visit.write({"leader_ids": [(0, 0, {"employee_id": self.deputy_2.id})]})
        with freeze_time(NOTIFIED):
            visit.action_dispatch()
        self.assertEqual(visit.arrival_leader_id, self.deputy_2)
        self.assertTrue(visit.message_ids.filtered(lambda message: "Deputy Sun" in str(message.body)))
        # the case leader cannot be taken off the dispatched visit
        with self.assertRaises(ValidationError):
            visit.leader_ids.filtered(lambda line: line.employee_id == self.deputy_2).unlink()
        # the principal on site in 10 minutes does not stop the case leader's clock
        with freeze_time(NOTIFIED + timedelta(minutes=10)):
            visit.leader_ids.filtered(lambda line: line.employee_id == self.principal).action_check_in()
        self.assertEqual(visit.arrival_status, "waiting")
        with freeze_time(NOTIFIED + timedelta(minutes=61)):
            visit.leader_ids.filtered(lambda line: line.employee_id == self.deputy_2).action_check_in()
        self.assertEqual(visit.first_arrival_at, NOTIFIED + timedelta(minutes=61))
        self.assertEqual(visit.arrival_status, "late")
        self.assertTrue(visit.late)

    def test_case_leader_on_time_at_two_hours_to_the_city(self):
        with freeze_time(NOTIFIED - timedelta(days=3)):
            petition = self.accepted()
        self._case(self.deputy, petition)
        visit = self._visit("city", 6, leaders=[self.deputy], petition_id=petition.id)
        line = self._dispatch_and_arrive(visit, self.deputy, 120)
        self.assertEqual(visit.arrival_leader_id, self.deputy)
        self.assertTrue(line.on_time)
        self.assertEqual(visit.arrival_status, "on_time")

    def test_without_a_live_leader_case_the_required_level_counts(self):
        with freeze_time(NOTIFIED - timedelta(days=3)):
            petition = self.accepted()
        self._case(self.deputy_2, petition, state="cancel")
        visit = self._visit("county", 10, leaders=[self.deputy], petition_id=petition.id)
        self.assertFalse(visit.case_leader_id, "a cancelled case has no leader for the visit")
        self._dispatch_and_arrive(visit, self.deputy, 30)
        self.assertFalse(visit.arrival_leader_id)
        self.assertEqual(visit.arrival_status, "on_time")

    def test_province_visit_with_a_leader_case_times_the_departure_only(self):
        with freeze_time(NOTIFIED - timedelta(days=3)):
            petition = self.accepted()
        self._case(self.deputy_2, petition)
        visit = self._visit("province", 8, leaders=[self.principal], petition_id=petition.id)
        with freeze_time(NOTIFIED + timedelta(minutes=20)):
            visit.action_dispatch()  # the case leader is not required: no arrival clock
        self.assertFalse(visit.arrival_leader_id)
        self.assertEqual(visit.departure_status, "on_time")

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


@tagged("post_install", "-at_install")
class TestCollectiveVisitSteps(XinfangCase):
    """Who may take each step of a collective visit (the one workflow guard)."""

    STEPS = {"dispatch": "dispatched", "persuaded_back": "persuaded_back", "escalate": "escalated"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.principal = cls.env["hr.employee"].create({"name": "Principal Zhao", "xinfang_role": "principal_leader"})

    def _visit(self, head_count=10, state="reported"):
        visit = self.env["xinfang.collective.visit"].with_user(self.user_staff).create({
            "subject": "Road blocked", "destination_level": "county", "head_count": head_count,
            "notified_at": NOTIFIED, "village_id": self.village_a.id,
            "leader_ids": [(0, 0, {"employee_id": self.principal.id})] if head_count >= 5 else [],
        })
        if state == "dispatched":
            visit.with_user(self.user_staff).action_dispatch()
        return visit.with_user(self.user_mediator)  # the village's mediator follows it

    def _take(self, visit, step, user):
        getattr(visit.with_user(user), f"action_{step}")()

    def test_step_table(self):
        Visit = self.env["xinfang.collective.visit"]
        self.assertEqual(Visit._step_groups, dict.fromkeys(self.STEPS, ("xinfang_petition.group_xinfang_staff",)))
        # the form's buttons carry exactly the groups of the step table
        buttons = Visit._step_buttons()
        self.assertEqual({button_step(b) for b in buttons}, set(self.STEPS))
        for button in buttons:
            self.assertEqual(tuple(button.get("groups").split(",")), Visit._step_groups[button_step(button)],
                             button.get("name"))

    @freeze_time(NOTIFIED)
    def test_office_leader_and_director_take_every_step(self):
        for user in (self.user_staff, self.user_leader, self.user_director):
            for step, target in self.STEPS.items():
                with self.subTest(user=user.login, step=step):
                    visit = self._visit(state="reported" if step == "dispatch" else "dispatched")
                    self._take(visit, step, user)
                    self.assertEqual(visit.state, target)
            small = self._visit(head_count=4)  # no rule: closed without dispatch
            self._take(small, "persuaded_back", user)
            self.assertEqual(small.state, "persuaded_back")

    @freeze_time(NOTIFIED)
    def test_mediator_handler_and_finance_refused(self):
        for step in self.STEPS:
            visit = self._visit(state="reported" if step == "dispatch" else "dispatched")
            state = visit.state
            for user in (self.user_mediator, self.user_handler, self.user_finance, self.user_jijian):
                with self.subTest(user=user.login, step=step), self.assertRaises(AccessError):
                    self._take(visit, step, user)
            self.assertEqual(visit.state, state)
        with self.assertRaises(AccessError):
            self._take(self._visit(head_count=4), "persuaded_back", self.user_mediator)

    @freeze_time(NOTIFIED)
    def test_workflow_fields_written_only_by_the_steps(self):
        visit = self._visit()
        for vals in ({"state": "dispatched"}, {"dispatched_at": NOTIFIED},
                     {"arrival_leader_id": self.principal.id}):
            for user in (self.user_mediator, self.user_staff):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    visit.with_user(user).write(vals)
        self.assertFalse(visit.dispatched_at)
        with self.assertRaises(UserError):
            self.env["xinfang.collective.visit"].with_user(self.user_staff).create({
                "subject": "Forged", "destination_level": "county", "head_count": 5, "state": "on_site"})
        # the fields the mediator reports stay editable
        visit.with_user(self.user_mediator).write({"outcome": "Families went home."})
        self.assertEqual(visit.outcome, "Families went home.")
