"""The township's time zone: the day a timestamp falls on, when no user's client says otherwise.

Open311 calls, anonymous portal pages and scheduled jobs have no person in front of a screen: their
users (the public user, OdooBot, the intake user) carry no time zone or a foreign one (``__system__``
is Europe/Brussels in a fresh database), and ``fields.Date.context_today`` would fall back to UTC or
Brussels: a hotline call at 00:25 Beijing time would be registered on the day before. Every date the
product derives from a timestamp goes through :func:`township_today` instead: the time zone the web
client put in the context (an interactive user sees the day of their own clock), else the township's.
"""

import pytz

from odoo import fields, models
from odoo.addons.base.models.res_partner import _tz_get

DEFAULT_TZ = "Asia/Shanghai"


def company_tz_name(env):
    """The township's time zone: the setting of the current company."""
    # sudo-safe: reads the time zone setting of the current company, nothing else (the public user of an
    # Open311 call has no read access to companies).
    name = env.company.sudo().xinfang_tz
    return name if name in pytz.all_timezones_set else DEFAULT_TZ


def township_tz_name(env):
    """The time zone dates are derived in: the client's (context) if any, else the township's."""
    if env.context.get("tz") in pytz.all_timezones_set:
        return env.context["tz"]
    return company_tz_name(env)


def township_tz(env):
    return pytz.timezone(township_tz_name(env))


def township_today(record, timestamp=None):
    """The day of ``timestamp`` (a naive UTC datetime; now by default) in :func:`township_tz_name`."""
    return fields.Date.context_today(record.with_context(tz=township_tz_name(record.env)), timestamp)


class ResCompany(models.Model):
    _inherit = "res.company"

    xinfang_tz = fields.Selection(
        _tz_get, string="Township Time Zone", default=DEFAULT_TZ,
        help="Dates derived from a moment without a person's own clock (petitions received through the "
        "Open311 API or the portal, scheduled jobs) fall on the day of this time zone.",
    )
