from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common_meeting import MeetingCase

ESCALATED = "xinfang_supervision.mail_act_xinfang_risk_escalated"
TASK = "xinfang_supervision.mail_act_xinfang_task"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10 09:00:00")
class TestRisk(MeetingCase):

    def test_field_visit_creates_risk(self):
        # The field-visit tool calls create() with these names.
        risk = self.Risk.with_user(self.user_leader).create({
            "village_id": self.village_a.id, "description": "Unpaid wages at the brick works",
            "level": "major", "responsible_id": self.handler.id, "deadline": date(2026, 3, 20),
            "source": "field_visit",
        })
        self.assertRecordValues(risk, [{"state": "found", "source": "field_visit", "found_date": date(2026, 3, 10),
                                        "responsible_user_id": self.user_handler.id}])
        self.assertTrue(risk.name.startswith("FX2026-"))

    def test_assign_with_task(self):
        risk = self.new_risk()
        with self.assertRaises(UserError):
            risk.with_user(self.user_handler).action_assign()
        risk.with_user(self.user_staff).action_assign()
        self.assertEqual(risk.state, "handling")
        self.assertRecordValues(risk.task_ids, [{"owner_id": self.handler.id, "deadline": date(2026, 3, 20),
                                                 "state": "open"}])
        self.assertEqual(self.activities(risk.task_ids, TASK).user_id, self.user_handler)

        unassigned = self.new_risk(responsible_id=False)
        with self.assertRaises(UserError):
            unassigned.action_assign()

    def test_cron_escalates_overdue_risks(self):
        due_found = self.new_risk(deadline="2026-03-09")
        due_handling = self.new_risk(deadline="2026-03-15")
        due_handling.action_assign()
        due_today = self.new_risk(deadline="2026-03-10")
        resolved = self.new_risk(deadline="2026-03-01", resolution="Settled by mediation.")
        resolved.action_resolve()
        no_deadline = self.new_risk(deadline=False)

        with freeze_time("2026-03-16 08:00:00"):
            escalated = self.Risk._cron_escalate_overdue()
            self.assertEqual(escalated, due_found | due_handling | due_today)
            self.assertFalse(self.Risk._cron_escalate_overdue(), "escalated risks are not read again")
        self.assertEqual(set(escalated.mapped("state")), {"escalated"})
        self.assertEqual(due_found.escalated_date, date(2026, 3, 16))
        self.assertEqual((resolved.state, no_deadline.state), ("resolved", "found"))
        # The supervision office (by default the leaders) gets an activity on each.
        leaders = self.env.ref("xinfang_petition.group_xinfang_leader").all_user_ids
        self.assertIn(self.user_leader, leaders)
        for risk in escalated:
            self.assertEqual(self.activities(risk, ESCALATED).user_id, leaders.filtered("active"))
        self.assertNotIn(self.user_handler, self.activities(due_found, ESCALATED).user_id)

        # Reassigned with a new deadline, then resolved: the office's activities are closed.
        due_found.deadline = "2026-03-31"
        due_found.action_assign()
        due_found.resolution = "Families compensated."
        due_found.with_user(self.user_handler).action_resolve()
        self.assertEqual(due_found.state, "resolved")
        self.assertFalse(self.activities(due_found, ESCALATED))

    def test_escalation_to_configured_office(self):
        group = self.env.ref("xinfang_petition.group_xinfang_director")
        self.env["ir.config_parameter"].sudo().set_param("xinfang_supervision.supervision_group_id", str(group.id))
        risk = self.new_risk(deadline="2026-03-09")
        self.Risk._cron_escalate_overdue()
        users = self.activities(risk, ESCALATED).user_id
        self.assertIn(self.user_director, users)
        self.assertNotIn(self.user_leader, users)

    def test_resolve_needs_resolution_and_the_right_person(self):
        risk = self.new_risk()
        with self.assertRaises(UserError):
            risk.action_resolve()
        risk.resolution = "Mediated."
        with self.assertRaises(AccessError):
            risk.with_user(self.user_handler_social).action_resolve()
        risk.with_user(self.user_handler).action_resolve()
        self.assertEqual((risk.state, risk.resolved_date), ("resolved", date(2026, 3, 10)))
        with self.assertRaises(UserError):
            risk.action_escalate()

    def test_access(self):
        own = self.new_risk()
        other_village = self.new_risk(village_id=self.village_b.id, responsible_id=self.handler_social.id)
        # The responsible handler sees and updates the own risk but cannot move its deadline.
        self.assertEqual(self.Risk.with_user(self.user_handler).search([("id", "in", (own | other_village).ids)]), own)
        with self.assertRaises(AccessError):
            own.with_user(self.user_handler).deadline = "2026-04-30"
        own.with_user(self.user_handler).resolution = "Talking to the families."
        # The village mediator sees the own village's risks and reports new ones there.
        as_mediator = self.Risk.with_user(self.user_mediator)
        self.assertEqual(as_mediator.search([("id", "in", (own | other_village).ids)]), own)
        reported = as_mediator.create({"village_id": self.village_a.id, "description": "Water dispute",
                                       "level": "low"})
        self.assertEqual(reported.source, "other")
        # Finance: nothing.
        with self.assertRaises(AccessError):
            self.Risk.with_user(self.user_finance).search([])
