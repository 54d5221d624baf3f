from odoo import models
from odoo.exceptions import UserError


class XinfangAssignment(models.Model):
    _inherit = "xinfang.assignment"

    def action_confirm(self):
        """A major petition is assigned only once a leader owns it (重大信访事项须领导包案)."""
        self._check_step_role("confirm")  # a role that may not assign is refused before the rule is explained
        for assignment in self.filtered(lambda a: a.state == "draft" and a.petition_id.is_major):
            if not assignment.petition_id._has_leader_case():
                raise UserError(self.env._(
                    "Petition %(petition)s is major: a leader has to take it on as a leader case before it is "
                    "assigned.", petition=assignment.petition_id.display_name))
        return super().action_confirm()
