import hashlib
from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .common import XinfangCase, resident_id

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


class XinfangPortalCase(XinfangCase, HttpCase):
    """The township of XinfangCase, an intake office user and three portal users (A has a petitioner)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_intake_user(cls.user_staff)
        cls.portal_a = new_test_user(cls.env, login="xf_portal_a", groups="base.group_portal", name="Portal A")
        cls.portal_b = new_test_user(cls.env, login="xf_portal_b", groups="base.group_portal", name="Portal B")
        cls.portal_c = new_test_user(cls.env, login="xf_portal_c", groups="base.group_portal", name="Portal C")
        cls.petitioner.user_id = cls.portal_a
        cls.Petition = cls.env["xinfang.petition"]

    @classmethod
    def set_intake_user(cls, user):
        """Online petitions are received by ``user`` (the intake office's account in the settings)."""
        # sudo(): system parameters are for administrators only; this is the test's own setup
        cls.env["ir.config_parameter"].sudo().set_param("xinfang_petition.online_intake_user_id", str(user.id))

    def url_open(self, *args, **kwargs):
        # The server shares the test cursor but not the ORM cache: flush before, re-read after.
        self.env.flush_all()
        response = super().url_open(*args, **kwargs)
        self.env.invalidate_all()
        return response

    def csrf(self):
        return http.Request.csrf_token(self)

    def petition_form(self, **values):
        data = {
            "csrf_token": self.csrf(),
            "nature": "appeal",
            "category_id": str(self.category.id),
            "village_id": str(self.village_a.id),
            "subject": "Irrigation channel blocked",
            "content": "The channel was filled in by the construction works.",
            "request": "Reopen the channel.",
            "head_count": "1",
            "consent": "1",
        }
        data.update(values)
        return {key: value for key, value in data.items() if value is not None}

    def count(self, domain=None):
        return self.Petition.with_context(active_test=False).search_count(domain or [])


@tagged("post_install", "-at_install")
class TestPortalAccess(XinfangPortalCase):
    """Another user's ids and wrong tokens give 404, never data."""

    def setUp(self):
        super().setUp()
        self.petition_a = self.replied(subject="Land compensation of Zhang San")
        self.petition_b = self.registered(petitioner_id=self.petitioner_b.id, subject="West village road")

    def test_my_petitions_lists_own_only(self):
        self.authenticate("xf_portal_a", "xf_portal_a")
        home = self.url_open("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/petitions"', home.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["xinfang_petition_count"]})
        self.assertEqual(counters["xinfang_petition_count"], 1)
        page = self.url_open("/my/petitions")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.petition_a.subject, page.text)
        self.assertNotIn(self.petition_b.subject, page.text)

        self.authenticate("xf_portal_b", "xf_portal_b")
        page = self.url_open("/my/petitions")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(self.petition_a.subject, page.text)
        self.assertNotIn(self.petition_a.name, page.text)

    def test_own_petition_page_shows_timeline_and_notices(self):
        self.authenticate("xf_portal_a", "xf_portal_a")
        page = self.url_open(f"/my/petitions/{self.petition_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.petition_a.subject, page.text)
        for kind in ("acceptance", "opinion"):
            self.assertIn(f"/my/petitions/{self.petition_a.id}/notice/{kind}", page.text)
        self.assertIn("o_xf_rate_form", page.text)
        self.assertIn("o_xf_review_form", page.text)
        # The handler is never named; the unit the petition was forwarded to is.
        self.assertNotIn(self.handler.name, page.text)
        self.assertIn(self.unit_land.name, page.text)

        notice = self.url_open(f"/my/petitions/{self.petition_a.id}/notice/opinion")
        self.assertEqual(notice.status_code, 200)
        self.assertIn("处理意见书", notice.text)  # tests render the notice as HTML (no wkhtmltopdf run)
        self.assertNotIn(self.petitioner.id_number, notice.text)
        self.assertEqual(self.url_open(f"/my/petitions/{self.petition_a.id}/notice/bogus").status_code, 404)
        # A notice that does not apply yet is not served either.
        self.assertEqual(self.url_open(f"/my/petitions/{self.petition_a.id}/notice/non_acceptance").status_code, 404)

    def test_other_users_petition_by_id_is_not_found(self):
        urls = [
            f"/my/petitions/{self.petition_a.id}",
            f"/my/petitions/{self.petition_a.id}/notice/opinion",
            f"/my/petitions/{self.petition_a.id}/notice/acceptance",
        ]
        for login in ("xf_portal_b", None):
            self.authenticate(login, login)
            for url in urls:
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404, url)
                self.assertNotIn(self.petition_a.subject, response.text)
                self.assertNotIn("处理意见书", response.text)
            # Existing and missing ids answer alike: ids cannot be probed.
            self.assertEqual(self.url_open("/my/petitions/999999999").status_code, 404)

    def test_wrong_token_is_not_found_and_right_token_reads(self):
        token = self.petition_a._portal_ensure_token()
        token_b = self.petition_b._portal_ensure_token()
        self.authenticate(None, None)
        for wrong in ("", "x", token[:-1] + ("0" if token[-1] != "0" else "1"), token_b):
            response = self.url_open(f"/my/petitions/{self.petition_a.id}?access_token={wrong}")
            self.assertEqual(response.status_code, 404, wrong)
            self.assertNotIn(self.petition_a.subject, response.text)
        response = self.url_open(f"/my/petitions/{self.petition_a.id}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.petition_a.subject, response.text)
        # A token holder reads; rating and reviewing are for the signed-in petitioner.
        self.assertNotIn("o_xf_rate_form", response.text)
        notice = self.url_open(f"/my/petitions/{self.petition_a.id}/notice/opinion?access_token={token}")
        self.assertEqual(notice.status_code, 200)

    def test_rating_by_another_user_is_refused(self):
        self.authenticate("xf_portal_b", "xf_portal_b")
        response = self.url_open(f"/my/petitions/{self.petition_a.id}/rate",
                                 data={"csrf_token": self.csrf(), "satisfaction": "dissatisfied"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.petition_a.satisfaction)
        response = self.url_open(f"/my/petitions/{self.petition_a.id}/review", data={"csrf_token": self.csrf()})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.petition_a.state, "replied")
        # The model methods check the caller too (they are reachable by RPC).
        with self.assertRaises(AccessError):
            self.petition_a.with_user(self.portal_b).action_portal_rate("dissatisfied")
        with self.assertRaises(AccessError):
            self.petition_a.with_user(self.portal_b).action_portal_request_review()
        with self.assertRaises(AccessError):
            self.petition_a.with_user(self.user_staff).action_portal_rate("dissatisfied")

    def test_petitioner_rates_once(self):
        self.authenticate("xf_portal_a", "xf_portal_a")
        url = f"/my/petitions/{self.petition_a.id}/rate"
        response = self.url_open(url, data={"csrf_token": self.csrf(), "satisfaction": "basic", "note": "Slow."})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.petition_a.satisfaction, "basic")
        self.assertIn("Slow.", self.petition_a.follow_up_note)
        self.assertEqual(self.petition_a.follow_up_date, self.petition_a._today())
        again = self.url_open(url, data={"csrf_token": self.csrf(), "satisfaction": "satisfied"})
        self.assertEqual(again.status_code, 400)
        self.assertIn("o_xf_error", again.text)
        self.assertEqual(self.petition_a.satisfaction, "basic")
        bogus = self.petition_b  # not replied: nothing to rate
        self.assertEqual(self.url_open(f"/my/petitions/{bogus.id}/rate", data={
            "csrf_token": self.csrf(), "satisfaction": "basic"}).status_code, 404)

    def test_forms_need_csrf(self):
        self.authenticate("xf_portal_a", "xf_portal_a")
        with mute_logger("odoo.http"):
            response = self.url_open(f"/my/petitions/{self.petition_a.id}/rate", data={"satisfaction": "basic"})
            self.assertEqual(response.status_code, 400)
            before = self.count()
            form = self.petition_form()
            form.pop("csrf_token")
            self.assertEqual(self.url_open("/my/petitions/new", data=form).status_code, 400)
        self.assertFalse(self.petition_a.satisfaction)
        self.assertEqual(self.count(), before)

    def test_review_request_inside_window_and_late(self):
        self.authenticate("xf_portal_a", "xf_portal_a")
        response = self.url_open(f"/my/petitions/{self.petition_a.id}/review", data={"csrf_token": self.csrf()})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.petition_a.state, "review")
        self.assertEqual(self.petition_a.review_request_date, self.petition_a._today())

        with freeze_time(fields.Date.today() - timedelta(days=60)):
            late = self.replied(subject="Old matter")
            # the window runs from the receipt of the reply, recorded by the office when it was served
            late.with_user(self.user_staff).action_record_reply_receipt(None, "post", "XA0001")
        page = self.url_open(f"/my/petitions/{late.id}")
        self.assertNotIn("o_xf_review_form", page.text, "no review button after the 30-day window")
        response = self.url_open(f"/my/petitions/{late.id}/review", data={"csrf_token": self.csrf()})
        self.assertEqual(response.status_code, 400)
        self.assertIn("review request is late", response.text)
        self.assertEqual(late.state, "replied")

    def test_office_attachments_stay_hidden(self):
        """Reading one's petition does not open the office's files on it (investigation reports...)."""
        internal = self.env["ir.attachment"].with_user(self.user_staff).create({
            "name": "investigation.pdf", "raw": PDF, "res_model": "xinfang.petition", "res_id": self.petition_a.id,
        })
        own = self.env["ir.attachment"].with_user(self.portal_a).sudo().create({
            "name": "my-evidence.pdf", "raw": PDF, "res_model": "xinfang.petition", "res_id": self.petition_a.id,
        })
        self.authenticate("xf_portal_a", "xf_portal_a")
        page = self.url_open(f"/my/petitions/{self.petition_a.id}")
        self.assertIn("my-evidence.pdf", page.text)
        self.assertNotIn("investigation.pdf", page.text)
        self.assertTrue(own.access_token, "the own upload is listed with a download token")
        self.assertEqual(self.url_open(f"/web/content/{own.id}?access_token={own.access_token}").status_code, 200)
        self.assertIn(self.url_open(f"/web/content/{internal.id}").status_code, (403, 404))
        self.assertFalse(internal.access_token)
        self.authenticate("xf_portal_b", "xf_portal_b")
        self.assertIn(self.url_open(f"/web/content/{own.id}").status_code, (403, 404))


