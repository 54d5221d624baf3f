import shutil
from datetime import date

from odoo.addons.xinfang_petition.tests.common import pdf_text
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common_meeting import MeetingCase

ANSWER = "xinfang_supervision.mail_act_xinfang_order_answer"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10 09:00:00")
class TestSupervisionOrder(MeetingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Order = cls.env["xinfang.supervision.order"]
        cls.land_head = cls.env["hr.employee"].create({
            "name": "Land Office Head", "user_id": cls.user_director.id, "department_id": cls.unit_land.id,
        })
        cls.unit_land.manager_id = cls.land_head
        with freeze_time("2026-01-05 09:00:00"):
            cls.late_petition = cls.env["xinfang.petition"].with_user(cls.user_staff).create({
                "subject": "村集体征收承包地未予补偿", "channel": "visit", "category_id": cls.category.id,
                "village_id": cls.village_a.id, "petitioner_id": cls.petitioner.id,
            })
            cls.late_petition.action_register()
            cls.late_petition.action_accept()
            assignment = cls.env["xinfang.assignment"].with_user(cls.user_staff).create({
                "petition_id": cls.late_petition.id, "lead_unit_id": cls.unit_land.id, "handler_id": cls.handler.id,
            })
            assignment.action_confirm()
        cls.env["xinfang.petition"]._cron_deadline_check()

    def new_order(self, **vals):
        return self.Order.with_user(self.user_leader).create({
            "title": "土地补偿信访事项专项督查", "kind": "focused", "department_ids": [(6, 0, self.unit_land.ids)],
            "findings": "<p>国土所承办的信访事项超期未办结。</p>", "deadline": "2026-03-20", **vals,
        })

    def test_overdue_items_of_the_units(self):
        self.assertEqual(self.late_petition.deadline_status, "overdue")
        meeting = self.new_meeting()
        task = self.Task.create({"name": "Visit", "meeting_id": meeting.id, "owner_id": self.handler.id,
                                 "deadline": "2026-03-11"})
        with freeze_time("2026-03-12 09:00:00"):
            self.Task._cron_flag_overdue()
        order = self.new_order()
        self.assertEqual(order.overdue_petition_ids, self.late_petition)
        self.assertEqual(order.overdue_task_ids, task)
        order.action_load_overdue()
        self.assertEqual((order.petition_ids, order.task_ids), (self.late_petition, task))
        other_unit = self.new_order(department_ids=[(6, 0, self.unit_social.ids)])
        self.assertFalse(other_unit.overdue_petition_ids)
        self.assertFalse(other_unit.overdue_task_ids)
        with self.assertRaises(ValidationError):
            self.new_order(department_ids=False)

    def test_workflow(self):
        order = self.new_order(findings=False)
        with self.assertRaises(UserError):
            order.action_issue()
        order.findings = "<p>Overdue.</p>"
        with self.assertRaises(UserError, msg="only leaders issue"):
            order.with_user(self.user_staff).action_issue()
        order.with_user(self.user_leader).action_issue()
        self.assertEqual((order.state, order.issue_date), ("issued", date(2026, 3, 10)))
        self.assertTrue(order.name.startswith("DC2026-"))
        self.assertIn(self.user_director, self.activities(order, ANSWER).user_id)

        as_staff = order.with_user(self.user_staff)
        with self.assertRaises(UserError):
            as_staff.action_answer()
        as_staff.answer = "<p>All three cases answered by 18 March.</p>"
        as_staff.action_answer()
        self.assertEqual(order.state, "answered")
        self.assertFalse(self.activities(order, ANSWER))
        with self.assertRaises(UserError):
            as_staff.action_close()
        order.with_user(self.user_leader).action_close()
        self.assertEqual((order.state, order.closed_date), ("closed", date(2026, 3, 10)))

        with self.assertRaises(AccessError):
            self.Order.with_user(self.user_staff).create({"title": "x", "department_ids": [(6, 0, self.unit_land.ids)]})
        for user in (self.user_handler, self.user_finance):
            with self.assertRaises(AccessError):
                self.Order.with_user(user).search([])

    def test_notice_pdf(self):
        self.assertTrue(shutil.which("wkhtmltopdf"), "install wkhtmltopdf")
        self.assertTrue(shutil.which("pdftotext"), "install poppler-utils")
        self.env["ir.config_parameter"].sudo().set_param("report.print_delay", "100")
        order = self.new_order()
        order.with_user(self.user_leader).action_issue()
        pdf, report_type = self.env["ir.actions.report"].with_user(self.user_leader).with_context(
            force_report_rendering=True)._render_qweb_pdf(
            "xinfang_supervision.action_report_supervision_notice", order.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"))
        text = pdf_text(pdf, fold=True)
        self.assertIn("督查督办通报", text)
        self.assertIn(order.name, text)
        self.assertIn("专项督查", text)
        self.assertIn("国土所承办的信访事项超期未办结", text)
        self.assertIn(self.late_petition.name, text)
        self.assertIn("2026年3月20日前", text)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10 09:00:00")
class TestAccountability(MeetingCase):

    def propose(self, user=None):
        return self.env["xinfang.accountability"].with_user(user or self.user_staff).create({
            "employee_id": self.handler.id, "unit_id": self.unit_land.id,
            "facts": "<p>Three petitions overdue for more than 30 days.</p>",
            "proposal": "Admonishment talk (诫勉谈话).",
        })

    def test_only_leaders_decide(self):
        proposal = self.propose()
        self.assertEqual(proposal.state, "proposed")
        # Staff: the action refuses, and the decision fields cannot be written or read.
        with self.assertRaises(UserError):
            proposal.with_user(self.user_staff).action_approve()
        with self.assertRaises(AccessError):
            proposal.with_user(self.user_staff).write({"decision": "Approved by myself."})
        with self.assertRaises(AccessError):
            proposal.with_user(self.user_staff).read(["decided_by_id"])
        # Handlers and finance have no access at all.
        for user in (self.user_handler, self.user_finance):
            with self.assertRaises(AccessError):
                self.propose(user)
            with self.assertRaises(UserError):  # AccessError is a UserError
                proposal.with_user(user).action_reject()
        self.assertEqual(proposal.state, "proposed")

        as_leader = proposal.with_user(self.user_leader)
        with self.assertRaises(UserError, msg="a decision needs its text"):
            as_leader.action_approve()
        as_leader.decision = "Approved: admonishment talk by the discipline secretary."
        as_leader.action_approve()
        self.assertRecordValues(as_leader, [{"state": "approved", "decided_by_id": self.user_leader.id,
                                             "decision_date": date(2026, 3, 10)}])
        with self.assertRaises(UserError):
            as_leader.action_reject()
        with self.assertRaises(UserError):
            as_leader.proposal = "Something milder."

    def test_states_change_only_through_the_buttons(self):
        # The form shows the state read-only; JSON-RPC writes what the ORM lets it write.
        proposal = self.propose()
        for user in (self.user_staff, self.user_leader):
            with self.assertRaises(UserError, msg=user.login):
                proposal.with_user(user).write({"state": "approved"})
        with self.assertRaises(UserError):
            self.env["xinfang.accountability"].with_user(self.user_staff).create({
                "employee_id": self.handler.id, "unit_id": self.unit_land.id, "facts": "<p>x</p>",
                "proposal": "x", "state": "approved"})
        self.assertEqual(proposal.state, "proposed")
        order = self.env["xinfang.supervision.order"].with_user(self.user_leader).create({
            "title": "Check", "kind": "focused", "department_ids": [(6, 0, self.unit_land.ids)],
            "findings": "<p>Overdue.</p>", "deadline": "2026-03-20"})
        with self.assertRaises(UserError):
            order.with_user(self.user_leader).write({"state": "closed", "closed_date": "2026-03-10"})
        order.with_user(self.user_leader).action_issue()
        self.assertEqual(order.state, "issued")

    def test_discipline_inspection_proposes(self):
        proposal = self.propose(self.user_jijian)
        proposal.with_user(self.user_leader).action_decide("rejected", "Facts not established.")
        self.assertEqual(proposal.state, "rejected")
