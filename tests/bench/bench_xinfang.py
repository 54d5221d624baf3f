"""`make bench`: xinfang against Odoo's own peers and raw PostgreSQL, measured side by side in one run.

Prints one line per figure on stdout, ``name: value unit (N.NNx baseline)``, progress on stderr, and
writes the lines to ``bench-results/latest.txt``:

  registration  petitions/s created and registered one per transaction as office staff (number,
                deadlines, activity, tracking, audit log) vs project.task created the same way
                (peer); registration_raw_insert: raw single-row INSERT + COMMIT (ceiling)
  import        petitions/s batch-created from data/ CSV (tracking off) vs COPY + INSERT ... SELECT
  assessment    seconds for the village figures of one year (xinfang.assessment) with 1,000,000
                petitions vs hand-written SQL; get_rates and the whole action_compute as extra lines
  cron          seconds of the deadline cron with 1,000 due among 1,000,000 vs among 10,000
  queries       queries of form open + list of 80 + registration at 1,000,000 vs at 1,000 rows
  web           requests/s of 20 users (list, open, register) on 4 workers vs the same on project.task

Usage: bench_xinfang.py --db DB [--quick]   (the database must have both addons and project installed;
scripts/bench.sh creates it). ``--quick`` shrinks every size for a smoke run.
"""

import argparse
import contextlib
import csv
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(ROOT / "data")]

import bench_data  # noqa: E402
import township  # noqa: E402
from bench_start_page import describe, measure_start_page, report_start_page  # noqa: E402

TZ = "Asia/Shanghai"
STARTED = time.monotonic()


def log(message):
    print(f"[bench {time.monotonic() - STARTED:6.0f} s] {message}", file=sys.stderr, flush=True)


class Results:
    def __init__(self):
        self.lines = []

    def add(self, name, value, unit, baseline=None, fmt=".1f"):
        """One figure; ``baseline`` is the value of the same figure for the baseline (ratio = value / baseline)."""
        line = f"{name}: {value:{fmt}} {unit}"
        if baseline is not None:
            line += f" ({value / baseline if baseline else float('inf'):.2f}x baseline)"
        self.lines.append(line)
        print(line, flush=True)

    def note(self, text):
        self.lines.append(f"# {text}")

    def write(self, path):
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def machine():
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} CPUs, {memory:.0f} GiB RAM, {platform.platform()}"


