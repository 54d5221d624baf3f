from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time

from .common_leader import LeaderCase


@freeze_time("2026-03-02")
class TestLeaderCase(LeaderCase):
    """领导包案: four duties, approval by the principal leader, closing rule, major petitions."""

    def test_four_duties_created_with_the_case(self):
        case = self.new_case(self.registered())
        self.assertEqual(case.duty_ids.mapped("duty"), ["investigate", "resolve", "follow_up", "keep_stable"])
        self.assertEqual(case.state, "draft")
        self.assertEqual(case.approver_user_id, self.user_leader, "the principal leader approves")

    def test_case_form(self):
        petition = self.registered()
        with Form(self.Case.with_user(self.user_deputy)) as form:
            form.leader_id = self.deputy
            form.petition_ids.add(petition)
        case = form.record
        self.assertEqual(len(case.duty_ids), 4)
        self.assertEqual(petition.leader_case_ids, case)
        with Form(case.with_user(self.user_deputy)) as form, form.duty_ids.edit(0) as duty:
            duty.note = "Plan agreed with the village committee"
        self.assertEqual(case.duty_ids[0].note, "Plan agreed with the village committee")

    def test_only_a_leader_can_own_a_case(self):
        with self.raises(ValidationError, "not a township leader"):
            self.new_case(self.registered(), leader=self.handler)
        with self.raises(ValidationError, "not a township leader"):
            self.new_case(self.registered(), leader=self.staff_employee)
        self.assertTrue(self.new_case(self.registered(), leader=self.principal))

    def test_principal_leader_approval_required(self):
        case = self.new_case(self.registered())
        case.action_submit()
        self.assertEqual(case.state, "to_approve")
        self.assertRegex(case.name, r"^BA2026-\d{4}$")
        self.assertEqual(case.validation_status, "pending")
        # the deputy who owns the case cannot approve it, nor can another deputy or office staff
        for user in (self.user_deputy, self.user_deputy2):
            self.assertFalse(case.with_user(user).can_review)
            with self.assertRaisesRegex(UserError, "Only the principal leader"):
                case.with_user(user).validate_tier()
        with self.assertRaisesRegex(UserError, "Only the principal leader"):
            case.with_user(self.user_staff).validate_tier()
        with self.assertRaisesRegex(UserError, "approve the case first"):
            case.action_start()
        self.assertEqual(case.state, "to_approve")
        self.assertTrue(case.with_user(self.user_leader).can_review)
        case.with_user(self.user_leader).validate_tier()
        self.assertEqual(case.validation_status, "validated")
        self.assertEqual(case.state, "in_progress")

    def test_rejected_case_goes_back_to_draft_and_resubmits(self):
        case = self.new_case(self.registered())
        case.action_submit()
        case.with_user(self.user_leader).reject_tier()
        self.assertEqual(case.validation_status, "rejected")
        case.with_user(self.user_deputy).action_draft()
        self.assertEqual((case.state, case.validation_status), ("draft", "no"))
        case.with_user(self.user_deputy).action_submit()
        self.assertEqual(case.validation_status, "pending")

    def test_submit_needs_a_principal_leader(self):
        self.principal.xinfang_role = "deputy_leader"
        case = self.new_case(self.registered())
        with self.assertRaisesRegex(UserError, "No principal leader"):
            case.action_submit()

    def test_case_closes_only_when_all_four_duties_are_done(self):
        case = self.new_case(self.registered())
        duty = case.duty_ids[0].with_user(self.user_deputy)
        with self.assertRaisesRegex(UserError, "approved and in progress"):
            duty.done = True
        case.action_submit()
        case.with_user(self.user_leader).validate_tier()
        duties = case.with_user(self.user_deputy).duty_ids
        duties[:3].write({"done": True, "note": "Done"})
        self.assertEqual(case.duties_done, 3)
        self.assertTrue(all(duties[:3].mapped("date")), "marking a duty done records the day")
        with self.assertRaisesRegex(UserError, "all four duties.*Keep Stable"):
            case.with_user(self.user_deputy).action_done()
        self.assertEqual(case.state, "in_progress")
        duties[3].action_mark_done()
        case.with_user(self.user_deputy).action_done()
        self.assertEqual(case.state, "done")
        self.assertEqual(str(case.date_done), "2026-03-02")
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            duties[0].note = "changed afterwards"

    def test_case_state_changes_only_through_the_buttons(self):
        # Done without the four duties over JSON-RPC: refused, as the button refuses it.
        case = self.new_case(self.registered())
        case.action_submit()
        case.with_user(self.user_leader).validate_tier()
        self.assertEqual(case.state, "in_progress")
        for user in (self.user_deputy, self.user_leader):
            with self.assertRaises(UserError, msg=user.login):
                case.with_user(user).write({"state": "done", "date_done": "2026-03-02"})
        self.assertEqual(case.state, "in_progress")

    def test_duty_evidence_attachments(self):
        case = self.approved_case(self.registered())
        attachment = self.env["ir.attachment"].with_user(self.user_deputy).create(
            {"name": "minutes.txt", "raw": b"visit minutes"})
        duty = case.duty_ids.filtered(lambda d: d.duty == "investigate").with_user(self.user_deputy)
        duty.write({"attachment_ids": [(4, attachment.id)], "note": "Visited the plot", "done": True})
        self.assertEqual(duty.attachment_ids, attachment)

    def test_submitted_case_is_kept(self):
        draft = self.new_case(self.registered())
        draft.with_user(self.user_deputy).unlink()
        case = self.new_case(self.registered())
        case.action_submit()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            case.with_user(self.user_deputy).unlink()
        case.with_user(self.user_deputy).action_cancel()
        case.with_user(self.user_deputy).action_archive()
        self.assertFalse(case.active)

    # --- major petitions ------------------------------------------------------------------------
    def _major_assignment(self):
        petition = self.accepted(is_major=True)
        assignment = self.env["xinfang.assignment"].with_user(self.user_staff).create({
            "petition_id": petition.id, "lead_unit_id": self.unit_land.id, "handler_id": self.handler.id,
        })
        return petition, assignment

    def test_major_petition_assignment_refused_without_leader_case(self):
        petition, assignment = self._major_assignment()
        with self.assertRaisesRegex(UserError, "major: a leader has to take it on"):
            assignment.action_confirm()
        self.assertEqual(assignment.validation_status, "no", "no approval is requested either")
        # a cancelled case does not count
        case = self.new_case(petition)
        case.action_cancel()
        with self.assertRaisesRegex(UserError, "major"):
            assignment.action_confirm()
        self.assertEqual(petition.state, "accepted")

    def test_major_petition_assignment_allowed_with_leader_case(self):
        petition, assignment = self._major_assignment()
        self.new_case(petition)
        self.assertEqual(petition.with_user(self.user_staff).leader_case_count, 1)
        assignment.action_confirm()
        self.assertEqual(assignment.validation_status, "pending", "a leader still approves the assignment")
        assignment.with_user(self.user_leader).validate_tier()
        self.assertEqual(assignment.state, "confirmed")
        self.assertEqual(petition.state, "handling")

    def test_ordinary_petition_assignment_needs_no_leader_case(self):
        petition = self.handling()
        self.assertEqual(petition.state, "handling")

    # --- access -----------------------------------------------------------------------------------
    def test_staff_reads_but_does_not_create_or_change_cases(self):
        case = self.new_case(self.registered())
        self.assertEqual(case.with_user(self.user_staff).leader_id, self.deputy)
        with self.assertRaises(AccessError):
            self.new_case(self.registered(), user=self.user_staff)
        with self.assertRaises(AccessError):
            case.with_user(self.user_staff).action_submit()
        with self.assertRaises(AccessError):
            case.duty_ids[0].with_user(self.user_staff).note = "x"

    def test_handler_sees_only_cases_of_the_own_unit(self):
        own = self.handling()
        other = self.accepted()
        self.assign(other, handler=self.handler_social)
        case_own = self.new_case(own)
        case_other = self.new_case(other)
        Case = self.Case.with_user(self.user_handler)
        self.assertEqual(Case.search([("id", "in", (case_own | case_other).ids)]), case_own)
        with self.assertRaises(AccessError):
            case_other.with_user(self.user_handler).read(["leader_id"])
        self.assertEqual(
            self.env["xinfang.leader.case.duty"].with_user(self.user_handler).search_count(
                [("case_id", "in", (case_own | case_other).ids)]), 4)
        self.assertEqual(Case.with_user(self.user_handler_social).search([("id", "=", case_own.id)]), Case)
        # mediators and finance have no access to leader cases at all
        for user in (self.user_mediator, self.user_finance):
            with self.assertRaises(AccessError):
                self.Case.with_user(user).search([])
