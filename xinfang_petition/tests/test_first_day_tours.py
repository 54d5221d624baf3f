"""A clerk's first day: where users land, what the petition list shows, registering a walk-in."""

from datetime import date

from lxml import etree

from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import XinfangCase, load_migration, resident_id


@tagged("post_install", "-at_install")
class TestHomeAction(XinfangCase):
    """Users of the petition groups open the petition app; others keep Odoo's default (Discuss)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.petitions = cls.env.ref("xinfang_petition.action_xinfang_petition")
        # with xinfang_supervision the app's first page is the start page of the day (mediators keep the list)
        cls.office_home = cls.env.ref("xinfang_supervision.action_xinfang_workbench", raise_if_not_found=False) \
            or cls.petitions

    def test_new_staff_and_mediator_land_in_the_app(self):
        user = new_test_user(self.env, login="xf_first_day", groups="xinfang_petition.group_xinfang_staff")
        self.assertEqual(user.action_id.id, self.office_home.id)
        self.assertEqual(self.user_mediator.action_id.id, self.petitions.id)
        self.assertEqual(self.user_handler.action_id.id, self.office_home.id)

    def test_other_users_keep_odoo_default(self):
        self.assertFalse(self.user_plain.action_id)
        portal = new_test_user(self.env, login="xf_first_day_portal", groups="base.group_portal")
        self.assertFalse(portal.action_id)

    def test_finance_lands_in_the_app_not_on_the_petitions(self):
        self.assertNotEqual(self.user_finance.action_id.id, self.petitions.id)
        budget = self.env.ref("xinfang_supervision.action_xinfang_budget", raise_if_not_found=False)
        if budget:
            self.assertEqual(self.user_finance.action_id.id, budget.id)

    def test_gaining_a_petition_group_sets_the_home(self):
        staff = self.env.ref("xinfang_petition.group_xinfang_staff")
        by_user_form = new_test_user(self.env, login="xf_first_day_a", groups="base.group_user")
        by_group_form = new_test_user(self.env, login="xf_first_day_b", groups="base.group_user")
        by_user_form.write({"group_ids": [Command.link(staff.id)]})
        staff.write({"user_ids": [Command.link(by_group_form.id)]})
        self.assertEqual(by_user_form.action_id.id, self.office_home.id)
        self.assertEqual(by_group_form.action_id.id, self.office_home.id)

    def test_a_chosen_home_is_kept(self):
        discuss = self.env.ref("mail.action_discuss")
        user = new_test_user(self.env, login="xf_first_day_c", groups="base.group_user")
        user.action_id = discuss.id
        user.write({"group_ids": [Command.link(self.env.ref("xinfang_petition.group_xinfang_staff").id)]})
        self.assertEqual(user.action_id.id, discuss.id)

    def test_clerks_get_no_apps_store(self):
        apps = self.env.ref("base.menu_management")
        Menu = self.env["ir.ui.menu"]
        for user in (self.user_staff, self.user_handler, self.user_mediator, self.user_finance):
            self.assertNotIn(apps.id, Menu.with_user(user).load_menus(False), user.login)
        # others keep Odoo's menu (base_install_request opens the Apps store to every internal user)
        if not apps.group_ids:
            self.assertIn(apps.id, Menu.with_user(self.user_plain).load_menus(False))
        admin = self.env.ref("base.user_admin")
        self.assertIn(apps.id, Menu.with_user(admin).load_menus(False))

    def test_migration_gives_existing_users_the_home(self):
        self.user_staff.action_id = False
        self.user_plain.action_id = False
        load_migration("19.0.1.2.0", "end-home_action").migrate(self.env.cr, "19.0.1.1.0")
        self.assertEqual(self.user_staff.action_id.id, self.office_home.id)
        self.assertFalse(self.user_plain.action_id)


@tagged("post_install", "-at_install")
class TestPetitionListAndForm(XinfangCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        committees = cls.env["hr.department"].create({"name": "Village Committees"})
        cls.village_c = cls.env["hr.department"].create({
            "name": "Stone Village", "parent_id": committees.id, "xinfang_unit_type": "village", "population": 900})

    def _list_cell(self, petition, fname, user):
        """The value the list view shows for ``fname``: the field's spec as the web client builds it."""
        Petition = self.env["xinfang.petition"].with_user(user)
        arch = Petition.get_views([(False, "list")])["views"]["list"]["arch"]
        node = etree.fromstring(arch).xpath(f"//field[@name='{fname}']")[0]
        spec = {fname: {"fields": {"display_name": {}}}}
        if node.get("context"):
            spec[fname]["context"] = safe_eval(node.get("context"), {"uid": user.id})
        result = Petition.web_search_read([("id", "=", petition.id)], spec)
        return result["records"][0][fname]

    def test_list_village_column_shows_the_village_own_name(self):
        petition = self.new_petition(village_id=self.village_c.id)
        self.assertEqual(self.village_c.display_name, "Village Committees / Stone Village")
        self.assertEqual(self._list_cell(petition, "village_id", self.user_staff)["display_name"], "Stone Village")

    def test_list_shows_the_first_day_columns(self):
        arch = self.env["xinfang.petition"].get_views([(False, "list")])["views"]["list"]["arch"]
        shown = [node.get("name") for node in etree.fromstring(arch).xpath("//field")
                 if node.get("optional") != "hide" and node.get("column_invisible") not in ("True", "1")]
        for fname in ("name", "registration_date", "channel", "subject", "category_id", "village_id", "state",
                      "current_deadline", "handler_id"):
            self.assertIn(fname, shown)
        self.assertNotIn("lead_unit_id", shown, "not one of the first-day columns: optional, hidden")

    def test_handlers_menu_shows_the_petitions_assigned_to_them(self):
        colleague = self.env["hr.employee"].create({
            "name": "Colleague", "department_id": self.unit_land.id, "xinfang_role": "handler",
            "user_id": new_test_user(self.env, login="xf_colleague",
                                     groups="xinfang_petition.group_xinfang_handler").id,
        })
        mine = self.handling(subject="Mine")
        theirs = self.accepted(subject="Theirs")
        self.assign(theirs, handler=colleague)
        action = self.env.ref("xinfang_petition.action_xinfang_petition_my_assigned")
        self.assertEqual(action.res_model, "xinfang.petition")
        domain = safe_eval(action.domain, {"uid": self.user_handler.id})
        Petition = self.env["xinfang.petition"].with_user(self.user_handler)
        self.assertEqual(Petition.search(domain), mine)
        # the handler reads the colleague's petition of the own unit, just not in this menu
        self.assertIn(theirs, Petition.search([("id", "in", (mine | theirs).ids)]))
        menu = self.env.ref("xinfang_petition.menu_xinfang_petition_my_assigned")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.user_handler)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.user_mediator)._visible_menu_ids())

    def test_petitioner_village_is_copied_to_the_petition(self):
        form = Form(self.env["xinfang.petition"].with_user(self.user_staff))
        self.assertFalse(form.village_id)
        form.petitioner_id = self.petitioner_b
        self.assertEqual(form.village_id, self.village_b)
        # a village already chosen is the clerk's: kept
        form = Form(self.env["xinfang.petition"].with_user(self.user_staff))
        form.village_id = self.village_c
        form.petitioner_id = self.petitioner_b
        self.assertEqual(form.village_id, self.village_c)

    def test_mediator_village_defaults_to_the_own_village(self):
        form = Form(self.env["xinfang.petition"].with_user(self.user_mediator))
        self.assertEqual(form.village_id, self.village_a)
        form = Form(self.env["xinfang.petition"].with_user(self.user_staff))
        self.assertFalse(form.village_id)

    def test_new_petitioner_dialog_asks_name_id_phone_village(self):
        view = self.env.ref("xinfang_petition.xinfang_petitioner_view_form_quick")
        form = Form(self.env["xinfang.petitioner"].with_user(self.user_staff), view=view)
        form.name = "王五"
        form.id_number = resident_id("44030519900101001")
        form.phone = "13900139000"
        form.village_id = self.village_c
        person = form.save()
        self.assertRecordValues(person, [{"village_id": self.village_c.id, "phone": "13900139000"}])
        # the full form stays the default
        self.assertNotEqual(self.env["xinfang.petitioner"].get_views([(False, "form")])["views"]["form"]["id"],
                            view.id)

    def test_no_form_tab_is_named_like_a_state(self):
        arch = self.env["xinfang.petition"].get_views([(False, "form")])["views"]["form"]["arch"]
        pages = {page.get("string") for page in etree.fromstring(arch).xpath("//page")}
        states = {label for _value, label in self.env["xinfang.petition"]._fields["state"].selection}
        self.assertFalse(pages & states)

    def test_month_groups_read_year_then_month_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.new_petition(registration_date=date(2026, 1, 10))
        Petition = self.env["xinfang.petition"]
        domain = [("registration_date", "=", date(2026, 1, 10))]
        for lang, month, quarter in (("zh_CN", "2026年1月", "2026年第1季度"), ("en_US", "January 2026", "Q1 2026")):
            groups = Petition.with_context(lang=lang).formatted_read_group(
                domain, ["registration_date:month", "registration_date:quarter"], ["__count"])
            self.assertEqual(groups[0]["registration_date:month"][1], month)
            self.assertEqual(groups[0]["registration_date:quarter"][1], quarter)


