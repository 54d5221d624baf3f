"""Project-wide pytest hooks: a browser tour that is skipped counts as a failure.

Odoo's HttpCase skips tours silently when Chromium or websocket-client is missing; CI must never
report such a run as green.
"""

import pytest

_skipped_tours = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and _is_http_case(item):
        _skipped_tours.append(item.nodeid)


def _is_http_case(item):
    cls = getattr(item, "cls", None)
    if cls is None:
        return False
    try:
        from odoo.tests import HttpCase
    except ImportError:
        return False
    return issubclass(cls, HttpCase)


def pytest_sessionfinish(session, exitstatus):
    if _skipped_tours:
        print("\nBrowser tests were skipped (Chromium, websocket-client or --odoo-http missing):")
        for nodeid in _skipped_tours:
            print(f"  {nodeid}")
        session.exitstatus = 1
