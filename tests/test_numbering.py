"""Gap-free petition numbers drawn by committing transactions (ir_sequence.py, ``_draw_gap_free``).

Plain pytest on a copy of ``XINFANG_TEST_DB`` (tests/db_copy.py): inside Odoo's test cases every cursor is
the test's one transaction, so the side transaction that holds the draw lock until the registering one
commits is only reached by real commits. ``odoo shell`` on the copy runs threads that each register in
their own transaction: some commit, some roll back after drawing their number, some register inside a
savepoint they roll back, all at once.
"""

import subprocess
from pathlib import Path

from db_copy import database_copy, needs_source, psql

ROOT = Path(__file__).resolve().parents[1]
pytestmark = needs_source

SHELL_SCRIPT = r"""
import random
import sys
import threading

from odoo import api, SUPERUSER_ID

registry = env.registry
category = env["xinfang.category"].search([], limit=1).id
person = env["xinfang.petitioner"].create({"name": "编号测试人"}).id
env.cr.commit()
outcomes, errors = [], []


def register(seed):
    rng = random.Random(seed)
    for k in range(15):
        fate = rng.choice(["commit", "commit", "rollback", "savepoint"])
        try:
            with registry.cursor() as cr:
                petitions = api.Environment(cr, SUPERUSER_ID, {})["xinfang.petition"]
                petition = petitions.create({"subject": f"t{seed}-{k}", "category_id": category,
                                             "petitioner_id": person, "channel": "visit"})
                if fate == "savepoint":
                    try:
                        with cr.savepoint():
                            petition.action_register()
                            raise ValueError("undone")
                    except ValueError:
                        pass
                    petition.action_register()  # drawn again in the same transaction: the freed number
                    fate = "commit"
                else:
                    petition.action_register()
                if fate == "rollback":
                    raise KeyError("rolled back after the draw")
                outcomes.append(petition.id)
        except KeyError:
            pass
        except Exception as error:
            errors.append(repr(error))


threads = [threading.Thread(target=register, args=(seed,)) for seed in range(6)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("COMMITTED", ",".join(map(str, outcomes)))
print("ERRORS", len(errors), errors[:3])
"""


def test_concurrent_draws_leave_no_hole_whatever_rolls_back():
    with database_copy("nb") as copy:
        year = psql(copy, "SELECT extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int")
        this_year = f"SELECT name FROM xinfang_petition WHERE name LIKE 'XF{year}-%'"
        before = {int(name[7:]) for name in psql(copy, this_year).split()}
        done = subprocess.run([str(ROOT / "scripts" / "odoo.sh"), "shell", "-d", copy, "--no-http",
                               "--log-level=warn"], input=SHELL_SCRIPT, capture_output=True, text=True,
                              timeout=600, cwd=ROOT)
        assert done.returncode == 0, done.stderr[-3000:]
        lines = dict(line.split(" ", 1) for line in done.stdout.splitlines()
                     if line.startswith(("COMMITTED", "ERRORS")))
        assert lines["ERRORS"].startswith("0 "), f"no registration failed: {lines['ERRORS']}"
        committed = lines["COMMITTED"].split(",")
        assert len(committed) > 30, "most registrations committed"
        drawn = sorted({int(name[7:]) for name in psql(copy, this_year).split()} - before)
        first = max(before, default=0) + 1
        assert drawn == list(range(first, first + len(committed))), \
            "one number for each committed registration, following the last one, none skipped"
        unregistered = psql(copy, f"SELECT count(*) FROM xinfang_petition WHERE id IN ({','.join(committed)}) "
                                  f"AND name NOT LIKE 'XF{year}-%'")
        assert unregistered == "0"
