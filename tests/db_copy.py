"""Throwaway copies of the test database for the plain-pytest tests that serve, dump or restore one.

``XINFANG_TEST_DB`` (set by scripts/test.sh) names the source; the tests using it are skipped without it
(``needs_source``). A copy is ``createdb -T`` of the source with its filestore, dropped with its
filestore whatever happens. Used by tests/test_concurrency.py, tests/test_workers.py and
tests/test_backup_restore.py.
"""

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILESTORE = ROOT / ".odoo" / "data" / "filestore"
SOURCE = os.environ.get("XINFANG_TEST_DB")
needs_source = pytest.mark.skipif(not SOURCE, reason="XINFANG_TEST_DB is not set")


def psql(db, sql):
    """The unaligned output of ``sql`` run on ``db``, stripped."""
    return subprocess.run(["psql", "-d", db, "-Atqc", sql], check=True, capture_output=True, text=True,
                          timeout=60).stdout.strip()


def drop_database(db):
    """Drop ``db`` (closing its connections) and its filestore; nothing happens when they do not exist."""
    subprocess.run(["dropdb", "--if-exists", "--force", db], capture_output=True, timeout=120)
    shutil.rmtree(FILESTORE / db, ignore_errors=True)


def _release_source():
    """Close this process's own pooled connections to the source: ``createdb -T`` needs it idle.

    Under pytest-odoo the registry of the test database lives in this process (between test cases
    no cursor is open).
    """
    try:
        from odoo import sql_db
    except ImportError:
        return
    sql_db.close_db(SOURCE)


def _create_from_source(copy):
    for attempt in range(5):
        done = subprocess.run(["createdb", "-T", SOURCE, copy], capture_output=True, text=True, timeout=120)
        if done.returncode == 0:
            break
        # another process (a server of an earlier test shutting down) may still hold the source briefly
        if "being accessed by other users" not in done.stderr or attempt == 4:
            raise RuntimeError(f"createdb -T {SOURCE} {copy}: {done.stderr}")
        time.sleep(2)
    if (FILESTORE / SOURCE).exists():
        shutil.copytree(FILESTORE / SOURCE, FILESTORE / copy)


@contextmanager
def database_copy(suffix):
    """A copy of the test database named ``<source>_<suffix><pid>``, with its filestore; yields its name."""
    copy = f"{SOURCE}_{suffix}{os.getpid()}"
    drop_database(copy)
    _release_source()
    try:
        _create_from_source(copy)
        yield copy
    finally:
        drop_database(copy)


def set_admin_password(db, password):
    """Give the administrator of ``db`` (base.user_admin) ``password`` and activate it; returns its login."""
    from passlib.context import CryptContext

    admin = "SELECT res_id FROM ir_model_data WHERE module = 'base' AND name = 'user_admin'"
    hashed = CryptContext(["pbkdf2_sha512"]).hash(password)
    psql(db, f"UPDATE res_users SET password = '{hashed}', active = true WHERE id = ({admin})")
    return psql(db, f"SELECT login FROM res_users WHERE id = ({admin})")
