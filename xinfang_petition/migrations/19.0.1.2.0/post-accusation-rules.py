"""19.0.1.2.0: no accusation reaches the unit it accuses (信访工作条例).

The rules of handlers and mediators on petitions, assignments and extensions now leave out every
accusation whose accused unit is the user's own. Rules are noupdate data: the update leaves them as
they were in the database, so their name and domain are reloaded here from security/xinfang_rules.xml
(the one place they are written).
"""

from pathlib import Path

from lxml import etree

from odoo import SUPERUSER_ID, api

RULES_FILE = Path(__file__).resolve().parents[2] / "security" / "xinfang_rules.xml"
RULES = ("rule_petition_mediator", "rule_petition_handler", "rule_assignment_mediator",
         "rule_assignment_handler", "rule_extension_handler")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    tree = etree.parse(str(RULES_FILE))
    for xmlid in RULES:
        rule = env.ref(f"xinfang_petition.{xmlid}", raise_if_not_found=False)
        node = tree.find(f".//record[@id='{xmlid}']")
        if rule is None or node is None:
            continue
        rule.write({fname: node.find(f"field[@name='{fname}']").text for fname in ("name", "domain_force")})
