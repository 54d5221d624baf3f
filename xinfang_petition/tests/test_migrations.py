"""Migration scripts, run on a database shaped as the version before them."""


from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import load_migration, resident_id


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


@tagged("post_install", "-at_install")
class TestMigration_19_0_1_2_0(TransactionCase):
    """Petitioners get the company of their petitions; a person of two townships gets a record in each."""

    def setUp(self):
        super().setUp()
        self.township_a = self.env.company
        self.township_b = self.env["res.company"].create({"name": "West Hills Township"})
        self.user_b = new_test_user(self.env, login="xf_mig_staff_b", groups="xinfang_petition.group_xinfang_staff",
                                    company_id=self.township_b.id, company_ids=[Command.set(self.township_b.ids)])
        portal = new_test_user(self.env, login="xf_mig_portal", groups="base.group_portal")
        People = self.env["xinfang.petitioner"]
        self.zhang = People.create({"name": "张三", "id_number": "11010519491231002X", "phone": "13800138000",
                                    "user_id": portal.id})
        self.li = People.create({"name": "李四", "id_number": resident_id("33010619800101001")})
        self.wang = People.create({"name": "王五"})
        self.lone_b = People.with_user(self.user_b).create({"name": "赵六"})
        self.lone_a = People.create({"name": "钱七"})
        category = self.env.ref("xinfang_petition.category_land")

        def petition(day, **vals):
            return self.env["xinfang.petition"].create({
                "subject": f"Matter of {day}", "category_id": category.id, "registration_date": day, **vals})

        # as 19.0.1.1.0 left it: one county-wide register, petitions in two townships
        self.p_b_first = petition("2025-01-10", petitioner_id=self.zhang.id)
        self.p_a = petition("2025-03-01", petitioner_id=self.zhang.id, representative_ids=[Command.set(self.li.ids)])
        self.p_b_accusation = petition("2025-02-01", nature="accusation", petitioner_id=self.li.id)
        self.p_a_wang = petition("2025-04-01", petitioner_id=self.wang.id, active=False)
        self.env.flush_all()
        self.env.cr.execute("UPDATE xinfang_petition SET company_id = %s WHERE id IN %s",
                            (self.township_b.id, (self.p_b_first.id, self.p_b_accusation.id)))
        self.env.cr.execute("UPDATE xinfang_petitioner SET company_id = %s", (self.township_a.id,))
        self.env.invalidate_all()

    def migrate(self):
        load_migration("19.0.1.2.0", "post-petitioner_company").migrate(self.env.cr, "19.0.1.1.0")

    def test_earliest_petition_keeps_the_person_other_townships_get_a_copy(self):
        self.migrate()
        # 张三: first registered in township B, which keeps the record; township A gets a copy
        self.assertEqual(self.zhang.company_id, self.township_b)
        self.assertEqual(self.p_b_first.petitioner_id, self.zhang)
        zhang_a = self.p_a.petitioner_id
        self.assertNotEqual(zhang_a, self.zhang)
        self.assertRecordValues(zhang_a, [{
            "company_id": self.township_a.id, "name": "张三", "id_number": self.zhang.id_number,
            "phone": "13800138000", "user_id": self.zhang.user_id.id, "confidential": False, "active": True,
        }])
        self.assertIn(f"copy of petitioner record {self.zhang.id}", zhang_a.message_ids[:1].body)
        # 李四: sealed accuser in township B first (kept there), representative in township A (a sealed copy)
        self.assertEqual(self.li.company_id, self.township_b)
        self.assertEqual(self.p_b_accusation.accuser_id, self.li)
        li_a = self.p_a.representative_ids
        self.assertNotEqual(li_a, self.li)
        self.assertRecordValues(li_a, [{"company_id": self.township_a.id, "id_number": self.li.id_number,
                                        "confidential": True}])
        # 王五: archived petition of township A only; people in no petition: the creator's township
        self.assertEqual(self.wang.company_id, self.township_a)
        self.assertEqual(self.lone_b.company_id, self.township_b)
        self.assertEqual(self.lone_a.company_id, self.township_a)
        # every petition now names people of its own township
        petitions = (self.p_b_first | self.p_a | self.p_b_accusation | self.p_a_wang).with_context(active_test=False)
        for petition in petitions:
            people = petition.petitioner_id | petition.accuser_id | petition.representative_ids
            self.assertEqual(people.company_id, petition.company_id, petition.subject)

    def test_running_again_changes_nothing(self):
        self.migrate()
        People = self.env["xinfang.petitioner"].with_context(active_test=False)
        before = People.search_read([], ["company_id"], order="id")
        self.migrate()
        self.assertEqual(People.search_read([], ["company_id"], order="id"), before)


@tagged("post_install", "-at_install")
class TestMigrationChineseWording(TransactionCase):
    def test_an_existing_database_gets_this_releases_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        redirected = self.env["ir.model.fields.selection"].search([
            ("field_id.model", "=", "xinfang.petition"), ("field_id.name", "=", "state"), ("value", "=", "redirected"),
        ]).with_context(lang="zh_CN")
        redirected.name = "已转送"  # as 19.0.1.1.0 shipped it: forwarding, another statutory step
        load_migration("19.0.1.2.0", "end-statutory_wording").migrate(self.env.cr, "19.0.1.1.0")
        redirected.invalidate_recordset()
        self.assertEqual(redirected.name, "已导入法定途径")
