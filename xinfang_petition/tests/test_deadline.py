import base64
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, freeze_time, new_test_user

ROLL_WEEKENDS_PARAM = "xinfang_petition.deadline_roll_weekends"


class TestDeadline(TransactionCase):
    """The statutory deadline rules, on the shipped 2026 State Council schedule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deadline = cls.env["xinfang.deadline"]
        cls.Holiday = cls.env["xinfang.holiday"]

    def compute(self, start, days, unit="calendar"):
        return self.deadline.compute(start, days, unit)

    def set_roll_weekends(self, value):
        self.env["ir.config_parameter"].sudo().set_param(ROLL_WEEKENDS_PARAM, value)

    def test_shipped_2026_schedule(self):
        days = self.Holiday.search([("year", "=", 2026)])
        self.assertEqual(len(days.filtered(lambda d: d.holiday_type == "holiday")), 33)
        self.assertEqual(
            sorted(days.filtered(lambda d: d.holiday_type == "workday").mapped("date")),
            [
                date(2026, 1, 4),
                date(2026, 2, 14),
                date(2026, 2, 28),
                date(2026, 5, 9),
                date(2026, 9, 20),
                date(2026, 10, 10),
            ],
        )
        self.assertFalse(any(days.mapped("provisional")))
        days_2027 = self.Holiday.search([("year", "=", 2027)])
        self.assertTrue(days_2027)
        self.assertTrue(all(days_2027.mapped("provisional")))

    def test_start_day_not_counted(self):
        self.assertEqual(self.compute(date(2026, 3, 9), 1), date(2026, 3, 10))
        self.assertEqual(self.compute(date(2026, 3, 9), 1, "working"), date(2026, 3, 10))
        # Friday + 1 working day is Monday; Friday + 3 calendar days is Monday as well.
        self.assertEqual(self.compute(date(2026, 3, 13), 1, "working"), date(2026, 3, 16))
        self.assertEqual(self.compute(date(2026, 3, 13), 3), date(2026, 3, 16))
        # A start on a holiday changes nothing: counting begins the next day.
        self.assertEqual(self.compute(date(2026, 10, 1), 29), date(2026, 10, 30))

    def test_acceptance_15_days_across_spring_festival(self):
        # Registered on Friday 6 February: day 15 is Saturday 21 February, inside the Feb 15-23 block.
        self.assertEqual(self.compute(date(2026, 2, 6), 15), date(2026, 2, 24))
        # Day 15 on the first day of the block rolls past the whole block too.
        self.assertEqual(self.compute(date(2026, 2, 1), 15), date(2026, 2, 24))
        # Day 15 on the make-up Saturday 28 February is a working day: no roll.
        self.assertEqual(self.compute(date(2026, 2, 13), 15), date(2026, 2, 28))
        # The day before the block is an ordinary working day.
        self.assertEqual(self.compute(date(2026, 1, 29), 15), date(2026, 2, 13))

    def test_working_days_across_spring_festival(self):
        # The make-up Saturday before the block is the first working day after Friday 13 February.
        self.assertEqual(self.compute(date(2026, 2, 13), 1, "working"), date(2026, 2, 14))
        # Then nothing until the block ends on Monday 23 February.
        self.assertEqual(self.compute(date(2026, 2, 13), 2, "working"), date(2026, 2, 24))
        # From Tuesday 24 February: 25, 26, 27, Saturday 28 (make-up), Monday 2 March.
        self.assertEqual(self.compute(date(2026, 2, 24), 5, "working"), date(2026, 3, 2))
        self.assertEqual(self.deadline.working_days_between(date(2026, 2, 24), date(2026, 3, 2)), 5)

    def test_handling_60_days_into_national_day(self):
        for start in (date(2026, 8, 2), date(2026, 8, 5), date(2026, 8, 8)):  # day 60 = Oct 1, 4, 7
            self.assertEqual(self.compute(start, 60), date(2026, 10, 8), start)
        self.assertEqual(self.compute(date(2026, 8, 9), 60), date(2026, 10, 8))  # Thursday Oct 8 itself
        # Day 60 on Sunday 20 September, a make-up working day: no roll.
        self.assertEqual(self.compute(date(2026, 7, 22), 60), date(2026, 9, 20))

    def test_working_days_across_qingming_and_labour_day(self):
        # From Thursday 2 April: Apr 3, (Qingming Apr 4-6), Apr 7, 8, 9, 10.
        self.assertEqual(self.compute(date(2026, 4, 2), 5, "working"), date(2026, 4, 10))
        # From Wednesday 29 April: Apr 30, (May 1-5), May 6, 7, 8, Saturday 9 (make-up) ...
        self.assertEqual(self.compute(date(2026, 4, 29), 5, "working"), date(2026, 5, 9))
        # ... then May 11 to 15.
        self.assertEqual(self.compute(date(2026, 4, 29), 10, "working"), date(2026, 5, 15))
        # Ten working days spanning both blocks.
        self.assertEqual(self.compute(date(2026, 4, 2), 20, "working"), date(2026, 5, 6))
        self.assertEqual(self.deadline.working_days_between(date(2026, 4, 2), date(2026, 5, 6)), 20)
        self.assertEqual(self.deadline.working_days_between(date(2026, 5, 6), date(2026, 4, 2)), -20)

    def test_is_working_day(self):
        self.assertTrue(self.deadline.is_working_day(date(2026, 3, 10)))  # Tuesday
        self.assertFalse(self.deadline.is_working_day(date(2026, 3, 14)))  # Saturday
        self.assertFalse(self.deadline.is_working_day(date(2026, 10, 5)))  # Monday, National Day
        self.assertTrue(self.deadline.is_working_day(date(2026, 10, 10)))  # Saturday, make-up
        self.assertTrue(self.deadline.is_working_day("2026-01-04"))  # Sunday, make-up

    def test_weekend_roll_setting(self):
        # Monday 2 March + 5 days = Saturday 7 March.
        self.assertEqual(self.compute(date(2026, 3, 2), 5), date(2026, 3, 9))
        self.set_roll_weekends("False")
        self.assertEqual(self.compute(date(2026, 3, 2), 5), date(2026, 3, 7))
        # Holidays still roll, to the next working day.
        self.assertEqual(self.compute(date(2026, 8, 2), 60), date(2026, 10, 8))
        self.assertEqual(self.compute(date(2026, 3, 20), 15), date(2026, 4, 7))  # Saturday 4 April, Qingming
        # Working-day counts never depend on the setting.
        self.assertEqual(self.compute(date(2026, 3, 6), 1, "working"), date(2026, 3, 9))
        self.set_roll_weekends("True")
        self.assertEqual(self.compute(date(2026, 3, 2), 5), date(2026, 3, 9))

    def test_holiday_table_edit_changes_result(self):
        self.assertEqual(self.compute(date(2026, 3, 5), 5), date(2026, 3, 10))
        self.assertEqual(self.compute(date(2026, 3, 9), 1, "working"), date(2026, 3, 10))
        extra = self.Holiday.create({"date": date(2026, 3, 10), "name": "Local holiday"})
        self.assertEqual(self.compute(date(2026, 3, 5), 5), date(2026, 3, 11))
        self.assertEqual(self.compute(date(2026, 3, 9), 1, "working"), date(2026, 3, 11))
        extra.action_archive()
        self.assertEqual(self.compute(date(2026, 3, 5), 5), date(2026, 3, 10))
        # A make-up Saturday makes Saturday 7 March a working day.
        self.Holiday.create({"date": date(2026, 3, 7), "holiday_type": "workday", "name": "Make-up"})
        self.assertEqual(self.compute(date(2026, 3, 2), 5), date(2026, 3, 7))
        self.assertEqual(self.compute(date(2026, 3, 6), 1, "working"), date(2026, 3, 7))

    def test_calendar_follows_every_change_of_the_table(self):
        # Tuesday 10 March 2026 is an ordinary working day; each change is seen by the next deadline
        self.assertEqual(self.compute(date(2026, 3, 9), 1, "working"), date(2026, 3, 10))
        extra = self.Holiday.create({"date": date(2026, 3, 10), "name": "Local holiday"})
        self.assertEqual(self.compute(date(2026, 3, 9), 1, "working"), date(2026, 3, 11))
        extra.date = date(2026, 3, 11)  # moved
        self.assertEqual(self.compute(date(2026, 3, 9), 1, "working"), date(2026, 3, 10))
        self.assertEqual(self.compute(date(2026, 3, 10), 1, "working"), date(2026, 3, 12))
        extra.holiday_type = "workday"  # turned into a working day
        self.assertEqual(self.compute(date(2026, 3, 10), 1, "working"), date(2026, 3, 11))
        # Saturday 14 March as a make-up working day, then removed from the table
        saturday = self.Holiday.create({"date": date(2026, 3, 14), "holiday_type": "workday", "name": "Make-up"})
        self.assertEqual(self.compute(date(2026, 3, 13), 1, "working"), date(2026, 3, 14))
        saturday.unlink()
        self.assertEqual(self.compute(date(2026, 3, 13), 1, "working"), date(2026, 3, 16))

    def test_calendar_is_read_once(self):
        self.compute(date(2026, 1, 5), 1)  # warm the settings and holiday caches
        for unit in ("calendar", "working"):
            for days in (1, 15, 60, 365):
                with self.assertQueryCount(0):
                    self.compute(date(2026, 1, 5), days, unit)
        with self.assertQueryCount(0):
            self.deadline.working_days_between(date(2026, 1, 1), date(2026, 12, 31))
        # a change of the table is read again, once
        self.Holiday.create({"date": date(2027, 3, 10), "name": "Local holiday"})
        with self.assertQueryCount(1):
            self.assertEqual(self.compute(date(2027, 3, 9), 1, "working"), date(2027, 3, 11))

    def test_bad_input_refused(self):
        for days in (0, -5, None, 1.5, "15", True):
            with self.assertRaises(UserError, msg=repr(days)):
                self.compute(date(2026, 3, 2), days)
        with self.assertRaises(UserError):
            self.compute(date(2026, 3, 2), 5, "hours")
        for start in (None, False, "not a date", 20260302):
            with self.assertRaises(UserError, msg=repr(start)):
                self.compute(start, 5)

    def test_holiday_access(self):
        user = new_test_user(self.env, login="xf_holiday_user", groups="base.group_user")
        director = new_test_user(
            self.env, login="xf_holiday_director", groups="xinfang_petition.group_xinfang_director"
        )
        day = self.Holiday.search([("date", "=", date(2026, 10, 1))])
        self.assertEqual(day.with_user(user).name, "National Day")
        with self.assertRaises(AccessError):
            day.with_user(user).name = "Changed"
        day.with_user(director).name = "National Day (official)"
        # The service reads the table whatever the caller's rights (portal petitioners included).
        portal = new_test_user(self.env, login="xf_holiday_portal", groups="base.group_portal")
        self.assertEqual(self.deadline.with_user(portal).compute(date(2026, 8, 2), 60), date(2026, 10, 8))


class TestHolidayImport(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Holiday = cls.env["xinfang.holiday"].with_context(active_test=False)

    def import_csv(self, text, **vals):
        wizard = self.env["xinfang.holiday.import"].create(
            dict({"source": "csv", "csv_file": base64.b64encode(text.encode()), "csv_filename": "h.csv"}, **vals)
        )
        return wizard.action_import()

    def test_one_bad_row_creates_nothing(self):
        count = self.Holiday.search_count([])
        good = "2028-01-01,holiday,New Year's Day\n2028-01-02,holiday,New Year's Day\n"
        for bad_line, message in (
            ("2028-13-01,holiday,Bad month", "2028-13-01"),
            ("2028-01-03,vacation,Unknown type", "vacation"),
            ("2028-01-01,workday,Both", "both"),
            (",holiday,No date", "not a date"),
        ):
            with self.assertRaises(UserError, msg=bad_line) as caught:
                self.import_csv("date,type,name\n" + good + bad_line + "\n")
            self.assertIn(message, str(caught.exception))
            self.assertEqual(self.Holiday.search_count([]), count)
        with self.assertRaises(UserError):
            self.import_csv("day,kind\n2028-01-01,holiday\n")
        self.assertEqual(self.Holiday.search_count([]), count)

    def test_csv_import_creates_and_updates(self):
        provisional_2027 = self.Holiday.search([("year", "=", 2027)])
        self.import_csv(
            "\ufeffDate,Type,Name\n"
            "2027-01-01,holiday,New Year's Day\n"
            "2027-01-02,workday,New Year's Day\n"
            "\n"
            "2026-10-08,holiday,Extra day\n"
        )
        new_year = self.Holiday.search([("date", "=", date(2027, 1, 1))])
        self.assertRecordValues(new_year, [{"holiday_type": "holiday", "provisional": False, "year": 2027}])
        self.assertEqual(self.Holiday.search([("date", "=", date(2027, 1, 2))]).holiday_type, "workday")
        # The published days replace the estimate: other provisional 2027 days are gone.
        self.assertFalse((provisional_2027 - new_year).exists())
        self.assertEqual(self.env["xinfang.deadline"].compute(date(2026, 8, 2), 60), date(2026, 10, 9))

    @freeze_time("2026-11-20")
    def test_estimate_then_confirm(self):
        wizard = Form(self.env["xinfang.holiday.import"])
        wizard.source = "package"
        self.assertEqual(wizard.year, 2027)
        wizard.year = 2028
        wizard.save().action_import()
        days = self.Holiday.search([("year", "=", 2028)])
        self.assertIn(date(2028, 10, 1), days.mapped("date"))
        self.assertTrue(all(days.mapped("provisional")))
        days[:1].action_confirm_year()
        self.assertFalse(any(days.mapped("provisional")))
        # A published year is not overwritten by an estimate.
        with self.assertRaises(UserError):
            self.env["xinfang.holiday.import"].create({"source": "package", "year": 2026}).action_import()