class Bench:
    def __init__(self, db, quick=False):
        import odoo  # noqa: F401  (the venv links Odoo in)
        from odoo.tools import config

        self.db = db
        self.quick = quick
        config.parse_config(["-c", str(ROOT / ".odoo" / "odoo.conf"), "-d", db, "--log-level=warn",
                             "--max-cron-threads=0"], setup_logging=True)
        from odoo.modules.registry import Registry

        self.registry = Registry(db)
        self.results = Results()
        self.refs = None
        self.sizes = {
            "registration": 60 if quick else 300, "rounds": 3, "import": 5_000 if quick else 100_000,
            "import_audited": 500 if quick else 10_000,
            "small": 1_000, "cron_small": 10_000, "large": 50_000 if quick else 1_000_000,
            "due": 200 if quick else 1_000, "web_seconds": 10 if quick else 60, "web_users": 20,
        }

    # -- helpers -----------------------------------------------------------------------------------
    def env(self, cr, uid=None, **context):
        from odoo import SUPERUSER_ID, api

        return api.Environment(cr, uid or SUPERUSER_ID, {"tz": TZ, "lang": "en_US", **context})

    def today(self):
        from odoo import fields

        with self.registry.cursor() as cr:
            return fields.Date.context_today(self.env(cr)["xinfang.petition"])

    def psql(self):
        import psycopg2

        from odoo.sql_db import connection_info_for

        _db, info = connection_info_for(self.db)
        info.pop("application_name", None)
        return psycopg2.connect(**info)

    def sql(self, query, params=None, fetch=True):
        with self.registry.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if fetch else None

    # -- setup -----------------------------------------------------------------------------------
    def setup(self):
        log("organisation: villages, units, 20 office users, a project (data/bench_data.py)")
        with self.registry.cursor() as cr:
            env = self.env(cr)
            refs = bench_data.build_organisation(env, users=self.sizes["web_users"])
            project = env["project.project"].browse(refs["project_id"])
            refs["task_stage_ids"] = project.type_ids.sorted("sequence").ids
            refs["village_ids"] = list(refs["villages"].values())
            refs["leaf_category_ids"] = list(refs["leaf_categories"].values())
            # petitioners for the web load's registrations
            rows = list(township.petitions(2_000, seed=11, date_from=self.today() - timedelta(days=365),
                                           date_to=self.today()))
            refs["petitioner_ids"] = list(bench_data.create_petitioners(env, rows, refs).values())
        self.refs = refs

    # -- 1. registration -------------------------------------------------------------------------
    def bench_registration(self):
        n, rounds = self.sizes["registration"], self.sizes["rounds"]
        today = self.today()
        rows = list(township.petitions(n + 10, seed=7, date_from=today - timedelta(days=60), date_to=today))
        # the same registrations with the petition audit rule paused: what the audit log costs
        unaudited_rows = list(township.petitions(n, seed=8, date_from=today - timedelta(days=60), date_to=today))
        with self.registry.cursor() as cr:
            people = bench_data.create_petitioners(self.env(cr), rows + unaudited_rows, self.refs)
        staff = self.refs["users"][0]
        tasks_made, petitions_made = [], []

        def register(row):
            with self.registry.cursor() as cr:
                env = self.env(cr, staff)
                vals = bench_data.registration_vals(row, self.refs, people[row["petitioner_id_number"]])
                petition = env["xinfang.petition"].create(vals)
                petition.action_register()
                petitions_made.append(petition.id)

        def create_task(row):
            with self.registry.cursor() as cr:
                env = self.env(cr, staff)
                task = env["project.task"].create({
                    "name": row["subject"], "project_id": self.refs["project_id"], "description": row["content"],
                    "user_ids": [(6, 0, [staff])], "date_deadline": row["registration_date"] + timedelta(days=15),
                })
                tasks_made.append(task.id)

        connection = self.psql()
        raw_cursor = connection.cursor()
        counter = iter(range(10**9))

        def raw_insert(row):
            raw_cursor.execute(
                """INSERT INTO xinfang_petition (name, company_id, registered_by_id, create_uid, write_uid,
                       create_date, write_date, active, registration_date, state, channel, subject, content, request,
                       nature, category_id, village_id, lodged_level, responsible_level, is_cross_level, is_major,
                       simplified, head_count, is_collective, petitioner_id, acceptance_deadline, current_deadline,
                       deadline_status)
                   VALUES (%s, %s, %s, %s, %s, now() at time zone 'UTC', now() at time zone 'UTC', true, %s,
                       'to_accept', %s, %s, %s, %s, %s, %s, %s, %s, %s, false, %s, %s, %s, %s, %s, %s, %s, 'ok')""",
                (f"RAW{next(counter):07d}", self.refs["company_id"], staff, staff, staff, row["registration_date"],
                 row["channel"], row["subject"], row["content"], row["request"], row["nature"],
                 self.refs["categories"][row["category"]], self.refs["villages"][row["village"]],
                 row["lodged_level"], row["responsible_level"], row["is_major"], row["simplified"],
                 row["head_count"], row["head_count"] >= 5, people[row["petitioner_id_number"]],
                 row["registration_date"] + timedelta(days=15), row["registration_date"] + timedelta(days=15)))
            connection.commit()

        log("registration: warm-up (caches, as a running server has them)")
        for row in rows[n:]:
            register(row)
            create_task(row)
        times = {"petition": 0.0, "task": 0.0, "raw": 0.0, "unaudited": 0.0}
        for k in range(rounds):  # interleaved rounds: the machine's noise hits all of them alike
            chunk = rows[k:n:rounds]
            for name, func in (("petition", register), ("task", create_task), ("raw", raw_insert)):
                start = time.perf_counter()
                for row in chunk:
                    func(row)
                times[name] += time.perf_counter() - start
            self.audit_petitions(False)
            start = time.perf_counter()
            for row in unaudited_rows[k:n:rounds]:
                register(row)
            times["unaudited"] += time.perf_counter() - start
            self.audit_petitions(True)
            log(f"registration round {k + 1}/{rounds}: " + ", ".join(f"{k2} {v:.1f} s" for k2, v in times.items()))
        connection.close()
        rate = {name: n / seconds for name, seconds in times.items()}
        self.results.add("registration", rate["petition"], "petitions/s", rate["task"])
        self.results.add("registration_peer_project_task", rate["task"], "tasks/s")
        self.results.add("registration_without_audit_log", rate["unaudited"], "petitions/s", rate["task"])
        self.results.add("registration_raw_insert", rate["raw"], "rows/s", rate["petition"])
        self.sample_petition = petitions_made[0]

    def audit_petitions(self, on):
        """Subscribe (``on``) or pause the audit rule on petitions (auditlog patches the model's methods)."""
        with self.registry.cursor() as cr:
            rule = self.env(cr).ref("xinfang_petition.auditlog_rule_xinfang_petition")
            if on:
                rule.set_to_confirmed()
            else:
                rule.set_to_draft()

    # -- 5. query counts -------------------------------------------------------------------------
    def query_counts(self):
        """Queries of: opening a petition form, a list page of 80, one registration (warm caches)."""
        from lxml import etree

        staff = self.refs["users"][0]
        with self.registry.cursor() as cr:
            env = self.env(cr, staff)
            Petition = env["xinfang.petition"]

            def spec(view_type):
                arch = Petition.get_views([(False, view_type)])["views"][view_type]["arch"]
                root = etree.fromstring(arch)
                names = {node.get("name") for node in root.iter("field")
                         if not any(parent.tag == "field" for parent in node.iterancestors())}
                return {name: ({"fields": {"display_name": {}}}
                               if Petition._fields[name].type in ("many2one", "one2many", "many2many") else {})
                        for name in names & set(Petition._fields)}

            form_spec, list_spec = spec("form"), spec("list")
            target = Petition.browse(self.sample_petition)
            people = iter(self.refs["petitioner_ids"][-50:])
            # The same first page at every size: 80 petitions registered today (rolled back below).
            # Otherwise the page at 1,000 rows holds registered petitions (activities to read) and the
            # page at 1,000,000 the fill's rows (none): the count would follow the page, not the table.
            page = Petition.create([{
                "subject": "Query count page", "channel": "visit", "category_id": category,
                "village_id": village, "petitioner_id": person,
            } for category, village, person in zip(
                self.refs["leaf_category_ids"] * 80, self.refs["village_ids"] * 80,
                self.refs["petitioner_ids"][:80], strict=False)])
            page.action_register()
            env.flush_all()

            def count(func):
                env.invalidate_all()
                func()  # warm the ormcaches (access rules, views) as a running server has them
                env.invalidate_all()
                before = cr.sql_log_count
                func()
                return cr.sql_log_count - before

            def register():
                petition = Petition.create({
                    "subject": "Query count", "channel": "visit", "category_id": self.refs["leaf_category_ids"][0],
                    "village_id": self.refs["village_ids"][0], "petitioner_id": next(people)})
                petition.action_register()
                env.flush_all()

            def list_page():
                result = Petition.web_search_read([], list_spec, limit=80, count_limit=10001)
                if {record["id"] for record in result["records"]} != set(page.ids):
                    raise RuntimeError("the first page of the list is not the 80 petitions registered for it")

            counts = {
                "form": count(lambda: target.web_read(form_spec)),
                "list": count(list_page),
                "register": count(register),
            }
            cr.rollback()
        return counts

    # -- 4. cron ---------------------------------------------------------------------------------
    def time_cron(self):
        """Seconds of the deadline cron with ``due`` petitions due (rolled back afterwards); best of 3."""
        due = self.sizes["due"]
        with self.registry.cursor() as cr:  # yesterday's run: every flag current before the measure
            self.env(cr)["xinfang.petition"]._cron_deadline_check()
        timings = []
        for _attempt in range(3):
            with self.registry.cursor() as cr:
                env = self.env(cr)
                today = env["xinfang.petition"]._today()
                # the latest petitions become due: handled, deadline yesterday, flag still "on track"
                cr.execute("""
                    UPDATE xinfang_petition SET state = 'handling', handling_deadline = %(day)s,
                           current_deadline = %(day)s, deadline_status = 'ok'
                     WHERE id IN (SELECT id FROM xinfang_petition WHERE name LIKE 'BF%%'
                                   ORDER BY registration_date DESC, id DESC LIMIT %(due)s)
                """, {"day": today - timedelta(days=1), "due": due})
                env.invalidate_all()
                start = time.perf_counter()
                changed = env["xinfang.petition"]._cron_deadline_check()
                cr.flush()
                timings.append(time.perf_counter() - start)
                if len(changed) != due:
                    raise RuntimeError(f"the cron changed {len(changed)} petitions, {due} were due")
                cr.rollback()
        return min(timings)

    # -- fills -----------------------------------------------------------------------------------
    def fill(self, total):
        import psycopg2

        start = time.perf_counter()
        with self.registry.cursor() as cr:
            added = bench_data.sql_fill(cr, total, self.refs, self.today(), self.refs["users"][0])
        if added:
            connection = self.psql()
            connection.autocommit = True
            cursor = connection.cursor()
            cursor.execute("VACUUM ANALYZE xinfang_petition")
            # write the fill's dirty pages out now, not during the next measure (needs a superuser)
            with contextlib.suppress(psycopg2.Error):
                cursor.execute("CHECKPOINT")
            connection.close()
        log(f"table filled to {total:,} petitions (+{added:,} by INSERT ... SELECT generate_series, "
            f"{time.perf_counter() - start:.1f} s)")

    # -- 2. import -------------------------------------------------------------------------------
    def bench_import(self):
        """ORM batch create vs COPY + INSERT ... SELECT, both from the CSV text, chunk by chunk alternately."""
        n, sample, chunks = self.sizes["import"], self.sizes["import_audited"], 10
        with tempfile.TemporaryDirectory(prefix="xf_bench_") as tmp:
            path = Path(tmp) / "petitions.csv"
            log(f"import: generating {n + sample:,} petitions as CSV (data/township.py --csv)")
            subprocess.run([sys.executable, str(ROOT / "data" / "township.py"), "--csv", str(n + sample), str(path),
                            "--year", str(self.today().year - 2)], check=True)
            with open(path, encoding="utf-8", newline="") as handle:
                header, *lines = handle.read().splitlines(keepends=True)

        # The import as a file import is audited: the petition audit rule on, one log for the file (who,
        # when, its SHA-256, its rows and the numbers) instead of a log per row; against the same import
        # with the rule paused, chunk by chunk alternately, and against raw SQL.
        orm = audited = raw = 0.0
        inserted = audited_rows = 0
        connection = self.psql()
        size = -(-n // chunks)
        for first in range(0, n, size):
            chunk = lines[first:first + size]
            self.audit_petitions(False)
            try:
                orm += self._orm_import(header, chunk, "HO")
            finally:
                self.audit_petitions(True)
            part = lines[n + audited_rows:n + audited_rows + -(-sample // chunks)]
            audited += self._orm_import(header, part, "HA", file_name=f"history-{first}.csv")
            audited_rows += len(part)
            start = time.perf_counter()
            with connection, connection.cursor() as cursor:
                inserted += bench_data.sql_import_lines(cursor, "".join(chunk), self.refs, "HR",
                                                        self.refs["users"][0])
            raw += time.perf_counter() - start
            log(f"import: {first + len(chunk):,}/{n:,}: ORM {orm:.1f} s, with the audit log {audited:.1f} s "
                f"({audited_rows:,} rows), raw {raw:.1f} s")
        connection.close()
        self.results.add("import", n / orm, "petitions/s", inserted / raw, fmt=".0f")
        self.results.add("import_with_audit_log", audited_rows / audited, "petitions/s", n / orm, fmt=".0f")
        self.results.add("import_raw_insert_select", inserted / raw, "petitions/s", fmt=".0f")

    def _orm_import(self, header, lines, prefix, batch=1000, file_name=None):
        """Seconds to parse CSV ``lines`` and create them as petitions, a transaction per batch of 1,000.

        With ``file_name`` the petition audit rule is on and the import is audited once per file
        (``auditlog.log._xinfang_log_file_import``), as the referral import does.
        """
        start = time.perf_counter()
        text = "".join([header, *lines]).encode()
        from odoo.addons.xinfang_petition.models.auditlog_rule_insert import FILE_IMPORT

        rows = list(csv.DictReader([header, *lines]))
        for first in range(0, len(rows), batch):
            with self.registry.cursor() as cr:
                # an import of history is a superuser job: the workflow guard refuses states and dates
                # from users (they come through the steps), and the history has them already
                env = self.env(cr, tracking_disable=True, xinfang_file_import=FILE_IMPORT if file_name else None)
                petitions = env["xinfang.petition"].create([
                    bench_data.import_vals(row, self.refs, f"{prefix}{int(row['seq']):06d}")
                    for row in rows[first:first + batch]
                ])
                if file_name:
                    env["auditlog.log"]._xinfang_log_file_import(
                        petitions, file_name, hashlib.sha256(text).hexdigest(), len(rows))
        return time.perf_counter() - start

    # -- 3. assessment ---------------------------------------------------------------------------
    # What a hand-writer would write: aggregate the period once, then join the villages' population.
    ASSESSMENT_SQL = """
        WITH figures AS (
            SELECT p.village_id, COUNT(*) AS petitions,
                   COUNT(*) FILTER (WHERE p.state = 'closed' AND p.review_request_date IS NULL
                                      AND p.responsible_level IN ('village', 'township')
                                      AND p.is_cross_level IS NOT TRUE) AS local,
                   COUNT(*) FILTER (WHERE p.is_cross_level) AS cross_level,
                   COUNT(p.accept_date) AS accepted, COUNT(p.reply_date) AS replied,
                   COUNT(p.satisfaction) AS surveyed,
                   COUNT(*) FILTER (WHERE p.accept_date IS NOT NULL AND p.accepted_on_time) AS timely,
                   COUNT(*) FILTER (WHERE p.reply_date IS NOT NULL AND p.replied_on_time) AS on_time,
                   COUNT(*) FILTER (WHERE p.satisfaction IN ('satisfied', 'basic')) AS satisfied
              FROM xinfang_petition p
             WHERE p.state != 'draft' AND p.active AND p.village_id IS NOT NULL
               AND p.registration_date BETWEEN %(date_from)s AND %(date_to)s
             GROUP BY p.village_id
        )
        SELECT f.village_id, d.population, f.petitions, f.local, f.cross_level, f.accepted, f.replied, f.surveyed,
               100.0 * f.timely / NULLIF(f.accepted, 0), 100.0 * f.on_time / NULLIF(f.replied, 0),
               100.0 * f.satisfied / NULLIF(f.surveyed, 0),
               10000.0 * f.petitions / NULLIF(d.population, 0)
          FROM figures f
          JOIN hr_department d ON d.id = f.village_id
    """
    RATES_SQL = """
        SELECT p.village_id, COUNT(*),
               AVG(CASE WHEN p.accept_date IS NULL THEN NULL WHEN p.accepted_on_time THEN 100.0 ELSE 0.0 END),
               AVG(CASE WHEN p.reply_date IS NULL THEN NULL WHEN p.replied_on_time THEN 100.0 ELSE 0.0 END),
               AVG(CASE WHEN p.satisfaction IS NULL THEN NULL
                        WHEN p.satisfaction IN ('satisfied', 'basic') THEN 100.0 ELSE 0.0 END),
               AVG(CASE WHEN p.is_repeat THEN 100.0 ELSE 0.0 END)
          FROM xinfang_petition p
         WHERE p.state != 'draft' AND p.active AND p.registration_date BETWEEN %(date_from)s AND %(date_to)s
         GROUP BY p.village_id
    """

    def bench_assessment(self):
        year = self.today().year - 1
        period = {"date_from": date(year, 1, 1), "date_to": date(year, 12, 31)}
        repeat = 7
        with self.registry.cursor() as cr:
            env = self.env(cr)
            run = env["xinfang.assessment"].create(period)
            params = run._get_params()
            Report = env["xinfang.petition.report"]

            def orm_villages():
                env.invalidate_all()
                return run._prepare_line_vals("village", params)

            def orm_rates():
                env.invalidate_all()
                return Report.get_rates(period["date_from"], period["date_to"], groupby="village_id")

            def orm_compute():
                env.invalidate_all()
                run.action_compute()
                env.flush_all()

            def raw(query):
                def run_query():
                    cr.execute(query, period)
                    return cr.fetchall()
                return run_query

            timings = {name: [] for name in ("orm", "sql", "rates", "rates_sql", "compute")}
            funcs = {"orm": orm_villages, "sql": raw(self.ASSESSMENT_SQL), "rates": orm_rates,
                     "rates_sql": raw(self.RATES_SQL), "compute": orm_compute}
            for func in funcs.values():
                func()  # warm: caches, and the table's pages in PostgreSQL's buffers
            for _i in range(repeat):  # interleaved; the median of each
                for name, func in funcs.items():
                    start = time.perf_counter()
                    func()
                    timings[name].append(time.perf_counter() - start)
            villages = orm_villages()
            sql_rows = {row[0]: row for row in raw(self.ASSESSMENT_SQL)()}
            self._check_assessment(villages, sql_rows)
            cr.rollback()
        median = {name: statistics.median(values) for name, values in timings.items()}
        log("assessment medians: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in median.items()))
        self.results.add("assessment", median["orm"], "s", median["sql"], fmt=".3f")
        self.results.add("assessment_sql", median["sql"], "s", fmt=".3f")
        self.results.add("assessment_get_rates", median["rates"], "s", median["rates_sql"], fmt=".3f")
        self.results.add("assessment_action_compute", median["compute"], "s", median["sql"], fmt=".3f")

    @staticmethod
    def _check_assessment(vals_list, sql_rows):
        """The ORM and the hand-written SQL give the same figures (else the comparison means nothing)."""
        for vals in vals_list:
            row = sql_rows.get(vals["department_id"])
            if not row:
                if vals["petition_count"]:
                    raise RuntimeError(f"village {vals['department_id']}: figures missing from the SQL")
                continue
            expected = {"petition_count": row[2], "local_resolved_count": row[3], "cross_level_count": row[4],
                        "accepted_count": row[5], "replied_count": row[6], "surveyed_count": row[7],
                        "timely_acceptance_rate": float(row[8] or 0), "on_time_rate": float(row[9] or 0),
                        "satisfaction_rate": float(row[10] or 0)}
            for key, value in expected.items():
                if abs((vals[key] or 0) - value) > 1e-6:
                    raise RuntimeError(f"village {vals['department_id']}: {key} ORM {vals[key]} != SQL {value}")

    # -- 6. web ----------------------------------------------------------------------------------
    def bench_web(self):
        import bench_web

        log_path = ROOT / "bench-results" / "web-server.log"
        log_path.parent.mkdir(exist_ok=True)
        results = bench_web.bench_web(self.db, self.refs, users=self.sizes["web_users"],
                                      seconds=self.sizes["web_seconds"], log=log, log_path=log_path)
        rate, p95, count, errors = results["petition"]
        task_rate, task_p95, task_count, task_errors = results["task"]
        self.results.add("web", rate, "req/s", task_rate)
        self.results.add("web_p95", p95 * 1000, "ms", task_p95 * 1000, fmt=".0f")
        self.results.add("web_peer_project_task", task_rate, "req/s")
        self.results.add("web_peer_p95", task_p95 * 1000, "ms", fmt=".0f")
        self.results.add("web_errors", len(errors) + len(task_errors), "failed requests", fmt="d")
        self.results.note(f"web requests: petitions {count} ({len(errors)} failed), "
                          f"tasks {task_count} ({len(task_errors)} failed)")
        if errors or task_errors:
            self.results.note(f"web errors: petitions {len(errors)}, tasks {len(task_errors)}: "
                              f"{(errors or task_errors)[0]}")

    # -- the run ---------------------------------------------------------------------------------
    def run(self):
        s = self.sizes
        self.results.note(f"{datetime.now():%Y-%m-%d %H:%M} {machine()}; PostgreSQL "
                          f"{self.sql('SHOW server_version')[0][0]}; database {self.db}")
        self.setup()

        self.bench_registration()

        self.fill(s["small"])
        small = self.query_counts()
        log(f"queries at {s['small']:,}: {small}")
        start_small = measure_start_page(self)
        log(describe(start_small))

        self.fill(s["cron_small"])
        cron_small = self.time_cron()
        log(f"cron at {s['cron_small']:,} petitions, {s['due']:,} due: {cron_small:.2f} s")

        self.bench_import()

        self.fill(s["large"])
        cron_large = self.time_cron()
        log(f"cron at {s['large']:,} petitions, {s['due']:,} due: {cron_large:.2f} s")
        self.results.add("cron", cron_large, "s", cron_small, fmt=".2f")
        self.results.add("cron_small_table", cron_small, "s", fmt=".2f")

        large = self.query_counts()
        log(f"queries at {s['large']:,}: {large}")
        start_large = measure_start_page(self)
        log(describe(start_large))
        self.results.add("queries", sum(large.values()), "queries", sum(small.values()), fmt="d")
        for key in large:
            self.results.add(f"queries_{key}", large[key], "queries", small[key], fmt="d")

        report_start_page(self.results, start_small, start_large)
        self.bench_assessment()

        refs_path = ROOT / "bench-results" / "refs.json"
        refs_path.parent.mkdir(exist_ok=True)
        refs_path.write_text(json.dumps({k: v for k, v in self.refs.items() if k != "populations"}))
        self.bench_web()

        self.results.note(f"sizes: {s}; total {time.monotonic() - STARTED:.0f} s")
        self.results.write(ROOT / "bench-results" / "latest.txt")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of every figure")
    args = parser.parse_args()
    Bench(args.db, quick=args.quick).run()


if __name__ == "__main__":
    main()
