"""Audit trail (OCA auditlog): who read which petitioner, who changed which petition, and when."""

from odoo.addons.xinfang_petition.models.auditlog_rule_insert import FILE_IMPORT
from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.exceptions import AccessError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestAudit(XinfangCase):
    def setUp(self):
        super().setUp()
        self.Log = self.env["auditlog.log"].sudo()

    def person(self, record):
        # auditlog leaves a "do not log reads" flag in the context of what create() returns; the
        # web client always reads records it has browsed afresh, so do the same
        return self.env["xinfang.petitioner"].browse(record.id)

    def logs(self, record, method=None):
        domain = [("model_model", "=", record._name), ("res_id", "=", record.id)]
        if method:
            domain.append(("method", "=", method))
        return self.Log.search(domain, order="id")

    def test_staff_reading_a_petitioner_is_logged_with_user_and_time(self):
        self.assertFalse(self.logs(self.petitioner, "read"))
        self.person(self.petitioner).with_user(self.user_staff).read(["name", "id_number", "phone"])
        log = self.logs(self.petitioner, "read")
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.user_staff)
        self.assertEqual(log.create_date, self.env.cr.now())
        self.assertEqual(log.xinfang_petitioner_id, self.petitioner)
        self.assertEqual(set(log.line_ids.field_id.mapped("name")), {"name", "id_number", "phone"},
                         "the log says which parts of the identity were read")
        # ... but keeps no copy of them
        self.assertFalse(any(log.line_ids.mapped(lambda line: line.old_value or line.old_value_text)))
        self.assertNotIn("张三", log.name)

    def test_form_list_and_export_reads_are_logged(self):
        as_staff = self.person(self.petitioner).with_user(self.user_staff)
        as_staff.web_read({"name": {}, "phone": {}})
        self.env["xinfang.petitioner"].with_user(self.user_staff).web_search_read(
            [("id", "in", (self.petitioner | self.petitioner_b).ids)], {"name": {}})
        as_staff.export_data(["name", "id_number"])
        self.assertEqual(len(self.logs(self.petitioner, "read")), 2, "form and list")
        self.assertEqual(len(self.logs(self.petitioner_b, "read")), 1, "list")
        export = self.Log.search([("model_model", "=", "xinfang.petitioner"), ("method", "=", "export_data")])
        self.assertEqual((export.user_id, export.res_ids), (self.user_staff, str(self.petitioner.ids)))

    def test_petition_changes_are_logged(self):
        petition = self.replied()
        self.assertEqual(self.logs(petition, "create").user_id, self.user_staff)
        written = {}
        for log in self.logs(petition, "write"):
            for line in log.line_ids:
                written.setdefault(line.field_id.name, []).append((log.user_id, line.new_value_text))
        for fname in ("state", "acceptance_deadline", "accept_date", "handling_deadline", "handler_id",
                      "lead_unit_id", "reply_outcome", "reply_date"):
            self.assertIn(fname, written, f"a change of {fname} is on record")
        self.assertIn((self.user_staff, "to_accept"), written["state"])
        self.assertIn((self.user_staff, str(self.handler.id)), written["handler_id"])
        self.assertEqual(written["state"][-1][1], "replied")
        self.assertNotIn("petitioner_id", written, "people are not copied into the petition log")

    def test_identity_reads_report(self):
        accuser = self.env["xinfang.petitioner"].create({"name": "王检举", "phone": "13900000009"})
        accusation = self.registered(nature="accusation", petitioner_id=accuser.id)
        self.assertTrue(accuser.confidential)
        self.person(self.petitioner).with_user(self.user_staff).read(["name"])
        self.person(accuser).with_user(self.user_jijian).read(["name"])
        action = self.env.ref("xinfang_petition.action_xinfang_identity_reads")
        domain = [("model_model", "=", "xinfang.petitioner"), ("method", "=", "read")]
        self.assertEqual(action.domain, "[('model_model', '=', 'xinfang.petitioner')]")
        as_jijian = self.env["auditlog.log"].with_user(self.user_jijian).search(domain)
        self.assertEqual(as_jijian.xinfang_petitioner_id, self.petitioner | accuser)
        as_director = self.env["auditlog.log"].with_user(self.user_director).search(domain)
        self.assertEqual(as_director.xinfang_petitioner_id, self.petitioner, "reads of accusers are sealed too")
        self.assertEqual(as_director.user_id, self.user_staff)
        rows = as_director.read(["create_date", "user_id", "xinfang_petitioner_id", "method", "name"])
        self.assertEqual(rows[0]["user_id"][0], self.user_staff.id)
        self.assertNotIn("王检举", str(self.env["auditlog.log"].with_user(self.user_director).formatted_read_group(
            [("model_model", "=", "xinfang.petitioner")], ["xinfang_petitioner_id", "user_id"], ["__count"])))
        self.assertNotIn("王检举", str(as_jijian.mapped("name")), "the log label never holds a name")
        # petition logs are not part of the report: director and discipline inspection do not read them
        self.assertFalse(self.env["auditlog.log"].with_user(self.user_director).search(
            [("model_model", "=", "xinfang.petition"), ("res_id", "=", accusation.id)]))
        for user in (self.user_staff, self.user_handler, self.user_leader, self.user_mediator, self.user_finance):
            with self.assertRaises(AccessError):
                self.env["auditlog.log"].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.env["auditlog.log.line"].with_user(self.user_director).search([])
        menus = self.env["ir.ui.menu"]
        menu = self.env.ref("xinfang_petition.menu_xinfang_identity_reads")
        for user, visible in ((self.user_jijian, True), (self.user_director, True), (self.user_staff, False),
                              (self.user_leader, False)):
            self.assertEqual(menu.id in menus.with_user(user)._visible_menu_ids(), visible, user.login)

    def test_auditlog_users_keep_seeing_everything(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("xinfang_petition.group_xinfang_director"))
        self.registered()
        self.assertTrue(self.env["auditlog.log"].with_user(admin).search([("model_model", "=", "xinfang.petition")]),
                        "the director's narrow rule does not hide logs from the administrator")


