import calendar
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .xinfang_leader_case import check_leader

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class XinfangReceptionDay(models.Model):
    """Leader reception day (领导接待日): one leader receives petitioners on a given day."""

    _name = "xinfang.reception.day"
    _description = "Leader Reception Day"
    _inherit = ["mail.thread"]
    _order = "date, id"
    _check_company_auto = True

    date = fields.Date(required=True, tracking=True, index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)
    leader_id = fields.Many2one(
        "hr.employee", string="Leader", required=True, tracking=True, index=True, check_company=True,
        domain="[('xinfang_role', 'in', ('principal_leader', 'deputy_leader'))]",
    )
    leader_job = fields.Char(related="leader_id.job_title", string="Position")
    time_from = fields.Float(string="From", default=8.5, required=True, help="Local time, e.g. 8.5 = 08:30.")
    time_to = fields.Float(string="To", default=11.5, required=True)
    place = fields.Char(required=True, default=lambda self: self.env._("Petition Reception Hall"), tracking=True)
    published = fields.Boolean(tracking=True, copy=False, help="Announced to the public in advance.")
    note = fields.Text()
    weekday = fields.Char(compute="_compute_weekday")
    petition_ids = fields.One2many("xinfang.petition", "reception_day_id", string="Petitions Received")
    petition_count = fields.Integer(compute="_compute_petition_count")

    _date_uniq = models.UniqueIndex(
        "(company_id, date) WHERE active",
        "There is already a reception day on this date.",
    )

    @api.depends("date")
    @api.depends_context("lang")
    def _compute_weekday(self):
        for day in self:
            day.weekday = format_date(self.env, day.date, date_format="EEEE") if day.date else False

    def _compute_petition_count(self):
        Petition = self.env["xinfang.petition"]
        # The roster is public to employees; the petitions received are not.
        counts = dict(Petition._read_group(
            [("reception_day_id", "in", self.ids)], ["reception_day_id"], ["__count"],
        )) if Petition.has_access("read") else {}
        for day in self:
            day.petition_count = counts.get(day, 0)

    @api.depends("date", "leader_id")
    def _compute_display_name(self):
        for day in self:
            day.display_name = f"{day.date or ''} {day.leader_id.name or ''}".strip()

    @api.constrains("leader_id")
    def _check_leader_id(self):
        check_leader(self.env, self.leader_id)

    @api.constrains("time_from", "time_to")
    def _check_times(self):
        for day in self:
            if not 0 <= day.time_from < day.time_to <= 24:
                raise ValidationError(self.env._(
                    "The reception ends after it starts, within the day."))

    @api.model_create_multi
    def create(self, vals_list):
        # A day archived in the same transaction must free its date before the insert (partial unique index).
        self.flush_model(["active", "date"])
        days = super().create(vals_list)
        days._link_petitions()
        return days

    def write(self, vals):
        res = super().write(vals)
        if "date" in vals or "active" in vals:
            self.filtered("active")._link_petitions()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_unpublished(self):
        if any(day.published or day.petition_ids for day in self):
            raise UserError(self.env._(
                "A published reception day, or one with petitions, cannot be deleted; archive it instead."))

    def _link_petitions(self):
        """Visits registered on the day that were recorded before the roster: link them now."""
        Petition = self.env["xinfang.petition"]
        for day in self:
            petitions = Petition.search([
                ("channel", "=", "visit"), ("registration_date", "=", day.date),
                ("company_id", "=", day.company_id.id), ("reception_day_id", "=", False),
            ])
            petitions.write({"reception_day_id": day.id})

    # ------------------------------------------------------------------------------------------
    # publication and the monthly roster
    # ------------------------------------------------------------------------------------------
    def action_publish(self):
        self.write({"published": True})
        return True

    def action_unpublish(self):
        self.write({"published": False})
        return True

    @api.model
    def _month_bounds(self, year, month):
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last)

    @api.model
    @api.readonly  # pure reads: served by a read replica when one is configured
    def get_gaps(self, year, month):
        """Working days of the month without a (active) reception day: the roster's gaps.

        Working days follow the statutory calendar of ``xinfang.deadline`` (holidays and make-up
        working days).
        """
        first, last = self._month_bounds(year, month)
        table = self.env["xinfang.deadline"]._holiday_table()
        covered = set(self.search([
            ("date", ">=", first), ("date", "<=", last), ("company_id", "=", self.env.company.id),
        ]).mapped("date"))
        days = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
        return [day for day in days if table.is_working_day(day) and day not in covered]

    @api.model
    @api.readonly  # pure reads: served by a read replica when one is configured
    def get_month_roster(self, year, month, published_only=True):
        """The reception days of a month, in date order (published ones only by default)."""
        first, last = self._month_bounds(year, month)
        domain = [("date", ">=", first), ("date", "<=", last), ("company_id", "=", self.env.company.id)]
        if published_only:
            domain.append(("published", "=", True))
        return self.search(domain, order="date")

    def action_view_petitions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_petition.action_xinfang_petition")
        action.update(domain=[("reception_day_id", "=", self.id)], context={"default_reception_day_id": self.id})
        return action

    # --- report helpers --------------------------------------------------------------------------
    def _weekday_zh(self):
        """星期一 ... 星期日: the roster is a Chinese document whatever the user's language."""
        self.ensure_one()
        return WEEKDAYS_ZH[self.date.weekday()]

    def _format_time(self, value):
        hours, minutes = divmod(round(value * 60), 60)
        return f"{hours:02d}:{minutes:02d}"

    def _report_title(self):
        """领导接待日安排表 heading: the month (or months) the printed days cover."""
        months = sorted({(d.date.year, d.date.month) for d in self})
        if not months:
            return "领导接待日安排表"
        first, last = months[0], months[-1]
        if first == last:
            return f"{first[0]}年{first[1]}月领导接待日安排表"
        return f"{first[0]}年{first[1]}月至{last[0]}年{last[1]}月领导接待日安排表"
