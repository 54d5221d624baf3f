"""Bulk helpers for the benchmarks (tests/bench/): a bench organisation, petition values, fast SQL fills.

Builds on the fictional township of ``data/township.py`` (villages, units, category routing,
generated petitions). Everything here runs inside an Odoo environment or on a plain psycopg2
connection; nothing is used by the addons themselves.

- ``build_organisation(env)``: the township's villages and units, category lead units, N office
  users (group staff + project user, one shared password) and a project for the project.task peer.
- ``registration_vals(row, refs)`` / ``import_vals(row, refs, number)``: a generated or CSV row as
  ``xinfang.petition`` values (registration at the desk, historical import).
- ``sql_fill(cr, total, refs)``: top the petition table up to ``total`` rows with one
  ``INSERT ... SELECT generate_series`` per batch, with the generator's distributions, in date order.
- ``sql_import_lines(cursor, lines, refs, prefix, uid)``: the raw baseline of the import (COPY into a
  staging table, then one ``INSERT ... SELECT``).
"""

import io
import json
from datetime import date, timedelta

import township

BENCH_PREFIX = "bench_staff"
TZ = "Asia/Shanghai"
LEVEL_RANK = {"village": 0, "township": 1, "county": 2, "city": 3, "province": 4, "national": 5}


# ---------------------------------------------------------------------------------------------
# organisation
# ---------------------------------------------------------------------------------------------
def build_organisation(env, users=20, password="bench"):
    """Create villages, units, category lead units, ``users`` office users and a project; returns refs.

    The users share one password hash (hashed once by Odoo's own context), so setting up 20 logins
    costs one PBKDF2 run, not twenty.
    """
    Department = env["hr.department"].with_context(tracking_disable=True)
    company = env.company
    parent = Department.create({"name": township.VILLAGE_PARENT, "company_id": company.id})
    village_rows = township.villages()
    villages = Department.create([
        {"name": v["name"], "xinfang_unit_type": "village", "population": v["population"],
         "parent_id": parent.id, "company_id": company.id}
        for v in village_rows
    ])
    unit_rows = township.units()
    units = Department.create([
        {"name": u["name"], "xinfang_unit_type": "office", "company_id": company.id} for u in unit_rows
    ])
    refs = {
        "company_id": company.id,
        "villages": {v["code"]: rec.id for v, rec in zip(village_rows, villages, strict=True)},
        "populations": {rec.id: v["population"] for v, rec in zip(village_rows, villages, strict=True)},
        "units": {u["code"]: rec.id for u, rec in zip(unit_rows, units, strict=True)},
    }
    Category = env["xinfang.category"]
    for category_code, unit_code in township.category_units().items():
        Category.search([("code", "=", category_code)]).default_unit_id = refs["units"][unit_code]
    categories = Category.search([("code", "!=", False)])
    refs["categories"] = {c.code: c.id for c in categories}
    refs["leaf_categories"] = {c.code: c.id for c in categories if not c.child_ids}

    groups = (env.ref("base.group_user") | env.ref("xinfang_petition.group_xinfang_staff")
              | env.ref("project.group_project_user"))
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    staff = Users.create([
        {"name": f"Bench Staff {i:02d}", "login": f"{BENCH_PREFIX}{i:02d}", "tz": TZ,
         "notification_type": "inbox", "company_id": company.id, "company_ids": [(6, 0, company.ids)],
         "group_ids": [(6, 0, groups.ids)]}
        for i in range(1, users + 1)
    ])
    hashed = Users._crypt_context().hash(password)
    for user in staff:
        Users._set_encrypted_password(user.id, hashed)
    env["hr.employee"].with_context(tracking_disable=True).create([
        {"name": user.name, "user_id": user.id, "department_id": refs["units"]["xfb"],
         "xinfang_role": "staff", "company_id": company.id}
        for user in staff
    ])
    project = env["project.project"].with_context(tracking_disable=True).create({
        "name": "Bench project (peer of the petition office)", "company_id": company.id,
        "type_ids": [(0, 0, {"name": name, "sequence": seq}) for seq, name in enumerate(("New", "Doing", "Done"))],
    })
    refs.update(users=staff.ids, logins=staff.mapped("login"), password=password, project_id=project.id)
    return refs


