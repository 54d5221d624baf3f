from datetime import date, timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from ..rules import (
    ACCEPTANCE_DAYS,
    COLLECTIVE_HEAD_COUNT,
    EXTENSION_MAX_DAYS,
    HANDLING_DAYS,
    LEVEL_RANK,
    LEVELS,
    MAX_REPRESENTATIVES,
    OPEN_STATES,
    REVIEW_DECISION_DAYS,
    REVIEW_REQUEST_DAYS,
    ROUTING_NOTICE_DAYS,
    SIMPLIFIED_DAYS,
    level_flags,
)
from ..tools import read_setting
from .res_company import township_today
from .xinfang_petitioner import refuse_nul
from .xinfang_workflow_state import CONFIDENTIAL, HANDLER, MEDIATOR, STAFF

# How a written decision reached the petitioner (送达方式); by post the receipt number is kept.
RECEIPT_METHODS = [("in_person", "In Person, Signed"), ("post", "By Post"), ("online", "Online (Portal)")]
# Earlier petitions of the same person listed for the office on a petition
SAME_PERSON_LIMIT = 50

# Fields the workflow owns (state, number, clocks, handling, decisions). They are read-only in the form,
# but the ORM (and so JSON-RPC) would write them: a handler could close a petition, clear a reply or
# move a registered petition back to draft and then delete it. Only the steps write them.
WORKFLOW_FIELDS = (
    "state", "name", "registered_by_id", "is_repeat", "no_reaccept",
    "acceptance_deadline", "accept_date", "accepted_on_time", "handling_deadline", "extension_days",
    "reply_date", "replied_on_time", "review_request_deadline", "review_request_date", "review_deadline",
    "review_date", "re_review_request_deadline", "re_review_request_date", "re_review_deadline",
    "re_review_date", "routing_notice_deadline", "deadline_status",
    "lead_unit_id", "co_unit_ids", "handler_id",
    "reject_reason", "redirect_route", "redirect_reason", "reply_outcome", "reply_text",
    "follow_up_date", "follow_up_note", "satisfaction", "close_result", "review_decision", "re_review_decision",
    "original_id", "reply_received_date", "reply_receipt_method", "reply_receipt_reference",
    "review_decision_received_date", "review_receipt_method", "review_receipt_reference",
    "forward_date", "decision_date", "report_back_date", "report_back_text",
)
# written decision -> (issued on, received on, how served, receipt reference, window its receipt opens)
RECEIPT_FIELDS = {
    "reply": ("reply_date", "reply_received_date", "reply_receipt_method", "reply_receipt_reference",
              "review_request_deadline"),
    "review": ("review_date", "review_decision_received_date", "review_receipt_method", "review_receipt_reference",
               "re_review_request_deadline"),
}
# review level -> (request window, request date, decision deadline)
REVIEW_FIELDS = {
    "review": ("review_request_deadline", "review_request_date", "review_deadline"),
    "re_review": ("re_review_request_deadline", "re_review_request_date", "re_review_deadline"),
}
# Dates a step may record: wide, but far enough from date.max that the statutory clocks cannot overflow.
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2999, 12, 31)

# what only the office (and discipline inspection) changes once a petition is registered
OFFICE_FIELDS = frozenset(("nature", "accused_unit_id", "accused_person", "accused_person_entry"))
# step -> who may take it. The handler role covers the petitions its unit leads, the mediator role
# those of the own village (_step_scope_ok). The satisfaction the petitioner states is the township's
# assessment figure: never recorded, nor the case closed, by the unit that handled it.
STEP_GROUPS = {
    "register": (MEDIATOR, STAFF),
    "accept": (STAFF,),
    "reject": (STAFF,),
    "redirect": (STAFF,),
    "assign": (STAFF,),
    "reply": (HANDLER, STAFF),
    "extend": (HANDLER, STAFF),
    "follow_up": (MEDIATOR, STAFF),
    "close": (MEDIATOR, STAFF),
    "request_review": (STAFF,),
    "decide_review": (STAFF,),
    "request_re_review": (STAFF,),
    "decide_re_review": (STAFF,),
    "switch_to_normal_procedure": (STAFF,),
    # 不再受理 is the office's decision on the acceptance of a petition; the system only proposes
    "not_reaccept": (STAFF,),
    # the office, or the village's mediator who served the written decision, records its receipt
    "record_reply_receipt": (MEDIATOR, STAFF),
    "record_review_receipt": (MEDIATOR, STAFF),
    # the township's report to the body that referred the case (办理情况报告)
    "report_back_upward": (STAFF,),
}

# the states in the order a petition goes through them (kanban columns, lists grouped by state)
WORKFLOW_ORDER = ("draft", "to_accept", "accepted", "handling", "replied", "review", "re_review", "closed",
                  "final", "rejected", "redirected")

# state -> states it may move to; the only place transitions are declared
TRANSITIONS = {
    "draft": {"to_accept", "rejected"},
    "to_accept": {"accepted", "rejected", "redirected"},
    "accepted": {"handling"},
    "handling": {"replied"},
    "replied": {"closed", "review"},
    "closed": {"review", "re_review"},
    "review": {"closed"},
    "re_review": {"final"},
    "rejected": set(),
    "redirected": set(),
    "final": set(),
}


FLAG_FIELDS = ("is_cross_level", "is_passed_up", "is_collective")
# cursor cache key of the defaults computed once per batch create (XinfangPetition._add_missing_default_values)
BATCH_DEFAULTS = "xinfang.petition.batch_defaults"


