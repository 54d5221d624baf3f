from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import STAFF
from odoo.exceptions import UserError, ValidationError

APPROVER_GROUPS = ("xinfang_petition.group_xinfang_leader", "xinfang_petition.group_xinfang_director")


class XinfangDecisionAssessment(models.Model):
    """Petition-risk assessment of a major decision or project (重大决策信访评估).

    The public is consulted (publicity, hearing, forum, consultation); when more of those who
    expressed a view oppose it than support it, the decision is suspended and cannot be approved.
    """

    _name = "xinfang.decision.assessment"
    _description = "Major Decision Petition-risk Assessment"
    _inherit = ["mail.thread", "mail.activity.mixin", "xinfang.workflow.state"]
    _order = "id desc"
    _transitions = {
        "draft": {"assessed", "suspended"},
        "assessed": {"approved", "draft"},
        "suspended": {"draft"},   # consulted again; never approved while most oppose
        "approved": set(),
    }
    # The petition office runs the consultation and concludes it; a leader or the director approves.
    _step_groups = {
        "assess": (STAFF,),
        "approve": APPROVER_GROUPS,
        "reset_to_draft": (STAFF,),
    }
    _check_company_auto = True

    name = fields.Char(string="Decision or Project", required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    description = fields.Html()
    responsible_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user,
                                     tracking=True)
    village_ids = fields.Many2many(
        "hr.department", string="Villages Affected", domain="[('xinfang_unit_type', '=', 'village')]",
    )
    state = fields.Selection(
        [
            ("draft", "Consultation"),
            ("assessed", "Assessed"),
            ("suspended", "Suspended"),
            ("approved", "Approved"),
        ],
        default="draft", required=True, readonly=True, copy=False, tracking=True, index=True,
    )

    # --- consultation (征求意见) ------------------------------------------------------------------
    method_publicity = fields.Boolean(string="Publicity", help="The plan was published for comment.")
    method_hearing = fields.Boolean(string="Hearing", help="A public hearing was held.")
    method_forum = fields.Boolean(string="Forum", help="A forum with those affected was held.")
    method_consultation = fields.Boolean(string="Consultation", help="Opinions were solicited individually.")
    consultation_date = fields.Date()
    participants = fields.Text(help="Who was consulted: villagers' groups, representatives, units.")
    participant_count = fields.Integer(string="People Consulted")
    count_for = fields.Integer(string="In Favour", tracking=True)
    count_against = fields.Integer(string="Against", tracking=True)
    count_abstain = fields.Integer(string="No View")
    majority_opposed = fields.Boolean(
        compute="_compute_majority_opposed", store=True,
        help="Most oppose: more people are against than in favour, i.e. more than half of those who expressed "
        "a view (in favour + against; 'no view' does not count) are against. A tie is not a majority against.",
    )
    opposition_share = fields.Float(
        string="Against (%)", compute="_compute_majority_opposed", store=True, aggregator="avg",
        help="Against ÷ (in favour + against) × 100.",
    )
    risk_level = fields.Selection([("low", "Low"), ("medium", "Medium"), ("high", "High")], tracking=True)
    conclusion = fields.Text()

    _counts_positive = models.Constraint(
        "CHECK (count_for >= 0 AND count_against >= 0 AND count_abstain >= 0 AND participant_count >= 0)",
        "Counts cannot be negative.",
    )

    @api.depends("count_for", "count_against")
    def _compute_majority_opposed(self):
        for assessment in self:
            expressed = assessment.count_for + assessment.count_against
            assessment.majority_opposed = assessment.count_against > assessment.count_for
            assessment.opposition_share = 100.0 * assessment.count_against / expressed if expressed else 0.0

    @api.constrains("participant_count", "count_for", "count_against", "count_abstain")
    def _check_counts(self):
        for assessment in self:
            views = assessment.count_for + assessment.count_against + assessment.count_abstain
            if assessment.participant_count and views > assessment.participant_count:
                raise ValidationError(self.env._(
                    "%(views)s views were counted but only %(count)s people were consulted.",
                    views=views, count=assessment.participant_count))

    @api.constrains("state", "count_for", "count_against")
    def _check_not_approved_against_majority(self):
        for assessment in self:
            if assessment.state == "approved" and assessment.majority_opposed:
                raise ValidationError(self.env._(
                    "%(name)s is opposed by most of those consulted and cannot be approved.", name=assessment.name))

    # ------------------------------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------------------------------
    def action_assess(self):
        """Draft -> assessed, or suspended when most of those who expressed a view oppose."""
        records = self._check_step("assess")
        for assessment in records:
            target = "suspended" if assessment.majority_opposed else "assessed"
            assessment._check_transition(target)
            if not (assessment.method_publicity or assessment.method_hearing or assessment.method_forum
                    or assessment.method_consultation):
                raise UserError(self.env._(
                    "Record at least one consultation method (publicity, hearing, forum, consultation)."))
            if not assessment.count_for + assessment.count_against:
                raise UserError(self.env._(
                    "Record how many people are in favour and against."))
            assessment.state = target
            if assessment.majority_opposed:
                assessment.message_post(body=self.env._(
                    "Suspended: %(against)s of %(expressed)s people who expressed a view oppose it.",
                    against=assessment.count_against,
                    expressed=assessment.count_for + assessment.count_against))
        return True

    def action_approve(self):
        """Assessed -> approved by a leader; refused when most oppose."""
        records = self._check_step("approve")
        for assessment in records:
            if assessment.majority_opposed:
                raise UserError(self.env._(
                    "%(name)s is opposed by most of those consulted (%(against)s against, %(for_count)s in "
                    "favour): it stays suspended and cannot be approved.",
                    name=assessment.name, against=assessment.count_against, for_count=assessment.count_for))
        records._check_transition("approved")
        records.write({"state": "approved"})
        return True

    def action_reset_to_draft(self):
        """Back to consultation, e.g. after the plan was revised and is consulted on again."""
        records = self._check_step("reset_to_draft", "draft")
        records.write({"state": "draft"})
        return True
