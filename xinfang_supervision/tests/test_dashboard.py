import ast
import calendar
import json
import math
import re
from datetime import date, timedelta

from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tools import SQL, file_open
from odoo.tools.translate import code_translations, extract_spreadsheet_terms

DASHBOARD_FILE = "xinfang_supervision/data/files/xinfang_dashboard.json"
TODAY = date(2026, 6, 15)  # a Monday; "this month" is June 2026, the previous period May 2026
LEVELS = ["village", "township", "county", "city", "province", "national"]

# --- the figures, written independently of the addon over the base tables -------------------------
# Which petitions count: registered (not draft) and not archived, of the company.
BASE = "p.state <> 'draft' AND p.active AND p.company_id = %(company)s"
SQL_BY_STATE = f"SELECT p.state, COUNT(*) FROM xinfang_petition p WHERE {BASE} GROUP BY p.state"
SQL_BY_MONTH = f"""
    SELECT to_char(p.registration_date, 'YYYY-MM'), COUNT(*) FROM xinfang_petition p WHERE {BASE}
     GROUP BY 1 ORDER BY 1 DESC"""
# Due soon: the running clock ends today or within the next three days; overdue: it ended before today.
SQL_DEADLINES = f"""
    SELECT p.lead_unit_id,
           COUNT(*) FILTER (WHERE p.current_deadline >= %(today)s AND p.current_deadline <= %(horizon)s),
           COUNT(*) FILTER (WHERE p.current_deadline < %(today)s)
      FROM xinfang_petition p
     WHERE {BASE} AND p.current_deadline <= %(horizon)s
     GROUP BY p.lead_unit_id"""
# Resolved locally (default setting: village or township): closed, never taken to review, responsible
# level and level lodged both local. Cross-level: lodged above the township and above the responsible level.
SQL_RATES = f"""
    SELECT COUNT(*),
           100.0 * COUNT(*) FILTER (WHERE p.state = 'closed' AND p.review_request_date IS NULL
                                      AND p.responsible_level IN ('village', 'township')
                                      AND p.lodged_level IN ('village', 'township')) / NULLIF(COUNT(*), 0),
           100.0 * COUNT(*) FILTER (WHERE array_position(%(levels)s, p.lodged_level::text)
                                          > array_position(%(levels)s, p.responsible_level::text)
                                      AND array_position(%(levels)s, p.lodged_level::text)
                                          > array_position(%(levels)s, 'township'::text)) / NULLIF(COUNT(*), 0)
      FROM xinfang_petition p
     WHERE {BASE} AND p.registration_date BETWEEN %(date_from)s AND %(date_to)s"""
# Resolved in the village: a village matter lodged at the village and closed there without review,
# out of the village matters; passed up: a village matter lodged at the township, out of all petitions.
SQL_VILLAGES = f"""
    SELECT p.village_id,
           COUNT(*),
           AVG(CASE WHEN p.responsible_level <> 'village' THEN NULL
                    WHEN p.lodged_level = 'village' AND p.state = 'closed' AND p.review_request_date IS NULL
                    THEN 100.0 ELSE 0.0 END),
           100.0 * COUNT(*) FILTER (WHERE p.responsible_level = 'village' AND p.lodged_level = 'township')
               / COUNT(*),
           100.0 * COUNT(*) FILTER (WHERE array_position(%(levels)s, p.lodged_level::text)
                                          > array_position(%(levels)s, p.responsible_level::text)
                                      AND array_position(%(levels)s, p.lodged_level::text)
                                          > array_position(%(levels)s, 'township'::text)) / COUNT(*)
      FROM xinfang_petition p
     WHERE {BASE} AND p.village_id IS NOT NULL AND p.registration_date BETWEEN %(date_from)s AND %(date_to)s
     GROUP BY p.village_id"""
SQL_POPULATION = """
    SELECT COALESCE(SUM(d.population), 0) FROM hr_department d
     WHERE d.xinfang_unit_type = 'village' AND d.active AND (d.company_id = %(company)s OR d.company_id IS NULL)"""
SQL_OPEN_VISITS = """
    SELECT v.state, COUNT(*), SUM(v.head_count) FROM xinfang_collective_visit v
     WHERE v.state NOT IN ('persuaded_back', 'escalated') AND v.company_id = %(company)s
     GROUP BY v.state"""


