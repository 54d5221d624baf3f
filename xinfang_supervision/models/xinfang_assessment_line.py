from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .xinfang_decision_assessment import APPROVER_GROUPS


class XinfangAssessmentLine(models.Model):
    """The assessed figures of one village or unit over an assessment period."""

    _name = "xinfang.assessment.line"
    _description = "Petition Work Assessment Result"
    _order = "assessment_id desc, scope desc, rank, id"
    _rec_name = "department_id"

    assessment_id = fields.Many2one("xinfang.assessment", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="assessment_id.company_id", store=True, index=True)
    date_from = fields.Date(related="assessment_id.date_from", store=True)
    date_to = fields.Date(related="assessment_id.date_to", store=True)
    year = fields.Char(related="assessment_id.year", store=True)
    is_yearly = fields.Boolean(related="assessment_id.is_yearly", store=True)
    scope = fields.Selection([("village", "Village"), ("unit", "Unit")], required=True, index=True)
    department_id = fields.Many2one("hr.department", string="Village or Unit", required=True, index=True)
    # Who answered for the village when the result was computed: HR links their pay to it.
    party_secretary_id = fields.Many2one("hr.employee", string="Party Secretary", index="btree_not_null")
    director_id = fields.Many2one("hr.employee", string="Village Director", index="btree_not_null")

    population = fields.Integer(aggregator="sum")
    petition_count = fields.Integer(string="Petitions", aggregator="sum")
    incidence_rate = fields.Float(
        string="Incidence Rate", digits=(16, 2), aggregator="avg",
        help="Petitions registered in the period × the population base (default 10,000) ÷ the village's "
        "registered population. 0 for units, which have no population.",
    )
    local_resolved_count = fields.Integer(string="Resolved Locally", aggregator="sum")
    local_resolution_rate = fields.Float(
        string="Local Resolution (%)", digits=(16, 2), aggregator="avg",
        help="Of the petitions registered in the period, the share closed without a review request "
        "whose responsible level and level lodged are both village or township (configurable): a village "
        "matter the township resolved counts, unless the setting is village only. Petitions still "
        "open, reviewed, not accepted or redirected count as not resolved locally.",
    )
    cross_level_count = fields.Integer(string="Cross-level", aggregator="sum")
    cross_level_rate = fields.Float(
        string="Cross-level (%)", digits=(16, 2), aggregator="avg",
        help="Of the petitions registered in the period, the share lodged above the township (county, "
        "city, province, Beijing) and above the responsible level.",
    )
    passed_up_count = fields.Integer(string="Passed Up", aggregator="sum")
    passed_up_rate = fields.Float(
        string="Passed Up (%)", digits=(16, 2), aggregator="avg",
        help="Of the petitions registered in the period, the share of village matters brought to the township: "
        "not cross-level, but they left the village.",
    )
    accepted_count = fields.Integer(string="Accepted", aggregator="sum")
    timely_acceptance_rate = fields.Float(
        string="Timely Acceptance (%)", digits=(16, 2), aggregator="avg",
        help="Of the accepted petitions, the share accepted within the acceptance deadline (petition metrics).",
    )
    replied_count = fields.Integer(string="Replied", aggregator="sum")
    on_time_rate = fields.Float(
        string="On-time Completion (%)", digits=(16, 2), aggregator="avg",
        help="Of the replied petitions, the share replied within the handling deadline (petition metrics).",
    )
    surveyed_count = fields.Integer(string="Followed Up", aggregator="sum")
    satisfaction_rate = fields.Float(
        string="Satisfaction (%)", digits=(16, 2), aggregator="avg",
        help="Of the petitions followed up, the share satisfied or basically satisfied (petition metrics).",
    )
    late_visit_count = fields.Integer(
        string="Late Visit Responses", aggregator="sum",
        help="Collective visits notified in the period where the timed leader arrived late or never, or (province, "
        "Beijing) the leaders were dispatched late.",
    )
    score = fields.Float(digits=(16, 2), aggregator="avg",
                         help="Weighted score out of 100 (weights in the settings), minus the late-response penalty.")
    rank = fields.Integer(aggregator="min", help="Rank by score among the villages, or among the units, of this run.")

    under_key_management = fields.Boolean(
        compute="_compute_key_management",
        help="Under key management during the period or today: cannot be proposed for commendation.",
    )
    key_management_ids = fields.Many2many("xinfang.key.management", compute="_compute_key_management")
    commendation_proposed = fields.Boolean(readonly=True, copy=False)

    def _compute_key_management(self):
        today = fields.Date.context_today(self)
        records = self.env["xinfang.key.management"].search([("department_id", "in", self.department_id.ids)])
        for line in self:
            covering = records.filtered(lambda r, line=line: r.department_id == line.department_id and (
                r._overlaps(line.date_from, line.date_to) or r._overlaps(today, today)))
            line.key_management_ids = covering
            line.under_key_management = bool(covering)

    @api.constrains("commendation_proposed")
    def _check_commendation(self):
        for line in self.filtered("commendation_proposed"):
            if line.under_key_management:
                raise ValidationError(line._key_management_message())

    def _key_management_message(self):
        return self.env._(
            "%(unit)s is under key management (%(reason)s) and cannot be proposed for commendation.",
            unit=self.department_id.name, reason="; ".join(self.key_management_ids.mapped("reason")))

    def action_propose_commendation(self):
        """Propose the village or unit for commendation (评先评优); refused under key management."""
        if not any(self.env.user.has_group(group) for group in APPROVER_GROUPS):
            raise UserError(self.env._("Only leaders propose commendations."))
        for line in self:
            if line.under_key_management:
                raise UserError(line._key_management_message())
        self.write({"commendation_proposed": True})
        return True

    def action_withdraw_commendation(self):
        if not any(self.env.user.has_group(group) for group in APPROVER_GROUPS):
            raise UserError(self.env._("Only leaders propose commendations."))
        self.write({"commendation_proposed": False})
        return True