@tagged("post_install", "-at_install")
class TestFirstDayTour(HttpCase):
    """A clerk registers a walk-in petition with a new petitioner in at most 10 clicks (the tour counts)."""

    def test_walk_in_with_a_new_petitioner(self):
        staff = new_test_user(self.env, login="xf_first_day_clerk", password="xf_first_day_clerk",
                              groups="xinfang_petition.group_xinfang_staff", name="First Day Clerk")
        committees = self.env["hr.department"].create({"name": "村（社区）委员会"})
        village = self.env["hr.department"].create({
            "name": "首日村", "parent_id": committees.id, "xinfang_unit_type": "village", "population": 800})
        # a register with people in it, as at any window: the petitioner dropdown lists them until the
        # clerk types a name, then offers to create the new one
        self.env["xinfang.petitioner"].create({"name": "老住户", "village_id": village.id})
        self.start_tour("/odoo", "xinfang_first_day_registration_tour", login=staff.login)
        petition = self.env["xinfang.petition"].search([("subject", "=", "宅基地界址纠纷（首日）")])
        self.assertRecordValues(petition, [{
            "state": "to_accept", "channel": "visit", "village_id": village.id, "registered_by_id": staff.id,
            "category_id": self.env.ref("xinfang_petition.category_land_acquisition").id,
        }])
        self.assertRecordValues(petition.petitioner_id, [{
            "name": "首日来访人", "id_number": "11010519491231002X", "phone": "13800138000", "village_id": village.id,
        }])
