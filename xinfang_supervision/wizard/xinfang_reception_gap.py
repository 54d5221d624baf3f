from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

MONTHS = [(str(number), str(number)) for number in range(1, 13)]


class XinfangReceptionGap(models.TransientModel):
    """A month of the reception roster: the working days without a leader (gaps), and the printable roster."""

    _name = "xinfang.reception.gap"
    _description = "Reception Roster Month"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    month = fields.Selection(MONTHS, required=True, default=lambda self: str(fields.Date.context_today(self).month))
    gap_count = fields.Integer(string="Working Days Without a Leader", compute="_compute_gaps")
    gap_html = fields.Html(string="Gaps", compute="_compute_gaps", sanitize=False)
    unpublished_count = fields.Integer(string="Days Not Yet Published", compute="_compute_gaps")

    @api.depends("year", "month")
    def _compute_gaps(self):
        Day = self.env["xinfang.reception.day"]
        for wizard in self:
            if not wizard._valid_month():
                wizard.gap_count = wizard.unpublished_count = 0
                wizard.gap_html = False
                continue
            year, month = wizard.year, int(wizard.month)
            gaps = Day.get_gaps(year, month)
            unpublished = Day.get_month_roster(year, month, published_only=False).filtered(lambda d: not d.published)
            wizard.gap_count = len(gaps)
            wizard.unpublished_count = len(unpublished)
            wizard.gap_html = wizard._render_gaps(gaps)

    def _valid_month(self):
        return 1900 <= (self.year or 0) <= 9999 and bool(self.month)

    def _render_gaps(self, gaps):
        if not gaps:
            return Markup('<p class="text-success">%s</p>') % self.env._(
                "Every working day of the month has a leader.")
        items = Markup("").join(
            Markup("<li>%s %s</li>") % (day.isoformat(), format_date(self.env, day, date_format="EEEE"))
            for day in gaps
        )
        return Markup('<p class="text-danger">%s</p><ul>%s</ul>') % (
            self.env._("Working days without a leader: %(count)s.", count=len(gaps)), items)

    def _check_month(self):
        if not self._valid_month():
            raise UserError(self.env._("Choose a valid year and month."))

    def action_print_roster(self):
        """Print the published roster of the month (领导接待日安排表)."""
        self.ensure_one()
        self._check_month()
        days = self.env["xinfang.reception.day"].get_month_roster(self.year, int(self.month))
        if not days:
            raise UserError(self.env._(
                "No reception day of this month is published yet."))
        return self.env.ref("xinfang_supervision.action_report_reception_roster").report_action(days)

    def action_open_days(self):
        """The month's reception days, in the calendar."""
        self.ensure_one()
        self._check_month()
        first, last = self.env["xinfang.reception.day"]._month_bounds(self.year, int(self.month))
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_supervision.action_xinfang_reception_day")
        action.update(
            domain=[("date", ">=", first), ("date", "<=", last)],
            context={"initial_date": first.isoformat(), "default_date": first.isoformat()},
        )
        return action
