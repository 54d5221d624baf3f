from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.res_company import township_today, township_tz_name
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import DIRECTOR, STAFF
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_datetime

from .xinfang_escalation_rule import CLOCKS, DESTINATION_LEVELS, LEADER_LEVEL_RANK, LEADER_LEVELS

# step -> who may take it: the petition office (and so the leaders and the director, whose groups
# imply it) dispatches the leaders and records the outcome; a village mediator reports a visit and
# follows it, but does not send the township's leaders.
VISIT_STEP_GROUPS = {
    "dispatch": (STAFF,),
    "persuaded_back": (STAFF,),
    "escalate": (STAFF,),
}
# state -> states it may move to; the only place transitions are declared
VISIT_TRANSITIONS = {
    "reported": {"dispatched", "persuaded_back", "escalated"},
    "dispatched": {"on_site", "persuaded_back", "escalated"},
    "on_site": {"persuaded_back", "escalated"},
    "persuaded_back": set(),
    "escalated": set(),
}
CLOSED_STATES = ("persuaded_back", "escalated")
OPEN_STATES = ("reported", "dispatched", "on_site")
# hr.employee.xinfang_role of the leaders of each level, alerted when no case leader answers for the clock
LEVEL_ROLES = {"deputy": "deputy_leader", "principal": "principal_leader"}
CLOCK_MISSED_ACTIVITY = "xinfang_supervision.mail_act_xinfang_visit_clock_missed"
# Leader cases whose leader answers for a visit of the case's petition, best first (not cancelled).
CASE_STATE_PRIORITY = ("in_progress", "to_approve", "draft", "done")


