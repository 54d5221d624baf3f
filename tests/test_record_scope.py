"""Record scope beyond xinfang_petition/tests/test_security.py: the supervision models with narrower rules,
companies, portal users and finance. Each rule is checked both ways (inside and outside the scope).
"""

from datetime import datetime

from odoo.addons.xinfang_supervision.tests.common_leader import LeaderCase
from odoo.addons.xinfang_supervision.tests.common_meeting import MeetingCase
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged

GROUP = "xinfang_petition.group_xinfang_"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestMeetingScope(MeetingCase):
    def test_mediator_sees_the_own_village_meetings_and_their_agenda(self):
        own = self.new_meeting("village", village_id=self.village_a.id)
        other = self.new_meeting("village", village_id=self.village_b.id)
        township = self.new_meeting("routine")
        Agenda = self.env["xinfang.meeting.agenda"]
        items = Agenda.create([{"meeting_id": meeting.id, "kind": "other", "name": f"Item {meeting.id}"}
                               for meeting in own | other | township])
        as_mediator = self.Meeting.with_user(self.user_mediator)
        self.assertEqual(as_mediator.search([("id", "in", (own | other | township).ids)]), own)
        with self.assertRaises(AccessError):
            other.with_user(self.user_mediator).read(["place"])
        self.assertEqual(Agenda.with_user(self.user_mediator).search([("id", "in", items.ids)]).meeting_id, own)
        # the own village's meeting is the mediator's to record; a township meeting they attend is read only
        own.with_user(self.user_mediator).write({"place": "Village hall"})
        self.assertEqual(own.place, "Village hall")
        township.sudo().attendee_ids = self.mediator
        self.assertEqual(township.with_user(self.user_mediator).place, township.place)
        with self.assertRaises(AccessError):
            township.with_user(self.user_mediator).write({"place": "Elsewhere"})
        with self.assertRaises(AccessError):
            items.filtered(lambda item: item.meeting_id == township).with_user(self.user_mediator).unlink()

    def test_handler_sees_meetings_attended_chaired_or_owing_a_task(self):
        attended = self.new_meeting("routine")
        attended.sudo().attendee_ids = self.handler  # (a leader without HR rights cannot set attendees: reported)
        with_task = self.new_meeting("joint")
        self.new_task(with_task, self.handler, "Visit the families")
        unrelated = self.new_meeting("committee")
        visible = self.Meeting.with_user(self.user_handler).search(
            [("id", "in", (attended | with_task | unrelated).ids)])
        self.assertEqual(visible, attended | with_task)
        self.assertFalse(self.Meeting.with_user(self.user_handler_social).search(
            [("id", "in", (attended | with_task | unrelated).ids)]))

    def test_task_progress_only_on_own_tasks(self):
        meeting = self.new_meeting()
        own = self.new_task(meeting, self.handler, "Mine")
        colleague = self.new_task(meeting, self.handler_social, "Colleague's")
        Progress = self.env["xinfang.task.progress"].with_user(self.user_handler)
        note = Progress.create({"task_id": own.id, "note": "Visited twice."})
        self.assertEqual(note.user_id, self.user_handler)
        with self.assertRaises(AccessError):
            Progress.create({"task_id": colleague.id, "note": "Not my task."})
        theirs = self.env["xinfang.task.progress"].create({"task_id": colleague.id, "note": "Theirs."})
        # readable (same meeting), not writable
        self.assertEqual(theirs.with_user(self.user_handler).note, "Theirs.")
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_handler).write({"note": "Changed by someone else"})
        with self.assertRaises(AccessError):
            Progress.search([("id", "=", theirs.id)]).unlink()

    def test_risk_reporter_and_responsible_see_it_others_not(self):
        risk = self.Risk.with_user(self.user_handler).create({
            "village_id": self.village_b.id, "description": "Water dispute", "level": "low",
        })
        self.assertEqual(self.Risk.with_user(self.user_handler).search([("id", "=", risk.id)]), risk,
                         "the reporter keeps seeing what they reported")
        self.assertFalse(self.Risk.with_user(self.user_handler_social).search([("id", "=", risk.id)]))
        risk.sudo().responsible_id = self.handler_social
        self.assertEqual(self.Risk.with_user(self.user_handler_social).search([("id", "=", risk.id)]), risk)
        self.assertFalse(self.Risk.with_user(self.user_mediator).search([("id", "=", risk.id)]),
                         "another village's risk")


