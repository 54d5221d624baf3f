from lxml import etree

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from ..models.hr_department import OFFICE_ROLES
from .common import XinfangCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestHrRouting(XinfangCase):
    """Routing by jurisdiction, handler roles, smart-button counts and the staffing check."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        # The township's own roster (demo database) must not decide which unit is the petition office.
        Employee.search([("xinfang_role", "in", OFFICE_ROLES)]).xinfang_role = False
        cls.category.default_unit_id = cls.unit_land
        cls.category_acquisition = cls.env.ref("xinfang_petition.category_land_acquisition")
        Category = cls.env["xinfang.category"]
        cls.category_village = Category.create({"name": "Neighbourhood Matters", "village_solvable": True})
        cls.category_boundary = Category.create({"name": "Field Boundaries", "parent_id": cls.category_village.id})
        cls.category_other = Category.create({"name": "Unclassified Matters"})
        cls.office = cls.env["hr.department"].create({"name": "Petition Office", "xinfang_unit_type": "office"})
        cls.director = Employee.create({
            "name": "Office Director", "department_id": cls.office.id, "xinfang_role": "office_director",
        })
        cls.office_staff = Employee.create({
            "name": "Office Clerk", "department_id": cls.office.id, "xinfang_role": "staff",
            "user_id": cls.user_staff.id,
        })
        cls.mediator = cls.user_mediator.employee_ids[:1]

    def _employee_with_user(self, login, unit, role="handler"):
        user = new_test_user(self.env, login=login, groups="xinfang_petition.group_xinfang_handler", name=login)
        return self.env["hr.employee"].create({
            "name": login, "user_id": user.id, "department_id": unit.id, "xinfang_role": role,
        })

    # --- the proposal --------------------------------------------------------------------------
    def test_land_petition_goes_to_the_unit_in_charge(self):
        """谁主管谁负责: the subcategory inherits the land office from its parent; the village co-handles."""
        petition = self.accepted(category_id=self.category_acquisition.id)
        proposal = petition.with_user(self.user_staff)._get_routing_proposal()
        self.assertEqual(proposal["rule"], "category")
        self.assertEqual(proposal["lead_unit"], self.unit_land)
        self.assertEqual(proposal["co_units"], self.village_a)
        self.assertEqual(proposal["handler"], self.handler)

        # A unit set on the subcategory itself wins over the parent's.
        self.category_acquisition.default_unit_id = self.unit_social
        proposal = petition._get_routing_proposal()
        self.assertEqual(proposal["lead_unit"], self.unit_social)
        self.assertEqual(proposal["handler"], self.handler_social)

    def test_village_solvable_matter_stays_in_the_village(self):
        """属地管理: a matter the village can solve is led by its committee and handled by its mediator."""
        petition = self.accepted(category_id=self.category_boundary.id)
        proposal = petition.with_user(self.user_staff)._get_routing_proposal()
        self.assertEqual(proposal["rule"], "village")
        self.assertEqual(proposal["lead_unit"], self.village_a)
        self.assertFalse(proposal["co_units"], "a village committee leading has no village co-unit")
        self.assertEqual(proposal["handler"], self.mediator)

        # The same matter without a village, or of a category not solvable there, goes to the office.
        no_village = self.accepted(category_id=self.category_boundary.id, village_id=False)
        self.assertEqual(no_village._get_routing_proposal()["lead_unit"], self.office)
        self.category_village.village_solvable = False
        self.assertEqual(petition._get_routing_proposal()["rule"], "office")

    def test_fallback_to_the_petition_office(self):
        petition = self.accepted(category_id=self.category_other.id)
        proposal = petition.with_user(self.user_staff)._get_routing_proposal()
        self.assertEqual(proposal["rule"], "office")
        self.assertEqual(proposal["lead_unit"], self.office)
        self.assertEqual(proposal["co_units"], self.village_a)
        self.assertEqual(proposal["handler"], self.office_staff, "office staff handle what the office leads")

        # Without a director, the staff's unit is still the office; with no office roles at all,
        # nothing is proposed.
        self.director.xinfang_role = False
        self.assertEqual(petition._get_routing_proposal()["lead_unit"], self.office)
        self.office_staff.xinfang_role = False
        self.assertFalse(petition._get_routing_proposal()["lead_unit"])
        self.assertFalse(petition._get_routing_proposal()["rule"])

    def test_handler_with_fewest_open_petitions(self):
        second = self._employee_with_user("xf_land2", self.unit_land)
        self.assign(self.accepted(), handler=self.handler)
        self.assign(self.accepted(), handler=self.handler)
        petition = self.accepted()
        self.assertEqual(petition._get_routing_proposal()["handler"], second)

        seconds = self.env["xinfang.petition"]
        for _i in range(3):
            seconds |= self.accepted()
            self.assign(seconds[-1], handler=second)
        self.assertEqual(petition._get_routing_proposal()["handler"], self.handler)

        # Closed petitions no longer count: 2 open against 1.
        for done in seconds[:2]:
            done.action_reply("support", "<p>Paid.</p>")
            done.action_record_follow_up("satisfied", "ok")
            done.action_close("Paid")
        self.assertEqual(petition._get_routing_proposal()["handler"], second)

        # The workload is read in one grouped query: the cost does not grow with the candidates.
        as_staff = petition.with_user(self.user_staff)

        def count_queries():
            as_staff._get_routing_handler(self.unit_land)  # warm the access-rule caches
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            as_staff._get_routing_handler(self.unit_land)
            return self.env.cr.sql_log_count - before

        few = count_queries()
        for index in range(5):
            self._employee_with_user(f"xf_land_extra{index}", self.unit_land)
        self.assertEqual(count_queries(), few)
        self.assertLessEqual(few, 8)

    def test_handler_fallbacks(self):
        water = self.env["hr.department"].create({"name": "Water Office", "xinfang_unit_type": "office"})
        petition = self.accepted()
        self.assertFalse(petition._get_routing_handler(water), "no handler and no manager: nobody")
        head = self.env["hr.employee"].create({"name": "Water Head", "department_id": water.id})
        water.manager_id = head
        self.assertFalse(petition._get_routing_handler(water), "a manager without a user cannot handle")
        head.user_id = new_test_user(self.env, login="xf_water_head", name="Water Head")
        self.assertEqual(petition._get_routing_handler(water), head)

    # --- the assignment step: proposal as defaults, overrides need a reason ---------------------
    def _assign_form(self, petition):
        action = petition.with_user(self.user_staff).with_context(xinfang_step="assign").action_open_step_wizard()
        return Form(self.env["xinfang.petition.step"].with_user(self.user_staff).with_context(**action["context"]))

    def test_wizard_defaults_follow_the_proposal(self):
        petition = self.accepted()
        form = self._assign_form(petition)
        self.assertEqual(form.lead_unit_id, self.unit_land)
        self.assertEqual(form.handler_id, self.handler)
        self.assertEqual(form.co_unit_ids.ids, self.village_a.ids)
        self.assertFalse(form.is_routing_override)
        form.save().action_apply()
        assignment = petition.assignment_ids
        self.assertRecordValues(assignment, [{
            "lead_unit_id": self.unit_land.id, "handler_id": self.handler.id,
            "proposed_unit_id": self.unit_land.id, "proposed_handler_id": self.handler.id,
            "is_routing_override": False, "override_reason": False, "state": "confirmed",
        }])
        self.assertEqual(petition.co_unit_ids, self.village_a)

        # Choosing another unit proposes that unit's handler and asks for a reason.
        form = self._assign_form(self.accepted())
        form.lead_unit_id = self.unit_social
        self.assertEqual(form.handler_id, self.handler_social)
        self.assertTrue(form.is_routing_override)

    def test_override_without_reason_refused_with_reason_stored(self):
        petition = self.accepted()
        Step = self.env["xinfang.petition.step"].with_user(self.user_staff)
        values = {
            "step": "assign", "petition_id": petition.id,
            "lead_unit_id": self.unit_social.id, "handler_id": self.handler_social.id,
        }
        with self.assertRaises(ValidationError) as catcher:
            Step.create(values).action_apply()
        self.assertIn("give the reason", str(catcher.exception))
        self.assertFalse(petition.assignment_ids)

        # Same unit, another handler: an override too.
        second = self._employee_with_user("xf_land2", self.unit_land)
        with self.assertRaises(ValidationError):
            Step.create({**values, "lead_unit_id": self.unit_land.id, "handler_id": second.id}).action_apply()

        Step.create({**values, "override_reason": "The social office knows the family."}).action_apply()
        self.assertRecordValues(petition.assignment_ids, [{
            "lead_unit_id": self.unit_social.id, "proposed_unit_id": self.unit_land.id,
            "proposed_handler_id": self.handler.id, "is_routing_override": True,
            "override_reason": "The social office knows the family.",
        }])
        self.assertEqual(petition.lead_unit_id, self.unit_social)

        # The rule lives on the assignment, whoever creates it.
        with self.assertRaises(ValidationError):
            petition.assignment_ids.write({"override_reason": " "})

    # --- employees ---------------------------------------------------------------------------
    def test_handler_role_requires_a_user(self):
        Employee = self.env["hr.employee"]
        with self.assertRaises(ValidationError) as catcher:
            Employee.create({"name": "Paper Clerk", "department_id": self.unit_land.id, "xinfang_role": "handler"})
        self.assertIn("no user account", str(catcher.exception))
        self.assertIn("cannot be a handler: link a user first", str(catcher.exception))
        clerk = Employee.create({"name": "Paper Clerk", "department_id": self.unit_land.id, "xinfang_role": "staff"})
        with self.assertRaises(ValidationError):
            clerk.xinfang_role = "handler"
        with self.assertRaises(ValidationError):
            self.handler.user_id = False
        clerk.user_id = new_test_user(self.env, login="xf_paper", name="Paper Clerk")
        clerk.xinfang_role = "handler"
        self.assertEqual(clerk.xinfang_role, "handler")

    # --- smart buttons -------------------------------------------------------------------------
    def test_smart_button_counts(self):
        Department = self.env["hr.department"]
        departments = Department.create([
            {"name": f"Unit {index:02d}", "xinfang_unit_type": "office"} for index in range(20)
        ])
        late = self.accepted()
        self.assign(late, co_unit_ids=[Command.set(departments[:2].ids)])
        self.assign(self.accepted(), co_unit_ids=[Command.set(departments[:1].ids)])
        with freeze_time("2026-06-01"):
            late._refresh_deadline_status()
        self.assertEqual(late.deadline_status, "overdue")

        units = (departments | self.unit_land).with_user(self.user_staff)
        self.assertEqual(units[0].xinfang_open_petition_count, 2)
        self.assertEqual(units[0].xinfang_overdue_petition_count, 1)
        self.assertEqual(units[1].xinfang_open_petition_count, 1)
        self.assertEqual(units[2].xinfang_open_petition_count, 0)
        self.assertEqual(units[-1].xinfang_open_petition_count, 2)
        self.assertEqual(units[-1].xinfang_overdue_petition_count, 1)
        handler = self.handler.with_user(self.user_staff)
        self.assertEqual((handler.xinfang_open_petition_count, handler.xinfang_overdue_petition_count), (2, 1))
        public = self.env["hr.employee.public"].with_user(self.user_staff).browse(self.handler.id)
        self.assertEqual(public.xinfang_open_petition_count, 2)

        # One grouped query per batch (lead units, co-units): 21 departments cost what 1 does.
        self.env.invalidate_all()
        with self.assertQueryCount(2):
            units.mapped("xinfang_open_petition_count")
        self.env.invalidate_all()
        with self.assertQueryCount(2):
            units[:1].mapped("xinfang_open_petition_count")
        self.env.invalidate_all()
        employees = (self.handler | self.handler_social).with_user(self.user_staff)
        with self.assertQueryCount(1):
            employees.mapped("xinfang_overdue_petition_count")

        # The buttons open what they count.
        action = units[0].with_context(xinfang_overdue=True).action_open_xinfang_petitions()
        self.assertEqual(self.env["xinfang.petition"].search(action["domain"]), late)
        action = handler.action_open_xinfang_petitions()
        self.assertEqual(len(self.env["xinfang.petition"].search(action["domain"])), 2)

    def test_hr_officer_without_petition_rights_opens_the_forms(self):
        hr_user = new_test_user(self.env, login="xf_hr_officer", groups="hr.group_hr_user", name="HR Officer")
        for model, record in (("hr.department", self.unit_land), ("hr.employee", self.handler)):
            views = self.env[model].with_user(hr_user).get_views([(False, "form")])
            arch = etree.fromstring(views["views"]["form"]["arch"])
            names = {node.get("name") for node in arch.iter("field")}
            self.assertNotIn("xinfang_open_petition_count", names)
            self.assertNotIn("action_open_xinfang_petitions", {node.get("name") for node in arch.iter("button")})
            spec = {name: {} for name in names if name in views["models"][model]["fields"]
                    and views["models"][model]["fields"][name]["type"] not in ("one2many", "many2many")}
            record.with_user(hr_user).web_read(spec)
        # Petition staff see the buttons.
        views = self.env["hr.department"].with_user(self.user_director).get_views([(False, "form")])
        self.assertIn("xinfang_open_petition_count", views["views"]["form"]["arch"])

    # --- staffing check ------------------------------------------------------------------------
    def _check(self):
        """{(rule, department): line} of a fresh check, run by the office director (no HR rights)."""
        Check = self.env["xinfang.staffing.check"].with_user(self.user_director)
        action = Check.action_open_staffing_check()
        lines = Check.search(action["domain"])
        return {(line.rule, line.department_id): line for line in lines}

    def test_staffing_gaps_then_ok(self):
        Employee = self.env["hr.employee"]
        self.director.xinfang_role = False
        extra = Employee.create([
            {"name": f"Office Clerk {index}", "department_id": self.office.id, "xinfang_role": "staff"}
            for index in range(2)
        ])
        lines = self._check()
        # Without its director the office is still known by its staff.
        self.assertEqual(lines["office_director", self.office].status, "missing")
        self.assertFalse(lines["office_director", self.office].employee_ids)
        self.assertEqual(lines["office_deputy", self.office].status, "missing")
        staff_line = lines["office_staff", self.office]
        self.assertEqual((staff_line.status, staff_line.count, staff_line.expected), ("too_many", 3, "1–2"))
        self.assertEqual(staff_line.employee_ids, self.office_staff | extra)
        self.assertEqual(lines["village_mediator", self.village_a].status, "ok")
        self.assertEqual(lines["village_mediator", self.village_a].employee_ids, self.mediator)
        self.assertEqual(lines["village_mediator", self.village_b].status, "missing")

        self.director.xinfang_role = "office_director"
        Employee.create({"name": "Deputy", "department_id": self.office.id, "xinfang_role": "office_deputy"})
        extra[0].xinfang_role = False
        Employee.create({"name": "West Mediator", "department_id": self.village_b.id, "xinfang_role": "mediator",
                         "xinfang_village_id": self.village_b.id})
        lines = self._check()
        for rule in ("office_director", "office_deputy", "office_staff"):
            self.assertEqual(lines[rule, self.office].status, "ok", rule)
        self.assertEqual(lines["village_mediator", self.village_b].status, "ok")

        # The menu's server action rebuilds the check for the director.
        server_action = self.env.ref("xinfang_petition.action_server_xinfang_staffing_check")
        action = server_action.with_user(self.user_director).run()
        self.assertEqual(action["res_model"], "xinfang.staffing.check")
        self.assertTrue(self.env["xinfang.staffing.check"].with_user(self.user_director).search(action["domain"]))

        # The limits are settings of the township, not constants.
        self.env["ir.config_parameter"].set_param("xinfang_petition.staffing_staff_max", "1")
        self.assertEqual(self._check()["office_staff", self.office].status, "too_many")
