"""Migration scripts, run on a database shaped as the version before them."""

import importlib.util
from pathlib import Path

from odoo.fields import Command
from odoo.tests import TransactionCase, tagged

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def load_migration(version, stage="post-migrate"):
    path = MIGRATIONS / version / f"{stage}.py"
    spec = importlib.util.spec_from_file_location(f"xinfang_petition_{stage}_{version}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMigration_19_0_1_1_0(TransactionCase):
    def test_handlers_lose_the_register_and_the_old_index_goes(self):
        rule = self.env.ref("xinfang_petition.rule_petitioner_not_confidential")
        handler = self.env.ref("xinfang_petition.group_xinfang_handler")
        staff = self.env.ref("xinfang_petition.group_xinfang_staff")
        # as 19.0.1.0.0 left it: the whole register granted to handlers, the old deadline index
        rule.write({"groups": [Command.set(handler.ids)]})
        self.env.cr.execute("CREATE INDEX xinfang_petition_open_deadline_idx ON xinfang_petition (current_deadline)"
                            " WHERE current_deadline IS NOT NULL")
        load_migration("19.0.1.1.0").migrate(self.env.cr, "19.0.1.0.0")
        self.assertEqual(rule.groups, staff)
        self.env.cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'xinfang_petition_open_deadline_idx'")
        self.assertFalse(self.env.cr.fetchall())