@tagged("post_install", "-at_install")
class TestLeaderScope(LeaderCase):
    def test_leader_case_duties_follow_the_case_scope(self):
        own = self.handling()
        other = self.accepted()
        self.assign(other, handler=self.handler_social)
        case_own, case_other = self.new_case(own), self.new_case(other)
        Duty = self.env["xinfang.leader.case.duty"]
        duties = Duty.with_user(self.user_handler).search([("case_id", "in", (case_own | case_other).ids)])
        self.assertEqual(duties.case_id, case_own)
        with self.assertRaises(AccessError):
            case_other.duty_ids[0].with_user(self.user_handler).read(["note"])
        with self.assertRaises(AccessError):
            duties[0].write({"note": "Handlers read the duties, only the leader records them"})
        with self.assertRaises(AccessError):
            Duty.with_user(self.user_mediator).search([])

    @freeze_time("2026-03-02 08:00:00")
    def test_collective_visit_leader_lines_follow_the_visit(self):
        Visit = self.env["xinfang.collective.visit"].with_user(self.user_staff)
        values = {"subject": "Unpaid wages", "destination_level": "county", "head_count": 10,
                  "notified_at": datetime(2026, 3, 2, 8, 0, 0)}
        own = Visit.create({**values, "village_id": self.village_a.id,
                            "leader_ids": [Command.create({"employee_id": self.deputy.id})]})
        other = Visit.create({**values, "village_id": self.village_b.id,
                              "leader_ids": [Command.create({"employee_id": self.deputy2.id})]})
        Line = self.env["xinfang.collective.visit.leader"].with_user(self.user_mediator)
        lines = Line.search([("visit_id", "in", (own | other).ids)])
        self.assertEqual(lines.visit_id, own)
        with self.assertRaises(AccessError):
            other.leader_ids.with_user(self.user_mediator).read(["employee_id"])
        with self.assertRaises(AccessError):
            lines.write({"arrived_at": datetime(2026, 3, 2, 8, 30, 0)})
        with self.assertRaises(AccessError):
            Line.search([]).with_user(self.user_handler).read(["employee_id"])


@tagged("post_install", "-at_install")
class TestCompanyPortalFinanceScope(MeetingCase):
    def test_companies_see_only_their_own_records(self):
        other_company = self.env["res.company"].create({"name": "Neighbour Township"})
        outsider = new_test_user(self.env, login="xf_other_staff", groups=f"{GROUP}director",
                                 company_id=other_company.id, company_ids=[Command.set(other_company.ids)])
        petition = self.registered()
        records = {
            "xinfang.petition": petition,
            "xinfang.meeting": self.new_meeting(),
            "xinfang.risk": self.new_risk(),
            "xinfang.collective.visit": self.env["xinfang.collective.visit"].create(
                {"subject": "x", "destination_level": "county", "head_count": 6, "village_id": self.village_a.id}),
        }
        for model, record in records.items():
            self.assertEqual(record.company_id, self.env.company)
            self.assertFalse(self.env[model].with_user(outsider).search([("id", "=", record.id)]), model)
            with self.assertRaises(AccessError, msg=model):
                record.with_user(outsider).read(["company_id"])
            # the own company's director sees them
            self.assertTrue(self.env[model].with_user(self.user_director).search([("id", "=", record.id)]), model)

    def test_portal_user_reads_own_petitions_only(self):
        portal = new_test_user(self.env, login="xf_portal_zhang", groups="base.group_portal", name="张三")
        self.petitioner.user_id = portal
        own = self.registered()
        other = self.registered(petitioner_id=self.petitioner_b.id, village_id=self.village_b.id)
        accuser = self.env["xinfang.petitioner"].create({"name": "李检举", "user_id": portal.id})
        accusation = self.registered(nature="accusation", petitioner_id=accuser.id)
        Petition = self.env["xinfang.petition"].with_user(portal)
        self.assertEqual(Petition.search([("id", "in", (own | other | accusation).ids)]), own | accusation,
                         "own petitions, the sealed accusation included")
        with self.assertRaises(AccessError):
            other.with_user(portal).read(["subject"])
        with self.assertRaises(AccessError):
            own.with_user(portal).write({"subject": "Changed online"})
        with self.assertRaises(AccessError):
            self.env["xinfang.petitioner"].with_user(portal).search([])
        with self.assertRaises(AccessError):
            own.with_user(portal).read(["accuser_id"])

    def test_finance_reads_no_petition_content(self):
        self.registered()
        self.new_risk()
        self.new_meeting()
        for model in ("xinfang.petition", "xinfang.petitioner", "xinfang.assignment", "xinfang.extension",
                      "xinfang.petition.report", "xinfang.meeting", "xinfang.meeting.agenda", "xinfang.task",
                      "xinfang.risk", "xinfang.leader.case", "xinfang.collective.visit", "auditlog.log",
                      "xinfang.accountability"):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.user_finance).search_count([])
        # and the chatter of a petition, reached directly
        messages = self.env["mail.message"].with_user(self.user_finance).search([("model", "=", "xinfang.petition")])
        self.assertFalse(messages)
