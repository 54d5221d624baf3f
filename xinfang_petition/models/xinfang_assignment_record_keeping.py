from odoo import api, models
from odoo.exceptions import UserError


class XinfangAssignment(models.Model):
    _inherit = "xinfang.assignment"

    @api.ondelete(at_uninstall=False)
    def _unlink_never_numbered(self):
        # A confirmed slip carries a number; writing its state back to draft must not make it deletable.
        if any(assignment.name and assignment.name != "/" for assignment in self):
            raise UserError(self.env._("Assignments are kept; cancel instead."))