class Num(float):
    """A spreadsheet number: dividing by zero gives an error value (NaN) that IFERROR catches."""

    def __truediv__(self, other):
        return Num(float(self) / other) if other else Num(math.nan)

    def __add__(self, other):
        return Num(float(self) + other)

    def __sub__(self, other):
        return Num(float(self) - other)

    def __mul__(self, other):
        return Num(float(self) * other)

    __radd__, __rmul__ = __add__, __mul__


def month_bounds(day, offset):
    """First and last day of the month ``offset`` months from ``day``'s (the client's "this_month" + offset)."""
    index = day.year * 12 + day.month - 1 + offset
    year, month = divmod(index, 12)
    return date(year, month + 1, 1), date(year, month + 1, calendar.monthrange(year, month + 1)[1])


@tagged("post_install", "-at_install")
class TestDashboard(XinfangCase):
    """The shipped petition dashboard: every pivot, run as the web client runs it, matches raw SQL."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with file_open(DASHBOARD_FILE) as f:
            cls.spreadsheet = json.load(f)
        cls.dashboard = cls.env.ref("xinfang_supervision.spreadsheet_dashboard_xinfang")
        cls.env["ir.config_parameter"].sudo().set_param("xinfang_petition.near_due_days", 3)
        cls.env["ir.config_parameter"].sudo().set_param("xinfang_supervision.assessment_local_max_level", "township")

    # --- the township's petitions and visits ----------------------------------------------------
    def _closed(self, when, **vals):
        with freeze_time(when):
            petition = self.accepted(**vals)
            self.assign(petition)
            petition.action_reply("support", "<p>Resolved.</p>")
            petition.action_record_follow_up("satisfied", "visited")
            petition.action_close("Resolved")
        return petition

    def _build(self):
        b = {"village_id": self.village_b.id, "petitioner_id": self.petitioner_b.id}
        village_matter = {"responsible_level": "village", "lodged_level": "village"}
        # April: handling clocks that end before today (overdue) and two days after it (due soon)
        with freeze_time("2026-04-01"):
            self.late = self.handling()
        with freeze_time("2026-04-18"):
            self.soon = self.accepted(**b)
            self.assign(self.soon, handler=self.handler_social)
        # May (the previous period)
        self._closed("2026-05-04", **village_matter)  # resolved in the village
        self._closed("2026-05-04", lodged_level="county", **b)  # cross-level
        self._closed("2026-05-05", responsible_level="village")  # passed up, resolved at the township
        with freeze_time("2026-05-25"):
            self.unaccepted = self.registered(**b)  # acceptance clock ends June 9: overdue, no lead unit
        # June (this month)
        self._closed("2026-06-02", **village_matter, **b)
        self._closed("2026-06-03", village_id=False)  # resolved locally, no village
        with freeze_time("2026-06-03"):
            self.handling(lodged_level="county", responsible_level="village")  # cross-level, open
            replied = self.handling(**village_matter)
            replied.action_reply("support", "<p>Done.</p>")  # not closed: not yet resolved in the village
            self.new_petition(subject="Never registered")  # a draft counts nowhere
            archived = self.registered(subject="Registered by mistake")
            archived.active = False
        with freeze_time("2026-06-14"):
            self.registered(**b)
        # collective visits: two open, two closed
        with freeze_time("2026-06-10 08:00:00"):
            Visit = self.env["xinfang.collective.visit"].with_user(self.user_staff)
            base = {"subject": "Unpaid wages", "destination_level": "county", "village_id": self.village_a.id}
            Visit.create({**base, "head_count": 12})
            Visit.create({**base, "head_count": 4})
            Visit.create({**base, "head_count": 4}).action_persuaded_back()
            Visit.create({**base, "head_count": 4}).action_escalate()
        with freeze_time(TODAY):
            self.env["xinfang.petition"]._cron_deadline_check()  # the daily flags, as every morning

    # --- the web client's side: the pivots' queries and the cells' formulas ------------------------
    def _pivot_domain(self, pivot):
        """The pivot's domain with the global filters' default values applied through its field matching."""
        domain = list(pivot["domain"])
        filters = {f["id"]: f for f in self.spreadsheet["globalFilters"]}
        for filter_id, matching in pivot.get("fieldMatching", {}).items():
            if not matching.get("chain"):
                continue
            self.assertEqual(filters[filter_id]["defaultValue"], "this_month")
            date_from, date_to = month_bounds(TODAY, matching.get("offset", 0))
            domain += [(matching["chain"], ">=", date_from.isoformat()), (matching["chain"], "<=", date_to.isoformat())]
        return domain

    def _run_pivot(self, pivot_id, user):
        """``{grouping fields: {group values: {measure id: value}}}``: the grouping sets the client reads."""
        pivot = self.spreadsheet["pivots"][pivot_id]
        Model = self.env[pivot["model"]].with_user(user).with_context(**pivot["context"])

        def name(dim):
            return f"{dim['fieldName']}:{dim['granularity']}" if dim.get("granularity") else dim["fieldName"]

        rows, cols = [name(d) for d in pivot["rows"]], [name(d) for d in pivot["columns"]]
        sets = [rows[:i] + cols[:j] for i in range(len(rows) + 1) for j in range(len(cols) + 1)]
        specs = {m["id"]: "__count" if m["fieldName"] == "__count"
                 else f"{m['fieldName']}:{m.get('aggregator') or Model._fields[m['fieldName']].aggregator}"
                 for m in pivot["measures"]}
        order = ",".join(f"{name(d)} {d['order']}" if d.get("order") else name(d)
                         for d in pivot["columns"] + pivot["rows"])
        results = Model.formatted_read_grouping_sets(
            self._pivot_domain(pivot), sets, list(specs.values()), order=order or None)

        def key(value):
            return value[0] if isinstance(value, (list, tuple)) else value

        data = {}
        for groupby, groups in zip(sets, results, strict=True):
            data[tuple(groupby)] = {
                tuple(key(group[g]) for g in groupby): {mid: group[spec] for mid, spec in specs.items()}
                for group in groups
            }
        return data

    def _pivot_value(self, pivot_id, measure, *domain_args, user):
        """PIVOT.VALUE(pivot_id, measure, field, value, ...): an absent group is empty (0 in arithmetic)."""
        data = self._run_pivot(str(pivot_id), user)
        fields, values = tuple(domain_args[::2]), tuple(str(v) for v in domain_args[1::2])
        for group_key, measures in data[fields].items():
            if tuple(str(v) for v in group_key) == values:
                return measures[measure] or 0
        return 0

    def _cell(self, ref, user, seen=()):
        """The value of a cell: numbers and the formulas of the sheet's figures (PIVOT.VALUE, cell
        references, + - * /, IFERROR) evaluated as the spreadsheet does."""
        content = self.spreadsheet["sheets"][0]["cells"].get(ref, "")
        self.assertNotIn(ref, seen, "circular reference")
        if not content.startswith("="):
            return Num(float(content or 0))
        expression = re.sub(
            r"PIVOT\.VALUE\(([^()]*)\)",
            lambda m: f"{float(self._pivot_value(*ast.literal_eval(f'({m[1]},)'), user=user)):.12f}",
            content[1:],
        )
        self.assertNotIn('"', expression, f"{ref}: only PIVOT.VALUE takes strings here")
        expression = re.sub(r"\$?([A-Z]+)\$?([0-9]+)", lambda m: f"C('{m[1]}{m[2]}')", expression)
        expression = re.sub(r"(?<![\w'.])(\d+(\.\d+)?)", r"N(\1)", expression)
        return eval(expression, {"__builtins__": {}}, {  # noqa: S307 - the shipped sheet's arithmetic only
            "C": lambda r: self._cell(r, user, (*seen, ref)),
            "N": Num,
            "IFERROR": lambda value, fallback=0: Num(fallback) if math.isnan(value) else value,
        })

    def _table(self, pivot_id, user):
        """The rows a ``=PIVOT(id, …)`` cell shows: ``{row values: [measure values]}`` in the sheet's order."""
        pivot = self.spreadsheet["pivots"][pivot_id]
        rows = tuple(f"{d['fieldName']}:{d['granularity']}" if d.get("granularity") else d["fieldName"]
                     for d in pivot["rows"])
        groups = self._run_pivot(pivot_id, user)[rows]
        return {key[0]: [measures[m["id"]] for m in pivot["measures"]] for key, measures in groups.items()}

    def _sql(self, query, **params):
        self.env.flush_all()
        self.env.cr.execute(SQL(query, company=self.env.company.id, levels=LEVELS, **params))
        return self.env.cr.fetchall()

    # --- the tests ------------------------------------------------------------------------------------
    def test_pivot_cells_reference_shipped_pivots(self):
        """Every PIVOT and PIVOT.VALUE formula of the sheet names a pivot of the file, with its measures."""
        pivots = self.spreadsheet["pivots"]
        for ref, content in self.spreadsheet["sheets"][0]["cells"].items():
            for match in re.finditer(r"PIVOT(\.VALUE)?\(([^()]*)\)", content):
                literal = match[2].replace(",,", ",None,").replace("TRUE", "True").replace("FALSE", "False")
                args = ast.literal_eval(f"({literal},)")
                self.assertIn(str(args[0]), pivots, ref)
                if match[1]:
                    self.assertIn(args[1], [m["id"] for m in pivots[str(args[0])]["measures"]], ref)

    def test_sheet_texts_translated(self):
        """Every text of the sheet is a _t() formula (plain text would never be translated) and has its
        Chinese in the module's zh_CN.po as a web translation, which the dashboard loads by module."""
        for ref, content in self.spreadsheet["sheets"][0]["cells"].items():
            self.assertTrue(content.startswith("="), f"{ref}: write texts as =_t(\"...\")")
        with file_open(DASHBOARD_FILE) as f:
            terms = {term for _line, _func, term, _comments in extract_spreadsheet_terms(f, None, None, None)}
        self.assertIn("Registration period", terms)
        messages = code_translations.get_web_translations("xinfang_supervision", "zh_CN")["messages"]
        self.assertFalse(terms - {message["id"] for message in messages}, "untranslated dashboard texts")

    def test_figures_match_sql(self):
        self._build()
        may, june = month_bounds(TODAY, -1), month_bounds(TODAY, 0)
        with freeze_time(TODAY):
            for user in (self.user_staff, self.user_leader):
                # 1. petitions by state and by registration month
                self.assertEqual({k: v[0] for k, v in self._table("1", user).items()}, dict(self._sql(SQL_BY_STATE)))
                months = self._table("2", user)
                self.assertEqual([(str(k)[:7], v[0]) for k, v in months.items()][:12],
                                 [tuple(row) for row in self._sql(SQL_BY_MONTH)][:12])
                # 2. due soon and overdue by lead unit
                expected = {unit or False: [soon, late]
                            for unit, soon, late in self._sql(SQL_DEADLINES, today=TODAY, horizon=TODAY + timedelta(3))}
                self.assertEqual(self._table("3", user), expected)
                self.assertEqual(expected[self.handler.department_id.id], [0, 1])  # the April petition
                self.assertEqual(expected[self.handler_social.department_id.id], [1, 0])
                self.assertEqual(expected[False], [0, 1])  # not accepted within 15 days
                self.assertEqual(self._cell("B12", user), sum(v[0] for v in expected.values()))
                self.assertEqual(self._cell("B13", user), sum(v[1] for v in expected.values()))
                # 3. the three rates, this month (B) against last month (C)
                [population] = self._sql(SQL_POPULATION)[0]
                self.assertGreater(population, 0)
                self.assertEqual(self._cell("B11", user), population)
                for column, (date_from, date_to) in (("B", june), ("C", may)):
                    count, local, cross = self._sql(SQL_RATES, date_from=date_from, date_to=date_to)[0]
                    self.assertEqual(self._cell(f"{column}6", user), count)
                    self.assertAlmostEqual(self._cell(f"{column}7", user), count / population * 10000)
                    self.assertAlmostEqual(self._cell(f"{column}8", user), float(local))
                    self.assertAlmostEqual(self._cell(f"{column}9", user), float(cross))
                self.assertEqual((self._cell("B6", user), self._cell("C6", user)), (5, 4))
                self.assertAlmostEqual(self._cell("B8", user), 40.0)  # June: two of five resolved locally
                self.assertAlmostEqual(self._cell("C9", user), 25.0)  # May: one of four cross-level
                self.assertAlmostEqual(self._cell("D9", user), self._cell("B9", user) - 25.0)
                # 4. open collective visits
                visits = {state: [count, heads] for state, count, heads in self._sql(SQL_OPEN_VISITS)}
                self.assertEqual(self._table("7", user), visits)
                self.assertEqual(self._cell("B10", user), 2)
                # 5. per village, this month
                villages = {row[0]: [row[1], *(float(v) if v is not None else False for v in row[2:])]
                            for row in self._sql(SQL_VILLAGES, date_from=june[0], date_to=june[1])}
                table = {k: [v[0], *(v[i] if v[i] is not None else False for i in (1, 2, 3))]
                         for k, v in self._table("8", user).items()}
                self.assertEqual(table.keys(), villages.keys())
                for village, figures in villages.items():
                    for got, want in zip(table[village], figures, strict=True):
                        self.assertAlmostEqual(got or 0, want or 0, msg=f"village {village}")
                # East Village: one open cross-level village matter, one village matter replied but not closed
                self.assertEqual(villages[self.village_b.id][1], 100.0)
                self.assertEqual(villages[self.village_a.id][1], 0.0)

    def test_rates_follow_local_level_setting(self):
        """With "resolved locally at: village", a village matter the township resolved is not local."""
        self._closed("2026-06-02", responsible_level="village")  # passed up, closed at the township
        self._closed("2026-06-02", responsible_level="village", lodged_level="village")
        with freeze_time(TODAY):
            self.assertAlmostEqual(self._cell("B8", self.user_leader), 100.0)
            self.env["ir.config_parameter"].sudo().set_param(
                "xinfang_supervision.assessment_local_max_level", "village")
            self.assertAlmostEqual(self._cell("B8", self.user_leader), 50.0)

    def test_local_rate_is_the_assessment_one(self):
        """The view's local-resolution column, averaged per village, is the assessment's rate, for both
        values of the setting."""
        self._build()
        Param = self.env["ir.config_parameter"].sudo()
        period = [("registration_date", ">=", "2026-05-01"), ("registration_date", "<=", "2026-06-30")]
        for level in ("township", "village"):
            Param.set_param("xinfang_supervision.assessment_local_max_level", level)
            run = self.env["xinfang.assessment"].with_user(self.user_director).create(
                {"date_from": date(2026, 5, 1), "date_to": date(2026, 6, 30)})
            run.action_compute()
            rates = dict(self.env["xinfang.petition.report"].with_user(self.user_leader)._read_group(
                [*period, ("village_id", "!=", False)], ["village_id"], ["local_resolution_rate:avg"]))
            lines = run.village_line_ids.filtered("petition_count")
            self.assertEqual(lines.department_id, self.village_a | self.village_b)
            for line in lines:
                self.assertAlmostEqual(rates[line.department_id], line.local_resolution_rate, msg=level)

    def test_visible_to_the_office_only(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(self.dashboard.dashboard_group_id,
                         self.env.ref("xinfang_supervision.spreadsheet_dashboard_group_xinfang"))
        for user in (self.user_staff, self.user_leader, self.user_director):
            self.assertEqual(Dashboard.with_user(user).search([("id", "=", self.dashboard.id)]), self.dashboard,
                             user.login)
            self.assertIn(self.dashboard, self.dashboard.dashboard_group_id.with_user(user).published_dashboard_ids)
        for user in (self.user_mediator, self.user_handler, self.user_finance, self.user_plain):
            self.assertFalse(Dashboard.with_user(user).search([("id", "=", self.dashboard.id)]), user.login)


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase, XinfangCase):
    """The dashboard opens in the browser and its headline cells evaluate to the figures of the database."""

    def test_dashboard_renders_figures(self):
        # the browser's "this month" is the machine's local date (not the township's, a few hours ahead)
        today = date.today()
        self.registered(registration_date=today)
        self.accepted(registration_date=today, village_id=self.village_b.id, petitioner_id=self.petitioner_b.id)
        self.env["xinfang.collective.visit"].with_user(self.user_staff).create({
            "subject": "Unpaid wages", "destination_level": "county", "head_count": 12,
        })
        self.env.flush_all()
        # the tour expects exactly these figures for this month: make sure nothing else is in the database
        first, last = month_bounds(today, 0)
        self.env.cr.execute(SQL(
            "SELECT COUNT(*) FROM xinfang_petition WHERE state <> 'draft' AND active"
            " AND registration_date BETWEEN %s AND %s", first, last))
        self.assertEqual(self.env.cr.fetchone()[0], 2)
        self.start_tour("/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action", "xinfang_dashboard_tour",
                        login="xf_leader")
