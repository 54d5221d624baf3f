from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import GROUP, XinfangCase


@tagged("post_install", "-at_install")
class TestGroupsAndMenus(XinfangCase):
    def _groups(self, user):
        return {xmlid.split(".")[1] for xmlid in user.all_group_ids.get_external_id().values() if xmlid}

    def test_implied_groups(self):
        expectations = {
            "leader": {"group_xinfang_staff", "group_xinfang_handler", "group_user"},
            "director": {"group_xinfang_staff", "group_xinfang_handler", "group_user"},
            "staff": {"group_xinfang_handler", "group_user"},
            "confidential": {"group_xinfang_handler", "group_user"},
            "handler": {"group_user"},
            "mediator": {"group_user"},
            "finance": {"group_user"},
        }
        for role, implied in expectations.items():
            group = self.env.ref(f"{GROUP}{role}")
            closure = {x.split(".")[1] for x in group.all_implied_ids.get_external_id().values()}
            self.assertTrue(implied <= closure, f"{role} must imply {implied - closure}")
        # and nothing more powerful than intended
        self.assertNotIn("group_xinfang_leader", self._groups(self.user_staff))
        self.assertNotIn("group_xinfang_confidential", self._groups(self.user_leader))
        self.assertNotIn("group_xinfang_staff", self._groups(self.user_jijian))
        self.assertNotIn("group_xinfang_handler", self._groups(self.user_finance))
        self.assertNotIn("group_xinfang_handler", self._groups(self.user_mediator))

    def _visible_menus(self, user):
        menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        xmlids = self.env["ir.ui.menu"].browse(menus).get_external_id()
        return {xmlid.split(".", 1)[1] for xmlid in xmlids.values() if xmlid.startswith("xinfang_petition.")}

    def test_menus_per_role(self):
        staff = self._visible_menus(self.user_staff)
        self.assertTrue({"menu_xinfang_root", "menu_xinfang_petition", "menu_xinfang_petitioner"} <= staff)
        self.assertNotIn("menu_xinfang_config", staff)
        director = self._visible_menus(self.user_director)
        self.assertIn("menu_xinfang_config", director)
        handler = self._visible_menus(self.user_handler)
        self.assertIn("menu_xinfang_petition", handler)
        self.assertNotIn("menu_xinfang_petitioner", handler)
        mediator = self._visible_menus(self.user_mediator)
        self.assertIn("menu_xinfang_petition", mediator)
        self.assertNotIn("menu_xinfang_assignment", mediator)
        finance = self._visible_menus(self.user_finance)
        self.assertNotIn("menu_xinfang_petition", finance)
        self.assertFalse(self._visible_menus(self.user_plain))

    def test_model_access_per_role(self):
        Petition = self.env["xinfang.petition"]
        for user in (self.user_finance, self.user_plain):
            with self.assertRaises(AccessError):
                Petition.with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["xinfang.petitioner"].with_user(user).search([])
        with self.assertRaises(AccessError):
            Petition.with_user(self.user_handler).create({"subject": "x", "category_id": self.category.id})
        with self.assertRaises(AccessError):
            self.category.with_user(self.user_staff).write({"name": "Renamed"})
        self.category.with_user(self.user_director).write({"code": "LAND-X"})
        with self.assertRaises(AccessError):
            self.env["xinfang.holiday"].with_user(self.user_staff).create({"date": "2026-12-31", "name": "x"})


