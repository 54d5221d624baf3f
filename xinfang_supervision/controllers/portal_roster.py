"""The published leader reception roster (领导接待日), on a public page: no login needed.

The township announces in advance which leader receives petitioners on which day, when and where. The
page shows the published days from today on, and of each only what the printed roster announces: the
date, the weekday, the leader's name and position, the time and the place.
"""

from odoo import http
from odoo.addons.xinfang_petition.models.res_company import township_today
from odoo.http import request
from odoo.tools import format_date

ROSTER_MAX_DAYS = 200  # a bound on one page: about a year of working days


def public_roster_rows(env):
    """The announced reception days from the township's today on, as plain values (no records: the page
    cannot reach the leader's employee record or anything else of a day)."""
    Day = env["xinfang.reception.day"]
    # sudo-safe: the public user has no access to reception days. Only published, active days of the current
    # company from today on are searched, and only the announced fields below leave this function.
    days = Day.sudo().search([
        ("published", "=", True), ("date", ">=", township_today(Day)), ("company_id", "=", env.company.id),
    ], order="date, time_from, id", limit=ROSTER_MAX_DAYS)
    return [{
        "date": format_date(env, day.date),
        "weekday": day.weekday,
        "leader": day.leader_id.name or "",
        "position": day.leader_job or "",
        "time_from": day._format_time(day.time_from),
        "time_to": day._format_time(day.time_to),
        "place": day.place or "",
    } for day in days]


class XinfangReceptionRoster(http.Controller):
    @http.route("/xinfang/reception-roster", type="http", auth="public", methods=["GET"], website=True,
                sitemap=False)
    def reception_roster(self, **kw):
        # sudo-safe: the name of the current company, printed on the roster it publishes
        company_name = request.env.company.sudo().name
        return request.render("xinfang_supervision.portal_reception_roster", {
            "rows": public_roster_rows(request.env), "company_name": company_name,
        })
