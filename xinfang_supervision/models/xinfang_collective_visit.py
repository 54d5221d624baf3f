from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .xinfang_escalation_rule import DESTINATION_LEVELS, LEADER_LEVEL_RANK, LEADER_LEVELS

# state -> states it may move to; the only place transitions are declared
VISIT_TRANSITIONS = {
    "reported": {"dispatched", "persuaded_back", "escalated"},
    "dispatched": {"on_site", "persuaded_back", "escalated"},
    "on_site": {"persuaded_back", "escalated"},
    "persuaded_back": set(),
    "escalated": set(),
}
CLOSED_STATES = ("persuaded_back", "escalated")


class XinfangCollectiveVisit(models.Model):
    """A collective cross-level visit and the on-site persuasion response (越级集体访现场劝返).

    The matching ``xinfang.escalation.rule`` says which leader level must be on site and by when;
    the arrival of the first leader of that level (or higher) decides whether the response was late.
    """

    _name = "xinfang.collective.visit"
    _description = "Collective Cross-level Visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "xinfang.workflow.state"]
    _order = "notified_at desc, id desc"
    _check_company_auto = True

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
    arrival_deadline = fields.Datetime(
        compute="_compute_arrival_deadline", store=True, tracking=True,
        help="Notified at + the rule's arrival minutes: a leader of the required level must be on site by then.",
    )

    # --- the response ---------------------------------------------------------------------------
    leader_ids = fields.One2many("xinfang.collective.visit.leader", "visit_id", string="Dispatched Leaders")
    first_arrival_at = fields.Datetime(
        compute="_compute_arrival_status", store=True,
        help="When the first leader of the required level (or higher) checked in on site.",
    )
    arrival_status = fields.Selection(
        [
            ("not_required", "No Leader Required"),
            ("waiting", "Waiting"),
            ("on_time", "On Time"),
            ("late", "Late"),
            ("absent", "Required Leader Never Arrived"),
        ],
        compute="_compute_arrival_status", store=True, tracking=True,
    )
    late = fields.Boolean(
        compute="_compute_arrival_status", store=True, index=True,
        help="The first leader of the required level arrived after the deadline, or the visit was closed "
        "without one. Late responses count in the assessment.",
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

    # Only the rule and the notification time: editing a rule later does not rewrite past visits.
    @api.depends("rule_id", "notified_at")
    def _compute_arrival_deadline(self):
        for visit in self:
            if visit.rule_id and visit.notified_at:
                visit.arrival_deadline = visit.notified_at + timedelta(minutes=visit.rule_id.arrival_minutes)
            else:
                visit.arrival_deadline = False

    @api.depends("required_leader_level", "arrival_deadline", "state",
                 "leader_ids.arrived_at", "leader_ids.leader_level")
    def _compute_arrival_status(self):
        for visit in self:
            first = min(visit._qualifying_leaders().mapped("arrived_at"), default=False)
            visit.first_arrival_at = first
            if not visit.required_leader_level:
                status = "not_required"
            elif first:
                status = "on_time" if first <= visit.arrival_deadline else "late"
            elif visit.state in CLOSED_STATES:
                status = "absent"
            else:
                status = "waiting"
            visit.arrival_status = status
            visit.late = status in ("late", "absent")

    def _qualifying_leaders(self):
        """Arrived dispatch lines whose leader level fulfils the required level."""
        self.ensure_one()
        needed = LEADER_LEVEL_RANK.get(self.required_leader_level, 0)
        return self.leader_ids.filtered(
            lambda line: line.arrived_at and LEADER_LEVEL_RANK.get(line.leader_level, 0) >= needed)

    # ------------------------------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------------------------------
    @api.constrains("leader_ids", "destination_level", "head_count", "state")
    def _check_dispatched_leaders(self):
        self.filtered(lambda v: v.state != "reported")._check_required_leaders()

    def _check_required_leaders(self):
        """The dispatched leaders include one of the required level (a principal fulfils a deputy rule)."""
        levels = dict(self._fields["required_leader_level"]._description_selection(self.env))
        for visit in self.filtered("required_leader_level"):
            if not visit.leader_ids:
                raise ValidationError(self.env._(
                    "Dispatch at least one leader to visit %(name)s. 请派出领导赶赴现场。", name=visit.display_name))
            best = max(LEADER_LEVEL_RANK.get(level, 0) for level in visit.leader_ids.mapped("leader_level"))
            if best < LEADER_LEVEL_RANK[visit.required_leader_level]:
                raise ValidationError(self.env._(
                    "A visit of %(count)s people to the %(destination)s requires a %(level)s on site: "
                    "dispatching only deputy leaders is not allowed. "
                    "该越级集体访须由主要领导赶赴现场，不得仅派分管领导。",
                    count=visit.head_count, level=levels[visit.required_leader_level],
                    destination=dict(DESTINATION_LEVELS)[visit.destination_level]))

    # ------------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        for visit in visits:
            visit.name = self.env["ir.sequence"].next_by_code(
                "xinfang.collective.visit", sequence_date=fields.Datetime.context_timestamp(
                    visit, visit.notified_at).date()) or "/"
        return visits

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = f"{visit.name if visit.name != '/' else ''} {visit.subject or ''}".strip()

    # ------------------------------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------------------------------
    def _check_transition(self, target):
        """The single guard for every state change."""
        states = dict(self._fields["state"]._description_selection(self.env))
        for visit in self:
            if target not in VISIT_TRANSITIONS[visit.state]:
                raise UserError(self.env._(
                    "Visit %(name)s cannot go from %(from_state)s to %(to_state)s. 不允许的状态变更。",
                    name=visit.display_name, from_state=states[visit.state], to_state=states[target]))

    def action_dispatch(self):
        """Reported -> dispatched: the leaders on the lines set off; the required level is enforced."""
        self._check_transition("dispatched")
        self._check_required_leaders()
        for visit in self:
            if not visit.leader_ids:
                raise ValidationError(self.env._(
                    "Dispatch at least one leader to visit %(name)s. 请派出领导赶赴现场。", name=visit.display_name))
            visit._step().write({"state": "dispatched"})
            partners = visit.leader_ids.employee_id.user_id.partner_id
            if partners:
                visit.message_post(
                    body=self.env._(
                        "Dispatched to the collective visit; be on site by %(deadline)s. 请按时赶赴现场劝返。",
                        deadline=visit.arrival_deadline or self.env._("as soon as possible")),
                    partner_ids=partners.ids, message_type="notification", subtype_xmlid="mail.mt_comment",
                )
        return True

    def _mark_on_site(self):
        """Dispatched -> on site, when the first leader checks in."""
        self.filtered(lambda v: v.state == "dispatched")._step().write({"state": "on_site"})

    def action_persuaded_back(self):
        """The group was persuaded to go home (劝返成功)."""
        self._check_transition("persuaded_back")
        self._check_closable()
        self._step().write({"state": "persuaded_back"})
        return True

    def action_escalate(self):
        """The group could not be persuaded back: the matter goes to the higher authority."""
        self._check_transition("escalated")
        self._check_closable()
        self._step().write({"state": "escalated"})
        return True

    def _check_closable(self):
        for visit in self:
            if visit.state == "reported" and visit.required_leader_level:
                raise UserError(self.env._(
                    "Visit %(name)s requires leaders on site: dispatch them first. 须先派出领导。",
                    name=visit.display_name))
