"""Web load: N simulated users (list, open, register) over loopback HTTP against a prefork server.

Each user is a thread with its own logged-in session that loops, as fast as the server answers:
  1. the list of 80 (``web_search_read`` with the list view's fields, as the web client asks it);
  2. the form of one record of that page (``web_read`` with the form view's fields);
  3. a registration: ``web_save`` of a new record, then its next step (petitions: the
     ``action_register`` button; tasks, the peer: moving the task to the next stage).
Every request is timed; the figures are requests per second and the 95th-percentile latency.

Run alone: ``.venv/bin/python tests/bench/bench_web.py DB`` (after ``bench_xinfang.py`` prepared DB).
"""

import argparse
import random
import sys
import threading
import time
from datetime import date

from bench_server import JsonRpc, odoo_server
from lxml import etree


def _spec(rpc, model, view_type):
    """The web client's specification for a view: its fields, display_name for relations."""
    views = rpc.call_kw(model, "get_views", [], {"views": [[False, view_type]], "options": {}})
    arch = views["views"][view_type]["arch"]
    fields = views["models"][model]["fields"]
    root = etree.fromstring(arch)
    names = set()
    for node in root.iter("field"):
        parent = node.getparent()
        nested = False
        while parent is not None and parent is not root:  # fields of x2many subviews are not the record's
            if parent.tag == "field":
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            names.add(node.get("name"))
    spec = {}
    for name in names & set(fields):
        if fields[name]["type"] in ("many2one", "one2many", "many2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


class Scenario:
    """What one simulated user does on one model."""

    def __init__(self, model, new_vals, next_step):
        self.model = model
        self.new_vals = new_vals  # rng -> values of a new record
        self.next_step = next_step  # (rpc, record id) -> None

    def prepare(self, rpc):
        self.list_spec = _spec(rpc, self.model, "list")
        self.form_spec = _spec(rpc, self.model, "form")


def petition_scenario(refs):
    def new_vals(rng):
        return {
            "subject": "网上负载测试：反映道路损坏问题", "content": "负载测试生成的信访事项。", "channel": "visit",
            "nature": "appeal", "category_id": rng.choice(refs["leaf_category_ids"]),
            "village_id": rng.choice(refs["village_ids"]), "petitioner_id": rng.choice(refs["petitioner_ids"]),
            "registration_date": date.today().isoformat(),
        }

    def register(rpc, record_id):
        rpc.call_button("xinfang.petition", "action_register", [record_id])

    return Scenario("xinfang.petition", new_vals, register)


def task_scenario(refs):
    def new_vals(rng):
        return {"name": "负载测试任务：道路损坏", "description": "<p>负载测试生成的任务。</p>",
                "project_id": refs["project_id"]}

    def next_stage(rpc, record_id):
        rpc.call_kw("project.task", "web_save", [[record_id], {"stage_id": refs["task_stage_ids"][1]}],
                    {"specification": {"stage_id": {"fields": {"display_name": {}}}}})

    return Scenario("project.task", new_vals, next_stage)


def _user_loop(rpc, scenario, stop_at, latencies, errors, seed):
    rng = random.Random(seed)
    ids = []

    def timed(func, *args):
        start = time.perf_counter()
        result = func(*args)
        latencies.append(time.perf_counter() - start)
        return result

    while time.monotonic() < stop_at:
        try:
            page = timed(rpc.call_kw, scenario.model, "web_search_read", [],
                         {"domain": [], "specification": scenario.list_spec, "limit": 80, "count_limit": 10001})
            ids = [record["id"] for record in page["records"]] or ids
            if time.monotonic() >= stop_at:
                break
            if ids:
                timed(rpc.call_kw, scenario.model, "web_read", [[rng.choice(ids)]],
                      {"specification": scenario.form_spec})
            if time.monotonic() >= stop_at:
                break
            saved = timed(rpc.call_kw, scenario.model, "web_save", [[], scenario.new_vals(rng)],
                          {"specification": {"display_name": {}}})
            timed(scenario.next_step, rpc, saved[0]["id"])
        except Exception as error:  # noqa: BLE001 (counted and reported)
            errors.append(str(error)[:300])
            time.sleep(0.2)


def _in_threads(func, args_list, timeout):
    threads = [threading.Thread(target=func, args=args, daemon=True) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)


def login_all(url, db, logins, password, users):
    """``users`` logged-in sessions (logins reused round-robin), opened before any clock starts."""
    sessions = [None] * users

    def login(i):
        sessions[i] = JsonRpc(url, db, logins[i % len(logins)], password)

    _in_threads(login, [(i,) for i in range(users)], timeout=300)
    if not all(sessions):
        raise RuntimeError("some simulated users could not log in")
    return sessions


def run_load(sessions, scenario, seconds):
    """Every session loops on the scenario for ``seconds``; returns (requests/s, p95 s, requests, errors)."""
    latencies, errors = [], []
    stop_at = time.monotonic() + seconds
    started = time.monotonic()
    # a request is bounded by the server's limit_time_real (120 s)
    _in_threads(_user_loop, [(rpc, scenario, stop_at, latencies, errors, i) for i, rpc in enumerate(sessions)],
                timeout=seconds + 180)
    elapsed = time.monotonic() - started
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    return len(latencies) / elapsed, p95, len(latencies), errors


def bench_web(db, refs, users=20, seconds=60, warmup=15, workers=4, log=print, log_path=None):
    """Both scenarios against one prefork server; returns {scenario: (req/s, p95 s, requests, errors)}."""
    results = {}
    with odoo_server(db, workers=workers, log_path=log_path) as server:
        log(f"server up at {server.url} ({workers} workers); {users} users log in")
        sessions = login_all(server.url, db, refs["logins"], refs["password"], users)
        scenarios = {"petition": petition_scenario(refs), "task": task_scenario(refs)}
        for scenario in scenarios.values():  # every worker loads its registry, views and caches
            scenario.prepare(sessions[0])
            run_load(sessions, scenario, warmup)
        for name, scenario in scenarios.items():
            log(f"web load on {scenario.model}: {users} users for {seconds} s")
            results[name] = run_load(sessions, scenario, seconds)
            rate, p95, count, errors = results[name]
            log(f"  {count} requests, {rate:.1f} req/s, p95 {p95 * 1000:.0f} ms, {len(errors)} errors"
                + (f" (first: {errors[0]})" if errors else ""))
    return results


def main():
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--refs", required=True, help="JSON file written by bench_xinfang.py")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()
    with open(args.refs) as handle:
        refs = json.load(handle)
    results = bench_web(args.db, refs, users=args.users, seconds=args.seconds,
                        log=lambda msg: print(msg, file=sys.stderr))
    for name, (rate, p95, count, errors) in results.items():
        print(f"{name}: {rate:.1f} req/s, p95 {p95 * 1000:.0f} ms, {count} requests, {len(errors)} errors")


if __name__ == "__main__":
    main()
