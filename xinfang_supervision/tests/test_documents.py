from odoo.addons.xinfang_petition.tests.common import PdfTextCase
from odoo.addons.xinfang_petition.tests.test_reports import cn_date
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval, time

from .common_meeting import MeetingCase

REPORT = "xinfang_supervision.action_report_"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestSupervisionDocuments(PdfTextCase, MeetingCase):
    """The minutes of a held routine or joint meeting and the task cards print as Chinese PDFs.

    Needs wkhtmltopdf, the CJK fonts and poppler-utils (pdftotext) on the machine.
    """

    def render_text(self, report, record, user=None):
        return self.render_pdf_text(REPORT + report, record, user or self.user_staff)

    def assert_refused(self, report, record):
        with self.assertRaisesRegex(UserError, "cannot be printed for"):
            self.env["ir.actions.report"].with_user(self.user_staff)._render_qweb_html(REPORT + report, record.ids)

    def file_name(self, report, record):
        return safe_eval(self.env.ref(REPORT + report).print_report_name, {"object": record, "time": time})

    def held(self, meeting_type="routine", minutes="<p>会议决定由东村调解员牵头化解土地补偿纠纷。</p>", **vals):
        meeting = self.new_meeting(meeting_type, place="镇政府三楼会议室", **vals)
        # set up as the administrator: the office's users do not write employees' relations
        meeting.sudo().attendee_ids = self.staff_employee | self.mediator
        meeting.agenda_ids = [Command.create(
            {"kind": "other", "name": "春耕期间土地纠纷排查", "note": "各村本周内完成排查"})]
        task = self.new_task(meeting, self.mediator, "化解东村土地补偿纠纷", deadline="2026-03-31")
        meeting.minutes = minutes
        meeting.action_hold()
        return meeting, task

    # --- 会议纪要 --------------------------------------------------------------------------
    def test_routine_meeting_minutes(self):
        meeting, task = self.held()
        text = self.render_text("meeting_minutes", meeting)
        for expected in ("青山镇人民政府", "信访工作例会纪要", "〔2026〕第1期", cn_date(meeting.date), "09:00",
                         "镇政府三楼会议室", "LeaderWang", "StaffZhao", self.mediator.name.replace(" ", ""),
                         "春耕期间土地纠纷排查", "各村本周内完成排查", "会议决定由东村调解员牵头化解土地补偿纠纷",
                         "交办事项1项", task.number, "化解东村土地补偿纠纷", cn_date(task.deadline), "办理中",
                         "主持人（签字）", "记录人（签字）"):
            self.assertIn(expected, text)
        self.assertEqual(self.file_name("meeting_minutes", meeting), "会议纪要-20260309")

        later, _task = self.held(minutes="<p>第二次例会。</p>")
        self.assertIn("〔2026〕第2期", self.render_text("meeting_minutes", later))

    def test_joint_meeting_minutes(self):
        meeting, _task = self.held("joint", minutes="<p>联席会议研究重大信访事项。</p>")
        text = self.render_text("meeting_minutes", meeting)
        self.assertIn("党政联席会议纪要", text)
        self.assertIn("〔2026〕第1期", text)
        self.assertIn("联席会议研究重大信访事项", text)

    def test_minutes_only_of_a_held_routine_or_joint_meeting(self):
        self.assert_refused("meeting_minutes", self.new_meeting("routine"))
        village, _task = self.held("village", village_id=self.village_a.id)
        self.assert_refused("meeting_minutes", village)
        committee, _task = self.held("committee")
        self.assert_refused("meeting_minutes", committee)

    # --- 交办卡 ----------------------------------------------------------------------------
    def test_task_card_of_a_meeting_decision(self):
        meeting, task = self.held("joint")
        task.instructions = "<p>会同国土所核实补偿标准。</p>"
        text = self.render_text("task_card", task)
        for expected in ("青山镇人民政府", "信访工作交办卡", "交办编号", task.number, cn_date(meeting.date),
                         "党政联席会议决定", "化解东村土地补偿纠纷", self.mediator.name.replace(" ", ""), "EastVillage",
                         cn_date(task.deadline), "办理中", "会同国土所核实补偿标准", "（尚未报告）", "责任人（签字）"):
            self.assertIn(expected, text)
        self.assertEqual(self.file_name("task_card", task), f"交办卡-{task.number}")

        self.env["xinfang.task.progress"].with_user(self.user_mediator).create(
            {"task_id": task.id, "note": "已召集双方调解，达成补偿协议。"})
        task.with_user(self.user_mediator).action_done()
        text = self.render_text("task_card", task)
        self.assertIn("已召集双方调解，达成补偿协议", text)
        self.assertIn("已办结", text)
        self.assertIn(f"已于{cn_date(task.done_date)}办结", text)

    def test_task_card_of_a_risk(self):
        risk = self.new_risk(description="十二户村民拟集体到县上访。")
        task = self.Task.create({"name": "稳控十二户村民", "risk_id": risk.id, "owner_id": self.handler.id,
                                 "deadline": "2026-03-20"})
        text = self.render_text("task_card", task)
        for expected in ("信访工作交办卡", task.number, "矛盾风险隐患排查", risk.name, "重大风险",
                         "十二户村民拟集体到县上访", "稳控十二户村民", self.handler.name.replace(" ", ""),
                         "LandOffice", cn_date(task.deadline)):
            self.assertIn(expected, text)

    # --- Print menu ---------------------------------------------------------------------------
    def test_print_menu(self):
        for model, key in (("xinfang.meeting", "meeting_minutes"), ("xinfang.task", "task_card")):
            report = self.env.ref(REPORT + key)
            for user, shown in ((self.user_staff, True), (self.user_leader, True), (self.user_mediator, False),
                                (self.user_handler, False)):
                with self.subTest(report=key, user=user.login):
                    bindings = self.env["ir.actions.actions"].with_user(user).get_bindings(model)
                    self.assertEqual(report.id in [action["id"] for action in bindings.get("report", [])], shown)
        held, _task = self.held()
        minutes = self.env.ref(REPORT + "meeting_minutes")
        self.assertEqual(minutes.get_valid_action_reports("xinfang.meeting", held.ids), [minutes.id])
        self.assertEqual(minutes.get_valid_action_reports("xinfang.meeting", self.new_meeting().ids), [])
