from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

OPEN_STATES = ("to_accept", "accepted", "handling", "replied", "review", "re_review")
LEVELS = [
    ("village", "Village"),
    ("township", "Township"),
    ("county", "County"),
    ("city", "City"),
    ("province", "Province"),
    ("national", "National"),
]
LEVEL_RANK = {key: rank for rank, (key, _label) in enumerate(LEVELS)}
COLLECTIVE_HEAD_COUNT = 5
MAX_REPRESENTATIVES = 5

# Statutory clocks (信访工作条例): (days, unit)
ACCEPTANCE_DAYS = (15, "calendar")
HANDLING_DAYS = (60, "calendar")
SIMPLIFIED_DAYS = (10, "working")
EXTENSION_MAX_DAYS = 30
REVIEW_REQUEST_DAYS = (30, "calendar")
REVIEW_DECISION_DAYS = (30, "calendar")
ROUTING_NOTICE_DAYS = (15, "calendar")

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


class XinfangPetition(models.Model):
    """A petition (信访事项) from registration to its final answer."""

    _name = "xinfang.petition"
    _description = "Petition"
    _inherit = ["mail.thread", "mail.activity.mixin", "xinfang.workflow.state"]
    _order = "registration_date desc, id desc"
    _check_company_auto = True

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
        ],
        required=True, default="visit", tracking=True,
    )
    registration_date = fields.Date(
        required=True, default=fields.Date.context_today, copy=False, tracking=True,
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
        help="Accusations (检举控告) keep the accuser's identity sealed to discipline inspection.",
    )
    category_id = fields.Many2one("xinfang.category", required=True, tracking=True, index=True)
    village_id = fields.Many2one(
        "hr.department", string="Village", domain="[('xinfang_unit_type', '=', 'village')]",
        tracking=True, index=True, help="Where the matter arose.",
    )
    lodged_level = fields.Selection(LEVELS, string="Lodged At", required=True, default="township", tracking=True)
    responsible_level = fields.Selection(
        LEVELS, required=True, default="township",
        help="The level that has jurisdiction; lodging above it is a cross-level petition (越级).",
    )
    is_cross_level = fields.Boolean(string="Cross-level", compute="_compute_is_cross_level", store=True)
    is_major = fields.Boolean(string="Major", tracking=True, help="Major petitions need a leader's approval to assign.")

    # --- people (identity of accusers is sealed: see accuser_id) --------------------------------
    petitioner_id = fields.Many2one("xinfang.petitioner", index=True, ondelete="restrict")
    accuser_id = fields.Many2one(
        "xinfang.petitioner", string="Accuser", index="btree_not_null", ondelete="restrict",
        groups="xinfang_petition.group_xinfang_confidential", copy=False,
    )
    representative_ids = fields.Many2many(
        "xinfang.petitioner", "xinfang_petition_representative_rel", "petition_id", "petitioner_id",
        string="Representatives",
    )
    head_count = fields.Integer(default=1, required=True, tracking=True)
    is_collective = fields.Boolean(string="Collective", compute="_compute_is_collective", store=True)

    # --- repeat petitions ----------------------------------------------------------------------
    original_id = fields.Many2one("xinfang.petition", string="Original Petition", index="btree_not_null", copy=False)
    repeat_ids = fields.One2many("xinfang.petition", "original_id", string="Repeat Petitions")
    is_repeat = fields.Boolean(string="Repeat", readonly=True, copy=False)
    no_reaccept = fields.Boolean(
        string="Not To Be Re-accepted", readonly=True, copy=False,
        help="Same facts and reasons after a completed re-review: registered, never accepted again (不再受理).",
    )

    # --- clocks ------------------------------------------------------------------------------
    acceptance_deadline = fields.Date(readonly=True, copy=False, tracking=True)
    accept_date = fields.Date(readonly=True, copy=False, tracking=True)
    accepted_on_time = fields.Boolean(readonly=True, copy=False)
    simplified = fields.Boolean(
        string="Simplified Handling", copy=False, help="简易办理: answered within 10 working days."
    )
    handling_deadline = fields.Date(readonly=True, copy=False, tracking=True)
    extension_days = fields.Integer(readonly=True, copy=False)
    reply_date = fields.Date(readonly=True, copy=False, tracking=True)
    replied_on_time = fields.Boolean(readonly=True, copy=False)
    review_request_deadline = fields.Date(readonly=True, copy=False, tracking=True)
    review_request_date = fields.Date(readonly=True, copy=False)
    review_deadline = fields.Date(readonly=True, copy=False, tracking=True)
    review_date = fields.Date(string="Review Decision Date", readonly=True, copy=False)
    re_review_request_deadline = fields.Date(readonly=True, copy=False)
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
        related="handler_id.user_id", string="Handler User", store=True, index=True
    )
    assignment_ids = fields.One2many("xinfang.assignment", "petition_id", string="Assignments")
    extension_ids = fields.One2many("xinfang.extension", "petition_id", string="Extensions")

    # --- outcome -------------------------------------------------------------------------------
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
    close_result = fields.Text(string="Result", readonly=True, copy=False, help="件件有着落: what finally happened.")
    review_decision = fields.Text(readonly=True, copy=False)
    re_review_decision = fields.Text(readonly=True, copy=False)

    _head_count_positive = models.Constraint("CHECK (head_count >= 1)", "The head count must be at least 1.")
    _name_uniq = models.UniqueIndex("(name, company_id) WHERE name != '/'", "Petition numbers must be unique.")
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

    # ------------------------------------------------------------------------------------------
    # computes and constraints
    # ------------------------------------------------------------------------------------------
    @api.depends("lodged_level", "responsible_level")
    def _compute_is_cross_level(self):
        for petition in self:
            petition.is_cross_level = LEVEL_RANK[petition.lodged_level] > LEVEL_RANK[petition.responsible_level]

    @api.depends("head_count")
    def _compute_is_collective(self):
        for petition in self:
            petition.is_collective = petition.head_count >= COLLECTIVE_HEAD_COUNT

    @api.depends(
        "state", "acceptance_deadline", "handling_deadline", "review_request_deadline",
        "review_deadline", "re_review_deadline", "routing_notice_deadline",
    )
    def _compute_current_deadline(self):
        clocks = {
            "to_accept": "acceptance_deadline",
            "accepted": "handling_deadline",
            "handling": "handling_deadline",
            "review": "review_deadline",
            "re_review": "re_review_deadline",
        }
        for petition in self:
            field_name = clocks.get(petition.state)
            petition.current_deadline = petition[field_name] if field_name else False

    @api.constrains("representative_ids")
    def _check_representatives(self):
        for petition in self:
            if len(petition.representative_ids) > MAX_REPRESENTATIVES:
                raise ValidationError(self.env._(
                    "A collective petition records at most %(max)s representatives. 集体访代表不得超过5人。",
                    max=MAX_REPRESENTATIVES))

    @api.constrains("registration_date")
    def _check_registration_date(self):
        today = fields.Date.context_today(self)
        for petition in self:
            if petition.registration_date and petition.registration_date > today:
                raise ValidationError(self.env._(
                    "The registration date %(date)s is in the future. 登记日期不能晚于今天。",
                    date=petition.registration_date))

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
        petitions = super().create(vals_list)
        petitions.filtered(lambda p: p.nature == "accusation")._seal_accuser()
        return petitions

    def write(self, vals):
        res = super().write(vals)
        if {"nature", "petitioner_id", "representative_ids"} & vals.keys():
            self.filtered(lambda p: p.nature == "accusation")._seal_accuser()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_own_drafts(self):
        # Registered petitions are records the law requires to keep: archive them instead.
        if any(petition.state != "draft" for petition in self):
            raise UserError(self.env._(
                "A registered petition cannot be deleted; archive it instead. 已登记的信访事项不能删除，只能归档。"))
        if not self.env.is_superuser() and any(p.create_uid != self.env.user for p in self):
            raise UserError(self.env._("Only the person who created a draft may discard it. 只有创建人可以删除草稿。"))

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
    def _deadline(self, start, rule):
        days, unit = rule
        return self.env["xinfang.deadline"].compute(start, days, unit)

    def _today(self):
        return fields.Date.context_today(self)

    def _check_transition(self, target):
        """The single guard for every state change."""
        for petition in self:
            if target not in TRANSITIONS[petition.state]:
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(self.env._(
                    "Petition %(name)s cannot go from %(from_state)s to %(to_state)s. 不允许的状态变更。",
                    name=petition.display_name, from_state=states[petition.state], to_state=states[target]))

    def _get_param(self, key, default):
        return int(self.env["ir.config_parameter"].sudo().get_param(f"xinfang_petition.{key}", default))

    def _find_original(self):
        """The earlier petition of the same person on the same matter, or an empty recordset.

        sudo: matching must see petitions of all units and sealed accusers; only the link is kept.
        """
        self.ensure_one()
        person = self.sudo().petitioner_id or self.sudo().accuser_id
        if not person.id_number:
            return self.browse()
        window = self._get_param("repeat_window_days", 365)
        since = self.registration_date - timedelta(days=window)
        Petition = self.sudo().with_context(active_test=False)
        same_person = ["|", ("petitioner_id.id_number", "=", person.id_number),
                       ("accuser_id.id_number", "=", person.id_number)]
        candidates = Petition.search(
            same_person + [("id", "!=", self.id), ("category_id", "=", self.category_id.id),
                           ("state", "!=", "draft"),
                           "|", ("state", "in", OPEN_STATES + ("final",)), ("registration_date", ">=", since)],
            order="registration_date, id",
        )
        finals = candidates.filtered(lambda p: p.state == "final")
        return finals[:1] or candidates[:1]

    # ------------------------------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------------------------------
    def action_register(self):
        """Draft -> to accept: number, acceptance clock, repeat detection."""
        self._check_transition("to_accept")
        for petition in self:
            # Accusations may be anonymous; everything else needs a petitioner on record.
            if not petition.petitioner_id and petition.nature != "accusation":
                raise UserError(self.env._(
                    "Register the petitioner before registering the petition. 请先填写信访人。"))
            original = petition._find_original()
            vals = {
                "name": self.env["ir.sequence"].next_by_code(
                    "xinfang.petition", sequence_date=petition.registration_date),
            }
            if original:
                vals.update(original_id=original.id, is_repeat=True)
            if original.state == "final":
                # Same facts after a completed re-review: recorded, never accepted again, no clock.
                vals.update(
                    state="rejected", no_reaccept=True,
                    reject_reason=self.env._(
                        "Same facts and reasons as %(original)s, which was finally concluded on re-review: "
                        "not accepted again. 同一事实和理由已复核终结，不再受理。", original=original.name),
                )
            else:
                deadline = self._deadline(petition.registration_date, ACCEPTANCE_DAYS)
                # Performance (make bench): the flag goes in the same write (one audited write per
                # registration, not two); _refresh_deadline_status below then finds it current.
                vals.update(
                    state="to_accept",
                    acceptance_deadline=deadline,
                    deadline_status=self._deadline_status_for(
                        deadline, self._today(), self._get_param("near_due_days", 3)),
                )
            petition.write(vals)
        self._refresh_deadline_status()
        self.activity_update()
        return True

    def action_accept(self, accept_date=None):
        """To accept -> accepted: starts the 60-day (or 10-working-day simplified) clock."""
        self._check_transition("accepted")
        for petition in self:
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
        self._refresh_deadline_status()
        self.activity_update()
        return True

    def action_reject(self, reason):
        """To accept -> not accepted (不予受理), with the reason for the written notice."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for not accepting. 请填写不予受理理由。"))
        self._check_transition("rejected")
        self.write({"state": "rejected", "reject_reason": reason.strip()})
        self._refresh_deadline_status()
        self.activity_update()
        return True

    def action_redirect(self, route, reason):
        """To accept -> redirected to another statutory route (诉访分离); no 60-day clock."""
        if not route or not (reason or "").strip():
            raise UserError(self.env._("Choose the route and give the reason. 请选择法定途径并填写理由。"))
        self._check_transition("redirected")
        for petition in self:
            petition.write({
                "state": "redirected",
                "redirect_route": route,
                "redirect_reason": reason.strip(),
                # the 15 days run from receipt, as the acceptance decision's do, not from this step
                "routing_notice_deadline": self._deadline(petition.registration_date, ROUTING_NOTICE_DAYS),
            })
        self._refresh_deadline_status()
        self.activity_update()
        return True

    def _start_handling(self, assignment):
        """Accepted -> handling, once an assignment is confirmed (approved when required)."""
        self._check_transition("handling")
        self.write({
            "state": "handling",
            "lead_unit_id": assignment.lead_unit_id.id,
            "co_unit_ids": [fields.Command.set(assignment.co_unit_ids.ids)],
            "handler_id": assignment.handler_id.id,
        })
        self._refresh_deadline_status()
        self.activity_update()

    def _extend(self, days):
        """Apply an approved extension: once, at most 30 days, counted from acceptance."""
        self.ensure_one()
        if self.extension_days:
            raise UserError(self.env._("This petition was already extended once. 办理期限只能延长一次。"))
        if not 0 < days <= EXTENSION_MAX_DAYS:
            raise UserError(self.env._(
                "An extension is 1 to %(max)s days. 延长期限不得超过30日。", max=EXTENSION_MAX_DAYS))
        if self.state not in ("accepted", "handling"):
            raise UserError(self.env._("Only a petition being handled can be extended."))
        self.write({
            "extension_days": days,
            "handling_deadline": self._deadline(self.accept_date, (HANDLING_DAYS[0] + days, "calendar")),
        })
        self._refresh_deadline_status()
        self.activity_update()

    def action_reply(self, outcome, text, reply_date=None):
        """Handling -> replied: the handling opinion (处理意见书) opens the 30-day review window."""
        if not outcome or not text:
            raise UserError(self.env._("A reply needs an outcome and a text. 请填写处理结果和处理意见。"))
        self._check_transition("replied")
        for petition in self:
            day = reply_date or self._today()
            if day < petition.accept_date:
                raise UserError(self.env._("The reply date cannot be before the acceptance date."))
            petition.write({
                "state": "replied",
                "reply_outcome": outcome,
                "reply_text": text,
                "reply_date": day,
                "replied_on_time": day <= petition.handling_deadline,
                "review_request_deadline": self._deadline(day, REVIEW_REQUEST_DAYS),
            })
        self.assignment_ids.filtered(lambda a: a.state == "confirmed").write({"state": "done"})
        self._refresh_deadline_status()
        self.activity_update()
        return True

    def action_record_follow_up(self, satisfaction, note, follow_up_date=None):
        """Follow-up visit after the reply: satisfaction as the petitioner states it."""
        if self.filtered(lambda p: p.state not in ("replied", "closed")):
            raise UserError(self.env._("Follow-up visits happen after the reply. 答复后方可回访。"))
        if not satisfaction:
            raise UserError(self.env._("Record the petitioner's satisfaction. 请记录满意度。"))
        self.write({
            "satisfaction": satisfaction,
            "follow_up_note": note,
            "follow_up_date": follow_up_date or self._today(),
        })
        return True

    def action_close(self, result=None):
        """Replied -> closed: requires the follow-up and a recorded result (件件有着落)."""
        self._check_transition("closed")
        for petition in self:
            if petition.state == "replied" and not petition.satisfaction:
                raise UserError(self.env._(
                    "Record the follow-up visit and satisfaction before closing. 办结前须回访并记录满意度。"))
            final_result = (result or petition.close_result or "").strip()
            if not final_result:
                raise UserError(self.env._("Closing requires a recorded result. 办结须记录处理结果。"))
            petition.write({"state": "closed", "close_result": final_result})
        self._refresh_deadline_status()
        self.activity_update()
        return True

    def action_request_review(self, request_date=None):
        """Replied/closed -> review (复查), inside the 30-day window after the reply."""
        self._check_transition("review")
        for petition in self:
            day = request_date or self._today()
            if petition.review_date:
                raise UserError(self.env._("This petition was already reviewed; request a re-review instead."))
            if not petition.review_request_deadline or day > petition.review_request_deadline:
                raise UserError(self.env._(
                    "The review request is late: it had to be made by %(date)s. 复查申请已超过期限（%(date)s）。",
                    date=petition.review_request_deadline))
            petition.write({
                "state": "review",
                "review_request_date": day,
                "review_deadline": self._deadline(day, REVIEW_DECISION_DAYS),
            })
        self._refresh_deadline_status()
        self.activity_update()
        return True

    def action_decide_review(self, decision, decision_date=None):
        """Review -> closed with the review decision, opening the 30-day re-review window."""
        if not (decision or "").strip():
            raise UserError(self.env._("Write the review decision. 请填写复查意见。"))
        self._check_transition("closed")
        for petition in self:
            day = decision_date or self._today()
            petition.write({
                "state": "closed",
                "review_decision": decision.strip(),
                "review_date": day,
                "close_result": petition.close_result or decision.strip(),
                "re_review_request_deadline": self._deadline(day, REVIEW_REQUEST_DAYS),
            })
        self._refresh_deadline_status()
        self.activity_update()
        return True

    def action_request_re_review(self, request_date=None):
        """Closed after a review -> re-review (复核), inside the 30-day window."""
        self._check_transition("re_review")
        for petition in self:
            day = request_date or self._today()
            if not petition.review_date:
                raise UserError(self.env._("A re-review follows a review decision. 复核须在复查之后申请。"))
            if day > petition.re_review_request_deadline:
                raise UserError(self.env._(
                    "The re-review request is late: it had to be made by %(date)s. 复核申请已超过期限（%(date)s）。",
                    date=petition.re_review_request_deadline))
            petition.write({
                "state": "re_review",
                "re_review_request_date": day,
                "re_review_deadline": self._deadline(day, REVIEW_DECISION_DAYS),
            })
        self._refresh_deadline_status()
        self.activity_update()
        return True

    def action_decide_re_review(self, decision, decision_date=None):
        """Re-review -> final (终结): the same facts are never accepted again."""
        if not (decision or "").strip():
            raise UserError(self.env._("Write the re-review decision. 请填写复核意见。"))
        self._check_transition("final")
        self.write({
            "state": "final",
            "re_review_decision": decision.strip(),
            "re_review_date": decision_date or self._today(),
        })
        self._refresh_deadline_status()
        self.activity_update()
        return True

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
            petitions.write({"deadline_status": status})
        return changed

    def _get_responsible_user(self):
        """Who must act now: the handler while handling, else the registering office user."""
        self.ensure_one()
        if self.state in ("accepted", "handling") and self.handler_user_id:
            return self.handler_user_id
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
        all_types = list(dict.fromkeys(todo.values()))
        for petition in self:
            wanted = todo.get(petition.state)
            others = [xmlid for xmlid in all_types if xmlid != wanted]
            petition.activity_unlink(others)
            if not wanted:
                continue
            deadline = petition.current_deadline or petition.review_request_deadline or petition._today()
            user = petition._get_responsible_user()
            existing = petition.activity_ids.filtered(
                lambda a, x=wanted: a.activity_type_id == self.env.ref(x))
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
                body = self.env._("Overdue: the deadline was %(date)s. 已超期。", date=petition.current_deadline)
            else:
                body = self.env._("Due soon: the deadline is %(date)s. 即将到期。", date=petition.current_deadline)
            petition.message_post(body=body, partner_ids=partners.ids, message_type="notification",
                                  subtype_xmlid="mail.mt_note")
        return changed