def create_petitioners(env, rows, refs):
    """One xinfang.petitioner per distinct resident ID of ``rows``; returns {id number: petitioner id}."""
    seen = {}
    for row in rows:
        seen.setdefault(row["petitioner_id_number"], row)
    Petitioner = env["xinfang.petitioner"].with_context(tracking_disable=True, active_test=False)
    known = {p.id_number: p.id for p in Petitioner.search([("id_number", "in", list(seen))])}
    new = [number for number in seen if number not in known]
    people = Petitioner.create([
        {"name": seen[number]["petitioner_name"], "id_number": number, "phone": seen[number]["petitioner_phone"],
         "address": seen[number]["petitioner_address"], "village_id": refs["villages"][seen[number]["village"]]}
        for number in new
    ])
    known.update(zip(new, people.ids, strict=True))
    return known


# ---------------------------------------------------------------------------------------------
# petition values
# ---------------------------------------------------------------------------------------------
def registration_vals(row, refs, petitioner_id):
    """What the office enters at the desk for a generated row (then ``action_register``)."""
    return {
        "registration_date": row["registration_date"], "channel": row["channel"], "subject": row["subject"],
        "content": row["content"], "request": row["request"], "nature": row["nature"],
        "category_id": refs["categories"][row["category"]], "village_id": refs["villages"][row["village"]],
        "lodged_level": row["lodged_level"], "responsible_level": row["responsible_level"],
        "is_major": row["is_major"], "simplified": row["simplified"], "head_count": row["head_count"],
        "petitioner_id": petitioner_id,
    }


def _bool(text):
    return text in ("True", "1", "true")


def _date(text):
    return date.fromisoformat(text) if text else False  # 10x faster than the ORM's strptime of a string


def import_vals(row, refs, number):
    """A CSV row (``township.py --csv``) as the values of a historical petition, number ``number``.

    The history comes with its own states and dates; deadlines are recomputed by the new system's
    cron, not imported. People are not part of the figure (petitioner left empty, as the
    raw baseline does).
    """
    accept, reply = _date(row["accept_date"]), _date(row["reply_date"])
    return {
        "name": number, "registration_date": _date(row["registration_date"]), "state": row["state"],
        "channel": row["channel"], "subject": row["subject"], "content": row["content"], "request": row["request"],
        "nature": row["nature"], "category_id": refs["categories"][row["category"]],
        "village_id": refs["villages"][row["village"]], "head_count": int(row["head_count"]),
        "lodged_level": row["lodged_level"], "responsible_level": row["responsible_level"],
        "is_major": _bool(row["is_major"]), "simplified": _bool(row["simplified"]),
        "is_repeat": bool(row["repeat_of"]), "no_reaccept": _bool(row["no_reaccept"]),
        "accept_date": accept, "reject_reason": row["reject_reason"] or False,
        "redirect_route": row["redirect_route"] or False, "reply_date": reply,
        "reply_outcome": row["reply_outcome"] or False, "extension_days": int(row["extension_days"] or 0),
        "follow_up_date": _date(row["follow_up_date"]), "satisfaction": row["satisfaction"] or False,
        "review_request_date": _date(row["review_request_date"]), "review_date": _date(row["review_date"]),
        "re_review_request_date": _date(row["re_review_request_date"]), "re_review_date": _date(row["re_review_date"]),
    }


# ---------------------------------------------------------------------------------------------
# raw SQL: the import baseline and the fill
# ---------------------------------------------------------------------------------------------
STAGE_DDL = "CREATE TEMP TABLE IF NOT EXISTS bench_import_stage (" + ", ".join(
    f"{name} text" for name in township.FIELDS) + ") ON COMMIT DELETE ROWS"

