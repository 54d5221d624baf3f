import shutil
import unittest

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval, time

from .common import XinfangCase, pdf_text, resident_id, setup_pdf_rendering

REPORT = "xinfang_petition.action_report_"

# Qt's PDF writer maps each glyph back to the lowest code point that uses it, so with Noto CJK an ideograph
# whose glyph a CJK radical shares comes out of pdftotext as that radical (人 -> ⼈, 青 -> ⻘). The notices
# are set in AR PL UMing, whose text layer carries the real characters: these tests read it literally.
# The table below (read from Noto CJK SC's cmap) folds radicals back, for documents still set in Noto.
RADICAL_BLOCKS = (range(0x2E80, 0x2F00), range(0x2F00, 0x2FE0))  # CJK Radicals Supplement, Kangxi Radicals
RADICALS = str.maketrans(
    "⺂⺃⺅⺉⺎⺏⺐⺒⺓⺔⺕⺖⺘⺙⺛⺞⺟⺠⺡⺣⺦⺨⺫⺭⺯⺰⺱⺹⺺⺾⻁⻂⻃⻅⻆⻈⻉⻋⻌⻐⻑⻒⻓⻔⻖⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻮⻯⻰⻱⻲⻳⼾",
    "乛乚亻刂兀尣尢巳幺彑彐忄扌攵旡歺母民氵灬丬犭罒礻糹纟罓耂肀艹虎衤覀见角讠贝车辶钅長镸长门阝青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐齿竜龙龜亀龟户",
)


def cn_date(day):
    return f"{day.year}年{day.month}月{day.day}日"



