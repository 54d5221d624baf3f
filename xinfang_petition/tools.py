"""Helpers of the xinfang addons that belong to no model."""

import logging

_logger = logging.getLogger(__name__)


def _parse_like(default):
    """The parser of a setting whose default is ``default``: ints accept "20.0" (a weight typed as a float)."""
    if isinstance(default, int):
        return lambda raw: int(float(raw))
    return type(default)


def read_setting(env, key, default, parse=None):
    """The setting ``key`` (an ``ir.config_parameter``) read with ``parse``: the addons' one settings reader.

    A missing or empty parameter gives ``default``. A value ``parse`` rejects (``ValueError``, ``TypeError``,
    ``OverflowError``) gives ``default`` as well and logs a warning: a bad value typed into the technical
    parameters never breaks a cron or a form, and the log says which parameter to fix.
    ``parse`` defaults to the type of ``default``.
    """
    # sudo: reads one setting of the addons; only its parsed value is returned, no record.
    raw = env["ir.config_parameter"].sudo().get_param(key)
    if raw in (None, False, ""):
        return default
    try:
        return (parse or _parse_like(default))(raw)
    except (TypeError, ValueError, OverflowError):
        _logger.warning("Setting %s has the invalid value %r; using the default %r.", key, raw, default)
        return default


def parse_flag(raw):
    """A yes/no setting: "0", "false", "no" and "off" (any case) are no, "1", "true", "yes" and "on" yes."""
    value = str(raw).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"not a yes/no value: {raw!r}")
