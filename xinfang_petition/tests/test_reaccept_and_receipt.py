"""不再受理 decided by the office, and the review windows counted from the receipt of the written decision."""

import unicodedata
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import PdfTextCase, XinfangCase, load_migration, pdf_text, resident_id
from .test_portal import XinfangPortalCase
from .test_reports import cn_date

REPORT = "xinfang_petition.action_report_"


class ReacceptCase(XinfangCase):
    def concluded(self, **vals):
        """A petition concluded on re-review (终结), driven through the steps as the office does."""
        petition = self.replied(**vals)
        petition.action_request_review()
        petition.action_decide_review("The handling opinion is upheld.")
        petition.action_request_re_review()
        petition.action_decide_re_review("The review decision is upheld; the matter is concluded.")
        self.assertEqual(petition.state, "final")
        return petition

    def step_form(self, petition, step, user=None):
        """Click the step's button on the petition form: the step wizard's Form."""
        user = user or self.user_staff
        action = petition.with_user(user).with_context(xinfang_step=step).action_open_step_wizard()
        return Form(self.env[action["res_model"]].with_user(user).with_context(**action["context"]))


@tagged("post_install", "-at_install")
class TestNotReaccept(ReacceptCase):
    def test_a_new_matter_of_the_same_person_in_the_same_category_is_accepted_normally(self):
        with freeze_time("2026-03-02"):
            concluded = self.concluded()
        with freeze_time("2026-06-01"):
            again = self.registered(subject="The access road to my field was dug up")
            other_category = self.registered(category_id=self.category_labour.id, subject="Unpaid wages")
            other_person = self.registered(petitioner_id=self.petitioner_b.id, village_id=self.village_b.id)
        # registered with its clock, as any petition: no automatic lock by category
        self.assertEqual(again.state, "to_accept")
        self.assertFalse(again.no_reaccept)
        self.assertEqual(again.acceptance_deadline, date(2026, 6, 16))
        # the system proposes (the same person's petition of the same category), it decides nothing
        self.assertTrue(again.is_repeat)
        self.assertEqual(again.original_id, concluded)
        self.assertEqual(again.with_user(self.user_staff).same_person_petition_ids, concluded)
        # the category only narrows the proposal; the office's list shows all the person's petitions
        self.assertFalse(other_category.is_repeat)
        self.assertEqual(other_category.with_user(self.user_staff).same_person_petition_ids, concluded | again)
        self.assertFalse(other_person.is_repeat)
        self.assertFalse(other_person.with_user(self.user_staff).same_person_petition_ids)
        with freeze_time("2026-06-03"):
            again.with_user(self.user_staff).action_accept()
        self.assertEqual(again.state, "accepted")
        self.assertTrue(again.accepted_on_time)

    def test_the_office_finds_the_same_matter_links_it_and_the_notice_cites_the_final_decision(self):
        with freeze_time("2026-03-02"):
            concluded = self.concluded()
        with freeze_time("2026-06-01"):
            again = self.registered()
        with freeze_time("2026-06-10"):
            form = self.step_form(again, "not_reaccept")
            self.assertEqual(form.original_id, concluded, "the proposal is the wizard's default")
            form.save().action_apply()
        self.assertRecordValues(again, [{
            "state": "rejected", "no_reaccept": True, "is_repeat": True, "original_id": concluded.id,
            "decision_date": date(2026, 6, 10), "deadline_status": "none",
        }])
        self.assertIn(concluded.name, again.reject_reason)
        self.assertIn("The review decision is upheld; the matter is concluded.", again.reject_reason)
        self.assertIn(again, concluded.repeat_ids)
        html = self.env["ir.actions.report"].with_user(self.user_staff)._render_qweb_html(
            REPORT + "non_acceptance_notice", again.ids)[0].decode()
        self.assertIn("信访事项不予受理告知书", html)
        self.assertIn(concluded.name, html)
        self.assertIn("不再受理", html)
        self.assertIn("The review decision is upheld; the matter is concluded.", html)
        self.assertIn(cn_date(concluded.re_review_date), html)
        # an ordinary refusal prints its own reason, without a final decision to cite
        with freeze_time("2026-06-10"):
            plain = self.registered(petitioner_id=self.petitioner_b.id, village_id=self.village_b.id)
            plain.with_user(self.user_staff).action_reject("A civil dispute between neighbours.")
        html = self.env["ir.actions.report"]._render_qweb_html(
            REPORT + "non_acceptance_notice", plain.ids)[0].decode()
        self.assertIn("A civil dispute between neighbours.", html)
        self.assertNotIn("不再受理", html)

    def test_not_reaccept_is_refused_outside_the_acceptance_window_and_state(self):
        with freeze_time("2026-03-02"):
            concluded = self.concluded()
        with freeze_time("2026-06-01"):
            draft = self.new_petition()
            accepted = self.accepted()
            late = self.registered()
            in_time = self.registered()
        for petition, refusal in ((draft, "not awaiting acceptance"), (accepted, "cannot go from Accepted")):
            with self.subTest(state=petition.state), freeze_time("2026-06-02"), \
                    self.assertRaisesRegex(UserError, refusal):
                petition.with_user(self.user_staff).action_not_reaccept(concluded)
        self.assertEqual((draft.state, accepted.state), ("draft", "accepted"))
        # the acceptance deadline is June 16: the 17th is too late, the 16th is in time
        with freeze_time("2026-06-17"), self.assertRaisesRegex(UserError, "2026-06-16"):
            late.with_user(self.user_staff).action_not_reaccept(concluded)
        self.assertEqual(late.state, "to_accept")
        self.assertFalse(late.no_reaccept)
        with freeze_time("2026-06-16"):
            in_time.with_user(self.user_staff).action_not_reaccept(concluded.id)  # an id, as JSON-RPC sends
        self.assertEqual(in_time.state, "rejected")
        self.assertEqual(in_time.original_id, concluded)

    def test_not_reaccept_needs_a_final_petition_of_the_same_person(self):
        with freeze_time("2026-03-02"):
            concluded = self.concluded()
            reviewed = self.replied(subject="Reviewed, not re-reviewed")
            reviewed.action_request_review()
            reviewed.action_decide_review("Upheld.")
            others = self.concluded(petitioner_id=self.petitioner_b.id, village_id=self.village_b.id)
        with freeze_time("2026-06-01"):
            again = self.registered()
        staff = again.with_user(self.user_staff)
        with freeze_time("2026-06-02"):
            with self.assertRaisesRegex(UserError, "not concluded on re-review"):
                staff.action_not_reaccept(reviewed)
            with self.assertRaisesRegex(UserError, "not a petition of the same person"):
                staff.action_not_reaccept(others)
            with self.assertRaisesRegex(UserError, "not concluded on re-review"):
                staff.action_not_reaccept(again)
            with self.assertRaises(UserError):
                staff.action_not_reaccept(False)
            with self.assertRaises(UserError):
                staff.action_not_reaccept("XF2026-000001")
            self.assertEqual(again.state, "to_accept")
            # the wizard offers only the person's petitions concluded on re-review
            wizard = self.step_form(again, "not_reaccept").save()
            self.assertEqual(wizard.original_candidate_ids, concluded)
            staff.action_not_reaccept(concluded)
        self.assertEqual(again.state, "rejected")

    def test_only_the_office_decides_not_to_reaccept(self):
        with freeze_time("2026-03-02"):
            concluded = self.concluded()
        with freeze_time("2026-06-01"):
            again = self.registered()
            for user in (self.user_mediator, self.user_handler):
                with self.subTest(user=user.login), self.assertRaises(AccessError):
                    again.with_user(user).action_not_reaccept(concluded)
            self.assertEqual(again.state, "to_accept")
            again.with_user(self.user_staff).action_not_reaccept(concluded)
        self.assertEqual(again.state, "rejected")

    def test_without_id_number_the_same_name_and_phone_is_the_same_person(self):
        Person = self.env["xinfang.petitioner"]
        walk_in = Person.create({"name": "赵六", "phone": "13700137000", "village_id": self.village_a.id})
        same = Person.create({"name": "赵六", "phone": "13700137000", "village_id": self.village_a.id})
        other_phone = Person.create({"name": "赵六", "phone": "13700137001", "village_id": self.village_a.id})
        first = self.registered(petitioner_id=walk_in.id)
        second = self.registered(petitioner_id=same.id)
        third = self.registered(petitioner_id=other_phone.id)
        self.assertEqual(second.original_id, first)
        self.assertEqual(second.with_user(self.user_staff).same_person_petition_ids, first)
        self.assertFalse(third.is_repeat)
        self.assertFalse(third.with_user(self.user_staff).same_person_petition_ids)
        # two different ID numbers are two people, whatever their name and phone
        self.petitioner_b.write({"name": "张三", "phone": "13800138000"})
        fourth = self.registered(petitioner_id=self.petitioner_b.id)
        self.assertNotIn(fourth, self.registered().with_user(self.user_staff).same_person_petition_ids)
        self.assertFalse(fourth.is_repeat)

    def test_the_same_id_number_on_another_record_is_the_same_person(self):
        # the person was registered once before under a record since archived (a typo in the name):
        # the ID number still tells it is the same person
        Person = self.env["xinfang.petitioner"]
        number = resident_id("33010619750505123")
        old = Person.create({"name": "孙七", "id_number": number, "village_id": self.village_a.id})
        first = self.registered(petitioner_id=old.id)
        old.action_archive()
        self.env.flush_all()  # as its own request: the unique ID number counts active records only
        new = Person.create({"name": "孙柒", "id_number": number, "phone": "13900139000",
                             "village_id": self.village_a.id})
        second = self.registered(petitioner_id=new.id)
        self.assertEqual(second.original_id, first)
        self.assertTrue(second.is_repeat)
        self.assertEqual(second.with_user(self.user_staff).same_person_petition_ids, first)

    def test_the_original_link_is_the_workflows(self):
        first = self.registered()
        second = self.registered(petitioner_id=self.petitioner_b.id, village_id=self.village_b.id)
        with self.assertRaises(UserError):
            second.with_user(self.user_staff).write({"original_id": first.id})
        self.assertFalse(second.original_id)