IMPORT_SQL = """
    INSERT INTO xinfang_petition (
        name, company_id, registered_by_id, create_uid, write_uid, create_date, write_date, active,
        registration_date, state, channel, subject, content, request, nature, category_id, village_id,
        head_count, lodged_level, responsible_level, is_cross_level, is_collective, is_major, simplified,
        is_repeat, no_reaccept, accept_date, reject_reason, redirect_route, reply_date, reply_outcome,
        extension_days, follow_up_date, satisfaction, review_request_date, review_date,
        re_review_request_date, re_review_date, deadline_status)
    SELECT %(prefix)s || lpad(s.seq, 6, '0'), %(company)s, %(uid)s, %(uid)s, %(uid)s,
           now() at time zone 'UTC', now() at time zone 'UTC', true,
           s.registration_date::date, s.state, s.channel, s.subject, s.content, s.request, s.nature, c.id,
           v.value::int, s.head_count::int, s.lodged_level, s.responsible_level,
           (%(rank)s::jsonb ->> s.lodged_level)::int > (%(rank)s::jsonb ->> s.responsible_level)::int,
           s.head_count::int >= 5, s.is_major::bool, s.simplified::bool, s.repeat_of IS NOT NULL,
           s.no_reaccept::bool, s.accept_date::date, s.reject_reason, s.redirect_route, s.reply_date::date,
           s.reply_outcome, COALESCE(s.extension_days::int, 0), s.follow_up_date::date, s.satisfaction,
           s.review_request_date::date, s.review_date::date, s.re_review_request_date::date,
           s.re_review_date::date, 'none'
      FROM bench_import_stage s
      JOIN xinfang_category c ON c.code = s.category
      JOIN json_each_text(%(villages)s::json) v ON v.key = s.village
"""


def sql_import_lines(cursor, lines, refs, prefix, uid):
    """The raw baseline of the import: COPY CSV lines (``township.py --csv``, no header) into a staging
    table, then one INSERT ... SELECT with the same columns and derived flags as the ORM import.

    Returns the number of petitions inserted.
    """
    cursor.execute(STAGE_DDL)
    cursor.copy_expert("COPY bench_import_stage FROM STDIN WITH (FORMAT csv, NULL '')", io.StringIO(lines))
    cursor.execute(IMPORT_SQL, {"prefix": prefix, "company": refs["company_id"], "uid": uid,
                                "rank": _json(LEVEL_RANK), "villages": _json(refs["villages"])})
    return cursor.rowcount


def _json(value):
    return json.dumps(value)


def _weighted(pairs, slots=1000):
    """An array where each key fills slots proportional to its weight: ``arr[1 + floor(random() * n)]``."""
    total = sum(weight for _key, weight in pairs)
    array = []
    for key, weight in pairs:
        array += [key] * max(1, round(slots * weight / total))
    return array


def fill_arrays(refs):
    """The generator's distributions as SQL arrays (villages by population, categories, channels, levels)."""
    leaf = refs["leaf_categories"]
    categories = [(leaf[code], weight) for code, (weight, _s) in township.CATEGORIES.items() if weight and code in leaf]
    categories += [(leaf[code], weight) for code, (weight, _s) in township.ACCUSATION_SUBJECTS.items()]
    return {
        "villages": _weighted([(refs["villages"][v["code"]], v["population"]) for v in township.villages()]),
        "categories": _weighted(categories),
        "channels": _weighted(township.CHANNELS),
        "lodged": _weighted(township.LODGED),
        "units": list(refs["units"].values()),
        "subjects": sorted({s.format(v="") for _w, subjects in township.CATEGORIES.values() for s in subjects}),
    }


