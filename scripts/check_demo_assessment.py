# ruff: noqa: F821  (``env`` is provided by ``odoo shell``)
"""Assessment of the loaded demo township against an independent SQL computation (run by check_demo_loader.sh).

    scripts/odoo.sh shell -d DB --no-http < scripts/check_demo_assessment.py

Computes the assessment (考核) of the last twelve months as the principal leader, then recomputes every
village's and unit's figures with the test suite's independent SQL (levels compared by their order: 越级 is lodged
at the county or above and above the responsible level, a village matter lodged at the township is passed up;
timeliness from the dates, not from the stored flags) and exits non-zero on the first difference.
"""

import sys
from datetime import timedelta

from odoo import fields
from odoo.addons.xinfang_supervision.tests.test_assessment import INDEPENDENT_SQL, LEVELS
from odoo.tools import SQL

today = fields.Date.context_today(env["xinfang.petition"])
date_from, date_to = today - timedelta(days=365), today
leader = env.ref("xinfang_township.user_leader")
run = env["xinfang.assessment"].with_user(leader).create({"date_from": date_from, "date_to": date_to})
run.action_compute()
env.flush_all()

problems, checked, petitions = [], 0, 0
for scope, column in (("village", "village_id"), ("unit", "lead_unit_id")):
    env.cr.execute(SQL(INDEPENDENT_SQL, column=SQL.identifier(column), local=["village", "township"],
                       levels=LEVELS, date_from=date_from, date_to=date_to))
    expected = {row[0]: row[1:] for row in env.cr.fetchall()}
    if not expected:
        problems.append(f"no {scope} has petitions in {date_from}..{date_to}")
    for department_id, (count, local, cross, timely, on_time, satisfaction, passed_up) in expected.items():
        line = run.line_ids.filtered(lambda ln, d=department_id, s=scope: ln.department_id.id == d and ln.scope == s)
        if len(line) != 1:
            problems.append(f"{scope} {department_id}: {len(line)} assessment lines")
            continue
        checked += 1
        petitions += count if scope == "village" else 0
        pairs = [("petition_count", line.petition_count, count),
                 ("local_resolution_rate", line.local_resolution_rate, float(local)),
                 ("cross_level_rate", line.cross_level_rate, float(cross)),
                 ("passed_up_rate", line.passed_up_rate, float(passed_up)),
                 ("timely_acceptance_rate", line.timely_acceptance_rate, float(timely or 0)),
                 ("on_time_rate", line.on_time_rate, float(on_time or 0)),
                 ("satisfaction_rate", line.satisfaction_rate, float(satisfaction or 0))]
        if scope == "village":
            population = line.department_id.population
            pairs.append(("incidence_rate", line.incidence_rate, count * 10000.0 / population if population else 0.0))
        problems += [f"{scope} {line.department_id.name} {name}: addon {got} != SQL {want}"
                     for name, got, want in pairs if abs(got - want) > 0.005]
env.cr.rollback()
if problems:
    print("\n".join(problems[:20]), file=sys.stderr)
    sys.exit(1)
print(f"demo assessment matches the independent SQL: {checked} lines, {petitions} petitions by village")