@tagged("post_install", "-at_install")
class TestAuditRows(XinfangCase):
    """The audit rows of creates and writes (written in one statement, auditlog_rule_insert.py): the same
    rows OCA auditlog writes, and a file import audited once for the file."""

    def setUp(self):
        super().setUp()
        self.Log = self.env["auditlog.log"].sudo()

    def logs(self, record, method):
        return self.Log.search([("model_model", "=", record._name), ("res_id", "=", record.id),
                                ("method", "=", method)], order="id")

    def test_a_write_is_logged_with_label_model_and_values(self):
        petition = self.registered()
        petition.with_user(self.user_staff).write({"is_major": True})
        log = self.logs(petition, "write")[-1]
        model = self.env["ir.model"]._get("xinfang.petition")
        self.assertEqual((log.user_id, log.model_id, log.model_name, log.log_type),
                         (self.user_staff, model, model.name, "fast"))
        self.assertEqual(log.name, petition.display_name)
        line = log.line_ids
        self.assertEqual((line.field_name, line.old_value, line.new_value), ("is_major", False, "True"))
        self.assertEqual(line.field_description,
                         self.env["ir.model.fields"]._get("xinfang.petition", "is_major").field_description)
        self.assertEqual(line.create_uid, self.user_staff)

    def test_a_petitioner_log_keeps_no_identity(self):
        person = self.env["xinfang.petitioner"].with_user(self.user_staff).create(
            {"name": "王五", "phone": "13900001111"})
        log = self.logs(person, "create")
        self.assertEqual(log.name, f"xinfang.petitioner,{person.id}")
        self.assertEqual(log.xinfang_petitioner_id, person)
        self.assertTrue(log.line_ids)
        self.assertFalse(log.line_ids.filtered(lambda line: line.new_value or line.new_value_text))

    def test_a_change_of_the_rule_applies_at_once(self):
        petition = self.registered()
        rule = self.env.ref("xinfang_petition.auditlog_rule_xinfang_petition")
        petition.write({"subject": "Land compensation, again"})
        self.assertIn("subject", self.logs(petition, "write")[-1].line_ids.mapped("field_name"))
        rule.fields_to_exclude_ids = [(4, self.env["ir.model.fields"]._get("xinfang.petition", "subject").id)]
        petition.write({"subject": "Land compensation, third time", "is_major": True})
        self.assertEqual(self.logs(petition, "write")[-1].line_ids.mapped("field_name"), ["is_major"])

    def test_a_file_import_is_logged_once_and_later_changes_as_usual(self):
        Petition = self.env["xinfang.petition"].with_user(self.user_staff).with_context(
            xinfang_file_import=FILE_IMPORT)
        petitions = Petition.create([{
            "subject": f"Imported case {i}", "channel": "letter", "category_id": self.category.id,
            "village_id": self.village_a.id, "petitioner_id": self.petitioner.id} for i in range(3)])
        petitions.action_register()
        log = self.env["auditlog.log"].with_user(self.user_staff)._xinfang_log_file_import(
            petitions, "12345-export.csv", "ab" * 32, 4)
        for petition in petitions:
            self.assertFalse(self.logs(petition, "create") | self.logs(petition, "write"), "no log per row")
        self.assertEqual((log.method, log.user_id, log.xinfang_file_name, log.xinfang_row_count),
                         ("import", self.user_staff, "12345-export.csv", 4))
        self.assertEqual(log.xinfang_file_sha256, "ab" * 32)
        self.assertEqual(log.xinfang_numbers, ", ".join(petitions.mapped("name")))
        self.assertEqual(log.res_ids, str(petitions.ids))
        self.assertEqual(log.show_res_ids()["domain"], [("id", "in", petitions.ids)])
        # after the import, a petition's changes are logged as any other's
        later = self.env["xinfang.petition"].with_user(self.user_staff).browse(petitions[0].id)  # a later request
        later.write({"is_major": True})
        self.assertEqual(self.logs(later, "write").line_ids.mapped("field_name"), ["is_major"])

    def test_a_client_cannot_switch_the_audit_off_from_its_context(self):
        """JSON-RPC carries a context of JSON values: ``xinfang_file_import: true`` must not silence the log."""
        petition = self.registered()
        as_client = petition.with_user(self.user_staff).with_context(xinfang_file_import=True)
        as_client.write({"is_major": True})
        self.assertEqual(self.logs(petition, "write")[-1].line_ids.mapped("field_name"), ["is_major"])
        created = self.env["xinfang.petition"].with_user(self.user_staff).with_context(
            xinfang_file_import="FILE_IMPORT").create({
                "subject": "Sent with a forged context", "channel": "letter", "category_id": self.category.id,
                "village_id": self.village_a.id, "petitioner_id": self.petitioner.id})
        self.assertTrue(self.logs(created, "create"), "the creation is logged")
