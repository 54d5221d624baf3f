"""The start page (今日工作台): each role's figures, the records behind each click, a constant query count."""

from datetime import date, datetime, timedelta

from odoo.addons.xinfang_petition.tests.common import load_migration
from odoo.tests import freeze_time, new_test_user, tagged

from .common_leader import LeaderCase

TODAY = date(2026, 3, 2)  # a Monday; 08:00 UTC is 16:00 in the township (Asia/Shanghai)
NOW = datetime(2026, 3, 2, 8, 0, 0)
WORKBENCH = "xinfang_supervision.action_xinfang_workbench"


@tagged("post_install", "-at_install")
class TestWorkbench(LeaderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Workbench = cls.env["xinfang.workbench"]

    # --- fixtures --------------------------------------------------------------------------------
    def _handling_since(self, day, handler=None, **vals):
        """A petition accepted and assigned on ``day``: its handling clock ends 60 days later."""
        with freeze_time(day):
            petition = self.accepted(**vals)
            self.assign(petition, handler=handler)
        return petition

    def _township(self):
        """Overdue in both units and one not assigned yet, due soon in the land office, one on track."""
        land_late = self._handling_since(date(2025, 12, 1), subject="Land late")
        social_late = self._handling_since(date(2025, 12, 1), handler=self.handler_social, subject="Social late")
        land_soon = self._handling_since(date(2026, 1, 1), subject="Land soon")
        on_track = self._handling_since(date(2026, 2, 20), subject="On track")
        with freeze_time(date(2026, 2, 2)):
            unaccepted = self.registered(subject="Never accepted")
        with freeze_time(date(2025, 12, 1)):
            replied = self.replied(subject="Replied")
        self.assertEqual(land_soon.current_deadline, TODAY, "due today: due soon, not overdue")
        self.assertGreater(on_track.current_deadline, TODAY + timedelta(days=3))
        self.assertLess(unaccepted.current_deadline, TODAY)
        self.assertFalse(replied.current_deadline, "no clock runs once replied")
        return land_late, social_late, land_soon, unaccepted

    def _today(self, user):
        with freeze_time(NOW):
            return self.Workbench.with_user(user).get_today()

    def _records(self, target, user):
        return self.env[target["res_model"]].with_user(user).search(target["domain"])

    # --- petitions due and overdue -----------------------------------------------------------------
    def test_staff_see_every_unit_and_each_click_lists_exactly_the_count(self):
        land_late, social_late, land_soon, unaccepted = self._township()
        deadlines = self._today(self.user_staff)["deadlines"]
        self.assertEqual((deadlines["overdue"], deadlines["due_soon"], deadlines["near_days"]), (3, 1, 3))
        units = {row["unit_id"]: row for row in deadlines["units"]}
        self.assertEqual(set(units), {self.unit_land.id, self.unit_social.id, False})
        self.assertEqual((units[self.unit_land.id]["overdue"], units[self.unit_land.id]["due_soon"]), (1, 1))
        self.assertEqual((units[self.unit_social.id]["overdue"], units[self.unit_social.id]["due_soon"]), (1, 0))
        self.assertEqual(units[False]["overdue"], 1)
        self.assertEqual(units[False]["name"], "Not assigned yet")

        self.assertEqual(self._records(deadlines["action_overdue"], self.user_staff),
                         land_late | social_late | unaccepted)
        self.assertEqual(self._records(deadlines["action_due_soon"], self.user_staff), land_soon)
        self.assertEqual(self._records(units[self.unit_land.id]["action_overdue"], self.user_staff), land_late)
        self.assertEqual(self._records(units[self.unit_land.id]["action_due_soon"], self.user_staff), land_soon)
        self.assertEqual(self._records(units[self.unit_social.id]["action_overdue"], self.user_staff), social_late)
        self.assertEqual(self._records(units[False]["action_overdue"], self.user_staff), unaccepted)
        self.assertEqual(deadlines["action_overdue"]["res_model"], "xinfang.petition")

    def test_handler_counts_only_what_the_record_rules_show(self):
        land_late, _social_late, land_soon, _unaccepted = self._township()
        deadlines = self._today(self.user_handler)["deadlines"]
        self.assertEqual((deadlines["overdue"], deadlines["due_soon"]), (1, 1))
        self.assertEqual([row["unit_id"] for row in deadlines["units"]], [self.unit_land.id])
        self.assertEqual(self._records(deadlines["action_overdue"], self.user_handler), land_late)
        self.assertEqual(self._records(deadlines["action_due_soon"], self.user_handler), land_soon)
        social = self._today(self.user_handler_social)["deadlines"]
        self.assertEqual((social["overdue"], social["due_soon"]), (1, 0))

    def test_no_petition_due_says_so(self):
        deadlines = self._today(self.user_staff)["deadlines"]
        self.assertEqual((deadlines["overdue"], deadlines["due_soon"], deadlines["units"]), (0, 0, []))

    # --- my activities -------------------------------------------------------------------------------
    def test_my_activities_due_are_the_handlers_own(self):
        land_late, _social_late, land_soon, _unaccepted = self._township()
        mine = self.env["mail.activity"].search([("user_id", "=", self.user_handler.id)])
        due = mine.filtered(lambda a: a.date_deadline <= TODAY)
        self.assertLess(len(due), len(mine), "the on-track petition's activity is not due yet")
        self.assertEqual(due.filtered(lambda a: a.res_model == "xinfang.petition").mapped("res_id"),
                         [land_late.id, land_soon.id])
        activities = self._today(self.user_handler)["activities"]
        self.assertEqual(activities["count"], len(due))
        self.assertEqual(activities["overdue"], len(due.filtered(lambda a: a.date_deadline < TODAY)))
        self.assertEqual(self._records(activities["action"], self.user_handler), due)
        self.assertEqual(self._records(activities["action_overdue"], self.user_handler),
                         due.filtered(lambda a: a.date_deadline < TODAY))
        self.assertEqual(len(activities["items"]), min(len(due), 5))
        first = activities["items"][0]
        self.assertEqual(first["date"], "2026-01-30")
        self.assertTrue(first["overdue"])
        self.assertIn(first["action"]["res_model"], ("xinfang.petition", "xinfang.assignment"))
        # another handler's activities are not mine
        social = self._today(self.user_handler_social)["activities"]
        self.assertTrue(social["count"])
        self.assertFalse(self._records(social["action"], self.user_handler_social) & due)

    # --- approvals ---------------------------------------------------------------------------------
    def test_leader_sees_the_approvals_waiting_for_them(self):
        self.env.ref("xinfang_petition.tier_extension").write({
            "review_type": "individual", "reviewer_id": self.user_leader.id, "reviewer_group_id": False,
            "definition_domain": "[]",
        })
        with freeze_time(TODAY):
            petition = self.handling()
            extension = self.env["xinfang.extension"].with_user(self.user_staff).create(
                {"petition_id": petition.id, "days": 20, "reason": "Land survey needed"})
            extension.action_request()
        approvals = self._today(self.user_leader)["approvals"]
        self.assertEqual(approvals["count"], 1)
        self.assertEqual(self._records(approvals["action"], self.user_leader).extension_id, extension)
        self.assertEqual(self._today(self.user_deputy)["approvals"]["count"], 0, "not addressed to this leader")
        self.assertIsNone(self._today(self.user_staff)["approvals"], "staff have no approval inbox")
        self.assertIsNone(self._today(self.user_handler)["approvals"])

    # --- reception day -------------------------------------------------------------------------------
    def test_todays_reception_leader_time_and_place(self):
        Day = self.env["xinfang.reception.day"]
        Day.create({"date": TODAY, "leader_id": self.principal.id, "time_from": 8.5, "time_to": 11.5,
                    "place": "Reception Hall", "published": True})
        Day.create({"date": TODAY + timedelta(days=1), "leader_id": self.deputy.id, "place": "Room 2"})
        Day.create({"date": TODAY + timedelta(days=2), "leader_id": self.deputy2.id, "published": True})
        reception = self._today(self.user_staff)["reception"]
        self.assertEqual([(d["leader"], d["is_today"]) for d in reception["days"]],
                         [("Secretary Li", True), ("Deputy Wang", False)])
        self.assertEqual(reception["days"][0]["job"], "Party Secretary")
        self.assertEqual((reception["days"][0]["time_from"], reception["days"][0]["time_to"],
                          reception["days"][0]["place"]), ("08:30", "11:30", "Reception Hall"))
        self.assertEqual(len(self._records(reception["action"], self.user_staff)), 2)
        # a handler reads the published roster only: tomorrow's day is not announced yet
        handler_days = self._today(self.user_handler)["reception"]["days"]
        self.assertEqual([d["leader"] for d in handler_days], ["Secretary Li"])

    def test_no_reception_day_is_an_empty_list(self):
        self.assertEqual(self._today(self.user_staff)["reception"]["days"], [])

    # --- collective visits ---------------------------------------------------------------------------
    def _visit(self, minutes_ago, **vals):
        notified = NOW - timedelta(minutes=minutes_ago)
        with freeze_time(notified):
            return self.env["xinfang.collective.visit"].with_user(self.user_staff).create({
                "subject": "Unpaid wages", "destination_level": "county", "head_count": 10,
                "notified_at": notified, "village_id": self.village_a.id, **vals,
            })

    def test_collective_visits_show_their_running_clock(self):
        waiting = self._visit(20)
        late = self._visit(90, subject="Late arrival")
        province = self._visit(10, destination_level="province", subject="To the province")
        closed = self._visit(5, head_count=3, subject="Back home")
        with freeze_time(NOW):
            closed.action_persuaded_back()
        visits = self._today(self.user_staff)["visits"]
        self.assertEqual(visits["count"], 3)
        items = {item["id"]: item for item in visits["items"]}
        self.assertEqual(set(items), {waiting.id, late.id, province.id})
        self.assertEqual((items[waiting.id]["clock"], items[waiting.id]["minutes_left"]), ("arrival", 40))
        self.assertEqual((items[late.id]["clock"], items[late.id]["minutes_left"]), ("arrival", -30))
        self.assertEqual((items[province.id]["clock"], items[province.id]["minutes_left"]), ("departure", 110))
        self.assertEqual(self._records(visits["action"], self.user_staff), waiting | late | province)
        self.assertIsNone(self._today(self.user_handler)["visits"], "handlers do not follow collective visits")

    # --- performance -------------------------------------------------------------------------------
    def test_query_count_does_not_grow_with_the_petitions(self):
        def count_queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._today(self.user_staff)
            return self.env.cr.sql_log_count - before

        self._handling_since(date(2025, 12, 1))
        self._today(self.user_staff)  # warm the caches (rules, settings, translations)
        one = count_queries()
        for index in range(29):
            self._handling_since(date(2025, 12, 1) + timedelta(days=index % 3), subject=f"Late {index}",
                                 handler=self.handler if index % 2 else self.handler_social)
        self.assertEqual(self._today(self.user_staff)["deadlines"]["overdue"], 30)
        self.env.invalidate_all()
        with self.assertQueryCount(one):
            self._today(self.user_staff)

    # --- who sees the page ---------------------------------------------------------------------------
    def test_menu_is_for_handlers_staff_and_leaders_not_mediators_or_finance(self):
        menu = self.env.ref("xinfang_supervision.menu_xinfang_workbench")
        Menu = self.env["ir.ui.menu"]
        for user in (self.user_handler, self.user_staff, self.user_leader, self.user_director):
            self.assertIn(menu.id, Menu.with_user(user).load_menus(False), user.login)
        for user in (self.user_mediator, self.user_finance, self.user_plain):
            self.assertNotIn(menu.id, Menu.with_user(user).load_menus(False), user.login)
        # finance may call the method but sees no petition, visit or approval figure
        finance = self._today(self.user_finance)
        self.assertIsNone(finance["deadlines"])
        self.assertIsNone(finance["visits"])
        self.assertIsNone(finance["approvals"])

    def test_the_start_page_is_the_home_of_new_office_users(self):
        workbench = self.env.ref(WORKBENCH)
        petitions = self.env.ref("xinfang_petition.action_xinfang_petition")
        staff = new_test_user(self.env, login="xf_today_staff", groups="xinfang_petition.group_xinfang_staff")
        self.assertEqual(staff.action_id.id, workbench.id)
        self.assertEqual(self.user_handler.action_id.id, workbench.id)
        self.assertEqual(self.user_leader.action_id.id, workbench.id)
        self.assertEqual(self.user_mediator.action_id.id, petitions.id, "mediators keep the petitions")
        self.assertNotEqual(self.user_finance.action_id.id, workbench.id)

    def test_migration_moves_the_default_home_and_keeps_chosen_ones(self):
        workbench = self.env.ref(WORKBENCH)
        petitions = self.env.ref("xinfang_petition.action_xinfang_petition")
        discuss = self.env.ref("mail.action_discuss")
        # the database as 19.0.1.2.0 left it: office users on the petition list
        (self.user_staff | self.user_handler | self.user_mediator).write({"action_id": petitions.id})
        self.user_leader.action_id = discuss.id
        load_migration("19.0.1.3.0", "end-workbench_home", addon="xinfang_supervision").migrate(
            self.env.cr, "19.0.1.2.0")
        self.assertEqual(self.user_staff.action_id.id, workbench.id)
        self.assertEqual(self.user_handler.action_id.id, workbench.id)
        self.assertEqual(self.user_mediator.action_id.id, petitions.id)
        self.assertEqual(self.user_leader.action_id.id, discuss.id, "a home chosen by the user is kept")
