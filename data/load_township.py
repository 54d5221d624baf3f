# ruff: noqa: F821  (``env`` is provided by ``odoo shell``)
"""Load the fictional township 青石镇 (data/township.py) into a database, through the real workflow.

    scripts/odoo.sh shell -d DB --no-http < data/load_township.py

Creates the village committees and township units (hr.department), the staff (hr.employee with
users, password = login), the default lead unit of each top-level category, then about 400
petitions over the past 12 months in every state. Each workflow step runs as the user who does it
in the office (mediator, office staff, handler, leader) with the clock frozen on the step's day,
so deadlines, activities, tracking and rules behave as they would have. A workflow method that
refuses a step stops the load with its error: that is a finding, not something to work around.

As an office looks on a clerk's first day: the leader of a major petition's case (领导包案, with
xinfang_supervision) records the four duties as they are carried out, each with its date, a note and
an evidence file, and closes the case when the petition is closed; and a few approvals wait for the
leaders (the newest extension requests, the assignment of a major petition just accepted).

Runs once: the config parameter ``xinfang.demo_township_loaded`` is set (and committed) at the end.
The source folder is found from ``XINFANG_DATA_DIR`` or the addons path (``__file__`` is undefined
when the script is piped into the shell).
"""

import os
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import freezegun

from odoo import fields
from odoo.tools import config

PARAM = "xinfang.demo_township_loaded"
N_PETITIONS = int(os.environ.get("XINFANG_DEMO_PETITIONS", 400))
MODULE = "xinfang_township"  # xmlid namespace of the loaded records: xinfang_township.user_leader, ...
TZ = "Asia/Shanghai"
STEP_HOUR_UTC = 1  # 09:00 in Shanghai: steps happen during office hours, on the same local date
PENDING_EXTENSIONS = 2  # the newest extension requests wait for the leader's approval
PENDING_ASSIGNMENTS = 1  # major petitions just accepted whose assignment waits for the leader's approval
# The four duties of a leader case (四包): the evidence file and what the leader recorded
DUTY_EVIDENCE = {
    "investigate": ("调查笔录", "包案领导{leader}听取{unit}汇报，到{village}实地调查核实“{subject}”有关情况，"
                                "询问信访人及相关当事人，调阅有关资料。"),
    "resolve": ("协调会议纪要", "包案领导{leader}召集{unit}等单位专题协调，研究确定处理意见并督促落实，"
                              "已向信访人出具处理意见书（{outcome}）。"),
    "follow_up": ("回访记录", "包案领导{leader}带领{unit}上门回访信访人，听取对处理意见的评价，"
                              "信访人表示{satisfaction}。"),
    "keep_stable": ("稳控情况说明", "经包案领导{leader}会同{village}两委共同跟踪，信访人情绪稳定，"
                                  "无重复信访、越级上访苗头，包稳定责任落实到位。"),
}


def _data_dir():
    candidates = [os.environ.get("XINFANG_DATA_DIR", "")]
    for path in (config["addons_path"] or []):
        candidates += [os.path.join(path, "data"), os.path.join(os.path.dirname(path.rstrip("/")), "data")]
    for candidate in candidates:
        if candidate and os.path.isfile(os.path.join(candidate, "township.py")):
            return candidate
    raise RuntimeError("data/township.py not found: set XINFANG_DATA_DIR to the repository's data folder")


def _xmlids(env, records_by_name):
    env["ir.model.data"]._update_xmlids([
        {"xml_id": f"{MODULE}.{name}", "record": record, "noupdate": True}
        for name, record in records_by_name.items()
    ])


