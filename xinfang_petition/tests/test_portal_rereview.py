from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .test_portal import XinfangPortalCase


@tagged("post_install", "-at_install")
class TestPortalReReview(XinfangPortalCase):
    """The petitioner requests a re-review (复核) of the review decision online, under the office's rules."""

    def reviewed(self, **vals):
        """A petition of Portal A's petitioner, replied, reviewed at the office's request and decided."""
        petition = self.replied(**vals)
        staff = petition.with_user(self.user_staff)
        staff.action_request_review()
        staff.action_decide_review("The handling opinion stands.")
        return petition

    def post(self, petition, csrf=True, **data):
        if csrf:
            data["csrf_token"] = self.csrf()
        return self.url_open(f"/my/petitions/{petition.id if hasattr(petition, 'id') else petition}/re-review",
                             data=data, allow_redirects=False)

    def test_request_accepted_as_the_office_would_record_it(self):
        petition = self.reviewed()
        by_office = self.reviewed(subject="Recorded at the counter")
        self.assertEqual((petition.state, bool(petition.review_date)), ("closed", True))
        self.authenticate("xf_portal_a", "xf_portal_a")
        page = self.url_open(f"/my/petitions/{petition.id}")
        self.assertIn("o_xf_re_review_form", page.text)
        self.assertNotIn("o_xf_review_form", page.text, "the review was decided: a re-review now")

        response = self.post(petition)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_xf_message", response.text)
        self.assertNotIn("o_xf_re_review_form", response.text, "requested once")
        by_office.with_user(self.user_staff).action_request_re_review()
        for field in ("state", "re_review_request_date", "re_review_deadline", "current_deadline"):
            self.assertEqual(petition[field], by_office[field], field)
        self.assertEqual(petition.state, "re_review")
        self.assertEqual(petition.re_review_request_date, petition._today())
        self.assertTrue(petition.message_ids.filtered(lambda m: "Re-review requested online" in str(m.body)))
        # twice: refused with the reason, nothing changes
        again = self.post(petition)
        self.assertEqual(again.status_code, 400)
        self.assertIn("o_xf_error", again.text)
        self.assertEqual(petition.state, "re_review")

    def test_refused_before_a_review_decision(self):
        replied = self.replied()
        in_review = self.replied(subject="Under review")
        in_review.with_user(self.user_staff).action_request_review()
        self.authenticate("xf_portal_a", "xf_portal_a")
        for petition, state in ((replied, "replied"), (in_review, "review")):
            with self.subTest(state=state):
                page = self.url_open(f"/my/petitions/{petition.id}")
                self.assertNotIn("o_xf_re_review_form", page.text)
                response = self.post(petition)
                self.assertEqual(response.status_code, 400)
                self.assertIn("o_xf_error", response.text)
                self.assertEqual(petition.state, state)
                self.assertFalse(petition.re_review_request_date)
        # closed without a review: the office's rule says why
        with self.assertRaisesRegex(UserError, "follows a review decision"):
            self.closed_without_review().with_user(self.portal_a).action_portal_request_re_review()

    def closed_without_review(self):
        petition = self.replied(subject="Closed at once")
        staff = petition.with_user(self.user_staff)
        staff.action_follow_up("satisfied", "Satisfied.")
        staff.action_close("Compensation paid.")
        return petition

    def test_refused_after_the_deadline(self):
        with freeze_time(fields.Date.today() - timedelta(days=60)):
            late = self.reviewed(subject="Old matter")
            # the window runs from the receipt of the review decision, recorded by the office when served
            late.with_user(self.user_staff).action_record_review_receipt(None, "post", "XA0002")
        self.assertLess(late.re_review_request_deadline, late._today())
        self.authenticate("xf_portal_a", "xf_portal_a")
        page = self.url_open(f"/my/petitions/{late.id}")
        self.assertNotIn("o_xf_re_review_form", page.text, "no re-review button after the 30-day window")
        response = self.post(late)
        self.assertEqual(response.status_code, 400)
        self.assertIn("re-review request is late", response.text)
        self.assertEqual(late.state, "closed")
        self.assertFalse(late.re_review_request_date)

    def test_inside_the_window_after_receipt(self):
        with freeze_time(fields.Date.today() - timedelta(days=20)):
            petition = self.reviewed()
            petition.with_user(self.user_staff).action_record_review_receipt(None, "in_person", "Zhang San")
        self.authenticate("xf_portal_a", "xf_portal_a")
        page = self.url_open(f"/my/petitions/{petition.id}")
        self.assertIn("o_xf_re_review_form", page.text)
        self.assertEqual(self.post(petition).status_code, 200)
        self.assertEqual(petition.state, "re_review")

    def test_refused_for_another_petitioners_case(self):
        petition = self.reviewed()
        for login in ("xf_portal_b", None):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.post(petition)
                # signed out: sent to the login page; another portal user: not found, as for a missing id
                self.assertEqual(response.status_code, 303 if login is None else 404)
                self.assertEqual(petition.state, "closed")
                self.assertFalse(petition.re_review_request_date)
        token = petition._portal_ensure_token()
        self.authenticate(None, None)
        page = self.url_open(f"/my/petitions/{petition.id}?access_token={token}")
        self.assertNotIn("o_xf_re_review_form", page.text, "a token holder reads, only the petitioner acts")
        # the model method checks the caller too (it is reachable by RPC)
        for user in (self.portal_b, self.user_staff):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                petition.with_user(user).action_portal_request_re_review()
        self.assertEqual(petition.state, "closed")

    def test_refused_without_csrf_and_junk(self):
        petition = self.reviewed()
        self.authenticate("xf_portal_a", "xf_portal_a")
        with mute_logger("odoo.http"):
            self.assertEqual(self.post(petition, csrf=False, note="no token").status_code, 400)
            self.assertEqual(self.post(petition, csrf=False, csrf_token="forged").status_code, 400)
        self.assertEqual(petition.state, "closed")
        self.assertEqual(self.url_open(f"/my/petitions/{petition.id}/re-review").status_code, 405, "POST only")
        for junk in ("abc", "-1", "0", "99999999999999999999999999", f"{petition.id}.5"):
            with self.subTest(junk=junk):
                self.assertEqual(self.post(junk).status_code, 404)
        # extra fields (a back-dated request) are ignored: the request is made today
        response = self.post(petition, request_date="2020-01-01", re_review_request_date="2020-01-01")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(petition.re_review_request_date, petition._today())
