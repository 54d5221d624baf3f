from odoo import api, fields, models
from odoo.tools.misc import clean_context

from ..models.res_company import township_today
from ..models.xinfang_assignment import is_override

STEPS = [
    ("reject", "Not Accept"),
    ("not_reaccept", "Not Accept Again"),
    ("redirect", "Redirect"),
    ("assign", "Assign"),
    ("extend", "Request Extension"),
    ("reply", "Reply"),
    ("follow_up", "Record Follow-up"),
    ("close", "Close"),
    ("request_review", "Request Review"),
    ("decide_review", "Record Review Decision"),
    ("record_reply_receipt", "Record Receipt of the Reply"),
    ("record_review_receipt", "Record Receipt of the Review Decision"),
    ("request_re_review", "Request Re-review"),
    ("decide_re_review", "Record Re-review Decision"),
    ("report_back", "Report Back"),
]


class XinfangPetitionStep(models.TransientModel):
    """Collects what one workflow step needs, then calls the petition's public method.

    Every check lives in the petition (and assignment/extension) methods: this wizard adds no rule.
    """

    _name = "xinfang.petition.step"
    _description = "Petition Workflow Step"

    step = fields.Selection(STEPS, required=True, readonly=True)
    petition_id = fields.Many2one("xinfang.petition", required=True, readonly=True, ondelete="cascade")
    petition_state = fields.Selection(related="petition_id.state", string="Petition Status")
    # reject, redirect, extend
    reason = fields.Text()
    route = fields.Selection(selection="_selection_route")
    # assign
    lead_unit_id = fields.Many2one(
        "hr.department", domain="[('xinfang_unit_type', '!=', False)]",
        compute="_compute_lead_unit_id", store=True, readonly=False,
    )
    co_unit_ids = fields.Many2many(
        "hr.department", "xinfang_petition_step_co_unit_rel", "step_id", "department_id",
        string="Co-handling Units", domain="[('xinfang_unit_type', '!=', False), ('id', '!=', lead_unit_id)]",
        compute="_compute_co_unit_ids", store=True, readonly=False,
    )
    handler_id = fields.Many2one(
        "hr.employee", domain="[('user_id', '!=', False)]",
        compute="_compute_handler_id", store=True, readonly=False,
    )
    # routing by jurisdiction: what the system proposes, and why the office chose otherwise
    proposed_unit_id = fields.Many2one("hr.department", compute="_compute_routing_proposal", store=True)
    proposed_handler_id = fields.Many2one("hr.employee", compute="_compute_routing_proposal", store=True)
    is_routing_override = fields.Boolean(compute="_compute_is_routing_override")
    override_reason = fields.Text(string="Reason for Override")
    instructions = fields.Html()
    due_date = fields.Date(compute="_compute_due_date", store=True, readonly=False)
    # extend
    days = fields.Integer(default=30)
    # reply
    outcome = fields.Selection(selection="_selection_outcome")
    reply_text = fields.Html(string="Reply (Handling Opinion)")
    # follow_up
    satisfaction = fields.Selection(selection="_selection_satisfaction")
    note = fields.Text()
    # close
    result = fields.Text(compute="_compute_result", store=True, readonly=False)
    # decisions
    decision = fields.Text()
    # not_reaccept: the same person's petition concluded on re-review, as the office finds it
    original_candidate_ids = fields.Many2many(
        "xinfang.petition", string="Petitions Concluded on Re-review", compute="_compute_original_candidate_ids")
    original_id = fields.Many2one(
        "xinfang.petition", string="Same Matter As", domain="[('id', 'in', original_candidate_ids)]",
        compute="_compute_original_id", store=True, readonly=False,
        help="The petition of the same person, concluded on re-review, whose facts and reasons this one repeats.",
    )
    # record_reply_receipt, record_review_receipt (the date is the day of receipt)
    receipt_method = fields.Selection(selection="_selection_receipt_method", string="Served")
    receipt_reference = fields.Char(
        string="Receipt Reference", help="The postal receipt number, or who signed for the decision.")
    # reply, follow_up, request_review, decide_review, request_re_review, decide_re_review, the receipts
    date = fields.Date(default=lambda self: township_today(self))
    # report_back (the handler's feedback on an assignment)
    assignment_id = fields.Many2one("xinfang.assignment", readonly=True, ondelete="cascade")
    feedback = fields.Html(compute="_compute_feedback", store=True, readonly=False)

    # Selections reuse the petition's own (translated) labels: one source of truth.
    def _petition_selection(self, field_name):
        return self.env["xinfang.petition"]._fields[field_name]._description_selection(self.env)

    def _selection_route(self):
        return self._petition_selection("redirect_route")

    def _selection_outcome(self):
        return self._petition_selection("reply_outcome")

    def _selection_satisfaction(self):
        return self._petition_selection("satisfaction")

    def _selection_receipt_method(self):
        return self._petition_selection("reply_receipt_method")

    @api.depends("petition_id", "step")
    def _compute_original_candidate_ids(self):
        for wizard in self:
            finals = self.env["xinfang.petition"]
            if wizard.step == "not_reaccept" and wizard.petition_id:
                finals = wizard.petition_id._same_person_petitions([("state", "=", "final")])
                finals = finals.with_env(self.env)._filtered_access("read")
            wizard.original_candidate_ids = finals

    @api.depends("original_candidate_ids")
    def _compute_original_id(self):
        for wizard in self:
            proposed = wizard.petition_id.original_id
            candidates = wizard.original_candidate_ids
            wizard.original_id = proposed if proposed in candidates else candidates[:1]

    @api.depends("petition_id", "step")
    def _compute_routing_proposal(self):
        for wizard in self:
            assign = wizard.step == "assign" and wizard.petition_id
            proposal = wizard.petition_id._get_routing_proposal() if assign else {}
            wizard.proposed_unit_id = proposal.get("lead_unit")
            wizard.proposed_handler_id = proposal.get("handler")

    @api.depends("proposed_unit_id")
    def _compute_lead_unit_id(self):
        for wizard in self:
            wizard.lead_unit_id = wizard.proposed_unit_id

    @api.depends("lead_unit_id")
    def _compute_co_unit_ids(self):
        for wizard in self:
            if wizard.petition_id:
                wizard.co_unit_ids = wizard.petition_id._get_routing_co_units(wizard.lead_unit_id)
            else:
                wizard.co_unit_ids = False

    @api.depends("lead_unit_id")
    def _compute_handler_id(self):
        for wizard in self:
            if wizard.lead_unit_id and wizard.lead_unit_id == wizard.proposed_unit_id:
                wizard.handler_id = wizard.proposed_handler_id
            elif wizard.lead_unit_id and wizard.petition_id:
                wizard.handler_id = wizard.petition_id._get_routing_handler(wizard.lead_unit_id)
            else:
                wizard.handler_id = False

    @api.depends("proposed_unit_id", "proposed_handler_id", "lead_unit_id", "handler_id")
    def _compute_is_routing_override(self):
        for wizard in self:
            wizard.is_routing_override = is_override(
                wizard.proposed_unit_id, wizard.proposed_handler_id, wizard.lead_unit_id, wizard.handler_id)

    @api.depends("petition_id")
    def _compute_due_date(self):
        for wizard in self:
            wizard.due_date = wizard.petition_id.handling_deadline

    @api.depends("petition_id")
    def _compute_result(self):
        for wizard in self:
            wizard.result = wizard.petition_id.close_result

    @api.depends("assignment_id")
    def _compute_feedback(self):
        for wizard in self:
            wizard.feedback = wizard.assignment_id.feedback

    def action_apply(self):
        self.ensure_one()
        # The dialog's default_* keys must not leak into the records the step creates: replace the
        # context rather than update it.
        wizard = self.with_context(clean_context(self.env.context))  # pylint: disable=context-overridden
        action = getattr(wizard, f"_apply_{wizard.step}")()
        return action or {"type": "ir.actions.act_window_close"}

    def _apply_reject(self):
        self.petition_id.action_reject(self.reason)

    def _apply_not_reaccept(self):
        self.petition_id.action_not_reaccept(self.original_id)

    def _apply_record_reply_receipt(self):
        self.petition_id.action_record_reply_receipt(self.date, self.receipt_method, self.receipt_reference)

    def _apply_record_review_receipt(self):
        self.petition_id.action_record_review_receipt(self.date, self.receipt_method, self.receipt_reference)

    def _apply_redirect(self):
        self.petition_id.action_redirect(self.route, self.reason)

    def _apply_assign(self):
        assignment = self.env["xinfang.assignment"].create(self._prepare_assignment_vals())
        assignment.action_confirm()
        if assignment.state == "draft":
            # Waiting for a leader's approval: show the slip and its review.
            return self._open_record(assignment)
        return None

    def _prepare_assignment_vals(self):
        """Values of the assignment slip created by the assign step."""
        return {
            "petition_id": self.petition_id.id,
            "lead_unit_id": self.lead_unit_id.id,
            "co_unit_ids": [fields.Command.set(self.co_unit_ids.ids)],
            "handler_id": self.handler_id.id,
            "instructions": self.instructions,
            "due_date": self.due_date,
            "proposed_unit_id": self.proposed_unit_id.id,
            "proposed_handler_id": self.proposed_handler_id.id,
            "override_reason": self.override_reason if self.is_routing_override else False,
        }

    def _apply_extend(self):
        extension = self.env["xinfang.extension"].create(
            {"petition_id": self.petition_id.id, "days": self.days, "reason": self.reason}
        )
        extension.action_request()
        if extension.state == "draft":
            return self._open_record(extension)
        return None

    def _apply_reply(self):
        self.petition_id.action_reply(self.outcome, self.reply_text, reply_date=self.date)

    def _apply_follow_up(self):
        self.petition_id.action_follow_up(self.satisfaction, self.note, follow_up_date=self.date)

    def _apply_close(self):
        self.petition_id.action_close(self.result)

    def _apply_request_review(self):
        self.petition_id.action_request_review(request_date=self.date)

    def _apply_decide_review(self):
        self.petition_id.action_decide_review(self.decision, self.date)

    def _apply_request_re_review(self):
        self.petition_id.action_request_re_review(request_date=self.date)

    def _apply_decide_re_review(self):
        self.petition_id.action_decide_re_review(self.decision, self.date)

    def _apply_report_back(self):
        self.assignment_id.action_feedback(self.feedback)

    def _open_record(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "target": "current",
        }

