"""The declared access matrix of the petition system: model x group -> "rwcu" (read, write, create, unlink).

Checked cell by cell against the real ACLs by tests/test_access_matrix.py, with one user per group holding
only that group (and base.group_user for internal groups). A cell is the *effective* right of such a user:
implied groups count (staff implies handler, leader and director imply staff, confidential implies
handler). Every concrete model defined by xinfang_petition or xinfang_supervision must be listed, with all
nine groups; extra models (EXTRA_MODELS) are other addons' models where xinfang adds grants.

Record rules narrow most grants (see RULES below and tests/test_record_scope.py):
- petitions: mediators their village (or what they registered), handlers their unit's, confidential the
  accusations, staff all, portal users their own (as petitioner or accuser), read only;
- petitioners: accusers (confidential=True) only for the confidential group; handlers only the people
  (petitioner, representatives) of the petitions their unit handles; the office (staff+) everyone else.

Changing a grant means changing this file in the same commit, on purpose.

Review of the grants as derived (2026-11), kept as they are unless marked:
- FINANCE reads only configuration (categories, holidays, escalation rules, the published reception
  roster) and edits budgets: no petition, petitioner, assignment, meeting, task, risk or metrics model.
- EMPLOYEE (plain employee) reads the same configuration, nothing else; PORTAL has only the read of
  xinfang.petition under rule_petition_portal (own petitions).
- HANDLER read *every* non-confidential petitioner of the township until 19.0.1.1.0; now only the people
  of the own unit's petitions (rule_petitioner_handler; the migration moves the old rule to STAFF).
- MEDIATOR/STAFF/LEADER/DIRECTOR "u" on xinfang.petition and STAFF+ "u" on xinfang.assignment only
  discard drafts: the ondelete hooks refuse registered petitions and numbered assignments.
- DIRECTOR reads leader cases but cannot edit them (director does not imply leader).
"""

from typing import NamedTuple

from odoo.addons.xinfang_petition.models.xinfang_workflow_state import (
    CONFIDENTIAL,
    DIRECTOR,
    FINANCE,
    HANDLER,
    LEADER,
    MEDIATOR,
    STAFF,
)

EMPLOYEE = "base.group_user"
PORTAL = "base.group_portal"

GROUPS = (MEDIATOR, HANDLER, STAFF, LEADER, DIRECTOR, FINANCE, CONFIDENTIAL, EMPLOYEE, PORTAL)
INTERNAL_GROUPS = GROUPS[:-1]

# Models of other addons on which xinfang grants rights (checked too, but not required to be complete).
EXTRA_MODELS = ("auditlog.log",)

