from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import parse_flag, read_setting

ONE_DAY = timedelta(days=1)
UNITS = ("calendar", "working")
ROLL_WEEKENDS_PARAM = "xinfang_petition.deadline_roll_weekends"


class HolidayTable:
    """The days off and make-up working days of ``xinfang.holiday`` (active rows), from its cache."""

    def __init__(self, env):
        # The holiday table is public reference data: everyone whose deadlines are computed
        # (portal petitioners included) may rely on it, whatever their access rights.
        self.holidays, self.workdays = env["xinfang.holiday"].sudo()._calendar()

    def is_holiday(self, day):
        return day in self.holidays

    def is_working_day(self, day):
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def next_working_day(self, day):
        """The first working day after ``day``."""
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day


class XinfangDeadline(models.AbstractModel):
    """Statutory deadlines (信访工作条例): "N 日" and "N 个工作日" on the State Council's calendar.

    Dates are local dates: convert a datetime with ``fields.Datetime.context_timestamp`` first.
    """

    _name = "xinfang.deadline"
    _description = "Statutory Deadline Calculator"

    @api.model
    @api.readonly  # pure reads: served by a read replica when one is configured
    def compute(self, start_date, days, unit="calendar"):
        """Return the last day (a ``date``) of a period of ``days`` days starting on ``start_date``.

        The start day is not counted. ``unit='calendar'``: N calendar days; a last day that is a
        holiday (or, when the setting says so, an ordinary weekend day) moves to the next working
        day. ``unit='working'``: the N-th working day after the start day.
        """
        start = self._to_date(start_date)
        if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
            raise UserError(self.env._("A deadline needs a positive whole number of days, not %(days)r.", days=days))
        if unit not in UNITS:
            raise UserError(self.env._("Unknown deadline unit %(unit)r: use 'calendar' or 'working'.", unit=unit))
        if unit == "calendar":
            last = start + timedelta(days=days)
            table = self._holiday_table()
            if table.is_holiday(last) or (self._roll_weekends() and not table.is_working_day(last)):
                last = table.next_working_day(last)
            return last
        table = self._holiday_table()
        day = start
        for _i in range(days):
            day = table.next_working_day(day)
        return day

    @api.model
    @api.readonly  # pure reads: served by a read replica when one is configured
    def is_working_day(self, day):
        """Whether ``day`` is a working day: Monday to Friday, less holidays, plus make-up working days."""
        day = self._to_date(day)
        return self._holiday_table().is_working_day(day)

    @api.model
    @api.readonly  # pure reads: served by a read replica when one is configured
    def working_days_between(self, date_from, date_to):
        """Working days after ``date_from`` up to and including ``date_to`` (negative if ``date_to`` is earlier).

        E.g. the working days a petition took, or by how many working days it is late.
        """
        date_from, date_to = self._to_date(date_from), self._to_date(date_to)
        if date_to < date_from:
            return -self.working_days_between(date_to, date_from)
        table = self._holiday_table()
        return sum(
            table.is_working_day(date_from + timedelta(days=offset))
            for offset in range(1, (date_to - date_from).days + 1)
        )

    @api.model
    def _holiday_table(self):
        """The statutory calendar: days off and make-up working days (cached, see xinfang.holiday)."""
        return HolidayTable(self.env)

    @api.model
    def _roll_weekends(self):
        """Whether a calendar-day deadline ending on an ordinary Saturday or Sunday moves to the next working day."""
        return read_setting(self.env, ROLL_WEEKENDS_PARAM, True, parse_flag)

    def _to_date(self, value):
        try:
            day = fields.Date.to_date(value)
        except (TypeError, ValueError):
            day = None
        if not day:
            raise UserError(self.env._("A deadline needs a valid start date, not %(value)r.", value=value))
        return day
