"""The rules of online filing live in the models, the HTTP parsing in the controllers' helpers: each rule
checked here both ways without a request (head count, representatives, the collective threshold, the
filer's identity, who is found or created), and the shared parsing helpers on their edge cases."""

from datetime import timedelta

from odoo import fields
from odoo.addons.xinfang_petition.controllers.common import as_ids, as_int, is_storable
from odoo.addons.xinfang_petition.models.xinfang_petition_portal import MAX_HEAD_COUNT
from odoo.addons.xinfang_petition.rules import COLLECTIVE_HEAD_COUNT, MAX_REPRESENTATIVES
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import resident_id
from .test_portal import PDF, XinfangPortalCase

NEW_ID = resident_id("11010519700303704")  # ends in X


def rep(name="孙八", id_number="", phone=""):
    return {"name": name, "id_number": id_number, "phone": phone}


@tagged("post_install", "-at_install")
class TestPortalPeopleRules(XinfangPortalCase):
    """``xinfang.petition._portal_check_people`` and ``xinfang.petitioner._portal_check_person``."""

    def check(self, person=None, head_count=1, representatives=()):
        return self.Petition.with_user(self.portal_a)._portal_check_people(person, head_count, list(representatives))

    def test_head_count_bounds(self):
        for head_count in (1, COLLECTIVE_HEAD_COUNT, MAX_HEAD_COUNT):
            with self.subTest(head_count=head_count):
                people, errors = self.check(head_count=head_count)
                self.assertEqual((people["head_count"], errors), (head_count, []))
        for head_count in (0, MAX_HEAD_COUNT + 1):
            with self.subTest(head_count=head_count):
                people, errors = self.check(head_count=head_count)
                self.assertEqual(people["head_count"], 1)
                self.assertEqual(errors, ["The number of people must be a whole number of at least 1."])

    def test_representatives_from_the_collective_threshold_on(self):
        people, errors = self.check(head_count=COLLECTIVE_HEAD_COUNT - 1, representatives=[rep()])
        self.assertEqual(errors, [
            f"Representatives are elected for collective matters of {COLLECTIVE_HEAD_COUNT} or more people."])
        people, errors = self.check(head_count=COLLECTIVE_HEAD_COUNT,
                                    representatives=[rep(id_number=NEW_ID.lower(), phone="137 0000 0000")])
        self.assertEqual(errors, [])
        self.assertEqual(people["representatives"], [rep(id_number=NEW_ID, phone="13700000000")],
                         "ID number and phone normalized")

    def test_representative_rows_are_checked(self):
        _people, errors = self.check(head_count=1, representatives=[rep(name="", phone="13700000000")])
        self.assertEqual(errors, ["Give the name of each representative."], "an invalid row is not counted")
        people, errors = self.check(head_count=20, representatives=[rep(id_number=NEW_ID[:-1] + "0"), rep("李四")])
        self.assertEqual(len(errors), 1)
        self.assertIn("check digit", errors[0])
        self.assertEqual([row["name"] for row in people["representatives"]], ["李四"])
        too_many = [rep(f"代表{index}") for index in range(MAX_REPRESENTATIVES + 1)]
        _people, errors = self.check(head_count=20, representatives=too_many)
        self.assertEqual(errors, [f"A collective petition records at most {MAX_REPRESENTATIVES} representatives."])

    def test_filer_identity(self):
        people, errors = self.check(person=None)
        self.assertEqual((people["person"], errors), (None, []), "a linked petitioner is not asked again")
        person = {"name": "王五", "phone": "", "address": "", "id_number": "", "village_id": False}
        _people, errors = self.check(person=person)
        self.assertEqual(errors, ["Resident ID number is required."])
        _people, errors = self.check(person={**person, "id_number": NEW_ID, "phone": "call me"})
        self.assertEqual(len(errors), 1)
        self.assertIn("Phone number call me is invalid", errors[0])
        people, errors = self.check(person={**person, "id_number": NEW_ID.lower(), "phone": "139-0000-0000"})
        self.assertEqual(errors, [])
        self.assertEqual((people["person"]["id_number"], people["person"]["phone"]), (NEW_ID, "13900000000"))

    def test_matter_choices(self):
        check = self.Petition.with_user(self.portal_a)._portal_check_matter
        self.assertEqual(check({"nature": "appeal", "category_id": self.category.id, "village_id": False}), [])
        self.assertEqual(check({"nature": "complaint", "category_id": 0, "village_id": self.unit_land.id}), [
            "Choose the nature of the petition.", "Choose a category.", "Choose a village from the list."])