@tagged("post_install", "-at_install")
class TestRecordScope(XinfangCase):
    def test_mediator_sees_only_own_village(self):
        own = self.registered()
        other = self.registered(village_id=self.village_b.id, petitioner_id=self.petitioner_b.id)
        visible = self.env["xinfang.petition"].with_user(self.user_mediator).search([("id", "in", (own | other).ids)])
        self.assertEqual(visible, own)
        with self.assertRaises(AccessError):
            other.with_user(self.user_mediator).read(["subject"])
        people = self.env["xinfang.petitioner"].with_user(self.user_mediator).search([])
        self.assertIn(self.petitioner, people)
        self.assertNotIn(self.petitioner_b, people)

    def test_handler_sees_only_own_unit(self):
        mine = self.handling()
        theirs = self.accepted(petitioner_id=self.petitioner_b.id, category_id=self.category_labour.id)
        self.assign(theirs, handler=self.handler_social)
        unassigned = self.registered(category_id=self.category_labour.id)
        Petition = self.env["xinfang.petition"].with_user(self.user_handler)
        self.assertEqual(Petition.search([("id", "in", (mine | theirs | unassigned).ids)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_handler).read(["subject"])
        # the co-handling unit sees the petition too
        joint = self.accepted(petitioner_id=self.petitioner_b.id)
        self.assign(joint, handler=self.handler_social, co_unit_ids=[(6, 0, self.unit_land.ids)])
        self.assertIn(joint, Petition.search([]))

    def test_handler_reads_only_the_people_of_the_own_units_petitions(self):
        Person = self.env["xinfang.petitioner"]
        rep = Person.create({"name": "王代表", "village_id": self.village_a.id})
        co_rep = Person.create({"name": "赵协办", "village_id": self.village_b.id})
        stranger = Person.create({"name": "钱无关", "phone": "13900000009", "village_id": self.village_a.id})
        mine = self.handling(head_count=6, representative_ids=[(6, 0, rep.ids)])
        theirs = self.accepted(petitioner_id=self.petitioner_b.id, category_id=self.category_labour.id)
        self.assign(theirs, handler=self.handler_social)
        everyone = self.petitioner | self.petitioner_b | rep | co_rep | stranger
        handler = Person.with_user(self.user_handler)
        self.assertEqual(handler.search([("id", "in", everyone.ids)]), self.petitioner | rep)
        for person in (self.petitioner_b, stranger):
            with self.assertRaises(AccessError):
                person.with_user(self.user_handler).read(["name", "phone"])
        # the own petition's form still names its people
        self.assertEqual(mine.with_user(self.user_handler).petitioner_id.name, "张三")
        # a co-handling unit reads the people of the joint petition, as it reads the petition
        joint = self.accepted(petitioner_id=self.petitioner_b.id, representative_ids=[(6, 0, co_rep.ids)])
        self.assign(joint, handler=self.handler_social, co_unit_ids=[(6, 0, self.unit_land.ids)])
        self.assertEqual(handler.search([("id", "in", everyone.ids)]),
                         self.petitioner | self.petitioner_b | rep | co_rep)
        # the other unit's handler reads its own people only
        social = Person.with_user(self.user_handler_social).search([("id", "in", everyone.ids)])
        self.assertEqual(social, self.petitioner_b | co_rep)
        # the petition office keeps the whole register, for registration and repeat checks
        for user in (self.user_staff, self.user_leader, self.user_director):
            self.assertEqual(Person.with_user(user).search([("id", "in", everyone.ids)]), everyone)

    def test_staff_and_leader_see_all(self):
        petitions = self.registered()
        petitions |= self.registered(village_id=self.village_b.id, petitioner_id=self.petitioner_b.id)
        for user in (self.user_staff, self.user_leader):
            self.assertEqual(self.env["xinfang.petition"].with_user(user).search([("id", "in", petitions.ids)]),
                             petitions)


@tagged("post_install", "-at_install")
class TestAccuserConfidentiality(XinfangCase):
    def setUp(self):
        super().setUp()
        self.accuser = self.env["xinfang.petitioner"].create({"name": "王检举", "phone": "13900000001"})
        self.accusation = self.accepted(
            nature="accusation", petitioner_id=self.accuser.id, subject="Village head embezzles subsidies",
            category_id=self.env.ref("xinfang_petition.category_discipline").id,
        )
        self.assign(self.accusation)  # handled in the land office, the accused's unit

    def test_identity_moves_to_sealed_field(self):
        self.assertFalse(self.accusation.petitioner_id)
        self.assertEqual(self.accusation.sudo().accuser_id, self.accuser)
        self.assertTrue(self.accuser.confidential)

    def test_representatives_added_later_are_sealed_too(self):
        # co-accusers joining an accusation after its registration (found by tests/test_fuzz_orm.py)
        co_accuser = self.env["xinfang.petitioner"].create({"name": "李联名", "village_id": self.village_a.id})
        self.accusation.with_user(self.user_staff).write({"representative_ids": [(4, co_accuser.id)]})
        self.assertTrue(co_accuser.confidential)
        with self.assertRaises(AccessError):
            co_accuser.with_user(self.user_handler).read(["name"])

    def test_handler_cannot_read_search_group_or_export_the_accuser(self):
        as_handler = self.accusation.with_user(self.user_handler)
        self.assertEqual(as_handler.subject, "Village head embezzles subsidies", "the matter itself is visible")
        with self.assertRaises(AccessError):
            as_handler.read(["accuser_id"])
        with self.assertRaises(AccessError):
            self.env["xinfang.petition"].with_user(self.user_handler).search([("accuser_id.name", "=", "王检举")])
        with self.assertRaises(AccessError):
            self.env["xinfang.petition"].with_user(self.user_handler).formatted_read_group(
                [], ["accuser_id"], ["__count"])
        with self.assertRaises(AccessError):
            as_handler.export_data(["accuser_id/name"])
        with self.assertRaises(AccessError):
            self.accuser.with_user(self.user_handler).read(["name"])
        self.assertFalse(self.env["xinfang.petitioner"].with_user(self.user_staff).search([("name", "=", "王检举")]))
        self.assertNotIn("王检举", str(self.accusation.with_user(self.user_handler).message_ids.mapped("body")))

    def test_discipline_inspection_reads_the_accuser(self):
        as_jijian = self.accusation.with_user(self.user_jijian)
        self.assertEqual(as_jijian.accuser_id.name, "王检举")
        self.assertEqual(as_jijian.export_data(["accuser_id/name"])["datas"], [["王检举"]])

    def test_petitioner_exports_are_masked_without_the_confidential_right(self):
        petition = self.registered()
        rows = petition.with_user(self.user_staff).export_data(["petitioner_id/id_number", "petitioner_id/phone"])
        self.assertEqual(rows["datas"], [["1101**********002X", "138****8000"]])
        rows = self.petitioner.with_user(self.user_staff).export_data(["id_number", "name"])
        self.assertEqual(rows["datas"], [["1101**********002X", "张三"]])
        rows = self.petitioner.with_user(self.user_jijian).export_data(["id_number"])
        self.assertEqual(rows["datas"], [["11010519491231002X"]])

    def test_petitioner_exports_are_masked_at_any_depth(self):
        # Export lets a user walk relations: the person behind a repeat petition's original, or
        # behind an assignment's petition, must come out masked too.
        first = self.registered()
        repeat = self.registered()
        self.assertEqual(repeat.original_id, first)
        rows = repeat.with_user(self.user_staff).export_data(
            ["original_id/petitioner_id/id_number", "original_id/petitioner_id/phone"])
        self.assertEqual(rows["datas"], [["1101**********002X", "138****8000"]])
        first.action_accept()
        assignment = self.assign(first)
        rows = assignment.with_user(self.user_staff).export_data(
            ["petition_id/petitioner_id/id_number", "petition_id/representative_ids/phone"])
        self.assertEqual(rows["datas"][0][0], "1101**********002X")
