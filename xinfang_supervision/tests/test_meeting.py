from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common_meeting import MeetingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10 09:00:00")
class TestMeetingSchedule(MeetingCase):
    """The daily cron creates the meetings the township's rules give, once, on working days."""

    def scheduled(self, meeting_type, village=None):
        domain = [("meeting_type", "=", meeting_type)]
        if village:
            domain.append(("village_id", "=", village.id))
        return self.Meeting.search(domain, order="date")

    def test_cron_schedules_rule_days_once(self):
        # 2026-03-10 + 30 days: routine today (the 10th) and the 25th (10 April is past the 30 days);
        # villages 16th and 1st; joint 5 April (Qingming holiday 4-6 April) on the 7th; party committee
        # today, the 10th.
        self.Meeting._cron_schedule_meetings()
        routine = self.scheduled("routine")
        self.assertEqual(routine.mapped("date"), [date(2026, 3, 10), date(2026, 3, 25)])
        self.assertEqual(routine.mapped("planned_date"), [date(2026, 3, 10), date(2026, 3, 25)])
        self.assertEqual(set(routine.mapped("state")), {"scheduled"})
        for village in (self.village_a, self.village_b):
            self.assertEqual(self.scheduled("village", village).mapped("date"), [date(2026, 3, 16), date(2026, 4, 1)])
        joint = self.scheduled("joint")
        self.assertRecordValues(joint, [{"planned_date": date(2026, 4, 5), "date": date(2026, 4, 7)}])
        self.assertEqual(self.scheduled("committee").mapped("date"), [date(2026, 3, 10)])

        count = self.Meeting.search_count([])
        self.assertFalse(self.Meeting._cron_schedule_meetings(), "a second run creates nothing")
        self.assertEqual(self.Meeting.search_count([]), count)

    def test_routine_meetings_default_to_the_10th_and_25th(self):
        """The shipped parameter, the settings' default and the cron's fallback all read 10 and 25."""
        ICP = self.env["ir.config_parameter"].sudo()
        self.assertEqual(ICP.get_param("xinfang_supervision.routine_meeting_days"), "10,25")
        self.assertEqual(self.Meeting._get_meeting_days("routine"), (10, 25))
        Settings = self.env["res.config.settings"]
        self.assertEqual(Settings._fields["xinfang_routine_meeting_days"].default(Settings), "10,25")
        self.assertEqual(Settings.create({}).xinfang_routine_meeting_days, "10,25")
        ICP.search([("key", "=", "xinfang_supervision.routine_meeting_days")]).unlink()
        self.assertEqual(self.Meeting._get_meeting_days("routine"), (10, 25), "a deleted parameter reads 10,25")
        self.Meeting._cron_schedule_meetings()
        self.assertEqual(self.scheduled("routine").mapped("planned_date"), [date(2026, 3, 10), date(2026, 3, 25)])

    def test_configured_days_and_weekend(self):
        # The township changes its routine day to the 15th, a Sunday in March 2026: Monday the 16th.
        self.env["ir.config_parameter"].sudo().set_param("xinfang_supervision.routine_meeting_days", "15")
        self.Meeting._cron_schedule_meetings()
        self.assertRecordValues(self.scheduled("routine"), [{"planned_date": date(2026, 3, 15),
                                                            "date": date(2026, 3, 16)}])

    def test_national_day_moves_joint_meeting(self):
        with freeze_time("2026-09-20 09:00:00"):
            self.Meeting._cron_schedule_meetings()
        # National Day 1-7 October: the joint meeting of the 5th is held on Thursday the 8th.
        self.assertRecordValues(self.scheduled("joint"), [
            {"planned_date": date(2026, 10, 5), "date": date(2026, 10, 8)}])
        # The 25th September holiday moves to Monday the 28th; Saturday 10 October is a make-up working day.
        self.assertEqual(self.scheduled("routine").mapped("date"), [date(2026, 9, 28), date(2026, 10, 10)])
        # The village meeting of 1 October moves out of the holiday as well.
        self.assertIn(date(2026, 10, 8), self.scheduled("village", self.village_a).mapped("date"))
        # Saturday 10 October is a make-up working day: the party committee meets that day.
        self.assertEqual(self.scheduled("committee").mapped("date"), [date(2026, 10, 10)])

    def test_cancelled_or_moved_meeting_not_recreated(self):
        self.Meeting._cron_schedule_meetings()
        first, second = self.scheduled("routine")
        first.action_cancel()
        second.date = date(2026, 3, 27)
        self.assertFalse(self.Meeting._cron_schedule_meetings())
        self.assertEqual(len(self.scheduled("routine")), 2)

    def test_meeting_scheduled_by_hand_not_duplicated(self):
        self.new_meeting(date=date(2026, 3, 25))
        self.Meeting._cron_schedule_meetings()
        self.assertEqual(self.scheduled("routine").mapped("date"), [date(2026, 3, 10), date(2026, 3, 25)])

    def test_settings_refuse_invalid_days(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"xinfang_routine_meeting_days": "20,32"})
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"xinfang_joint_meeting_day": "first monday"})
        settings = self.env["res.config.settings"].create({"xinfang_village_meeting_days": "1, 15"})
        settings.execute()
        self.assertEqual(self.Meeting._get_meeting_days("village"), (1, 15))


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10 09:00:00")
class TestMeetingAgendaAndDecisions(MeetingCase):

    def overdue_petition(self, **vals):
        """A petition accepted on 5 January: its 60 days ran out on 6 March."""
        with freeze_time("2026-01-05 09:00:00"):
            petition = self.accepted(**vals)
        self.env["xinfang.petition"]._cron_deadline_check()
        self.assertEqual(petition.deadline_status, "overdue")
        return petition

    def agenda(self, meeting, kind):
        return meeting.agenda_ids.filtered(lambda line: line.kind == kind)

    def test_agenda_prefilled(self):
        overdue = self.overdue_petition()
        major = self.accepted(subject="Collective wage arrears", is_major=True)
        on_time = self.accepted(subject="Road repair")
        risk = self.new_risk()
        resolved = self.new_risk(description="Settled boundary quarrel")
        resolved.resolution = "Mediated."
        resolved.action_resolve()

        meeting = self.new_meeting(state="draft")
        self.assertEqual(self.agenda(meeting, "overdue_petition").petition_id, overdue)
        self.assertEqual(self.agenda(meeting, "major_petition").petition_id, major)
        self.assertEqual(self.agenda(meeting, "risk").risk_id, risk)
        self.assertNotIn(on_time, meeting.agenda_ids.petition_id)
        self.assertTrue(all(meeting.agenda_ids.mapped("auto")))

        # Preparing again adds what is new, keeps annotated items and never duplicates.
        self.agenda(meeting, "risk").note = "Village head to report."
        new_risk = self.new_risk(village_id=self.village_b.id, description="Pension dispute")
        meeting.with_user(self.user_staff).action_prepare_agenda()
        self.assertEqual(self.agenda(meeting, "risk").risk_id, risk | new_risk)
        self.assertEqual(len(meeting.agenda_ids), 4)
        self.assertEqual(self.agenda(meeting, "risk").filtered("note").risk_id, risk)

    def test_village_meeting_agenda_is_the_village(self):
        own = self.overdue_petition()
        self.overdue_petition(village_id=self.village_b.id, petitioner_id=self.petitioner_b.id)
        own_risk = self.new_risk()
        self.new_risk(village_id=self.village_b.id)
        meeting = self.new_meeting("village", village_id=self.village_a.id)
        self.assertEqual(meeting.agenda_ids.petition_id, own)
        self.assertEqual(meeting.agenda_ids.risk_id, own_risk)
        with self.assertRaises(ValidationError):
            self.new_meeting("village")

    def test_previous_meeting_tasks_reviewed(self):
        first = self.new_meeting(date=date(2026, 3, 5))
        first.task_ids = [
            Command.create({"name": "Visit the Li family", "owner_id": self.handler.id, "deadline": "2026-03-30"}),
            Command.create({"name": "Report on wages", "owner_id": self.leader.id, "deadline": "2026-03-12"}),
        ]
        open_task, done_task = first.task_ids.sorted("deadline", reverse=True)
        done_task.progress_ids = [Command.create({"note": "Report delivered."})]
        done_task.action_done()
        first.minutes = "<p>Two decisions.</p>"
        first.action_hold()

        following = self.new_meeting(date=date(2026, 3, 20))
        self.assertEqual(self.agenda(following, "task").task_id, open_task)
        other_type = self.new_meeting("joint", date=date(2026, 3, 20))
        self.assertFalse(self.agenda(other_type, "task"))

    def test_held_requires_minutes(self):
        meeting = self.new_meeting()
        with self.assertRaises(UserError):
            meeting.action_hold()
        meeting.minutes = "<p><br></p>"
        with self.assertRaises(UserError):
            meeting.action_hold()
        meeting.minutes = "<p>Discussed the overdue petitions.</p>"
        meeting.action_hold()
        self.assertEqual(meeting.state, "held")
        with self.assertRaises(UserError):
            meeting.action_prepare_agenda()
        with self.assertRaises(UserError):
            meeting.action_cancel()

    def test_decision_creates_task_with_owner_activity(self):
        meeting = self.new_meeting()
        meeting.with_user(self.user_leader).write({"task_ids": [Command.create({
            "name": "Pay the land compensation arrears", "owner_id": self.handler.id, "deadline": "2026-03-31",
        })]})
        task = meeting.task_ids
        self.assertRecordValues(task, [{"state": "open", "owner_user_id": self.user_handler.id}])
        self.assertTrue(task.number.startswith("JB2026-"))
        activity = self.activities(task, "xinfang_supervision.mail_act_xinfang_task")
        self.assertRecordValues(activity, [{"user_id": self.user_handler.id, "date_deadline": date(2026, 3, 31)}])

        # The owner reports progress and finishes; the activity is done with it.
        owner_task = task.with_user(self.user_handler)
        with self.assertRaises(UserError):
            owner_task.action_done()
        owner_task.write({"progress_ids": [Command.create({"note": "Compensation paid on 20 March."})]})
        owner_task.action_done()
        self.assertEqual(task.state, "done")
        self.assertFalse(self.activities(task, "xinfang_supervision.mail_act_xinfang_task"))

    def test_task_deadline_in_the_past_refused(self):
        meeting = self.new_meeting()
        with self.assertRaises(ValidationError):
            self.Task.create({"name": "Late", "meeting_id": meeting.id, "owner_id": self.handler.id,
                              "deadline": "2026-03-09"})
        task = self.Task.create({"name": "Today", "meeting_id": meeting.id, "owner_id": self.handler.id,
                                 "deadline": "2026-03-10"})
        with self.assertRaises(ValidationError):
            task.deadline = "2026-03-01"

    def test_task_owner_needs_user_and_meeting_scheduled(self):
        meeting = self.new_meeting()
        with self.assertRaises(ValidationError):
            self.Task.create({"name": "x", "meeting_id": meeting.id, "owner_id": self.no_user.id,
                              "deadline": "2026-03-31"})
        draft = self.new_meeting(state="draft")
        with self.assertRaises(ValidationError):
            self.Task.create({"name": "x", "meeting_id": draft.id, "owner_id": self.handler.id,
                              "deadline": "2026-03-31"})

    def test_overdue_cron_and_new_deadline(self):
        meeting = self.new_meeting()
        task = self.Task.create({"name": "Visit", "meeting_id": meeting.id, "owner_id": self.handler.id,
                                 "deadline": "2026-03-12"})
        later = self.Task.create({"name": "Later", "meeting_id": meeting.id, "owner_id": self.handler.id,
                                  "deadline": "2026-03-31"})
        with freeze_time("2026-03-13 09:00:00"):
            self.assertEqual(self.Task._cron_flag_overdue(), task)
            self.assertFalse(self.Task._cron_flag_overdue())
            self.assertEqual((task.state, later.state), ("overdue", "open"))
            task.deadline = "2026-03-20"
            self.assertEqual(task.state, "open")

    def test_task_access(self):
        meeting = self.new_meeting()
        task = self.new_task(meeting, self.handler, "Visit")
        colleague = self.new_task(meeting, self.handler_social, "Colleague's")
        other = self.new_task(self.new_meeting("joint"), self.handler_social, "Other")
        as_owner = self.Task.with_user(self.user_handler)
        # The decisions of a meeting the owner takes part in are readable, only the own are writable.
        self.assertEqual(as_owner.search([("id", "in", (task | colleague | other).ids)]), task | colleague)
        with self.assertRaises(AccessError):
            other.with_user(self.user_handler).read(["name"])
        with self.assertRaises(AccessError):
            colleague.with_user(self.user_handler).write({"progress_ids": [Command.create({"note": "Not mine"})]})
        colleague.progress_ids = [Command.create({"note": "Done by the social affairs office."})]
        with self.assertRaises(UserError):
            colleague.with_user(self.user_handler).action_done()
        with self.assertRaises(AccessError):
            task.with_user(self.user_handler).deadline = "2026-04-30"
        with self.assertRaises(AccessError):
            as_owner.create({"name": "Self-assigned", "owner_id": self.handler.id, "deadline": "2026-03-31"})
        # The owner may open the meeting the task came from, not the others.
        self.assertEqual(meeting.with_user(self.user_handler).read(["state"])[0]["state"], "scheduled")
        self.assertTrue(meeting.with_user(self.user_handler).web_read({
            "task_ids": {"fields": {"name": {}, "last_progress": {}}},
            "agenda_ids": {"fields": {"name": {}, "deadline": {}, "task_progress": {}}}}))
        with self.assertRaises(AccessError):
            other.meeting_id.with_user(self.user_handler).read(["state"])
        # Finance sees nothing of it.
        for model in ("xinfang.meeting", "xinfang.task", "xinfang.meeting.agenda", "xinfang.task.progress"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.user_finance).search([])
