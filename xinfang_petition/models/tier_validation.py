from odoo import models
from odoo.exceptions import UserError


class TierValidation(models.AbstractModel):
    _inherit = "tier.validation"

    def _get_to_validate_message_name(self):
        """The document kind in the reader's language ("延期申请", not "Handling Deadline Extension")."""
        return self.env["ir.model"]._get(self._name).name or super()._get_to_validate_message_name()

    def _xinfang_tier_gate(self, refusal, required=False):
        """Whether this record may take its step now: its review is validated, or none applies (unless
        ``required``). A review that applies and was not asked for yet is requested (False: the step
        waits for it); one asked for and not given refuses with ``refusal``."""
        self.ensure_one()
        if self.validation_status == "validated":
            return True
        if self.need_validation:
            self.request_validation()
            return False
        if required or self.validation_status != "no":
            raise UserError(refusal)
        return True
