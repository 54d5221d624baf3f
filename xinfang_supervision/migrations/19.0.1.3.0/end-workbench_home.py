"""19.0.1.3.0: the start page (今日工作台) becomes the home of the users who had the default one.

The petition app's first menu is now "Today" for handlers and the roles built on them; new users get it as
their home action (``xinfang_petition/models/res_users.py``). Existing users whose home is the petition
list, the page that logic picked for them before, are moved to the start page when it is now the page
the same logic picks for them (a village mediator keeps the petitions). A home chosen otherwise (Discuss,
a report, any other page) is left alone.

An end script: the menu and the client action are loaded by then.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

OLD_HOME = "xinfang_petition.action_xinfang_petition"
NEW_HOME = "xinfang_supervision.action_xinfang_workbench"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    old_home = env.ref(OLD_HOME, raise_if_not_found=False)
    new_home = env.ref(NEW_HOME, raise_if_not_found=False)
    if not old_home or not new_home:
        return
    users = env["res.users"].with_context(active_test=False).search([
        ("share", "=", False), ("action_id", "=", old_home.id),
    ])
    moved = users.filtered(lambda user: user._xinfang_home_action().id == new_home.id)
    moved.write({"action_id": new_home.id})
    _logger.info("xinfang supervision: start page set as home for %s users", len(moved))