@tagged("post_install", "-at_install")
class TestPortalPeopleFoundOrCreated(XinfangPortalCase):
    """``xinfang.petitioner._portal_find_or_create`` and ``xinfang.petition._create_from_portal``."""

    def setUp(self):
        super().setUp()
        self.People = self.Petition._online_intake_env().env["xinfang.petitioner"]
        self.person = {"name": "王五", "phone": "13900000000", "address": "East Village 3", "id_number": NEW_ID,
                       "village_id": self.village_a.id}

    def test_own_record_and_representatives(self):
        before = self.People.search_count([])
        petitioner, people, note = self.People._portal_find_or_create(
            self.portal_a, None, [rep(id_number=self.petitioner_b.id_number), rep("周九", NEW_ID), rep("周九", NEW_ID)])
        self.assertEqual(petitioner, self.petitioner, "the user's linked record")
        self.assertFalse(note)
        self.assertIn(self.petitioner_b, people, "a known ID number is linked, not duplicated")
        self.assertEqual(len(people), 2, "the same new ID twice is one person")
        self.assertEqual(self.People.search_count([]), before + 1)

    def test_new_filer(self):
        petitioner, people, note = self.People._portal_find_or_create(self.portal_c, self.person)
        self.assertFalse(people or note)
        self.assertRecordValues(petitioner, [{
            "name": "王五", "id_number": NEW_ID, "user_id": self.portal_c.id, "email": self.portal_c.email,
            "village_id": self.village_a.id, "company_id": self.env.company.id,
        }])
        self.assertEqual(self.Petition.with_user(self.portal_c)._portal_own_petitioner(), petitioner)

    def test_taken_id_number_is_not_linked(self):
        petitioner, _people, note = self.People._portal_find_or_create(
            self.portal_c, {**self.person, "id_number": self.petitioner_b.id_number})
        self.assertNotEqual(petitioner, self.petitioner_b)
        self.assertFalse(petitioner.id_number)
        self.assertFalse(self.petitioner_b.user_id)
        self.assertIn(self.portal_c.login, note)
        self.assertIn("Verify the identity", petitioner.message_ids[:1].body)

    def test_create_from_portal(self):
        Petition = self.Petition.with_user(self.portal_c)
        vals = {"nature": "appeal", "category_id": self.category.id, "village_id": self.village_a.id,
                "subject": "Road flooded", "content": "Every rain.", "request": ""}
        people, errors = Petition._portal_check_people(self.person, COLLECTIVE_HEAD_COUNT, [rep()])
        self.assertEqual(errors, [])
        petition = Petition._create_from_portal(vals, [("proof.pdf", PDF)], **people)
        self.assertRecordValues(petition, [{
            "channel": "online", "head_count": COLLECTIVE_HEAD_COUNT, "is_collective": True,
            "registered_by_id": self.user_staff.id, "create_uid": self.user_staff.id,
        }])
        self.assertEqual(petition.petitioner_id.user_id, self.portal_c)
        self.assertEqual(petition.representative_ids.mapped("name"), ["孙八"])
        attachment = self.env["ir.attachment"].search([("res_model", "=", "xinfang.petition"),
                                                       ("res_id", "=", petition.id)])
        self.assertEqual(attachment.create_uid, self.portal_c, "the petitioner may download their own upload")
        self.assertEqual(petition._portal_own_attachments(self.portal_c), attachment)
        self.assertFalse(petition._portal_own_attachments(self.portal_a))
        self.assertTrue(petition._portal_is_filer(self.portal_c))
        self.assertFalse(petition._portal_is_filer(self.portal_a))

    def test_anonymous_accusation(self):
        public = self.env.ref("base.public_user")
        vals = {"nature": "accusation", "category_id": self.category.id, "village_id": False,
                "subject": "Subsidy taken", "content": "By the village head.", "request": ""}
        petition, code = self.Petition.with_user(public)._create_anonymous_accusation(vals, [])
        self.assertEqual((petition.nature, petition.channel), ("accusation", "online"))
        self.assertFalse(petition.petitioner_id)
        self.assertEqual(self.Petition._portal_find_by_query_code(code), petition)