@tagged("post_install", "-at_install")
class TestPortalFiling(XinfangPortalCase):
    """A portal user files a petition: checks on every input, nothing created on refusal."""

    def post(self, data, files=None, status=None):
        response = self.url_open("/my/petitions/new", data=data, files=files, allow_redirects=False)
        if status:
            self.assertEqual(response.status_code, status, response.text[:2000])
        return response

    def test_new_petitioner_files_with_attachment(self):
        self.authenticate("xf_portal_c", "xf_portal_c")
        self.assertEqual(self.url_open("/my/petitions/new").status_code, 200)
        number = resident_id("11010519800101123")
        response = self.post(self.petition_form(name="王五", id_number=number, phone="139 0000 0000"),
                             files=[("attachments", ("evidence.pdf", PDF, "application/pdf")),
                                    ("attachments", ("photo.png", PNG, "image/png"))], status=303)
        petition = self.Petition.search([("subject", "=", "Irrigation channel blocked")])
        self.assertEqual(len(petition), 1)
        self.assertIn(f"/my/petitions/{petition.id}", response.headers["Location"])
        self.assertRecordValues(petition, [{
            "channel": "online", "nature": "appeal", "state": "to_accept", "registered_by_id": self.user_staff.id,
            "category_id": self.category.id, "village_id": self.village_a.id,
        }])
        self.assertEqual(petition.create_uid, self.user_staff, "the office registers online petitions")
        self.assertRecordValues(petition.petitioner_id, [{
            "name": "王五", "id_number": number, "phone": "13900000000", "user_id": self.portal_c.id,
        }])
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "xinfang.petition"), ("res_id", "=", petition.id)])
        self.assertEqual(sorted(attachments.mapped("name")), ["evidence.pdf", "photo.png"])
        self.assertEqual(attachments.create_uid, self.portal_c)
        # The intake user got the acceptance activity.
        self.assertEqual(petition.activity_ids.user_id, self.user_staff)
        page = self.url_open(response.headers["Location"])
        self.assertIn("o_xf_submitted", page.text)
        self.assertIn("evidence.pdf", page.text)

        # A second petition reuses the linked petitioner: no identity fields asked.
        form = self.url_open("/my/petitions/new")
        self.assertIn("o_xf_petitioner_known", form.text)
        self.post(self.petition_form(subject="Second matter"), status=303)
        second = self.Petition.search([("subject", "=", "Second matter")])
        self.assertEqual(second.petitioner_id, petition.petitioner_id)

    def test_refusals_create_nothing(self):
        self.authenticate("xf_portal_c", "xf_portal_c")
        identity = {"name": "赵六", "id_number": resident_id("11010519900202456")}
        before = self.count()
        petitioners = self.env["xinfang.petitioner"].search_count([])
        cases = {
            "no consent": (self.petition_form(consent=None, **identity), None),
            "bad resident ID": (self.petition_form(name="赵六", id_number="110105199002024560"), None),
            "no subject": (self.petition_form(subject="", **identity), None),
            "bad category": (self.petition_form(category_id="999999", **identity), None),
            "not a village": (self.petition_form(village_id=str(self.unit_land.id), **identity), None),
            "disguised executable": (self.petition_form(**identity),
                                     [("attachments", ("evidence.pdf", EXE, "application/pdf"))]),
            "forbidden type": (self.petition_form(**identity), [("attachments", ("run.exe", EXE, "application/x"))]),
            "representatives of one person": (self.petition_form(rep_name_1="钱七", **identity), None),
        }
        for label, (data, files) in cases.items():
            with self.subTest(label):
                response = self.post(data, files=files, status=400)
                self.assertIn("o_xf_form_errors", response.text)
        self.assertEqual(self.count(), before)
        self.assertEqual(self.env["xinfang.petitioner"].search_count([]), petitioners)

    def test_upload_limits_are_settings(self):
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("xinfang_petition.portal_max_upload_mb", "1")
        Param.set_param("xinfang_petition.portal_max_files", "2")
        self.authenticate("xf_portal_a", "xf_portal_a")
        before = self.count()
        big = PDF + b"0" * (1024 * 1024)
        response = self.post(self.petition_form(), files=[("attachments", ("big.pdf", big, "application/pdf"))],
                             status=400)
        self.assertIn("larger than 1 MB", response.text)
        three = [("attachments", (f"{i}.pdf", PDF, "application/pdf")) for i in range(3)]
        self.post(self.petition_form(), files=three, status=400)
        self.assertEqual(self.count(), before)

    def test_collective_petition_with_representatives(self):
        self.authenticate("xf_portal_a", "xf_portal_a")
        self.post(self.petition_form(
            head_count="12", rep_name_1="孙八", rep_id_1=resident_id("11010519700303789"), rep_phone_1="13700000000",
            rep_name_2="李四", rep_id_2=self.petitioner_b.id_number,
        ), status=303)
        petition = self.Petition.search([("subject", "=", "Irrigation channel blocked")])
        self.assertTrue(petition.is_collective)
        self.assertEqual(len(petition.representative_ids), 2)
        self.assertIn(self.petitioner_b, petition.representative_ids, "a known person is linked, not duplicated")
        self.assertEqual(petition.petitioner_id, self.petitioner)

    def test_known_id_number_is_not_linked_to_the_account(self):
        """Typing someone else's ID number neither links their record nor tells whether it exists."""
        self.authenticate("xf_portal_c", "xf_portal_c")
        self.post(self.petition_form(name="李四", id_number=self.petitioner_b.id_number), status=303)
        petition = self.Petition.search([("subject", "=", "Irrigation channel blocked")])
        self.assertNotEqual(petition.petitioner_id, self.petitioner_b)
        self.assertFalse(self.petitioner_b.user_id)
        self.assertFalse(petition.petitioner_id.id_number)
        self.assertEqual(petition.petitioner_id.user_id, self.portal_c)
        self.assertIn("Verify the identity", petition.petitioner_id.message_ids[:1].body)

    def test_logged_in_accusation_is_sealed_and_listed(self):
        self.authenticate("xf_portal_a", "xf_portal_a")
        self.post(self.petition_form(nature="accusation", subject="Village head took the subsidy"),
                  files=[("attachments", ("proof.pdf", PDF, "application/pdf"))], status=303)
        petition = self.Petition.search([("subject", "=", "Village head took the subsidy")])
        self.assertFalse(petition.petitioner_id)
        self.assertEqual(petition.accuser_id, self.petitioner)
        self.assertEqual(petition.create_uid, self.user_staff)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", petition._name), ("res_id", "=", petition.id)])
        self.assertEqual(attachment.create_uid, self.user_staff, "an accuser's upload does not name them")
        self.assertNotIn(self.portal_a.partner_id, petition.message_partner_ids)
        self.assertIn(petition.subject, self.url_open("/my/petitions").text)
        self.assertEqual(self.url_open(f"/my/petitions/{petition.id}").status_code, 200)

    def test_office_users_do_not_file_in_the_portal(self):
        self.authenticate("xf_staff", "xf_staff")
        response = self.url_open("/my/petitions/new", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/odoo/action-xinfang_petition.action_xinfang_petition", response.headers["Location"])


@tagged("post_install", "-at_install")
class TestAnonymousAccusation(XinfangPortalCase):
    """检举控告 without an account: the query code is shown once, stored as a hash, and discloses status only."""

    def accuse(self, subject="Land officer takes bribes", status=303):
        response = self.url_open("/xinfang/accusation", data=self.petition_form(nature=None, subject=subject),
                                 files=[("attachments", ("proof.png", PNG, "image/png"))], allow_redirects=False)
        self.assertEqual(response.status_code, status, response.text[:1000])
        return response

    def test_query_code_shown_once_and_discloses_status_only(self):
        self.authenticate(None, None)
        self.assertEqual(self.url_open("/xinfang/accusation").status_code, 200)
        response = self.accuse()
        self.assertTrue(response.headers["Location"].endswith("/xinfang/accusation/received"))
        petition = self.Petition.search([("subject", "=", "Land officer takes bribes")])
        self.assertRecordValues(petition, [{
            "nature": "accusation", "channel": "online", "state": "to_accept", "registered_by_id": self.user_staff.id,
        }])
        self.assertFalse(petition.petitioner_id or petition.accuser_id)

        page = self.url_open("/xinfang/accusation/received")
        code = page.text.split('o_xf_query_code">', 1)[1].split("<", 1)[0].strip()
        self.assertGreaterEqual(len(code.replace("-", "")), 16)
        self.assertEqual(petition.query_code_hash, hashlib.sha256(code.replace("-", "").encode()).hexdigest())
        self.assertNotIn(code, str(petition.message_ids.mapped("body")))
        again = self.url_open("/xinfang/accusation/received", allow_redirects=False)
        self.assertEqual(again.status_code, 303, "the code is shown once")

        # Staff accept the accusation; the holder of the code sees the status and the notice, nothing else.
        petition.with_user(self.user_staff).action_accept()
        result = self.url_open("/xinfang/query", data={"csrf_token": self.csrf(), "query_code": code.lower()})
        self.assertEqual(result.status_code, 200)
        self.assertIn("o_xf_query_result", result.text)
        self.assertIn("Accepted (acceptance notice)", result.text)
        for secret in (petition.subject, petition.content, petition.name):
            self.assertNotIn(secret, result.text)
        notice = self.url_open("/xinfang/query/notice",
                               data={"csrf_token": self.csrf(), "query_code": code, "kind": "acceptance"})
        self.assertEqual(notice.status_code, 200)
        self.assertIn("受理告知书", notice.text)
        self.assertEqual(self.url_open("/xinfang/query/notice", data={
            "csrf_token": self.csrf(), "query_code": code, "kind": "opinion"}).status_code, 404)

        wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
        for bad in (wrong, "", "short"):
            response = self.url_open("/xinfang/query", data={"csrf_token": self.csrf(), "query_code": bad})
            self.assertEqual(response.status_code, 404)
            self.assertNotIn("o_xf_query_result", response.text)
            response = self.url_open("/xinfang/query/notice",
                                     data={"csrf_token": self.csrf(), "query_code": bad, "kind": "acceptance"})
            self.assertEqual(response.status_code, 404)
            self.assertNotIn("受理告知书", response.text)
        # The code in a URL is ignored: codes stay out of logs and browser history.
        self.assertNotIn("o_xf_query_result", self.url_open(f"/xinfang/query?query_code={code}").text)

    def test_anonymous_submissions_are_rate_limited(self):
        self.env["ir.config_parameter"].sudo().set_param("xinfang_petition.anonymous_submissions_per_hour", "2")
        self.authenticate(None, None)
        self.accuse("First")
        self.accuse("Second")
        before = self.count()
        response = self.accuse("Third", status=429)
        self.assertIn("Too many submissions", response.text)
        self.assertEqual(self.count(), before)
        counter = self.env["xinfang.portal.throttle"].search([("scope", "=", "anonymous_accusation")])
        self.assertEqual((counter.count, len(counter.key_hash)), (2, 64), "client addresses are stored hashed")

    def test_query_lookups_are_rate_limited(self):
        self.env["ir.config_parameter"].sudo().set_param("xinfang_petition.query_lookups_per_hour", "3")
        self.authenticate(None, None)
        statuses = [self.url_open("/xinfang/query", data={"csrf_token": self.csrf(), "query_code": "A" * 24})
                    .status_code for _ in range(4)]
        self.assertEqual(statuses, [404, 404, 404, 429])

    def test_anonymous_refusals_create_nothing(self):
        self.authenticate(None, None)
        before = self.count()
        response = self.url_open("/xinfang/accusation", data=self.petition_form(nature=None, consent=None),
                                 allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        response = self.url_open("/xinfang/accusation", data=self.petition_form(nature=None),
                                 files=[("attachments", ("x.pdf", EXE, "application/pdf"))], allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.count(), before)
