"""19.0.1.1.0: the township's numbers read as 10, and the province and Beijing time the departure.

Rules, meeting days and parameters are noupdate data, so an update leaves existing databases as they
were. This script brings them in line with the shipped data, but only where the old default is
untouched (an office that set its own values keeps them):

* city collective visits: the principal leader from 10 people (the garbled source read 20 before):
  the two shipped city bands [5, 20) and [20, ...) become [5, 10) and [10, ...);
* routine petition meetings on the 10th and 25th (the parameter read "20,25");
* collective visits to the province and Beijing time the departure (dispatch within 2 hours), not the
  arrival: the shipped rules (arrival within 0 minutes) switch clock. Their existing visits get the
  time they were dispatched (from the state's tracking, else the earliest dispatch line) and are
  recomputed: a late arrival no longer counts against them, a late departure does.

Visits already reported keep the rule they matched (editing a rule does not rewrite past visits).
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

CITY_OLD, CITY_NEW = 20, 10
CITY_NOTES = {
    "escalation_rule_city_deputy": (
        "To the city, 5 to 19 people: the deputy (case) leader on site within 2 hours.",
        "To the city, 5 to 9 people: the deputy (case) leader on site within 2 hours."),
    "escalation_rule_city_principal": (
        "To the city, 20 people or more: the principal leader on site within 2 hours.",
        "To the city, 10 people or more: the principal leader on site within 2 hours."),
}
DEPARTURE_RULES = {
    "escalation_rule_province": (
        "province", "To the province, 5 people or more: the principal leaders set off at once.",
        "To the province, 5 people or more: the principal leaders set off at once (within 2 hours); no arrival "
        "deadline."),
    "escalation_rule_national": (
        "national", "To Beijing, 5 people or more: the principal leaders set off at once.",
        "To Beijing, 5 people or more: the principal leaders set off at once (within 2 hours); no arrival deadline."),
}
ROUTINE_PARAM, ROUTINE_OLD, ROUTINE_NEW = "xinfang_supervision.routine_meeting_days", "20,25", "10,25"
DEPARTURE_MINUTES = 120


def _ref(env, name):
    return env.ref(f"xinfang_supervision.{name}", raise_if_not_found=False)


def _city_threshold(env):
    deputy, principal = _ref(env, "escalation_rule_city_deputy"), _ref(env, "escalation_rule_city_principal")
    if not (deputy and principal and deputy.destination_level == principal.destination_level == "city"
            and deputy.max_head_count == CITY_OLD and principal.min_head_count == CITY_OLD):
        return False
    # the lower band first: the bands never overlap on the way
    for name, rule, vals in (("escalation_rule_city_deputy", deputy, {"max_head_count": CITY_NEW}),
                             ("escalation_rule_city_principal", principal, {"min_head_count": CITY_NEW})):
        old_note, new_note = CITY_NOTES[name]
        if rule.note == old_note:
            vals["note"] = new_note
        rule.write(vals)
    return True


def _routine_meeting_days(env):
    ICP = env["ir.config_parameter"]
    if (ICP.get_param(ROUTINE_PARAM) or "").replace(" ", "") == ROUTINE_OLD:
        ICP.set_param(ROUTINE_PARAM, ROUTINE_NEW)
        return True
    return False


def _departure_rules(env):
    rules = env["xinfang.escalation.rule"]
    for name, (level, old_note, new_note) in DEPARTURE_RULES.items():
        rule = _ref(env, name)
        if rule and rule.destination_level == level and rule.clock == "arrival" and rule.arrival_minutes == 0:
            vals = {"clock": "departure", "departure_minutes": DEPARTURE_MINUTES}
            if rule.note == old_note:
                vals["note"] = new_note
            rule.write(vals)
            rules |= rule
    return rules


def _dispatch_times(cr):
    """The departure of visits dispatched before the field existed: when the state first changed (a visit
    with a rule cannot close without the dispatch step), else the earliest dispatch line."""
    cr.execute("""
        UPDATE xinfang_collective_visit v
           SET dispatched_at = COALESCE(
                   (SELECT MIN(m.date)
                      FROM mail_message m
                      JOIN mail_tracking_value t ON t.mail_message_id = m.id
                      JOIN ir_model_fields f ON f.id = t.field_id
                     WHERE m.model = 'xinfang.collective.visit' AND m.res_id = v.id
                       AND f.model = 'xinfang.collective.visit' AND f.name = 'state'),
                   (SELECT MIN(l.dispatched_at) FROM xinfang_collective_visit_leader l WHERE l.visit_id = v.id))
         WHERE v.dispatched_at IS NULL
           AND (v.state IN ('dispatched', 'on_site')
                OR (v.state IN ('persuaded_back', 'escalated') AND v.required_leader_level IS NOT NULL))
    """)
    return cr.rowcount


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    city = _city_threshold(env)
    routine = _routine_meeting_days(env)
    departure_rules = _departure_rules(env)
    dispatched = _dispatch_times(cr)
    Visit = env["xinfang.collective.visit"].with_context(active_test=False)
    Visit.invalidate_model(["dispatched_at"])
    visits = Visit.search([("rule_id", "in", departure_rules.ids)]) if departure_rules else Visit
    for fname in ("clock", "arrival_deadline", "departure_deadline", "first_arrival_at", "arrival_status", "late",
                  "departure_status", "departure_late"):
        env.add_to_compute(Visit._fields[fname], visits)
    env.flush_all()
    _logger.info(
        "xinfang collective visits: city threshold %s, routine meetings %s, %s departure rules (%s visits "
        "recomputed), %s dispatch times recorded",
        "10" if city else "kept", ROUTINE_NEW if routine else "kept", len(departure_rules), len(visits), dispatched)
