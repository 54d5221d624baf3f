"""Benchmark figure ``start_page``: the workbench start page (``xinfang.workbench.get_today``) at 1,000,000
petitions vs the same call at 1,000, and its query count at both sizes (it must not grow with the table).

Used by ``bench_xinfang.Bench.run`` (the harness builds the organisation and fills the petition table)::

    self.fill(s["small"])
    start_small = measure_start_page(self)
    ...
    self.fill(s["large"])
    start_large = measure_start_page(self)
    report_start_page(self.results, start_small, start_large)

It can also run on its own against a database already set up by the harness (or set up now), e.g.
``.venv/bin/python tests/bench/bench_start_page.py --db xf_sp --sizes 1000,1000000``.

What is measured, for three users of the township (the harness's office users are staff; a leader and a
handler of one lead unit are added inside the measuring transaction and rolled back with it):

- ``staff``: an office user of ``refs["users"]`` (sees every petition);
- ``leader``: a principal leader (sees every petition, has an approval inbox);
- ``handler``: a handler of the land office (自然资源所), whose record rule keeps them to the own unit's
  petitions: the rule's OR (handler, lead unit, co-handling units) is part of every deadline query.

The fill leaves no deadline due soon (it moves them past the horizon, see ``bench_data.sql_fill``) and many
old open petitions overdue. So that the due-soon figure reads rows too, the latest ``due`` open petitions with
a running clock get a deadline between today and the horizon for the measure (rolled back afterwards).

Each user's call is warmed once (the ormcaches of rules, settings and translations, as a running server
has them; the table's pages in PostgreSQL's buffers), then timed ``runs`` times with ``env.invalidate_all()``
before each call, users interleaved; the figure is the median. The query count is that of one warm call.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(ROOT / "data")]

ROLES = ("staff", "leader", "handler")
HANDLER_UNIT = "zrzy"  # 自然资源所: leads the land petitions (township.UNITS)
OPEN_CLOCKS = {"to_accept": "acceptance_deadline", "accepted": "handling_deadline",
               "handling": "handling_deadline"}


def _start_page_users(env, refs):
    """{role: uid}: an office user of the harness, and a leader and a handler created now (no password)."""
    group = "xinfang_petition.group_xinfang_"
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    Employee = env["hr.employee"].with_context(tracking_disable=True)
    company = env["res.company"].browse(refs["company_id"])
    users = {"staff": refs["users"][0]}
    for role, login, group_name, vals in (
        ("leader", "bench_start_leader", "leader", {"xinfang_role": "principal_leader", "job_title": "党委书记"}),
        ("handler", "bench_start_handler", "handler",
         {"xinfang_role": "handler", "department_id": refs["units"][HANDLER_UNIT]}),
    ):
        user = Users.create({
            "name": f"Bench {role.title()}", "login": login, "tz": "Asia/Shanghai", "company_id": company.id,
            "company_ids": [(6, 0, company.ids)], "notification_type": "inbox",
            "group_ids": [(6, 0, (env.ref("base.group_user") | env.ref(group + group_name)).ids)],
        })
        Employee.create({"name": user.name, "user_id": user.id, "company_id": company.id, **vals})
        users[role] = user.id
    return users


def _make_due_soon(cr, env, due, unit):
    """The latest ``due`` open petitions with a running clock become due between today and the horizon."""
    Petition = env["xinfang.petition"]
    today = Petition._today()
    near_days = Petition._get_param("near_due_days", 3)
    cr.execute("""
        UPDATE xinfang_petition p
           SET current_deadline = %(today)s::date + p.id %% %(days)s,
               acceptance_deadline = CASE WHEN p.state = 'to_accept' THEN %(today)s::date + p.id %% %(days)s
                                          ELSE p.acceptance_deadline END,
               handling_deadline = CASE WHEN p.state IN ('accepted', 'handling')
                                        THEN %(today)s::date + p.id %% %(days)s ELSE p.handling_deadline END,
               deadline_status = 'near'
         WHERE p.id IN (SELECT id FROM xinfang_petition WHERE state IN %(states)s AND current_deadline IS NOT NULL
                         ORDER BY registration_date DESC, id DESC LIMIT %(due)s)
    """, {"today": today, "days": near_days + 1, "states": tuple(OPEN_CLOCKS), "due": due})
    made = cr.rowcount
    # the latest 20 of them led by the handler's unit, at every size: the handler's call runs the same
    # branches at both sizes, so its query counts compare (the small fill may have none of that unit)
    cr.execute("""
        UPDATE xinfang_petition SET lead_unit_id = %(unit)s
         WHERE id IN (SELECT id FROM xinfang_petition WHERE deadline_status = 'near' AND state IN %(states)s
                       ORDER BY registration_date DESC, id DESC LIMIT 20)
    """, {"unit": unit, "states": tuple(OPEN_CLOCKS)})
    return made


def measure_start_page(bench, runs=7, due=None):
    """Time ``xinfang.workbench.get_today()`` and count its queries for a staff user, a leader and a handler.

    ``bench`` is a ``bench_xinfang.Bench`` after ``setup()`` and a ``fill()``. Runs in one transaction,
    rolled back (the added users and the due-soon deadlines leave nothing behind). Returns::

        {"petitions": N, "due_soon_set": n, "seconds": median of the staff user's calls,
         "queries": the staff user's query count,
         "users": {role: {"seconds": median, "min": s, "max": s, "queries": q,
                          "overdue": o, "due_soon": d, "units": u}}}
    """
    due = due or bench.sizes.get("due", 1_000)
    with bench.registry.cursor() as cr:
        env = bench.env(cr)
        cr.execute("SELECT count(*) FROM xinfang_petition")
        petitions = cr.fetchone()[0]
        users = _start_page_users(env, bench.refs)
        due_set = _make_due_soon(cr, env, due, bench.refs["units"][HANDLER_UNIT])
        env.flush_all()
        env.invalidate_all()

        envs = {role: bench.env(cr, uid) for role, uid in users.items()}
        figures = {}
        for role, user_env in envs.items():
            for _warm in range(2):  # warm: this user's ormcaches (rules, groups), the table's pages
                user_env.invalidate_all()
                user_env["xinfang.workbench"].get_today()
            user_env.invalidate_all()
            before = cr.sql_log_count
            page = user_env["xinfang.workbench"].get_today()
            queries = cr.sql_log_count - before
            deadlines = page["deadlines"] or {}
            figures[role] = {"queries": queries, "overdue": deadlines.get("overdue"),
                             "due_soon": deadlines.get("due_soon"), "units": len(deadlines.get("units", ())),
                             "approvals": (page["approvals"] or {}).get("count"),
                             "activities": (page["activities"] or {}).get("count"), "timings": []}
        for _run in range(runs):  # interleaved: the machine's noise hits every user alike
            for role, user_env in envs.items():
                user_env.invalidate_all()
                start = time.perf_counter()
                user_env["xinfang.workbench"].get_today()
                figures[role]["timings"].append(time.perf_counter() - start)
        cr.rollback()
    for values in figures.values():
        timings = values.pop("timings")
        values.update(seconds=statistics.median(timings), min=min(timings), max=max(timings))
    return {"petitions": petitions, "due_soon_set": due_set, "seconds": figures["staff"]["seconds"],
            "queries": figures["staff"]["queries"], "users": figures}


def describe(result):
    """One log line of a ``measure_start_page`` result."""
    return f"start page at {result['petitions']:,} petitions ({result['due_soon_set']} made due soon): " + "; ".join(
        f"{role} {v['seconds'] * 1000:.0f} ms (min {v['min'] * 1000:.0f}, max {v['max'] * 1000:.0f}), "
        f"{v['queries']} queries, overdue {v['overdue']}, due soon {v['due_soon']} in {v['units']} units"
        for role, v in result["users"].items())


def report_start_page(results, small, large):
    """The figure lines: time and queries at the large size vs the same call at the small size."""
    results.add("start_page", large["seconds"], "s", small["seconds"], fmt=".3f")
    results.add("start_page_queries", large["queries"], "queries", small["queries"], fmt="d")
    for role in ROLES[1:]:
        results.add(f"start_page_{role}", large["users"][role]["seconds"], "s",
                    small["users"][role]["seconds"], fmt=".3f")
        results.add(f"start_page_{role}_queries", large["users"][role]["queries"], "queries",
                    small["users"][role]["queries"], fmt="d")


# ---------------------------------------------------------------------------------------------
# on its own: python tests/bench/bench_start_page.py --db DB [--sizes 1000,1000000]
# ---------------------------------------------------------------------------------------------
def refs_from_db(bench):
    """The refs of an organisation the harness built earlier in this database (``Bench.setup`` builds it
    once: running it again would create the users a second time)."""
    import bench_data
    import township

    with bench.registry.cursor() as cr:
        env = bench.env(cr)
        staff = env["res.users"].search([("login", "=like", f"{bench_data.BENCH_PREFIX}%")], order="login")
        if not staff:
            return None
        Department = env["hr.department"]
        village_names = {v["name"]: v["code"] for v in township.villages()}
        unit_names = {u["name"]: u["code"] for u in township.units()}
        villages = Department.search([("name", "in", list(village_names)), ("xinfang_unit_type", "=", "village")])
        units = Department.search([("name", "in", list(unit_names)), ("xinfang_unit_type", "=", "office")])
        categories = env["xinfang.category"].search([("code", "!=", False)])
        return {
            "company_id": staff[0].company_id.id,
            "villages": {village_names[v.name]: v.id for v in villages},
            "units": {unit_names[u.name]: u.id for u in units},
            "categories": {c.code: c.id for c in categories},
            "leaf_categories": {c.code: c.id for c in categories if not c.child_ids},
            "users": staff.ids,
        }


def main():
    import bench_xinfang

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--sizes", default="1000,1000000", help="petition counts to fill to and measure at")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bench = bench_xinfang.Bench(args.db)
    bench.refs = refs_from_db(bench)
    if bench.refs is None:
        bench.setup()
    measured = []
    for size in (int(s) for s in args.sizes.split(",")):
        bench.fill(size)
        measured.append(measure_start_page(bench, runs=args.runs))
        bench_xinfang.log(describe(measured[-1]))
    if len(measured) > 1:
        report_start_page(bench.results, measured[0], measured[-1])


if __name__ == "__main__":
    main()
