# ruff: noqa: F821  (``env`` is provided by ``odoo shell``)
"""Load the township's day-to-day work around the petitions (run after data/load_township.py).

    scripts/odoo.sh shell -d DB --no-http < data/load_village_work.py

What a clerk finds on the start page and the village board on the first day:
- each village contracted to a leader (领导包村) since the start of the petition history;
- the published reception roster (领导接待日): one leader every day, 60 days back and 30 ahead;
- the villages' routine meetings (村例会, on the rule days of the last six months), recorded by the village's
  mediator with attendance and minutes; the contracting leader attends most of them, not all, and a few
  villages missed one;
- the contracting leaders' field visits (干部下访) to their villages;
- mediated disputes (矛盾纠纷调处) in the villages, when the supervision addon has them;
- two collective visits: one reported a quarter of an hour ago whose arrival clock is running, one
  persuaded back today with its leader on site in time.

Each record is made by the user who makes it in the office, through the steps. Runs once: the config
parameter ``xinfang.demo_village_work_loaded`` is set (and committed) at the end.
"""

import base64
import io
import random
from datetime import date, datetime, timedelta

from odoo import fields

PARAM = "xinfang.demo_village_work_loaded"
TOWNSHIP = "xinfang_township"
SEED = 2026
TZ = "Asia/Shanghai"
MONTHS_OF_MEETINGS = 6
LEADER_ATTENDS = 0.85  # share of village meetings the contracting leader attends
MEETING_MISSED = 0.06  # share of rule days a village let pass without its meeting
ROSTER_BACK, ROSTER_AHEAD = 60, 30
PLACE = "镇信访接待大厅"
MEETING_TOPICS = [
    "排查本村矛盾纠纷和不稳定因素", "通报上半月信访事项办理情况", "研究{subject}的化解方案",
    "落实包村领导交办事项", "做好重点人员稳控和帮扶",
]
FINDINGS = [
    "走访农户{n}户，听取群众对土地流转、低保评定的意见，未发现新的不稳定因素。",
    "与村两委座谈，了解到{subject}一事群众仍有意见，已要求村里三日内上门做工作。",
    "实地查看村道修缮和山塘整治进度，群众反映的排水问题已纳入下月计划。",
    "参加村民代表议事会，宣讲《信访工作条例》，引导群众依法逐级反映诉求。",
]
DISPUTES = [
    ("宅基地界址纠纷", "双方对相邻宅基地界址各执一词，滴水檐发生争执。", "agreement"),
    ("土地流转租金纠纷", "流转户拖欠两年租金，农户多次催讨未果。", "agreement"),
    ("邻里噪音纠纷", "楼上住户夜间加工木料，影响邻居休息。", "mediated"),
    ("山林承包界线纠纷", "两户对承包山林四至认识不一，发生砍伐争议。", "failed"),
    ("婚姻家庭赡养纠纷", "老人三个子女对赡养费分担有争议。", "agreement"),
    ("工程款拖欠纠纷", "村民在本村房屋翻建中做工，工钱被拖欠。", "mediated"),
]


def _agreement_pdf(village, title, names, day):
    """A one-page 人民调解协议书 as the parties signed it (reportlab ships with Odoo)."""
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("STSong-Light", 18)
    page.drawString(200, 780, "人民调解协议书")
    page.setFont("STSong-Light", 12)
    lines = [f"纠纷事项：{title}", f"当事人：{'、'.join(names)}", f"调解组织：{village}人民调解委员会",
             "经调解，双方自愿达成如下协议：按本协议约定履行，今后不再就此事发生争执。",
             f"当事人签字：{'    '.join(names)}", f"调解员签字：{village}调处员",
             f"日期：{day.year}年{day.month}月{day.day}日"]
    for n, line in enumerate(lines):
        page.drawString(60, 730 - 28 * n, line)
    page.save()
    return buffer.getvalue()


