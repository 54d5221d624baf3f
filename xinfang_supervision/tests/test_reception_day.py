import shutil
import subprocess
import unicodedata
from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common_leader import LeaderCase

# October 2026: National Day holidays 1-7 October, make-up working Saturday 10 October.
OCTOBER_2026_WORKING_DAYS = [date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)] + [
    date(2026, 10, day) for week in (12, 19, 26) for day in range(week, week + 5)
]


@freeze_time("2026-09-28")
class TestReceptionDay(LeaderCase):
    """领导接待日: one leader per day, published roster, gaps on working days, petitions linked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Day = cls.env["xinfang.reception.day"]

    def new_day(self, day, leader=None, user=None, **vals):
        return self.Day.with_user(user or self.user_staff).create({
            "date": day, "leader_id": (leader or self.deputy).id, "place": "Township Hall", **vals,
        })

    def test_one_reception_day_per_date(self):
        self.new_day("2026-10-08")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.new_day("2026-10-08", leader=self.deputy2)
        # an archived day frees its date
        self.Day.search([("date", "=", "2026-10-08")]).action_archive()
        self.assertTrue(self.new_day("2026-10-08", leader=self.deputy2))

    def test_leader_and_times_checked(self):
        with self.raises(ValidationError, "not a township leader"):
            self.new_day("2026-10-09", leader=self.handler)
        with self.raises(ValidationError, "ends after it starts"):
            self.new_day("2026-10-09", time_from=14.0, time_to=9.0)
        with self.raises(ValidationError, "ends after it starts"):
            self.new_day("2026-10-09", time_from=20.0, time_to=25.0)

    def test_gaps_of_october_2026_follow_the_holiday_calendar(self):
        self.assertEqual(len(OCTOBER_2026_WORKING_DAYS), 18)
        self.assertEqual(self.Day.get_gaps(2026, 10), OCTOBER_2026_WORKING_DAYS)
        self.new_day("2026-10-08")
        self.new_day("2026-10-10", leader=self.principal)  # the make-up Saturday needs a leader too
        self.new_day("2026-10-03")  # a holiday: fine, but it fills no gap
        gaps = self.Day.get_gaps(2026, 10)
        self.assertEqual(len(gaps), 16)
        self.assertNotIn(date(2026, 10, 8), gaps)
        self.assertNotIn(date(2026, 10, 10), gaps)
        self.assertNotIn(date(2026, 10, 11), gaps, "an ordinary Sunday is not a working day")
        self.assertFalse([day for day in gaps if day.day <= 7], "the National Day holidays are no gaps")
        self.assertEqual(gaps[0], date(2026, 10, 9))

        wizard = self.env["xinfang.reception.gap"].with_user(self.user_staff).create({"year": 2026, "month": "10"})
        self.assertEqual(wizard.gap_count, 16)
        self.assertEqual(wizard.unpublished_count, 3)
        self.assertIn("2026-10-09", wizard.gap_html)
        self.assertIn("2026-10-12 Monday", wizard.gap_html)
        wizard_zh = wizard.with_context(lang="zh_CN")
        if self.env["res.lang"]._lang_get("zh_CN"):
            self.assertIn("2026-10-12 星期一", wizard_zh._render_gaps(self.Day.get_gaps(2026, 10)))
        self.assertNotIn("2026-10-10", wizard.gap_html)

    def test_publishing_and_who_sees_the_roster(self):
        published = self.new_day("2026-10-08")
        draft = self.new_day("2026-10-09", leader=self.deputy2)
        published.action_publish()
        for user in (self.user_handler, self.user_mediator, self.user_plain):
            self.assertEqual(self.Day.with_user(user).search([("id", "in", (published | draft).ids)]), published)
        self.assertEqual(self.Day.with_user(self.user_staff).search_count([("id", "in", (published | draft).ids)]), 2)
        with self.assertRaises(AccessError):
            self.new_day("2026-10-12", user=self.user_handler)
        # a published day is kept
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            published.with_user(self.user_leader).unlink()
        draft.with_user(self.user_leader).unlink()

    def test_print_month_roster_needs_published_days(self):
        wizard = self.env["xinfang.reception.gap"].with_user(self.user_staff).create({"year": 2026, "month": "10"})
        with self.assertRaisesRegex(UserError, "No reception day of this month is published"):
            wizard.action_print_roster()
        day = self.new_day("2026-10-08")
        day.action_publish()
        action = wizard.action_print_roster()
        self.assertEqual(action["report_name"], "xinfang_supervision.report_reception_roster")
        self.assertEqual(action["context"]["active_ids"], day.ids)

    def test_roster_html_lists_published_days_only(self):
        days = self.new_day("2026-10-08") | self.new_day("2026-10-09", leader=self.principal)
        days[0].action_publish()
        html, _type = self.env["ir.actions.report"].with_user(self.user_staff)._render_qweb_html(
            "xinfang_supervision.report_reception_roster", days.ids)
        html = html.decode()
        self.assertIn("2026年10月领导接待日安排表", html)
        self.assertIn("Deputy Wang", html)
        self.assertIn("10月8日", html)
        self.assertNotIn("Secretary Li", html, "an unpublished day is not printed")
        self.assertIn("08:30-11:30", html)


@freeze_time("2026-10-12 09:00:00")
class TestReceptionPetitions(LeaderCase):
    def test_visits_registered_on_a_reception_day_link_to_it(self):
        day = self.env["xinfang.reception.day"].with_user(self.user_staff).create({
            "date": "2026-10-12", "leader_id": self.deputy.id, "place": "Township Hall"})
        visit = self.registered(channel="visit")
        letter = self.registered(channel="letter")
        self.assertEqual(visit.reception_day_id, day)
        self.assertFalse(letter.reception_day_id)
        self.assertEqual(day.petition_count, 1)
        # an earlier visit on a day without a roster entry stays unlinked, and can be set by hand
        earlier = self.registered(channel="visit", registration_date="2026-10-09")
        self.assertFalse(earlier.reception_day_id)
        # a day entered after the visits were registered picks them up
        later_day = self.env["xinfang.reception.day"].with_user(self.user_staff).create({
            "date": "2026-10-09", "leader_id": self.deputy2.id, "place": "Township Hall"})
        self.assertEqual(earlier.reception_day_id, later_day)
        # a mediator's visit links even to an unpublished day
        mediator_visit = self.env["xinfang.petition"].with_user(self.user_mediator).create({
            "subject": "Irrigation channel blocked", "channel": "visit", "category_id": self.category.id,
            "village_id": self.village_a.id, "petitioner_id": self.petitioner.id,
        })
        self.assertEqual(mediator_visit.reception_day_id, day)
        [values] = mediator_visit.with_user(self.user_mediator).read(["reception_day_id"])
        self.assertEqual(values["reception_day_id"], (day.id, "2026-10-12 Deputy Wang"))


@tagged("post_install", "-at_install")
@freeze_time("2026-09-28 09:00:00")
class TestReceptionRosterPdf(LeaderCase):
    """The roster prints as one PDF with Chinese text (needs wkhtmltopdf, fonts-noto-cjk, pdftotext)."""

    def test_month_roster_pdf(self):
        if not (shutil.which("wkhtmltopdf") and shutil.which("pdftotext")):
            self.skipTest("wkhtmltopdf and pdftotext are needed")
        self.env["ir.config_parameter"].sudo().set_param("report.print_delay", "100")
        self.env.company.name = "青山镇人民政府"
        self.deputy.name = "王副镇长"
        days = self.env["xinfang.reception.day"].create([
            {"date": f"2026-10-{day:02d}", "leader_id": self.deputy.id, "place": "镇信访接待室", "published": True}
            for day in (8, 9, 12, 13)
        ])
        pdf, report_type = self.env["ir.actions.report"].with_user(self.user_staff).with_context(
            force_report_rendering=True)._render_qweb_pdf("xinfang_supervision.report_reception_roster", days.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"))
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                              check=True, timeout=60).stdout.decode()
        text = "".join(unicodedata.normalize("NFKC", text).split())
        self.assertIn("领导接待日安排表", text)
        self.assertIn("镇信访接待室", text)
        self.assertIn("10月13日", text)
