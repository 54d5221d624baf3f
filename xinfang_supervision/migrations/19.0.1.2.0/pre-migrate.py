"""19.0.1.2.0: proxy petitioning (干部代访) becomes a record of its own (xinfang.proxy.visit).

The petition's four loose fields (proxy_cadre_id, proxy_authority, proxy_date, proxy_result) are gone
from the model. Their columns are set aside under legacy names before the module loads, so that nothing
drops them before post-migrate has turned them into proxy visits.
"""

from odoo.tools import sql

OLD_COLUMNS = ("proxy_cadre_id", "proxy_authority", "proxy_date", "proxy_result")
LEGACY_PREFIX = "legacy_"
TABLE = "xinfang_petition"


def migrate(cr, version):
    for column in OLD_COLUMNS:
        if sql.column_exists(cr, TABLE, column) and not sql.column_exists(cr, TABLE, LEGACY_PREFIX + column):
            sql.rename_column(cr, TABLE, column, LEGACY_PREFIX + column)
