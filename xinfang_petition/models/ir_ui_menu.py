from odoo import models

from .res_users import PETITION_GROUPS


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    def _load_menus_blacklist(self):
        """No Apps store for the petition office's users.

        ``base_install_request`` (installed automatically with mail) opens the Apps menu to every internal
        user, with a "Request Access" button on each uninstalled app: a clerk's app menu then ends with
        an app store. Users of the petition groups who do not administer the system do not get it; other
        users keep Odoo's menu.
        """
        res = super()._load_menus_blacklist()
        user = self.env.user
        if not user.has_group("base.group_system") and any(user.has_group(group) for group in PETITION_GROUPS):
            apps = self.env.ref("base.menu_management", raise_if_not_found=False)
            if apps:
                res.append(apps.id)
        return res
