from datetime import date, datetime
from unittest.mock import patch

from odoo import fields
from odoo.addons.xinfang_petition.models.res_company import township_today
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import XinfangCase

INTAKE_PARAM = "xinfang_petition.online_intake_user_id"
# 16:25 UTC on 1 March is 00:25 on 2 March in Beijing (and still 1 March in Brussels and London)
LATE_EVENING_UTC = "2026-03-01 16:25:00"


@tagged("post_install", "-at_install")
class TestIntakeOwner(XinfangCase):
    """Who owns what arrives without an office user: the intake user, never the administrator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.Petition = cls.env["xinfang.petition"]

    def set_intake(self, user):
        self.env["ir.config_parameter"].sudo().set_param(INTAKE_PARAM, str(user.id) if user else "")

    def test_resolver_fallbacks(self):
        self.assertIn(self.env.ref("xinfang_petition.group_xinfang_staff"), self.admin.all_group_ids,
                      "admin is a director, so a staff member, with the lowest id")
        self.set_intake(None)
        self.assertEqual(self.Petition._get_online_intake_user(), self.user_staff, "the first staff member by id")
        self.set_intake(self.user_leader)
        self.assertEqual(self.Petition._get_online_intake_user(), self.user_leader, "the configured user")
        for unfit in (self.admin, self.user_mediator, self.user_plain, self.user_finance):
            with self.subTest(configured=unfit.login):
                self.set_intake(unfit)
                self.assertEqual(self.Petition._get_online_intake_user(), self.user_staff)
        self.set_intake(self.user_leader)
        self.user_leader.active = False
        self.assertEqual(self.Petition._get_online_intake_user(), self.user_staff, "an archived user is skipped")

        days = []

        def on_duty(petition_model, day):
            days.append(day)
            return self.user_director

        self.set_intake(None)
        with freeze_time(LATE_EVENING_UTC), patch.object(
                self.registry["xinfang.petition"], "_get_intake_user_on_duty", on_duty):
            self.assertEqual(self.Petition._get_online_intake_user(), self.user_director, "the staff member on duty")
            self.set_intake(self.user_staff)
            self.assertEqual(self.Petition._get_online_intake_user(), self.user_staff, "the setting comes first")
        self.assertEqual(days, [date(2026, 3, 2)], "on duty on the township's day")

        (self.user_staff | self.user_director).active = False
        self.assertEqual(self.Petition._get_online_intake_user(), self.admin,
                         "an office without any staff member: the administrator, so that petitions still arrive")

    def test_mediator_petition_is_accepted_by_the_office(self):
        self.set_intake(None)
        petition = self.Petition.with_user(self.user_mediator).create({
            "subject": "Irrigation channel blocked", "channel": "visit", "category_id": self.category.id,
            "village_id": self.village_a.id, "petitioner_id": self.petitioner.id,
        })
        petition.with_user(self.user_mediator).action_register()
        self.assertEqual(petition.registered_by_id, self.user_mediator)
        self.assertEqual(petition.activity_ids.user_id, self.user_staff, "not the mediator, who cannot accept")
        self.set_intake(self.user_leader)
        petition.activity_update()
        self.assertEqual(petition.activity_ids.user_id, self.user_leader, "the configured intake user")
        petition.with_user(self.user_leader).action_accept()
        self.assertEqual(petition.state, "accepted")

    def test_petitions_of_the_office_stay_with_their_registrant(self):
        self.set_intake(self.user_leader)
        petition = self.registered()
        self.assertEqual(petition.registered_by_id, self.user_staff)
        self.assertEqual(petition.activity_ids.user_id, self.user_staff)

    def test_admin_registered_petition_goes_to_the_office(self):
        self.set_intake(None)
        petition = self.Petition.with_user(self.admin).create({
            "subject": "Typed in by the system account", "channel": "letter", "category_id": self.category.id,
            "petitioner_id": self.petitioner.id,
        })
        petition.with_user(self.admin).action_register()
        self.assertEqual(petition.activity_ids.user_id, self.user_staff)
        # once accepted and handled, the handler acts
        petition.with_user(self.user_staff).action_accept()
        self.assign(petition)
        self.assertEqual(petition.activity_ids.user_id, self.user_handler)

    def test_odoobot_registered_petition_goes_to_the_office(self):
        """A petition registered by the system (a scheduled import runs as OdooBot) goes to the office."""
        self.set_intake(None)
        petition = self.Petition.create({
            "subject": "Imported by the scheduler", "channel": "letter", "category_id": self.category.id,
            "petitioner_id": self.petitioner.id,
        })
        petition.action_register()
        self.assertEqual(petition.registered_by_id, self.env.ref("base.user_root"))
        self.assertEqual(petition.activity_ids.user_id, self.user_staff)

    def test_setting_takes_only_office_staff(self):
        Settings = self.env["res.config.settings"]
        for unfit in (self.admin, self.user_mediator, self.user_plain):
            with self.subTest(user=unfit.login), self.assertRaises(ValidationError):
                Settings.create({"xinfang_intake_user_id": unfit.id})
        Settings.create({"xinfang_intake_user_id": self.user_leader.id}).execute()
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(INTAKE_PARAM), str(self.user_leader.id))
        self.assertEqual(self.Petition._get_online_intake_user(), self.user_leader)
        choices = self.env["res.users"].search(Settings._fields["xinfang_intake_user_id"]._description_domain(self.env))
        self.assertIn(self.user_staff, choices)
        self.assertNotIn(self.admin, choices)
        self.assertNotIn(self.user_mediator, choices)


@tagged("post_install", "-at_install")
class TestTownshipDates(XinfangCase):
    """Dates derived from a moment without a person's clock fall on the township's day."""

    @freeze_time(LATE_EVENING_UTC)
    def test_registration_date_without_a_client_time_zone(self):
        self.user_staff.tz = "Europe/Brussels"  # as OdooBot and admin in a fresh database
        petition = self.new_petition()
        self.assertEqual(petition.registration_date, date(2026, 3, 2))
        self.assertEqual(petition._today(), date(2026, 3, 2))
        petition.action_register()
        self.assertEqual(petition.acceptance_deadline, date(2026, 3, 17))

        # a user whose clock (browser, preferences) is elsewhere records the township's day too
        London = self.env["xinfang.petition"].with_user(self.user_staff).with_context(tz="Europe/London")
        self.assertEqual(London._today(), date(2026, 3, 2))
        self.assertEqual(London.create({
            "subject": "Typed in London", "channel": "letter", "category_id": self.category.id,
            "petitioner_id": self.petitioner.id}).registration_date, date(2026, 3, 2))
        step = self.env["xinfang.petition.step"].with_user(self.user_staff).with_context(tz="Europe/London")
        proposed = fields.Date.to_date(step.default_get(["date"])["date"])
        self.assertEqual(proposed, date(2026, 3, 2), "the date a step proposes")

        # the township's zone is a setting of the company
        self.env["res.config.settings"].create({"xinfang_tz": "Europe/London"}).execute()
        self.assertEqual(self.env.company.xinfang_tz, "Europe/London")
        self.assertEqual(self.new_petition().registration_date, date(2026, 3, 1))

    def test_portal_timeline_of_a_draft_is_dated_in_the_township(self):
        petition = self.new_petition()
        self.env.cr.execute("UPDATE xinfang_petition SET create_date = %s WHERE id = %s",
                            [datetime(2026, 3, 1, 16, 25), petition.id])
        self.env.invalidate_all()
        public = self.env.ref("base.public_user")
        [received] = petition.with_user(public).sudo()._portal_timeline()
        self.assertEqual(received["date"], date(2026, 3, 2))
        self.assertEqual(township_today(petition.with_context(tz="Europe/London"), petition.create_date),
                         date(2026, 3, 2), "whoever asks")

    def test_scheduled_jobs_run_in_the_township_time_zone(self):
        petition = self.registered()
        petition._step().write({"acceptance_deadline": date(2026, 3, 1), "deadline_status": "ok"})
        root = self.env.ref("base.user_root")
        root.tz = "Europe/Brussels"  # as in a fresh database: 1 March at 17:25 for OdooBot
        cron = self.env.ref("xinfang_petition.ir_cron_petition_deadlines").with_user(root)
        Server = self.registry["ir.actions.server"]
        original_run, seen = Server.run, []

        def run(actions):
            seen.append(actions.env.context.get("tz"))
            return original_run(actions)

        with freeze_time(LATE_EVENING_UTC), patch.object(Server, "run", run), \
                patch.object(self.env.cr, "commit", lambda: None):
            cron._callback(cron.name, cron.ir_actions_server_id.id)
        self.assertEqual(seen, ["Asia/Shanghai"])
        self.assertEqual(petition.deadline_status, "overdue", "1 March has passed in the township")

        other = self.env["ir.cron"].create({
            "name": "Not a petition job", "model_id": self.env.ref("base.model_res_partner").id,
            "state": "code", "code": "model.browse()",
        })
        self.assertFalse(other._xinfang_township_context().env.context.get("tz"), "other jobs are left alone")
