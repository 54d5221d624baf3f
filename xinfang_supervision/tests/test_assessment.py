from datetime import date, datetime, timedelta

from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import SQL

PERIOD = (date(2026, 1, 1), date(2026, 12, 31))
LEVELS = ["village", "township", "county", "city", "province", "national"]

# Written independently of the addon: cross-level from the level order, timeliness from the dates,
# not from the stored flags the addon computes. Cross-level (越级) is lodged above the township (county,
# city, province, Beijing) and above the responsible level; a village matter lodged at the township is
# passed up, not cross-level; resolved locally means closed without review, with both the responsible
# level and the level lodged local (so the township resolving a village matter counts, unless only the
# village is local).
INDEPENDENT_SQL = """
    SELECT p.%(column)s,
           COUNT(*),
           100.0 * COUNT(*) FILTER (WHERE p.state = 'closed' AND p.review_request_date IS NULL
                                      AND p.responsible_level = ANY(%(local)s)
                                      AND p.lodged_level = ANY(%(local)s)) / COUNT(*),
           100.0 * COUNT(*) FILTER (WHERE array_position(%(levels)s, p.lodged_level::text)
                                          > array_position(%(levels)s, p.responsible_level::text)
                                      AND array_position(%(levels)s, p.lodged_level::text)
                                          > array_position(%(levels)s, 'township'::text)) / COUNT(*),
           AVG(CASE WHEN p.accept_date IS NULL THEN NULL
                    WHEN p.accept_date <= p.acceptance_deadline THEN 100.0 ELSE 0.0 END),
           AVG(CASE WHEN p.reply_date IS NULL THEN NULL
                    WHEN p.reply_date <= p.handling_deadline THEN 100.0 ELSE 0.0 END),
           AVG(CASE WHEN p.satisfaction IS NULL THEN NULL
                    WHEN p.satisfaction IN ('satisfied', 'basic') THEN 100.0 ELSE 0.0 END),
           100.0 * COUNT(*) FILTER (WHERE p.responsible_level = 'village' AND p.lodged_level = 'township')
               / COUNT(*)
      FROM xinfang_petition p
     WHERE p.state <> 'draft' AND p.active
       AND p.registration_date >= %(date_from)s AND p.registration_date <= %(date_to)s
       AND p.%(column)s IS NOT NULL
     GROUP BY p.%(column)s
"""


