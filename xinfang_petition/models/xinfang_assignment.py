from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .res_company import township_today
from .xinfang_workflow_state import HANDLER, STAFF


class XinfangAssignment(models.Model):
    """Assignment slip (交办单): who handles a petition, with which units, by when."""

    _name = "xinfang.assignment"
    _description = "Petition Assignment"
    _inherit = [
        "xinfang.case.note.keeping", "mail.thread", "mail.activity.mixin", "tier.validation", "xinfang.workflow.state",
    ]
    _order = "id desc"
    _check_company_auto = True

    _workflow_fields = ("state", "name", "feedback_date")
    _transitions = {
        "draft": {"confirmed", "cancel"},
        "confirmed": {"done", "cancel"},
        "done": set(),
        "cancel": set(),
    }
    # the slip is the office's; the unit it is addressed to reports back on it
    _step_groups = {
        "confirm": (STAFF,),
        "cancel": (STAFF,),
        "feedback": (HANDLER, STAFF),
    }

    _state_from = ["draft"]
    _state_to = ["confirmed", "done"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    petition_id = fields.Many2one(
        "xinfang.petition", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(related="petition_id.company_id", store=True, index=True)
    is_major = fields.Boolean(related="petition_id.is_major", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Assigned"), ("done", "Done"), ("cancel", "Cancelled")],
        default="draft", required=True, readonly=True, copy=False, tracking=True, index=True,
    )
    lead_unit_id = fields.Many2one(
        "hr.department", string="Lead Unit", required=True, tracking=True,
        domain="[('xinfang_unit_type', '!=', False)]",
    )
    co_unit_ids = fields.Many2many(
        "hr.department", "xinfang_assignment_co_unit_rel", "assignment_id", "department_id",
        string="Co-handling Units", domain="[('xinfang_unit_type', '!=', False), ('id', '!=', lead_unit_id)]",
    )
    handler_id = fields.Many2one(
        "hr.employee", string="Handler", required=True, tracking=True,
        domain="[('user_id', '!=', False)]",
    )
    instructions = fields.Html()
    due_date = fields.Date(required=True, tracking=True)
    feedback = fields.Html(help="The handling unit's report back to the petition office.")
    feedback_date = fields.Date(readonly=True)
    # --- routing: what the system proposed (xinfang.petition.routing) and why another was chosen ---

    proposed_unit_id = fields.Many2one(
        "hr.department", string="Proposed Lead Unit", readonly=True,
        help="The lead unit the system proposed by jurisdiction when the assignment was made.",
    )
    proposed_handler_id = fields.Many2one(
        "hr.employee", string="Proposed Handler", readonly=True,
        help="The handler the system proposed: the proposed unit's handler with the fewest open petitions.",
    )
    override_reason = fields.Text(
        string="Reason for Override", tracking=True,
        help="Why the petition office chose another lead unit or handler than the proposed ones.",
    )
    is_routing_override = fields.Boolean(
        string="Routing Overridden", compute="_compute_is_routing_override", store=True,
    )

    @api.depends("name", "petition_id.name", "lead_unit_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for assignment in self:
            petition = assignment.petition_id
            number = petition.name if petition.name and petition.name != "/" else self.env._("Draft")
            if assignment.name and assignment.name != "/":
                assignment.display_name = self.env._(
                    "Assignment %(name)s of %(number)s to %(unit)s",
                    name=assignment.name, number=number, unit=assignment.lead_unit_id.name or "")
            else:
                assignment.display_name = self.env._(
                    "Assignment of %(number)s to %(unit)s", number=number, unit=assignment.lead_unit_id.name or "")

    @api.depends("proposed_unit_id", "proposed_handler_id", "lead_unit_id", "handler_id")
    def _compute_is_routing_override(self):
        for assignment in self:
            assignment.is_routing_override = is_override(
                assignment.proposed_unit_id, assignment.proposed_handler_id,
                assignment.lead_unit_id, assignment.handler_id)

    @api.constrains("proposed_unit_id", "proposed_handler_id", "lead_unit_id", "handler_id", "override_reason")
    def _check_override_reason(self):
        for assignment in self:
            overridden = is_override(assignment.proposed_unit_id, assignment.proposed_handler_id,
                                     assignment.lead_unit_id, assignment.handler_id)
            if overridden and not (assignment.override_reason or "").strip():
                raise ValidationError(self.env._(
                    "The proposed lead unit was %(unit)s with handler %(handler)s: give the reason for assigning "
                    "to %(chosen_unit)s / %(chosen_handler)s instead.",
                    unit=assignment.proposed_unit_id.display_name,
                    handler=assignment.proposed_handler_id.name or "-",
                    chosen_unit=assignment.lead_unit_id.display_name,
                    chosen_handler=assignment.handler_id.name,
                ))

    @api.constrains("handler_id")
    def _check_handler_user(self):
        for assignment in self:
            if not assignment.handler_id.user_id:
                raise ValidationError(self.env._(
                    "%(name)s has no user account and cannot handle petitions.",
                    name=assignment.handler_id.name))

    @api.constrains("due_date", "petition_id")
    def _check_due_date(self):
        today = township_today(self)
        for assignment in self.filtered(lambda a: a.state == "draft"):
            deadline = assignment.petition_id.handling_deadline
            if assignment.due_date < today:
                raise ValidationError(self.env._(
                    "The due date %(date)s is in the past.", date=assignment.due_date))
            if deadline and assignment.due_date > deadline:
                raise ValidationError(self.env._(
                    "The due date %(date)s is after the petition's handling deadline %(deadline)s.",
                    date=assignment.due_date, deadline=deadline))

    @api.constrains("lead_unit_id", "co_unit_ids")
    def _check_co_units(self):
        for assignment in self:
            if assignment.lead_unit_id in assignment.co_unit_ids:
                raise ValidationError(self.env._("The lead unit cannot also be a co-handling unit."))

    @api.constrains("petition_id", "lead_unit_id", "co_unit_ids", "handler_id", "state")
    def _check_not_accused_unit(self):
        """An accusation is never assigned or co-assigned to the unit it accuses, nor to a handler employed
        there (信访工作条例: accusation material is not passed to the accused). ``state`` re-checks at confirmation.

        sudo: reads the petition's accused unit and the handler's employment, which the assigning user
        may not read; nothing but the refusal leaves it.
        """
        Petition = self.env["xinfang.petition"]
        for assignment in self.sudo().filtered(lambda a: a.state in ("draft", "confirmed")):
            petition = assignment.petition_id
            accused = petition.accused_unit_id
            if petition.nature != "accusation" or not accused:
                continue
            if accused == assignment.lead_unit_id or accused in assignment.co_unit_ids:
                raise ValidationError(self.env._(
                    "This accusation is made against %(unit)s: it cannot be assigned or co-assigned to that "
                    "unit. Assign it to discipline inspection.", unit=accused.display_name))
            if accused in Petition._xinfang_units_of(assignment.handler_id):
                raise ValidationError(self.env._(
                    "This accusation is made against %(unit)s, where %(handler)s works: choose a handler outside "
                    "the accused unit.", unit=accused.display_name, handler=assignment.handler_id.name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            petition = self.env["xinfang.petition"].browse(vals.get("petition_id"))
            petition._check_step_role("assign")
            if petition.state != "accepted":
                raise UserError(self.env._(
                    "Only an accepted petition can be assigned."))
            if petition.assignment_ids.filtered(lambda a: a.state in ("draft", "confirmed")):
                raise UserError(self.env._("This petition already has an open assignment."))
            vals.setdefault("due_date", petition.handling_deadline)
        return super().create(vals_list)

    def action_confirm(self):
        """Assign. A major petition first goes to a leader for approval (tier validation)."""
        for assignment in self._check_step("confirm"):
            if assignment.state != "draft":
                raise UserError(self.env._("Only a draft assignment can be confirmed."))
            if not assignment._xinfang_tier_gate(self.env._("A leader has to approve this assignment first.")):
                continue
            # one write: the tier validation only lets fields change together with the state
            assignment._check_transition("confirmed")
            assignment.write({
                "name": self.env["ir.sequence"].next_by_code("xinfang.assignment"),
                "state": "confirmed",
            })
            assignment.petition_id._start_handling(assignment)
            assignment.activity_schedule(
                "mail.mail_activity_data_todo", date_deadline=assignment.due_date,
                user_id=assignment.handler_id.user_id.id,
                summary=self.env._("Handle petition %(name)s", name=assignment.petition_id.name),
            )
        return True

    def validate_tier(self):
        res = super().validate_tier()
        # Approval given: assign at once instead of waiting for the requester to click again.
        if self.validation_status == "validated" and self.state == "draft":
            self.action_confirm()
        return res

    def action_feedback(self, feedback):
        """The handling unit reports back to the petition office (办理情况反馈)."""
        if not feedback or not isinstance(feedback, str):
            raise UserError(self.env._("Write the feedback first."))
        assignments = self._check_step("feedback")
        if assignments.filtered(lambda a: a.state != "confirmed"):
            raise UserError(self.env._("Only an assignment being handled takes a report back."))
        assignments.write({"feedback": feedback, "feedback_date": township_today(self)})
        assignments.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_cancel(self):
        if self.filtered(lambda a: a.state == "done"):
            raise UserError(self.env._("A completed assignment cannot be cancelled."))
        self._check_step("cancel", "cancel").write({"state": "cancel"})
        return True

    def _step_scope_ok(self, step, group):
        """A handler reports back on the slips addressed to the own unit (or to the handler)."""
        if group == HANDLER:
            user = self.env.user
            return bool(self.handler_id.user_id == user or self.lead_unit_id in user.employee_ids.department_id)
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        # A confirmed slip carries a number; writing its state back to draft must not make it deletable.
        if any(a.state != "draft" or (a.name and a.name != "/") for a in self):
            raise UserError(self.env._("Assignments are kept; cancel instead."))


def is_override(proposed_unit, proposed_handler, unit, handler):
    """Another lead unit than the proposed one, or another handler than a proposed handler."""
    if not proposed_unit:
        return False
    return unit != proposed_unit or bool(proposed_handler and handler != proposed_handler)
