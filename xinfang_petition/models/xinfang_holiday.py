from odoo import api, fields, models, tools


class XinfangHoliday(models.Model):
    """One day of the State Council's holiday schedule: a day off, or a make-up working day.

    Days that are not listed follow the ordinary week (Monday to Friday working).
    """

    _name = "xinfang.holiday"
    _description = "Statutory Holiday"
    _order = "date"

    date = fields.Date(required=True)
    holiday_type = fields.Selection(
        [("holiday", "Holiday"), ("workday", "Make-up Working Day")],
        string="Type",
        required=True,
        default="holiday",
        help="Holiday: a statutory day off.\n"
        "Make-up Working Day: a weekend day worked in exchange for a holiday.",
    )
    name = fields.Char(required=True, translate=True, help="The festival, e.g. Spring Festival.")
    year = fields.Integer(compute="_compute_year", store=True, index=True)
    provisional = fields.Boolean(
        help="Estimated day: the State Council has not published this year's schedule yet. "
        "Confirm the year once the official notice is out.",
    )
    active = fields.Boolean(default=True)

    _date_uniq = models.UniqueIndex("(date)", "A day can appear only once in the holiday table.")

    @api.model_create_multi
    def create(self, vals_list):
        holidays = super().create(vals_list)
        self.env.registry.clear_cache()  # _calendar
        return holidays

    def write(self, vals):
        result = super().write(vals)
        if {"date", "holiday_type", "active"} & set(vals):
            self.env.registry.clear_cache()  # _calendar
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # _calendar
        return result

    @api.model
    @tools.ormcache()
    def _calendar(self):
        """(days off, make-up working days) of the active table, as frozensets of dates.

        Performance (make bench): every deadline reads it, a few times a year it changes; a change
        clears the cache in every worker (``registry.clear_cache`` is signalled across processes).
        """
        rows = self.with_context(active_test=True).search_fetch([], ["date", "holiday_type"])
        return (frozenset(row.date for row in rows if row.holiday_type == "holiday"),
                frozenset(row.date for row in rows if row.holiday_type == "workday"))

    @api.depends("date")
    def _compute_year(self):
        for holiday in self:
            holiday.year = holiday.date.year if holiday.date else 0

    def action_confirm_year(self):
        """Mark every day of the selected days' years as official (no longer provisional)."""
        years = set(self.mapped("year"))
        days = self.with_context(active_test=False).search([("year", "in", list(years)), ("provisional", "=", True)])
        days.provisional = False
        return True
