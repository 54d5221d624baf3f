from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError

from .xinfang_petitioner import refuse_nul

# Fields the workflow owns (state, number, clocks, handling, decisions). They are read-only in the form,
# but the ORM (and so JSON-RPC) would write them: a handler could close a petition, clear a reply or
# move a registered petition back to draft and then delete it. Only the action_* methods write them.
WORKFLOW_FIELDS = frozenset((
    "state", "name", "registered_by_id", "is_repeat", "no_reaccept",
    "acceptance_deadline", "accept_date", "accepted_on_time", "handling_deadline", "extension_days",
    "reply_date", "replied_on_time", "review_request_deadline", "review_request_date", "review_deadline",
    "review_date", "re_review_request_deadline", "re_review_request_date", "re_review_deadline",
    "re_review_date", "routing_notice_deadline", "deadline_status",
    "lead_unit_id", "co_unit_ids", "handler_id",
    "reject_reason", "redirect_route", "redirect_reason", "reply_outcome", "reply_text",
    "follow_up_date", "follow_up_note", "satisfaction", "close_result", "review_decision", "re_review_decision",
))
# Dates a step may record: wide, but far enough from date.max that the statutory clocks cannot overflow.
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2999, 12, 31)


class XinfangPetition(models.Model):
    """The workflow's own fields are written by the workflow only (xinfang.workflow.state); its public
    steps check their arguments.

    The steps are public methods, so JSON-RPC can call them with any JSON value: a date arrives as a
    string, a reason as a number. Arguments are checked here, once, and refused with a UserError.
    """

    _inherit = "xinfang.petition"
    _workflow_fields = WORKFLOW_FIELDS

    # --- arguments of the steps -------------------------------------------------------------------
    def _step_date(self, value):
        """A date argument: empty (the step uses today), a date, or an ISO date string."""
        if value is None or value is False or value == "":
            return None
        try:
            day = fields.Date.to_date(value) if isinstance(value, (str, date)) else None
        except ValueError:
            day = None
        if not day or not DATE_MIN <= day <= DATE_MAX:
            raise UserError(self.env._("%(value)r is not a valid date. 日期无效。", value=value))
        return day

    def _step_text(self, value):
        if value is None or value is False or isinstance(value, str):
            return value
        raise UserError(self.env._("%(value)r is not a text. 请输入文字。", value=value))

    def _step_choice(self, value, fname):
        if value is None or value is False:
            return value
        keys = [key for key, _label in self._fields[fname]._description_selection(self.env)]
        if not isinstance(value, str) or value not in keys:
            raise UserError(self.env._(
                "%(value)r is not a valid choice; expected one of %(keys)s. 选项无效。", value=value,
                keys=", ".join(keys)))
        return value

    def _refuse_blank_required(self, vals):
        # the ORM takes "" or "   " for a required Char: a petition without a subject
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if field and field.required and field.type in ("char", "text") and isinstance(value, str) \
                    and not value.strip():
                raise UserError(self.env._("%(field)s cannot be blank. 必填项不能为空。",
                                           field=field._description_string(self.env)))

    # --- ORM --------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            refuse_nul(self.env, vals)
            self._refuse_blank_required(vals)
        return super().create(vals_list)

    def write(self, vals):
        refuse_nul(self.env, vals)
        self._refuse_blank_required(vals)
        return super().write(vals)

    # --- the workflow: every step writes its own fields -------------------------------------------
    def action_register(self):
        return super(XinfangPetition, self._step()).action_register()

    def action_accept(self, accept_date=None):
        return super(XinfangPetition, self._step()).action_accept(self._step_date(accept_date))

    def action_reject(self, reason):
        return super(XinfangPetition, self._step()).action_reject(self._step_text(reason))

    def action_redirect(self, route, reason):
        return super(XinfangPetition, self._step()).action_redirect(
            self._step_choice(route, "redirect_route"), self._step_text(reason))

    def _start_handling(self, assignment):
        return super(XinfangPetition, self._step())._start_handling(assignment)

    def _extend(self, days):
        return super(XinfangPetition, self._step())._extend(days)

    def action_reply(self, outcome, text, reply_date=None):
        return super(XinfangPetition, self._step()).action_reply(
            self._step_choice(outcome, "reply_outcome"), self._step_text(text), self._step_date(reply_date))

    def action_record_follow_up(self, satisfaction, note, follow_up_date=None):
        return super(XinfangPetition, self._step()).action_record_follow_up(
            self._step_choice(satisfaction, "satisfaction"), self._step_text(note), self._step_date(follow_up_date))

    def action_close(self, result=None):
        return super(XinfangPetition, self._step()).action_close(self._step_text(result))

    def action_request_review(self, request_date=None):
        return super(XinfangPetition, self._step()).action_request_review(self._step_date(request_date))

    def action_decide_review(self, decision, decision_date=None):
        return super(XinfangPetition, self._step()).action_decide_review(
            self._step_text(decision), self._step_date(decision_date))

    def action_request_re_review(self, request_date=None):
        return super(XinfangPetition, self._step()).action_request_re_review(self._step_date(request_date))

    def action_decide_re_review(self, decision, decision_date=None):
        return super(XinfangPetition, self._step()).action_decide_re_review(
            self._step_text(decision), self._step_date(decision_date))

    def _refresh_deadline_status(self):
        return super(XinfangPetition, self._step())._refresh_deadline_status()
