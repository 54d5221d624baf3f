"""Start and stop an Odoo server for a benchmark or a test: random free ports on 127.0.0.1, bounded waits.

Used by ``bench_web.py`` and ``tests/test_workers.py``. The server runs through ``scripts/odoo.sh``
(the project's configuration and addons path) in its own process group, so that stopping it stops
its workers too, and only them.
"""

import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    """A TCP port nobody listens on right now (127.0.0.1)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port, timeout=30):
    """Whether something accepts TCP connections on 127.0.0.1:``port`` within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.5)
    return False


def _stop(process, timeout=20):
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # our own process group: the server and its workers
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: str | None
    gevent_port: int | None


@contextmanager
def odoo_server(db, workers=0, extra_args=(), log_path=None, start_timeout=180, quiet=True):
    """Serve ``db`` on a free 127.0.0.1 port (prefork with a gevent port when ``workers``); yields a Server.

    ``quiet``: warnings only in the log (else the project's INFO log with the request lines).
    """
    http_port = free_port()
    args = [str(ROOT / "scripts" / "odoo.sh"), "-d", db, f"--db-filter=^{db}$", "--no-database-list",
            f"--http-port={http_port}", "--http-interface=127.0.0.1", "--max-cron-threads=0", *extra_args]
    if quiet:
        args.append("--log-level=warn")
    gevent_port = free_port() if workers else None
    if workers:
        args += [f"--workers={workers}", f"--gevent-port={gevent_port}"]
    env = dict(os.environ, HTTP_PORT=str(http_port), HTTP_INTERFACE="127.0.0.1")
    log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the Odoo server exited with {process.returncode} (log: {log_path})")
            try:
                if requests.get(f"{url}/web/health", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Odoo server did not answer within {start_timeout} s (log: {log_path})")
            time.sleep(0.5)
        yield Server(url, process, log_path, gevent_port)
    finally:
        _stop(process)
        if log is not subprocess.DEVNULL:
            log.close()


class JsonRpc:
    """A logged-in web client session: the JSON-RPC calls the web client makes."""

    def __init__(self, url, db, login, password, timeout=60):
        self.url = url
        self.timeout = timeout
        self.session = requests.Session()
        self.uid = self.call("/web/session/authenticate", {"db": db, "login": login, "password": password})["uid"]

    def call(self, path, params):
        response = self.session.post(f"{self.url}{path}", json={"jsonrpc": "2.0", "method": "call", "params": params},
                                     timeout=self.timeout)
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(f"{path}: {body['error'].get('data', {}).get('message') or body['error']}")
        return body["result"]

    def call_kw(self, model, method, args, kwargs=None):
        return self.call(f"/web/dataset/call_kw/{model}.{method}",
                         {"model": model, "method": method, "args": args, "kwargs": kwargs or {}})

    def call_button(self, model, method, ids):
        return self.call(f"/web/dataset/call_button/{model}.{method}",
                         {"model": model, "method": method, "args": [ids], "kwargs": {}})
