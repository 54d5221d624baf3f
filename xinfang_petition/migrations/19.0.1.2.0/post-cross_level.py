"""19.0.1.2.0: cross-level (越级) means lodged above the township; a village matter lodged there is passed up.

``is_cross_level`` was "lodged above the responsible level", so a village matter brought to the township
counted as 越级 against the township's rate. It now needs lodging at the county or above (and above the
responsible level); the new ``is_passed_up`` marks the village matters lodged at the township. Both are
stored computed fields whose definition changed: the existing rows are set here in SQL (Odoo computes a
new stored column on its creation, but not an existing one whose formula changed), in two statements
whatever the size of the register.
"""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute("""
        UPDATE xinfang_petition
           SET is_cross_level = FALSE
         WHERE is_cross_level AND lodged_level IN ('village', 'township')
    """)
    no_longer_cross = cr.rowcount
    cr.execute("""
        UPDATE xinfang_petition
           SET is_passed_up = (lodged_level = 'township' AND responsible_level = 'village')
         WHERE is_passed_up IS DISTINCT FROM (lodged_level = 'township' AND responsible_level = 'village')
    """)
    _logger.info("xinfang petitions: %s no longer cross-level, %s passed-up flags set", no_longer_cross, cr.rowcount)
