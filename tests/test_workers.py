"""Scale-out path: prefork workers and a read replica, exercised over HTTP on a copy of the test database.

Plain pytest (no Odoo test case): a copy of ``XINFANG_TEST_DB`` (tests/db_copy.py) is served on random
127.0.0.1 ports by
  - 2 workers and the gevent port (``make run WORKERS=2``): login and a petition list;
  - a "replica" that is the same local PostgreSQL reached over TCP (``--db_replica_host=127.0.0.1``):
    the readonly RPC methods (``@api.readonly``: web_search_read, get_rates, the deadline calculator)
    run on the readonly cursor, the others on the primary; an audited read (petitioners) is replayed on
    the primary because its audit log is a write.
Skipped when ``XINFANG_TEST_DB`` is not set (scripts/test.sh sets it).
"""

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

from bench_server import JsonRpc, odoo_server, port_open  # noqa: E402
from db_copy import database_copy, needs_source, psql, set_admin_password  # noqa: E402

PASSWORD = "workers-test"  # noqa: S105 (a throwaway copy of the test database)
pytestmark = needs_source


@pytest.fixture(scope="module")
def db_copy(tmp_path_factory):
    with database_copy("w") as copy:
        # The administrator of the copy, with a known password and the petition office's staff group.
        login = set_admin_password(copy, PASSWORD)
        psql(copy, """
            INSERT INTO res_groups_users_rel (gid, uid)
            SELECT g.res_id, u.res_id FROM ir_model_data g, ir_model_data u
             WHERE g.module = 'xinfang_petition' AND g.name = 'group_xinfang_staff'
               AND u.module = 'base' AND u.name = 'user_admin'
            ON CONFLICT DO NOTHING;
        """)
        yield {"db": copy, "login": login, "logs": tmp_path_factory.mktemp("odoo-logs")}


PETITION_LIST = {"name": {}, "subject": {}, "state": {}, "registration_date": {},
                 "village_id": {"fields": {"display_name": {}}}}


def test_two_workers_serve_login_and_petition_list(db_copy):
    import psutil

    with odoo_server(db_copy["db"], workers=2, log_path=db_copy["logs"] / "workers.log") as server:
        assert port_open(server.gevent_port), "the gevent (longpolling/websocket) process does not listen"
        children = psutil.Process(server.process.pid).children()
        assert len(children) >= 3, "prefork: 2 HTTP workers and the gevent (longpolling) process"
        rpc = JsonRpc(server.url, db_copy["db"], db_copy["login"], PASSWORD)
        assert rpc.uid
        page = rpc.call_kw("xinfang.petition", "web_search_read", [],
                           {"domain": [], "specification": PETITION_LIST, "limit": 80, "count_limit": 10001})
        expected = int(psql(db_copy["db"], "SELECT count(*) FROM xinfang_petition WHERE active"))
        assert page["length"] == min(expected, 10001)
        assert len(page["records"]) == min(expected, 80)
        # a second session (another worker, most likely) sees the same list
        again = JsonRpc(server.url, db_copy["db"], db_copy["login"], PASSWORD)
        assert again.call_kw("xinfang.petition", "search_count", [[]]) == expected
    log = (db_copy["logs"] / "workers.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[-3000:]


def test_readonly_calls_use_the_replica(db_copy):
    log_path = db_copy["logs"] / "replica.log"
    args = ["--db_replica_host=127.0.0.1", "--db_replica_port=5432", "--log-handler=werkzeug:INFO"]
    with odoo_server(db_copy["db"], extra_args=args, log_path=log_path, quiet=False) as server:
        rpc = JsonRpc(server.url, db_copy["db"], db_copy["login"], PASSWORD)
        rpc.call_kw("xinfang.petition", "web_search_read", [],
                    {"domain": [], "specification": PETITION_LIST, "limit": 80})
        rates = rpc.call_kw("xinfang.petition.report", "get_rates", ["2000-01-01", "2100-12-31"])
        assert isinstance(rates, dict)
        rpc.call_kw("xinfang.deadline", "compute", ["2026-10-01", 15])
        rpc.call_kw("xinfang.petition", "default_get", [["channel"]])  # not readonly: a read/write cursor
        # Reading a petitioner is audited (auditlog writes a log line): the readonly cursor refuses the
        # write and Odoo replays the call on the primary.
        person = rpc.call_kw("xinfang.petitioner", "create", [{"name": "Replica Smoke Test"}])
        person = person[0] if isinstance(person, list) else person
        rpc.call_kw("xinfang.petitioner", "web_read", [[person]], {"specification": {"name": {}}})
    log = log_path.read_text(encoding="utf-8", errors="replace")
    # werkzeug's request line ends with the cursor mode when a replica is configured: ro, rw or ro->rw
    modes = dict(re.findall(r"POST /web/dataset/call_kw/([\w.]+) HTTP/[\d.]+\" 200 - [\d.]+ [\d.]+ [\d.]+ (\S+)",
                            _strip_colors(log)))
    assert modes.get("xinfang.petition.web_search_read") == "ro", modes
    assert modes.get("xinfang.petition.report.get_rates") == "ro", modes
    assert modes.get("xinfang.deadline.compute") == "ro", modes
    assert modes.get("xinfang.petition.default_get") == "rw", modes
    assert modes.get("xinfang.petitioner.web_read") == "ro->rw", modes


def _strip_colors(text):
    return re.sub(r"\x1b\[[0-9;]*m", "", text)
