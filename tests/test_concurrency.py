"""Concurrency over HTTP: 8 clients register 1,000 petitions on a server with 4 workers; two users write
the same petition at the same time.

Plain pytest (no Odoo test case): a copy of ``XINFANG_TEST_DB`` (tests/db_copy.py, set by scripts/test.sh)
is served on random 127.0.0.1 ports with ``--workers=4`` (tests/bench/bench_server.py starts and always
stops it, every wait is bounded). Skipped when ``XINFANG_TEST_DB`` is not set.

- Numbers: gap-free and yearly. A registration draws the highest committed number plus one under a lock
  held until it commits (ir_sequence.py, ``_draw_gap_free``): a concurrent one waits for it instead of
  failing. Whatever the interleaving: 1,000 numbers, unique, consecutive, none skipped, and no request
  refused for a conflict on the number (before, Odoo's ``no_gap`` row lock made clients retry).
- Writes: Odoo runs requests in REPEATABLE READ; the second of two concurrent UPDATEs of a row waits,
  then fails to serialise and is retried on the fresh row. Writes of different fields both land; of the
  same field, the later one wins and the overwritten value stays in the audit log and the chatter
  (tracked field): nothing is lost silently. Odoo 19 has no optimistic check of a stale form
  (``__last_update`` is gone); with both writes on record, none is added here.
"""

import random
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

from bench_server import JsonRpc, odoo_server  # noqa: E402
from db_copy import database_copy, needs_source, psql, set_admin_password  # noqa: E402

PASSWORD = "concurrency-test"  # noqa: S105 (a throwaway copy of the test database)
CLIENTS = 8
PETITIONS = 1000
ROUNDS = 15
RUN_TIMEOUT = 900  # seconds for the 1,000 registrations, however loaded the machine
CONCURRENCY_ERROR = re.compile(r"lock|serializ|concurrent|deadlock", re.IGNORECASE)
pytestmark = needs_source


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with database_copy("cc") as copy:
        admin_login = set_admin_password(copy, PASSWORD)
        log_path = tmp_path_factory.mktemp("odoo-concurrency") / "server.log"
        with odoo_server(copy, workers=4, log_path=log_path, quiet=False) as running:
            login_page = running.url + "/web/login"
            import requests

            assert requests.get(login_page, timeout=60).status_code == 200
            admin = JsonRpc(running.url, copy, admin_login, PASSWORD, timeout=120)
            staff_group = admin.call_kw("ir.model.data", "search_read", [[
                ("module", "=", "xinfang_petition"), ("name", "=", "group_xinfang_staff")]], {"fields": ["res_id"]})
            logins = []
            for name in ("cc_staff_a", "cc_staff_b"):
                admin.call_kw("res.users", "create", [{
                    "name": name, "login": name, "password": PASSWORD,
                    "group_ids": [(6, 0, [staff_group[0]["res_id"]])]}])
                logins.append(name)
            category = admin.call_kw("xinfang.category", "search", [[]], {"limit": 1})[0]
            person = JsonRpc(running.url, copy, logins[0], PASSWORD).call_kw(
                "xinfang.petitioner", "create", [{"name": "并发测试人"}])
            yield {"url": running.url, "db": copy, "logins": logins, "category": category, "person": person,
                   "log": log_path}


def _retry(call, deadline, attempts=20):
    """Call again when Odoo gave up on a lock or a serialisation failure (it already retried 5 times)."""
    for attempt in range(attempts):
        try:
            return call()
        except RuntimeError as error:
            if not CONCURRENCY_ERROR.search(str(error)) or attempt == attempts - 1 or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.05, 0.5))
    raise AssertionError("unreachable")


