from datetime import timedelta

from odoo.tests import freeze_time, tagged

from .common import XinfangCase

TOOLS_LOGGER = "odoo.addons.xinfang_petition.tools"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 09:00:00")
class TestPetitionSettingsReader(XinfangCase):
    """The petition addon reads its settings through the one reader: a bad value typed into the technical
    parameters falls back to the shipped default, says so in the log, and never breaks a step or a cron."""

    def set_param(self, key, value):
        self.env["ir.config_parameter"].sudo().set_param(f"xinfang_petition.{key}", value)

    def test_bad_due_soon_horizon_keeps_three_days_and_the_cron_runs(self):
        petition = self.accepted()
        two_days_before = petition.current_deadline - timedelta(days=2)
        self.set_param("near_due_days", "1")
        with freeze_time(two_days_before):
            self.env["xinfang.petition"]._cron_deadline_check()
        self.assertEqual(petition.deadline_status, "ok", "a good value is read: due soon only 1 day before")
        self.set_param("near_due_days", "a week")
        with freeze_time(two_days_before), self.assertLogs(TOOLS_LOGGER, "WARNING") as logs:
            self.env["xinfang.petition"]._cron_deadline_check()
        self.assertIn("xinfang_petition.near_due_days", logs.output[0])
        self.assertEqual(petition.deadline_status, "near", "the default horizon (3 days) stands in for the bad value")

    def test_bad_weekend_setting_keeps_moving_deadlines(self):
        Deadline = self.env["xinfang.deadline"]
        self.set_param("deadline_roll_weekends", "no")
        self.assertFalse(Deadline._roll_weekends())
        self.set_param("deadline_roll_weekends", "maybe")
        with self.assertLogs(TOOLS_LOGGER, "WARNING"):
            self.assertTrue(Deadline._roll_weekends(), "an unreadable value reads as the default: on")

    def test_bad_staffing_bounds_fall_back(self):
        Check = self.env["xinfang.staffing.check"]
        self.set_param("staffing_staff_max", "three")
        with self.assertLogs(TOOLS_LOGGER, "WARNING") as logs:
            self.assertEqual(Check._get_staffing_param("staffing_staff_max", 2), 2)
        self.assertIn("xinfang_petition.staffing_staff_max", logs.output[0])
