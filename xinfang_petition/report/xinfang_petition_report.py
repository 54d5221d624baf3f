from odoo import api, fields, models, tools
from odoo.tools import SQL

# the assessment setting "resolved locally at" (village, or village or township)
LOCAL_LEVEL_PARAM = "xinfang_supervision.assessment_local_max_level"


class XinfangPetitionReport(models.Model):
    """Petition metrics (SQL view): each rate is the average of a 0/100 column, NULL where it does not apply.

    Pivot and graph views average these columns, so every grouping (unit, village, month, category)
    gets its rate from one SQL aggregate, never from a loop over records. Each rule is written here
    once: a statutory rate is built from two facts of the petition (the rate applies; the petition
    meets it), and the assessment (``xinfang.assessment``) counts these same facts.
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
    channel = fields.Selection(selection=lambda self: self._petition_selection("channel"), readonly=True)
    nature = fields.Selection(selection=lambda self: self._petition_selection("nature"), readonly=True)
    responsible_level = fields.Selection(selection=lambda self: self._petition_selection("responsible_level"),
                                         readonly=True)
    lodged_level = fields.Selection(
        selection=lambda self: self._petition_selection("lodged_level"), string="Lodged At", readonly=True)
    category_id = fields.Many2one("xinfang.category", readonly=True)
    village_id = fields.Many2one("hr.department", readonly=True)
    lead_unit_id = fields.Many2one("hr.department", readonly=True)
    handler_id = fields.Many2one("hr.employee", readonly=True)
    petition_count = fields.Integer(string="Petitions", readonly=True, aggregator="sum")
    head_count = fields.Integer(readonly=True, aggregator="sum")
    timely_acceptance_rate = fields.Float(string="Timely Acceptance Rate (%)", readonly=True, aggregator="avg")
    on_time_rate = fields.Float(string="On-time Completion Rate (%)", readonly=True, aggregator="avg")
    satisfaction_rate = fields.Float(string="Satisfaction Rate (%)", readonly=True, aggregator="avg")
    repeat_rate = fields.Float(string="Repeat Petition Rate (%)", readonly=True, aggregator="avg")
    cross_level_rate = fields.Float(
        string="Cross-level Rate (%)", readonly=True, aggregator="avg",
        help="The share lodged above the township (county, city, province, Beijing) and above the "
        "responsible level.",
    )
    passed_up_rate = fields.Float(
        string="Passed-up Rate (%)", readonly=True, aggregator="avg",
        help="The share of village matters brought to the township (not cross-level, but they left the village).",
    )
    local_resolution_rate = fields.Float(
        string="Local Resolution Rate (%)", readonly=True, aggregator="avg",
        help="The share resolved locally, as the assessment counts it: closed without review, with both the "
        "responsible level and the level lodged at most the local level of the assessment settings.",
    )
    village_resolution_rate = fields.Float(
        string="Resolved in Village (%)", readonly=True, aggregator="avg",
        help="Of the village matters (responsible level: village), the share lodged at the village and closed "
        "there without review. Matters passed up to the township or lodged higher, still open, or taken "
        "to review are not resolved in the village.",
    )
    deadline_status = fields.Selection(
        selection=lambda self: self._petition_selection("deadline_status"), readonly=True)
    due_soon_count = fields.Integer(
        string="Due Soon", readonly=True, aggregator="sum",
        help="Petitions whose current deadline falls within the near-due horizon (the daily flag).",
    )
    overdue_count = fields.Integer(
        string="Overdue", readonly=True, aggregator="sum",
        help="Petitions whose current deadline has passed (the daily flag).",
    )
    # the facts the rates are made of, which the assessment counts
    accepted = fields.Boolean(readonly=True)
    accepted_in_time = fields.Boolean(string="Accepted On Time", readonly=True)
    replied = fields.Boolean(readonly=True)
    replied_in_time = fields.Boolean(string="Replied On Time", readonly=True)
    surveyed = fields.Boolean(string="Followed Up", readonly=True)
    satisfied = fields.Boolean(readonly=True, help="Satisfied or basically satisfied at the follow-up.")
    is_cross_level = fields.Boolean(string="Cross-level", readonly=True)
    resolved_locally = fields.Boolean(readonly=True)
    resolved_in_village = fields.Boolean(string="Resolved in Village", readonly=True)
    is_passed_up = fields.Boolean(string="Passed Up", readonly=True)
    closed_without_review = fields.Boolean(
        readonly=True,
        help="Closed and never taken to review: resolved locally when the responsible level and the "
        "level lodged are both local (assessment settings).",
    )

    @api.model
    def _petition_selection(self, field_name):
        """The petition field's selection, with its labels in the user's language."""
        return self.env["xinfang.petition"]._fields[field_name]._description_selection(self.env)

    def _facts(self):
        """The facts of a petition ``p``, one expression each (NULL counts as false)."""
        return SQL("""
            p.accept_date IS NOT NULL AS accepted,
            p.accept_date IS NOT NULL AND p.accepted_on_time AS accepted_in_time,
            p.reply_date IS NOT NULL AS replied,
            p.reply_date IS NOT NULL AND p.replied_on_time AS replied_in_time,
            p.satisfaction IS NOT NULL AS surveyed,
            p.satisfaction IN ('satisfied', 'basic') AS satisfied,
            p.state = 'closed' AND p.review_request_date IS NULL AS closed_without_review,
            p.state = 'closed' AND p.review_request_date IS NULL
                AND p.responsible_level = ANY(l.levels) AND p.lodged_level = ANY(l.levels) AS resolved_locally,
            p.state = 'closed' AND p.review_request_date IS NULL
                AND p.responsible_level = 'village' AND p.lodged_level = 'village' AS resolved_in_village
        """)

    def _local_levels(self):
        """The levels counted as local (``l.levels``): the assessment setting "resolved locally at".

        Read when the view is queried, so a changed setting applies at once. The setting is stored
        under the assessment's key (xinfang_supervision); absent or other than "village", the
        default "village or township" applies, as the assessment's settings reader does.
        """
        return SQL(
            """SELECT CASE WHEN (SELECT value FROM ir_config_parameter WHERE key = %s) = 'village'
                           THEN ARRAY['village'] ELSE ARRAY['village', 'township'] END AS levels""",
            LOCAL_LEVEL_PARAM,
        )

    def _select(self):
        return SQL("""
            p.id AS id,
            p.id AS petition_id,
            p.company_id,
            p.registration_date,
            p.channel,
            p.nature,
            p.responsible_level,
            p.lodged_level,
            p.category_id,
            p.village_id,
            p.lead_unit_id,
            p.handler_id,
            1 AS petition_count,
            p.head_count,
            f.accepted,
            f.accepted_in_time,
            f.replied,
            f.replied_in_time,
            f.surveyed,
            f.satisfied,
            p.is_cross_level,
            p.is_passed_up,
            f.closed_without_review,
            f.resolved_locally,
            f.resolved_in_village,
            p.deadline_status,
            CASE WHEN p.deadline_status = 'near' THEN 1 ELSE 0 END AS due_soon_count,
            CASE WHEN p.deadline_status = 'overdue' THEN 1 ELSE 0 END AS overdue_count,
            CASE WHEN NOT f.accepted THEN NULL WHEN f.accepted_in_time THEN 100.0 ELSE 0.0 END
                AS timely_acceptance_rate,
            CASE WHEN NOT f.replied THEN NULL WHEN f.replied_in_time THEN 100.0 ELSE 0.0 END AS on_time_rate,
            CASE WHEN NOT f.surveyed THEN NULL WHEN f.satisfied THEN 100.0 ELSE 0.0 END AS satisfaction_rate,
            CASE WHEN p.is_repeat THEN 100.0 ELSE 0.0 END AS repeat_rate,
            CASE WHEN p.is_cross_level THEN 100.0 ELSE 0.0 END AS cross_level_rate,
            CASE WHEN p.is_passed_up THEN 100.0 ELSE 0.0 END AS passed_up_rate,
            CASE WHEN f.resolved_locally THEN 100.0 ELSE 0.0 END AS local_resolution_rate,
            CASE WHEN p.responsible_level != 'village' THEN NULL WHEN f.resolved_in_village THEN 100.0 ELSE 0.0 END
                AS village_resolution_rate
        """)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # PostgreSQL pulls the lateral subquery up: the facts are plain expressions over the one scan
        self.env.cr.execute(SQL(
            """CREATE OR REPLACE VIEW %s AS (
                SELECT %s FROM xinfang_petition p CROSS JOIN (%s) l CROSS JOIN LATERAL (SELECT %s) f
                 WHERE p.state != 'draft' AND p.active)""",
            SQL.identifier(self._table), self._select(), self._local_levels(), self._facts(),
        ))

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # the view reads xinfang_petition and the local-level setting directly: pending ORM writes
        # must reach the tables first
        self.env["xinfang.petition"].flush_model()
        self.env["ir.config_parameter"].flush_model(["key", "value"])
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