class VillageWork:
    def __init__(self, env):
        self.env = env
        self.rng = random.Random(SEED)
        self.today = fields.Date.context_today(env["xinfang.meeting"])
        self.villages = env["hr.department"].search([("xinfang_unit_type", "=", "village")], order="id")
        Employee = env["hr.employee"]
        self.leaders = Employee.search([("xinfang_role", "in", ("principal_leader", "deputy_leader"))], order="id")
        self.mediators = {
            employee.xinfang_village_id: employee
            for employee in Employee.search([("xinfang_role", "=", "mediator"), ("user_id", "!=", False)], order="id")
        }
        self.informants = {
            employee.xinfang_village_id: employee
            for employee in Employee.search([("xinfang_role", "=", "informant")], order="id")
        }
        self.office = env.ref(f"{TOWNSHIP}.user_staff")
        first = env["xinfang.petition"].search([], order="registration_date", limit=1).registration_date
        self.start = first or self.today - timedelta(days=365)
        self.contract_leader = {}

    # ------------------------------------------------------------------------------------------
    def load_contracts(self):
        director = self.env.ref(f"{TOWNSHIP}.user_director")
        vals = []
        for index, village in enumerate(self.villages):
            leader = self.leaders[index % len(self.leaders)]
            self.contract_leader[village] = leader
            vals.append({"leader_id": leader.id, "village_id": village.id, "date_from": self.start,
                         "note": f"{leader.name}包{village.name}，负责该村信访矛盾化解和稳控。"})
        return self.env["xinfang.village.contract"].with_user(director).create(vals)

    def load_roster(self):
        days = self.env["xinfang.reception.day"].with_user(self.office)
        vals = []
        for offset in range(-ROSTER_BACK, ROSTER_AHEAD + 1):
            day = self.today + timedelta(days=offset)
            leader = self.leaders[(day - date(2026, 1, 1)).days % len(self.leaders)]
            vals.append({"date": day, "leader_id": leader.id, "place": PLACE, "time_from": 8.5, "time_to": 11.5})
        roster = days.create(vals)
        roster.action_publish()
        return roster

    def _rule_days(self):
        Meeting = self.env["xinfang.meeting"]
        rule_days = Meeting._get_meeting_days("village")
        first = (self.today.replace(day=1) - timedelta(days=31 * (MONTHS_OF_MEETINGS - 1))).replace(day=1)
        year, month = first.year, first.month
        while (year, month) <= (self.today.year, self.today.month):
            for rule_day in rule_days:
                planned = date(year, month, rule_day)
                held = Meeting._next_working_day(planned)
                if held <= self.today:
                    yield planned, held
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def _village_subjects(self, village, day):
        petitions = self.env["xinfang.petition"].search([
            ("village_id", "=", village.id), ("registration_date", "<=", day),
            ("registration_date", ">", day - timedelta(days=30)),
        ], limit=3)
        return petitions.mapped("subject")

    def load_meetings(self):
        meetings = self.env["xinfang.meeting"]
        for planned, held in self._rule_days():
            for village in self.villages:
                if self.rng.random() < MEETING_MISSED:
                    continue
                meetings |= self._village_meeting(village, planned, held)
        return meetings

    def _village_meeting(self, village, planned, held):
        mediator = self.mediators[village]
        leader = self.contract_leader[village]
        attendees = mediator | self.informants.get(village, self.env["hr.employee"])
        if self.rng.random() < LEADER_ATTENDS:
            attendees |= leader
        subjects = self._village_subjects(village, held) or ["本村近期群众诉求"]
        topics = self.rng.sample(MEETING_TOPICS, 3)
        items = "".join(f"<li>{topic.format(subject=subjects[0])}</li>" for topic in topics)
        decided = "".join(f"<li>“{subject}”由村调处员会同村两委五日内上门答复。</li>" for subject in subjects)
        meeting = self.env["xinfang.meeting"].with_user(mediator.user_id).create({
            "meeting_type": "village", "village_id": village.id, "date": held, "planned_date": planned,
            "start_time": 19.0, "place": f"{village.name}村委会议室", "chair_id": mediator.id,
            "attendee_ids": [(6, 0, attendees.ids)],
            "minutes": f"<p><b>议题</b></p><ol>{items}</ol><p><b>议定事项</b></p><ol>{decided}</ol>",
        })
        meeting.action_schedule()
        meeting.action_hold()
        return meeting

    def load_field_visits(self):
        visits = self.env["xinfang.field.visit"]
        day = self.today - timedelta(days=31 * MONTHS_OF_MEETINGS)
        while day <= self.today:
            for village in self.villages:
                if self.rng.random() < 0.6:
                    continue
                leader = self.contract_leader[village]
                visit_day = min(day + timedelta(days=self.rng.randint(0, 20)), self.today)
                subjects = self._village_subjects(village, visit_day) or ["群众诉求"]
                text = self.rng.choice(FINDINGS).format(n=self.rng.randint(6, 20), subject=subjects[0])
                visits |= visits.with_user(leader.user_id or self.office).create({
                    "cadre_id": leader.id, "village_id": village.id, "date": visit_day, "findings": f"<p>{text}</p>",
                })
            day += timedelta(days=30)
        return visits

    def load_mediations(self):
        """Disputes the mediators mediated in the last months: agreements signed (the agreement attached),
        settled by word, and one that failed and was passed up to the township as a petition."""
        mediations = self.env["xinfang.mediation"]
        category = self.env["xinfang.category"].search([("code", "=", "LAND-02")], limit=1) \
            or self.env["xinfang.category"].search([], limit=1)
        for index, village in enumerate(self.villages[:12]):
            title, matter, outcome = DISPUTES[index % len(DISPUTES)]
            mediator = self.mediators[village]
            day = self.today - timedelta(days=7 + 13 * index)
            names = [f"{village.name[:-1]}{surname}某" for surname in ("张", "王", "李")][: 2 + index % 2]
            parties = [(0, 0, {"name": name, "role": "applicant" if n == 0 else "respondent"})
                       for n, name in enumerate(names)]
            vals = {"village_id": village.id, "date": day, "mediator_id": mediator.id, "party_ids": parties,
                    "category_id": category.id, "description": f"{title}：{matter}", "outcome": outcome}
            if outcome == "agreement":
                vals.update(result="双方自愿达成调解协议，当场签字并履行。",
                            agreement_file=base64.b64encode(_agreement_pdf(village.name, title, names, day)),
                            agreement_filename=f"{title}调解协议书.pdf")
            elif outcome == "mediated":
                vals.update(outcome="oral", result="经村调处员说和，双方口头达成一致，不再争执。")
            else:
                vals.update(result="经两次调解双方分歧较大，调解不成，报镇信访办处理。")
            mediation = mediations.with_user(mediator.user_id).create(vals)
            if mediation.outcome == "failed":
                mediation.action_pass_up()
            else:
                mediation.action_done()
            mediations |= mediation
        return mediations

    def load_collective_visits(self):
        Visit = self.env["xinfang.collective.visit"].with_user(self.office)
        now = fields.Datetime.now()
        villages = self.villages.sorted("population", reverse=True)
        running = Visit.create({
            "subject": f"{villages[0].name}部分村民到县信访局反映征地补偿款分配问题",
            "destination_level": "county", "head_count": 8, "notified_at": now - timedelta(minutes=15),
            "village_id": villages[0].id,
        })
        done = Visit.create({
            "subject": f"{villages[1].name}村民到县里反映山塘整治工程占地问题",
            "destination_level": "county", "head_count": 6, "notified_at": now - timedelta(minutes=50),
            "village_id": villages[1].id,
        })
        leader = self.contract_leader[villages[1]]
        if leader.xinfang_role not in ("principal_leader", "deputy_leader"):
            leader = self.leaders[0]
        done.write({"leader_ids": [(0, 0, {"employee_id": leader.id})]})
        done.action_dispatch()
        done.leader_ids.action_check_in()
        done.outcome = "包村领导到县信访局现场接谈，当场明确由镇里牵头复核占地面积，群众同意返回。"
        done.action_persuaded_back()
        return running | done


def main(env):
    params = env["ir.config_parameter"].sudo()
    if params.get_param(PARAM):
        print(f"The village work is already loaded ({PARAM}): nothing to do.")
        return
    env = env(context=dict(env.context, tz=TZ, lang="zh_CN", mail_activity_quick_update=True))
    loader = VillageWork(env)
    contracts = loader.load_contracts()
    roster = loader.load_roster()
    meetings = loader.load_meetings()
    visits = loader.load_field_visits()
    mediations = loader.load_mediations()
    collective = loader.load_collective_visits()
    params.set_param(PARAM, fields.Datetime.to_string(datetime.now()))
    env.cr.commit()
    absent = sum(1 for m in meetings if m.contract_leader_absent) if "contract_leader_absent" in meetings else "-"
    print(f"village work: {len(contracts)} contracts, {len(roster)} reception days, {len(meetings)} village "
          f"meetings (contracting leader absent from {absent}), {len(visits)} field visits, "
          f"{len(mediations)} mediations, {len(collective)} collective visits")


main(env)