class XinfangPetition(models.Model):
    """A petition (信访事项) from registration to its final answer."""

    _name = "xinfang.petition"
    _description = "Petition"
    # the concerns first: a mixin overrides mail.thread only when it comes before it
    _inherit = [
        "xinfang.case.note.keeping", "xinfang.petition.intake", "xinfang.petition.routing",
        "xinfang.petition.portal", "xinfang.petition.open311", "xinfang.petition.retention",
        "xinfang.petition.referral", "xinfang.copy.insert", "mail.thread", "mail.activity.mixin",
        "xinfang.workflow.state",
    ]
    _order = "registration_date desc, id desc"
    _check_company_auto = True
    _workflow_fields = WORKFLOW_FIELDS
    _transitions = TRANSITIONS
    _step_groups = STEP_GROUPS

    name = fields.Char(string="Number", readonly=True, copy=False, default="/", index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_accept", "To Accept"),
            ("accepted", "Accepted"),
            ("handling", "Handling"),
            ("replied", "Replied"),
            ("closed", "Closed"),
            ("rejected", "Not Accepted"),
            ("redirected", "Redirected"),
            ("review", "Under Review"),
            ("re_review", "Under Re-review"),
            ("final", "Final"),
        ],
        default="draft", required=True, readonly=True, copy=False, tracking=True, index=True,
        group_expand="_expand_states",
    )
    active = fields.Boolean(default=True)

    # --- intake -------------------------------------------------------------------------------
    channel = fields.Selection(
        [
            ("visit", "Visit"),
            ("letter", "Letter"),
            ("online", "Online"),
            ("phone", "Phone"),
            ("hotline", "12345 Hotline"),
            ("mailbox", "Leader Mailbox"),
            ("fax", "Fax"),
            ("referral", "Referred from Above"),
        ],
        required=True, default="visit", tracking=True,
    )
    registration_date = fields.Date(
        required=True, default=lambda self: township_today(self), copy=False, tracking=True,
        help="The day the petition was received; the acceptance clock starts the next day.",
    )
    registered_by_id = fields.Many2one(
        "res.users", string="Registered By", default=lambda self: self.env.user, readonly=True, copy=False
    )
    subject = fields.Char(required=True, tracking=True)
    content = fields.Text(string="Facts and Reasons")
    request = fields.Text(string="Request")
    nature = fields.Selection(
        [("suggestion", "Suggestion or Opinion"), ("accusation", "Accusation"), ("appeal", "Appeal or Demand")],
        required=True, default="appeal", tracking=True,
        help="Accusations keep the accuser's identity sealed to discipline inspection.",
    )
    category_id = fields.Many2one("xinfang.category", required=True, tracking=True, index=True)
    village_id = fields.Many2one(
        "hr.department", string="Village", domain="[('xinfang_unit_type', '=', 'village')]",
        tracking=True, index=True, help="Where the matter arose.",
    )
    lodged_level = fields.Selection(LEVELS, string="Lodged At", required=True, default="township", tracking=True)
    responsible_level = fields.Selection(
        LEVELS, required=True, default="township",
        help="The level that has jurisdiction; lodging above it at the county or higher is a cross-level "
        "petition.",
    )
    is_cross_level = fields.Boolean(
        string="Cross-level", compute="_compute_is_cross_level", store=True,
        help="Lodged above the township (county, city, province, Beijing) and above the responsible level.",
    )
    is_passed_up = fields.Boolean(
        string="Passed Up", compute="_compute_is_cross_level", store=True,
        help="A village matter brought to the township: not cross-level, but it left the village.",
    )
    is_major = fields.Boolean(string="Major", tracking=True, help="Major petitions need a leader's approval to assign.")

    # --- people (identity of accusers is sealed: see accuser_id) --------------------------------
    # check_company: a petition of one township cannot name a person of another township's register
    # (its staff could not read them); the repeat check links petitions across townships instead.
    petitioner_id = fields.Many2one("xinfang.petitioner", index=True, ondelete="restrict", check_company=True)
    accuser_id = fields.Many2one(
        "xinfang.petitioner", string="Accuser", index="btree_not_null", ondelete="restrict",
        groups="xinfang_petition.group_xinfang_confidential", copy=False, check_company=True,
    )
    representative_ids = fields.Many2many(
        "xinfang.petitioner", "xinfang_petition_representative_rel", "petition_id", "petitioner_id",
        string="Representatives", check_company=True,
    )
    # The accused of an accusation: the material never reaches the accused unit or person (信访工作条例).
    accused_unit_id = fields.Many2one(
        "hr.department", string="Accused Unit", index="btree_not_null", tracking=True,
        domain="[('xinfang_unit_type', '!=', False)]",
        help="The unit the accusation is made against: it never handles the accusation, and its members "
        "cannot read it.",
    )
    accused_person = fields.Char(
        string="Accused Person", groups="xinfang_petition.group_xinfang_confidential", copy=False,
        help="Name of the person the accusation is made against; readable by discipline inspection only.",
    )
    accused_person_entry = fields.Char(
        string="Accused Person (Sealed on Saving)", compute="_compute_accused_person_entry",
        inverse="_inverse_accused_person_entry",
        help="The name entered here is sealed on saving: only discipline inspection reads it afterwards.",
    )
    head_count = fields.Integer(default=1, required=True, tracking=True)
    is_collective = fields.Boolean(string="Collective", compute="_compute_is_collective", store=True)

    # --- repeat petitions: the system proposes, the office decides ------------------------------
    original_id = fields.Many2one(
        "xinfang.petition", string="Original Petition", index="btree_not_null", copy=False, readonly=True,
        help="Proposed at registration: an earlier petition of the same person in the same category. "
        "Set by the office when it does not accept a petition again.",
    )
    repeat_ids = fields.One2many("xinfang.petition", "original_id", string="Repeat Petitions")
    is_repeat = fields.Boolean(string="Repeat", readonly=True, copy=False)
    no_reaccept = fields.Boolean(
        string="Not To Be Re-accepted", readonly=True, copy=False,
        help="The office found the same facts and reasons as a petition concluded on re-review: not "
        "accepted again.",
    )
    same_person_petition_ids = fields.Many2many(
        "xinfang.petition", string="Earlier Petitions of the Same Person",
        compute="_compute_same_person_petition_ids",
        help="Petitions of the same person (same resident ID number; same name and phone where there is "
        "no ID number), whatever their category: a hint for the office, which decides.",
    )

    # --- clocks ------------------------------------------------------------------------------
    acceptance_deadline = fields.Date(readonly=True, copy=False, tracking=True)
    accept_date = fields.Date(readonly=True, copy=False, tracking=True)
    accepted_on_time = fields.Boolean(readonly=True, copy=False)
    simplified = fields.Boolean(
        string="Simplified Handling", copy=False, help="Answered within 10 working days."
    )
    handling_deadline = fields.Date(readonly=True, copy=False, tracking=True)
    extension_days = fields.Integer(readonly=True, copy=False)
    reply_date = fields.Date(readonly=True, copy=False, tracking=True)
    replied_on_time = fields.Boolean(readonly=True, copy=False)
    reply_received_date = fields.Date(
        string="Reply Received On", readonly=True, copy=False, tracking=True,
        help="The day the petitioner received the written reply: the review window runs from it.",
    )
    reply_receipt_method = fields.Selection(
        RECEIPT_METHODS, string="Reply Served", readonly=True, copy=False)
    reply_receipt_reference = fields.Char(
        string="Reply Receipt Reference", readonly=True, copy=False,
        help="The postal receipt number, or who signed for the reply.",
    )
    review_request_deadline = fields.Date(
        readonly=True, copy=False, tracking=True,
        help="30 days from the receipt of the reply; empty while no receipt is recorded (the window has "
        "not started).",
    )
    review_request_date = fields.Date(readonly=True, copy=False)
    review_deadline = fields.Date(readonly=True, copy=False, tracking=True)
    review_date = fields.Date(string="Review Decision Date", readonly=True, copy=False)
    review_decision_received_date = fields.Date(
        string="Review Decision Received On", readonly=True, copy=False, tracking=True,
        help="The day the petitioner received the written review decision: the re-review window runs from it.",
    )
    review_receipt_method = fields.Selection(
        RECEIPT_METHODS, string="Review Decision Served", readonly=True, copy=False)
    review_receipt_reference = fields.Char(
        string="Review Decision Receipt Reference", readonly=True, copy=False,
        help="The postal receipt number, or who signed for the review decision.",
    )
    re_review_request_deadline = fields.Date(
        readonly=True, copy=False,
        help="30 days from the receipt of the review decision; empty while no receipt is recorded.",
    )
    re_review_request_date = fields.Date(readonly=True, copy=False)
    re_review_deadline = fields.Date(readonly=True, copy=False, tracking=True)
    re_review_date = fields.Date(string="Re-review Decision Date", readonly=True, copy=False)
    routing_notice_deadline = fields.Date(readonly=True, copy=False)
    current_deadline = fields.Date(
        compute="_compute_current_deadline", store=True, index=True,
        help="The deadline of the clock that runs in the current state.",
    )
    deadline_status = fields.Selection(
        [("none", "No Clock"), ("ok", "On Track"), ("near", "Due Soon"), ("overdue", "Overdue")],
        default="none", readonly=True, copy=False, index=True,
        help="Refreshed daily by a scheduled action and at each step.",
    )

    # --- handling ------------------------------------------------------------------------------
    lead_unit_id = fields.Many2one("hr.department", string="Lead Unit", tracking=True, index=True, readonly=True)
    co_unit_ids = fields.Many2many(
        "hr.department", "xinfang_petition_co_unit_rel", "petition_id", "department_id",
        string="Co-handling Units", readonly=True,
    )
    handler_id = fields.Many2one("hr.employee", string="Handler", tracking=True, index=True, readonly=True)
    handler_user_id = fields.Many2one(
        "res.users", string="Handler User", compute="_compute_handler_user_id", store=True, index=True
    )
    assignment_ids = fields.One2many("xinfang.assignment", "petition_id", string="Assignments")
    extension_ids = fields.One2many("xinfang.extension", "petition_id", string="Extensions")

    # --- outcome (the dates the petitioner is told are the steps' to record) ---------------------
    forward_date = fields.Date(
        string="Forwarded On", readonly=True, copy=False,
        help="The day the petition was assigned to the handling unit; disclosed to the petitioner.",
    )
    decision_date = fields.Date(
        string="Non-acceptance Decided On", readonly=True, copy=False,
        help="The day the petition was not accepted or redirected to another statutory route; disclosed "
        "to the petitioner with the written notice.",
    )
    reject_reason = fields.Text(string="Reason Not Accepted", readonly=True, copy=False)
    redirect_route = fields.Selection(
        [
            ("litigation", "Litigation"),
            ("arbitration", "Arbitration"),
            ("reconsideration", "Administrative Reconsideration"),
            ("discipline", "Discipline Inspection and Supervision"),
            ("other_authority", "Other Competent Authority"),
        ],
        readonly=True, copy=False, tracking=True,
    )
    redirect_reason = fields.Text(readonly=True, copy=False)
    reply_outcome = fields.Selection(
        [
            ("support", "Supported"),
            ("partial", "Partly Supported"),
            ("explain", "Explained"),
            ("reject", "Not Supported"),
        ],
        readonly=True, copy=False, tracking=True,
    )
    reply_text = fields.Html(string="Reply (Handling Opinion)", readonly=True, copy=False)
    follow_up_date = fields.Date(readonly=True, copy=False)
    follow_up_note = fields.Text(readonly=True, copy=False)
    satisfaction = fields.Selection(
        [("satisfied", "Satisfied"), ("basic", "Basically Satisfied"), ("dissatisfied", "Dissatisfied")],
        readonly=True, copy=False, tracking=True,
    )
    close_result = fields.Text(string="Result", readonly=True, copy=False, help="What finally happened.")
    review_decision = fields.Text(readonly=True, copy=False)
    re_review_decision = fields.Text(readonly=True, copy=False)

    _head_count_positive = models.Constraint("CHECK (head_count >= 1)", "The head count must be at least 1.")
    _name_uniq = models.UniqueIndex("(name, company_id) WHERE name != '/'", "Petition numbers must be unique.")
    # The registration draws the year's next number as the highest one plus one (ir_sequence.py,
    # _draw_gap_free): byte order, so whatever the database's collation, one index step at any size.
    _name_bytewise_idx = models.Index('(name COLLATE "C")')
    # Performance (make bench): the daily deadline cron reads only the petitions whose flag may change.
    # Without these, its search walked every overdue petition of the history (46,000 of 1,000,000 in
    # the bench: 24,000 heap pages read to keep 51 rows); each index holds only the flags one branch of
    # the cron's domain asks for, so the old overdue backlog is in neither range.
    _flag_due_idx = models.Index(
        "(current_deadline) WHERE current_deadline IS NOT NULL AND deadline_status IN ('none', 'ok', 'near')")
    _flag_stale_idx = models.Index("(current_deadline) WHERE deadline_status IN ('near', 'overdue')")
    # Performance (make bench): lists open newest first (the default order) and period figures read one
    # year out of ten; both walk this index instead of sorting or scanning the whole table.
    _registration_date_idx = models.Index("(registration_date DESC, id DESC)")
    # The start page counts the open petitions overdue and due soon by lead unit (make bench, start_page):
    # at 1,000,000 petitions the overdue ones sit in most of the table's pages (160 ms a call); with the
    # columns of the count and of the handlers' record rule in the index, an index-only scan (20 ms).
    # (Not named _open_deadline_idx: the 19.0.1.1.0 migration drops an older index of that name.)
    _open_deadline_cover_idx = models.Index(
        "(current_deadline) INCLUDE (lead_unit_id, company_id, active, handler_user_id, nature, accused_unit_id, id)"
        " WHERE state IN ('to_accept', 'accepted', 'handling', 'replied', 'review', 're_review')")

    # ------------------------------------------------------------------------------------------
    # computes and constraints
    # ------------------------------------------------------------------------------------------
    @api.model
    def _expand_states(self, states, domain):
        """Kanban columns in the order a petition goes through them (to accept first), not by key."""
        return [state for state in WORKFLOW_ORDER if state in states]

    @api.depends("lodged_level", "responsible_level")
    def _compute_is_cross_level(self):
        for petition in self:
            petition.is_cross_level, petition.is_passed_up = level_flags(
                petition.lodged_level, petition.responsible_level)

    @api.depends("handler_id.user_id")
    def _compute_handler_user_id(self):
        # what related="handler_id.user_id" stored, at a fifth of its cost on a batch import (make bench)
        with_handler = self.filtered("handler_id")
        (self - with_handler).handler_user_id = False
        for petition in with_handler:
            petition.handler_user_id = petition.handler_id.user_id

    @api.depends("head_count")
    def _compute_is_collective(self):
        for petition in self:
            petition.is_collective = petition.head_count >= COLLECTIVE_HEAD_COUNT

    @api.depends(
        "state", "acceptance_deadline", "handling_deadline", "review_request_deadline",
        "review_deadline", "re_review_deadline", "routing_notice_deadline", "channel", "referral_deadline",
    )
    def _compute_current_deadline(self):
        clocks = {
            "to_accept": "acceptance_deadline",
            "accepted": "handling_deadline",
            "handling": "handling_deadline",
            "review": "review_deadline",
            "re_review": "re_review_deadline",
        }
        # Performance (make bench, import): the many closed petitions of a batch are set at once. No
        # clock runs in their states, and no sender's either (SENDER_CLOCK_STATES all have a clock).
        running = self.filtered(lambda p: p.state in clocks)
        (self - running).current_deadline = False
        for petition in running:
            # a case referred from above: the sender's deadline governs when it is the earlier one
            petition.current_deadline = petition._sender_deadline(petition[clocks[petition.state]])

    @api.constrains("representative_ids")
    def _check_representatives(self):
        for petition in self:
            if len(petition.representative_ids) > MAX_REPRESENTATIVES:
                raise ValidationError(self.env._(
                    "A collective petition records at most %(max)s representatives.",
                    max=MAX_REPRESENTATIVES))

    @api.constrains("registration_date")
    def _check_registration_date(self):
        today = self._today()
        for petition in self:
            if petition.registration_date and petition.registration_date > today:
                raise ValidationError(self.env._(
                    "The registration date %(date)s is in the future.",
                    date=petition.registration_date))

    def _compute_accused_person_entry(self):
        # A write-only entry: what was entered is never shown again outside discipline inspection.
        self.accused_person_entry = False

    def _inverse_accused_person_entry(self):
        # sudo: writes the name the current user just entered into the field only discipline inspection
        # reads; nothing is disclosed to the user.
        for petition in self:
            name = (petition.accused_person_entry or "").strip()
            if name:
                petition.sudo().accused_person = name

    @api.model
    def _xinfang_units_of(self, employees):
        """The units ``employees`` work in, with every unit their users are employed in (as the record
        rules read ``user.employee_ids.department_id``).

        sudo: employment is HR data; only the units are compared, nothing is returned to the user.
        """
        employees = employees.sudo()
        return employees.department_id | employees.user_id.employee_ids.department_id

    @api.constrains("nature", "accused_unit_id", "lead_unit_id", "co_unit_ids", "handler_id")
    def _check_accused_unit(self):
        """The unit an accusation accuses never handles it: neither as lead or co-handling unit, nor
        through a handler employed there, nor through an open assignment.

        sudo: the check must see every open assignment and the handlers' employment whatever the writing
        user may read; nothing but the refusal leaves it.
        """
        for petition in self.sudo().filtered(lambda p: p.nature == "accusation" and p.accused_unit_id):
            assignments = petition.assignment_ids.filtered(lambda a: a.state in ("draft", "confirmed"))
            handlers = petition.handler_id | assignments.handler_id
            handling = (petition.lead_unit_id | petition.co_unit_ids | assignments.lead_unit_id
                        | assignments.co_unit_ids | self._xinfang_units_of(handlers))
            if petition.accused_unit_id in handling:
                raise ValidationError(self.env._(
                    "This accusation is made against %(unit)s: that unit cannot handle it, nor be set as the "
                    "accused unit while it handles it. Accusation material is never passed to the accused "
                    "unit; assign it to discipline inspection.", unit=petition.accused_unit_id.display_name))

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for petition in self:
            number = petition.name if petition.name and petition.name != "/" else self.env._("Draft")
            petition.display_name = f"{number} {petition.subject or ''}".strip()

    # ------------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            refuse_nul(self.env, vals)
            self._refuse_blank_required(vals)
        memo_key = BATCH_DEFAULTS if len(vals_list) > 1 and BATCH_DEFAULTS not in self.env.cr.cache else None
        if memo_key:
            self.env.cr.cache[memo_key] = {}
        try:
            petitions = super().create(vals_list)
        finally:
            if memo_key:
                del self.env.cr.cache[memo_key]
        # the flags went in with the rows (_add_flag_values, every row has the levels and the head count
        # by default): computing them again at flush only read them back (make bench, import)
        for fname in FLAG_FIELDS:
            self.env.remove_to_compute(self._fields[fname], petitions)
        petitions.filtered(lambda p: p.nature == "accusation")._seal_accuser()
        return petitions

    @api.model
    def _add_missing_default_values(self, values):
        # Performance (make bench, import): Odoo asks default_get once per created row, a third of an
        # import's time in Python. Within one batch create the defaults are the same for every row that
        # leaves the same fields out (same user, context and day; no petition default draws a number).
        memo = self.env.cr.cache.get(BATCH_DEFAULTS)
        if memo is None:
            return self._add_flag_values(super()._add_missing_default_values(values))
        key = (self.env, frozenset(values))
        if key not in memo:
            memo[key] = {name: value for name, value in super()._add_missing_default_values(values).items()
                         if name not in values}
        return self._add_flag_values({**memo[key], **values})

    @api.model
    def _add_flag_values(self, vals):
        """The flags computed from the row itself, given with the row: a create inserts them with the
        rows and does not compute them again (make bench, import). The same rules as the computes
        (``level_flags``, ``COLLECTIVE_HEAD_COUNT``); a value the caller gave is replaced, as the
        compute replaced it (the flags feed the statutory rates)."""
        levels = (vals.get("lodged_level"), vals.get("responsible_level"))
        if all(level in LEVEL_RANK for level in levels):  # else the insert refuses the value itself
            vals["is_cross_level"], vals["is_passed_up"] = level_flags(*levels)
        vals["is_collective"] = (vals.get("head_count") or 0) >= COLLECTIVE_HEAD_COUNT
        return vals

    def write(self, vals):
        refuse_nul(self.env, vals)
        self._refuse_blank_required(vals)
        self._check_registration_fields(vals)
        res = super().write(vals)
        if {"nature", "petitioner_id", "representative_ids"} & vals.keys():
            self.filtered(lambda p: p.nature == "accusation")._seal_accuser()
        return res

    def _check_registration_fields(self, vals):
        """The day of receipt starts the clocks and the procedure chosen at acceptance sets them: once
        registered (accepted), they change only through a step (switch_to_normal_procedure)."""
        if self.env.su or self._is_step():
            return
        if vals.keys() & OFFICE_FIELDS and self.filtered(lambda p: p.state != "draft") \
                and not self.env.user.has_group(STAFF) and not self.env.user.has_group(CONFIDENTIAL):
            # a handler must not take its own unit out of an accusation's accused unit, nor make the
            # accusation an ordinary matter that may then reach the accused
            raise AccessError(self.env._("Only the petition office changes the nature or the accused of a petition."))
        frozen = {"registration_date": ("draft",), "simplified": ("draft", "to_accept")}
        for fname in frozen.keys() & vals.keys():
            new = self._fields[fname].convert_to_cache(vals[fname], self)
            if self.filtered(lambda p, f=fname, v=new: p.state not in frozen[f] and p[f] != v):
                raise UserError(self.env._(
                    "%(field)s cannot be changed once the petition is past that stage.",
                    field=self._fields[fname]._description_string(self.env)))

    def _refuse_blank_required(self, vals):
        # the ORM takes "" or "   " for a required Char: a petition without a subject
        for fname in self._required_text_fields() & vals.keys():
            if isinstance(vals[fname], str) and not vals[fname].strip():
                raise UserError(self.env._("%(field)s cannot be blank.",
                                           field=self._fields[fname]._description_string(self.env)))

    @api.model
    @tools.ormcache()
    def _required_text_fields(self):
        return frozenset(name for name, field in self._fields.items()
                         if field.required and field.type in ("char", "text"))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_own_drafts(self):
        # Registered petitions are records the law requires to keep: archive them instead.
        if any(petition.state != "draft" for petition in self):
            raise UserError(self.env._(
                "A registered petition cannot be deleted; archive it instead."))
        if not self.env.is_superuser() and any(p.create_uid != self.env.user for p in self):
            raise UserError(self.env._("Only the person who created a draft may discard it."))

    def _seal_accuser(self):
        """Move an accuser out of the readable petitioner field into the sealed accuser field.

        sudo: writes the identity the current user just entered into a field only discipline
        inspection can read, and flags the person confidential; nothing is disclosed to the user.
        """
        for petition in self.sudo():
            if petition.petitioner_id:
                petition.petitioner_id.confidential = True
                petition.write({"accuser_id": petition.petitioner_id.id, "petitioner_id": False})
            petition.representative_ids.confidential = True

    # ------------------------------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------------------------------
    def _case_notes_editable(self):
        # A draft is not yet on record: its creator may still discard it whole.
        return all(petition.state == "draft" for petition in self)

    def _deadline(self, start, rule):
        days, unit = rule
        return self.env["xinfang.deadline"].compute(start, days, unit)

    def _today(self):
        """Today in the township's time zone, whoever asks (see res_company.py)."""
        return township_today(self)

    def _get_param(self, key, default):
        """The integer setting ``xinfang_petition.<key>`` (the addons' one settings reader)."""
        return read_setting(self.env, f"xinfang_petition.{key}", default)

    def _same_person_domain(self):
        """Domain of the petitions filed by the person of this one, or None when there is nobody.

        The same person: the same petitioner record, the same resident ID number, or the same name
        and phone where one of the two has no ID number (two different ID numbers are two people).
        An accuser is matched with accusations only and a petitioner with the other petitions only:
        neither list may tell who stands behind a sealed accusation.
        sudo: reads the identity of the person (sealed for an accuser) to build the domain only.
        """
        self.ensure_one()
        sealed = self.nature == "accusation"
        petition = self.sudo()
        person = (petition.accuser_id or petition.petitioner_id) if sealed else petition.petitioner_id
        if not person:
            return None
        fname = "accuser_id" if sealed else "petitioner_id"
        alternatives = [Domain("id", "=", person.id)]
        if person.id_number:
            alternatives.append(Domain("id_number", "=", person.id_number))
        if person.name and person.phone:
            by_contact = Domain("name", "=", person.name) & Domain("phone", "=", person.phone)
            if person.id_number:
                by_contact &= Domain("id_number", "in", (False, ""))
            alternatives.append(by_contact)
        # Performance (make bench): the people first, as a subquery on the petitioner table's indexes;
        # the petitions then by their indexed person column, not by a join filtered row by row.
        people = person.with_context(active_test=False)._search(Domain.OR(alternatives))
        nature = Domain("nature", "=", "accusation") if sealed else Domain("nature", "!=", "accusation")
        domain = Domain(fname, "in", people) & nature & Domain("state", "!=", "draft")
        if self._origin.id:
            domain &= Domain("id", "!=", self._origin.id)
        return domain

    def _same_person_petitions(self, domain=None, order="registration_date desc, id desc", limit=None):
        """The registered petitions of the same person (sudo, archived included), narrowed by ``domain``.

        sudo: matching must see the petitions of every unit and village and the sealed accusers;
        callers keep only links, or filter by the user's access before showing anything.
        """
        same_person = self._same_person_domain()
        if same_person is None:
            return self.browse().sudo()
        Petition = self.sudo().with_context(active_test=False)
        if domain is not None:
            same_person &= Domain(domain)
        return Petition.search(same_person, order=order, limit=limit)

    @api.depends("petitioner_id", "nature", "registration_date")
    def _compute_same_person_petition_ids(self):
        for petition in self:
            # the earlier ones: registered before this petition (the same day: created before it)
            earlier = Domain.TRUE
            if petition.registration_date:
                earlier = Domain("registration_date", "<=", petition.registration_date)
                if petition._origin.id:
                    earlier &= Domain("registration_date", "<", petition.registration_date) \
                        | Domain("id", "<", petition._origin.id)
            found = petition._same_person_petitions(earlier, limit=SAME_PERSON_LIMIT)
            # only what the user may read: a mediator sees the own village's, a handler the own unit's
            petition.same_person_petition_ids = found.with_env(self.env)._filtered_access("read")

    def _find_original(self):
        """The proposal at registration: the same person's earlier petition in the same category.

        A petition concluded on re-review first, else one still open, else a recent one (the repeat
        window). Only a hint: it flags the petition as a repeat and links it; the office decides
        whether it is the same matter (``action_not_reaccept``).
        """
        self.ensure_one()
        window = self._get_param("repeat_window_days", 365)
        since = self.registration_date - timedelta(days=window)
        candidates = self._same_person_petitions(
            Domain("category_id", "=", self.category_id.id)
            & (Domain("state", "in", OPEN_STATES + ("final",)) | Domain("registration_date", ">=", since)),
            order="registration_date, id",
        )
        finals = candidates.filtered(lambda p: p.state == "final")
        return (finals[:1] or candidates[:1]).with_env(self.env)

    # ------------------------------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------------------------------
    def action_register(self):
        """Draft -> to accept: number, acceptance clock, and the proposal of an earlier petition.

        Every petition is registered to be decided on: an earlier petition of the same person in the
        same category is only proposed (``original_id``, flagged as a repeat). Whether it is the same
        matter concluded on re-review, not to be accepted again, is the office's explicit step
        (``action_not_reaccept``), taken within the acceptance window.
        """
        petitions = self._check_step("register", "to_accept")
        petitions._check_referral_registration()
        sequence = self.env["ir.sequence"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id("xinfang_petition.seq_xinfang_petition"))
        for petition in petitions:
            # Accusations may be anonymous; everything else needs a petitioner on record.
            if not petition.petitioner_id and petition.nature != "accusation":
                raise UserError(self.env._("Register the petitioner before registering the petition."))
            original = petition._find_original()
            deadline = self._deadline(petition.registration_date, ACCEPTANCE_DAYS)
            vals = {
                "name": sequence._draw_gap_free(self._name, petition.registration_date),
                "state": "to_accept",
                "acceptance_deadline": deadline,
                # Performance (make bench): the flag goes in the same write (one audited write per
                # registration, not two); _refresh_deadline_status below then finds it current.
                "deadline_status": self._deadline_status_for(
                    deadline, self._today(), self._get_param("near_due_days", 3)),
            }
            if original:
                vals.update(original_id=original.id, is_repeat=True)
            petition.write(vals)
        petitions._refresh_deadline_status()
        petitions.activity_update()
        return True

    def action_accept(self, accept_date=None):
        """To accept -> accepted: starts the 60-day (or 10-working-day simplified) clock."""
        petitions = self._check_step("accept", "accepted")
        accept_date = self._step_date(accept_date)
        for petition in petitions:
            day = accept_date or self._today()
            if day < petition.registration_date:
                raise UserError(self.env._("A petition cannot be accepted before it was registered."))
            rule = SIMPLIFIED_DAYS if petition.simplified else HANDLING_DAYS
            petition.write({
                "state": "accepted",
                "accept_date": day,
                "accepted_on_time": day <= petition.acceptance_deadline,
                "handling_deadline": self._deadline(day, rule),
            })
        petitions._refresh_deadline_status()
        petitions.activity_update()
        return True

    def action_reject(self, reason):
        """To accept -> not accepted (不予受理), with the reason for the written notice."""
        reason = self._step_text(reason)
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for not accepting."))
        petitions = self._check_step("reject", "rejected")
        petitions.write({"state": "rejected", "reject_reason": reason.strip(), "decision_date": self._today()})
        petitions._refresh_deadline_status()
        petitions.activity_update()
        return True

    def action_not_reaccept(self, original):
        """To accept -> not accepted again (不再受理), decided by the office within the acceptance window.

        The office finds that the petition puts the same facts and reasons as ``original``, a petition
        of the same person concluded on re-review (终结): it is linked, and the reason cites it and its
        re-review decision for the notice of non-acceptance. A new matter of the same person, in the
        same category or not, is accepted as any other.
        """
        original = self._step_petition(original)
        petitions = self._check_step("not_reaccept", "rejected")
        today = self._today()
        for petition in petitions:
            if petition.state != "to_accept":
                raise UserError(self.env._(
                    "%(petition)s is not awaiting acceptance: only a registered petition can be found the "
                    "same matter as one concluded on re-review.", petition=petition.display_name))
            if petition.acceptance_deadline and today > petition.acceptance_deadline:
                raise UserError(self.env._(
                    "The acceptance window of %(petition)s ended on %(date)s: it can no longer be refused as "
                    "the same matter as one concluded on re-review.",
                    petition=petition.display_name, date=petition.acceptance_deadline))
            if not original:
                raise UserError(self.env._("Choose the petition concluded on re-review."))
            # sudo: compares the original's state and person with this petition's; nothing of it is
            # disclosed but its number and re-review decision, which the notice cites
            concluded = original.sudo()
            if concluded.state != "final":
                raise UserError(self.env._(
                    "%(original)s was not concluded on re-review: only a final petition bars the same "
                    "matter.", original=concluded.name))
            if not petition._same_person_petitions(Domain("id", "=", concluded.id)):
                raise UserError(self.env._(
                    "%(original)s is not a petition of the same person.", original=concluded.name))
            petition.write({
                "state": "rejected",
                "decision_date": today,
                "no_reaccept": True,
                "is_repeat": True,
                "original_id": concluded.id,
                "reject_reason": self.env._(
                    "Same facts and reasons as %(original)s, concluded on re-review on %(date)s: not accepted "
                    "again.\nRe-review decision: %(decision)s",
                    original=concluded.name, date=concluded.re_review_date,
                    decision=concluded.re_review_decision or ""),
            })
        petitions._refresh_deadline_status()
        petitions.activity_update()
        return True

    def action_redirect(self, route, reason):
        """To accept -> redirected to another statutory route (诉访分离); no 60-day clock."""
        route, reason = self._step_choice(route, "redirect_route"), self._step_text(reason)
        if not route or not (reason or "").strip():
            raise UserError(self.env._("Choose the route and give the reason."))
        petitions = self._check_step("redirect", "redirected")
        for petition in petitions:
            petition.write({
                "state": "redirected",
                "decision_date": self._today(),
                "redirect_route": route,
                "redirect_reason": reason.strip(),
                # the 15 days run from receipt, as the acceptance decision's do, not from this step
                "routing_notice_deadline": self._deadline(petition.registration_date, ROUTING_NOTICE_DAYS),
            })
        petitions._refresh_deadline_status()
        petitions.activity_update()
        return True

    def _start_handling(self, assignment):
        """Accepted -> handling, once an assignment is confirmed (approved when required).

        The assign step's role was checked by the assignment's confirmation (its approval, for a
        major petition, is given by a leader through the tier validation)."""
        petitions = self._step()
        petitions._check_transition("handling")
        petitions.write({
            "state": "handling",
            "lead_unit_id": assignment.lead_unit_id.id,
            "co_unit_ids": [fields.Command.set(assignment.co_unit_ids.ids)],
            "handler_id": assignment.handler_id.id,
        })
        petitions.filtered(lambda p: not p.forward_date).write({"forward_date": self._today()})
        petitions._refresh_deadline_status()
        petitions.activity_update()

    def _check_extensible(self, days):
        """The one check of an extension, for the request and for its application."""
        for petition in self:
            if petition.extension_days or petition.extension_ids.filtered(lambda e: e.state == "approved"):
                raise UserError(self.env._("The handling deadline can be extended only once."))
            if not isinstance(days, int) or not 0 < days <= EXTENSION_MAX_DAYS:
                raise ValidationError(self.env._("An extension is 1 to %(max)s days.", max=EXTENSION_MAX_DAYS))
            if petition.state not in ("accepted", "handling"):
                raise UserError(self.env._("Only a petition being handled can be extended."))
            if petition.simplified:
                raise UserError(self.env._(
                    "A petition under simplified handling cannot be extended: switch it to the normal "
                    "procedure first."))

    def _extend(self, days):
        """Apply an approved extension: once, at most 30 days, counted from acceptance."""
        self.ensure_one()
        self._check_extensible(days)
        petition = self._step()
        petition.write({
            "extension_days": days,
            "handling_deadline": self._deadline(self.accept_date, (HANDLING_DAYS[0] + days, "calendar")),
        })
        petition._refresh_deadline_status()
        petition.activity_update()

    def action_switch_to_normal_procedure(self):
        """Simplified handling -> the normal procedure: 60 days from acceptance (so it may be extended)."""
        petitions = self._check_step("switch_to_normal_procedure")
        for petition in petitions:
            if not petition.simplified or petition.state not in ("accepted", "handling"):
                raise UserError(self.env._("Only a petition under simplified handling can be switched."))
            petition.write({
                "simplified": False,
                "handling_deadline": self._deadline(petition.accept_date, HANDLING_DAYS),
            })
            petition.message_post(body=self.env._(
                "Switched from simplified handling to the normal procedure: the handling deadline is now "
                "%(date)s (60 days from acceptance).", date=petition.handling_deadline))
        petitions._refresh_deadline_status()
        petitions.activity_update()
        return True

    def action_reply(self, outcome, text, reply_date=None):
        """Handling -> replied with the handling opinion (处理意见书).

        The 30-day review window opens when the petitioner receives it (``action_record_reply_receipt``).
        """
        outcome, text = self._step_choice(outcome, "reply_outcome"), self._step_text(text)
        reply_date = self._step_date(reply_date)
        if not outcome or not text:
            raise UserError(self.env._("A reply needs an outcome and a text."))
        petitions = self._check_step("reply", "replied")
        for petition in petitions:
            day = reply_date or self._today()
            if day < petition.accept_date:
                raise UserError(self.env._("The reply date cannot be before the acceptance date."))
            petition.write({
                "state": "replied",
                "reply_outcome": outcome,
                "reply_text": text,
                "reply_date": day,
                "replied_on_time": day <= petition.handling_deadline,
            })
        petitions.assignment_ids.filtered(lambda a: a.state == "confirmed")._step().write({"state": "done"})
        petitions._refresh_deadline_status()
        petitions.activity_update()
        return True

    # --- receipt of the written decisions (送达): the windows to ask for a review run from it --------
    def action_record_reply_receipt(self, received_date, method, reference=None):
        """The petitioner received the written reply on ``received_date``: the 30-day review window
        (复查) runs from that day. ``method``: in person against signature, by post (``reference``: the
        postal receipt number) or online. Until a receipt is recorded the window has not started."""
        received_date, reference = self._step_date(received_date), self._step_text(reference)
        method = self._step_choice(method, "reply_receipt_method")
        petitions = self._check_step("record_reply_receipt")
        for petition in petitions:
            if not petition.reply_date or petition.state not in ("replied", "closed") or petition.review_request_date:
                raise UserError(self.env._(
                    "%(petition)s has no written reply awaiting its receipt.", petition=petition.display_name))
        petitions._record_receipt("reply", received_date, method, reference)
        petitions.activity_update()
        return True

    def action_record_review_receipt(self, received_date, method, reference=None):
        """The petitioner received the written review decision: the 30-day re-review window (复核) runs
        from that day. Same arguments as ``action_record_reply_receipt``."""
        received_date, reference = self._step_date(received_date), self._step_text(reference)
        method = self._step_choice(method, "review_receipt_method")
        petitions = self._check_step("record_review_receipt")
        for petition in petitions:
            if not petition.review_date or petition.state != "closed" or petition.re_review_request_date:
                raise UserError(self.env._(
                    "%(petition)s has no written review decision awaiting its receipt.",
                    petition=petition.display_name))
        petitions._record_receipt("review", received_date, method, reference)
        return True

    def _record_receipt(self, decision, received_date, method, reference):
        """Record the receipt of the written ``decision`` ("reply" or "review") and open the window of
        the next request (review, re-review) from the day of receipt."""
        issued, received, method_field, reference_field, window = RECEIPT_FIELDS[decision]
        for petition in self:
            day = petition._check_receipt(received_date, method, reference, petition[issued], petition[received])
            petition.write({
                received: day,
                method_field: method,
                reference_field: (reference or "").strip() or False,
                window: self._deadline(day, REVIEW_REQUEST_DAYS),
            })

    def _check_receipt(self, received_date, method, reference, issued_on, recorded_on):
        """The day a written decision issued on ``issued_on`` was received (today when not given)."""
        day = received_date or self._today()
        if recorded_on:
            raise UserError(self.env._(
                "The receipt of this decision was already recorded: received on %(date)s.", date=recorded_on))
        if not method:
            raise UserError(self.env._("Choose how the decision was served."))
        if method == "post" and not (reference or "").strip():
            raise UserError(self.env._("Give the postal receipt number of a decision served by post."))
        if day < issued_on:
            raise UserError(self.env._(
                "A decision issued on %(issued)s cannot be received on %(date)s.", issued=issued_on, date=day))
        if day > self._today():
            raise UserError(self.env._("The date of receipt %(date)s is in the future.", date=day))
        return day

    def action_follow_up(self, satisfaction, note, follow_up_date=None):
        """Follow-up visit after the reply: satisfaction as the petitioner states it."""
        satisfaction, note = self._step_choice(satisfaction, "satisfaction"), self._step_text(note)
        follow_up_date = self._step_date(follow_up_date)
        petitions = self._check_step("follow_up")
        if petitions.filtered(lambda p: p.state not in ("replied", "closed")):
            raise UserError(self.env._("Follow-up visits happen after the reply."))
        if not satisfaction:
            raise UserError(self.env._("Record the petitioner's satisfaction."))
        petitions.write({
            "satisfaction": satisfaction,
            "follow_up_note": note,
            "follow_up_date": follow_up_date or self._today(),
        })
        return True

    def action_record_follow_up(self, satisfaction, note, follow_up_date=None):
        """The follow-up step under its earlier name (kept for API clients)."""
        return self.action_follow_up(satisfaction, note, follow_up_date)

    def action_close(self, result=None):
        """Replied -> closed: requires the follow-up and a recorded result (件件有着落)."""
        result = self._step_text(result)
        petitions = self._check_step("close", "closed")
        petitions._check_referral_close()
        for petition in petitions:
            if petition.state == "replied" and not petition.satisfaction:
                raise UserError(self.env._("Record the follow-up visit and satisfaction before closing."))
            final_result = (result or petition.close_result or "").strip()
            if not final_result:
                raise UserError(self.env._("Closing requires a recorded result."))
            petition.write({"state": "closed", "close_result": final_result})
        petitions._refresh_deadline_status()
        petitions.activity_update()
        return True

    def action_request_review(self, request_date=None):
        """Replied/closed -> review (复查), within 30 days of the petitioner's receipt of the reply.

        While no receipt is recorded the window has not started: the request is accepted."""
        request_date = self._step_date(request_date)
        petitions = self._check_step("request_review", "review")
        if petitions.filtered("review_date"):
            raise UserError(self.env._("This petition was already reviewed; request a re-review instead."))
        return petitions._open_review("review", request_date)

    def action_decide_review(self, decision, decision_date=None):
        """Review -> closed with the review decision (复查意见).

        The 30-day re-review window opens when the petitioner receives it (``action_record_review_receipt``).
        """
        decision, decision_date = self._step_text(decision), self._step_date(decision_date)
        if not (decision or "").strip():
            raise UserError(self.env._("Write the review decision."))
        petitions = self._check_step("decide_review", "closed")
        petitions._check_referral_close()
        for petition in petitions:
            day = decision_date or self._today()
            petition.write({
                "state": "closed",
                "review_decision": decision.strip(),
                "review_date": day,
                "close_result": petition.close_result or decision.strip(),
            })
        petitions._refresh_deadline_status()
        petitions.activity_update()
        return True

    def action_request_re_review(self, request_date=None):
        """Closed after a review -> re-review (复核), within 30 days of the receipt of the review decision.

        While no receipt is recorded the window has not started: the request is accepted."""
        request_date = self._step_date(request_date)
        petitions = self._check_step("request_re_review", "re_review")
        if petitions.filtered(lambda petition: not petition.review_date):
            raise UserError(self.env._("A re-review follows a review decision."))
        return petitions._open_review("re_review", request_date)

    def _open_review(self, state, request_date):
        """Move to ``state`` (review or re-review) on ``request_date`` (today when not given), within
        the request window; the decision is due 30 days later."""
        window, requested, decision_due = REVIEW_FIELDS[state]
        for petition in self:
            day = request_date or self._today()
            if petition[window] and day > petition[window]:
                if state == "review":
                    raise UserError(self.env._(
                        "The review request is late: it had to be made by %(date)s.", date=petition[window]))
                raise UserError(self.env._(
                    "The re-review request is late: it had to be made by %(date)s.", date=petition[window]))
            petition.write({
                "state": state,
                requested: day,
                decision_due: self._deadline(day, REVIEW_DECISION_DAYS),
            })
        self._refresh_deadline_status()
        self.activity_update()
        return True

    def action_decide_re_review(self, decision, decision_date=None):
        """Re-review -> final (终结): the office does not accept the same facts and reasons again
        (``action_not_reaccept`` on the later petition)."""
        decision, decision_date = self._step_text(decision), self._step_date(decision_date)
        if not (decision or "").strip():
            raise UserError(self.env._("Write the re-review decision."))
        petitions = self._check_step("decide_re_review", "final")
        petitions.write({
            "state": "final",
            "re_review_decision": decision.strip(),
            "re_review_date": decision_date or self._today(),
        })
        petitions._refresh_deadline_status()
        petitions.activity_update()
        return True

    def action_open_step_wizard(self):
        """Open the step wizard for the step named in the button's context (``xinfang_step``)."""
        self.ensure_one()
        step = self.env.context.get("xinfang_step")
        # refuse at once the step the user may not take (the step itself checks again)
        self._check_step_role(step)
        labels = dict(self.env["xinfang.petition.step"]._fields["step"]._description_selection(self.env))
        return {
            "type": "ir.actions.act_window",
            "name": labels[step],
            "res_model": "xinfang.petition.step",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_step": step, "default_petition_id": self.id},
        }

    # ------------------------------------------------------------------------------------------
    # who may take a step, and the arguments of the steps
    # ------------------------------------------------------------------------------------------
    def _step_scope_ok(self, step, group):
        """A handler acts on the petitions its unit leads; a mediator on those of the own village."""
        if group == HANDLER:
            employees = self.env.user.employee_ids
            return bool(self.handler_user_id == self.env.user
                        or (self.lead_unit_id and self.lead_unit_id in employees.department_id))
        if group == MEDIATOR:
            villages = self.env.user.employee_ids.xinfang_village_id
            if step == "register" and not self.village_id:
                return self.registered_by_id == self.env.user
            return bool(self.village_id and self.village_id in villages)
        return True

    # The steps are public methods, so JSON-RPC can call them with any JSON value: a date arrives as
    # a string, a reason as a number. Each step checks its arguments with these.
    def _step_date(self, value):
        """A date argument: empty (the step uses today), a date, or an ISO date string."""
        if value is None or value is False or value == "":
            return None
        try:
            day = fields.Date.to_date(value) if isinstance(value, (str, date)) else None
        except ValueError:
            day = None
        if not day or not DATE_MIN <= day <= DATE_MAX:
            raise UserError(self.env._("%(value)r is not a valid date.", value=value))
        return day

    def _step_petition(self, value):
        """A petition argument: a petition or its id (JSON-RPC), which the user may read."""
        if value is None or value is False:
            return self.browse()
        if isinstance(value, models.BaseModel) and value._name == self._name and len(value) <= 1:
            petition = value.with_env(self.env)
        elif isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2 ** 31:
            petition = self.browse(value)
        else:
            raise UserError(self.env._("%(value)r is not a petition.", value=value))
        if petition and not petition.exists():
            raise UserError(self.env._("%(value)r is not a petition.", value=value))
        petition.check_access("read")
        return petition

    def _step_text(self, value):
        if value is None or value is False or isinstance(value, str):
            return value
        raise UserError(self.env._("%(value)r is not a text.", value=value))

    def _step_choice(self, value, fname):
        if value is None or value is False:
            return value
        keys = [key for key, _label in self._fields[fname]._description_selection(self.env)]
        if not isinstance(value, str) or value not in keys:
            raise UserError(self.env._(
                "%(value)r is not a valid choice; expected one of %(keys)s.", value=value, keys=", ".join(keys)))
        return value

    # ------------------------------------------------------------------------------------------
    # deadlines: status flags, activities, cron
    # ------------------------------------------------------------------------------------------
    def _compute_deadline_status(self, today, near_days):
        return self._deadline_status_for(self.current_deadline, today, near_days)

    @api.model
    def _deadline_status_for(self, deadline, today, near_days):
        """The flag of a clock that ends on ``deadline``, as seen on ``today``."""
        if not deadline:
            return "none"
        if deadline < today:
            return "overdue"
        if deadline <= today + timedelta(days=near_days):
            return "near"
        return "ok"

    def _refresh_deadline_status(self):
        """Recompute the flag; returns the petitions whose flag became near or overdue."""
        today = self._today()
        near_days = self._get_param("near_due_days", 3)
        changed = self.browse()
        by_status = {}
        for petition in self:
            status = petition._compute_deadline_status(today, near_days)
            if status != petition.deadline_status:
                by_status[status] = by_status.get(status, self.browse()) | petition
                if status in ("near", "overdue"):
                    changed |= petition
        # Performance (make bench): one write per new flag, not one per petition (the daily cron
        # flags a thousand petitions in a few audited writes instead of a thousand).
        for status, petitions in by_status.items():
            petitions._step().write({"deadline_status": status})
        return changed

    def _get_responsible_user(self):
        """Who must act now: the handler while handling, else the registering office user. A petition
        to accept that came by Open311 or from outside the office (a mediator) goes to the intake user
        of the office (``_get_online_intake_user``), never to the mediator or the administrator."""
        self.ensure_one()
        if self.state in ("accepted", "handling") and self.handler_user_id:
            return self.handler_user_id
        if self.state == "to_accept" and self._needs_office_owner():
            return self._get_online_intake_user()
        return self.registered_by_id or self.env.user

    def activity_update(self):
        """Keep one activity per petition in line with its state and current deadline."""
        todo = {
            "to_accept": "xinfang_petition.mail_act_xinfang_accept",
            "accepted": "xinfang_petition.mail_act_xinfang_assign",
            "handling": "xinfang_petition.mail_act_xinfang_reply",
            "replied": "xinfang_petition.mail_act_xinfang_follow_up",
            "review": "xinfang_petition.mail_act_xinfang_review",
            "re_review": "xinfang_petition.mail_act_xinfang_review",
        }
        xmlid_to_id = self.env["ir.model.data"]._xmlid_to_res_id  # cached, unlike env.ref's existence check
        type_ids = {xmlid: xmlid_to_id(xmlid) for xmlid in todo.values()}
        keep_others = self.env.context.get("mail_activity_automation_skip")  # as activity_unlink does
        # Performance (make bench): the petitions' to-dos of these types in one read, for both the
        # clean-up (the automated ones of another type) and the update (the one of the wanted type).
        activities = self.env["mail.activity"].search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids),
            ("activity_type_id", "in", list(set(type_ids.values()))),
        ])
        for petition in self:
            wanted = todo.get(petition.state)
            wanted_type = type_ids.get(wanted)
            own = activities.filtered(lambda a, pid=petition.id: a.res_id == pid)
            existing = own.filtered(lambda a, t=wanted_type: a.activity_type_id.id == t)
            if not keep_others:
                (own - existing).filtered("automated").unlink()
            if not wanted:
                continue
            deadline = petition.current_deadline or petition.review_request_deadline or petition._today()
            user = petition._get_responsible_user()
            if existing:
                existing.write({"date_deadline": deadline, "user_id": user.id})
            else:
                petition.activity_schedule(wanted, date_deadline=deadline, user_id=user.id)

    @api.model
    def _cron_deadline_check(self):
        """Daily: flag near-due and overdue petitions and notify the handler and the office.

        Only petitions whose deadline falls inside the near-due horizon, or whose flag is stale,
        are read: the cost follows the work due, not the table size (``_flag_due_idx`` and
        ``_flag_stale_idx``, partial indexes on current_deadline by flag).
        """
        today = self._today()
        horizon = today + timedelta(days=self._get_param("near_due_days", 3))
        due = self.search([
            "|",
            "&", ("current_deadline", "<=", horizon), ("deadline_status", "in", ("none", "ok", "near")),
            "&", ("current_deadline", ">", horizon), ("deadline_status", "in", ("near", "overdue")),
        ])
        changed = due._refresh_deadline_status()
        for petition in changed:
            partners = petition._get_responsible_user().partner_id | petition.handler_user_id.partner_id
            if petition.deadline_status == "overdue":
                # the office that registered it chases late units, not only the handler
                partners |= petition.registered_by_id.partner_id
                body = self.env._("Overdue: the deadline was %(date)s.", date=petition.current_deadline)
            else:
                body = self.env._("Due soon: the deadline is %(date)s.", date=petition.current_deadline)
            petition.message_post(body=body, partner_ids=partners.ids, message_type="notification",
                                  subtype_xmlid="mail.mt_note")
        return changed
