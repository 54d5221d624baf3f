from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import LEADER, STAFF
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty


class XinfangSupervisionOrder(models.Model):
    """A supervision order (督查督办) on units, petitions or tasks, published as a notice (通报)."""

    _name = "xinfang.supervision.order"
    _description = "Supervision Order"
    _inherit = ["mail.thread", "mail.activity.mixin", "xinfang.workflow.state"]
    _workflow_fields = ("state", "issue_date", "answer_date", "closed_date")
    _transitions = {
        "draft": {"issued"},
        "issued": {"answered", "closed"},
        "answered": {"closed", "issued"},  # sent back: issued again
        "closed": set(),
    }
    # Leaders set the targets, issue, send back and close; the petition office records the units'
    # answer (units and handlers have no access to supervision orders: they answer through the office).
    _step_groups = {
        "load_overdue": (LEADER,),
        "issue": (LEADER,),
        "answer": (STAFF,),
        "close": (LEADER,),
    }
    _order = "issue_date desc, id desc"

    name = fields.Char(string="Number", readonly=True, copy=False, default="/", index=True)
    title = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    kind = fields.Selection(
        [("scheduled", "Scheduled"), ("focused", "Focused"), ("routine", "Routine")],
        required=True, default="routine", tracking=True,
        help="Scheduled inspections, focused campaigns, routine supervision.",
    )
    department_ids = fields.Many2many(
        "hr.department", "xinfang_supervision_order_department_rel", "order_id", "department_id", string="Units",
    )
    petition_ids = fields.Many2many(
        "xinfang.petition", "xinfang_supervision_order_petition_rel", "order_id", "petition_id", string="Petitions",
    )
    task_ids = fields.Many2many(
        "xinfang.task", "xinfang_supervision_order_task_rel", "order_id", "task_id", string="Tasks",
    )
    findings = fields.Html()
    requirements = fields.Html(help="What the units must do and report.")
    deadline = fields.Date(string="Answer By", tracking=True)
    issue_date = fields.Date(readonly=True, copy=False, tracking=True)
    answer = fields.Html(copy=False)
    answer_date = fields.Date(readonly=True, copy=False)
    closed_date = fields.Date(readonly=True, copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("issued", "Issued"), ("answered", "Answered"), ("closed", "Closed")],
        default="draft", required=True, readonly=True, copy=False, tracking=True, index=True,
    )
    overdue_petition_ids = fields.Many2many(
        "xinfang.petition", compute="_compute_overdue_items", string="Overdue Petitions",
        help="Targeted petitions, and open petitions led by the targeted units, past their deadline.",
    )
    overdue_task_ids = fields.Many2many(
        "xinfang.task", compute="_compute_overdue_items", string="Overdue Tasks",
        help="Targeted tasks, and tasks owned by people of the targeted units, past their deadline.",
    )

    # ------------------------------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------------------------------
    @api.depends("department_ids", "petition_ids.deadline_status", "task_ids.state")
    def _compute_overdue_items(self):
        for order in self:
            order.overdue_petition_ids = self.env["xinfang.petition"].search(order._get_overdue_petition_domain(),
                                                                            order="current_deadline, id")
            order.overdue_task_ids = self.env["xinfang.task"].search(order._get_overdue_task_domain(),
                                                                    order="deadline, id")

    def _get_overdue_petition_domain(self):
        self.ensure_one()
        domain = [("deadline_status", "=", "overdue")]
        if not self.department_ids:
            return domain + [("id", "in", self.petition_ids.ids)]
        return domain + ["|", ("id", "in", self.petition_ids.ids),
                         ("lead_unit_id", "in", self.department_ids.ids)]

    def _get_overdue_task_domain(self):
        self.ensure_one()
        domain = [("state", "=", "overdue")]
        if not self.department_ids:
            return domain + [("id", "in", self.task_ids.ids)]
        return domain + ["|", ("id", "in", self.task_ids.ids),
                         ("owner_id.department_id", "in", self.department_ids.ids)]

    @api.constrains("department_ids", "petition_ids", "task_ids")
    def _check_target(self):
        for order in self:
            if not (order.department_ids or order.petition_ids or order.task_ids):
                raise ValidationError(self.env._(
                    "A supervision order targets at least one unit, petition or task."))

    # ------------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------------
    @api.depends("name", "title")
    def _compute_display_name(self):
        for order in self:
            order.display_name = " ".join(p for p in (order.name if order.name != "/" else "", order.title) if p)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(order.state != "draft" for order in self):
            raise UserError(self.env._("An issued supervision order is kept on record."))

    # ------------------------------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------------------------------
    def action_load_overdue(self):
        """Add the overdue petitions and tasks of the targeted units to the order's targets."""
        records = self._check_step("load_overdue")
        for order in records:
            if order.state != "draft":
                raise UserError(self.env._("Targets are set before the order is issued."))
            order.write({
                "petition_ids": [fields.Command.link(p.id) for p in order.overdue_petition_ids],
                "task_ids": [fields.Command.link(t.id) for t in order.overdue_task_ids],
            })
        return True

    def action_issue(self):
        """Draft -> issued (or answered -> issued when the answer is sent back): numbered, dated, units notified."""
        records = self._check_step("issue", "issued")
        today = fields.Date.context_today(self)
        for order in records:
            if is_html_empty(order.findings):
                raise UserError(self.env._("Write the findings before issuing."))
            if not order.deadline or order.deadline < today:
                raise UserError(self.env._(
                    "Set an answer deadline that is not in the past."))
            vals = {"state": "issued"}
            if order.state == "draft":
                vals.update(issue_date=today,
                            name=self.env["ir.sequence"].next_by_code("xinfang.supervision.order",
                                                                      sequence_date=today) or "/")
            order.write(vals)
            order._notify_units()
        return True

    def _get_answering_users(self):
        """Who answers for the targeted units: their managers, and the owners of targeted tasks."""
        self.ensure_one()
        # sudo: unit managers are read only to address the order; nothing is disclosed to the user.
        managers = self.department_ids.sudo().manager_id.user_id
        handlers = self.petition_ids.sudo().handler_user_id
        return (managers | handlers | self.task_ids.owner_user_id).filtered(lambda u: u.active)

    def _notify_units(self):
        for order in self:
            for user in order._get_answering_users():
                order.activity_schedule(
                    "xinfang_supervision.mail_act_xinfang_order_answer", date_deadline=order.deadline,
                    user_id=user.id, summary=order.title,
                )

    def action_answer(self):
        """Issued -> answered: the units' answer is recorded."""
        records = self._check_step("answer", "answered")
        for order in records:
            if is_html_empty(order.answer):
                raise UserError(self.env._("Record the units' answer first."))
        records.write({"state": "answered", "answer_date": fields.Date.context_today(self)})
        records.activity_feedback(["xinfang_supervision.mail_act_xinfang_order_answer"])
        return True

    def action_close(self):
        """Answered (or issued, when the supervision office closes it) -> closed."""
        records = self._check_step("close", "closed")
        records.write({"state": "closed", "closed_date": fields.Date.context_today(self)})
        records.activity_unlink(["xinfang_supervision.mail_act_xinfang_order_answer"])
        return True
