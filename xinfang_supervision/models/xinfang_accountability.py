from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import LEADER as LEADER_GROUP
from odoo.exceptions import UserError

DECIDED_STATES = ("approved", "rejected")
# What the proposer wrote is frozen once the leadership has decided.
PROPOSAL_FIELDS = {"employee_id", "unit_id", "facts", "proposal", "order_id"}


class XinfangAccountability(models.Model):
    """An accountability proposal (责任追究): who failed, the facts, the proposed measure, the leadership's decision.

    Only the leadership (leader group) decides: the decision fields are restricted to that group and
    the deciding steps are the leaders' (``_step_groups``).
    """

    _name = "xinfang.accountability"
    _description = "Accountability Proposal"
    _inherit = ["mail.thread", "mail.activity.mixin", "xinfang.workflow.state"]
    _workflow_fields = ("state", "decided_by_id", "decision_date")
    _transitions = {
        "proposed": {"approved", "rejected"},
        "approved": set(),
        "rejected": set(),
    }
    # whoever may propose (office staff, discipline inspection), only the leadership decides
    _step_groups = {
        "decide": (LEADER_GROUP,),
        "approve": (LEADER_GROUP,),
        "reject": (LEADER_GROUP,),
    }
    _order = "id desc"

    name = fields.Char(string="Number", readonly=True, copy=False, default="/", index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    employee_id = fields.Many2one("hr.employee", string="Person", required=True, tracking=True)
    unit_id = fields.Many2one(
        "hr.department", string="Unit", compute="_compute_unit_id", store=True, readonly=False, tracking=True,
        help="By default the person's department.",
    )
    order_id = fields.Many2one("xinfang.supervision.order", string="Supervision Order", index="btree_not_null")
    facts = fields.Html(required=True)
    proposal = fields.Text(string="Proposed Measure", required=True, tracking=True)
    state = fields.Selection(
        [("proposed", "Proposed"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="proposed", required=True, readonly=True, copy=False, tracking=True, index=True,
    )
    decision = fields.Text(copy=False, groups=LEADER_GROUP)
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False, groups=LEADER_GROUP)
    decision_date = fields.Date(readonly=True, copy=False, groups=LEADER_GROUP)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("xinfang.accountability") or "/"
        return super().create(vals_list)

    @api.depends("name", "employee_id")
    def _compute_display_name(self):
        for record in self:
            parts = (record.name if record.name != "/" else "", record.employee_id.name or "")
            record.display_name = " ".join(p for p in parts if p)

    @api.depends("employee_id")
    def _compute_unit_id(self):
        for record in self:
            if record.employee_id.department_id:
                record.unit_id = record.employee_id.department_id

    def write(self, vals):
        if PROPOSAL_FIELDS & set(vals) and any(record.state in DECIDED_STATES for record in self):
            raise UserError(self.env._(
                "A decided proposal cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_proposed(self):
        if any(record.state in DECIDED_STATES for record in self):
            raise UserError(self.env._("A decided proposal is kept on record."))

    def action_decide(self, result, decision=None):
        """Proposed -> approved or rejected, by a leader, with the decision recorded."""
        if result not in DECIDED_STATES:
            raise UserError(self.env._("Unknown decision %(result)r.", result=result))
        records = self._check_step("decide", result)
        return records._decide(result, decision)

    def action_approve(self, decision=None):
        records = self._check_step("approve", "approved")
        return records._decide("approved", decision)

    def action_reject(self, decision=None):
        records = self._check_step("reject", "rejected")
        return records._decide("rejected", decision)

    def _decide(self, result, decision):
        """The decision's writes, on records the step marked (``_check_step``)."""
        today = fields.Date.context_today(self)
        for record in self:
            text = (decision or record.decision or "").strip()
            if not text:
                raise UserError(self.env._("Write the decision first."))
            record.write({"state": result, "decision": text, "decided_by_id": self.env.user.id,
                          "decision_date": today})
        return True