class Loader:
    def __init__(self, env, township):
        self.env = env
        self.t = township
        self.today = fields.Date.context_today(env["xinfang.petition"])
        self.villages = {}  # code -> hr.department
        self.units = {}  # code -> hr.department
        self.users = {}  # login -> res.users
        self.employees = {}  # login -> hr.employee
        self.persons = {}  # id number -> xinfang.petitioner id
        self.records = {}  # seq -> xinfang.petition
        self.cases = {}  # seq -> xinfang.leader.case (xinfang_supervision)
        self.rows = {}  # seq -> generated row
        self.counter = Counter()
        self.cost = defaultdict(lambda: [0.0, 0])  # step -> [CPU seconds, queries]

    # -- organisation ------------------------------------------------------------------------
    def load_company(self):
        """The company is the township government: Chinese name, country, time zone and yuan.

        The currency can only change while the company has no journal items: a database created with
        Odoo's own demo data (invoices in dollars) keeps its currency, and the loader says so.
        """
        env = self.env
        company = env.company
        company.write({"name": f"{self.t.TOWNSHIP}人民政府", "country_id": env.ref("base.cn").id,
                       "city": self.t.TOWNSHIP, "email": "xinfang@qingshi.example.com"})
        company.partner_id.write({"tz": TZ, "lang": "zh_CN"})
        yuan = env.ref("base.CNY")
        if company.currency_id == yuan:
            return
        if env["account.move.line"].search_count([("company_id", "=", company.id)], limit=1):
            print(f"company currency stays {company.currency_id.name}: journal items already exist")
            return
        yuan.active = True
        company.currency_id = yuan

    def load_organisation(self):
        env = self.env
        Department = env["hr.department"].with_context(tracking_disable=True)
        company = env.company
        parent = Department.create({"name": self.t.VILLAGE_PARENT, "company_id": company.id})
        villages = Department.create([
            {"name": v["name"], "xinfang_unit_type": "village", "population": v["population"],
             "parent_id": parent.id, "company_id": company.id}
            for v in self.t.villages()
        ])
        self.villages = {v["code"]: rec for v, rec in zip(self.t.villages(), villages, strict=True)}
        units = Department.create([
            {"name": u["name"], "xinfang_unit_type": u["unit_type"], "company_id": company.id} for u in self.t.units()
        ])
        self.units = {u["code"]: rec for u, rec in zip(self.t.units(), units, strict=True)}
        xmlids = {"village_parent": parent}
        xmlids.update({f"village_{code}": rec for code, rec in self.villages.items()})
        xmlids.update({f"unit_{code}": rec for code, rec in self.units.items()})

        people = self.t.staff()
        with_user = [p for p in people if p["has_user"]]
        base_user = env.ref("base.group_user")
        users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True).create([
            {
                "name": p["name"], "login": p["login"],
                "email": f"{p['login']}@qingshi.example.com", "lang": "zh_CN", "tz": TZ,
                "notification_type": "inbox", "company_id": company.id, "company_ids": [(6, 0, company.ids)],
                "group_ids": [(6, 0, (base_user | self._groups(p["groups"])).ids)],
            }
            for p in with_user
        ])
        self.users = {p["login"]: user for p, user in zip(with_user, users, strict=True)}
        self._set_passwords()
        employees = env["hr.employee"].with_context(tracking_disable=True).create([
            {
                "name": p["name"], "user_id": self.users[p["login"]].id if p["has_user"] else False,
                "department_id": (self.units[p["unit"]] if p["unit"] else self.villages[p["village"]]).id,
                "job_title": p["job_title"], "xinfang_role": p["role"] or False,
                "xinfang_village_id": self.villages[p["village"]].id if p["village"] else False,
                "work_email": f"{p['login']}@qingshi.example.com", "company_id": company.id,
            }
            for p in people
        ])
        self.employees = {p["login"]: emp for p, emp in zip(people, employees, strict=True)}
        self.people = {p["login"]: p for p in people}
        for p in people:
            if p["is_head"]:
                self.units[p["unit"]].manager_id = self.employees[p["login"]]
        xmlids.update({f"user_{login}": user for login, user in self.users.items()})
        xmlids.update({f"employee_{login}": emp for login, emp in self.employees.items()})
        _xmlids(env, xmlids)

        Category = env["xinfang.category"]
        for category_code, unit_code in self.t.category_units().items():
            Category.search([("code", "=", category_code)]).default_unit_id = self.units[unit_code]
        self.categories = {c.code: c for c in Category.search([("code", "!=", False)])}
        missing = set(self.t.CATEGORIES) - set(self.categories)
        if missing:
            raise RuntimeError(f"categories missing from xinfang_category_data.xml: {sorted(missing)}")

    def _set_passwords(self):
        """Password = login, hashed by Odoo's own context in parallel threads.

        Each hash takes 600,000 PBKDF2 rounds (0.3-0.7 s); hashlib releases the GIL, so the
        threads share the CPUs instead of queueing one user after the other.
        """
        Users = self.env["res.users"]
        context = Users._crypt_context()
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            hashes = pool.map(context.hash, list(self.users))
            for user, hashed in zip(self.users.values(), hashes, strict=True):
                Users._set_encrypted_password(user.id, hashed)

    def _groups(self, xmlids):
        groups = self.env["res.groups"]
        for xmlid in xmlids:
            groups |= self.env.ref(xmlid)
        return groups

    # -- who does what ---------------------------------------------------------------------------
    def _office_user(self, seq):
        logins = ["staff", "staff", self._login("xfb", "staff", 1), self._login("xfb", "staff", 2),
                  self._login("xfb", "office_deputy", 0)]
        return self.users[logins[seq % len(logins)]]

    def _login(self, unit, role, index):
        matches = [p["login"] for p in self.people.values() if p["unit"] == unit and p["role"] == role]
        return matches[index % len(matches)]

    def _mediator(self, village_code):
        return next(self.users[p["login"]] for p in self.people.values()
                    if p["role"] == "mediator" and p["village"] == village_code)

    def _lead_unit(self, row):
        category = self.categories[row["category"]]
        top = category.parent_id or category
        return top.default_unit_id or self.units["dzb"]

    def _handler(self, unit, seq):
        """The handler of the lead unit: a staff member most of the time, every fifth case the head.

        The demo handler (自然资源所) and discipline officer (纪委) carry two thirds of their unit's cases,
        so that their logins show a realistic workload.
        """
        code = next(code for code, u in self.units.items() if u == unit)
        demo = {"zrzy": "handler", "jw": "jijian"}.get(code)
        if demo and seq % 3:
            return self.employees[demo]
        members = [p for p in self.people.values() if p["unit"] == code and p["has_user"] and p["role"] == "handler"]
        heads = [p for p in members if p["is_head"]]
        workers = [p for p in members if not p["is_head"]] or heads
        chosen = heads[0] if heads and seq % 5 == 0 else workers[seq % len(workers)]
        return self.employees[chosen["login"]]

    # -- petitions -------------------------------------------------------------------------------
    def events(self, rows):
        """(day, seq, order, step) for every step of every petition, in the order they happened."""
        order = {step: i for i, step in enumerate(
            ["register", "accept", "reject", "redirect", "assign", "assign_pending", "extension", "reply", "close",
             "review", "decide_review", "re_review", "decide_re_review"])}
        events = []
        for row in rows:
            self.rows[row["seq"]] = row
            if row["state"] == "draft":
                events.append((row["registration_date"], row["seq"], 0, "create_draft"))
                continue
            for step, field in self.t.STEP_DATE_FIELDS.items():
                if row[field]:
                    events.append((row[field], row["seq"], order[step], step))
            if row["extension_date"]:
                events.append((row["extension_date"], row["seq"], order["extension"], "extension"))
            if row.get("assign_pending_date"):
                events.append((row["assign_pending_date"], row["seq"], order["assign_pending"], "assign_pending"))
        return sorted(events)

    def plan_pending_approvals(self, rows):
        """Leave a few approvals waiting for the leaders, as on any working day.

        The newest extension requests of petitions in handling (three to eight weeks after acceptance, within
        the 60 days) are not approved yet; the latest accepted petitions become major ones whose assignment
        awaits approval (they stay accepted, as planned). The loader adjusts its copy of the generated rows;
        the generator (township.py) is unchanged.
        """
        handling = sorted(
            (row for row in rows if row["state"] == "handling" and not row["simplified"]
             and 20 <= (self.today - row["accept_date"]).days <= 58),
            key=lambda row: row["accept_date"], reverse=True)
        for row in handling[:PENDING_EXTENSIONS]:
            row["extension_date"] = max(row["assign_date"], min(self.today, row["accept_date"] + timedelta(days=45)))
            row["extension_days"] = 30
            row["extension_pending"] = True
        accepted = sorted((row for row in rows if row["state"] == "accepted"), key=lambda row: row["accept_date"],
                          reverse=True)
        for row in accepted[:PENDING_ASSIGNMENTS]:
            row["is_major"] = True
            row["assign_pending_date"] = min(self.today, row["accept_date"] + timedelta(days=1))

    def load_petitions(self):
        rows = list(self.t.petitions(
            N_PETITIONS, seed=self.t.SEED, date_from=self.today - timedelta(days=365), date_to=self.today,
            today=self.today, cover_states=True,
        ))
        self.plan_pending_approvals(rows)
        events = self.events(rows)
        by_day = defaultdict(list)
        for day, seq, _order, step in events:
            by_day[day].append((seq, step))
        now = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=1)

        def moment(day):  # office hours of that day; never later than now (today's steps)
            return min(datetime.combine(day, datetime.min.time()) + timedelta(hours=STEP_HOUR_UTC), now)

        with freezegun.freeze_time(moment(min(by_day))) as clock:
            for day in sorted(by_day):
                # One patch for the whole run, moved day by day (starting freezegun per step is slow).
                clock.move_to(moment(day))
                for seq, step in by_day[day]:
                    cpu, queries = time.process_time(), self.env.cr.sql_log_count
                    getattr(self, f"step_{step}")(self.rows[seq], day)
                    # Run the precommit hooks now: chatter tracking is computed there, dated and authored
                    # by this step (records created in a transaction are otherwise never tracked).
                    self.env.cr.flush()
                    self.counter[step] += 1
                    self.cost[step][0] += time.process_time() - cpu
                    self.cost[step][1] += self.env.cr.sql_log_count - queries
        return rows

    def _petition(self, row, user):
        return self.records[row["seq"]].with_user(user)

    def step_create_draft(self, row, day):
        self._create(row, day)

    def step_register(self, row, day):
        petition = self._create(row, day)
        self.env.cr.flush()  # the creation is logged first, then "Draft -> To Accept" is tracked
        petition.action_register()
        if row["no_reaccept"]:
            # the office finds the same facts and reasons as the finalised matter: not accepted again
            original = self.records[row["repeat_of"]]
            petition.with_user(self._office_user(row["seq"])).action_not_reaccept(original)
            if petition.state != "rejected":
                raise RuntimeError(f"{petition.name}: repeat of a finalised matter was accepted ({petition.state})")
        if row["repeat_of"] and not petition.is_repeat:
            raise RuntimeError(f"{petition.name}: repeat of #{row['repeat_of']} was not detected as a repeat")

    def _create(self, row, day):
        if row["lodged_level"] == "village" and row["channel"] == "visit":
            user = self._mediator(row["village"])  # the village mediator takes visits in the village
        else:
            user = self._office_user(row["seq"])
        env = self.env(user=user)
        person = self.persons.get(row["petitioner_id_number"])
        if not person:
            person = env["xinfang.petitioner"].create({
                "name": row["petitioner_name"], "id_number": row["petitioner_id_number"],
                "phone": row["petitioner_phone"], "address": row["petitioner_address"],
                "village_id": self.villages[row["village"]].id,
            }).id
            self.persons[row["petitioner_id_number"]] = person
        petition = env["xinfang.petition"].create({
            "registration_date": day, "channel": row["channel"], "subject": row["subject"],
            "content": row["content"], "request": row["request"], "nature": row["nature"],
            "category_id": self.categories[row["category"]].id, "village_id": self.villages[row["village"]].id,
            "lodged_level": row["lodged_level"], "responsible_level": row["responsible_level"],
            "is_major": row["is_major"], "simplified": row["simplified"], "head_count": row["head_count"],
            "petitioner_id": person,
            "representative_ids": [(6, 0, [person])] if row["head_count"] >= 5 else [],
        })
        self.records[row["seq"]] = petition
        return petition

    def step_accept(self, row, day):
        self._petition(row, self._office_user(row["seq"])).action_accept(day)

    def step_reject(self, row, day):
        self._petition(row, self._office_user(row["seq"])).action_reject(row["reject_reason"])

    def step_redirect(self, row, day):
        reason = {"litigation": "属于诉讼程序解决的事项，告知信访人依法向人民法院提起诉讼",
                  "arbitration": "属于劳动争议，告知信访人向劳动人事争议仲裁委员会申请仲裁",
                  "reconsideration": "属于行政复议范围，告知信访人依法申请行政复议",
                  "discipline": "属于纪检监察机关职责范围，转纪检监察机关依规依纪处理",
                  "other_authority": "不属于本级职权范围，转送有权处理的机关"}[row["redirect_route"]]
        self._petition(row, self._office_user(row["seq"])).action_redirect(row["redirect_route"], reason)

    def step_assign(self, row, day, pending=False):
        office = self._office_user(row["seq"])
        petition = self._petition(row, office)
        unit = self._lead_unit(row)
        co_units = self.env["hr.department"]
        if row["head_count"] >= 5 and unit != self.units["zzzx"]:
            co_units |= self.units["zzzx"]  # collective visits: the comprehensive governance centre joins
        if row["category"] == "LAND-02" and row["seq"] % 2:
            co_units |= self.units["czs"]  # compensation money: the finance office joins
        if row["is_major"] and "xinfang.leader.case" in self.env:
            self._leader_case(petition, row)
        assignment = self.env(user=office)["xinfang.assignment"].create({
            "petition_id": petition.id, "lead_unit_id": unit.id, "co_unit_ids": [(6, 0, co_units.ids)],
            "handler_id": self._handler(unit, row["seq"]).id,
            "instructions": "<p>请依法依规调查处理，按期答复信访人并反馈办理情况。</p>",
        })
        assignment.action_confirm()
        # major petition: a leader approves the assignment (pending: not yet, the petition stays accepted)
        leader = self.users["leader" if row["head_count"] >= 30 else "deputy"]
        if not self._leader_approves(assignment, leader, pending,
                                     f"{petition.name}: the assignment of a major petition"):
            return
        if assignment.state != "confirmed" or petition.state != "handling":
            raise RuntimeError(f"{petition.name}: assignment {assignment.state}, petition {petition.state}")

    def step_assign_pending(self, row, day):
        self.step_assign(row, day, pending=True)

    def _leader_approves(self, record, leader, pending, what):
        """``leader`` approves ``record`` (tier review) when it waits for approval; returns whether it went on.

        ``pending``: the approval is left waiting instead, which ``record`` must then be doing.
        """
        if pending:
            if record.state != "draft" or not record.review_ids.filtered(lambda r: r.status == "pending"):
                raise RuntimeError(f"{what} did not wait for a leader")
            self.counter["pending_approval"] += 1
            return False
        if record.state == "draft":
            record.with_user(leader).validate_tier()
        return True

    def _leader_case(self, petition, row):
        """xinfang_supervision: a leader takes on a major petition (领导包案) before it is assigned.

        The principal leader owns collective visits of 30 or more, a deputy the rest; the principal
        leader approves the case.
        """
        deputies = [login for login, p in self.people.items() if p["role"] == "deputy_leader" and p["has_user"]]
        owner = "leader" if row["head_count"] >= 30 else ("deputy" if row["seq"] % 3 else deputies[row["seq"] % 2])
        case = self.env(user=self.users[owner])["xinfang.leader.case"].create({
            "leader_id": self.employees[owner].id, "petition_ids": [(6, 0, petition.ids)],
            "plan": "<p>亲自阅批、调查核实，协调责任单位化解，按期回访，做好稳控。</p>",
        })
        case.action_submit()
        if case.state == "to_approve":
            case.with_user(self.users["leader"]).validate_tier()
        if case.state != "in_progress":
            raise RuntimeError(f"{petition.name}: leader case stayed {case.state}")
        self.cases[row["seq"]] = case
        self.counter["leader_case"] += 1

    def _duties_done(self, row, duties, day, **values):
        """The case leader records duties as done on ``day``: a note and its evidence file (包案留痕)."""
        case = self.cases.get(row["seq"])
        if not case:
            return
        leader = case.leader_id.user_id
        petition = self.records[row["seq"]]
        values = {"leader": case.leader_id.name, "unit": petition.lead_unit_id.name or "责任单位",
                  "village": petition.village_id.name or "", "subject": petition.subject, **values}
        for line in case.with_user(leader).duty_ids.filtered(lambda d: d.duty in duties):
            title, text = DUTY_EVIDENCE[line.duty]
            note = text.format(**values)  # no petitioner's name: the case is read more widely than the petition
            evidence = self.env(user=leader)["ir.attachment"].create({
                "name": f"{petition.name}-{title}.txt", "mimetype": "text/plain",
                "raw": f"{title}\n\n事项：{petition.name} {petition.subject}\n日期：{day}\n\n{note}\n".encode(),
                "res_model": line._name, "res_id": line.id,
            })
            line.write({"done": True, "date": day, "note": note, "attachment_ids": [(4, evidence.id)]})
        self.counter["duty_done"] += len(duties)

    def _close_case(self, row):
        case = self.cases.get(row["seq"])
        if not case:
            return
        case = case.with_user(case.leader_id.user_id)
        case.result = "四包责任落实到位，信访事项已办结，信访人息诉罢访。"
        case.action_done()
        if case.state != "done":
            raise RuntimeError(f"{case.display_name}: leader case stayed {case.state} after the petition closed")

    def step_extension(self, row, day):
        petition = self.records[row["seq"]]
        handler = petition.handler_user_id
        extension = self.env(user=handler)["xinfang.extension"].create({
            "petition_id": petition.id, "days": row["extension_days"],
            "reason": "案情复杂，需进一步调查核实并协调相关单位，申请延长办理期限。",
        })
        extension.action_request()  # the handling unit sends it to the leader who approves (tier review)
        if not self._leader_approves(extension, self.users["deputy"], row.get("extension_pending"),
                                     f"{petition.name}: the extension request"):
            return
        extension.action_mark_notified()
        if extension.state != "approved":
            raise RuntimeError(f"{petition.name}: extension stayed {extension.state}")

    def step_reply(self, row, day):
        petition = self.records[row["seq"]]
        handler = petition.handler_user_id
        text = {"support": "经调查核实，您反映的问题属实，已责成相关单位予以解决。",
                "partial": "经调查核实，您反映的问题部分属实，对属实部分已督促整改。",
                "explain": "经调查核实，已就有关政策规定向您作出解释说明。",
                "reject": "经调查核实，您的诉求缺乏事实和政策依据，不予支持。"}[row["reply_outcome"]]
        assignment = petition.assignment_ids.filtered(lambda a: a.state == "confirmed")
        assignment.with_user(handler).action_feedback(f"<p>{text}</p>")
        petition.with_user(handler).action_reply(row["reply_outcome"], f"<p>{text}</p>", day)
        # served against signature the same day: the review window runs from the receipt
        petition.with_user(self._office_user(row["seq"])).action_record_reply_receipt(day, "in_person")
        # the case leader investigated halfway through the handling and resolved it with the reply
        halfway = row["assign_date"] + timedelta(days=(day - row["assign_date"]).days // 2)
        self._duties_done(row, ["investigate"], halfway)
        outcome = {"support": "予以支持", "partial": "部分支持", "explain": "解释说明", "reject": "不予支持"}
        self._duties_done(row, ["resolve"], day, outcome=outcome[row["reply_outcome"]])

    def step_close(self, row, day):
        petition = self._petition(row, self._office_user(row["seq"]))
        label = {"satisfied": "满意", "basic": "基本满意", "dissatisfied": "不满意"}[row["satisfaction"]]
        petition.action_record_follow_up(row["satisfaction"], f"电话回访，信访人表示{label}。", day)
        petition.action_close(f"已出具处理意见书并回访，信访人{label}。")
        self._duties_done(row, ["follow_up", "keep_stable"], day, satisfaction=label)
        self._close_case(row)

    def step_review(self, row, day):
        self._petition(row, self._office_user(row["seq"])).action_request_review(day)

    def step_decide_review(self, row, day):
        decision = "复查认为原处理意见事实清楚、适用依据正确，予以维持。"
        self._petition(row, self.users["director"]).action_decide_review(decision, day)
        self._petition(row, self._office_user(row["seq"])).action_record_review_receipt(day, "in_person")

    def step_re_review(self, row, day):
        self._petition(row, self._office_user(row["seq"])).action_request_re_review(day)

    def step_decide_re_review(self, row, day):
        self._petition(row, self.users["leader"]).action_decide_re_review("复核维持复查意见，信访事项终结。", day)

    def check(self, rows):
        """The states reached are the ones generated; returns the counts by state."""
        wrong = [(row["seq"], row["state"], self.records[row["seq"]].state) for row in rows
                 if self.records[row["seq"]].state != row["state"]]
        if wrong:
            raise RuntimeError(f"petitions not in their planned state (seq, planned, actual): {wrong[:10]}")
        return Counter(row["state"] for row in rows)


def main(env):
    started, cpu_started = time.monotonic(), time.process_time()
    params = env["ir.config_parameter"].sudo()
    if params.get_param(PARAM):
        print(f"The demo township is already loaded ({PARAM} = {params.get_param(PARAM)}): nothing to do.")
        return
    sys.path.insert(0, _data_dir())
    import township

    # mail_activity_quick_update: no "activity assigned to you" inbox message for each of the ~2,000
    # activities the history opens and closes (a fifth of the load time); the activities are kept.
    env = env(context=dict(env.context, tz=TZ, lang="zh_CN", mail_activity_quick_update=True))
    loader = Loader(env, township)
    loader.load_company()
    loader.load_organisation()
    organised, cpu_organised, queries_organised = time.monotonic(), time.process_time(), env.cr.sql_log_count
    rows = loader.load_petitions()
    states = loader.check(rows)
    petitions = env["xinfang.petition"]
    petitions._cron_deadline_check()  # today's flags and notices, as the daily job leaves them
    overdue = petitions.search_count([("deadline_status", "=", "overdue")])
    params.set_param(PARAM, fields.Datetime.to_string(fields.Datetime.now()))
    env.cr.commit()
    finished, cpu_finished = time.monotonic(), time.process_time()
    print(f"{township.TOWNSHIP}: {len(loader.villages)} villages, {len(loader.units)} units, "
          f"{len(loader.employees)} employees, {len(loader.users)} users "
          f"({organised - started:.1f} s, CPU {cpu_organised - cpu_started:.1f} s, {queries_organised} queries)")
    print(f"{len(rows)} petitions {min(r['registration_date'] for r in rows)}..{loader.today} "
          f"({finished - organised:.1f} s, CPU {cpu_finished - cpu_organised:.1f} s, "
          f"{env.cr.sql_log_count - queries_organised} queries): overdue {overdue}, "
          f"repeats {sum(1 for r in rows if r['repeat_of'])}, "
          f"not re-accepted {sum(1 for r in rows if r['no_reaccept'])}, "
          f"accusations {sum(1 for r in rows if r['nature'] == 'accusation')}, "
          f"leader cases {loader.counter['leader_case']} ({loader.counter['duty_done']} duties done), "
          f"extensions {loader.counter['extension']}, approvals waiting {loader.counter['pending_approval']}")
    print("by state: " + ", ".join(f"{state} {states[state]}" for state in township.ALL_STATES))
    print(f"total {finished - started:.1f} s")
    if os.environ.get("XINFANG_LOAD_COSTS"):
        for step, (cpu, queries) in sorted(loader.cost.items(), key=lambda item: -item[1][0]):
            print(f"  {step:<18}{loader.counter[step]:>5} x  CPU {cpu:6.1f} s  {queries:>7} queries")


main(env)
