"""The township's time zone: the day a timestamp falls on, for every date of the petition workflow.

Statutory dates (registration, deadlines, acceptance, reply, receipt...) are the township office's days,
whoever records them and wherever their clock is. ``fields.Date.context_today`` would take the time
zone of the context or of the user instead: none for the public user of an Open311 call or an
anonymous portal page (UTC), Europe/Brussels for OdooBot and ``admin`` in a fresh database, the
browser's for a person. A hotline call at 00:25 Beijing time would be registered on the day before,
and a reply typed by a user whose clock is still on the day before would come "before" an acceptance
recorded by the API. Every such date goes through :func:`township_today` instead.
"""

import pytz

from odoo import api, fields, models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.tools import ormcache

DEFAULT_TZ = "Asia/Shanghai"


def township_tz_name(env):
    """The township's time zone: the setting of the current company (Asia/Shanghai by default)."""
    return env["res.company"]._xinfang_tz_name(env.company.id)


def township_today(record, timestamp=None):
    """The township's day of ``timestamp`` (a naive UTC datetime; now by default)."""
    # fields.Date.context_today's computation, without the new environment a with_context(tz=...) builds
    # (make bench, registration: four calls per registration)
    moment = pytz.utc.localize(timestamp or fields.Datetime.now(), is_dst=False)
    return moment.astimezone(pytz.timezone(township_tz_name(record.env))).date()


class ResCompany(models.Model):
    _inherit = "res.company"

    xinfang_tz = fields.Selection(
        _tz_get, string="Township Time Zone", default=DEFAULT_TZ,
        help="The dates of the petition workflow (registration, deadlines, each step) are the days of this "
        "time zone, whoever records them: office users, the Open311 API, the portal, scheduled jobs.",
    )

    @api.model
    @ormcache("company_id")
    def _xinfang_tz_name(self, company_id):
        # Cached (make bench, registration): every date of a step asks for it, and each transaction read the
        # company row again for it. Cleared by write below.
        # sudo-safe: reads the time zone setting of the company, nothing else (the public user of an Open311
        # call has no read access to companies).
        name = self.sudo().browse(company_id).xinfang_tz
        return name if name in pytz.all_timezones_set else DEFAULT_TZ

    def write(self, vals):
        if "xinfang_tz" in vals:
            self.env.registry.clear_cache()
        return super().write(vals)
