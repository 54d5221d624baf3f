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

MEDIATOR = "xinfang_petition.group_xinfang_mediator"
HANDLER = "xinfang_petition.group_xinfang_handler"
STAFF = "xinfang_petition.group_xinfang_staff"
LEADER = "xinfang_petition.group_xinfang_leader"
DIRECTOR = "xinfang_petition.group_xinfang_director"
FINANCE = "xinfang_petition.group_xinfang_finance"
CONFIDENTIAL = "xinfang_petition.group_xinfang_confidential"
EMPLOYEE = "base.group_user"
PORTAL = "base.group_portal"

GROUPS = (MEDIATOR, HANDLER, STAFF, LEADER, DIRECTOR, FINANCE, CONFIDENTIAL, EMPLOYEE, PORTAL)
INTERNAL_GROUPS = GROUPS[:-1]

# Models of other addons on which xinfang grants rights (checked too, but not required to be complete).
EXTRA_MODELS = ("auditlog.log",)

MATRIX = {
    # --- xinfang_petition ---------------------------------------------------------------------------
    "xinfang.api.client": {MEDIATOR: "", HANDLER: "", STAFF: "", LEADER: "", DIRECTOR: "rwcu", FINANCE: "",
                           CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    # the leaders' inbox (待我审批), a view over tier.review; each leader sees the reviews addressed to them
    "xinfang.approval": {MEDIATOR: "", HANDLER: "", STAFF: "", LEADER: "r", DIRECTOR: "", FINANCE: "",
                         CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.assignment": {MEDIATOR: "r", HANDLER: "rw", STAFF: "rwcu", LEADER: "rwcu", DIRECTOR: "rwcu",
                           FINANCE: "", CONFIDENTIAL: "rw", EMPLOYEE: "", PORTAL: ""},
    "xinfang.category": {MEDIATOR: "r", HANDLER: "r", STAFF: "r", LEADER: "r", DIRECTOR: "rwc", FINANCE: "r",
                         CONFIDENTIAL: "r", EMPLOYEE: "r", PORTAL: ""},
    "xinfang.extension": {MEDIATOR: "", HANDLER: "rwc", STAFF: "rwc", LEADER: "rwc", DIRECTOR: "rwc", FINANCE: "",
                          CONFIDENTIAL: "rwc", EMPLOYEE: "", PORTAL: ""},
    "xinfang.holiday": {MEDIATOR: "r", HANDLER: "r", STAFF: "r", LEADER: "r", DIRECTOR: "rwcu", FINANCE: "r",
                        CONFIDENTIAL: "r", EMPLOYEE: "r", PORTAL: ""},
    "xinfang.holiday.import": {MEDIATOR: "", HANDLER: "", STAFF: "", LEADER: "", DIRECTOR: "rwcu", FINANCE: "",
                               CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.petition": {MEDIATOR: "rwcu", HANDLER: "rw", STAFF: "rwcu", LEADER: "rwcu", DIRECTOR: "rwcu",
                         FINANCE: "", CONFIDENTIAL: "rw", EMPLOYEE: "", PORTAL: "r"},
    "xinfang.petition.report": {MEDIATOR: "", HANDLER: "", STAFF: "r", LEADER: "r", DIRECTOR: "r", FINANCE: "",
                                CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.petition.step": {MEDIATOR: "rwc", HANDLER: "rwc", STAFF: "rwc", LEADER: "rwc", DIRECTOR: "rwc",
                              FINANCE: "", CONFIDENTIAL: "rwc", EMPLOYEE: "", PORTAL: ""},
    "xinfang.petitioner": {MEDIATOR: "rwc", HANDLER: "r", STAFF: "rwc", LEADER: "rwc", DIRECTOR: "rwc", FINANCE: "",
                           CONFIDENTIAL: "rwc", EMPLOYEE: "", PORTAL: ""},
    # throttle counters of the public portal: base.group_system only (and sudo in the controllers)
    "xinfang.portal.throttle": {MEDIATOR: "", HANDLER: "", STAFF: "", LEADER: "", DIRECTOR: "", FINANCE: "",
                                CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.staffing.check": {MEDIATOR: "", HANDLER: "", STAFF: "", LEADER: "", DIRECTOR: "rwcu", FINANCE: "",
                               CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    # --- xinfang_supervision ------------------------------------------------------------------------
    "xinfang.accountability": {MEDIATOR: "", HANDLER: "", STAFF: "rwc", LEADER: "rwcu", DIRECTOR: "rwc",
                               FINANCE: "", CONFIDENTIAL: "rwc", EMPLOYEE: "", PORTAL: ""},
    "xinfang.assessment": {MEDIATOR: "", HANDLER: "", STAFF: "r", LEADER: "rwc", DIRECTOR: "rwcu", FINANCE: "",
                           CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.assessment.line": {MEDIATOR: "", HANDLER: "", STAFF: "r", LEADER: "rwcu", DIRECTOR: "rwcu", FINANCE: "",
                                CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.budget": {MEDIATOR: "", HANDLER: "", STAFF: "r", LEADER: "r", DIRECTOR: "rwcu", FINANCE: "rwcu",
                       CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.budget.line": {MEDIATOR: "", HANDLER: "", STAFF: "r", LEADER: "r", DIRECTOR: "rwcu", FINANCE: "rwcu",
                            CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.collective.visit": {MEDIATOR: "rwc", HANDLER: "", STAFF: "rwc", LEADER: "rwc", DIRECTOR: "rwcu",
                                 FINANCE: "", CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.collective.visit.leader": {MEDIATOR: "r", HANDLER: "", STAFF: "rwcu", LEADER: "rwcu", DIRECTOR: "rwcu",
                                        FINANCE: "", CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.decision.assessment": {MEDIATOR: "", HANDLER: "", STAFF: "rwc", LEADER: "rwc", DIRECTOR: "rwcu",
                                    FINANCE: "", CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.escalation.rule": {MEDIATOR: "r", HANDLER: "r", STAFF: "r", LEADER: "r", DIRECTOR: "rwcu", FINANCE: "r",
                                CONFIDENTIAL: "r", EMPLOYEE: "r", PORTAL: ""},
    "xinfang.field.visit": {MEDIATOR: "", HANDLER: "", STAFF: "rwc", LEADER: "rwcu", DIRECTOR: "rwc", FINANCE: "",
                            CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.key.management": {MEDIATOR: "", HANDLER: "", STAFF: "r", LEADER: "rwc", DIRECTOR: "rwcu", FINANCE: "",
                               CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.leader.case": {MEDIATOR: "", HANDLER: "r", STAFF: "r", LEADER: "rwcu", DIRECTOR: "r", FINANCE: "",
                            CONFIDENTIAL: "r", EMPLOYEE: "", PORTAL: ""},
    "xinfang.leader.case.duty": {MEDIATOR: "", HANDLER: "r", STAFF: "r", LEADER: "rwc", DIRECTOR: "r", FINANCE: "",
                                 CONFIDENTIAL: "r", EMPLOYEE: "", PORTAL: ""},
    "xinfang.meeting": {MEDIATOR: "r", HANDLER: "r", STAFF: "rwc", LEADER: "rwcu", DIRECTOR: "rwc", FINANCE: "",
                        CONFIDENTIAL: "r", EMPLOYEE: "", PORTAL: ""},
    "xinfang.meeting.agenda": {MEDIATOR: "r", HANDLER: "r", STAFF: "rwcu", LEADER: "rwcu", DIRECTOR: "rwcu",
                               FINANCE: "", CONFIDENTIAL: "r", EMPLOYEE: "", PORTAL: ""},
    "xinfang.reception.day": {MEDIATOR: "r", HANDLER: "r", STAFF: "rwc", LEADER: "rwcu", DIRECTOR: "rwcu",
                              FINANCE: "r", CONFIDENTIAL: "r", EMPLOYEE: "r", PORTAL: ""},
    "xinfang.reception.gap": {MEDIATOR: "", HANDLER: "", STAFF: "rwcu", LEADER: "rwcu", DIRECTOR: "rwcu", FINANCE: "",
                              CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.risk": {MEDIATOR: "rwc", HANDLER: "rwc", STAFF: "rwc", LEADER: "rwcu", DIRECTOR: "rwc", FINANCE: "",
                     CONFIDENTIAL: "rwc", EMPLOYEE: "", PORTAL: ""},
    "xinfang.supervision.order": {MEDIATOR: "", HANDLER: "", STAFF: "rw", LEADER: "rwcu", DIRECTOR: "rw",
                                  FINANCE: "", CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    "xinfang.task": {MEDIATOR: "rw", HANDLER: "rw", STAFF: "rwc", LEADER: "rwcu", DIRECTOR: "rwc", FINANCE: "",
                     CONFIDENTIAL: "rw", EMPLOYEE: "", PORTAL: ""},
    "xinfang.task.progress": {MEDIATOR: "rwc", HANDLER: "rwc", STAFF: "rwc", LEADER: "rwcu", DIRECTOR: "rwc",
                              FINANCE: "", CONFIDENTIAL: "rwc", EMPLOYEE: "", PORTAL: ""},
    "xinfang.village.contract": {MEDIATOR: "", HANDLER: "", STAFF: "r", LEADER: "rwcu", DIRECTOR: "rwcu", FINANCE: "",
                                 CONFIDENTIAL: "", EMPLOYEE: "", PORTAL: ""},
    # --- other addons' models ------------------------------------------------------------------------
    # Identity Reads report: discipline inspection and the director read petitioner logs (rules below).
    "auditlog.log": {MEDIATOR: "", HANDLER: "", STAFF: "", LEADER: "", DIRECTOR: "r", FINANCE: "",
                     CONFIDENTIAL: "r", EMPLOYEE: "", PORTAL: ""},
}

AUDITLOG_USER = "auditlog.group_auditlog_user"

# Record rules of the matrix models: xmlid -> (groups, "rwcu" operations the rule applies to).
# Global rules (no group) are ANDed with everything; group rules are ORed among a user's groups.
RULES = {
    "auditlog.log": {
        "xinfang_petition.rule_auditlog_log_confidential": ((CONFIDENTIAL,), "rwcu"),
        "xinfang_petition.rule_auditlog_log_director": ((DIRECTOR,), "rwcu"),
        "xinfang_petition.rule_auditlog_log_auditlog_user": ((AUDITLOG_USER,), "rwcu"),
        "xinfang_petition.rule_auditlog_log_petitioner_company": ((), "rwcu"),
    },
    "xinfang.accountability": {
        "xinfang_supervision.rule_accountability_company": ((), "rwcu"),
    },
    "xinfang.assessment": {
        "xinfang_supervision.rule_assessment_company": ((), "rwcu"),
    },
    "xinfang.assessment.line": {
        "xinfang_supervision.rule_assessment_line_company": ((), "rwcu"),
    },
    "xinfang.approval": {
        "xinfang_petition.rule_approval_own": ((), "rwcu"),
        "xinfang_petition.rule_approval_company": ((), "rwcu"),
    },
    "xinfang.assignment": {
        "xinfang_petition.rule_assignment_mediator": ((MEDIATOR,), "rwcu"),
        "xinfang_petition.rule_assignment_handler": ((HANDLER,), "rwcu"),
        "xinfang_petition.rule_assignment_staff": ((STAFF,), "rwcu"),
        "xinfang_petition.rule_assignment_company": ((), "rwcu"),
    },
    "xinfang.budget": {
        "xinfang_supervision.rule_xinfang_budget_company": ((), "rwcu"),
    },
    "xinfang.budget.line": {
        "xinfang_supervision.rule_xinfang_budget_line_company": ((), "rwcu"),
    },
    "xinfang.collective.visit": {
        "xinfang_supervision.rule_collective_visit_mediator": ((MEDIATOR,), "rwcu"),
        "xinfang_supervision.rule_collective_visit_staff": ((STAFF,), "rwcu"),
        "xinfang_supervision.rule_collective_visit_company": ((), "rwcu"),
    },
    "xinfang.collective.visit.leader": {
        "xinfang_supervision.rule_collective_visit_leader_mediator": ((MEDIATOR,), "rwcu"),
        "xinfang_supervision.rule_collective_visit_leader_staff": ((STAFF,), "rwcu"),
        "xinfang_supervision.rule_collective_visit_leader_company": ((), "rwcu"),
    },
    "xinfang.decision.assessment": {
        "xinfang_supervision.rule_decision_assessment_company": ((), "rwcu"),
    },
    "xinfang.extension": {
        "xinfang_petition.rule_extension_handler": ((HANDLER,), "rwcu"),
        "xinfang_petition.rule_extension_staff": ((STAFF,), "rwcu"),
        "xinfang_petition.rule_extension_company": ((), "rwcu"),
    },
    "xinfang.field.visit": {
        "xinfang_supervision.rule_field_visit_company": ((), "rwcu"),
    },
    "xinfang.key.management": {
        "xinfang_supervision.rule_key_management_company": ((), "rwcu"),
    },
    "xinfang.leader.case": {
        "xinfang_supervision.rule_leader_case_handler": ((HANDLER,), "rwcu"),
        "xinfang_supervision.rule_leader_case_staff": ((STAFF,), "rwcu"),
        "xinfang_supervision.rule_leader_case_company": ((), "rwcu"),
    },
    "xinfang.leader.case.duty": {
        "xinfang_supervision.rule_leader_case_duty_handler": ((HANDLER,), "rwcu"),
        "xinfang_supervision.rule_leader_case_duty_staff": ((STAFF,), "rwcu"),
        "xinfang_supervision.rule_leader_case_duty_company": ((), "rwcu"),
    },
    "xinfang.meeting": {
        "xinfang_supervision.rule_meeting_company": ((), "rwcu"),
        "xinfang_supervision.rule_meeting_participant": ((HANDLER, MEDIATOR), "rwcu"),
        "xinfang_supervision.rule_meeting_staff": ((STAFF,), "rwcu"),
    },
    "xinfang.meeting.agenda": {
        "xinfang_supervision.rule_meeting_agenda_company": ((), "rwcu"),
        "xinfang_supervision.rule_meeting_agenda_participant": ((HANDLER, MEDIATOR), "rwcu"),
        "xinfang_supervision.rule_meeting_agenda_staff": ((STAFF,), "rwcu"),
    },
    "xinfang.petition": {
        "xinfang_petition.rule_petition_mediator": ((MEDIATOR,), "rwcu"),
        "xinfang_petition.rule_petition_handler": ((HANDLER,), "rwcu"),
        "xinfang_petition.rule_petition_confidential": ((CONFIDENTIAL,), "rwcu"),
        "xinfang_petition.rule_petition_staff": ((STAFF,), "rwcu"),
        "xinfang_petition.rule_petition_company": ((), "rwcu"),
        "xinfang_petition.rule_petition_portal": ((PORTAL,), "r"),
    },
    "xinfang.petition.report": {
        "xinfang_petition.rule_petition_report_company": ((), "rwcu"),
    },
    "xinfang.petitioner": {
        "xinfang_petition.rule_petitioner_mediator": ((MEDIATOR,), "rwcu"),
        "xinfang_petition.rule_petitioner_not_confidential": ((STAFF,), "rwcu"),
        "xinfang_petition.rule_petitioner_handler": ((HANDLER,), "rwcu"),
        "xinfang_petition.rule_petitioner_confidential": ((CONFIDENTIAL,), "rwcu"),
        "xinfang_petition.rule_petitioner_company": ((), "rwcu"),
    },
    "xinfang.reception.day": {
        "xinfang_supervision.rule_reception_day_user": ((EMPLOYEE,), "rwcu"),
        "xinfang_supervision.rule_reception_day_staff": ((STAFF,), "rwcu"),
        "xinfang_supervision.rule_reception_day_company": ((), "rwcu"),
    },
    "xinfang.risk": {
        "xinfang_supervision.rule_risk_company": ((), "rwcu"),
        "xinfang_supervision.rule_risk_mediator": ((MEDIATOR,), "rwcu"),
        "xinfang_supervision.rule_risk_handler": ((HANDLER,), "rwcu"),
        "xinfang_supervision.rule_risk_staff": ((STAFF,), "rwcu"),
    },
    "xinfang.supervision.order": {
        "xinfang_supervision.rule_supervision_order_company": ((), "rwcu"),
    },
    "xinfang.task": {
        "xinfang_supervision.rule_task_company": ((), "rwcu"),
        "xinfang_supervision.rule_task_participant_read": ((HANDLER, MEDIATOR), "r"),
        "xinfang_supervision.rule_task_owner_write": ((HANDLER, MEDIATOR), "wcu"),
        "xinfang_supervision.rule_task_staff": ((STAFF,), "rwcu"),
    },
    "xinfang.task.progress": {
        "xinfang_supervision.rule_task_progress_company": ((), "rwcu"),
        "xinfang_supervision.rule_task_progress_participant_read": ((HANDLER, MEDIATOR), "r"),
        "xinfang_supervision.rule_task_progress_owner_write": ((HANDLER, MEDIATOR), "wcu"),
        "xinfang_supervision.rule_task_progress_staff": ((STAFF,), "rwcu"),
    },
    "xinfang.village.contract": {
        "xinfang_supervision.rule_village_contract_company": ((), "rwcu"),
    },
}
