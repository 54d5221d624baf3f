"""Every cell of tests/access_matrix.py against the real ACLs and record rules, with one user per group."""

from access_matrix import EXTRA_MODELS, GROUPS, INTERNAL_GROUPS, MATRIX, RULES

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

OPERATIONS = (("r", "read"), ("w", "write"), ("c", "create"), ("u", "unlink"))
XINFANG_ADDONS = ("xinfang_petition", "xinfang_supervision")


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {}
        for index, group in enumerate(GROUPS):
            groups = f"{group},base.group_user" if group in INTERNAL_GROUPS else group
            cls.users[group] = new_test_user(cls.env, login=f"matrix_{index}", groups=groups)

    def _xinfang_models(self):
        """Concrete models whose definition (_name) comes from one of the two addons."""
        return {
            name for name in self.env.registry
            if self.env[name]._original_module in XINFANG_ADDONS and not self.env[name]._abstract
        }

    def test_every_model_is_declared(self):
        models = self._xinfang_models()
        missing = sorted(models - set(MATRIX))
        self.assertFalse(missing, f"models without a row in tests/access_matrix.py: {missing}")
        unknown = sorted(set(MATRIX) - models - set(EXTRA_MODELS))
        self.assertFalse(unknown, f"rows for models that do not exist (or are not xinfang's): {unknown}")
        for model, row in MATRIX.items():
            self.assertEqual(set(row), set(GROUPS), f"{model}: the row must declare exactly the nine groups")
            for group, cell in row.items():
                self.assertTrue(set(cell) <= set("rwcu"), f"{model}/{group}: bad cell {cell!r}")

    def test_every_cell_matches_the_acls(self):
        mismatches = []
        for model, row in MATRIX.items():
            for group, declared in row.items():
                records = self.env[model].with_user(self.users[group])
                actual = ""
                for letter, operation in OPERATIONS:
                    if records.has_access(operation):
                        actual += letter
                        records.check_access(operation)  # the raising variant agrees
                    else:
                        with self.assertRaises(AccessError):
                            records.check_access(operation)
                if actual != declared:
                    mismatches.append(f"{model} / {group}: declared {declared!r}, actual {actual!r}")
        self.assertFalse(mismatches, "grants differ from tests/access_matrix.py:\n" + "\n".join(mismatches))

    def test_record_rules_are_the_declared_ones(self):
        mismatches = []
        for model in MATRIX:
            actual = {}
            for rule in self.env["ir.rule"].search([("model_id.model", "=", model)]):
                xmlid = rule.get_external_id()[rule.id] or f"<no xmlid: {rule.name}>"
                groups = tuple(sorted(rule.groups.get_external_id().values()))
                perms = "".join(letter for letter, flag in zip(
                    "rwcu", (rule.perm_read, rule.perm_write, rule.perm_create, rule.perm_unlink), strict=True) if flag)
                actual[xmlid] = (groups, perms)
            declared = {
                xmlid: (tuple(sorted(groups)), perms) for xmlid, (groups, perms) in RULES.get(model, {}).items()
            }
            for xmlid in sorted(set(actual) | set(declared)):
                if actual.get(xmlid) != declared.get(xmlid):
                    mismatches.append(f"{model} {xmlid}: declared {declared.get(xmlid)}, actual {actual.get(xmlid)}")
        self.assertFalse(mismatches, "record rules differ from tests/access_matrix.py:\n" + "\n".join(mismatches))

    def test_no_content_for_finance_employees_and_portal(self):
        """The privacy core of the matrix, stated on its own so that a matrix edit cannot silently widen it."""
        content = ("xinfang.petition", "xinfang.petitioner", "xinfang.assignment", "xinfang.extension",
                   "xinfang.petition.report", "xinfang.leader.case", "xinfang.meeting", "xinfang.task",
                   "xinfang.risk", "xinfang.collective.visit", "xinfang.accountability", "auditlog.log")
        for group in ("xinfang_petition.group_xinfang_finance", "base.group_user", "base.group_portal"):
            for model in content:
                if model == "xinfang.petition" and group == "base.group_portal":
                    continue  # own petitions only, under rule_petition_portal (tests/test_record_scope.py)
                self.assertFalse(self.env[model].with_user(self.users[group]).has_access("read"),
                                 f"{group} must not read {model}")
        self.assertFalse(self.env["xinfang.petitioner"].with_user(self.users["base.group_portal"]).has_access("read"))