# One row per model; the columns are GROUPS, in order. A cell is the effective right, "" for none.
_ROWS = {
    #                                   MEDIATOR HANDLER  STAFF    LEADER   DIRECTOR FINANCE  CONFID.  EMPLOYEE PORTAL
    # --- xinfang_petition ---------------------------------------------------------------------------
    "xinfang.api.client":              ("",      "",      "",      "",      "rwcu",  "",      "",      "",      ""),
    # the leaders' inbox (待我审批), a view over tier.review; each leader sees the reviews addressed to them
    "xinfang.approval":                ("",      "",      "",      "r",     "",      "",      "",      "",      ""),
    "xinfang.assignment":              ("r",     "rw",    "rwcu",  "rwcu",  "rwcu",  "",      "rw",    "",      ""),
    "xinfang.category":                ("r",     "r",     "r",     "r",     "rwc",   "r",     "r",     "r",     ""),
    "xinfang.extension":               ("",      "rwc",   "rwc",   "rwc",   "rwc",   "",      "rwc",   "",      ""),
    "xinfang.holiday":                 ("r",     "r",     "r",     "r",     "rwcu",  "r",     "r",     "r",     ""),
    "xinfang.holiday.import":          ("",      "",      "",      "",      "rwcu",  "",      "",      "",      ""),
    "xinfang.petition":                ("rwcu",  "rw",    "rwcu",  "rwcu",  "rwcu",  "",      "rw",    "",      "r"),
    "xinfang.petition.report":         ("",      "",      "r",     "r",     "r",     "",      "",      "",      ""),
    "xinfang.petition.step":           ("rwc",   "rwc",   "rwc",   "rwc",   "rwc",   "",      "rwc",   "",      ""),
    "xinfang.petitioner":              ("rwc",   "r",     "rwc",   "rwc",   "rwc",   "",      "rwc",   "",      ""),
    # throttle counters of the public portal: base.group_system only (and sudo in the controllers)
    "xinfang.portal.throttle":         ("",      "",      "",      "",      "",      "",      "",      "",      ""),
    # the bodies that refer cases (county-wide configuration): everyone reads, the director keeps the list
    "xinfang.referral.body":           ("r",     "r",     "r",     "r",     "rwc",   "r",     "r",     "r",     ""),
    # the import of referred cases (transient): the office only
    "xinfang.referral.import":         ("",      "",      "rwc",   "rwc",   "rwc",   "",      "",      "",      ""),
    "xinfang.referral.import.column":  ("",      "",      "rwcu",  "rwcu",  "rwcu",  "",      "",      "",      ""),
    "xinfang.referral.import.line":    ("",      "",      "rwcu",  "rwcu",  "rwcu",  "",      "",      "",      ""),
    # the report back to the referring body (transient): the office's step
    "xinfang.referral.report.back":    ("",      "",      "rwc",   "rwc",   "rwc",   "",      "",      "",      ""),
    "xinfang.staffing.check":          ("",      "",      "",      "",      "rwcu",  "",      "",      "",      ""),
    # --- xinfang_supervision ------------------------------------------------------------------------
    "xinfang.accountability":          ("",      "",      "rwc",   "rwcu",  "rwc",   "",      "rwc",   "",      ""),
    "xinfang.assessment":              ("",      "",      "r",     "rwc",   "rwcu",  "",      "",      "",      ""),
    "xinfang.assessment.line":         ("",      "",      "r",     "rwcu",  "rwcu",  "",      "",      "",      ""),
    "xinfang.budget":                  ("",      "",      "r",     "r",     "rwcu",  "rwcu",  "",      "",      ""),
    "xinfang.budget.line":             ("",      "",      "r",     "r",     "rwcu",  "rwcu",  "",      "",      ""),
    "xinfang.collective.visit":        ("rwc",   "",      "rwc",   "rwc",   "rwcu",  "",      "",      "",      ""),
    "xinfang.collective.visit.leader": ("r",     "",      "rwcu",  "rwcu",  "rwcu",  "",      "",      "",      ""),
    "xinfang.decision.assessment":     ("",      "",      "rwc",   "rwc",   "rwcu",  "",      "",      "",      ""),
    "xinfang.escalation.rule":         ("r",     "r",     "r",     "r",     "rwcu",  "r",     "r",     "r",     ""),
    "xinfang.field.visit":             ("rwc",   "",      "rwc",   "rwcu",  "rwc",   "",      "",      "",      ""),
    "xinfang.key.management":          ("",      "",      "r",     "rwc",   "rwcu",  "",      "",      "",      ""),
    "xinfang.leader.case":             ("",      "r",     "r",     "rwcu",  "r",     "",      "r",     "",      ""),
    "xinfang.leader.case.duty":        ("",      "r",     "r",     "rwc",   "r",     "",      "r",     "",      ""),
    "xinfang.meeting":                 ("rwc",   "r",     "rwc",   "rwcu",  "rwc",   "",      "r",     "",      ""),
    "xinfang.meeting.agenda":          ("rwcu",  "r",     "rwcu",  "rwcu",  "rwcu",  "",      "r",     "",      ""),
    # 矛盾纠纷调处: the village's mediator and the office; archived, never deleted once done (ondelete guard)
    "xinfang.mediation":               ("rwcu",  "",      "rwcu",  "rwcu",  "rwcu",  "",      "",      "",      ""),
    "xinfang.mediation.party":         ("rwcu",  "",      "rwcu",  "rwcu",  "rwcu",  "",      "",      "",      ""),
    # the monthly report (月报, transient): the office computes it; its petition counts are township-wide
    "xinfang.monthly.statistics":      ("",      "",      "rwcu",  "rwcu",  "rwcu",  "",      "",      "",      ""),
    "xinfang.monthly.statistics.line": ("",      "",      "rwcu",  "rwcu",  "rwcu",  "",      "",      "",      ""),
    # 干部代访: the cadre (mediator or handler) their own visits, handlers read their unit's; no unlink (archive)
    "xinfang.proxy.visit":             ("rwc",   "rwc",   "rwc",   "rwc",   "rwc",   "",      "rwc",   "",      ""),
    "xinfang.reception.day":           ("r",     "r",     "rwc",   "rwcu",  "rwcu",  "r",     "r",     "r",     ""),
    "xinfang.reception.gap":           ("",      "",      "rwcu",  "rwcu",  "rwcu",  "",      "",      "",      ""),
    "xinfang.risk":                    ("rwc",   "rwc",   "rwc",   "rwcu",  "rwc",   "",      "rwc",   "",      ""),
    "xinfang.supervision.order":       ("",      "",      "rw",    "rwcu",  "rw",    "",      "",      "",      ""),
    "xinfang.task":                    ("rw",    "rw",    "rwc",   "rwcu",  "rwc",   "",      "rw",    "",      ""),
    "xinfang.task.progress":           ("rwc",   "rwc",   "rwc",   "rwcu",  "rwc",   "",      "rwc",   "",      ""),
    "xinfang.village.contract":        ("",      "",      "r",     "rwcu",  "rwcu",  "",      "",      "",      ""),
    # the village board (SQL view): the office ranks all villages, a mediator reads the own village's rows
    "xinfang.village.board":           ("r",     "",      "r",     "r",     "r",     "",      "",      "",      ""),
    # --- other addons' models ------------------------------------------------------------------------
    # Identity Reads report: discipline inspection and the director read petitioner logs (rules below).
    "auditlog.log":                    ("",      "",      "",      "",      "r",     "",      "r",     "",      ""),
}
MATRIX = {model: dict(zip(GROUPS, cells, strict=True)) for model, cells in _ROWS.items()}

