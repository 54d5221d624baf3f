"""19.0.1.2.0: the Chinese of this release replaces the Chinese an existing database holds.

An update adds the terms that are new but keeps every translation the database already has, so an
existing database would go on calling the 诉访分离 step 转送 (forwarding to the competent organ, another
step) instead of 导入法定途径, and keep the bilingual wording of the messages this release rewrote. The
addons' Chinese terms are loaded again, overwriting: a term a user corrected in the database by hand
for these two addons is reset to the shipped wording (Odoo's own and OCA terms are not touched).
Runs at the end of the update, after the update's own loading of terms.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    chinese = [code for code, _name in env["res.lang"].get_installed() if code.startswith("zh")]
    if not chinese:
        return
    addons = env["ir.module.module"].search([("name", "in", ("xinfang_petition", "xinfang_supervision"))])
    addons._update_translations(filter_lang=chinese, overwrite=True)
    _logger.info("xinfang 19.0.1.2.0: Chinese terms of %s reloaded (%s)", ", ".join(addons.mapped("name")),
                 ", ".join(chinese))
