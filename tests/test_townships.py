"""Two townships in one county database (docs/scaling.md): each township is a company and reads only its
own register — petitioners (names, ID numbers, phones), petitions, assignments, extensions, metrics and
the audit trail of its people — while the repeat check still matches a person across townships.
"""

import psycopg2

from odoo.addons.xinfang_petition.tests.common import GROUP, XinfangCase, resident_id
from odoo.addons.xinfang_petition.tests.test_portal import XinfangPortalCase
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

ZHANG_ID = "11010519491231002X"  # XinfangCase.petitioner (张三), in township A
WANG_ID = resident_id("33010619750505123")


class TownshipsCase(XinfangCase):
    """XinfangCase's township (A, the main company) and a second township B with its own office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.township_a = cls.env.company
        cls.township_b = cls.env["res.company"].create({"name": "West Hills Township"})
        cls.user_staff_b = cls._township_user("xf_staff_b", "staff")
        cls.user_director_b = cls._township_user("xf_director_b", "director")
        Department = cls.env["hr.department"]
        cls.village_b1 = Department.create({"name": "Hill Village", "xinfang_unit_type": "village",
                                            "company_id": cls.township_b.id, "population": 1500})
        # 张三 petitions in both townships: township B registers him in its own register
        cls.zhang_b = cls.env["xinfang.petitioner"].with_user(cls.user_staff_b).create({
            "name": "张三", "id_number": ZHANG_ID, "phone": "13800138000", "village_id": cls.village_b1.id,
        })
        cls.wang_b = cls.env["xinfang.petitioner"].with_user(cls.user_staff_b).create({
            "name": "王五", "id_number": WANG_ID, "phone": "13911112222", "village_id": cls.village_b1.id,
        })

    @classmethod
    def _township_user(cls, login, role):
        return new_test_user(cls.env, login=login, groups=f"{GROUP}{role},base.group_allow_export",
                             company_id=cls.township_b.id, company_ids=[Command.set(cls.township_b.ids)],
                             name=login.replace("_", " ").title())

    def registered_b(self, **vals):
        petition = self.env["xinfang.petition"].with_user(self.user_staff_b).create({
            "subject": "Road through the hill farm", "content": "The road cuts my contracted land.",
            "channel": "visit", "category_id": self.category.id, "village_id": self.village_b1.id,
            "petitioner_id": self.wang_b.id, **vals,
        })
        petition.action_register()
        return petition


@tagged("post_install", "-at_install")
class TestTownshipRegisters(TownshipsCase):
    def test_people_belong_to_the_registering_township(self):
        self.assertEqual(self.petitioner.company_id, self.township_a)
        self.assertEqual(self.zhang_b.company_id, self.township_b)
        created_a = self.env["xinfang.petitioner"].with_user(self.user_staff).create({"name": "赵六"})
        self.assertEqual(created_a.company_id, self.township_a)
        self.assertEqual(self.zhang_b.id_number, self.petitioner.id_number, "one person, a record in each register")

    def test_each_township_reads_only_its_own_register(self):
        petition_a = self.registered()
        petition_b = self.registered_b()
        self.assertEqual(petition_b.company_id, self.township_b)
        for user, own_people, own_petition, other_people, other_petition in (
            (self.user_staff, self.petitioner | self.petitioner_b, petition_a, self.zhang_b | self.wang_b,
             petition_b),
            (self.user_staff_b, self.zhang_b | self.wang_b, petition_b, self.petitioner | self.petitioner_b,
             petition_a),
        ):
            People = self.env["xinfang.petitioner"].with_user(user)
            everyone = self.petitioner | self.petitioner_b | self.zhang_b | self.wang_b
            self.assertEqual(People.search([("id", "in", everyone.ids)]), own_people, user.login)
            # by ID number, phone or name: the other register does not answer
            own_zhang = own_people & (self.petitioner | self.zhang_b)
            self.assertEqual(People.search([("id_number", "=", ZHANG_ID)]), own_zhang)
            self.assertFalse(People.search([("id_number", "=", other_people[-1].id_number)]))
            self.assertEqual([p for p, _name in People.name_search("13800138000")], own_zhang.ids)
            self.assertEqual([p for p, _name in People.name_search(other_people[-1].name)], [])
            for person in other_people:
                with self.assertRaises(AccessError, msg=user.login):
                    person.with_user(user).read(["name", "id_number", "phone"])
            self.assertEqual(own_people.with_user(user).mapped("name"), own_people.mapped("name"))
            Petitions = self.env["xinfang.petition"].with_user(user)
            self.assertEqual(Petitions.search([("id", "in", (petition_a | petition_b).ids)]), own_petition)
            with self.assertRaises(AccessError):
                other_petition.with_user(user).read(["subject"])
            self.assertEqual(own_petition.with_user(user).petitioner_id.name, own_petition.petitioner_id.name)

    def test_one_record_per_person_and_township(self):
        with self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.env["xinfang.petitioner"].with_user(self.user_staff_b).create({"name": "张三", "id_number": ZHANG_ID})
            self.env.flush_all()
        # in another township the same ID number is another register's record
        self.assertEqual(self.env["xinfang.petitioner"].search_count([("id_number", "=", ZHANG_ID)]), 2)

    def test_a_petition_names_only_people_of_its_township(self):
        Petition = self.env["xinfang.petition"].with_user(self.user_staff_b)
        vals = {"subject": "x", "content": "y", "category_id": self.category.id, "village_id": self.village_b1.id}
        with self.assertRaises(UserError):
            Petition.create({**vals, "petitioner_id": self.petitioner.id})
        with self.assertRaises(UserError):
            Petition.create({**vals, "petitioner_id": self.wang_b.id,
                             "representative_ids": [Command.set(self.petitioner_b.ids)]})
        petition = Petition.create({**vals, "petitioner_id": self.zhang_b.id,
                                    "representative_ids": [Command.set(self.wang_b.ids)]})
        self.assertEqual(petition.company_id, self.township_b)
        # an accusation seals its accuser within the same township
        accusation = Petition.create({**vals, "nature": "accusation", "petitioner_id": self.wang_b.id})
        self.assertEqual(accusation.sudo().accuser_id, self.wang_b)

    def test_repeat_check_matches_a_person_across_townships(self):
        first = self.registered(subject="Land taken in East Village")
        repeat = self.registered_b(petitioner_id=self.zhang_b.id, subject="Land taken, again")
        self.assertTrue(repeat.is_repeat)
        self.assertEqual(repeat.sudo().original_id, first, "matched by ID number in the other township")
        # the link is kept; the other township's petition and person stay closed to township B
        with self.assertRaises(AccessError):
            repeat.with_user(self.user_staff_b).original_id.read(["subject"])
        with self.assertRaises(AccessError):
            first.with_user(self.user_staff_b).petitioner_id.read(["phone"])
        # a different person (other ID number) is not matched
        other = self.registered_b(subject="Road again")
        self.assertFalse(other.is_repeat)

    def test_assignments_extensions_and_metrics_stay_in_the_township(self):
        petition = self.handling()
        assignment = petition.assignment_ids
        extension = self.env["xinfang.extension"].create({"petition_id": petition.id, "reason": "Survey needed."})
        records = {
            "xinfang.assignment": assignment,
            "xinfang.extension": extension,
            "xinfang.petition.report": self.env["xinfang.petition.report"].browse(petition.id),
        }
        for model, record in records.items():
            self.assertEqual(record.company_id, self.township_a, model)
            self.assertEqual(self.env[model].with_user(self.user_director).search([("id", "=", record.id)]), record,
                             model)
            self.assertFalse(self.env[model].with_user(self.user_director_b).search([("id", "=", record.id)]), model)
            with self.assertRaises(AccessError, msg=model):
                record.with_user(self.user_director_b).read(["company_id"])
        rates = self.env["xinfang.petition.report"].with_user(self.user_staff_b).get_rates("2000-01-01", "2100-01-01")
        self.assertFalse(any(group.get("count") for group in rates.values()), "no metrics of township A")
        rates = self.env["xinfang.petition.report"].with_user(self.user_staff).get_rates("2000-01-01", "2100-01-01")
        self.assertEqual(rates[False]["count"], 1)

    def test_audit_trail_of_people_stays_in_the_township(self):
        model = self.env["ir.model"]._get("xinfang.petitioner")
        Log = self.env["auditlog.log"]
        logs = Log.create([{"name": "read", "model_id": model.id, "res_id": person.id, "method": "read",
                            "user_id": self.env.uid} for person in (self.petitioner, self.zhang_b)])
        log_a, log_b = logs
        self.assertEqual(Log.with_user(self.user_director).search([("id", "in", logs.ids)]), log_a)
        self.assertEqual(Log.with_user(self.user_director_b).search([("id", "in", logs.ids)]), log_b)
        with self.assertRaises(AccessError):
            log_a.with_user(self.user_director_b).read(["xinfang_petitioner_id"])


@tagged("post_install", "-at_install")
class TestTownshipIntake(TownshipsCase, XinfangPortalCase):
    """Online and Open311 intake of township B (its office's user receives online petitions)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_intake_user(cls.user_staff_b)
        # portal accounts of township B's residents; portal_a is linked to 张三's record in township A
        cls.portal_a.write({"company_ids": [Command.set(cls.township_b.ids)], "company_id": cls.township_b.id})
        cls.portal_c.write({"company_ids": [Command.set(cls.township_b.ids)], "company_id": cls.township_b.id})

    def test_portal_filing_uses_the_intake_townships_register(self):
        self.authenticate("xf_portal_a", "xf_portal_a")
        # the account's record in township A is not township B's: identity fields are asked again
        form = self.url_open("/my/petitions/new")
        self.assertNotIn("o_xf_petitioner_known", form.text)
        response = self.url_open("/my/petitions/new", data=self.petition_form(
            name="张三", id_number=ZHANG_ID, phone="13800138000", village_id=str(self.village_b1.id),
            head_count="6", rep_name_1="李四", rep_id_1=self.petitioner_b.id_number,
            rep_name_2="王五", rep_id_2=WANG_ID,
        ), allow_redirects=False)
        self.assertEqual(response.status_code, 303, response.text[:2000])
        petition = self.Petition.search([("subject", "=", "Irrigation channel blocked")])
        self.assertEqual(petition.company_id, self.township_b)
        self.assertEqual(petition.state, "to_accept")
        # 张三's record of township B (same ID number) is not linked to the account either: a new one
        person = petition.petitioner_id
        self.assertRecordValues(person, [{"company_id": self.township_b.id, "user_id": self.portal_a.id,
                                          "id_number": False}])
        self.assertNotIn(person, self.petitioner | self.zhang_b)
        # representatives: 王五 is found in township B's register, 李四 (township A) is not linked
        self.assertIn(self.wang_b, petition.representative_ids)
        self.assertNotIn(self.petitioner_b, petition.representative_ids)
        self.assertEqual(petition.representative_ids.company_id, self.township_b)
        self.assertEqual(petition.with_user(self.user_staff_b).petitioner_id.name, "张三")
        with self.assertRaises(AccessError):
            person.with_user(self.user_staff).read(["name"])
        # the second filing reuses the account's township-B record
        self.assertIn("o_xf_petitioner_known", self.url_open("/my/petitions/new").text)

    def test_new_portal_petitioner_belongs_to_the_intake_township(self):
        self.authenticate("xf_portal_c", "xf_portal_c")
        number = resident_id("11010519800101123")
        response = self.url_open("/my/petitions/new", data=self.petition_form(
            name="王七", id_number=number, phone="139 0000 0000", village_id=str(self.village_b1.id)),
            allow_redirects=False)
        self.assertEqual(response.status_code, 303, response.text[:2000])
        petition = self.Petition.search([("subject", "=", "Irrigation channel blocked")])
        self.assertEqual(petition.company_id, self.township_b)
        self.assertRecordValues(petition.petitioner_id, [{
            "company_id": self.township_b.id, "id_number": number, "user_id": self.portal_c.id}])
        self.assertEqual(self.url_open(response.headers["Location"]).status_code, 200)

    def test_open311_petitioner_belongs_to_the_intake_township(self):
        client = self.env["xinfang.api.client"].create({"name": "County 12345 platform"})
        key = client.action_generate_key()["context"]["default_key"]
        self.authenticate(None, None)
        response = self.url_open("/open311/v2/requests.json", params={"api_key": key}, data={
            "service_code": self.category.code, "description": "Street light broken near the school",
            "first_name": "五", "last_name": "赵", "phone": "13912345678", "address_string": "Hill Village",
        })
        self.assertEqual(response.status_code, 201, response.text)
        petition = self.Petition.browse(int(response.json()[0]["service_request_id"]))
        self.assertEqual(petition.company_id, self.township_b)
        self.assertEqual(petition.petitioner_id.company_id, self.township_b)
        self.assertEqual(petition.with_user(self.user_staff_b).petitioner_id.name, "赵五")
        self.assertFalse(self.env["xinfang.petitioner"].with_user(self.user_staff).search(
            [("id", "=", petition.petitioner_id.id)]))
