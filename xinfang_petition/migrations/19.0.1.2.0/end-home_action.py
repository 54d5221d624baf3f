"""19.0.1.2.0: the users of the petition groups open the petition app, not Discuss.

New users get the home action when they are created with a petition group or gain one
(``models/res_users.py``); the users of an existing database get it here. A home action already chosen
is kept.

An end script: it runs once every module of the update is loaded, so that pages of the addons built on
this one (the budget, finance's start page) can be chosen; in the post stage of this addon their models
are not in the registry yet and finance kept Discuss.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    users = env["res.users"].search([("share", "=", False), ("action_id", "=", False)])
    users._xinfang_set_home_action()
    _logger.info("xinfang petitions: home action set for %s users", len(users.filtered("action_id")))
