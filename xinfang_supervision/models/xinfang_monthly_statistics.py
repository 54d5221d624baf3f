from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.res_company import township_today
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import STAFF
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .xinfang_assessment import LOCAL_LEVELS, _share

# The channels of the monthly report (信访月报) and the petition channels each one counts:
# a fax is a letter; the leader mailbox is the government website's (online); a 12345 call taken by the
# township is a phone call; a matter forwarded or assigned from above (12345 work orders from the county
# included) is 转送交办, whatever its first channel was.
CHANNEL_BUCKETS = {
    "letter": ("letter", "fax"),
    "visit": ("visit",),
    "online": ("online", "mailbox"),
    "phone": ("phone", "hotline"),
    "referral": ("referral",),
}
FIGURES = ("petition_count", "visit_batches", "visit_heads", "collective_batches", "collective_heads",
           "cross_level_count", "local_count")
MONTHS = [(str(month), str(month)) for month in range(1, 13)]


def _last_month(record):
    return township_today(record) - relativedelta(months=1)


class XinfangMonthlyStatistics(models.TransientModel):
    """The monthly report (信访月报) of one township: what came in during a calendar month.

    Every figure is an SQL count over the metrics view ``xinfang.petition.report`` (which petitions
    count: registered, not drafts, not archived; what cross-level means) in one grouped query per
    breakdown; the rates follow the assessment's settings (population base, local level).
    """

    _name = "xinfang.monthly.statistics"
    _description = "Monthly Petition Statistics"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company,
                                 domain=lambda self: [("id", "in", self.env.user.company_ids.ids)])
    year = fields.Integer(required=True, default=lambda self: _last_month(self).year)
    month = fields.Selection(MONTHS, required=True, default=lambda self: str(_last_month(self).month))
    date_from = fields.Date(string="From", compute="_compute_dates")
    date_to = fields.Date(string="To", compute="_compute_dates")
    computed = fields.Boolean(readonly=True)
    line_ids = fields.One2many("xinfang.monthly.statistics.line", "statistics_id", string="Lines", readonly=True)
    channel_line_ids = fields.One2many(
        "xinfang.monthly.statistics.line", "statistics_id", string="By Channel",
        domain=[("section", "=", "channel")], readonly=True)
    category_line_ids = fields.One2many(
        "xinfang.monthly.statistics.line", "statistics_id", string="By Category",
        domain=[("section", "=", "category")], readonly=True)
    village_line_ids = fields.One2many(
        "xinfang.monthly.statistics.line", "statistics_id", string="By Village",
        domain=[("section", "=", "village")], readonly=True)
    petition_count = fields.Integer(string="Petitions", readonly=True)
    visit_batches = fields.Integer(string="Visits (Batches)", readonly=True)
    visit_heads = fields.Integer(string="Visits (Persons)", readonly=True,
                                 help="The head counts of the visits added up.")
    collective_batches = fields.Integer(string="Collective Visits (Batches)", readonly=True)
    collective_heads = fields.Integer(string="Collective Visits (Persons)", readonly=True)
    cross_level_count = fields.Integer(string="Cross-level", readonly=True)
    population = fields.Integer(readonly=True, help="The registered residents of the township's villages.")
    incidence_rate = fields.Float(
        string="Incidence (per 10,000)", digits=(16, 2), readonly=True,
        help="Petitions of the month × the population base of the assessment settings ÷ the population.")
    local_resolution_rate = fields.Float(
        string="Local Resolution Rate (%)", digits=(16, 2), readonly=True,
        help="Share of the month's petitions closed without review at the local levels of the assessment "
        "settings.")
    cross_level_rate = fields.Float(string="Cross-level Rate (%)", digits=(16, 2), readonly=True)

    @api.depends("year", "month")
    def _compute_dates(self):
        for report in self:
            if report.year and report.month:
                report.date_from = date(report.year, int(report.month), 1)
                report.date_to = report.date_from + relativedelta(months=1, days=-1)
            else:
                report.date_from = report.date_to = False

    @api.depends("year", "month")
    def _compute_display_name(self):
        for report in self:
            report.display_name = self.env._("Monthly Statistics %(year)s-%(month)s",
                                             year=report.year, month=(report.month or "").zfill(2))

    # ------------------------------------------------------------------------------------------
    # figures (SQL aggregates over the metrics view)
    # ------------------------------------------------------------------------------------------
    def _grouped_figures(self, column, params):
        """``{value of column: {figure: count}}`` for the month, in one grouped query.

        ``column`` is a column of the metrics view (channel, category_id, village_id). Visits are the
        petitions of channel "visit"; collective visits those of them with five people or more.
        """
        self.ensure_one()
        self.env["xinfang.petition"].flush_model()
        self.env.cr.execute(SQL(
            """
            SELECT %(column)s,
                   COUNT(*),
                   COUNT(*) FILTER (WHERE r.channel = 'visit'),
                   COALESCE(SUM(r.head_count) FILTER (WHERE r.channel = 'visit'), 0),
                   COUNT(*) FILTER (WHERE r.channel = 'visit' AND p.is_collective),
                   COALESCE(SUM(r.head_count) FILTER (WHERE r.channel = 'visit' AND p.is_collective), 0),
                   COUNT(*) FILTER (WHERE r.is_cross_level),
                   COUNT(*) FILTER (WHERE r.closed_without_review
                                      AND r.responsible_level IN %(local_levels)s
                                      AND r.lodged_level IN %(local_levels)s)
              FROM %(view)s r
              JOIN xinfang_petition p ON p.id = r.petition_id
             WHERE r.registration_date BETWEEN %(date_from)s AND %(date_to)s
               AND r.company_id = %(company)s
             GROUP BY %(column)s
            """,
            column=SQL.identifier("r", column), view=SQL.identifier(self.env["xinfang.petition.report"]._table),
            local_levels=LOCAL_LEVELS[params["local_max_level"]], date_from=self.date_from,
            date_to=self.date_to, company=self.company_id.id,
        ))
        return {row[0]: dict(zip(FIGURES, row[1:], strict=True)) for row in self.env.cr.fetchall()}

    @api.model
    def _sum_figures(self, figure_dicts):
        totals = dict.fromkeys(FIGURES, 0)
        for figures in figure_dicts:
            for key in FIGURES:
                totals[key] += figures[key]
        return totals

    def _channel_lines(self, params):
        by_channel = self._grouped_figures("channel", params)
        labels = dict(self.env["xinfang.monthly.statistics.line"]._fields["channel"]._description_selection(self.env))
        lines = []
        for sequence, (bucket, channels) in enumerate(CHANNEL_BUCKETS.items()):
            figures = self._sum_figures(by_channel.get(channel, dict.fromkeys(FIGURES, 0)) for channel in channels)
            lines.append({"section": "channel", "sequence": sequence, "channel": bucket, "name": labels[bucket],
                          **figures})
        return lines, self._sum_figures(by_channel.values())

    def _record_lines(self, section, column, model, params):
        """One line per category or village with petitions in the month (one for those without a village)."""
        figures = self._grouped_figures(column, params)
        # villages by their own name (东岗村), not the committee path, as in the petition views
        records = self.env[model].with_context(hierarchical_naming=False).browse(key for key in figures if key)
        lines = [{"section": section, "sequence": 0, column: record.id, "name": record.display_name,
                  **figures[record.id]} for record in records.sorted("display_name")]
        if None in figures:
            lines.append({"section": section, "sequence": 1, "name": self.env._("No Village"), **figures[None]})
        return lines

    def action_compute(self):
        """Count the month's petitions and fill the tables (staff, leaders and the director)."""
        if not self.env.su and not self.env.user.has_group(STAFF):
            raise AccessError(self.env._("Only the petition office computes the monthly statistics."))
        # the counts are SQL over the metrics view: only for the user's own townships
        if not self.env.su and self.company_id - self.env.user.company_ids:
            raise AccessError(self.env._("You may compute the statistics of your own townships only."))
        params = self.env["xinfang.assessment"]._get_params()
        for report in self:
            channel_lines, totals = report._channel_lines(params)
            lines = channel_lines + report._record_lines("category", "category_id", "xinfang.category", params) \
                + report._record_lines("village", "village_id", "hr.department", params)
            report.line_ids.unlink()
            count = totals["petition_count"]
            # the population of the township: the assessment's and the budget's one definition
            population = self.env["xinfang.budget"]._village_population(report.company_id).get(report.company_id.id, 0)
            report.write({
                "line_ids": [fields.Command.create(vals) for vals in lines],
                "computed": True,
                **{key: totals[key] for key in FIGURES if key != "local_count"},
                "population": population,
                "incidence_rate": count * params["population_base"] / population if population else 0.0,
                "local_resolution_rate": _share(totals["local_count"], count),
                "cross_level_rate": _share(totals["cross_level_count"], count),
            })
        return True

    def action_export_xlsx(self):
        """The statistics as an Excel workbook (computed first when they are not yet)."""
        self.ensure_one()
        if not self.computed:
            self.action_compute()
        return self.env.ref("xinfang_supervision.action_report_monthly_statistics_xlsx").report_action(self)
