from odoo.tests import tagged

from .test_portal import XinfangPortalCase

SUBJECT = "网上信访巡检：征地补偿款未发放"
ACCUSATION = "网上检举巡检：村干部截留补贴"


@tagged("post_install", "-at_install")
class TestPortalTours(XinfangPortalCase):
    """Online petitions in Chromium: filing with an attachment, rating, URL guessing, anonymous accusation."""

    def tour(self, url, name, login=None):
        self.env.flush_all()
        self.start_tour(url, name, login=login)
        self.env.invalidate_all()

    def test_petitioner_files_and_rates_and_another_user_sees_nothing(self):
        self.tour("/my/petitions", "xinfang_portal_file_tour", login="xf_portal_c")
        petition = self.Petition.search([("subject", "=", SUBJECT)])
        self.assertRecordValues(petition, [{
            "channel": "online", "state": "to_accept", "nature": "appeal", "village_id": self.village_a.id,
            "registered_by_id": self.user_staff.id,
        }])
        self.assertEqual(petition.petitioner_id.user_id, self.portal_c)
        self.assertEqual(petition.petitioner_id.id_number, "440306198505051237")
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", petition._name), ("res_id", "=", petition.id)])
        self.assertEqual(attachment.name, "evidence.pdf")
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertEqual(self.count([("subject", "=", SUBJECT)]), 1, "the refused submission created nothing")

        # The office accepts, assigns and answers.
        petition.with_user(self.user_staff).action_accept()
        self.assign(petition)
        petition.with_user(self.user_handler).action_reply("support", "<p>补偿款将于本月发放。</p>")

        self.tour(f"/my/petitions/{petition.id}", "xinfang_portal_rate_tour", login="xf_portal_c")
        self.assertEqual(petition.satisfaction, "satisfied")
        self.assertIn("处理及时", petition.follow_up_note)

        self.tour(f"/my/petitions/{petition.id}", "xinfang_portal_forbidden_tour", login="xf_portal_b")
        self.assertEqual(petition.satisfaction, "satisfied")

    def test_anonymous_accusation_with_query_code(self):
        self.tour("/xinfang/accusation", "xinfang_anonymous_accusation_tour")
        petition = self.Petition.search([("subject", "=", ACCUSATION)])
        self.assertRecordValues(petition, [{"nature": "accusation", "channel": "online", "state": "to_accept"}])
        self.assertFalse(petition.petitioner_id or petition.accuser_id)
        self.assertTrue(petition.query_code_hash)
