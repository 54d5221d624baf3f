from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import LEADER
from odoo.exceptions import UserError, ValidationError

LEADER_ROLES = ("principal_leader", "deputy_leader")


def check_leader(env, employees):
    """Refuse employees who are not township leaders (principal or deputy)."""
    for employee in employees:
        if employee.xinfang_role not in LEADER_ROLES:
            raise ValidationError(env._(
                "%(name)s is not a township leader: only a principal or deputy leader can take this role.",
                name=employee.name))


class XinfangLeaderCase(models.Model):
    """Leader case ownership (领导包案): a leader answers for petitions across four duties."""

    _name = "xinfang.leader.case"
    _description = "Leader Case Ownership"
    _inherit = ["mail.thread", "mail.activity.mixin", "tier.validation", "xinfang.workflow.state"]
    _workflow_fields = ("state", "date_done")
    _transitions = {
        "draft": {"to_approve", "cancel"},
        "to_approve": {"in_progress", "draft", "cancel"},
        "in_progress": {"done", "cancel"},
        "done": set(),
        "cancel": {"draft"},
    }
    # A leader takes the steps of the own case (the principal leader, who approves, those of every
    # case): _step_scope_ok. The approval itself is the tier validation's (validate_tier).
    _step_groups = {
        "submit": (LEADER,),
        "start": (LEADER,),
        "done": (LEADER,),
        "draft": (LEADER,),
        "cancel": (LEADER,),
    }
    _order = "id desc"
    _check_company_auto = True

    # base_tier_validation: the principal leader approves the case before it starts.
    _state_from = ["draft", "to_approve"]
    _state_to = ["in_progress"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("in_progress", "In Progress"),
            ("done", "Closed"),
            ("cancel", "Cancelled"),
        ],
        default="draft", required=True, readonly=True, copy=False, tracking=True, index=True,
    )
    leader_id = fields.Many2one(
        "hr.employee", string="Leader", required=True, tracking=True, index=True, check_company=True,
        domain="[('xinfang_role', 'in', ('principal_leader', 'deputy_leader'))]",
        help="The township leader who owns the case.",
    )
    leader_user_id = fields.Many2one(related="leader_id.user_id", string="Leader User", store=True, index=True)
    petition_ids = fields.Many2many(
        "xinfang.petition", "xinfang_leader_case_petition_rel", "case_id", "petition_id",
        string="Petitions", check_company=True,
    )
    petition_count = fields.Integer(compute="_compute_petition_count")
    duty_ids = fields.One2many("xinfang.leader.case.duty", "case_id", string="Duties", copy=False)
    duties_done = fields.Integer(string="Duties Done", compute="_compute_duties_done", store=True)
    date_start = fields.Date(string="Start", default=fields.Date.context_today, tracking=True)
    date_done = fields.Date(string="Closed On", readonly=True, copy=False)
    plan = fields.Html(help="How the leader intends to investigate, resolve, follow up and keep the matter stable.")
    result = fields.Text(help="What finally happened.", tracking=True)
    approver_user_id = fields.Many2one(
        "res.users", string="Approver", compute="_compute_approver_user_id",
        help="The principal leader's user: reviewer of the case (tier validation by field).",
    )

    @api.depends("petition_ids")
    def _compute_petition_count(self):
        for case in self:
            case.petition_count = len(case.petition_ids)

    @api.depends("duty_ids.done")
    def _compute_duties_done(self):
        for case in self:
            case.duties_done = len(case.duty_ids.filtered("done"))

    @api.depends("company_id")
    def _compute_approver_user_id(self):
        for case in self:
            case.approver_user_id = case._get_principal_leader().user_id

    @api.constrains("leader_id")
    def _check_leader_id(self):
        check_leader(self.env, self.leader_id)

    @api.depends("name", "leader_id")
    def _compute_display_name(self):
        for case in self:
            number = case.name if case.name and case.name != "/" else self.env._("Draft")
            case.display_name = f"{number} {case.leader_id.name or ''}".strip()

    # ------------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        cases = super().create(vals_list)
        cases._ensure_duties()
        return cases

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(case.state != "draft" for case in self):
            raise UserError(self.env._(
                "A submitted leader case cannot be deleted; cancel or archive it."))

    def _ensure_duties(self):
        """Create the four duty lines (包调查、包处理、包回访、包稳定) a case does not have yet."""
        Duty = self.env["xinfang.leader.case.duty"]
        selection = [key for key, _label in Duty._fields["duty"].selection]
        vals_list = []
        for case in self:
            present = set(case.duty_ids.mapped("duty"))
            vals_list += [
                {"case_id": case.id, "duty": duty, "sequence": (index + 1) * 10}
                for index, duty in enumerate(selection) if duty not in present
            ]
        Duty.create(vals_list)

    def _get_tier_validation_readonly_domain(self):
        # Only the submitted case is frozen by its review; duties stay editable while in progress.
        return "validation_status not in ('no', False) and state in ('draft', 'to_approve')"

    # ------------------------------------------------------------------------------------------
    # approver resolution
    # ------------------------------------------------------------------------------------------
    def _get_principal_leader(self):
        """The township's principal leader (主要领导) of the case's company, or an empty recordset.

        sudo: users without HR rights only read hr.employee.public; the lookup only resolves who
        approves, nothing is disclosed.
        """
        company = self.company_id or self.env.company
        return self.env["hr.employee"].sudo().search(
            [("xinfang_role", "=", "principal_leader"), ("user_id", "!=", False),
             ("company_id", "in", [company.id, False])],
            order="id", limit=1,
        )

    # ------------------------------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------------------------------
    def _step_scope_ok(self, step, group):
        """A leader acts on the own case; the principal leader, who approves, on every case."""
        if group == LEADER:
            user = self.env.user
            return self.leader_user_id == user or self.approver_user_id == user
        return super()._step_scope_ok(step, group)

    def action_submit(self):
        """Draft -> to approve: numbered, and sent to the principal leader for approval."""
        records = self._check_step("submit", "to_approve")
        for case in records:
            if not case.petition_ids:
                raise UserError(self.env._("A leader case covers at least one petition."))
            if not case.approver_user_id:
                raise UserError(self.env._(
                    "No principal leader with a user account is recorded: nobody could approve the case."))
            vals = {"state": "to_approve"}
            if case.name == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "xinfang.leader.case", sequence_date=case.date_start)
            case.write(vals)
            if case.need_validation:
                case.request_validation()
            else:
                # No active approval rule (the office switched it off): the case starts at once.
                case.action_start()
        return True

    def action_start(self):
        """To approve -> in progress, once the principal leader's approval is given."""
        records = self._check_step("start", "in_progress")
        for case in records:
            if case.review_ids and case.validation_status != "validated":
                raise UserError(self.env._(
                    "The principal leader has to approve the case first."))
            case.write({
                "state": "in_progress", "date_start": case.date_start or fields.Date.context_today(case)})
        return True

    def validate_tier(self):
        if not self.can_review:
            raise UserError(self.env._(
                "Only the principal leader approves leader cases."))
        res = super().validate_tier()
        # Approval given: the case starts at once instead of waiting for another click.
        if self.validation_status == "validated" and self.state == "to_approve":
            self.action_start()
        return res

    def reject_tier(self):
        if not self.can_review:
            raise UserError(self.env._(
                "Only the principal leader approves leader cases."))
        return super().reject_tier()

    def action_draft(self):
        """Back to draft (after a rejection or to change the case): the approval starts over."""
        records = self._check_step("draft", "draft")
        records.restart_validation()
        records.write({"state": "draft"})
        return True

    def action_done(self):
        """In progress -> closed: only when all four duties are done (四包到位)."""
        records = self._check_step("done", "done")
        for case in records:
            missing = case.duty_ids.filtered(lambda d: not d.done)
            if missing or len(case.duty_ids) < 4:
                labels = dict(self.env["xinfang.leader.case.duty"]._fields["duty"]._description_selection(self.env))
                raise UserError(self.env._(
                    "Leader case %(name)s closes only when all four duties are done. Still open: %(duties)s.",
                    name=case.display_name, duties=", ".join(labels[d] for d in missing.mapped("duty"))))
            case.write({"state": "done", "date_done": fields.Date.context_today(case)})
        return True

    def action_cancel(self):
        records = self._check_step("cancel", "cancel")
        records.write({"state": "cancel"})
        return True

    def action_view_petitions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_petition.action_xinfang_petition")
        action.update(domain=[("id", "in", self.petition_ids.ids)], context={})
        return action