@tagged("post_install", "-at_install")
class TestAssessment(XinfangCase):
    """Assessment (考核): rates per village and unit match an independent SQL computation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["hr.department"]
        cls.village_c = Department.create({"name": "North Village", "xinfang_unit_type": "village", "population": 0})
        cls.village_d = Department.create({"name": "Quiet Village", "xinfang_unit_type": "village", "population": 800})
        cls.village_e = Department.create({"name": "Calm Village", "xinfang_unit_type": "village", "population": 900})
        Employee = cls.env["hr.employee"]
        cls.secretary = Employee.create({"name": "Secretary Li"})
        cls.village_director = Employee.create({"name": "Director Zhou"})
        cls.village_a.write({"party_secretary_id": cls.secretary.id, "director_id": cls.village_director.id})
        cls.deputy = Employee.create({"name": "Deputy Qian", "xinfang_role": "deputy_leader"})
        cls.user_hr = new_test_user(cls.env, login="xf_hr", groups="hr.group_hr_user", name="HR Officer")

    # --- the township's petitions ------------------------------------------------------------------
    def _closed(self, when, satisfaction="satisfied", handler=None, **vals):
        with freeze_time(when):
            petition = self.accepted(**vals)
            self.assign(petition, handler=handler)
            petition.action_reply("support", "<p>Resolved.</p>")
            petition.action_record_follow_up(satisfaction, "visited")
            petition.action_close("Resolved")
        return petition

    def _build_township(self):
        b = {"village_id": self.village_b.id, "petitioner_id": self.petitioner_b.id}
        self.a1 = self._closed("2026-01-01")  # first day of the period, resolved locally
        self.a2 = self._closed("2026-03-02", lodged_level="county")  # cross-level
        self.a3 = self._closed("2026-03-02", "dissatisfied", lodged_level="county", responsible_level="county")
        with freeze_time("2026-03-02"):
            self.a4 = self.handling()  # still open
            self.a6 = self.registered()
        with freeze_time("2026-03-30"):
            self.a6.action_accept()  # after the 15-day acceptance deadline (Mar 17)
        self._closed("2025-12-31")  # before the period
        self.b1 = self._closed("2026-04-01", handler=self.handler_social, **b)
        with freeze_time("2026-04-10"):
            self.b1.action_request_review()  # taken to review by the higher organ: not resolved locally
            self.b1.action_decide_review("Upheld", date(2026, 4, 20))
            self.b2 = self.registered(**b)
            self.new_petition(**b)  # a draft does not count
        self._closed("2026-05-01", handler=self.handler_social, **b).action_archive()  # archived: not counted
        self.b5 = self._closed("2026-12-31", handler=self.handler_social, **b)  # last day of the period
        self._closed("2027-01-01", handler=self.handler_social, **b)  # after the period
        with freeze_time("2026-05-01"):
            self.c1 = self.registered(village_id=self.village_c.id)

    def _late_visit(self, notified, village, petition=None, minutes=61):
        with freeze_time(notified):
            visit = self.env["xinfang.collective.visit"].create({
                "subject": "Group at the county gate", "destination_level": "county", "head_count": 12,
                "notified_at": notified, "village_id": village.id, "petition_id": petition.id if petition else False,
                "leader_ids": [(0, 0, {"employee_id": self.deputy.id})],
            })
            visit.action_dispatch()
        with freeze_time(notified + timedelta(minutes=minutes)):
            visit.leader_ids.action_check_in()
        return visit

    def _run(self, user=None, period=PERIOD):
        with freeze_time("2027-01-10"):
            run = self.env["xinfang.assessment"].with_user(user or self.user_leader).create(
                {"date_from": period[0], "date_to": period[1]})
            run.action_compute()
        return run

    def _line(self, run, department, scope="village"):
        return run.line_ids.filtered(lambda line: line.department_id == department and line.scope == scope)

    def _independent(self, column, local=("village", "township")):
        self.env.flush_all()
        self.env.cr.execute(SQL(
            INDEPENDENT_SQL, column=SQL.identifier(column),
            local=list(local), levels=LEVELS, date_from=PERIOD[0], date_to=PERIOD[1],
        ))
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _assert_figures(self, run, scope, expected):
        """Every department's line equals the independent SQL's figures."""
        for department_id, row in expected.items():
            count, local, cross, timely, on_time, satisfaction, passed_up = row
            line = run.line_ids.filtered(lambda ln, d=department_id, s=scope: ln.department_id.id == d
                                         and ln.scope == s)
            self.assertEqual(len(line), 1, f"{scope} {department_id}")
            self.assertEqual(line.petition_count, count)
            self.assertAlmostEqual(line.local_resolution_rate, float(local), places=2)
            self.assertAlmostEqual(line.cross_level_rate, float(cross), places=2)
            self.assertAlmostEqual(line.passed_up_rate, float(passed_up), places=2)
            self.assertAlmostEqual(line.timely_acceptance_rate, float(timely or 0), places=2)
            self.assertAlmostEqual(line.on_time_rate, float(on_time or 0), places=2)
            self.assertAlmostEqual(line.satisfaction_rate, float(satisfaction or 0), places=2)

    # --- figures -----------------------------------------------------------------------------------
    def test_figures_match_an_independent_sql_computation(self):
        self._build_township()
        self._late_visit(datetime(2026, 6, 1, 2, 0), self.village_a, petition=self.a4)
        self._late_visit(datetime(2026, 6, 1, 2, 0), self.village_b, minutes=60)  # on time
        self._late_visit(datetime(2025, 12, 30, 2, 0), self.village_a)  # before the period
        run = self._run()
        self.assertEqual(run.state, "done")
        self.assertTrue(run.is_yearly)
        for scope, column in (("village", "village_id"), ("unit", "lead_unit_id")):
            expected = self._independent(column)
            self.assertTrue(expected)
            self._assert_figures(run, scope, expected)
            for department_id, (count, *_rates) in expected.items():
                line = self._line(run, self.env["hr.department"].browse(department_id), scope)
                if scope == "village":
                    population = line.department_id.population
                    self.assertAlmostEqual(line.incidence_rate,
                                           count * 10000.0 / population if population else 0.0, places=2)
        # the same figures, by hand
        line_a, line_b, line_c = (self._line(run, v) for v in (self.village_a, self.village_b, self.village_c))
        self.assertRecordValues(line_a, [{
            "population": 2000, "petition_count": 5, "incidence_rate": 25.0,
            "local_resolved_count": 1, "local_resolution_rate": 20.0,
            "cross_level_count": 1, "cross_level_rate": 20.0,
            "accepted_count": 5, "timely_acceptance_rate": 80.0,
            "replied_count": 3, "on_time_rate": 100.0,
            "surveyed_count": 3, "late_visit_count": 1,
            "party_secretary_id": self.secretary.id, "director_id": self.village_director.id,
        }])
        self.assertAlmostEqual(line_a.satisfaction_rate, 200 / 3, places=2)
        self.assertRecordValues(line_b, [{
            "petition_count": 3, "incidence_rate": 10.0, "local_resolved_count": 1, "cross_level_count": 0,
            "timely_acceptance_rate": 100.0, "satisfaction_rate": 100.0, "late_visit_count": 0,
        }])
        self.assertRecordValues(line_c, [{"population": 0, "petition_count": 1, "incidence_rate": 0.0,
                                          "accepted_count": 0}])
        land, social = self._line(run, self.unit_land, "unit"), self._line(run, self.unit_social, "unit")
        self.assertEqual((land.petition_count, land.late_visit_count), (4, 1))
        self.assertEqual((social.petition_count, social.local_resolved_count), (2, 1))
        self.assertTrue(self._line(run, self.unit_discipline, "unit"), "units without petitions are assessed too")
        self.assertEqual(self._line(run, self.unit_discipline, "unit").petition_count, 0)

        # score: weighted average of the rates that apply, minus 5 points per late response
        # A: (20×50 + 30×20 + 20×80 + 10×80 + 10×100 + 10×66.67) / 100 − 5
        self.assertAlmostEqual(line_a.score, 5666.6667 / 100 - 5, places=2)
        # B: (20×80 + 30×33.33 + 20×100 + 10×100 + 10×100 + 10×100) / 100
        self.assertAlmostEqual(line_b.score, 76.0, places=2)
        # C: no population, nothing accepted yet: (30×0 + 20×100) / 50
        self.assertAlmostEqual(line_c.score, 40.0, places=2)
        quiet, calm = self._line(run, self.village_d), self._line(run, self.village_e)
        self.assertEqual((quiet.score, calm.score), (100.0, 100.0))
        self.assertEqual(quiet.rank, calm.rank, "equal scores share a rank")
        self.assertLess(quiet.rank, line_b.rank)
        self.assertEqual(line_b.rank + 1, line_a.rank)
        self.assertEqual(line_a.rank + 1, line_c.rank)

    def test_figures_are_the_metrics_views(self):
        """One home per rule: each line's rates are the metrics view's averages over the same petitions."""
        self._build_township()
        run = self._run()
        Report = self.env["xinfang.petition.report"]
        period = [("registration_date", ">=", PERIOD[0]), ("registration_date", "<=", PERIOD[1])]
        local = [("closed_without_review", "=", True), ("responsible_level", "in", ["village", "township"]),
                 ("lodged_level", "in", ["village", "township"])]
        measures = ["timely_acceptance_rate", "on_time_rate", "satisfaction_rate", "cross_level_rate",
                    "passed_up_rate"]
        for scope, column in (("village", "village_id"), ("unit", "lead_unit_id")):
            domain = [*period, (column, "!=", False)]
            rows = Report._read_group(domain, [column], ["__count"] + [f"{m}:avg" for m in measures])
            self.assertTrue(rows)
            for department, count, *rates in rows:
                line = self._line(run, department, scope)
                self.assertEqual(line.petition_count, count)
                for measure, rate in zip(measures, rates, strict=True):
                    self.assertAlmostEqual(line[measure], rate or 0.0, places=2, msg=f"{scope} {measure}")
            resolved = dict(Report._read_group([*domain, *local], [column], ["__count"]))
            self.assertTrue(resolved)
            for line in run.line_ids.filtered(lambda ln, s=scope: ln.scope == s):
                self.assertEqual(line.local_resolved_count, resolved.get(line.department_id, 0))

    def test_local_level_setting_and_weights(self):
        self._build_township()
        ICP = self.env["ir.config_parameter"].sudo()
        ICP.set_param("xinfang_supervision.assessment_local_max_level", "village")
        run = self._run()
        expected = self._independent("village_id", local=("village",))
        line_a = self._line(run, self.village_a)
        self.assertEqual(line_a.local_resolved_count, 0, "a1 is the township's responsibility")
        self.assertAlmostEqual(line_a.local_resolution_rate, float(expected[self.village_a.id][1]))
        # a weight of 0 leaves the rate out; it is stored as 0, not dropped back to the default
        settings = self.env["res.config.settings"].create({
            "xinfang_assessment_weight_incidence": 0, "xinfang_assessment_weight_cross_level": 0,
            "xinfang_assessment_weight_timely_acceptance": 0, "xinfang_assessment_weight_on_time": 0,
            "xinfang_assessment_weight_satisfaction": 0, "xinfang_assessment_late_visit_penalty": 0,
            "xinfang_assessment_local_max_level": "township",
        })
        settings.execute()
        self.assertEqual(ICP.get_param("xinfang_supervision.assessment_weight_incidence"), "0")
        params = self.env["xinfang.assessment"]._get_params()
        self.assertEqual((params["weight_incidence"], params["weight_local_resolution"]), (0, 30))
        self.assertEqual(self.env["res.config.settings"].create({}).xinfang_assessment_weight_incidence, 0)
        run.action_compute()
        line_a = self._line(run, self.village_a)
        self.assertAlmostEqual(line_a.score, 20.0, msg="only the local resolution rate is weighted")

    def test_period_boundaries(self):
        self._build_township()
        first_day = self._run(period=(date(2026, 1, 1), date(2026, 1, 1)))
        self.assertEqual(self._line(first_day, self.village_a).petition_count, 1)
        self.assertFalse(first_day.is_yearly)
        last_day = self._run(period=(date(2026, 12, 31), date(2026, 12, 31)))
        self.assertEqual(self._line(last_day, self.village_b).petition_count, 1)
        self.assertEqual(self._line(last_day, self.village_a).petition_count, 0)
        with self.assertRaises(ValidationError):
            self._run(period=(date(2026, 2, 1), date(2026, 1, 1)))

    def test_rates_at_zero_and_hundred(self):
        with freeze_time("2026-03-02"):
            self.registered(village_id=self.village_d.id, lodged_level="city")  # cross-level, not accepted
        run = self._run()
        line = self._line(run, self.village_d)
        self.assertRecordValues(line, [{"petition_count": 1, "cross_level_rate": 100.0,
                                        "local_resolution_rate": 0.0, "incidence_rate": 12.5,
                                        "accepted_count": 0, "timely_acceptance_rate": 0.0}])
        # incidence 12.5 per 10,000 against a ceiling of 50 -> 75; local 0; cross 0: (20×75) / 70
        self.assertAlmostEqual(line.score, 1500 / 70, places=2)

    # --- cross-level (越级) and passed up (小事不出村) -----------------------------------------------
    def _village_d_petitions(self):
        d = {"village_id": self.village_d.id}
        self.passed_up = self._closed("2026-02-02", lodged_level="township", responsible_level="village", **d)
        self.in_village = self._closed("2026-02-03", lodged_level="village", responsible_level="village", **d)
        with freeze_time("2026-02-04"):
            self.to_county = self.registered(lodged_level="county", responsible_level="village", **d)
        self.township = self._closed("2026-02-05", **d)

    def test_village_matter_at_the_township_is_passed_up_not_cross_level(self):
        self._village_d_petitions()
        self.assertRecordValues(self.passed_up | self.to_county | self.township, [
            {"is_cross_level": False, "is_passed_up": True},
            {"is_cross_level": True, "is_passed_up": False},
            {"is_cross_level": False, "is_passed_up": False},
        ])
        run = self._run()
        self._assert_figures(run, "village", self._independent("village_id"))
        # the township resolved the village matter: resolved locally; only the county visit is 越级
        self.assertRecordValues(self._line(run, self.village_d), [{
            "petition_count": 4, "cross_level_count": 1, "cross_level_rate": 25.0,
            "passed_up_count": 1, "passed_up_rate": 25.0,
            "local_resolved_count": 3, "local_resolution_rate": 75.0,
        }])
        # the metrics view agrees
        [(cross, passed_up)] = self.env["xinfang.petition.report"]._read_group(
            [("village_id", "=", self.village_d.id)], [], ["cross_level_rate:avg", "passed_up_rate:avg"])
        self.assertEqual((cross, passed_up), (25.0, 25.0))

    def test_passed_up_matter_is_not_local_when_only_the_village_is(self):
        """小事不出村: with "village only", the village matter the township resolved counts against the village."""
        self._village_d_petitions()
        self.env["ir.config_parameter"].sudo().set_param("xinfang_supervision.assessment_local_max_level", "village")
        run = self._run()
        self._assert_figures(run, "village", self._independent("village_id", local=("village",)))
        self.assertRecordValues(self._line(run, self.village_d), [{
            "local_resolved_count": 1, "local_resolution_rate": 25.0, "cross_level_count": 1, "passed_up_count": 1,
        }])

    # --- collective visits to the province and Beijing: the departure counts, not the arrival ----------
    def _far_visit(self, destination, village, dispatch_minutes, arrive_minutes):
        principal = self.env["hr.employee"].create({"name": "Principal Zhao", "xinfang_role": "principal_leader"})
        notified = datetime(2026, 6, 1, 2, 0)
        with freeze_time(notified):
            visit = self.env["xinfang.collective.visit"].create({
                "subject": "Group on the way to the capital", "destination_level": destination, "head_count": 6,
                "notified_at": notified, "village_id": village.id,
                "leader_ids": [(0, 0, {"employee_id": principal.id})],
            })
        with freeze_time(notified + timedelta(minutes=dispatch_minutes)):
            visit.action_dispatch()
        with freeze_time(notified + timedelta(minutes=arrive_minutes)):
            visit.leader_ids.action_check_in()
        return visit

    def test_late_departure_costs_points_late_arrival_does_not(self):
        set_off_in_time = self._far_visit("province", self.village_d, 30, 600)  # arrives 10 hours later
        set_off_late = self._far_visit("national", self.village_e, 121, 150)
        self.assertEqual((set_off_in_time.late, set_off_in_time.departure_late), (False, False))
        self.assertEqual((set_off_late.late, set_off_late.departure_late), (False, True))
        run = self._run()
        quiet, calm = self._line(run, self.village_d), self._line(run, self.village_e)
        self.assertEqual((quiet.late_visit_count, quiet.score), (0, 100.0))
        self.assertEqual((calm.late_visit_count, calm.score), (1, 95.0))

    # --- key management, commendation, pay linkage -------------------------------------------------
    def test_key_management_blocks_commendation(self):
        self._build_township()
        KeyManagement = self.env["xinfang.key.management"].with_user(self.user_leader)
        key_a = KeyManagement.create({"department_id": self.village_a.id, "date_from": "2026-06-01",
                                      "date_to": "2026-06-30", "reason": "Repeated collective visits"})
        self.assertEqual((key_a.party_secretary_id, key_a.director_id), (self.secretary, self.village_director))
        KeyManagement.create({"department_id": self.village_b.id, "date_from": "2025-01-01",
                              "date_to": "2025-12-31", "reason": "Last year's land dispute"})
        current = KeyManagement.create({"department_id": self.village_c.id, "date_from": "2027-01-05",
                                        "reason": "Unrest over the quarry"})
        run = self._run()
        line_a, line_b, line_c = (self._line(run, v) for v in (self.village_a, self.village_b, self.village_c))
        with freeze_time("2027-01-10"):
            self.assertTrue(current.is_current)
            self.assertEqual(KeyManagement.search([("is_current", "=", True)]), current)
            self.assertEqual((line_a.under_key_management, line_b.under_key_management,
                              line_c.under_key_management), (True, False, True))
            self.assertEqual(line_a.key_management_ids.reason, "Repeated collective visits")
            with self.assertRaisesRegex(UserError, "under key management .* cannot be proposed for commendation"):
                line_a.with_user(self.user_leader).action_propose_commendation()
            with self.assertRaises(UserError):
                line_c.with_user(self.user_director).action_propose_commendation()
            with self.assertRaises(ValidationError):
                line_a.write({"commendation_proposed": True})
            with self.assertRaises(UserError):
                line_b.with_user(self.user_staff).action_propose_commendation()
            line_b.with_user(self.user_leader).action_propose_commendation()
            self.assertTrue(line_b.commendation_proposed)
            run.action_compute()  # a recomputation keeps the proposal
            self.assertTrue(self._line(run, self.village_b).commendation_proposed)
        with freeze_time("2027-01-04"):
            self.assertFalse(current.is_current)

    def test_results_for_pay_linkage_and_access(self):
        self._build_township()
        with self.assertRaises(AccessError):
            self._run(user=self.user_staff)
        run = self._run()
        line_a = self._line(run, self.village_a)
        secretary = self.secretary.with_user(self.user_hr)
        self.assertEqual(secretary.xinfang_assessment_line_ids, line_a)
        self.assertEqual(self.village_director.with_user(self.user_hr).xinfang_assessment_line_ids, line_a)
        self.assertEqual(secretary.xinfang_assessment_line_ids.rank, line_a.rank)
        self.assertTrue(self.env["xinfang.assessment.line"].with_user(self.user_staff).search_count([]))
        for user in (self.user_handler, self.user_mediator, self.user_finance):
            with self.assertRaises(AccessError):
                self.env["xinfang.assessment.line"].with_user(user).search([])
        with self.assertRaises(AccessError):
            line_a.with_user(self.user_hr).write({"rank": 1})