def test_parallel_registrations_get_unique_gap_free_numbers(server):
    db = server["db"]
    year = date.today().year
    taken = psql(db, f"SELECT max(name) FROM xinfang_petition WHERE name LIKE 'XF{year}-%'")
    start = int(taken[7:]) + 1 if taken else 1
    refused = []
    deadline = time.monotonic() + RUN_TIMEOUT

    def client(index):
        login = server["logins"][index % 2]
        rpc = JsonRpc(server["url"], db, login, PASSWORD, timeout=120)
        ids = []
        for number in range(PETITIONS // CLIENTS):
            if time.monotonic() > deadline:
                raise TimeoutError(f"client {index}: {len(ids)} petitions registered in {RUN_TIMEOUT} s")
            petition = rpc.call_kw("xinfang.petition", "create", [{
                "subject": f"Concurrent {index}-{number}", "category_id": server["category"],
                "petitioner_id": server["person"], "channel": "visit"}])
            try:
                rpc.call_kw("xinfang.petition", "action_register", [[petition]])
            except RuntimeError as error:  # counted, and registered anyway so the numbers can be checked
                refused.append(str(error)[:200])
                _retry(lambda petition=petition: rpc.call_kw(
                    "xinfang.petition", "action_register", [[petition]]), deadline)
            ids.append(petition)
        return ids

    started = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        ids = [pid for batch in pool.map(client, range(CLIENTS)) for pid in batch]
    elapsed = time.monotonic() - started
    assert len(ids) == PETITIONS
    assert not refused, f"{len(refused)} registrations refused, first: {refused[0]}"
    rows = psql(db, f"SELECT name || ' ' || state FROM xinfang_petition WHERE id IN ({','.join(map(str, ids))})")
    names = [line.split()[0] for line in rows.splitlines()]
    assert {line.split()[1] for line in rows.splitlines()} == {"to_accept"}
    assert len(names) == len(set(names)) == PETITIONS, "numbers are unique"
    expected = {f"XF{year}-{n:06d}" for n in range(start, start + PETITIONS)}
    assert set(names) == expected, f"gap-free: missing {sorted(expected - set(names))[:5]}"
    duplicates = psql(db, "SELECT count(*) FROM (SELECT name FROM xinfang_petition WHERE name != '/' "
                          "GROUP BY name, company_id HAVING count(*) > 1) d")
    assert duplicates == "0"
    print(f"\n{PETITIONS} registrations by {CLIENTS} clients on 4 workers in {elapsed:.0f} s; "
          f"server retries: {_retries(server['log'])}")


def _retries(log_path):
    text = Path(log_path).read_text(encoding="utf-8", errors="replace")
    return len(re.findall(r"tries left, try again", text))


def _concurrent(calls, deadline):
    """Run each call in its own thread, released together; returns their results or exceptions."""
    barrier = threading.Barrier(len(calls), timeout=60)
    results = [None] * len(calls)

    def run(index):
        barrier.wait()
        try:
            results[index] = calls[index]()
        except RuntimeError as error:  # an explicit error reached the user: acceptable, checked below
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(deadline - time.monotonic(), 1))
        assert not thread.is_alive(), "a write hung"
    return results


def test_two_users_writing_the_same_petition_lose_nothing_silently(server):
    db = server["db"]
    deadline = time.monotonic() + 300
    user_a, user_b = (JsonRpc(server["url"], db, login, PASSWORD, timeout=120) for login in server["logins"])
    petition = user_a.call_kw("xinfang.petition", "create", [{
        "subject": "Shared", "category_id": server["category"], "petitioner_id": server["person"]}])
    user_a.call_kw("xinfang.petition", "action_register", [[petition]])
    retries_before = _retries(server["log"])

    def write(rpc, vals):
        return lambda: rpc.call_kw("xinfang.petition", "write", [[petition], vals])

    def read(fields):
        return user_a.call_kw("xinfang.petition", "read", [[petition], fields])[0]

    # different fields: both writes land, every round
    for round_ in range(ROUNDS):
        a, b = f"A{round_}", f"B{round_}"
        result_a, result_b = _concurrent([write(user_a, {"content": a}), write(user_b, {"request": b})], deadline)
        values = read(["content", "request"])
        assert values["content"] == (a if result_a is True else values["content"]), (round_, result_a)
        assert values["request"] == (b if result_b is True else values["request"]), (round_, result_b)
        assert result_a is True or isinstance(result_a, RuntimeError)
        assert result_b is True or isinstance(result_b, RuntimeError)
    # the same field: the later write wins, the earlier one stays on record (audit log and chatter)
    for round_ in range(ROUNDS):
        a, b = f"A-subject-{round_}", f"B-subject-{round_}"
        results = _concurrent([write(user_a, {"subject": a}), write(user_b, {"subject": b})], deadline)
        final = read(["subject"])["subject"]
        applied = [value for value, result in zip((a, b), results, strict=True) if result is True]
        assert final in applied, (round_, final, results)
        logged = psql(db, f"""
            SELECT l.new_value_text FROM auditlog_log_line l JOIN auditlog_log g ON g.id = l.log_id
              JOIN ir_model_fields f ON f.id = l.field_id
             WHERE g.model_model = 'xinfang.petition' AND g.res_id = {petition} AND f.name = 'subject'
               AND l.new_value_text IN ('{a}', '{b}')""").splitlines()
        assert sorted(logged) == sorted(applied), "every applied write is in the audit log"
        if len(applied) == 2:
            overwritten = a if final == b else b
            tracked = psql(db, f"""
                SELECT count(*) FROM mail_tracking_value t JOIN mail_message m ON m.id = t.mail_message_id
                 WHERE m.model = 'xinfang.petition' AND m.res_id = {petition}
                   AND t.old_value_char = '{overwritten}' AND t.new_value_char = '{final}'""")
            assert tracked == "1", "the chatter shows the overwritten value"
    print(f"\nconcurrent writes: {_retries(server['log']) - retries_before} serialisation retries by the server")
