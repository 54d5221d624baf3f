"""19.0.1.2.0: the petition's four proxy fields become proxy visits (xinfang.proxy.visit).

pre-migrate set the columns aside as legacy_proxy_*. Each petition with a proxy cadre gets one visit:

* cadre, upper department (the authority visited) and the petition's subject as the matter;
* the proxy date as the visit date (a date in the future, which the old field let through, is left
  out and named in the visit's chatter);
* with a result, the visit is answered, the result being the answer and the visit date its date (the
  earliest it can have been; the old fields did not know it); without a result it is carried, and a
  visit with neither a valid date nor a result stays a draft;
* nobody was told through the system: no visit is marked as relayed to the petitioner.

A petition with proxy values but no cadre keeps them in a note on its chatter. The legacy columns are
dropped at the end.
"""

import logging

from markupsafe import Markup, escape

from odoo import SUPERUSER_ID, api, fields
from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

LEGACY = ("legacy_proxy_cadre_id", "legacy_proxy_authority", "legacy_proxy_date", "legacy_proxy_result")
TABLE = "xinfang_petition"
NOT_RECORDED = "(not recorded)"


def _legacy_rows(cr):
    cr.execute(SQL(
        """SELECT id, legacy_proxy_cadre_id, legacy_proxy_authority, legacy_proxy_date, legacy_proxy_result
             FROM xinfang_petition
            WHERE legacy_proxy_cadre_id IS NOT NULL OR legacy_proxy_date IS NOT NULL
               OR NULLIF(TRIM(legacy_proxy_authority), '') IS NOT NULL
               OR NULLIF(TRIM(legacy_proxy_result), '') IS NOT NULL
            ORDER BY id"""))
    return cr.fetchall()


def _note(cadre, authority, date, result):
    lines = [("Proxy cadre", cadre), ("Authority visited", authority), ("Proxy visit date", date),
             ("Proxy visit result", result)]
    items = Markup("").join(Markup("<li>%s: %s</li>") % (label, escape(value or "")) for label, value in lines)
    return Markup("<p>Proxy petitioning as recorded on the petition before 19.0.1.2.0:</p><ul>%s</ul>") % items


def _visit_vals(petition, cadre_id, authority, date, result, today):
    result = (result or "").strip()
    date = date if date and date <= today else False
    state = "answered" if result and date else "carried" if result or date else "draft"
    return {
        "petition_id": petition.id,
        "cadre_id": cadre_id,
        "authority": (authority or "").strip() or NOT_RECORDED,
        "visit_date": date,
        "answer": result or False,
        "answer_date": date if state == "answered" else False,
        "state": state,
    }


def migrate(cr, version):
    if not all(sql.column_exists(cr, TABLE, column) for column in LEGACY):
        return
    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
    Petition = env["xinfang.petition"].with_context(active_test=False)
    Visit = env["xinfang.proxy.visit"]
    today = fields.Date.context_today(Visit)
    moved = noted = 0
    for petition_id, cadre_id, authority, date, result in _legacy_rows(cr):
        petition = Petition.browse(petition_id)
        cadre = env["hr.employee"].with_context(active_test=False).browse(cadre_id).exists() if cadre_id else None
        note = _note(cadre.name if cadre else "", authority, date and fields.Date.to_string(date), result)
        if not cadre:
            petition.message_post(body=note, message_type="comment", subtype_xmlid="mail.mt_note")
            noted += 1
            continue
        visit = Visit.create(_visit_vals(petition, cadre.id, authority, date, result, today))
        visit.message_post(body=note, message_type="comment", subtype_xmlid="mail.mt_note")
        moved += 1
    env.flush_all()
    for column in LEGACY:
        cr.execute(SQL("ALTER TABLE %s DROP COLUMN %s", SQL.identifier(TABLE), SQL.identifier(column)))
    _logger.info("xinfang proxy petitioning: %s petitions' proxy fields became proxy visits, %s kept as notes",
                 moved, noted)
