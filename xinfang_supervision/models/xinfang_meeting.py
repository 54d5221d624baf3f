import calendar
import logging
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import MEDIATOR, STAFF
from odoo.addons.xinfang_petition.rules import OPEN_STATES
from odoo.addons.xinfang_petition.tools import read_setting
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import is_html_empty

_logger = logging.getLogger(__name__)

MEETING_TYPES = [
    ("routine", "Township Routine Petition Meeting"),
    ("village", "Village Routine Meeting"),
    ("joint", "Party-Government Joint Meeting"),
    ("committee", "Party Committee Session"),
]


PARAM_PREFIX = "xinfang_supervision."
# Meeting days of the month per type (ir.config_parameter key, fallback when the parameter is missing or invalid).
# The township's values live in data/xinfang_meeting_data.xml and the settings; these only stand in
# for a deleted parameter.
SCHEDULE_PARAMS = {
    "routine": ("routine_meeting_days", "10,25"),
    "village": ("village_meeting_days", "1,16"),
    "joint": ("joint_meeting_day", "5"),
    "committee": ("committee_meeting_day", "10"),
}
HORIZON_PARAM = ("meeting_horizon_days", "30")
# A meeting day that falls on a holiday moves forward; look this far back for days that moved into the window.
LOOKBACK_DAYS = 31


def parse_month_days(value):
    """Days of the month from a setting such as "20,25": a sorted tuple of distinct integers 1-31.

    Raises ``ValueError`` on anything else (empty, not a number, out of range).
    """
    parts = [part.strip() for part in (value or "").replace("，", ",").split(",")]
    days = sorted({int(part) for part in parts if part})
    if not days or days[0] < 1 or days[-1] > 31:
        raise ValueError(f"not a list of days of the month: {value!r}")
    return tuple(days)


