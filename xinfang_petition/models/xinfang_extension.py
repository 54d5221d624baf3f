from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .xinfang_petition import EXTENSION_MAX_DAYS


class XinfangExtension(models.Model):
    """Extension of the handling deadline (延期): once, at most 30 days, approved by a leader."""

    _name = "xinfang.extension"
    _description = "Handling Deadline Extension"
    _inherit = ["mail.thread", "tier.validation"]
    _order = "id desc"

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
        readonly=True, copy=False, help="Set when the extension notice (延期告知书) was issued."
    )

    _days_range = models.Constraint(
        f"CHECK (days > 0 AND days <= {EXTENSION_MAX_DAYS})",
        "An extension is 1 to 30 days. 延长期限为1至30日。",
    )

    @api.constrains("days")
    def _check_days(self):
        for extension in self:
            if not 0 < extension.days <= EXTENSION_MAX_DAYS:
                raise ValidationError(self.env._(
                    "An extension is 1 to %(max)s days. 延长期限为1至30日。", max=EXTENSION_MAX_DAYS))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            petition = self.env["xinfang.petition"].browse(vals.get("petition_id"))
            if petition.state not in ("accepted", "handling"):
                raise UserError(self.env._("Only a petition being handled can be extended."))
            if petition.extension_days or petition.extension_ids.filtered(lambda e: e.state != "cancel"):
                raise UserError(self.env._(
                    "The handling deadline can be extended only once. 办理期限只能延长一次。"))
            if not 0 < vals.get("days", EXTENSION_MAX_DAYS) <= EXTENSION_MAX_DAYS:
                raise ValidationError(self.env._(
                    "An extension is 1 to %(max)s days. 延长期限为1至30日。", max=EXTENSION_MAX_DAYS))
            if not (vals.get("reason") or "").strip():
                raise UserError(self.env._("An extension needs a reason for the petitioner. 请填写延期理由。"))
        return super().create(vals_list)

    def action_approve(self):
        """Apply the extension; a leader's tier review must be validated first."""
        for extension in self:
            if extension.state != "draft":
                raise UserError(self.env._("Only a requested extension can be approved."))
            if extension.validation_status != "validated":
                if extension.need_validation:
                    extension.request_validation()
                    continue
                raise UserError(self.env._("A leader has to approve the extension. 延期须经领导批准。"))
            extension.petition_id._extend(extension.days)
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
        self.write({"state": "cancel"})
        return True

    def action_mark_notified(self):
        self.write({"petitioner_notified": True})
        return True
