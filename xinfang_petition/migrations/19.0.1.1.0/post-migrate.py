"""19.0.1.1.0: a handler reads only the people of the own unit's petitions, no longer the whole register.

The petitioner rules are noupdate data: the update creates rule_petitioner_handler, but the rule that
granted handlers every non-confidential person stays as it was in the database. It becomes the petition
office's rule here, as in security/xinfang_rules.xml.

Also drops the index the deadline cron used before the two flag indexes replaced it (Odoo does not drop
an index whose declaration left the model; this one only slowed every write of a deadline).
"""

from odoo import SUPERUSER_ID, api
from odoo.fields import Command


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("xinfang_petition.rule_petitioner_not_confidential", raise_if_not_found=False)
    if rule:
        rule.write({
            "name": "Petitioners: the petition office sees everyone but accusers",
            "groups": [Command.set(env.ref("xinfang_petition.group_xinfang_staff").ids)],
        })
    cr.execute("DROP INDEX IF EXISTS xinfang_petition_open_deadline_idx")