@tagged("post_install", "-at_install")
class TestControllerHelpers(XinfangPortalCase):
    """The parsing helpers both controllers share, and the settings they read."""

    def test_as_int(self):
        self.assertEqual(as_int("007"), 7)
        self.assertEqual(as_int("²"), 0, "digits int() refuses are no number")
        self.assertEqual(as_int("-1", default=None), None)
        self.assertEqual(as_int("9" * 19), 10**18, "too large for any id: matches none")
        self.assertEqual(as_int(None, default=3), 3)

    def test_as_ids(self):
        self.assertEqual(as_ids(" 1, 2,,3 "), [1, 2, 3])
        self.assertIsNone(as_ids("1,x"))
        self.assertIsNone(as_ids("1,²"))
        self.assertEqual(as_ids("9" * 19), [0])

    def test_is_storable(self):
        self.assertTrue(is_storable("东村 3"))
        self.assertFalse(is_storable("a\x00b"))
        self.assertFalse(is_storable("\ud800"))

    def test_bad_setting_gives_the_default(self):
        self.env["ir.config_parameter"].sudo().set_param("xinfang_petition.portal_max_files", "ten")
        self.authenticate("xf_portal_a", "xf_portal_a")
        with self.assertLogs("odoo.addons.xinfang_petition.tools", "WARNING") as logs:
            response = self.url_open("/my/petitions/new")
        self.assertEqual(response.status_code, 200)
        self.assertIn("xinfang_petition.portal_max_files", logs.output[0])


@tagged("post_install", "-at_install")
class TestOpen311Rules(XinfangPortalCase):
    """What the Open311 controller leaves to the models: the client's hourly limit, the e-mail address."""

    def setUp(self):
        super().setUp()
        self.client = self.env["xinfang.api.client"].create({"name": "12345 platform", "rate_limit": 2})

    def test_check_in_counts_and_records_the_last_use(self):
        self.assertTrue(self.client._check_in())
        first = self.client.last_used
        self.assertTrue(first)
        self.client.last_used = first - timedelta(seconds=30)
        self.assertTrue(self.client._check_in())
        self.assertEqual(self.client.last_used, first - timedelta(seconds=30), "at most once a minute")
        self.assertFalse(self.client._check_in(), "the third call of the hour is over the limit")
        self.client.rate_limit = 0
        self.client.last_used = fields.Datetime.now() - timedelta(minutes=2)
        self.assertTrue(self.client._check_in(), "0: no limit")
        self.assertGreater(self.client.last_used, fields.Datetime.now() - timedelta(minutes=1))

    def test_email_is_checked_first(self):
        before = self.Petition.search_count([])
        with self.assertRaisesRegex(UserError, "email is not a valid e-mail address"):
            self.Petition._create_from_open311(self.client, {
                "service_code": "unknown", "description": "x", "email": "not an address", "first_name": "王"})
        self.assertEqual(self.Petition.search_count([]), before)

    def test_answer_language(self):
        self.assertEqual(self.Petition._open311_lang("en_US"), "en_US")
        self.env.company.partner_id.lang = "en_US"
        self.assertEqual(self.Petition._open311_lang("xx_XX"), "en_US", "not installed: the township's")


@tagged("post_install", "-at_install")
class TestPortalPublicUser(XinfangPortalCase):
    """A public visitor is never the filer, even of a petition without a linked account."""

    def test_public_user_is_no_filer(self):
        petition = self.registered()
        self.assertFalse(petition._portal_is_filer(self.env.ref("base.public_user")))
        other = new_test_user(self.env, login="xf_portal_d", groups="base.group_portal")
        self.assertFalse(petition._portal_is_filer(other))
        self.assertTrue(petition._portal_is_filer(self.portal_a), "portal A is linked to the petitioner")