class XinfangCollectiveVisit(models.Model):
    """A collective cross-level visit and the on-site persuasion response (越级集体访现场劝返).

    The matching ``xinfang.escalation.rule`` says which leader level must go and what is timed:

    * the arrival on site (county 1 h, city 2 h): the clock is the case leader's (包案领导) when the
      visit's petition has a leader case, else the first leader of the required level (or higher);
    * the departure (province, Beijing): the principal leaders set off at once; the dispatch step
      must come within the rule's departure minutes and no arrival deadline applies, so such a
      visit is never late in arriving.
    """

    _name = "xinfang.collective.visit"
    _description = "Collective Cross-level Visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "xinfang.workflow.state"]
    _order = "notified_at desc, id desc"
    _check_company_auto = True
    _transitions = VISIT_TRANSITIONS
    _step_groups = VISIT_STEP_GROUPS
    _workflow_fields = ("state", "dispatched_at", "arrival_leader_id", "clock_alerted_at", "clock_missed")

    name = fields.Char(string="Number", readonly=True, copy=False, default="/", index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    subject = fields.Char(required=True, tracking=True)
    destination_level = fields.Selection(
        DESTINATION_LEVELS, string="Destination", required=True, default="county", tracking=True,
        help="The level of government the group went to.",
    )
    head_count = fields.Integer(required=True, default=5, tracking=True)
    notified_at = fields.Datetime(
        string="Notified At", required=True, default=fields.Datetime.now, tracking=True,
        help="When the township was notified of the visit; the arrival clock starts here.",
    )
    petition_id = fields.Many2one("xinfang.petition", index="btree_not_null", check_company=True)
    village_id = fields.Many2one(
        "hr.department", string="Village", domain="[('xinfang_unit_type', '=', 'village')]",
        compute="_compute_village_id", store=True, readonly=False, precompute=True, index=True, tracking=True,
    )
    state = fields.Selection(
        [
            ("reported", "Reported"),
            ("dispatched", "Leaders Dispatched"),
            ("on_site", "On Site"),
            ("persuaded_back", "Persuaded Back"),
            ("escalated", "Escalated"),
        ],
        default="reported", required=True, readonly=True, copy=False, tracking=True, index=True,
    )
    outcome = fields.Text(help="How the group was persuaded back, or why the matter was escalated.")

    # --- the rule that applies ------------------------------------------------------------------
    rule_id = fields.Many2one(
        "xinfang.escalation.rule", string="Escalation Rule", compute="_compute_rule_id", store=True,
        help="The rule matching the destination and head count; none for visits below the smallest band.",
    )
    required_leader_level = fields.Selection(
        LEADER_LEVELS, compute="_compute_rule_id", store=True, tracking=True,
    )
    clock = fields.Selection(
        CLOCKS, string="Timed", compute="_compute_clock", store=True,
        help="What the rule times: the arrival on site, or the departure of the leaders (province, Beijing).",
    )
    arrival_deadline = fields.Datetime(
        compute="_compute_arrival_deadline", store=True, tracking=True,
        help="Notified at + the rule's arrival minutes: the case leader (or, without a leader case, a leader of "
        "the required level) must be on site by then. None when the rule times the departure.",
    )
    departure_deadline = fields.Datetime(
        compute="_compute_departure_deadline", store=True, tracking=True,
        help="Notified at + the rule's departure minutes: the leaders must have been dispatched by then "
        "(province, Beijing).",
    )
    case_leader_id = fields.Many2one(
        "hr.employee", compute="_compute_case_leader_id",
        help="The leader of the petition's leader case: the arrival clock is theirs.",
    )

    # --- the response ---------------------------------------------------------------------------
    leader_ids = fields.One2many("xinfang.collective.visit.leader", "visit_id", string="Dispatched Leaders")
    dispatched_at = fields.Datetime(
        readonly=True, copy=False, tracking=True,
        help="When the leaders were dispatched (the departure).",
    )
    arrival_leader_id = fields.Many2one(
        "hr.employee", string="Must Arrive", readonly=True, copy=False, tracking=True,
        help="The case leader whose arrival on site is timed, as recorded at dispatch. Empty: the "
        "first leader of the required level counts.",
    )
    first_arrival_at = fields.Datetime(
        compute="_compute_arrival_status", store=True,
        help="When the timed leader checked in on site: the case leader, else the first leader of the required "
        "level (or higher).",
    )
    arrival_status = fields.Selection(
        [
            ("not_required", "No Leader Required"),
            ("no_deadline", "No Arrival Deadline"),
            ("waiting", "Waiting"),
            ("on_time", "On Time"),
            ("late", "Late"),
            ("absent", "Required Leader Never Arrived"),
        ],
        compute="_compute_arrival_status", store=True, tracking=True,
    )
    late = fields.Boolean(
        string="Late Arrival", compute="_compute_arrival_status", store=True, index=True,
        help="The timed leader arrived after the deadline, or the visit was closed without them. Never set when "
        "the rule times the departure. Late responses count in the assessment.",
    )
    departure_status = fields.Selection(
        [
            ("not_timed", "Not Timed"),
            ("waiting", "Not Yet Dispatched"),
            ("on_time", "Set Off On Time"),
            ("late", "Set Off Late"),
        ],
        compute="_compute_departure_status", store=True, tracking=True,
    )
    departure_late = fields.Boolean(
        string="Late Departure", compute="_compute_departure_status", store=True, index=True,
        help="The leaders were dispatched after the departure deadline (province, Beijing). Late responses count "
        "in the assessment.",
    )

    # --- the clock passed with nobody on site (scheduled job) ------------------------------------
    clock_alerted_at = fields.Datetime(
        string="Clock Missed Alert", readonly=True, copy=False, tracking=True,
        help="When the leaders who must respond and the office director were alerted that the arrival (or "
        "departure) deadline passed with nobody on site (or no leader dispatched). A visit is alerted once.",
    )
    clock_missed = fields.Boolean(
        compute="_compute_clock_missed", store=True, index=True, tracking=True,
        help="The deadline passed with the timed leader not on site (or the leaders not dispatched): a late "
        "response in the assessment, even while the visit is still open. Cleared only if an on-time arrival "
        "is recorded afterwards.",
    )

    _head_count_positive = models.Constraint("CHECK (head_count >= 1)", "The head count must be at least 1.")

    # ------------------------------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------------------------------
    @api.depends("petition_id")
    def _compute_village_id(self):
        for visit in self:
            visit.village_id = visit.petition_id.village_id or visit.village_id

    @api.depends("destination_level", "head_count")
    def _compute_rule_id(self):
        Rule = self.env["xinfang.escalation.rule"]
        for visit in self:
            rule = Rule._match(visit.destination_level, visit.head_count)
            visit.rule_id = rule
            visit.required_leader_level = rule.required_leader_level

    # Only the rule (and the notification time): editing a rule later does not rewrite past visits.
    @api.depends("rule_id")
    def _compute_clock(self):
        for visit in self:
            visit.clock = visit.rule_id.clock

    @api.depends("rule_id", "notified_at")
    def _compute_arrival_deadline(self):
        for visit in self:
            rule = visit.rule_id
            if rule and rule.clock == "arrival" and visit.notified_at:
                visit.arrival_deadline = visit.notified_at + timedelta(minutes=rule.arrival_minutes)
            else:
                visit.arrival_deadline = False

    @api.depends("rule_id", "notified_at")
    def _compute_departure_deadline(self):
        for visit in self:
            rule = visit.rule_id
            if rule and rule.clock == "departure" and visit.notified_at:
                visit.departure_deadline = visit.notified_at + timedelta(minutes=rule.departure_minutes)
            else:
                visit.departure_deadline = False

    @api.depends("petition_id")
    def _compute_case_leader_id(self):
        # sudo: mediators and staff may not read every leader case; only who leads the petition's case
        # is shown on the visit (the leader's name, which the township's roster publishes anyway).
        cases = self.env["xinfang.leader.case"].sudo().search([
            ("petition_ids", "in", self.petition_id.ids), ("state", "in", CASE_STATE_PRIORITY),
        ], order="id desc") if self.petition_id.ids else self.env["xinfang.leader.case"]
        for visit in self:
            own = cases.filtered(lambda case, visit=visit: visit.petition_id in case.petition_ids)
            best = min(own, key=lambda case: CASE_STATE_PRIORITY.index(case.state), default=own)
            visit.case_leader_id = best.leader_id.sudo(False)

    @api.depends("clock", "required_leader_level", "arrival_deadline", "arrival_leader_id", "state",
                 "leader_ids.arrived_at", "leader_ids.leader_level", "leader_ids.employee_id")
    def _compute_arrival_status(self):
        for visit in self:
            first = min(visit._timed_arrivals().mapped("arrived_at"), default=False)
            visit.first_arrival_at = first
            if not visit.required_leader_level:
                status = "not_required"
            elif visit.clock == "departure":
                status = "no_deadline"  # the departure is timed: never late in arriving
            elif first:
                status = "on_time" if first <= visit.arrival_deadline else "late"
            elif visit.state in CLOSED_STATES:
                status = "absent"
            else:
                status = "waiting"
            visit.arrival_status = status
            visit.late = status in ("late", "absent")

    @api.depends("clock", "required_leader_level", "departure_deadline", "dispatched_at")
    def _compute_departure_status(self):
        for visit in self:
            if not visit.required_leader_level or visit.clock != "departure" or not visit.departure_deadline:
                status = "not_timed"
            elif visit.dispatched_at:
                status = "on_time" if visit.dispatched_at <= visit.departure_deadline else "late"
            else:
                status = "waiting"
            visit.departure_status = status
            visit.departure_late = status == "late"

    @api.depends("clock_alerted_at", "arrival_status", "departure_status")
    def _compute_clock_missed(self):
        for visit in self:
            # an arrival recorded afterwards with an on-time check-in time: the clock was not missed
            visit.clock_missed = bool(visit.clock_alerted_at) and "on_time" not in (
                visit.arrival_status, visit.departure_status)

    def _timed_arrivals(self):
        """The arrived dispatch lines the arrival clock counts: the case leader's when one was recorded at
        dispatch, else those whose leader level fulfils the required level."""
        self.ensure_one()
        if self.arrival_leader_id:
            return self.leader_ids.filtered(
                lambda line: line.arrived_at and line.employee_id == self.arrival_leader_id)
        needed = LEADER_LEVEL_RANK.get(self.required_leader_level, 0)
        return self.leader_ids.filtered(
            lambda line: line.arrived_at and LEADER_LEVEL_RANK.get(line.leader_level, 0) >= needed)

    def _timed_leader(self):
        """The case leader who must arrive: recorded at dispatch, or (before it) the petition's case leader."""
        self.ensure_one()
        if self.state != "reported":
            return self.arrival_leader_id
        if self.clock == "arrival" and self.required_leader_level:
            return self.case_leader_id
        return self.env["hr.employee"]

    # ------------------------------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------------------------------
    @api.constrains("leader_ids", "destination_level", "head_count", "state")
    def _check_dispatched_leaders(self):
        self.filtered(lambda v: v.state != "reported")._check_required_leaders()

    def _check_required_leaders(self):
        """The dispatched leaders include one of the required level (a principal fulfils a deputy rule) and
        the case leader whose arrival is timed."""
        levels = dict(self._fields["required_leader_level"]._description_selection(self.env))
        for visit in self.filtered("required_leader_level"):
            if not visit.leader_ids:
                raise ValidationError(self.env._(
                    "Dispatch at least one leader to visit %(name)s.", name=visit.display_name))
            best = max(LEADER_LEVEL_RANK.get(level, 0) for level in visit.leader_ids.mapped("leader_level"))
            if best < LEADER_LEVEL_RANK[visit.required_leader_level]:
                raise ValidationError(self.env._(
                    "A visit of %(count)s people to the %(destination)s requires a %(level)s on site: "
                    "dispatching only deputy leaders is not allowed.",
                    count=visit.head_count, level=levels[visit.required_leader_level],
                    destination=dict(DESTINATION_LEVELS)[visit.destination_level]))
            case_leader = visit._timed_leader()
            if case_leader and case_leader not in visit.leader_ids.employee_id:
                raise ValidationError(self.env._(
                    "%(leader)s leads the case of this visit's petition: the arrival clock is theirs, so they "
                    "must be among the dispatched leaders of %(name)s.",
                    # sudo: the leader's name only; office staff read employees through hr.employee.public
                    leader=case_leader.sudo().name, name=visit.display_name))

    # ------------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        for visit in visits:
            visit.name = self.env["ir.sequence"].next_by_code(
                "xinfang.collective.visit", sequence_date=township_today(
                    visit, visit.notified_at)) or "/"
        return visits

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = f"{visit.name if visit.name != '/' else ''} {visit.subject or ''}".strip()

    # ------------------------------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------------------------------
    def action_dispatch(self):
        """Reported -> dispatched: the leaders on the lines set off (the departure is recorded); the
        required level and the case leader are enforced."""
        records = self._check_step("dispatch", "dispatched")
        records._check_required_leaders()
        now = fields.Datetime.now()
        for visit in records:
            if not visit.leader_ids:
                raise ValidationError(self.env._(
                    "Dispatch at least one leader to visit %(name)s.", name=visit.display_name))
            visit.write({"state": "dispatched", "dispatched_at": now, "arrival_leader_id": visit._timed_leader().id})
            partners = visit.leader_ids.employee_id.user_id.partner_id
            if partners:
                visit.message_post(
                    body=visit._dispatch_message(), partner_ids=partners.ids, message_type="notification",
                    subtype_xmlid="mail.mt_comment",
                )
        return True

    def _dispatch_message(self):
        self.ensure_one()
        if self.clock == "departure":
            return self.env._("Dispatched to the collective visit: set off at once. No arrival deadline applies.")
        if self.arrival_leader_id:
            # sudo: the leader's name only; office staff read employees through hr.employee.public
            return self.env._(
                "Dispatched to the collective visit; %(leader)s, who leads the case, must be on site by "
                "%(deadline)s.", leader=self.arrival_leader_id.sudo().name,
                deadline=format_datetime(self.env, self.arrival_deadline))
        return self.env._(
            "Dispatched to the collective visit; be on site by %(deadline)s.",
            deadline=format_datetime(self.env, self.arrival_deadline) if self.arrival_deadline
            else self.env._("as soon as possible"))

    def _mark_on_site(self):
        """Dispatched -> on site, when the first leader checks in."""
        self.filtered(lambda v: v.state == "dispatched")._step().write({"state": "on_site"})

    def action_persuaded_back(self):
        """The group was persuaded to go home (劝返成功)."""
        records = self._check_step("persuaded_back", "persuaded_back")
        records._check_closable()
        records.write({"state": "persuaded_back"})
        return True

    def action_escalate(self):
        """The group could not be persuaded back: the matter goes to the higher authority."""
        records = self._check_step("escalate", "escalated")
        records._check_closable()
        records.write({"state": "escalated"})
        return True

    def _check_closable(self):
        for visit in self:
            if visit.state == "reported" and visit.required_leader_level:
                raise UserError(self.env._(
                    "Visit %(name)s requires leaders on site: dispatch them first.",
                    name=visit.display_name))

    # ------------------------------------------------------------------------------------------
    # the clock passed with nobody on site (scheduled job)
    # ------------------------------------------------------------------------------------------
    @api.model
    def _clock_missed_domain(self, now):
        """Open visits not yet alerted whose arrival deadline passed with no timed arrival, or whose
        departure deadline passed with no leader dispatched (a check-in exactly at the deadline is on time)."""
        return Domain("clock_alerted_at", "=", False) & Domain("state", "in", OPEN_STATES) & (
            (Domain("arrival_status", "=", "waiting") & Domain("arrival_deadline", "<", now))
            | (Domain("departure_status", "=", "waiting") & Domain("departure_deadline", "<", now))
        )

    @api.model
    def _cron_alert_missed_clocks(self):
        """Every 5 minutes: alert the leaders who must respond and the office director, once per visit,
        when a visit's clock passed with nobody on site; the visit then counts as a late response."""
        now = fields.Datetime.now()
        visits = self.search(self._clock_missed_domain(now), order="notified_at, id")
        for visit in visits:
            visit._alert_missed_clock(now)
        return visits

    def _alert_missed_clock(self, now):
        """Record the alert, schedule an activity and send a notification to each user to alert, note it."""
        self.ensure_one()
        self._step().write({"clock_alerted_at": now})
        users = self._clock_alert_users()
        today = township_today(self, now)
        for user in users:
            visit = self.with_context(lang=user.lang or self.env.lang)
            title, message = visit._clock_missed_texts(user)
            visit.activity_schedule(CLOCK_MISSED_ACTIVITY, date_deadline=today, user_id=user.id, summary=title,
                                    note=message)
            user._bus_send("simple_notification", {"type": "danger", "sticky": True, "title": title,
                                                   "message": message})
        if self.clock == "departure":
            body = self.env._(
                "The departure deadline %(deadline)s passed with no leader dispatched: counted as a late "
                "response. Alerted: %(users)s.", deadline=self._format_clock_time(self.departure_deadline),
                users=", ".join(users.mapped("name")) or self.env._("nobody (no leader or director has a user)"))
        else:
            body = self.env._(
                "The arrival deadline %(deadline)s passed with nobody on site: counted as a late response. "
                "Alerted: %(users)s.", deadline=self._format_clock_time(self.arrival_deadline),
                users=", ".join(users.mapped("name")) or self.env._("nobody (no leader or director has a user)"))
        self.message_post(body=body, message_type="notification", subtype_xmlid="mail.mt_note")

    def _clock_missed_texts(self, user):
        """(title, message) of the alert, in the language of the visit's environment, times in ``user``'s zone."""
        self.ensure_one()
        title = self.env._("Collective visit %(name)s: clock missed", name=self.display_name)
        if self.clock == "departure":
            message = self.env._(
                "No leader was dispatched to the %(destination)s by %(deadline)s: set off at once and record "
                "the dispatch.", destination=dict(self._fields["destination_level"]._description_selection(
                    self.env))[self.destination_level],
                deadline=self._format_clock_time(self.departure_deadline, user))
        else:
            message = self.env._(
                "Nobody required was on site by %(deadline)s (%(count)s people at the %(destination)s): go on "
                "site at once and check in.", count=self.head_count,
                destination=dict(self._fields["destination_level"]._description_selection(
                    self.env))[self.destination_level],
                deadline=self._format_clock_time(self.arrival_deadline, user))
        return title, message

    def _format_clock_time(self, value, user=None):
        """A deadline in ``user``'s time zone (the township's when they have none, or without a user)."""
        return format_datetime(self.env, value, tz=(user and user.tz) or township_tz_name(self.env))

    def _clock_alert_users(self):
        """Who is alerted when the clock passes: the leaders who must respond and the office directors."""
        self.ensure_one()
        return (self._clock_alert_leaders().user_id | self._office_director_users()).filtered(
            lambda user: user.active and not user.share)

    def _clock_alert_leaders(self):
        """The leaders who must respond now, with explicit fallbacks:

        1. the case leader whose arrival is timed (recorded at dispatch, or the petition's case leader);
        2. after dispatch, the dispatched leaders of the required level (or higher);
        3. else the leaders of the required level in the visit's company who have a user, and when none has
           one, the principal leaders.

        sudo: reads which employees hold a leader role and their users, to address the alert; nothing is
        disclosed to the caller.
        """
        self.ensure_one()
        leader = self._timed_leader().sudo()
        if leader.user_id:
            return leader
        if self.state != "reported":
            needed = LEADER_LEVEL_RANK.get(self.required_leader_level, 0)
            dispatched = self.sudo().leader_ids.filtered(
                lambda line: LEADER_LEVEL_RANK.get(line.leader_level, 0) >= needed).employee_id
            if dispatched.user_id:
                return dispatched.filtered("user_id")
        Employee = self.env["hr.employee"].sudo()
        for level in dict.fromkeys((self.required_leader_level, "principal")):
            leaders = Employee.search([
                ("xinfang_role", "=", LEVEL_ROLES.get(level)), ("user_id", "!=", False),
                ("company_id", "=", self.company_id.id),
            ])
            if leaders:
                return leaders
        return Employee

    def _office_director_users(self):
        """The petition office directors (users of the director group) of the visit's company.

        sudo: reads a group's members to address the alert; nothing is disclosed to the caller.
        """
        self.ensure_one()
        return self.env.ref(DIRECTOR).sudo().all_user_ids.filtered(
            lambda user: self.company_id in user.company_ids)
