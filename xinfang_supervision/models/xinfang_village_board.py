from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL

from .xinfang_meeting import PARAM_PREFIX, SCHEDULE_PARAMS

# the tables the view reads: pending ORM writes to them must reach the database before a search
SOURCE_MODELS = ("xinfang.petition", "xinfang.meeting", "xinfang.village.contract", "xinfang.field.visit",
                 "hr.department", "ir.config_parameter")
MONTHS_BACK = 23  # with the current month: the last 24 months are always on the board


class XinfangVillageBoard(models.Model):
    """The village board (小事不出村): one row per village and month, ranked for the township's routine meeting.

    A read-only SQL view. The petition figures count rows of the metrics view ``xinfang.petition.report``,
    where each fact is defined once (the assessment counts the same facts). Resolved in the village means
    what the assessment counts as resolved locally with the local level "village only": closed without
    review, the village responsible and the matter lodged at the village (so neither passed up to the
    township nor cross-level).

    Meetings due come from the setting ``xinfang_supervision.village_meeting_days``, read by the view at
    query time, not frozen into it when the view is created: a change of the setting (from the settings
    form, the technical parameters or an import) shows at once, for every month, and the column stays a
    stored SQL figure that the pivot sums and the list sorts. The SQL applies the rules of
    ``parse_month_days`` (a bad value falls back to the default, as ``read_setting`` does) and of
    ``month_day_dates`` (the 31st of a 30-day month is its last day, days that fall together count once).
    """

    _name = "xinfang.village.board"
    _description = "Village Board"
    _auto = False
    _rec_name = "village_id"
    _order = "month desc, rank, village_id"

    month = fields.Date(readonly=True, help="The first day of the month.")
    month_label = fields.Char(string="Period", readonly=True, help="The month, as 2026-03.")
    village_id = fields.Many2one("hr.department", string="Village", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    matter_count = fields.Integer(
        string="Matters Arising", readonly=True, aggregator="sum",
        help="Petitions registered in the month that arose in the village (drafts and archived ones excluded).",
    )
    resolved_count = fields.Integer(
        string="Resolved in Village", readonly=True, aggregator="sum",
        help="Of the matters arising, those the village was responsible for, lodged at the village and closed "
        "without review: neither passed up to the township nor cross-level.",
    )
    resolved_share = fields.Float(
        string="Resolved in Village (%)", readonly=True, aggregator="avg", digits=(16, 1),
        help="Resolved in the village as a share of the matters arising; empty when nothing arose. "
        "Grouped rows show the average of the monthly shares.",
    )
    passed_up_count = fields.Integer(
        string="Passed Up", readonly=True, aggregator="sum",
        help="Village matters brought to the township.",
    )
    cross_level_count = fields.Integer(
        string="Cross-level", readonly=True, aggregator="sum",
        help="Matters lodged above the township and above the responsible level (越级).",
    )
    meetings_held = fields.Integer(
        string="Meetings Held", readonly=True, aggregator="sum",
        help="The village's routine meetings held in the month.",
    )
    meetings_due = fields.Integer(
        string="Meetings Due", readonly=True, aggregator="sum",
        help="Routine meetings the schedule (Settings: Village Routine Meeting Days) sets in the month.",
    )
    leader_id = fields.Many2one(
        "hr.employee", string="Contracting Leader", readonly=True,
        help="The leader contracted to the village in the month (the later contract when it changed hands).",
    )
    leader_last_visit = fields.Date(
        string="Leader's Last Visit", readonly=True, aggregator="max",
        help="The contracting leader's last field visit to the village up to the end of the month.",
    )
    leader_attended_count = fields.Integer(
        string="Meetings Attended by Leader", readonly=True, aggregator="sum",
        help="Held routine meetings of the month the contracting leader attended.",
    )
    leader_absent_count = fields.Integer(
        string="Leader Absences", readonly=True, aggregator="sum",
        help="Held routine meetings of the month the contracting leader did not attend.",
    )
    rank = fields.Integer(
        readonly=True, aggregator=None,
        help="The village's place among the villages in the month: by share resolved in the village (a "
        "village where nothing arose counts as resolving everything), then by fewer cross-level matters.",
    )

    # ------------------------------------------------------------------------------------------
    # the view
    # ------------------------------------------------------------------------------------------
    def _meeting_days_query(self):
        """The rule days of the village meetings (one row each), read from the setting at query time.

        Mirrors ``parse_month_days`` and ``read_setting``: a missing or empty parameter, or a value that is
        not a list of whole days 1-31 ("1,16", full-width commas allowed), gives the default.
        """
        key, default = SCHEDULE_PARAMS["village"]
        return SQL(
            """
            raw AS (
                SELECT COALESCE(NULLIF((SELECT value FROM ir_config_parameter WHERE key = %(key)s), ''),
                                %(default)s) AS value
            ),
            parts AS (
                SELECT btrim(part, E' \\t\\r\\n') AS part
                  FROM raw, regexp_split_to_table(replace(raw.value, '，', ','), ',') AS part
            ),
            valid AS (
                SELECT COUNT(*) FILTER (WHERE part <> '') > 0
                       AND bool_and(part = '' OR CASE WHEN part ~ '^[+-]?[0-9]{1,9}$'
                                                      THEN part::integer BETWEEN 1 AND 31 ELSE FALSE END) AS ok
                  FROM parts
            ),
            rule_days AS (
                SELECT DISTINCT part::integer AS day FROM parts, valid WHERE valid.ok AND part <> ''
                 UNION
                SELECT btrim(part)::integer FROM valid, regexp_split_to_table(%(default)s, ',') AS part
                 WHERE NOT valid.ok
            )
            """,
            key=PARAM_PREFIX + key, default=default,
        )

    def _query(self):
        petition_report = SQL.identifier(self.env["xinfang.petition.report"]._table)
        return SQL(
            """
            WITH %(meeting_days)s,
            bounds AS (
                SELECT LEAST(date_trunc('month', CURRENT_DATE) - interval '%(back)s months',
                             (SELECT date_trunc('month', MIN(registration_date)) FROM %(report)s
                               WHERE village_id IS NOT NULL),
                             (SELECT date_trunc('month', MIN(date)) FROM xinfang_meeting
                               WHERE meeting_type = 'village' AND state = 'held')) AS first_month,
                       GREATEST(date_trunc('month', CURRENT_DATE),
                                (SELECT date_trunc('month', MAX(registration_date)) FROM %(report)s
                                  WHERE village_id IS NOT NULL),
                                (SELECT date_trunc('month', MAX(date)) FROM xinfang_meeting
                                  WHERE meeting_type = 'village' AND state = 'held')) AS last_month
            ),
            months AS (
                SELECT m::date AS month, (m + interval '1 month' - interval '1 day')::date AS month_end
                  FROM bounds, generate_series(bounds.first_month, bounds.last_month, interval '1 month') AS m
            ),
            petitions AS (
                SELECT r.village_id, date_trunc('month', r.registration_date)::date AS month,
                       COUNT(*) AS matter_count,
                       COUNT(*) FILTER (WHERE r.closed_without_review AND r.responsible_level = 'village'
                                          AND r.lodged_level = 'village') AS resolved_count,
                       COUNT(*) FILTER (WHERE r.is_passed_up) AS passed_up_count,
                       COUNT(*) FILTER (WHERE r.is_cross_level) AS cross_level_count
                  FROM %(report)s r
                 WHERE r.village_id IS NOT NULL
                 GROUP BY r.village_id, date_trunc('month', r.registration_date)
            ),
            board AS (
                SELECT v.id AS village_id, v.company_id, m.month,
                       COALESCE(p.matter_count, 0) AS matter_count,
                       COALESCE(p.resolved_count, 0) AS resolved_count,
                       CASE WHEN p.matter_count > 0 THEN 100.0 * p.resolved_count / p.matter_count END
                           AS resolved_share,
                       COALESCE(p.passed_up_count, 0) AS passed_up_count,
                       COALESCE(p.cross_level_count, 0) AS cross_level_count,
                       COALESCE(mt.held, 0) AS meetings_held,
                       (SELECT COUNT(DISTINCT LEAST(d.day, EXTRACT(DAY FROM m.month_end)::integer))
                          FROM rule_days d) AS meetings_due,
                       c.leader_id,
                       visit.last_visit AS leader_last_visit,
                       COALESCE(mt.attended, 0) AS leader_attended_count,
                       CASE WHEN c.leader_id IS NULL THEN 0 ELSE COALESCE(mt.held - mt.attended, 0) END
                           AS leader_absent_count
                  FROM hr_department v
                 CROSS JOIN months m
                  LEFT JOIN petitions p ON p.village_id = v.id AND p.month = m.month
                  LEFT JOIN LATERAL (
                       SELECT contract.leader_id FROM xinfang_village_contract contract
                        WHERE contract.village_id = v.id AND contract.active
                          AND contract.date_from <= m.month_end
                          AND (contract.date_to IS NULL OR contract.date_to >= m.month)
                        ORDER BY contract.date_from DESC, contract.id DESC
                        LIMIT 1
                  ) c ON TRUE
                  LEFT JOIN LATERAL (
                       SELECT MAX(fv.date) AS last_visit FROM xinfang_field_visit fv
                        WHERE fv.village_id = v.id AND fv.cadre_id = c.leader_id AND fv.active
                          AND fv.date <= m.month_end
                  ) visit ON TRUE
                  LEFT JOIN LATERAL (
                       SELECT COUNT(*) AS held,
                              COUNT(*) FILTER (WHERE EXISTS (
                                  SELECT 1 FROM xinfang_meeting_attendee_rel a
                                   WHERE a.meeting_id = meeting.id AND a.employee_id = c.leader_id)) AS attended
                         FROM xinfang_meeting meeting
                        WHERE meeting.village_id = v.id AND meeting.meeting_type = 'village'
                          AND meeting.state = 'held' AND meeting.date BETWEEN m.month AND m.month_end
                  ) mt ON TRUE
                 WHERE v.xinfang_unit_type = 'village' AND v.active
            )
            SELECT b.village_id * 10000 + (EXTRACT(YEAR FROM b.month)::integer - 1900) * 12
                       + EXTRACT(MONTH FROM b.month)::integer AS id,
                   b.*,
                   to_char(b.month, 'YYYY-MM') AS month_label,
                   RANK() OVER (PARTITION BY b.month, b.company_id
                                ORDER BY COALESCE(b.resolved_share, 100.0) DESC, b.cross_level_count) AS rank
              FROM board b
            """,
            meeting_days=self._meeting_days_query(), back=SQL(str(MONTHS_BACK)), report=petition_report,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # the view reads the tables directly: pending ORM writes must reach them first, and rows read
        # before (same ids) must not keep figures those writes changed
        for model in SOURCE_MODELS:
            self.env[model].flush_model()
        self.invalidate_model()
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    # ------------------------------------------------------------------------------------------
    # drill-down
    # ------------------------------------------------------------------------------------------
    def _petition_domain(self, figure="matters"):
        """The petitions behind one figure of this row (the rules of the metrics view, as a domain)."""
        self.ensure_one()
        domain = [
            ("village_id", "=", self.village_id.id), ("state", "!=", "draft"),
            ("registration_date", ">=", self.month),
            ("registration_date", "<=", self.month + relativedelta(months=1, days=-1)),
        ]
        extra = {
            "matters": [],
            "resolved": [("state", "=", "closed"), ("review_request_date", "=", False),
                         ("responsible_level", "=", "village"), ("lodged_level", "=", "village")],
            "passed_up": [("is_passed_up", "=", True)],
            "cross_level": [("is_cross_level", "=", True)],
        }
        return domain + extra.get(figure, [])

    def action_view_petitions(self):
        """The petitions behind the figure named by the context key ``board_figure`` (default: all matters)."""
        self.ensure_one()
        figure = self.env.context.get("board_figure", "matters")
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_petition.action_xinfang_petition")
        action.update(
            name=self.env._("%(village)s %(month)s", village=self.village_id.name,
                            month=self.month.strftime("%Y-%m")),
            domain=self._petition_domain(figure),
            context={"create": False},
        )
        return action

    def action_view_meetings(self):
        """The village's routine meetings held in the month."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_supervision.action_xinfang_meeting")
        action.update(
            domain=[("meeting_type", "=", "village"), ("village_id", "=", self.village_id.id),
                    ("state", "=", "held"), ("date", ">=", self.month),
                    ("date", "<=", self.month + relativedelta(months=1, days=-1))],
            context={"create": False},
        )
        return action

    # ------------------------------------------------------------------------------------------
    # printing
    # ------------------------------------------------------------------------------------------
    def _report_months(self):
        """The printed rows by month, oldest first, each month's villages in their rank order."""
        months = sorted(set(self.mapped("month")))
        return [(month, self.filtered(lambda row, m=month: row.month == m).sorted(
            lambda row: (row.rank, row.village_id.name or ""))) for month in months]
