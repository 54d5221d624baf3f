from odoo import models


class ResGroups(models.Model):
    """Users who gain a petition group get the petition app as their home (see res_users.py)."""

    _inherit = "res.groups"

    def write(self, vals):
        res = super().write(vals)
        if "user_ids" in vals:
            self.user_ids._xinfang_set_home_action()
        return res
