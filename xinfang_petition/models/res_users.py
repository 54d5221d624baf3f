"""The petition app is the home of its users (and its approvals are titled in their language).

Odoo opens Discuss for a user without a home action. An internal user of a petition group (mediator,
handler and the roles built on it, finance) opens the petition app instead: the action of the first menu
of the app the user sees (the petition list for the office, the budget for finance). A start page that
becomes the app's first menu becomes the home page of new users the same way.

A home action the user or an administrator chose is kept: only an empty one is filled, when a user is
created with a petition group or gains one (from the user form or the group form), and by the migration
for existing users.
"""

from odoo import api, models

PETITION_GROUPS = (
    "xinfang_petition.group_xinfang_mediator",
    "xinfang_petition.group_xinfang_handler",
    "xinfang_petition.group_xinfang_finance",
)
APP_MENU = "xinfang_petition.menu_xinfang_root"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._xinfang_set_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        if "group_ids" in vals:
            self._xinfang_set_home_action()
        return res

    def _xinfang_is_petition_user(self):
        self.ensure_one()
        return not self.share and any(self.has_group(group) for group in PETITION_GROUPS)

    def _xinfang_set_home_action(self):
        """Give the users of a petition group without a home action the petition app's start page."""
        for user in self.filtered(lambda u: u.active and not u.action_id):
            if not user._xinfang_is_petition_user():
                continue
            action = user._xinfang_home_action()
            if action:
                user.action_id = action

    def _xinfang_home_action(self):
        """The action of the first menu of the petition app this user sees, else an empty recordset.

        sudo: reads the menu tree and the actions' target models to pick a page for the user; the
        user's own groups and access rights decide which one, nothing is disclosed.
        """
        self.ensure_one()
        root = self.env.ref(APP_MENU, raise_if_not_found=False)
        if not root:
            return self.env["ir.actions.actions"]
        groups = self.sudo().all_group_ids

        def visible(menu):
            return not menu.group_ids or bool(menu.group_ids & groups)

        def openable(action):
            if action._name != "ir.actions.act_window":
                return True
            return action.res_model in self.env and self.env[action.res_model].with_user(self).has_access("read")

        # sudo: walks the menu tree (configuration); visible() and openable() apply this user's groups
        # and access rights, so only a menu the user could open is returned
        stack = [root.sudo()]
        while stack:
            menu = stack.pop(0)
            if not visible(menu):
                continue
            if menu.action and openable(menu.action):
                return self.env["ir.actions.actions"].browse(menu.action.id)
            stack[:0] = list(menu.child_id)
        return self.env["ir.actions.actions"]

    # ------------------------------------------------------------------------------------------
    # base_tier_validation's review systray
    # ------------------------------------------------------------------------------------------
    @api.model
    def review_user_count(self):
        """The systray's review groups, titled in the user's language (OCA uses ``_description``)."""
        groups = super().review_user_count()
        IrModel = self.env["ir.model"]
        for group in groups:
            if group.get("model") in self.env:
                group["name"] = IrModel._get(group["model"]).name or group["name"]
        return groups