@tagged("post_install", "-at_install")
class TestReceiptWindows(ReacceptCase):
    def test_the_review_window_runs_from_the_receipt_of_the_reply(self):
        with freeze_time("2026-05-30"):
            petition = self.replied()
            late = self.replied(subject="Served the same day, asked too late")
        self.assertEqual(petition.reply_date, date(2026, 5, 30))
        self.assertFalse(petition.review_request_deadline, "no receipt: the window has not started")
        with freeze_time("2026-06-10"):
            for record in (petition, late):
                record.with_user(self.user_staff).action_record_reply_receipt(None, "post", " XA123456789CN ")
        self.assertRecordValues(petition, [{
            "reply_received_date": date(2026, 6, 10), "reply_receipt_method": "post",
            "reply_receipt_reference": "XA123456789CN", "review_request_deadline": date(2026, 7, 10),
        }])
        # day 29 after the receipt (40 days after the reply): in time
        with freeze_time("2026-07-09"):
            petition.with_user(self.user_staff).action_request_review()
        self.assertEqual(petition.state, "review")
        # day 31 after the receipt: late
        with freeze_time("2026-07-11"), self.assertRaisesRegex(UserError, "2026-07-10"):
            late.with_user(self.user_staff).action_request_review()
        self.assertEqual(late.state, "replied")

    def test_without_a_receipt_a_review_request_is_accepted(self):
        with freeze_time("2026-03-02"):
            petition = self.replied()
        with freeze_time("2026-06-10"):  # 100 days after the reply
            petition.with_user(self.user_staff).action_request_review()
        self.assertEqual(petition.state, "review")
        self.assertFalse(petition.review_request_deadline)
        self.assertEqual(petition.review_deadline, date(2026, 7, 10))

    def test_the_re_review_window_runs_from_the_receipt_of_the_review_decision(self):
        with freeze_time("2026-03-02"):
            no_receipt, in_time, late = (self.replied(subject=f"Matter {i}") for i in range(3))
            for petition in (no_receipt, in_time, late):
                petition.action_request_review()
        with freeze_time("2026-03-10"):
            for petition in (no_receipt, in_time, late):
                petition.action_decide_review("The handling opinion is upheld.")
        self.assertFalse(no_receipt.re_review_request_deadline)
        with freeze_time("2026-03-18"):
            for petition in (in_time, late):
                petition.with_user(self.user_staff).action_record_review_receipt("2026-03-18", "in_person")
        self.assertEqual(in_time.review_decision_received_date, date(2026, 3, 18))
        self.assertEqual(in_time.re_review_request_deadline, date(2026, 4, 17))
        with freeze_time("2026-04-16"):
            in_time.action_request_re_review()
        with freeze_time("2026-04-18"), self.assertRaisesRegex(UserError, "2026-04-17"):
            late.action_request_re_review()
        with freeze_time("2026-06-01"):
            no_receipt.action_request_re_review()
        self.assertEqual((no_receipt.state, in_time.state, late.state), ("re_review", "re_review", "closed"))

    def test_a_receipt_is_recorded_once_for_a_served_decision(self):
        with freeze_time("2026-03-02"):
            handling = self.handling()
        self.startPatcher(freeze_time("2026-03-09"))
        staff = handling.with_user(self.user_staff)
        with self.assertRaisesRegex(UserError, "no written reply"):
            staff.action_record_reply_receipt(None, "in_person")
        with self.assertRaisesRegex(UserError, "no written review decision"):
            staff.action_record_review_receipt(None, "in_person")
        handling.action_reply("support", "<p>Compensation will be paid.</p>", "2026-03-05")
        for args, message in [
            ((None, "post"), "postal receipt number"),
            ((None, "post", "  "), "postal receipt number"),
            ((None, False), "how the decision was served"),
            ((None, "fax"), "not a valid choice"),
            (("2026-03-04", "in_person"), "cannot be received"),
            (("2026-03-10", "in_person"), "in the future"),
            (("yesterday", "in_person"), "not a valid date"),
        ]:
            with self.subTest(args=args), self.assertRaisesRegex(UserError, message):
                staff.action_record_reply_receipt(*args)
        self.assertFalse(handling.reply_received_date)
        staff.action_record_reply_receipt("2026-03-05", "online")
        self.assertEqual(handling.review_request_deadline, date(2026, 4, 7))  # Apr 4-6: Qingming
        with self.assertRaisesRegex(UserError, "already recorded"):
            staff.action_record_reply_receipt("2026-03-09", "in_person")
        self.assertEqual(handling.reply_received_date, date(2026, 3, 5))
        # the receipt fields are the step's: not written over the ORM
        with self.assertRaises(UserError):
            staff.write({"reply_received_date": "2026-03-09"})
        with self.assertRaises(UserError):
            staff.write({"review_request_deadline": "2026-12-31"})

    @freeze_time("2026-03-09")
    def test_the_office_and_the_villages_mediator_record_receipts_the_handler_does_not(self):
        petition = self.replied()
        other_village = self.replied(petitioner_id=self.petitioner_b.id, village_id=self.village_b.id)
        with self.assertRaises(AccessError):
            petition.with_user(self.user_handler).action_record_reply_receipt(None, "in_person")
        with self.assertRaises(AccessError):
            other_village.with_user(self.user_mediator).action_record_reply_receipt(None, "in_person")
        self.assertFalse(petition.reply_received_date or other_village.reply_received_date)
        petition.with_user(self.user_mediator).action_record_reply_receipt(None, "in_person", "Signed by 张三")
        self.assertEqual(petition.reply_received_date, date(2026, 3, 9))
        self.assertEqual(petition.reply_receipt_reference, "Signed by 张三")
        other_village.with_user(self.user_staff).action_record_reply_receipt(None, "in_person")
        self.assertEqual(other_village.reply_received_date, date(2026, 3, 9))

    def test_receipt_steps_through_the_wizard(self):
        with freeze_time("2026-03-02"):
            petition = self.replied()
        with freeze_time("2026-03-12"):
            form = self.step_form(petition, "record_reply_receipt")
            self.assertEqual(form.date, date(2026, 3, 12))
            form.receipt_method = "post"
            with self.assertRaises(AssertionError):  # by post the receipt number is required
                form.save()
            form.receipt_reference = "XA987654321CN"
            form.date = date(2026, 3, 6)
            form.save().action_apply()
            self.assertEqual(petition.reply_received_date, date(2026, 3, 6))
            self.assertEqual(petition.review_request_deadline, date(2026, 4, 7))  # Apr 5 -> after Qingming
            petition.action_request_review()
            petition.action_decide_review("Upheld.")
            form = self.step_form(petition, "record_review_receipt", user=self.user_mediator)
            form.receipt_method = "in_person"
            form.save().action_apply()
        self.assertEqual(petition.review_decision_received_date, date(2026, 3, 12))
        self.assertEqual(petition.re_review_request_deadline, date(2026, 4, 13))  # Apr 11 is a Saturday
        self.assertEqual(petition.review_receipt_method, "in_person")