def month_day_dates(days, date_from, date_to):
    """The dates on the given days of each month between ``date_from`` and ``date_to`` (inclusive).

    A day beyond the end of a month (31 in April) is that month's last day.
    """
    year, month = date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        last = calendar.monthrange(year, month)[1]
        for day in sorted({min(d, last) for d in days}):
            current = date(year, month, day)
            if date_from <= current <= date_to:
                yield current
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class XinfangMeeting(models.Model):
    """A petition meeting: routine (township or village), party-government joint meeting, party committee.

    The agenda is prepared from overdue and major petitions, open risks and the open tasks of earlier
    meetings of the same type; each decision is a supervised task (交办卡).
    """

    _name = "xinfang.meeting"
    _description = "Petition Meeting"
    _inherit = ["mail.thread", "xinfang.workflow.state"]
    _order = "date desc, start_time desc, id desc"
    _transitions = {
        "draft": {"scheduled", "cancelled"},
        "scheduled": {"held", "cancelled"},
        "held": set(),
        "cancelled": {"draft"},
    }
    # The petition office (and the leaders, the director) convene and record the meetings; a village's
    # mediator convenes and records the own village's routine meetings (_step_scope_ok); participants and
    # task owners read them.
    _step_groups = {
        "schedule": (MEDIATOR, STAFF),
        "hold": (MEDIATOR, STAFF),
        "cancel": (MEDIATOR, STAFF),
        "reset_draft": (MEDIATOR, STAFF),
        "prepare_agenda": (MEDIATOR, STAFF),
    }

    meeting_type = fields.Selection(MEETING_TYPES, string="Type", required=True, default="routine", tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    state = fields.Selection(
        [("draft", "Draft"), ("scheduled", "Scheduled"), ("held", "Held"), ("cancelled", "Cancelled")],
        default="draft", required=True, readonly=True, copy=False, tracking=True, index=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True, index=True)
    start_time = fields.Float(string="Time", default=9.0, help="Local time the meeting starts.")
    planned_date = fields.Date(
        string="Rule Day", readonly=True, copy=False,
        help="The day the scheduling rule gave (e.g. the 20th); the meeting moves to the next working day "
        "when that day is a holiday. Empty for meetings scheduled by hand.",
    )
    place = fields.Char(tracking=True)
    village_id = fields.Many2one(
        "hr.department", string="Village", domain="[('xinfang_unit_type', '=', 'village')]", index="btree_not_null",
        tracking=True, help="The village whose routine meeting this is.",
    )
    chair_id = fields.Many2one("hr.employee", string="Chair", tracking=True)
    attendee_ids = fields.Many2many(
        "hr.employee", "xinfang_meeting_attendee_rel", "meeting_id", "employee_id", string="Attendees"
    )
    agenda_ids = fields.One2many("xinfang.meeting.agenda", "meeting_id", string="Agenda", copy=False)
    minutes = fields.Html()
    task_ids = fields.One2many("xinfang.task", "meeting_id", string="Decisions", copy=False)
    task_count = fields.Integer(compute="_compute_task_count")
    # The leader who contracts the village (包村领导) attends its routine meetings (township rules §四.1).
    # Stored, so that the village board can count absences in SQL: the contract of the village current on
    # the meeting date (xinfang_village_contract: active, date_from <= date, no date_to or date_to >= date).
    contract_leader_id = fields.Many2one(
        "hr.employee", string="Contracting Leader", compute="_compute_contract_leader_id", store=True,
        index="btree_not_null",
        help="The leader who contracts the village on the meeting date, who should attend its routine meetings.",
    )
    contract_leader_present = fields.Boolean(
        string="Contracting Leader Present", compute="_compute_contract_leader_present", store=True,
        help="The contracting leader is among the attendees.",
    )
    contract_leader_absent = fields.Boolean(
        string="Contracting Leader Absent", compute="_compute_contract_leader_present", store=True,
        help="A held village meeting without its contracting leader among the attendees.",
    )
    is_office = fields.Boolean(compute="_compute_is_office", help="The current user belongs to the petition office.")

    _planned_uniq = models.UniqueIndex(
        "(meeting_type, COALESCE(village_id, 0), planned_date, company_id) WHERE planned_date IS NOT NULL",
        "A meeting of this type was already scheduled for this rule day.",
    )

    # ------------------------------------------------------------------------------------------
    # computes and constraints
    # ------------------------------------------------------------------------------------------
    @api.depends("meeting_type", "date", "village_id")
    def _compute_display_name(self):
        labels = dict(self._fields["meeting_type"]._description_selection(self.env))
        for meeting in self:
            parts = [meeting.village_id.name if meeting.meeting_type == "village" else "",
                     labels.get(meeting.meeting_type, ""), fields.Date.to_string(meeting.date) or ""]
            meeting.display_name = " ".join(part for part in parts if part)

    @api.depends("task_ids")
    def _compute_task_count(self):
        for meeting in self:
            meeting.task_count = len(meeting.task_ids)

    @api.depends("meeting_type", "village_id", "date", "company_id", "village_id.xinfang_contract_ids.leader_id",
                 "village_id.xinfang_contract_ids.date_from", "village_id.xinfang_contract_ids.date_to",
                 "village_id.xinfang_contract_ids.active")
    def _compute_contract_leader_id(self):
        for meeting in self:
            meeting.contract_leader_id = meeting._get_contract(meeting.village_id, meeting.date).leader_id

    def _get_contract(self, village, day):
        """The village's contract current on ``day`` in the meeting's company (one at most, by constraint)."""
        self.ensure_one()
        if self.meeting_type != "village" or not village or not day:
            return self.env["xinfang.village.contract"]
        return village.xinfang_contract_ids.filtered(
            lambda c: c.company_id == self.company_id and c.date_from <= day and (not c.date_to or c.date_to >= day)
        )[:1]

    @api.depends("contract_leader_id", "attendee_ids", "state")
    def _compute_contract_leader_present(self):
        for meeting in self:
            leader = meeting.contract_leader_id
            meeting.contract_leader_present = bool(leader and leader in meeting.attendee_ids)
            meeting.contract_leader_absent = bool(
                leader and meeting.state == "held" and not meeting.contract_leader_present)

    @api.depends_context("uid")
    def _compute_is_office(self):
        is_office = self.env.user.has_group(STAFF)
        for meeting in self:
            meeting.is_office = is_office

    @api.constrains("meeting_type", "village_id")
    def _check_village(self):
        for meeting in self:
            if meeting.meeting_type == "village" and not meeting.village_id:
                raise ValidationError(self.env._(
                    "A village routine meeting needs its village."))

    @api.constrains("start_time")
    def _check_start_time(self):
        for meeting in self:
            if not 0 <= meeting.start_time < 24:
                raise ValidationError(self.env._("The meeting time must be between 00:00 and 23:59."))

    # ------------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        """A village mediator records the own village's routine meetings: type and village are proposed."""
        defaults = super().default_get(fields_list)
        if self._is_village_mediator():
            villages = self._mediator_villages()
            if "meeting_type" in fields_list and "default_meeting_type" not in self.env.context:
                defaults["meeting_type"] = "village"
            if "village_id" in fields_list and not defaults.get("village_id") and len(villages) == 1:
                defaults["village_id"] = villages.id
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        attendees = [self._pop_attendees(vals) for vals in vals_list]
        meetings = super().create(vals_list)
        for meeting, commands in zip(meetings, attendees, strict=True):
            meeting._write_attendees(commands)
        meetings._check_mediator_scope()
        meetings._fill_agenda()
        return meetings

    def write(self, vals):
        vals = dict(vals)
        attendees = self._pop_attendees(vals)
        result = super().write(vals) if vals else True
        self._write_attendees(attendees)
        if {"meeting_type", "village_id"}.intersection(vals):
            self._check_mediator_scope()
        return result

    # Attendees are employees (hr.employee), which only HR officers may read: everyone else picks them from
    # the public directory (hr.employee.public, the same ids), and the ORM would refuse the link. A user who
    # may write the meeting records who attended: linked without the HR read, checked here instead.
    def _pop_attendees(self, vals):
        """The attendee commands of ``vals`` the user cannot write through the ORM (removed from ``vals``)."""
        if "attendee_ids" not in vals or self.env.su or self.env["hr.employee"].has_access("read"):
            return None
        return vals.pop("attendee_ids")

    def _write_attendees(self, commands):
        if commands is None:
            return
        employee_ids = set()
        for command in commands:
            if command[0] in (Command.LINK, Command.UNLINK):
                employee_ids.add(command[1])
            elif command[0] == Command.SET:
                employee_ids.update(command[2])
            elif command[0] != Command.CLEAR:
                raise AccessError(self.env._("Attendees are chosen among the employees, not created or edited here."))
        # the user may write these meetings and read these people in the public directory
        self.check_access("write")
        self.env["hr.employee.public"].browse(employee_ids).check_access("read")
        # sudo: only links existing employees the user can see (checked above) to meetings the user may write
        self.sudo().write({"attendee_ids": commands})

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(meeting.state not in ("draft", "cancelled") for meeting in self):
            raise UserError(self.env._(
                "Only draft or cancelled meetings can be deleted."))

    # ------------------------------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------------------------------
    def action_schedule(self):
        """Draft -> scheduled: the meeting is announced; the agenda is refreshed."""
        records = self._check_step("schedule", "scheduled")
        records.write({"state": "scheduled"})
        records._fill_agenda()
        return True

    def action_hold(self):
        """Scheduled -> held: the minutes must be recorded."""
        records = self._check_step("hold", "held")
        for meeting in records:
            if is_html_empty(meeting.minutes):
                raise UserError(self.env._(
                    "Record the minutes before marking the meeting held."))
        records.write({"state": "held"})
        return True

    def action_cancel(self):
        records = self._check_step("cancel", "cancelled")
        records.write({"state": "cancelled"})
        return True

    def action_reset_draft(self):
        records = self._check_step("reset_draft", "draft")
        records.write({"state": "draft"})
        return True

    def action_prepare_agenda(self):
        """Rebuild the prepared part of the agenda: generated items nobody has annotated are replaced."""
        records = self._check_step("prepare_agenda")
        if records.filtered(lambda m: m.state in ("held", "cancelled")):
            raise UserError(self.env._(
                "The agenda of a held or cancelled meeting cannot change."))
        records.agenda_ids.filtered(lambda line: line.auto and not (line.note or "").strip()).unlink()
        records._fill_agenda()
        return True

    # ------------------------------------------------------------------------------------------
    # the village mediator's scope
    # ------------------------------------------------------------------------------------------
    def _mediator_villages(self):
        # env.user is the current user's record: reads the own employees' village, as the record rules do
        return self.env.user.employee_ids.xinfang_village_id

    def _is_village_mediator(self):
        """A mediator outside the petition office: acts only on the own village's routine meetings."""
        return not self.env.su and self.env.user.has_group(MEDIATOR) and not self.env.user.has_group(STAFF)

    def _in_mediator_scope(self):
        return (len(self) == 1 and self.meeting_type == "village" and bool(self.village_id)
                and self.village_id in self._mediator_villages())

    def _check_mediator_scope(self):
        """The record rules check a meeting before a write; this checks what the write made of it (a mediator
        cannot turn the own village's meeting into a township meeting or another village's)."""
        if not self._is_village_mediator():
            return
        for meeting in self:
            if not meeting._in_mediator_scope():
                raise AccessError(self.env._(
                    "A village mediator records only the routine meetings of the own village."))

    def _step_scope_ok(self, step, group):
        """A mediator takes the steps of the own village's routine meetings only."""
        if group == MEDIATOR:
            return self._in_mediator_scope()
        return super()._step_scope_ok(step, group)

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_supervision.action_xinfang_task")
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id}
        return action

    # ------------------------------------------------------------------------------------------
    # agenda
    # ------------------------------------------------------------------------------------------
    def _fill_agenda(self):
        """Add the items the meeting must discuss that are not on its agenda yet."""
        for meeting in self.filtered(lambda m: m.state in ("draft", "scheduled")):
            present = {(line.petition_id.id, line.risk_id.id, line.task_id.id) for line in meeting.agenda_ids}
            commands = []
            for vals in meeting._prepare_agenda_vals():
                key = (vals.get("petition_id", False), vals.get("risk_id", False), vals.get("task_id", False))
                if key not in present:
                    present.add(key)
                    commands.append(Command.create(dict(vals, auto=True)))
            if commands:
                meeting.agenda_ids = commands

    def _get_agenda_petition_domain(self):
        """Open petitions the meeting looks at (the village's own for a village meeting)."""
        self.ensure_one()
        domain = [("state", "in", OPEN_STATES), ("company_id", "=", self.company_id.id)]
        if self.meeting_type == "village":
            domain.append(("village_id", "=", self.village_id.id))
        return domain

    def _get_agenda_risk_domain(self):
        """Risks not resolved yet (the village's own for a village meeting)."""
        self.ensure_one()
        domain = [("state", "in", ("found", "handling", "escalated")), ("company_id", "=", self.company_id.id)]
        if self.meeting_type == "village":
            domain.append(("village_id", "=", self.village_id.id))
        return domain

    def _get_previous_tasks_domain(self):
        """Open tasks decided by earlier meetings of the same type (and village): their progress is reviewed.

        All earlier meetings, not only the last one: a task still open after two meetings stays on the agenda.
        """
        self.ensure_one()
        domain = [
            ("state", "in", ("open", "overdue")),
            ("meeting_id.meeting_type", "=", self.meeting_type),
            ("meeting_id.date", "<=", self.date),
            ("meeting_id", "!=", self.id),
            ("company_id", "=", self.company_id.id),
        ]
        if self.meeting_type == "village":
            domain.append(("meeting_id.village_id", "=", self.village_id.id))
        return domain

    def _prepare_agenda_vals(self):
        """Values of the agenda lines the rules prepare, in the order the meeting takes them."""
        self.ensure_one()
        Petition = self.env["xinfang.petition"]
        petition_domain = self._get_agenda_petition_domain()
        overdue = Petition.search(petition_domain + [("deadline_status", "=", "overdue")], order="current_deadline, id")
        major = Petition.search(petition_domain + [("is_major", "=", True), ("id", "not in", overdue.ids)],
                                order="registration_date, id")
        risks = self.env["xinfang.risk"].search(self._get_agenda_risk_domain(), order="deadline, id")
        tasks = self.env["xinfang.task"].search(self._get_previous_tasks_domain(), order="deadline, id")
        vals_list = [{"kind": "task", "task_id": task.id} for task in tasks]
        vals_list += [{"kind": "overdue_petition", "petition_id": petition.id} for petition in overdue]
        vals_list += [{"kind": "major_petition", "petition_id": petition.id} for petition in major]
        vals_list += [{"kind": "risk", "risk_id": risk.id} for risk in risks]
        for sequence, vals in enumerate(vals_list, start=1):
            vals["sequence"] = sequence * 10
        return vals_list

    # ------------------------------------------------------------------------------------------
    # scheduling (rules are ir.config_parameter values)
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_meeting_days(self, meeting_type):
        """Days of the month on which meetings of this type are held, from the settings."""
        key, default = SCHEDULE_PARAMS[meeting_type]
        return read_setting(self.env, PARAM_PREFIX + key, parse_month_days(default), parse_month_days)

    @api.model
    def _get_horizon_days(self):
        key, default = HORIZON_PARAM
        return read_setting(self.env, PARAM_PREFIX + key, int(default), int)

    @api.model
    def _next_working_day(self, day):
        """``day`` itself when it is a working day, else the first working day after it."""
        Deadline = self.env["xinfang.deadline"]
        while not Deadline.is_working_day(day):
            day += timedelta(days=1)
        return day

    @api.model
    def _prepare_scheduled_vals(self, meeting_type, planned, day, village):
        """Values of a meeting the schedule creates (hook)."""
        return {
            "meeting_type": meeting_type,
            "planned_date": planned,
            "date": day,
            "village_id": village.id if village else False,
            "state": "scheduled",
        }

    @api.model
    def _cron_schedule_meetings(self):
        """Daily: create the meetings the rules give for the coming days, once each.

        A rule day that is not a working day moves to the next working day. A meeting already
        created for a rule day (in any state, cancelled included, and wherever it was moved to),
        or a meeting of the same type already held that day, is not created again.
        """
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=self._get_horizon_days())
        company = self.env.company
        vals_list = []
        for meeting_type, _label in MEETING_TYPES:
            try:
                days = self._get_meeting_days(meeting_type)
            except ValueError:
                _logger.warning("Meeting days of %s are not valid; no meeting scheduled.", meeting_type)
                continue
            occurrences = []
            for planned in month_day_dates(days, today - timedelta(days=LOOKBACK_DAYS), horizon):
                day = self._next_working_day(planned)
                if today <= day <= horizon:
                    occurrences.append((planned, day))
            if not occurrences:
                continue
            villages = (self.env["hr.department"]._xinfang_villages() if meeting_type == "village"
                        else [self.env["hr.department"]])
            existing = self.search_fetch([
                ("meeting_type", "=", meeting_type),
                ("company_id", "=", company.id),
                "|",
                ("planned_date", "in", [planned for planned, _day in occurrences]),
                ("date", "in", [day for _planned, day in occurrences]),
            ], ["village_id", "planned_date", "date"])
            taken = {(m.village_id.id, m.planned_date) for m in existing if m.planned_date}
            taken |= {(m.village_id.id, m.date) for m in existing}
            for planned, day in occurrences:
                for village in villages:
                    if (village.id, planned) in taken or (village.id, day) in taken:
                        continue
                    taken |= {(village.id, planned), (village.id, day)}
                    vals_list.append(self._prepare_scheduled_vals(meeting_type, planned, day, village))
        # the schedule's step, not a user's: the meetings are created scheduled, as the steps write (_step);
        # the records go back without the step's mark
        return self._step().create(vals_list).with_env(self.env)
