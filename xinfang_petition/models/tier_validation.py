from odoo import api, models


class TierValidation(models.AbstractModel):
    _inherit = "tier.validation"

    def _get_to_validate_message_name(self):
        """The document kind in the reader's language ("延期申请", not "Handling Deadline Extension")."""
        return self.env["ir.model"]._get(self._name).name or super()._get_to_validate_message_name()


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def review_user_count(self):
        """The systray's review groups, titled in the user's language (OCA uses ``_description``)."""
        groups = super().review_user_count()
        IrModel = self.env["ir.model"]
        for group in groups:
            if group.get("model") in self.env:
                group["name"] = IrModel._get(group["model"]).name or group["name"]
        return groups