@tagged("post_install", "-at_install")
class TestPortalReceipt(XinfangPortalCase):
    def test_the_petitioners_first_opening_records_the_receipt_online(self):
        with freeze_time(fields.Date.today() - timedelta(days=20)):
            replied = self.replied(subject="Land compensation of Zhang San")
            handling = self.handling(subject="Still being handled")
        # a holder of the link who is not the petitioner: nothing is recorded
        token = replied._portal_ensure_token()
        self.authenticate(None, None)
        self.assertEqual(self.url_open(f"/my/petitions/{replied.id}?access_token={token}").status_code, 200)
        self.assertFalse(replied.reply_received_date)

        self.authenticate("xf_portal_a", "xf_portal_a")
        page = self.url_open(f"/my/petitions/{replied.id}")
        self.assertEqual(page.status_code, 200)
        # the petitioner's day, in the petitioner's time zone (as the portal request counts it)
        today = replied.with_user(self.portal_a).with_context(tz=self.portal_a.tz)._today()
        self.assertRecordValues(replied, [{"reply_received_date": today, "reply_receipt_method": "online"}])
        self.assertEqual(replied.review_request_deadline, self.env["xinfang.deadline"].compute(today, 30, "calendar"))
        self.assertIn("o_xf_review_form", page.text)
        self.assertIn("Handling opinion received", page.text)
        self.assertEqual(len(replied.message_ids.filtered(lambda m: "opened the reply online" in (m.body or ""))), 1)
        # later openings change nothing; a petition not replied yet records nothing
        self.url_open(f"/my/petitions/{replied.id}")
        self.assertEqual(len(replied.message_ids.filtered(lambda m: "opened the reply online" in (m.body or ""))), 1)
        self.url_open(f"/my/petitions/{handling.id}")
        self.assertFalse(handling.reply_received_date)

    def test_a_receipt_recorded_by_the_office_is_kept(self):
        with freeze_time(fields.Date.today() - timedelta(days=60)):
            late = self.replied(subject="Old matter")
            late.with_user(self.user_staff).action_record_reply_receipt(None, "post", "XA111")
        self.authenticate("xf_portal_a", "xf_portal_a")
        page = self.url_open(f"/my/petitions/{late.id}")
        self.assertEqual(late.reply_receipt_method, "post")
        self.assertNotIn("o_xf_review_form", page.text, "the window from the receipt has passed")
        response = self.url_open(f"/my/petitions/{late.id}/review", data={"csrf_token": self.csrf()})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(late.state, "replied")