AUDITLOG_USER = "auditlog.group_auditlog_user"
PARTICIPANTS = (HANDLER, MEDIATOR)


class Rule(NamedTuple):
    """A record rule as declared: its groups (none for a global rule) and the operations it applies to."""

    groups: tuple = ()
    operations: str = "rwcu"


def _rules(prefix, company="company", **scopes):
    """The record rules ``<prefix>_<name>`` of one model: the global rule ``<prefix>_<company>`` (none when
    ``company`` is None) and one rule per scope, given as a Rule, a group or a tuple of groups (all operations).
    """
    rules = {f"{prefix}_{company}": Rule()} if company else {}
    for name, scope in scopes.items():
        if not isinstance(scope, Rule):
            scope = Rule(scope if isinstance(scope, tuple) else (scope,))
        rules[f"{prefix}_{name}"] = scope
    return rules


P, S = "xinfang_petition.rule_", "xinfang_supervision.rule_"  # where the two addons' rule xmlids start

# Record rules of the matrix models: xmlid -> Rule. Global rules (no group) are ANDed with everything; group
# rules are ORed among a user's groups. Most models have only the global multi-company rule.
RULES = {
    "auditlog.log": _rules(P + "auditlog_log", company="petitioner_company", confidential=CONFIDENTIAL,
                           director=DIRECTOR, auditlog_user=AUDITLOG_USER),
    "xinfang.accountability": _rules(S + "accountability"),
    "xinfang.assessment": _rules(S + "assessment"),
    "xinfang.assessment.line": _rules(S + "assessment_line"),
    "xinfang.approval": _rules(P + "approval", own=()),
    "xinfang.assignment": _rules(P + "assignment", mediator=MEDIATOR, handler=HANDLER, staff=STAFF),
    "xinfang.budget": _rules(S + "xinfang_budget"),
    "xinfang.budget.line": _rules(S + "xinfang_budget_line"),
    "xinfang.collective.visit": _rules(S + "collective_visit", mediator=MEDIATOR, staff=STAFF),
    "xinfang.collective.visit.leader": _rules(S + "collective_visit_leader", mediator=MEDIATOR, staff=STAFF),
    "xinfang.decision.assessment": _rules(S + "decision_assessment"),
    "xinfang.extension": _rules(P + "extension", handler=HANDLER, staff=STAFF),
    "xinfang.field.visit": _rules(S + "field_visit", mediator=MEDIATOR, staff=STAFF),
    "xinfang.key.management": _rules(S + "key_management"),
    "xinfang.leader.case": _rules(S + "leader_case", handler=HANDLER, staff=STAFF),
    "xinfang.leader.case.duty": _rules(S + "leader_case_duty", handler=HANDLER, staff=STAFF),
    "xinfang.meeting": _rules(S + "meeting", participant=Rule(PARTICIPANTS, "r"),
                              village_mediator_write=Rule((MEDIATOR,), "wcu"), staff=STAFF),
    "xinfang.meeting.agenda": _rules(S + "meeting_agenda", participant=Rule(PARTICIPANTS, "r"),
                                     village_mediator_write=Rule((MEDIATOR,), "wcu"), staff=STAFF),
    "xinfang.mediation": _rules(S + "mediation", mediator=MEDIATOR, staff=STAFF),
    "xinfang.mediation.party": _rules(S + "mediation_party", mediator=MEDIATOR, staff=STAFF),
    "xinfang.petition": _rules(P + "petition", mediator=MEDIATOR, handler=HANDLER, confidential=CONFIDENTIAL,
                               staff=STAFF, portal=Rule((PORTAL,), "r")),
    "xinfang.petition.report": _rules(P + "petition_report"),
    "xinfang.petitioner": _rules(P + "petitioner", mediator=MEDIATOR, not_confidential=STAFF, handler=HANDLER,
                                 confidential=CONFIDENTIAL),
    "xinfang.referral.body": _rules(P + "referral_body"),
    "xinfang.proxy.visit": _rules(S + "proxy_visit", cadre=PARTICIPANTS, handler_read=Rule((HANDLER,), "r"),
                                  staff=STAFF),
    "xinfang.reception.day": _rules(S + "reception_day", user=EMPLOYEE, staff=STAFF),
    "xinfang.risk": _rules(S + "risk", mediator=MEDIATOR, handler=HANDLER, staff=STAFF),
    "xinfang.supervision.order": _rules(S + "supervision_order"),
    "xinfang.task": _rules(S + "task", participant_read=Rule(PARTICIPANTS, "r"),
                           owner_write=Rule(PARTICIPANTS, "wcu"), staff=STAFF),
    "xinfang.task.progress": _rules(S + "task_progress", participant_read=Rule(PARTICIPANTS, "r"),
                                    owner_write=Rule(PARTICIPANTS, "wcu"), staff=STAFF),
    "xinfang.village.contract": _rules(S + "village_contract"),
    "xinfang.village.board": _rules(S + "village_board", mediator=MEDIATOR, staff=STAFF),
}
