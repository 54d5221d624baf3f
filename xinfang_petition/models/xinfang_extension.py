from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import EXTENSION_MAX_DAYS
from .xinfang_workflow_state import HANDLER, STAFF


class XinfangExtension(models.Model):
    """Extension of the handling deadline (延期): once, at most 30 days, approved by a leader."""

    _name = "xinfang.extension"
    _description = "Handling Deadline Extension"
    _inherit = ["xinfang.case.note.keeping", "mail.thread", "tier.validation", "xinfang.workflow.state"]
    _order = "id desc"

    _workflow_fields = ("state", "new_deadline", "petitioner_notified")
    _transitions = {"draft": {"approved", "cancel"}, "approved": set(), "cancel": set()}
    # requested by the lead unit or the office; the leader's approval is the tier review, after which
    # the extension applies itself (validate_tier runs as the approving leader, a staff member too)
    _step_groups = {
        "request": (HANDLER, STAFF),
        "approve": (STAFF,),
        "mark_notified": (HANDLER, STAFF),
        "cancel": (HANDLER, STAFF),
    }

    _state_from = ["draft"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False

    petition_id = fields.Many2one("xinfang.petition", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="petition_id.company_id", store=True)
    days = fields.Integer(required=True, default=EXTENSION_MAX_DAYS, tracking=True)
    reason = fields.Text(required=True)
    state = fields.Selection(
        [("draft", "Requested"), ("approved", "Approved"), ("cancel", "Cancelled")],
        default="draft", required=True, readonly=True, copy=False, tracking=True,
    )
    new_deadline = fields.Date(readonly=True, copy=False)
    petitioner_notified = fields.Boolean(
        readonly=True, copy=False, help="Set when the extension notice was issued."
    )

    _days_range = models.Constraint(
        f"CHECK (days > 0 AND days <= {EXTENSION_MAX_DAYS})",
        "An extension is 1 to 30 days.",
    )

    @api.depends("petition_id.name", "days")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for extension in self:
            petition = extension.petition_id
            number = petition.name if petition.name and petition.name != "/" else self.env._("Draft")
            extension.display_name = self.env._(
                "Extension of %(number)s: %(days)s days", number=number, days=extension.days)

    @api.constrains("days")
    def _check_days(self):
        for extension in self:
            if not 0 < extension.days <= EXTENSION_MAX_DAYS:
                raise ValidationError(self.env._(
                    "An extension is 1 to %(max)s days.", max=EXTENSION_MAX_DAYS))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            petition = self.env["xinfang.petition"].browse(vals.get("petition_id"))
            petition._check_step_role("extend")
            if petition.extension_ids.filtered(lambda e: e.state == "draft"):
                raise UserError(self.env._("An extension of this petition is already waiting for approval."))
            petition._check_extensible(vals.get("days", EXTENSION_MAX_DAYS))
            if not isinstance(vals.get("reason"), str) or not vals["reason"].strip():
                raise UserError(self.env._("An extension needs a reason for the petitioner."))
        return super().create(vals_list)

    def action_request(self):
        """Send the request to the leader who approves it (tier validation)."""
        for extension in self._check_step("request"):
            if extension.state != "draft":
                raise UserError(self.env._("Only a requested extension can be sent for approval."))
            if extension.validation_status == "validated":
                extension.action_approve()
            elif extension.need_validation:
                extension.request_validation()
            elif extension.validation_status == "no":
                raise UserError(self.env._("No leader is set up to approve extensions: ask the office director."))
        return True

    def action_approve(self):
        """Apply the extension; a leader's tier review must be validated first."""
        for extension in self._check_step("approve"):
            if extension.state != "draft":
                raise UserError(self.env._("Only a requested extension can be approved."))
            if not extension._xinfang_tier_gate(self.env._("A leader has to approve the extension."), required=True):
                continue
            extension.petition_id._extend(extension.days)
            extension._check_transition("approved")
            extension.write({"state": "approved", "new_deadline": extension.petition_id.handling_deadline})
            extension.petition_id.message_post(body=self.env._(
                "Handling deadline extended by %(days)s days to %(date)s: %(reason)s",
                days=extension.days, date=extension.new_deadline, reason=extension.reason))
        return True

    def validate_tier(self):
        res = super().validate_tier()
        if self.validation_status == "validated" and self.state == "draft":
            self.action_approve()
        return res

    def action_cancel(self):
        if self.filtered(lambda e: e.state == "approved"):
            raise UserError(self.env._("An applied extension cannot be cancelled."))
        self._check_step("cancel", "cancel").write({"state": "cancel"})
        return True

    def action_mark_notified(self):
        extensions = self._check_step("mark_notified")
        if extensions.filtered(lambda e: e.state != "approved"):
            raise UserError(self.env._("Only an approved extension is notified to the petitioner."))
        extensions.write({"petitioner_notified": True})
        return True

    def _step_scope_ok(self, step, group):
        """A handler acts on the extensions of the petitions the own unit leads."""
        return self.petition_id._step_scope_ok(step, group) if group == HANDLER else True