@tagged("post_install", "-at_install")
class TestMigrationReviewWindows(ReacceptCase):
    def load(self):
        return load_migration("19.0.1.2.0", "post-review_windows")

    def test_decided_petitions_and_windows_stay_as_they_were(self):
        with freeze_time("2026-03-02"):
            concluded = self.concluded()
            refused = self.registered()
            open_window = self.replied(subject="Window open")
            passed_window = self.replied(subject="Window passed")
        # as 19.0.1.1.0 left them: refused at registration, windows from the reply date
        refused._step().write({"state": "rejected", "no_reaccept": True, "original_id": concluded.id,
                               "reject_reason": "Same facts and reasons: not accepted again."})
        open_window._step().write({"review_request_deadline": date(2026, 4, 1)})
        passed_window._step().write({"review_request_deadline": date(2026, 3, 20)})
        self.env.flush_all()
        with freeze_time("2026-03-25"):
            self.load().migrate(self.env.cr, "19.0.1.1.0")
        self.env.invalidate_all()
        self.assertRecordValues(refused, [{"state": "rejected", "no_reaccept": True, "original_id": concluded.id}])
        self.assertEqual(open_window.review_request_deadline, date(2026, 4, 1))
        self.assertEqual(passed_window.review_request_deadline, date(2026, 3, 20))
        def notes(petition):
            return petition.message_ids.filtered(lambda m: "kept until" in (m.body or ""))
        self.assertEqual(len(notes(open_window)), 1)
        self.assertIn("2026-04-01", notes(open_window).body)
        self.assertFalse(notes(passed_window))
        # the kept windows still apply: in time, late
        with freeze_time("2026-04-01"):
            open_window.action_request_review()
        with freeze_time("2026-03-25"), self.assertRaisesRegex(UserError, "2026-03-20"):
            passed_window.action_request_review()
        # the portal records no receipt where a window runs
        self.petitioner.user_id = new_test_user(self.env, login="xf_portal_zhang", groups="base.group_portal")
        with freeze_time("2026-03-25"):
            self.assertFalse(passed_window.with_user(self.petitioner.user_id)._portal_record_reply_opened())
        self.assertFalse(passed_window.reply_received_date)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestProofOfServicePdf(PdfTextCase, ReacceptCase):
    """The 送达回证 of each written decision, as PDF text (needs wkhtmltopdf, fonts-noto-cjk, pdftotext)."""

    def render_text(self, report, record, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.user_staff)
        pdf, report_type = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            REPORT + report, record.ids)
        self.assertEqual(report_type, "pdf")
        return pdf_text(pdf, fold=True)

    def file_name(self, report, record):
        from odoo.tools.safe_eval import safe_eval, time
        return safe_eval(self.env.ref(REPORT + report).print_report_name, {"object": record, "time": time})

    def chinese(self, **vals):
        return dict(subject="村集体征收承包地未予补偿", content="村委会收回我家承包地，至今未支付补偿款。", **vals)

    def test_proof_of_service_of_the_reply_prints_what_was_recorded(self):
        with freeze_time("2026-03-02"):
            petition = self.handling(**self.chinese())
        petition.with_user(self.user_handler).action_reply("partial", "<p>补偿款将于30日内发放。</p>", "2026-03-05")
        blank = self.render_text("proof_of_service_opinion", petition, user=self.user_handler)
        self.assertIn("送达回证", blank)
        for option in ("□直接送达(签收)", "□邮寄送达", "□网上送达"):
            self.assertIn(option, blank)
        self.assertNotIn("■", blank, "nothing recorded: all boxes empty")
        petition.with_user(self.user_mediator).action_record_reply_receipt("2026-03-07", "post", "XA123456789CN")
        text = self.render_text("proof_of_service_opinion", petition, user=self.user_mediator)
        for expected in ("青山镇人民政府", "送达回证", "送达文书", "信访事项处理意见书", petition.name, "张三",
                         cn_date(date(2026, 3, 5)), "■邮寄送达", "□直接送达", "XA123456789CN", "收到日期",
                         cn_date(date(2026, 3, 7)), "受送达人签名或盖章", "送达人", "村集体征收承包地未予补偿"):
            self.assertIn(expected, text)
        self.assertNotIn(self.petitioner.id_number, text)
        self.assertEqual(self.file_name("proof_of_service_opinion", petition), f"送达回证-处理意见书-{petition.name}")
        # the handling opinion states the window once the receipt is known
        opinion = self.render_text("handling_opinion", petition, user=self.user_handler)
        self.assertIn(cn_date(date(2026, 3, 7)), opinion)
        self.assertIn(cn_date(petition.review_request_deadline), opinion)

    def test_proof_of_service_of_the_review_re_review_and_non_acceptance(self):
        concluded = self.replied(**self.chinese())
        concluded.action_request_review()
        concluded.action_decide_review("维持原处理意见。")
        concluded.with_user(self.user_staff).action_record_review_receipt(None, "in_person", "张三签收")
        concluded.action_request_re_review()
        concluded.action_decide_re_review("维持复查意见，信访事项终结。")
        again = self.registered(**self.chinese())
        again.with_user(self.user_staff).action_not_reaccept(concluded)
        notice = self.render_text("non_acceptance_notice", again)
        self.assertIn("信访事项不予受理告知书", notice)
        self.assertIn(concluded.name, notice)
        self.assertIn("同一事实和理由", notice)
        self.assertIn("不再受理", notice)
        self.assertIn(cn_date(concluded.re_review_date), notice)
        self.assertIn(unicodedata.normalize("NFKC", "维持复查意见，信访事项终结。"), notice)
        review = self.render_text("proof_of_service_review", concluded)
        self.assertIn("■直接送达(签收)", review)
        self.assertIn("张三签收", review)
        cases = [
            ("proof_of_service_non_acceptance", again, "信访事项不予受理告知书", "送达回证-不予受理告知书-"),
            ("proof_of_service_review", concluded, "信访事项复查意见书", "送达回证-复查意见书-"),
            ("proof_of_service_re_review", concluded, "信访事项复核意见书", "送达回证-复核意见书-"),
        ]
        for report, record, title, file_prefix in cases:
            with self.subTest(report=report):
                text = self.render_text(report, record)
                self.assertIn("送达回证", text)
                self.assertIn(title, text)
                self.assertIn(record.name, text)
                self.assertIn("张三", text)
                self.assertIn("受送达人签名或盖章", text)
                self.assertEqual(self.file_name(report, record), f"{file_prefix}{record.name}")
