"""No hard delete: registered petitions, assignments, extensions, replies and case history stay on record
for every group (archive instead); a draft is discarded by its creator only.
"""

from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

REFUSED = UserError  # AccessError is a UserError


@tagged("post_install", "-at_install")
class TestNoHardDelete(XinfangCase):
    def setUp(self):
        super().setUp()
        self.petition = self.replied()
        self.assignment = self.petition.assignment_ids
        extended = self.handling(petitioner_id=self.petitioner_b.id)
        self.extension = self.env["xinfang.extension"].with_user(self.user_staff).create(
            {"petition_id": extended.id, "days": 15, "reason": "Survey"})
        self.extension.action_approve()
        self.extension.with_user(self.user_leader).validate_tier()
        self.petition.message_post(body="Called the petitioner.", message_type="comment",
                                   subtype_xmlid="mail.mt_note")
        self.everyone = {
            "mediator": self.user_mediator, "handler": self.user_handler, "staff": self.user_staff,
            "leader": self.user_leader, "director": self.user_director, "confidential": self.user_jijian,
            "admin": self.env.ref("base.user_admin"),
        }

    def test_registered_petition_cannot_be_deleted_by_anyone(self):
        for role, user in self.everyone.items():
            with self.assertRaises(REFUSED, msg=role):
                self.petition.with_user(user).unlink()
            # nor by first moving it back to draft (state is read-only in the form, not over RPC)
            with self.assertRaises(REFUSED, msg=role):
                self.petition.with_user(user).write({"state": "draft"})
        self.assertTrue(self.petition.exists())
        self.petition.with_user(self.user_staff).action_archive()
        self.assertFalse(self.petition.active, "archiving is the way to put a petition away")

    def test_assignments_and_extensions_are_kept(self):
        self.assertEqual(self.assignment.state, "done")
        self.assertEqual(self.extension.state, "approved")
        for role, user in self.everyone.items():
            with self.assertRaises(REFUSED, msg=role):
                self.assignment.with_user(user).unlink()
            with self.assertRaises(REFUSED, msg=role):
                self.extension.with_user(user).unlink()
        # a slip's state is written by its steps only: staff cannot write it back to draft over RPC
        with self.assertRaises(UserError):
            self.assignment.with_user(self.user_staff).write({"state": "draft"})
        # and a numbered slip that is back in draft anyway (the superuser, an older database) is still kept
        self.assignment.sudo().write({"state": "draft"})
        with self.assertRaises(UserError):
            self.assignment.with_user(self.user_staff).unlink()
        self.assertTrue(self.assignment.exists() and self.extension.exists())

    def test_replies_and_decisions_cannot_be_rewritten_or_cleared(self):
        changes = ({"reply_text": False}, {"reply_text": "<p>Another answer</p>"}, {"reply_outcome": "reject"},
                   {"reply_date": "2026-01-01"}, {"accept_date": False}, {"name": "XF1999-000001"})
        for role, user in self.everyone.items():
            for vals in changes:
                with self.assertRaises(REFUSED, msg=f"{role} {vals}"):
                    self.petition.with_user(user).write(vals)
        self.assertEqual(self.petition.reply_outcome, "support")
        self.assertIn("Compensation will be paid", self.petition.reply_text)
        # the workflow goes on untouched: follow-up and close still write what they own
        self.petition.with_user(self.user_staff).action_record_follow_up("satisfied", "Visited")
        self.petition.with_user(self.user_staff).action_close("Paid")
        self.assertEqual(self.petition.state, "closed")

    def test_case_history_cannot_be_deleted(self):
        messages = self.env["mail.message"].search([("model", "=", "xinfang.petition"),
                                                    ("res_id", "=", self.petition.id)])
        self.assertGreaterEqual(len(messages), 2)
        slip_messages = self.env["mail.message"].search([("model", "=", "xinfang.assignment"),
                                                         ("res_id", "=", self.assignment.id)])
        for role, user in self.everyone.items():
            for message in messages | slip_messages:
                with self.assertRaises(REFUSED, msg=f"{role} message {message.id}"):
                    message.with_user(user).unlink()
        self.assertEqual(len(messages.exists()), len(messages))

    def test_case_notes_cannot_be_emptied(self):
        # The chatter's delete button on a note calls _message_update_content (on the sudo message, as the
        # /mail/message/update_content route does) with an empty body;
        # Odoo allows it to the note's author and to administrators.
        admin = self.env.ref("base.user_admin")
        note = self.petition.with_user(self.user_staff).message_post(
            body="Called the petitioner.", message_type="comment", subtype_xmlid="mail.mt_note")
        slip_note = self.assignment.with_user(self.user_staff).message_post(
            body="Unit phoned back.", message_type="comment", subtype_xmlid="mail.mt_note")
        for user in (self.user_staff, admin):
            with self.assertRaises(REFUSED, msg=user.login):
                self.petition.with_user(user)._message_update_content(note.sudo(), body="")
            with self.assertRaises(REFUSED, msg=user.login):
                self.assignment.with_user(user)._message_update_content(slip_note.sudo(), body="")
        self.assertIn("Called the petitioner.", note.body)
        self.assertIn("Unit phoned back.", slip_note.body)
        # a draft's own notes stay editable by its creator: it is not on record yet
        draft = self.new_petition()
        draft_note = draft.with_user(self.user_staff).message_post(body="Typo", message_type="comment",
                                                                    subtype_xmlid="mail.mt_note")
        draft.with_user(self.user_staff)._message_update_content(draft_note.sudo(), body="Fixed")
        self.assertIn("Fixed", draft_note.body)

    def test_audit_logs_of_cases_cannot_be_deleted(self):
        logs = self.env["auditlog.log"].search([("model_model", "=", "xinfang.petition"),
                                                ("res_id", "=", self.petition.id)])
        self.assertTrue(logs, "the petition's creation and steps are audited")
        with self.assertRaises(REFUSED):
            logs.with_user(self.env.ref("base.user_admin")).unlink()
        with self.assertRaises(REFUSED):
            logs.sudo().unlink()  # auditlog's own clean-up job runs as superuser
        with self.assertRaises(REFUSED):
            logs.line_ids.sudo().unlink()
        self.assertEqual(len(logs.exists()), len(logs))

    def test_draft_is_discarded_by_its_creator_only(self):
        other_staff = new_test_user(self.env, login="xf_staff2", groups="xinfang_petition.group_xinfang_staff")
        draft = self.new_petition()
        draft.message_post(body="Note on a draft", subtype_xmlid="mail.mt_note")
        for user in (other_staff, self.user_leader, self.user_director, self.user_mediator):
            with self.assertRaises(REFUSED, msg=user.login):
                draft.with_user(user).unlink()
        draft.with_user(self.user_staff).unlink()
        self.assertFalse(draft.exists(), "its creator discards it, with its chatter")
        own = self.env["xinfang.petition"].with_user(self.user_mediator).create({
            "subject": "Noise at night", "category_id": self.category.id, "village_id": self.village_a.id,
            "petitioner_id": self.petitioner.id})
        own.unlink()
        self.assertFalse(own.exists())
