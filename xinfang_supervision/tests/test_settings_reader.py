from datetime import date

from odoo import Command
from odoo.tests import freeze_time, tagged

from .common_meeting import MeetingCase

TOOLS_LOGGER = "odoo.addons.xinfang_petition.tools"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10 09:00:00")
class TestSettingsReader(MeetingCase):
    """One reader of the addon's settings: a good value is read, a bad one falls back to the default and is logged."""

    def set_param(self, key, value):
        self.env["ir.config_parameter"].sudo().set_param(f"xinfang_supervision.{key}", value)

    def test_meeting_days_bad_value_falls_back_and_the_cron_still_runs(self):
        self.set_param("routine_meeting_days", "15")
        self.assertEqual(self.Meeting._get_meeting_days("routine"), (15,), "a good value is read")
        self.set_param("routine_meeting_days", "10,32")
        with self.assertLogs(TOOLS_LOGGER, "WARNING") as logs:
            self.assertEqual(self.Meeting._get_meeting_days("routine"), (10, 25))
        self.assertIn("xinfang_supervision.routine_meeting_days", logs.output[0])
        self.set_param("meeting_horizon_days", "a month")
        with self.assertLogs(TOOLS_LOGGER, "WARNING"):
            self.Meeting._cron_schedule_meetings()
        routine = self.Meeting.search([("meeting_type", "=", "routine")], order="date")
        self.assertEqual(routine.mapped("planned_date"), [date(2026, 3, 10), date(2026, 3, 25)],
                         "the default days and horizon stand in for the bad values")

    def test_budget_settings_bad_value_falls_back(self):
        Budget = self.env["xinfang.budget"]
        self.set_param("budget_warning_percent", "80")
        self.set_param("budget_per_capita", "0.5")
        self.assertEqual((Budget._warning_percent(), Budget._default_per_capita_standard()), (80.0, 0.5))
        self.set_param("budget_warning_percent", "80%")
        self.set_param("budget_per_capita", "half a yuan")
        with self.assertLogs(TOOLS_LOGGER, "WARNING") as logs:
            self.assertEqual((Budget._warning_percent(), Budget._default_per_capita_standard()), (90.0, 0.30))
        self.assertEqual(len(logs.output), 2, "each bad parameter is named in the log")

    def test_assessment_parameters_bad_value_falls_back(self):
        self.set_param("assessment_weight_incidence", "25.0")
        self.set_param("assessment_local_max_level", "village")
        params = self.env["xinfang.assessment"]._get_params()
        self.assertEqual((params["weight_incidence"], params["local_max_level"]), (25, "village"))
        self.set_param("assessment_weight_incidence", "twenty")
        self.set_param("assessment_local_max_level", "county")
        with self.assertLogs(TOOLS_LOGGER, "WARNING") as logs:
            params = self.env["xinfang.assessment"]._get_params()
        self.assertEqual((params["weight_incidence"], params["local_max_level"]), (20, "township"))
        self.assertEqual(len(logs.output), 2)
        self.assertEqual(self.env["res.config.settings"].create({}).xinfang_assessment_local_max_level, "township",
                         "the settings form shows the value the formula uses")

    def test_supervision_office_bad_value_falls_back_to_the_leaders(self):
        leaders = self.Risk._get_supervision_users()
        self.assertIn(self.user_leader, leaders)
        director = self.env.ref("xinfang_petition.group_xinfang_director")
        self.set_param("supervision_group_id", str(director.id))
        office = self.Risk._get_supervision_users()
        self.assertIn(self.user_director, office)
        self.assertNotIn(self.user_leader, office)
        self.set_param("supervision_group_id", "director")
        with self.assertLogs(TOOLS_LOGGER, "WARNING"):
            self.assertEqual(self.Risk._get_supervision_users(), leaders)


@tagged("post_install", "-at_install")
class TestOverPlan(MeetingCase):
    """A budget line is over its plan when its costs exceed the plan: reaching the plan exactly is not over."""

    def test_over_plan_only_beyond_the_plan(self):
        plan = self.env["account.analytic.plan"].create({"name": "Petition Office"})
        account = self.env["account.analytic.account"].create({"name": "Petition Reception", "plan_id": plan.id})
        budget = self.env["xinfang.budget"].create({
            "fiscal_year": 2026, "per_capita_standard": 0.30, "amount": 3000.0,
            "line_ids": [Command.create({"purpose": "reception", "planned_amount": 1000.0,
                                         "analytic_account_id": account.id})],
        })
        line = budget.line_ids
        self.assertFalse(line._is_over_plan(), "no costs yet")
        self.assertFalse(line._is_over_plan(1000.0), "exactly the plan is within it")
        self.assertFalse(line._is_over_plan(1000.004), "below the currency's rounding")
        self.assertTrue(line._is_over_plan(1000.01))
        self.assertEqual(line._get_warning_level(), "none")
