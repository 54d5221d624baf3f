from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import HANDLER, MEDIATOR, STAFF
from odoo.exceptions import UserError, ValidationError

# What the visit was about: fixed once the petitioner has been told the answer.
CONTENT_FIELDS = {"petition_id", "cadre_id", "matter", "authority", "visit_date", "answer", "answer_date",
                  "relay_date", "relay_note"}


class XinfangProxyVisit(models.Model):
    """Proxy petitioning (干部代访): a cadre carries a petitioner's matter to an upper department.

    The steps follow the matter: carried to the department (代访), answered by it (已答复), and the
    answer relayed to the petitioner (已反馈信访人). The petition office and the cadre themself take
    the steps; handlers of the petition's units read the visits of their petitions.
    """

    _name = "xinfang.proxy.visit"
    _description = "Proxy Petition Visit"
    _inherit = ["mail.thread", "xinfang.workflow.state"]
    _order = "visit_date desc, id desc"
    _check_company_auto = True
    _workflow_fields = ("state",)
    _transitions = {
        "draft": {"carried", "cancel"},
        "carried": {"answered", "cancel"},
        "answered": {"relayed"},
    }
    # The office and the cadre (_step_scope_ok) record each step; only the office cancels a visit.
    _step_groups = {
        "carry": (MEDIATOR, HANDLER, STAFF),
        "record_answer": (MEDIATOR, HANDLER, STAFF),
        "relay": (MEDIATOR, HANDLER, STAFF),
        "cancel": (STAFF,),
    }

    petition_id = fields.Many2one(
        "xinfang.petition", required=True, index=True, ondelete="restrict", tracking=True,
        check_company=True)
    company_id = fields.Many2one(related="petition_id.company_id", store=True, index=True, precompute=True)
    active = fields.Boolean(default=True, tracking=True)
    cadre_id = fields.Many2one(
        "hr.employee", required=True, tracking=True, index=True,
        default=lambda self: self.env.user.employee_id,
        help="The cadre who carries the matter to the upper department on the petitioner's behalf.")
    cadre_user_id = fields.Many2one(related="cadre_id.user_id", string="Cadre User", store=True, index=True)
    matter = fields.Text(
        string="Matter Carried", required=True, compute="_compute_matter", store=True, readonly=False,
        precompute=True, help="What the cadre puts before the upper department; the petition's subject by default.")
    authority = fields.Char(
        string="Upper Department", required=True, tracking=True,
        help="The higher authority the cadre carries the matter to, such as the county petition bureau.")
    visit_date = fields.Date(tracking=True, copy=False)
    answer = fields.Text(string="Upper Department's Answer", copy=False, help="What the upper department answered.")
    answer_date = fields.Date(string="Answer Received On", tracking=True, copy=False)
    relay_date = fields.Date(
        string="Relayed to Petitioner On", tracking=True, copy=False,
        help="The day the answer was passed on to the petitioner.")
    relay_note = fields.Text(copy=False, help="How the petitioner was told and what they said.")
    state = fields.Selection(
        [("draft", "Draft"), ("carried", "Carried"), ("answered", "Answer Received"),
         ("relayed", "Relayed to Petitioner"), ("cancel", "Cancelled")],
        default="draft", required=True, readonly=True, copy=False, tracking=True, index=True)

    @api.depends("petition_id")
    def _compute_matter(self):
        for visit in self:
            if not visit.matter:
                visit.matter = visit.petition_id.subject

    @api.depends("petition_id.name", "authority")
    def _compute_display_name(self):
        for visit in self:
            number = visit.petition_id.name if visit.petition_id.name not in (False, "/") else ""
            visit.display_name = " → ".join(part for part in (number, visit.authority) if part) \
                or self.env._("Proxy Visit")

    # ------------------------------------------------------------------------------------------
    # dates
    # ------------------------------------------------------------------------------------------
    @api.constrains("visit_date", "answer_date", "relay_date")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for visit in self:
            for fname in ("visit_date", "answer_date", "relay_date"):
                if visit[fname] and visit[fname] > today:
                    raise ValidationError(self.env._(
                        "%(field)s of %(visit)s cannot be in the future.",
                        field=self._fields[fname]._description_string(self.env), visit=visit.display_name))
            if visit.answer_date and not (visit.visit_date and visit.answer_date >= visit.visit_date):
                raise ValidationError(self.env._(
                    "The answer of %(visit)s cannot come before the visit.", visit=visit.display_name))
            if visit.relay_date and not (visit.answer_date and visit.relay_date >= visit.answer_date):
                raise ValidationError(self.env._(
                    "The answer of %(visit)s cannot be relayed to the petitioner before it was given.",
                    visit=visit.display_name))

    # ------------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------------
    def write(self, vals):
        if CONTENT_FIELDS & set(vals) and not self.env.su and any(v.state == "relayed" for v in self):
            raise UserError(self.env._(
                "A proxy visit whose answer was relayed to the petitioner is kept as it was recorded."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Proxy visits are kept on record; archive them instead."))

    # ------------------------------------------------------------------------------------------
    # steps
    # ------------------------------------------------------------------------------------------
    def action_carry(self, visit_date=None):
        """Draft -> carried: the cadre took the matter to the upper department (on that day, else today)."""
        records = self._check_step("carry", "carried")
        today = fields.Date.context_today(self)
        for visit in records:
            visit.write({"state": "carried", "visit_date": visit_date or visit.visit_date or today})
        return True

    def action_record_answer(self, answer=None, answer_date=None):
        """Carried -> answered: the upper department's answer and its date (else today)."""
        records = self._check_step("record_answer", "answered")
        today = fields.Date.context_today(self)
        for visit in records:
            text = answer or visit.answer
            if not (text or "").strip():
                raise UserError(self.env._(
                    "Write down the answer of the upper department to %(visit)s first.", visit=visit.display_name))
            visit.write({"state": "answered", "answer": text, "answer_date": answer_date or visit.answer_date or today})
        return True

    def action_relay(self, relay_date=None, note=None):
        """Answered -> relayed: the answer was passed on to the petitioner (on that day, else today)."""
        records = self._check_step("relay", "relayed")
        today = fields.Date.context_today(self)
        for visit in records:
            vals = {"state": "relayed", "relay_date": relay_date or visit.relay_date or today}
            if note:
                vals["relay_note"] = note
            visit.write(vals)
        return True

    def action_cancel(self):
        """Draft or carried -> cancelled: the office drops a visit that will not (or did not) take place."""
        self._check_step("cancel", "cancel").write({"state": "cancel"})
        return True

    def _step_scope_ok(self, step, group):
        """A mediator or handler takes the steps of the visits they carry themself."""
        if group in (MEDIATOR, HANDLER):
            return self.cadre_user_id == self.env.user
        return super()._step_scope_ok(step, group)
