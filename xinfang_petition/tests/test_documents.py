from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval, time

from .common import PdfTextCase, XinfangCase, resident_id
from .test_reports import cn_date

REPORT = "xinfang_petition.action_report_"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestPetitionDocuments(PdfTextCase, XinfangCase):
    """The registration form, the review and re-review decisions and the follow-up record print as
    Chinese PDFs, each only for a petition that has what it records.

    Needs wkhtmltopdf, the CJK fonts and poppler-utils (pdftotext) on the machine.
    """

    def render_text(self, report, record, user):
        return self.render_pdf_text(REPORT + report, record, user)

    def assert_refused(self, report, record, user):
        with self.assertRaisesRegex(UserError, "cannot be printed for"):
            self.env["ir.actions.report"].with_user(user)._render_qweb_html(REPORT + report, record.ids)

    def file_name(self, report, record):
        return safe_eval(self.env.ref(REPORT + report).print_report_name, {"object": record, "time": time})

    def chinese_replied(self):
        petition = self.handling(subject="村集体征收承包地未予补偿", content="村委会收回我家承包地，至今未支付补偿款。",
                                 request="请求依法支付土地补偿费。")
        petition.with_user(self.user_handler).action_reply("partial", "<p>补偿款已列入镇财政预算。</p>")
        return petition

    def reviewed(self):
        petition = self.chinese_replied()
        staff = petition.with_user(self.user_staff)
        staff.action_request_review()
        staff.action_decide_review("经复查，原处理意见认定事实清楚，予以维持。")
        return petition

    # --- 信访事项登记表 ------------------------------------------------------------------------
    def test_registration_form(self):
        petition = self.registered(subject="村集体征收承包地未予补偿", head_count=2,
                                   content="村委会收回我家承包地，至今未支付补偿款。",
                                   request="请求依法支付土地补偿费。")
        for user in (self.user_staff, self.user_mediator):
            with self.subTest(user=user.login):
                text = self.render_text("registration_form", petition, user)
                for expected in ("青山镇人民政府", "信访事项登记表", "登记编号", petition.name, "张三", "女",
                                 "11010519491231002X", "13800138000", cn_date(petition.registration_date),
                                 "来访", "申诉求决", "2人", "村集体征收承包地未予补偿", "至今未支付补偿款",
                                 "请求依法支付土地补偿费", petition.registered_by_id.name.replace(" ", ""),
                                 cn_date(petition.acceptance_deadline), "信访人签名"):
                    self.assertIn(expected, text)
        petition.action_accept()
        text = self.render_text("registration_form", petition, self.user_staff)
        self.assertIn(f"已于{cn_date(petition.accept_date)}受理", text)
        self.assertIn(cn_date(petition.handling_deadline), text)
        self.assertEqual(self.file_name("registration_form", petition), f"信访事项登记表-{petition.name}")

    def test_registration_form_seals_the_accuser(self):
        accuser = self.env["xinfang.petitioner"].create(
            {"name": "王秘密", "id_number": resident_id("11010519700101001"), "phone": "13911112222"})
        petition = self.registered(nature="accusation", subject="反映村干部挪用集体资金", petitioner_id=accuser.id,
                                   accused_person_entry="赵某某")
        self.assertFalse(petition.petitioner_id, "the accuser is sealed")
        text = self.render_text("registration_form", petition, self.user_staff)
        self.assertIn("检举控告人（身份保密）", text)
        self.assertIn("检举控告", text)
        self.assertIn("反映村干部挪用集体资金", text)
        for secret in ("王秘密", accuser.id_number, "13911112222", "赵某某"):
            self.assertNotIn(secret, text)

        text = self.render_text("registration_form", petition, self.user_jijian)
        for shown in ("王秘密", accuser.id_number, "13911112222", "赵某某"):
            self.assertIn(shown, text, "discipline inspection prints the accuser's identity")
        self.assertNotIn("身份保密", text)

    def test_draft_has_no_registration_form(self):
        self.assert_refused("registration_form", self.new_petition(), self.user_staff)

    # --- 复查意见书 / 复核意见书 ----------------------------------------------------------------
    def test_review_decision(self):
        petition = self.chinese_replied()
        self.assert_refused("review_decision", petition, self.user_staff)
        petition = self.reviewed()
        text = self.render_text("review_decision", petition, self.user_staff)
        for expected in ("青山镇人民政府", "信访事项复查意见书", petition.name, "张三", "村集体征收承包地未予补偿",
                         cn_date(petition.reply_date), cn_date(petition.review_request_date), "部分支持",
                         "原处理意见认定事实清楚，予以维持", cn_date(petition.review_date), "请求复核", "送达回执"):
            self.assertIn(expected, text)
        self.assertNotIn("复核意见书", text)
        self.assertEqual(self.file_name("review_decision", petition), f"复查意见书-{petition.name}")
        self.assert_refused("re_review_decision", petition, self.user_staff)

    def test_re_review_decision(self):
        petition = self.reviewed()
        staff = petition.with_user(self.user_staff)
        staff.action_request_re_review()
        staff.action_decide_re_review("经复核，维持复查意见，信访事项终结。")
        text = self.render_text("re_review_decision", petition, self.user_staff)
        for expected in ("信访事项复核意见书", petition.name, "张三", "原处理意见认定事实清楚，予以维持",
                         "维持复查意见，信访事项终结", cn_date(petition.re_review_request_date),
                         cn_date(petition.re_review_date), "不再受理"):
            self.assertIn(expected, text)
        self.assertEqual(self.file_name("re_review_decision", petition), f"复核意见书-{petition.name}")
        # the review decision of a concluded petition still prints
        self.assertIn("信访事项复查意见书", self.render_text("review_decision", petition, self.user_staff))

    # --- 回访记录 --------------------------------------------------------------------------
    def test_follow_up_record(self):
        petition = self.chinese_replied()
        self.assert_refused("follow_up_record", petition, self.user_mediator)
        petition.with_user(self.user_mediator).action_follow_up("basic", "信访人表示补偿标准基本认可。")
        text = self.render_text("follow_up_record", petition, self.user_mediator)
        for expected in ("信访事项回访记录", petition.name, "张三", "村集体征收承包地未予补偿", "部分支持",
                         cn_date(petition.reply_date), cn_date(petition.follow_up_date), "■基本满意", "□满意",
                         "□不满意", "信访人表示补偿标准基本认可", "回访人"):
            self.assertIn(expected, text)
        self.assertEqual(self.file_name("follow_up_record", petition), f"回访记录-{petition.name}")

    # --- Print menu ---------------------------------------------------------------------------
    def test_print_menu(self):
        documents = ("registration_form", "review_decision", "re_review_decision", "follow_up_record")
        reports = {key: self.env.ref(REPORT + key) for key in documents}

        def valid(petition):
            ids = self.env["ir.actions.report"].browse([r.id for r in reports.values()]).get_valid_action_reports(
                "xinfang.petition", petition.ids)
            return {key for key, report in reports.items() if report.id in ids}

        def bound(user):
            bindings = self.env["ir.actions.actions"].with_user(user).get_bindings("xinfang.petition")
            ids = [action["id"] for action in bindings.get("report", [])]
            return {key for key, report in reports.items() if report.id in ids}

        self.assertEqual(valid(self.new_petition()), set())
        self.assertEqual(valid(self.chinese_replied()), {"registration_form"})
        self.assertEqual(valid(self.reviewed()), {"registration_form", "review_decision"})
        self.assertEqual(bound(self.user_staff), set(documents))
        self.assertEqual(bound(self.user_mediator), {"registration_form", "follow_up_record"})
        self.assertEqual(bound(self.user_handler), set())
