"""Cases referred from above (上级转送/交办): the earlier clock governs, one case per sender's number, the
report back to the sender (办理情况报告) and a 交办 case closed only after it."""

import shutil
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import XinfangCase, setup_pdf_rendering
from .test_reports import cn_date, pdf_text

REPORT = "xinfang_petition.action_report_referral_report_back"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestReferral(XinfangCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Body = cls.env["xinfang.referral.body"]
        cls.bureau = Body.create({"name": "县信访局", "code": "XFJ-T", "default_kind": "forward"})
        cls.hotline = Body.create({"name": "县12345政务服务便民热线", "code": "12345-T", "default_kind": "hotline"})
        cls.other_petitioners = [
            cls.env["xinfang.petitioner"].create({"name": f"王{i}", "village_id": cls.village_a.id})
            for i in range(4)
        ]

    def referred(self, number="XF2026-0001", body=None, **vals):
        """A draft referred from above on 6 March, with the sender's deadline on 12 March."""
        values = {
            "channel": "referral",
            "referral_body_id": (body or self.bureau).id,
            "external_number": number,
            "referral_date": date(2026, 3, 6),
            "referral_deadline": date(2026, 3, 12),
        }
        values.update(vals)
        return self.new_petition(**values)

    def replied_referral(self, **vals):
        petition = self.referred(**vals)
        petition.action_register()
        petition.action_accept()
        self.assign(petition)
        petition.with_user(self.user_handler).action_reply("support", "<p>补偿款已于3月8日发放到位。</p>")
        return petition

    # --- the clock that governs ------------------------------------------------------------------
    def test_the_senders_earlier_deadline_governs(self):
        petition = self.referred()
        self.assertEqual(petition.referral_kind, "forward", "the kind the body usually sends")
        self.assertEqual(petition.report_back_due, date(2026, 3, 12), "the report back is due by the sender's deadline")
        petition.action_register()
        self.assertEqual(petition.acceptance_deadline, date(2026, 3, 24))
        self.assertEqual(petition.current_deadline, date(2026, 3, 12), "the sender's deadline is the earlier one")
        self.assertEqual(petition.deadline_status, "near", "three days before the sender's deadline")
        activity = petition.activity_ids
        self.assertEqual(activity.date_deadline, date(2026, 3, 12))

        petition.action_accept()
        self.assertGreater(petition.handling_deadline, date(2026, 3, 12))
        self.assertEqual(petition.current_deadline, date(2026, 3, 12))
        self.assertEqual(petition.activity_ids.date_deadline, date(2026, 3, 12))

        with freeze_time("2026-03-13 09:00:00"):
            changed = self.env["xinfang.petition"]._cron_deadline_check()
            self.assertIn(petition, changed)
            self.assertEqual(petition.deadline_status, "overdue", "overdue by the sender's date, not the statutory one")
            self.assertTrue(any("Overdue: the deadline was 2026-03-12" in message.body
                                for message in petition.message_ids))

        # the sender grants more time than the statute: the statutory deadline governs again
        petition.write({"referral_deadline": date(2026, 12, 31)})
        self.assertEqual(petition.current_deadline, petition.handling_deadline)
        self.assertEqual(petition.deadline_status, "ok", "the flag follows a new deadline at once")
        self.assertEqual(petition.activity_ids.date_deadline, petition.handling_deadline)

    def test_the_senders_deadline_counts_only_for_referred_cases_with_a_running_clock(self):
        stray = self.new_petition(referral_deadline=date(2026, 3, 10))  # a visit: no sender
        stray.action_register()
        self.assertEqual(stray.current_deadline, stray.acceptance_deadline)
        petition = self.replied_referral()
        self.assertFalse(petition.current_deadline, "after the reply no handling clock runs")

    # --- one case per sender's number --------------------------------------------------------------
    def test_what_the_clerk_set_stays_when_the_sender_gives_nothing(self):
        """The kind and the report-back date follow the sender when it gives them; where it gives none,
        what the clerk entered stays."""
        no_usual_kind = self.env["xinfang.referral.body"].create({"name": "镇党委办公室", "code": "DWB-T"})
        petition = self.referred(body=no_usual_kind)
        self.assertFalse(petition.referral_kind, "a body without a usual kind proposes none")
        petition.referral_kind = "assign"
        petition.referral_body_id = self.env["xinfang.referral.body"].create({"name": "镇纪委", "code": "JW-T"})
        self.assertEqual(petition.referral_kind, "assign", "another body without a usual kind keeps the clerk's")
        petition.referral_body_id = self.hotline
        self.assertEqual(petition.referral_kind, "hotline", "a body with a usual kind sets it")

        self.assertEqual(petition.report_back_due, date(2026, 3, 12))
        petition.referral_deadline = date(2026, 3, 16)
        self.assertEqual(petition.report_back_due, date(2026, 3, 16), "the sender's new deadline")
        petition.referral_deadline = False
        self.assertEqual(petition.report_back_due, date(2026, 3, 16), "no deadline from the sender: the date stays")

    def test_duplicate_external_numbers_are_refused(self):
        first = self.referred("XF2026-0007")
        first.action_register()
        with self.assertRaisesRegex(ValidationError, r"县信访局 already sent a case numbered XF2026-0007 \(petition "):
            self.referred(" XF2026-0007 ", petitioner_id=self.petitioner_b.id)
        other_body = self.referred("XF2026-0007", body=self.hotline, petitioner_id=self.petitioner_b.id)
        self.assertEqual(other_body.external_number, "XF2026-0007", "another body may use the same number")
        self.assertEqual(other_body.referral_kind, "hotline")
        second = self.referred("XF2026-0008", petitioner_id=self.other_petitioners[0].id)
        with self.assertRaisesRegex(ValidationError, "XF2026-0007"):
            second.write({"external_number": "XF2026-0007"})
        self.assertEqual(second.external_number, "XF2026-0008")
        # blank numbers are no numbers: several drafts may wait for theirs
        blanks = self.referred("  ") | self.referred("", petitioner_id=self.petitioner_b.id)
        self.assertEqual(blanks.mapped("external_number"), [False, False])

    # --- registration ------------------------------------------------------------------------------
    def test_registration_needs_the_sender_and_a_deadline_not_yet_passed(self):
        missing = self.referred(external_number=False)
        with self.assertRaisesRegex(UserError, "the sender's case number"):
            missing.action_register()
        self.assertEqual(missing.state, "draft")
        late = self.referred("XF2026-0010", referral_deadline=date(2026, 3, 8), petitioner_id=self.petitioner_b.id)
        with self.assertRaisesRegex(UserError, "had passed when the case was received on 2026-03-09"):
            late.action_register()
        self.assertEqual((late.state, late.name), ("draft", "/"), "nothing of the registration is kept")
        # a same-day work order (deadline on the day it was referred and received) is registered
        same_day = self.referred("XF2026-0011", referral_date=date(2026, 3, 9), referral_deadline=date(2026, 3, 9),
                                 petitioner_id=self.other_petitioners[1].id)
        same_day.action_register()
        self.assertEqual(same_day.current_deadline, date(2026, 3, 9))
        with self.assertRaisesRegex(ValidationError, "before the day it referred the case"):
            self.referred("XF2026-0012", referral_deadline=date(2026, 3, 5))
        with self.assertRaisesRegex(ValidationError, "after its registration"):
            self.referred("XF2026-0013", referral_date=date(2026, 3, 10))

    def test_only_the_office_changes_the_referral_once_registered(self):
        petition = self.referred()
        petition.action_register()
        petition.action_accept()
        self.assign(petition)
        with self.assertRaisesRegex(AccessError, "Only the petition office changes the referral"):
            petition.with_user(self.user_handler).write({"referral_deadline": date(2026, 12, 31)})
        self.assertEqual(petition.referral_deadline, date(2026, 3, 12))
        petition.with_user(self.user_staff).write({"referral_deadline": date(2026, 3, 20)})
        self.assertEqual(petition.current_deadline, date(2026, 3, 20))
        with self.assertRaisesRegex(UserError, "change only through the record's buttons"):
            petition.with_user(self.user_staff).write({"report_back_date": date(2026, 3, 9)})

    # --- a 交办 case is closed only after its report back ------------------------------------------
    def test_an_assigned_case_refuses_to_close_without_its_report_back(self):
        petition = self.replied_referral(referral_kind="assign")
        petition.with_user(self.user_mediator).action_follow_up("satisfied", "已回访")
        with self.assertRaisesRegex(UserError, "assigned for handling by 县信访局: send the report back before"):
            petition.with_user(self.user_staff).action_close("补偿款已发放")
        self.assertEqual(petition.state, "replied")
        petition.with_user(self.user_staff).action_report_back_upward("经核实，补偿款已发放到位，信访人表示满意。")
        self.assertEqual(petition.report_back_date, date(2026, 3, 9))
        self.assertTrue(any("Reported back to 县信访局 on 2026-03-09" in message.body
                            for message in petition.message_ids))
        petition.with_user(self.user_staff).action_close("补偿款已发放")
        self.assertEqual(petition.state, "closed")

    def test_an_assigned_case_under_review_is_not_closed_by_the_review_decision_without_it(self):
        petition = self.replied_referral(referral_kind="assign")
        petition.with_user(self.user_staff).action_request_review()
        with self.assertRaisesRegex(UserError, "send the report back before closing it"):
            petition.with_user(self.user_staff).action_decide_review("维持原处理意见。")
        self.assertEqual(petition.state, "review")
        petition.with_user(self.user_staff).action_report_back_upward("复查中，原处理意见已报县信访局。")
        petition.with_user(self.user_staff).action_decide_review("维持原处理意见。")
        self.assertEqual(petition.state, "closed")

    def test_a_forwarded_case_closes_without_a_report_back(self):
        petition = self.replied_referral()
        petition.with_user(self.user_staff).action_follow_up("satisfied", "已回访")
        petition.with_user(self.user_staff).action_close("补偿款已发放")
        self.assertEqual(petition.state, "closed")
        petition.with_user(self.user_staff).action_report_back_upward("已办结。")  # after closing, too
        self.assertEqual(petition.report_back_text, "已办结。")

    # --- the step: who, when, with what ------------------------------------------------------------
    def test_the_report_back_is_the_offices_step(self):
        petition = self.replied_referral()
        for user in (self.user_handler, self.user_mediator, self.user_finance, self.user_plain):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                petition.with_user(user).action_report_back_upward("已办结。")
        self.assertFalse(petition.report_back_date)
        # a leader is also office staff (the group implies it)
        petition.with_user(self.user_leader).action_report_back_upward("已办结。", "2026-03-09")
        self.assertEqual(petition.report_back_date, date(2026, 3, 9))
        with self.assertRaisesRegex(UserError, "already reported back on 2026-03-09"):
            petition.with_user(self.user_staff).action_report_back_upward("再次报告。")

    def test_the_report_back_follows_the_reply_and_checks_its_arguments(self):
        accepted = self.referred()
        accepted.action_register()
        accepted.action_accept()
        with self.assertRaisesRegex(UserError, "has no reply yet"):
            accepted.with_user(self.user_staff).action_report_back_upward("正在办理。")
        visit = self.replied(petitioner_id=self.petitioner_b.id)
        with self.assertRaisesRegex(UserError, "was not referred from above"):
            visit.with_user(self.user_staff).action_report_back_upward("已办结。")
        petition = self.replied_referral(number="XF2026-0020", petitioner_id=self.other_petitioners[2].id)
        bad_calls = [
            (("   ",), "Write the report back"),
            ((123,), "is not a text"),
            (("已办结。", "2026-03-10"), "must lie between the reply"),  # in the future
            (("已办结。", "2026-03-01"), "must lie between the reply"),  # before the reply
            (("已办结。", "March 9"), "is not a valid date"),
        ]
        for args, message in bad_calls:
            with self.subTest(args=args), self.assertRaisesRegex(UserError, message):
                petition.with_user(self.user_staff).action_report_back_upward(*args)
        self.assertFalse(petition.report_back_date)

    def test_the_wizard_takes_the_step_and_prints_the_report(self):
        petition = self.replied_referral()
        action = self.env.ref("xinfang_petition.action_xinfang_referral_report_back")
        self.assertEqual(action.context, "{'default_petition_id': active_id}")
        wizard = self.env["xinfang.referral.report.back"].with_user(self.user_staff).create(
            {"petition_id": petition.id, "text": "已办结。"})
        result = wizard.action_confirm()
        self.assertEqual(result["report_name"], "xinfang_petition.report_referral_report_back")
        self.assertEqual(petition.report_back_date, date(2026, 3, 9))
        with self.assertRaises(AccessError):
            self.env["xinfang.referral.report.back"].with_user(self.user_handler).create(
                {"petition_id": petition.id, "text": "已办结。"})


@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestReferralReport(XinfangCase):
    """The 办理情况报告 renders as a PDF in Chinese (needs wkhtmltopdf, a CJK font and pdftotext)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_pdf_rendering(cls.env)
        cls.bureau = cls.env["xinfang.referral.body"].create({"name": "县信访局", "default_kind": "assign"})

    def setUp(self):
        super().setUp()
        self.assertTrue(shutil.which("wkhtmltopdf"), "install wkhtmltopdf (apt-get install -y wkhtmltopdf)")
        self.assertTrue(shutil.which("pdftotext"), "install poppler-utils (apt-get install -y poppler-utils)")

    def render(self, petition):
        pdf, report_type = self.env["ir.actions.report"].with_user(self.user_staff).with_context(
            force_report_rendering=True)._render_qweb_pdf(REPORT, petition.ids)
        self.assertEqual(report_type, "pdf")
        return pdf_text(pdf)

    def test_report_back_text(self):
        petition = self.new_petition(
            subject="村集体征收承包地未予补偿", content="村委会收回我家承包地，至今未支付补偿款。",
            channel="referral", referral_body_id=self.bureau.id, external_number="县信转〔2026〕17号",
            referral_date=date(2026, 3, 2), referral_deadline=date(2026, 3, 30))
        petition.action_register()
        petition.action_accept()
        self.assign(petition)
        with self.assertRaisesRegex(UserError, "cannot be printed for"):
            self.render(petition)
        petition.with_user(self.user_handler).action_reply("partial", "<p>补偿款已列入镇财政预算。</p>")
        petition.with_user(self.user_staff).action_report_back_upward(
            "经镇国土所现场核实，补偿款已列入镇财政预算，将于30日内发放。")
        text = self.render(petition)
        for expected in ("信访事项办理情况报告", "青山镇人民政府", "县信访局：", "县信转〔2026〕17号", petition.name,
                         "交办", "村集体征收承包地未予补偿", "张三", "补偿款已列入镇财政预算，将于30日内发放",
                         "予以部分支持", cn_date(date(2026, 3, 2)), cn_date(date(2026, 3, 30)),
                         cn_date(petition.report_back_date), self.unit_land.name.replace(" ", ""), "特此报告"):
            self.assertIn(expected, text)
        action = self.env.ref(REPORT)
        self.assertEqual(action.print_report_name, "'办理情况报告-%s' % (object.external_number or object.name)")
