from odoo import api, models
from odoo.exceptions import UserError

# Chatter of these models is the statutory record of a case (tracking of states, deadlines, notes).
KEPT_MODELS = ("xinfang.petition", "xinfang.assignment", "xinfang.extension")


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.ondelete(at_uninstall=False)
    def _unlink_never_case_logs(self):
        # Superuser mode stays allowed: the ORM removes the chatter of a discarded draft that way.
        if self.env.su:
            return
        if any(message.model in KEPT_MODELS for message in self):
            raise UserError(self.env._(
                "The history of a petition cannot be deleted."))