@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestReports(XinfangCase):
    """The statutory documents render as PDFs with Chinese text, one record per PDF.

    Needs wkhtmltopdf, fonts-noto-cjk and poppler-utils (pdftotext) on the machine.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_pdf_rendering(cls.env)
        cls.company = cls.env.company

    def setUp(self):
        super().setUp()
        self.assertTrue(shutil.which("wkhtmltopdf"), "install wkhtmltopdf (apt-get install -y wkhtmltopdf)")
        self.assertTrue(shutil.which("pdftotext"), "install poppler-utils (apt-get install -y poppler-utils)")

    # --- helpers ---------------------------------------------------------------------------
    def render(self, report, record, user=None):
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        pdf, report_type = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            REPORT + report, record.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"), "wkhtmltopdf must produce a PDF")
        return pdf

    def pdf_text(self, pdf):
        """The PDF's text layer as pdftotext reads it (no folding of radicals or full-width forms: the
        characters must be the real ones), without whitespace, so a number or a date broken over two
        lines still matches."""
        return pdf_text(pdf)

    def render_text(self, report, record, user=None):
        return self.pdf_text(self.render(report, record, user=user))

    def file_name(self, report, record):
        action = self.env.ref(REPORT + report)
        return safe_eval(action.print_report_name, {"object": record, "time": time})

    def chinese_petition(self, **vals):
        return self.accepted(subject="村集体征收承包地未予补偿", content="村委会收回我家承包地，至今未支付补偿款。",
                             request="请求依法支付土地补偿费。", **vals)

    # --- the five documents ------------------------------------------------------------------
    def test_acceptance_notice(self):
        petition = self.chinese_petition()
        text = self.render_text("acceptance_notice", petition, user=self.user_staff)
        self.assertIn("信访事项受理告知书", text)
        self.assertIn("青山镇人民政府", text, "the letterhead is inside the page body")
        self.assertIn(petition.name, text)
        self.assertIn("张三", text)
        self.assertIn(cn_date(petition.accept_date), text)
        self.assertIn(cn_date(petition.handling_deadline), text)
        self.assertIn("村集体征收承包地未予补偿", text)
        self.assertIn("送达回执", text)
        self.assertEqual(self.file_name("acceptance_notice", petition), f"受理告知书-{petition.name}")

    def test_notices_of_a_selection_print_as_one_file(self):
        # Printing from the list with several petitions selected: one PDF, each notice in it.
        first, second = self.chinese_petition(), self.chinese_petition(petitioner_id=self.petitioner_b.id)
        try:
            text = self.render_text("acceptance_notice", first | second, user=self.user_staff)
        except unittest.SkipTest as refusal:  # what Odoo raises in tests instead of its UserError
            self.fail(f"several notices in one print: {refusal}")
        self.assertIn(first.name, text)
        self.assertIn(second.name, text)
        once = self.render_text("acceptance_notice", first).count("信访事项受理告知书")
        self.assertEqual(text.count("信访事项受理告知书"), 2 * once)

    def test_acceptance_notice_states_the_original_deadline_after_an_extension(self):
        petition = self.chinese_petition()
        original = petition.handling_deadline
        self.assign(petition)
        extension = self.env["xinfang.extension"].with_user(self.user_staff).create(
            {"petition_id": petition.id, "days": 30, "reason": "需现场勘测"})
        extension.action_approve()
        extension.with_user(self.user_leader).validate_tier()
        self.assertNotEqual(petition.handling_deadline, original)
        text = self.render_text("acceptance_notice", petition)
        self.assertIn(cn_date(original), text)
        self.assertNotIn(cn_date(petition.handling_deadline), text)

    def test_non_acceptance_notice(self):
        petition = self.registered(subject="要求解决邻里纠纷")
        petition.with_user(self.user_staff).action_reject("该事项不属于本机关职责范围，且已由人民调解委员会调解。")
        text = self.render_text("non_acceptance_notice", petition, user=self.user_staff)
        self.assertIn("信访事项不予受理告知书", text)
        self.assertIn(petition.name, text)
        self.assertIn("该事项不属于本机关职责范围", text)
        self.assertIn("张三", text)
        self.assertEqual(self.file_name("non_acceptance_notice", petition), f"不予受理告知书-{petition.name}")

    def test_routing_notice(self):
        petition = self.registered(subject="拖欠工资", category_id=self.category_labour.id)
        petition.with_user(self.user_staff).action_redirect("arbitration", "属于劳动争议，应申请劳动人事争议仲裁。")
        text = self.render_text("non_acceptance_notice", petition, user=self.user_staff)
        self.assertIn("信访事项导入法定途径告知书", text)
        self.assertNotIn("不予受理告知书", text)
        self.assertIn(petition.name, text)
        self.assertIn("仲裁", text)
        self.assertIn("属于劳动争议", text)
        self.assertEqual(self.file_name("non_acceptance_notice", petition), f"导入法定途径告知书-{petition.name}")

        transferred = self.registered(subject="村干部违纪问题", petitioner_id=self.petitioner_b.id)
        transferred.action_redirect("discipline", "属于纪检监察机关职责范围。")
        self.assertIn("信访事项转送告知书", self.render_text("non_acceptance_notice", transferred))

    def test_extension_notice(self):
        petition = self.handling(subject="宅基地确权纠纷")
        extension = self.env["xinfang.extension"].with_user(self.user_staff).create(
            {"petition_id": petition.id, "days": 30, "reason": "需委托测绘机构重新测量宅基地四至。"})
        extension.action_approve()
        extension.with_user(self.user_leader).validate_tier()
        self.assertEqual(extension.state, "approved")
        text = self.render_text("extension_notice", extension, user=self.user_handler)
        self.assertIn("信访事项延期办理告知书", text)
        self.assertIn(petition.name, text)
        self.assertIn("30日", text)
        self.assertIn(cn_date(extension.new_deadline), text)
        self.assertIn("需委托测绘机构重新测量宅基地四至", text)
        self.assertEqual(self.file_name("extension_notice", extension), f"延期告知书-{petition.name}")

    def test_assignment_slip(self):
        petition = self.chinese_petition()
        assignment = self.assign(petition, co_unit_ids=[Command.set(self.unit_social.ids)],
                                 instructions="<p>请会同社会事务办核实补偿标准。</p>")
        text = self.render_text("assignment_slip", assignment, user=self.user_handler)
        self.assertIn("信访事项交办单", text)
        self.assertIn(assignment.name, text)
        self.assertIn(petition.name, text)
        self.assertIn(self.unit_land.name.replace(" ", ""), text)
        self.assertIn(self.unit_social.name.replace(" ", ""), text)
        self.assertIn(self.handler.name.replace(" ", ""), text)
        self.assertIn("请会同社会事务办核实补偿标准", text)
        self.assertIn(cn_date(assignment.due_date), text)
        self.assertIn("办理情况反馈", text)
        self.assertEqual(self.file_name("assignment_slip", assignment), f"交办单-{assignment.name}")

    def test_handling_opinion(self):
        petition = self.chinese_petition()
        self.assign(petition)
        petition.with_user(self.user_handler).action_reply(
            "partial", "<p>经核实，你家承包地于2025年被收回，补偿款已列入镇财政预算，将于30日内发放。</p>")
        text = self.render_text("handling_opinion", petition, user=self.user_handler)
        self.assertIn("信访事项处理意见书", text)
        self.assertIn(petition.name, text)
        self.assertIn("补偿款已列入镇财政预算", text)
        self.assertIn("部分支持", text)
        self.assertIn("复查", text)
        self.assertIn("自收到本处理意见书之日起30日内", text)
        # the window runs from the receipt: once recorded, the opinion states its end
        self.assertFalse(petition.review_request_deadline)
        petition.with_user(self.user_staff).action_record_reply_receipt(None, "in_person")
        text = self.render_text("handling_opinion", petition, user=self.user_handler)
        self.assertIn(cn_date(petition.reply_received_date), text)
        self.assertIn(cn_date(petition.review_request_deadline), text)
        self.assertEqual(self.file_name("handling_opinion", petition), f"处理意见书-{petition.name}")

    # --- the text layer -------------------------------------------------------------------------
    def test_pdf_text_layer_carries_the_real_characters(self):
        # Copying, searching and indexing a notice read its text layer: 青石镇人民政府, not ⻘⽯镇⼈⺠政府.
        self.company.name = "青石镇人民政府"
        petition = self.accepted(subject="长门见风飞马鱼鸟黄齐龙户")
        pdf = self.render("acceptance_notice", petition, user=self.user_staff)
        text = self.pdf_text(pdf)
        self.assertIn("青石镇人民政府", text)
        self.assertIn("长门见风飞马鱼鸟黄齐龙户", text)
        self.assertIn("信访事项受理告知书", text)
        radicals = sorted({char for char in text if any(ord(char) in block for block in RADICAL_BLOCKS)})
        self.assertFalse(radicals, f"radicals instead of ideographs in the PDF text: {radicals}")

    # --- a document only for the records it fits -------------------------------------------------
    def test_a_document_is_refused_for_a_record_it_does_not_fit(self):
        accepted = self.chinese_petition()
        rejected = self.registered(subject="重复反映", petitioner_id=self.petitioner_b.id)
        rejected.action_reject("同一事项已处理完毕。")
        refused = [
            ("handling_opinion", accepted),  # no reply yet: it would print an empty opinion
            ("non_acceptance_notice", accepted),
            ("acceptance_notice", rejected),
            ("handling_opinion", rejected),
        ]
        for report, record in refused:
            with self.subTest(report=report, record=record.name), \
                    self.assertRaisesRegex(UserError, "cannot be printed for"):
                self.env["ir.actions.report"].with_user(self.user_staff)._render_qweb_html(
                    REPORT + report, record.ids)
            with self.subTest(report=report, record=record.name, pdf=True), \
                    self.assertRaisesRegex(UserError, "cannot be printed for"):
                self.render(report, record, user=self.user_staff)
        # the fitting ones print
        self.assertIn("信访事项受理告知书", self.render_text("acceptance_notice", accepted, user=self.user_staff))
        self.assertIn("信访事项不予受理告知书", self.render_text("non_acceptance_notice", rejected))

    def test_a_pending_extension_and_a_draft_assignment_print_nothing(self):
        petition = self.handling(subject="宅基地确权纠纷")
        extension = self.env["xinfang.extension"].with_user(self.user_staff).create(
            {"petition_id": petition.id, "days": 30, "reason": "需委托测绘机构重新测量。"})
        with self.assertRaisesRegex(UserError, "cannot be printed for"):
            self.render("extension_notice", extension, user=self.user_handler)
        extension.action_approve()
        with self.assertRaisesRegex(UserError, "cannot be printed for"):  # waiting for the leader
            self.render("extension_notice", extension, user=self.user_handler)
        extension.with_user(self.user_leader).validate_tier()
        self.assertIn("信访事项延期办理告知书", self.render_text("extension_notice", extension, user=self.user_handler))

        draft = self.env["xinfang.assignment"].with_user(self.user_staff).create({
            "petition_id": self.accepted().id, "lead_unit_id": self.unit_land.id, "handler_id": self.handler.id})
        with self.assertRaisesRegex(UserError, "cannot be printed for"):
            self.render("assignment_slip", draft, user=self.user_staff)

    def test_a_selection_is_refused_naming_every_record_that_does_not_fit(self):
        replied = self.chinese_petition()
        self.assign(replied)
        replied.with_user(self.user_handler).action_reply("support", "<p>补偿款已发放。</p>")
        first, second = self.chinese_petition(), self.chinese_petition(petitioner_id=self.petitioner_b.id)
        with self.assertRaises(UserError) as refusal:
            self.render("handling_opinion", replied | first | second, user=self.user_staff)
        message = str(refusal.exception)
        self.assertIn(first.display_name, message)
        self.assertIn(second.display_name, message)
        self.assertNotIn(replied.display_name, message)

    # --- whistleblowers -------------------------------------------------------------------------
    def test_accuser_identity_only_for_discipline_inspection(self):
        accuser = self.env["xinfang.petitioner"].create(
            {"name": "王秘密", "id_number": resident_id("11010519700101001")})
        petition = self.accepted(nature="accusation", subject="反映村干部挪用集体资金", petitioner_id=accuser.id)
        self.assertFalse(petition.petitioner_id, "the accuser is sealed")
        assignment = self.assign(petition)

        for user in (self.user_staff, self.user_handler):
            with self.subTest(user=user.login):
                text = self.render_text("acceptance_notice", petition, user=user)
                self.assertIn("信访事项受理告知书", text)
                self.assertIn(petition.name, text)
                self.assertIn("检举控告人", text)
                self.assertNotIn("王秘密", text)
                slip = self.render_text("assignment_slip", assignment, user=user)
                self.assertIn("检举控告人（身份保密）", slip)
                self.assertNotIn("王秘密", slip)

        text = self.render_text("acceptance_notice", petition, user=self.user_jijian)
        self.assertIn("王秘密", text, "discipline inspection prints the notice addressed to the accuser")

    # --- Print menu ---------------------------------------------------------------------------
    def test_print_menu_bindings(self):
        accepted = self.chinese_petition()
        rejected = self.registered(subject="重复反映")
        rejected.action_reject("同一事项已处理完毕。")
        notices = {
            key: self.env.ref(REPORT + key)
            for key in ("acceptance_notice", "non_acceptance_notice", "handling_opinion")
        }
        # every PDF document of the addons (spreadsheets are exported from their own screens)
        pdfs = self.env["ir.actions.report"].search([("model", "like", "xinfang."), ("report_type", "=", "qweb-pdf")])
        self.assertGreater(len(pdfs), 15)
        for report in pdfs:
            self.assertTrue(report.binding_model_id, f"{report.name} must appear in the Print menu")
            self.assertEqual(report.paperformat_id, self.env.ref("xinfang_petition.paperformat_xinfang_notice"))

        def valid(petition):
            ids = self.env["ir.actions.report"].browse([r.id for r in notices.values()]).get_valid_action_reports(
                "xinfang.petition", petition.ids)
            return {key for key, report in notices.items() if report.id in ids}

        self.assertEqual(valid(accepted), {"acceptance_notice"})
        self.assertEqual(valid(rejected), {"non_acceptance_notice"})

        slip = self.env.ref(REPORT + "assignment_slip")
        bindings = self.env["ir.actions.actions"].with_user(self.user_handler).get_bindings("xinfang.assignment")
        self.assertIn(slip.id, [action["id"] for action in bindings.get("report", [])])
        bindings = self.env["ir.actions.actions"].with_user(self.user_mediator).get_bindings("xinfang.assignment")
        self.assertNotIn(slip.id, [action["id"] for action in bindings.get("report", [])])


@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestReportUrls(XinfangCase, HttpCase):
    """/report/pdf/<report>/<id>, as the web client's Print menu and a typed URL call it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_pdf_rendering(cls.env, "青石镇人民政府")

    def url_open(self, *args, **kwargs):
        # The server shares the test cursor but not the ORM cache: flush before, re-read after.
        self.env.flush_all()
        response = super().url_open(*args, **kwargs)
        self.env.invalidate_all()
        return response

    def open_pdf(self, report_name, record):
        # force_report_rendering: a real PDF from wkhtmltopdf, as outside tests
        return self.url_open(f"/report/pdf/xinfang_petition.{report_name}/{record.id}"
                             '?context={"force_report_rendering": true}', timeout=120)

    def test_accepted_petition_prints_its_acceptance_notice_not_a_handling_opinion(self):
        self.assertTrue(shutil.which("wkhtmltopdf") and shutil.which("pdftotext"), "wkhtmltopdf and pdftotext")
        petition = self.accepted(subject="村集体征收承包地未予补偿")
        self.authenticate(self.user_staff.login, self.user_staff.login)
        with mute_logger("odoo.http"):
            response = self.open_pdf("report_handling_opinion", petition)
        self.assertEqual(response.status_code, 422, "an accepted petition has no handling opinion yet")
        self.assertNotIn("application/pdf", response.headers.get("Content-Type", ""))

        response = self.open_pdf("report_acceptance_notice", petition)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF-"))
        text = pdf_text(response.content)
        self.assertIn("信访事项受理告知书", text)
        self.assertIn("青石镇人民政府", text)
        self.assertIn(petition.name, text)

    def test_replied_petition_prints_its_handling_opinion(self):
        petition = self.replied(subject="村集体征收承包地未予补偿")
        self.authenticate(self.user_staff.login, self.user_staff.login)
        response = self.open_pdf("report_handling_opinion", petition)
        self.assertEqual(response.status_code, 200)
        text = pdf_text(response.content)
        self.assertIn("信访事项处理意见书", text)
        self.assertIn("村集体征收承包地未予补偿", text)
        with mute_logger("odoo.http"):
            response = self.open_pdf("report_non_acceptance_notice", petition)
        self.assertEqual(response.status_code, 422)
