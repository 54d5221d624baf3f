"""The leaders' inbox (待我审批) and the readable names of extensions and assignments."""

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import GROUP, XinfangCase
from .common_major import assign_major


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestApprovalInbox(XinfangCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_leader_b = new_test_user(cls.env, login="xf_leader_b", groups=f"{GROUP}leader",
                                          name="Second Leader")
        # extensions of 15 days or more go to the first leader, shorter ones to the second; major
        # assignments stay with the leader group (both)
        cls.tier_long = cls.env.ref("xinfang_petition.tier_extension")
        cls.tier_long.write({"review_type": "individual", "reviewer_id": cls.user_leader.id, "reviewer_group_id": False,
                             "definition_domain": "[('days', '>=', 15)]"})
        cls.tier_short = cls.env["tier.definition"].create({
            "name": "Short extension: second leader",
            "model_id": cls.env["ir.model"]._get_id("xinfang.extension"),
            "review_type": "individual",
            "reviewer_id": cls.user_leader_b.id,
            "definition_domain": "[('days', '<', 15)]",
        })

    def _extension(self, days, **petition_vals):
        petition = self.handling(**petition_vals)
        extension = self.env["xinfang.extension"].with_user(self.user_staff).create(
            {"petition_id": petition.id, "days": days, "reason": "Land survey needed"})
        extension.action_request()
        return extension

    def _major_assignment(self):
        petition = self.accepted(is_major=True, subject="Demolition without compensation")
        assignment = assign_major(self, petition, handler=self.handler_social)
        self.assertEqual(assignment.validation_status, "pending")
        return assignment

    def _inbox(self, user):
        return self.env["xinfang.approval"].with_user(user).search([])

    def test_each_leader_sees_exactly_what_waits_for_them(self):
        long_ext = self._extension(30)
        short_ext = self._extension(10)
        assignment = self._major_assignment()

        inbox_a = self._inbox(self.user_leader)
        inbox_b = self._inbox(self.user_leader_b)
        self.assertEqual(inbox_a.extension_id, long_ext)
        self.assertEqual(inbox_b.extension_id, short_ext)
        self.assertEqual(inbox_a.assignment_id, assignment, "a group review waits for every leader")
        self.assertEqual(inbox_b.assignment_id, assignment)
        self.assertEqual(len(inbox_a), 2)
        self.assertEqual(len(inbox_b), 2)
        # another leader's row can be neither searched nor read
        other = inbox_b.filtered(lambda row: row.extension_id == short_ext)
        self.assertFalse(self.env["xinfang.approval"].with_user(self.user_leader).search([("id", "=", other.id)]))
        with self.assertRaises(AccessError):
            other.with_user(self.user_leader).read(["subject"])
        # the office staff who asked has no inbox; neither have handlers
        for user in (self.user_staff, self.user_handler):
            with self.assertRaises(AccessError):
                self._inbox(user)

    def test_row_shows_number_subject_unit_kind_days_and_requester(self):
        extension = self._extension(30, subject="Road repair after flooding")
        assignment = self._major_assignment()
        rows = self._inbox(self.user_leader)
        ext_row = rows.filtered(lambda row: row.kind == "extension")
        self.assertRecordValues(ext_row, [{
            "petition_id": extension.petition_id.id,
            "petition_number": extension.petition_id.name,
            "subject": "Road repair after flooding",
            "unit_id": self.unit_land.id,
            "days": 30,
            "requested_by_id": self.user_staff.id,
        }])
        self.assertRegex(ext_row.petition_number, r"^XF\d{4}-\d+$")
        self.assertTrue(ext_row.request_date)
        asg_row = rows.filtered(lambda row: row.kind == "assignment")
        self.assertRecordValues(asg_row, [{
            "petition_id": assignment.petition_id.id,
            "subject": "Demolition without compensation",
            "unit_id": self.unit_social.id,
            "days": 0,
            "due_date": assignment.due_date,
        }])

    def test_row_opens_the_document_to_approve(self):
        extension = self._extension(30)
        row = self._inbox(self.user_leader)
        action = row.action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("xinfang.extension", extension.id))
        # list rows call that method instead of opening the inbox's own form
        arch = self.env["xinfang.approval"].with_user(self.user_leader).get_view(view_type="list")["arch"]
        self.assertIn('action="action_open_document"', arch)

    def test_approved_rejected_and_cancelled_requests_leave_the_inbox(self):
        approved = self._extension(30)
        rejected = self._extension(20)
        cancelled = self._extension(25)
        self.assertEqual(self._inbox(self.user_leader).extension_id, approved | rejected | cancelled)
        approved.with_user(self.user_leader).validate_tier()
        self.assertEqual(approved.state, "approved")
        rejected.with_user(self.user_leader).reject_tier()
        cancelled.with_user(self.user_staff).action_cancel()
        self.assertFalse(self._inbox(self.user_leader))

    def test_menu_is_the_leaders(self):
        def visible(user):
            menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            return self.env.ref("xinfang_petition.menu_xinfang_approval").id in menus
        self.assertTrue(visible(self.user_leader))
        self.assertFalse(visible(self.user_staff))
        self.assertFalse(visible(self.user_handler))


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestReadableNames(XinfangCase):
    def test_extension_and_assignment_names(self):
        petition = self.handling()
        extension = self.env["xinfang.extension"].with_user(self.user_staff).create(
            {"petition_id": petition.id, "days": 30, "reason": "Land survey needed"})
        self.assertEqual(extension.display_name, f"Extension of {petition.name}: 30 days")
        self.assertNotIn("xinfang.extension,", extension.display_name)
        assignment = petition.assignment_ids
        self.assertEqual(assignment.display_name,
                         f"Assignment {assignment.name} of {petition.name} to {self.unit_land.name}")
        draft = self.env["xinfang.assignment"].new({"petition_id": self.accepted().id,
                                                    "lead_unit_id": self.unit_social.id})
        self.assertEqual(draft.display_name,
                         f"Assignment of {draft.petition_id.name} to {self.unit_social.name}")
        # still found by the slip number
        self.assertEqual(self.env["xinfang.assignment"].search([("display_name", "ilike", assignment.name)]),
                         assignment)