FILL_SQL = """
WITH base AS (
    SELECT g,
           %(first)s::date + (random() * %(span)s)::int AS d0,
           random() AS r_state, random() AS r_gap1, random() AS r_gap2, random() AS r_sat, random() AS r_head,
           random() AS r_nature, random() AS r_misc, random() AS r_village, random() AS r_category,
           random() AS r_unit, random() AS r_channel, random() AS r_lodged, random() AS r_subject
      FROM generate_series(1, %(count)s) g
), dated AS (
    -- fewer petitions at weekends: most weekend days move to the next Monday (never past today)
    SELECT b.*, CASE WHEN extract(isodow FROM d0) >= 6 AND r_misc < 0.75
                      AND d0 + (8 - extract(isodow FROM d0))::int <= %(today)s
                     THEN d0 + (8 - extract(isodow FROM d0))::int ELSE d0 END AS reg
      FROM base b
), staged AS (
    SELECT d.*,
           CASE WHEN %(today)s::date - reg <= 14 THEN
                     CASE WHEN r_state < .18 THEN 'to_accept' WHEN r_state < .32 THEN 'accepted'
                          WHEN r_state < .78 THEN 'handling' WHEN r_state < .86 THEN 'replied'
                          WHEN r_state < .91 THEN 'rejected' ELSE 'redirected' END
                WHEN %(today)s::date - reg <= 89 THEN
                     CASE WHEN r_state < .02 THEN 'to_accept' WHEN r_state < .04 THEN 'accepted'
                          WHEN r_state < .30 THEN 'handling' WHEN r_state < .40 THEN 'replied'
                          WHEN r_state < .82 THEN 'closed' WHEN r_state < .84 THEN 'review'
                          WHEN r_state < .91 THEN 'rejected' ELSE 'redirected' END
                ELSE CASE WHEN r_state < .005 THEN 'to_accept' WHEN r_state < .01 THEN 'accepted'
                          WHEN r_state < .035 THEN 'handling' WHEN r_state < .05 THEN 'replied'
                          WHEN r_state < .77 THEN 'closed' WHEN r_state < .785 THEN 'review'
                          WHEN r_state < .792 THEN 're_review' WHEN r_state < .807 THEN 'final'
                          WHEN r_state < .907 THEN 'rejected' ELSE 'redirected' END
           END AS state,
           CASE WHEN r_nature < .10 THEN 'accusation' WHEN r_nature < .18 THEN 'suggestion' ELSE 'appeal' END
               AS nature,
           CASE WHEN r_head < .04 THEN 5 + (r_gap2 * 35)::int WHEN r_head < .12 THEN 2 + (r_gap2 * 2)::int
                ELSE 1 END AS head_count,
           (%(lodged)s::varchar[])[1 + floor(r_lodged * %(n_lodged)s)::int] AS lodged_level
      FROM dated d
), steps AS (
    SELECT s.*,
           state IN ('accepted', 'handling', 'replied', 'closed', 'review', 're_review', 'final') AS was_accepted,
           state IN ('replied', 'closed', 'review', 're_review', 'final') AS was_replied,
           state IN ('closed', 'review', 're_review', 'final') AS was_surveyed,
           state IN ('review', 're_review', 'final') AS was_reviewed,
           LEAST(reg + CASE WHEN r_gap1 < .88 THEN 1 + (r_gap2 * 6)::int WHEN r_gap1 < .97 THEN 8 + (r_gap2 * 6)::int
                            ELSE 16 + (r_gap2 * 9)::int END, %(today)s::date) AS acc
      FROM staged s
), replies AS (
    SELECT t.*,
           LEAST(acc + CASE WHEN r_sat < .04 THEN 62 + (r_gap1 * 23)::int ELSE 7 + (r_gap1 * 48)::int END,
                 %(today)s::date) AS rep
      FROM steps t
), clocks AS (
    SELECT r.*,
           CASE WHEN was_reviewed THEN LEAST(rep + 10, %(today)s::date) END AS review_request,
           CASE state WHEN 'to_accept' THEN reg + 15 WHEN 'accepted' THEN acc + 60 WHEN 'handling' THEN acc + 60
                      WHEN 'review' THEN LEAST(rep + 10, %(today)s::date) + 30
                      WHEN 're_review' THEN LEAST(rep + 40, %(today)s::date) + 30 END AS clock
      FROM replies r
), settled AS (
    -- the flags as the daily cron leaves them; a deadline inside the near-due horizon moves just
    -- past it, so that nothing is due until a benchmark makes it so
    SELECT c.*, CASE WHEN clock BETWEEN %(today)s AND %(horizon)s THEN %(horizon)s::date + 1 ELSE clock END
                    AS deadline
      FROM clocks c
)
INSERT INTO xinfang_petition (
    name, company_id, registered_by_id, create_uid, write_uid, create_date, write_date, active,
    registration_date, state, channel, subject, content, request, nature, category_id, village_id, head_count,
    lodged_level, responsible_level, is_cross_level, is_collective, is_major, simplified, is_repeat, no_reaccept,
    acceptance_deadline, accept_date, accepted_on_time, handling_deadline, reply_date, replied_on_time,
    reply_outcome, satisfaction, follow_up_date, review_request_date, review_deadline, re_review_deadline,
    lead_unit_id, extension_days, current_deadline, deadline_status)
SELECT %(prefix)s || lpad((%(offset)s + g)::text, 7, '0'), %(company)s, %(uid)s, %(uid)s, %(uid)s,
       reg::timestamp + interval '2 hours', reg::timestamp + interval '2 hours', true,
       reg, state, (%(channels)s::varchar[])[1 + floor(r_channel * %(n_channels)s)::int],
       (%(subjects)s::varchar[])[1 + floor(r_subject * %(n_subjects)s)::int],
       (%(subjects)s::varchar[])[1 + floor(r_subject * %(n_subjects)s)::int] || '。请求依法处理。', '请求依法处理。',
       nature, (%(categories)s::int[])[1 + floor(r_category * %(n_categories)s)::int],
       (%(villages)s::int[])[1 + floor(r_village * %(n_villages)s)::int],
       head_count, lodged_level, 'township', lodged_level NOT IN ('village', 'township'), head_count >= 5,
       head_count >= 5 OR lodged_level IN ('city', 'province', 'national'), false, r_misc < .05, false,
       CASE WHEN state = 'to_accept' THEN deadline ELSE reg + 15 END,
       CASE WHEN was_accepted THEN acc END, CASE WHEN was_accepted THEN acc <= reg + 15 END,
       CASE WHEN state IN ('accepted', 'handling') THEN deadline WHEN was_accepted THEN acc + 60 END,
       CASE WHEN was_replied THEN rep END, CASE WHEN was_replied THEN rep <= acc + 60 END,
       CASE WHEN was_replied
            THEN (ARRAY['support', 'partial', 'explain', 'explain', 'reject'])[1 + floor(r_gap1 * 5)::int]
            END,
       CASE WHEN was_surveyed THEN CASE WHEN r_sat < .75 THEN 'satisfied' WHEN r_sat < .92 THEN 'basic'
                                        ELSE 'dissatisfied' END END,
       CASE WHEN was_surveyed THEN LEAST(rep + 3, %(today)s::date) END,
       review_request,
       CASE WHEN state = 'review' THEN deadline WHEN was_reviewed THEN review_request + 30 END,
       CASE WHEN state = 're_review' THEN deadline END,
       CASE WHEN was_accepted THEN (%(units)s::int[])[1 + floor(r_unit * %(n_units)s)::int] END,
       0, deadline,
       CASE WHEN deadline IS NULL THEN 'none' WHEN deadline < %(today)s THEN 'overdue' ELSE 'ok' END
  FROM settled
 ORDER BY reg, g
"""


