from odoo import api, fields, models, tools
from odoo.tools import SQL


class XinfangPetitionReport(models.Model):
    """Petition metrics (SQL view): each rate is the average of a 0/100 column, NULL where it does not apply.

    Pivot and graph views average these columns, so every grouping (unit, village, month, category)
    gets its rate from one SQL aggregate, never from a loop over records.
    """

    _name = "xinfang.petition.report"
    _description = "Petition Metrics"
    _auto = False
    _rec_name = "petition_id"
    _order = "registration_date desc"

    petition_id = fields.Many2one("xinfang.petition", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    registration_date = fields.Date(readonly=True)
    state = fields.Selection(related="petition_id.state", readonly=True)
    channel = fields.Selection(
        selection=lambda self: self.env["xinfang.petition"]._fields["channel"].selection, readonly=True)
    nature = fields.Selection(
        selection=lambda self: self.env["xinfang.petition"]._fields["nature"].selection, readonly=True)
    category_id = fields.Many2one("xinfang.category", readonly=True)
    village_id = fields.Many2one("hr.department", string="Village", readonly=True)
    lead_unit_id = fields.Many2one("hr.department", string="Lead Unit", readonly=True)
    handler_id = fields.Many2one("hr.employee", string="Handler", readonly=True)
    petition_count = fields.Integer(string="Petitions", readonly=True, aggregator="sum")
    head_count = fields.Integer(readonly=True, aggregator="sum")
    timely_acceptance_rate = fields.Float(string="Timely Acceptance Rate (%)", readonly=True, aggregator="avg")
    on_time_rate = fields.Float(string="On-time Completion Rate (%)", readonly=True, aggregator="avg")
    satisfaction_rate = fields.Float(string="Satisfaction Rate (%)", readonly=True, aggregator="avg")
    repeat_rate = fields.Float(string="Repeat Petition Rate (%)", readonly=True, aggregator="avg")
    cross_level_rate = fields.Float(
        string="Cross-level Rate (%)", readonly=True, aggregator="avg",
        help="越级上访率: the share lodged above the township (county, city, province, Beijing) and above the "
        "responsible level.",
    )
    passed_up_rate = fields.Float(
        string="Passed-up Rate (%)", readonly=True, aggregator="avg",
        help="The share of village matters brought to the township (not cross-level; against 小事不出村).",
    )

    def _select(self):
        return SQL("""
            p.id AS id,
            p.id AS petition_id,
            p.company_id,
            p.registration_date,
            p.channel,
            p.nature,
            p.category_id,
            p.village_id,
            p.lead_unit_id,
            p.handler_id,
            1 AS petition_count,
            p.head_count,
            CASE WHEN p.accept_date IS NULL THEN NULL WHEN p.accepted_on_time THEN 100.0 ELSE 0.0 END
                AS timely_acceptance_rate,
            CASE WHEN p.reply_date IS NULL THEN NULL WHEN p.replied_on_time THEN 100.0 ELSE 0.0 END
                AS on_time_rate,
            CASE WHEN p.satisfaction IS NULL THEN NULL
                 WHEN p.satisfaction IN ('satisfied', 'basic') THEN 100.0 ELSE 0.0 END AS satisfaction_rate,
            CASE WHEN p.is_repeat THEN 100.0 ELSE 0.0 END AS repeat_rate,
            CASE WHEN p.is_cross_level THEN 100.0 ELSE 0.0 END AS cross_level_rate,
            CASE WHEN p.is_passed_up THEN 100.0 ELSE 0.0 END AS passed_up_rate
        """)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            "CREATE OR REPLACE VIEW %s AS (SELECT %s FROM xinfang_petition p WHERE p.state != 'draft' AND p.active)",
            SQL.identifier(self._table), self._select(),
        ))

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # the view reads xinfang_petition directly: pending ORM writes must reach the table first
        self.env["xinfang.petition"].flush_model()
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    @api.model
    @api.readonly
    def get_rates(self, date_from, date_to, groupby=None):
        """The four statutory rates between two registration dates, optionally per ``groupby`` field.

        Returns ``{group_value: {count, timely_acceptance_rate, on_time_rate, satisfaction_rate,
        repeat_rate}}`` (``False`` as key when not grouped); rates are percentages or None.
        """
        measures = ["timely_acceptance_rate", "on_time_rate", "satisfaction_rate", "repeat_rate"]
        groups = [groupby] if groupby else []
        rows = self._read_group(
            [("registration_date", ">=", date_from), ("registration_date", "<=", date_to)],
            groups, ["__count"] + [f"{m}:avg" for m in measures],
        )
        result = {}
        for row in rows:
            key = row[0].id if groupby and hasattr(row[0], "id") else (row[0] if groupby else False)
            values = row[len(groups):]
            result[key] = {"count": values[0], **dict(zip(measures, values[1:], strict=True))}
        return result
