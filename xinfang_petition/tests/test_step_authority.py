"""Who may take each step, called as the web client's JSON-RPC calls it: the model method itself."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import XinfangCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestPetitionStepAuthority(XinfangCase):
    def as_(self, user, record):
        return record.with_user(user)

    def assertRefused(self, user, record, method, *args):
        with self.assertRaises(AccessError) as refused:
            getattr(record.with_user(user), method)(*args)
        return str(refused.exception)

    # --- registering and accepting ---------------------------------------------------------------
    def test_mediator_registers_in_the_own_village_only(self):
        own = self.new_petition()
        other = self.new_petition(village_id=self.village_b.id, petitioner_id=self.petitioner_b.id)
        self.as_(self.user_mediator, own).action_register()
        self.assertEqual(own.state, "to_accept")
        # the mediator of East Village does not register West Village's petition (even one the office
        # registered itself: the rule hides it, and the step refuses it)
        self.assertRefused(self.user_mediator, other.sudo(), "action_register")
        self.assertEqual(other.state, "draft")

    def test_only_the_office_accepts(self):
        for user in (self.user_mediator, self.user_handler, self.user_finance):
            petition = self.registered()
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    petition.with_user(user).action_accept()
                self.assertEqual(petition.state, "to_accept")
        petition = self.registered()
        self.as_(self.user_staff, petition).action_accept()
        self.assertEqual(petition.state, "accepted")

    def test_mediator_cannot_accept_a_petition_of_the_own_village(self):
        petition = self.registered()
        message = self.assertRefused(self.user_mediator, petition, "action_accept")
        self.assertEqual(petition.state, "to_accept")
        # the refusal names the step and the role it needs
        self.assertIn("Accept", message)
        self.assertIn("Petition Office Staff", message)

    def test_only_the_office_rejects_and_redirects(self):
        petition = self.registered()
        self.assertRefused(self.user_handler, petition, "action_reject", "Not ours")
        self.assertRefused(self.user_mediator, petition, "action_redirect", "litigation", "A court matter")
        self.as_(self.user_staff, petition).action_redirect("litigation", "A court matter")
        self.assertEqual(petition.state, "redirected")

    def test_only_the_office_assigns(self):
        petition = self.accepted()
        with self.assertRaises(AccessError):
            self.env["xinfang.assignment"].with_user(self.user_handler).create({
                "petition_id": petition.id, "lead_unit_id": self.unit_land.id, "handler_id": self.handler.id})
        self.assign(petition)
        self.assertEqual(petition.state, "handling")

    # --- handling --------------------------------------------------------------------------------
    def test_the_lead_units_handler_replies_another_unit_does_not(self):
        petition = self.handling()
        self.assertRefused(self.user_handler_social, petition.sudo(), "action_reply", "support", "<p>Yes</p>")
        self.assertRefused(self.user_mediator, petition, "action_reply", "support", "<p>Yes</p>")
        self.as_(self.user_handler, petition).action_reply("support", "<p>Compensation will be paid.</p>")
        self.assertEqual(petition.state, "replied")

    def test_the_office_may_reply_for_a_unit(self):
        petition = self.handling()
        self.as_(self.user_staff, petition).action_reply("explain", "<p>Explained in person.</p>")
        self.assertEqual(petition.state, "replied")

    def test_the_handling_unit_never_records_satisfaction_nor_closes(self):
        petition = self.replied()
        self.assertRefused(self.user_handler, petition, "action_follow_up", "satisfied", "Happy")
        self.assertRefused(self.user_handler, petition, "action_record_follow_up", "satisfied", "Happy")
        self.assertFalse(petition.satisfaction)
        self.as_(self.user_staff, petition).action_follow_up("satisfied", "Paid in full")
        self.assertRefused(self.user_handler, petition, "action_close", "Compensation paid")
        self.assertEqual(petition.state, "replied")

    def test_the_villages_mediator_follows_up_and_closes(self):
        petition = self.replied()
        self.as_(self.user_mediator, petition).action_follow_up("basic", "Visited at home")
        self.as_(self.user_mediator, petition).action_close("Compensation paid")
        self.assertEqual((petition.satisfaction, petition.state), ("basic", "closed"))

    def test_another_villages_mediator_does_not_follow_up(self):
        other_village_mediator = self._user("xf_mediator_b", "mediator", unit=self.village_b, village=self.village_b)
        petition = self.replied()
        self.assertRefused(other_village_mediator, petition.sudo(), "action_follow_up", "satisfied", "")
        self.assertFalse(petition.satisfaction)

    def test_reviews_are_the_offices(self):
        petition = self.replied()
        self.assertRefused(self.user_handler, petition, "action_request_review")
        self.assertRefused(self.user_mediator, petition, "action_request_review")
        self.as_(self.user_staff, petition).action_request_review()
        self.assertRefused(self.user_handler, petition, "action_decide_review", "Upheld")
        self.as_(self.user_staff, petition).action_decide_review("Upheld")
        self.assertEqual(petition.state, "closed")

    def test_a_step_wizard_for_a_refused_step_does_not_open(self):
        petition = self.replied()
        with self.assertRaises(AccessError):
            petition.with_user(self.user_handler).with_context(xinfang_step="close").action_open_step_wizard()
        action = petition.with_user(self.user_staff).with_context(xinfang_step="close").action_open_step_wizard()
        self.assertEqual(action["res_model"], "xinfang.petition.step")


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestAssignmentAndExtensionStepAuthority(XinfangCase):
    def test_only_the_office_confirms_and_cancels_a_slip(self):
        petition = self.accepted()
        slip = self.env["xinfang.assignment"].with_user(self.user_staff).create({
            "petition_id": petition.id, "lead_unit_id": self.unit_land.id, "handler_id": self.handler.id})
        with self.assertRaises(AccessError):
            slip.with_user(self.user_handler).action_confirm()
        with self.assertRaises(AccessError):
            slip.with_user(self.user_handler).action_cancel()
        self.assertEqual(slip.state, "draft")
        slip.with_user(self.user_staff).action_confirm()
        self.assertEqual(slip.state, "confirmed")

    def test_the_addressed_unit_reports_back(self):
        petition = self.handling()
        slip = petition.assignment_ids
        with self.assertRaises(AccessError):
            slip.with_user(self.user_handler_social).sudo(False).action_feedback("<p>Not ours</p>")
        with self.assertRaises(AccessError):
            slip.with_user(self.user_mediator).action_feedback("<p>Done</p>")
        slip.with_user(self.user_handler).action_feedback("<p>Surveyed the plot.</p>")
        self.assertTrue(slip.feedback_date)

    def test_the_lead_unit_requests_an_extension_another_unit_does_not(self):
        petition = self.handling()
        Extension = self.env["xinfang.extension"]
        with self.assertRaises(AccessError):
            Extension.with_user(self.user_handler_social).create(
                {"petition_id": petition.id, "days": 20, "reason": "Survey"})
        with self.assertRaises(AccessError):
            Extension.with_user(self.user_mediator).create({"petition_id": petition.id, "days": 20, "reason": "Survey"})
        extension = Extension.with_user(self.user_handler).create(
            {"petition_id": petition.id, "days": 20, "reason": "Survey of the plot"})
        # the handler cannot apply the extension: a leader's approval (tier review) applies it
        with self.assertRaises(AccessError):
            extension.with_user(self.user_handler).action_approve()
        self.assertEqual((extension.state, petition.extension_days), ("draft", 0))

    def test_a_simplified_petition_is_switched_before_it_is_extended(self):
        petition = self.handling(simplified=True)
        short_deadline = petition.handling_deadline
        with self.assertRaises(AccessError):
            petition.with_user(self.user_handler).action_switch_to_normal_procedure()
        with self.assertRaises(UserError):
            self.env["xinfang.extension"].with_user(self.user_staff).create(
                {"petition_id": petition.id, "days": 20, "reason": "Survey"})
        petition.with_user(self.user_staff).action_switch_to_normal_procedure()
        self.assertFalse(petition.simplified)
        self.assertGreater(petition.handling_deadline, short_deadline)
        self.assertIn("normal procedure", petition.message_ids[:1].body)
        self.env["xinfang.extension"].with_user(self.user_staff).create(
            {"petition_id": petition.id, "days": 20, "reason": "Survey"})


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestStepRecordedFields(XinfangCase):
    def test_dates_the_petitioner_is_told_are_written_by_the_steps_only(self):
        petition = self.handling()
        self.assertTrue(petition.forward_date)
        for fname, value in (("forward_date", "2026-01-01"), ("decision_date", "2026-01-01"),
                             ("accept_date", "2026-01-01"), ("handling_deadline", "2027-01-01")):
            with self.subTest(field=fname), self.assertRaises(UserError):
                petition.with_user(self.user_staff).write({fname: value})
        rejected = self.registered()
        rejected.with_user(self.user_staff).action_reject("Not a petition matter")
        self.assertEqual(str(rejected.decision_date), "2026-03-02")

    def test_the_day_of_receipt_is_fixed_once_registered(self):
        draft = self.new_petition()
        draft.with_user(self.user_staff).write({"registration_date": "2026-02-27"})
        self.assertEqual(str(draft.registration_date), "2026-02-27")
        draft.with_user(self.user_staff).action_register()
        with self.assertRaises(UserError):
            draft.with_user(self.user_staff).write({"registration_date": "2026-03-01"})
        # writing the same value (a form saving unchanged fields) is no change
        draft.with_user(self.user_staff).write({"registration_date": "2026-02-27"})
        accepted = self.accepted()
        with self.assertRaises(UserError):
            accepted.with_user(self.user_staff).write({"simplified": True})

    def test_only_the_office_changes_the_nature_or_the_accused(self):
        accusation = self.handling(nature="accusation", accused_unit_id=self.unit_social.id)
        for vals in ({"accused_unit_id": False}, {"nature": "appeal"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                accusation.with_user(self.user_handler).write(vals)
        accusation.with_user(self.user_staff).write({"accused_unit_id": self.village_b.id})
        self.assertEqual(accusation.accused_unit_id, self.village_b)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestCoHandlingUnitAndStepArguments(XinfangCase):
    """A co-handling unit reads the case (record rules let it) but the lead unit's steps stay the lead
    unit's: the refusal comes from the step, not from a record it cannot read."""

    def co_handled(self):
        petition = self.accepted()
        self.assign(petition, co_unit_ids=[(6, 0, self.unit_social.ids)])
        return petition

    def test_a_co_handling_unit_reads_but_does_not_reply_nor_report_back(self):
        petition = self.co_handled()
        slip = petition.assignment_ids
        self.assertTrue(petition.with_user(self.user_handler_social).read(["subject"]))
        self.assertTrue(slip.with_user(self.user_handler_social).read(["name"]))
        with self.assertRaises(AccessError):
            petition.with_user(self.user_handler_social).action_reply("support", "<p>Yes</p>")
        with self.assertRaises(AccessError):
            slip.with_user(self.user_handler_social).action_feedback("<p>Done by us</p>")
        with self.assertRaises(AccessError):
            self.env["xinfang.extension"].with_user(self.user_handler_social).create(
                {"petition_id": petition.id, "days": 10, "reason": "Survey"})
        self.assertEqual((petition.state, slip.feedback_date), ("handling", False))

    def test_one_extension_waits_at_a_time_and_is_notified_once_approved(self):
        petition = self.handling()
        Extension = self.env["xinfang.extension"].with_user(self.user_handler)
        extension = Extension.create({"petition_id": petition.id, "days": 20, "reason": "Survey of the plot"})
        with self.assertRaises(UserError):
            Extension.create({"petition_id": petition.id, "days": 10, "reason": "Another survey"})
        with self.assertRaises(UserError):
            extension.action_mark_notified()
        self.assertFalse(extension.petitioner_notified)

    def test_a_report_back_needs_a_slip_being_handled(self):
        petition = self.replied()
        slip = petition.assignment_ids
        self.assertEqual(slip.state, "done")
        with self.assertRaises(UserError):
            slip.with_user(self.user_handler).action_feedback("<p>Late feedback</p>")
        with self.assertRaises(UserError):
            slip.with_user(self.user_handler).action_feedback(42)

    def test_step_arguments_of_the_wrong_type_are_refused(self):
        petition = self.handling()
        for args in (("support", 42), ("maybe", "<p>Yes</p>"), ("support", "<p>Yes</p>", "not a date")):
            with self.subTest(args=args), self.assertRaises(UserError):
                petition.with_user(self.user_handler).action_reply(*args)
        self.assertEqual(petition.state, "handling")