def sql_fill(cr, total, refs, today, uid, first=date(2016, 1, 1), prefix="BF", batch=250_000, near_days=3):
    """Insert generated petitions until the table holds ``total`` rows; returns how many were added.

    Rows are inserted in registration-date order per batch (as history accumulates), spread from
    ``first`` to ``today``, with the generator's shares of states, natures, channels, levels and
    villages. Numbers are ``<prefix><7 digits>``. Flags are left as the daily cron would leave them.
    """
    cr.execute("SELECT count(*) FROM xinfang_petition")
    missing = max(0, total - cr.fetchone()[0])
    cr.execute("SELECT COALESCE(max(substring(name FROM %s)::int), 0) FROM xinfang_petition WHERE name LIKE %s",
               (f"^{prefix}([0-9]+)$", f"{prefix}%"))
    offset = cr.fetchone()[0]
    arrays = fill_arrays(refs)
    params = dict(arrays, **{f"n_{key}": len(value) for key, value in arrays.items()})
    added = 0
    while added < missing:
        count = min(batch, missing - added)
        cr.execute(FILL_SQL, {
            **params, "first": first, "span": (today - first).days, "today": today,
            "horizon": today + timedelta(days=near_days), "count": count, "prefix": prefix,
            "offset": offset + added, "company": refs["company_id"], "uid": uid,
        })
        added += count
    return added
