from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import HANDLER, MEDIATOR, STAFF
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import LEADER as LEADER_GROUP
from odoo.addons.xinfang_petition.tools import read_setting
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

SUPERVISION_GROUP_PARAM = "xinfang_supervision.supervision_group_id"
OPEN_STATES = ("found", "handling")
# Only the petition office and leaders change who answers for a risk and by when.
PROTECTED_FIELDS = {"responsible_id", "deadline", "company_id"}


class XinfangRisk(models.Model):
    """A factor of instability (不稳定因素) found in a meeting or a field visit, handled by a responsible person."""

    _name = "xinfang.risk"
    _description = "Risk (Factor of Instability)"
    _inherit = ["mail.thread", "mail.activity.mixin", "xinfang.workflow.state"]
    _order = "deadline, id desc"
    _workflow_fields = ("state", "resolved_date", "escalated_date")
    _transitions = {
        "found": {"handling", "resolved", "escalated"},
        "handling": {"resolved", "escalated"},
        "escalated": {"handling", "resolved"},
        "resolved": set(),
    }
    # The office assigns and escalates (the daily cron escalates overdue risks); the responsible
    # person (a village mediator or a unit's handler) resolves the own risk, the office any risk.
    _step_groups = {
        "assign": (STAFF,),
        "resolve": (MEDIATOR, HANDLER, STAFF),
        "escalate": (STAFF,),
    }

    name = fields.Char(string="Number", readonly=True, copy=False, default="/", index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    village_id = fields.Many2one(
        "hr.department", string="Village", domain="[('xinfang_unit_type', '=', 'village')]", index=True,
        tracking=True,
    )
    description = fields.Text(required=True)
    level = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("major", "Major")],
        required=True, default="medium", tracking=True,
    )
    source = fields.Selection(
        [("meeting", "Meeting"), ("field_visit", "Field Visit"), ("other", "Other")],
        string="Found In", required=True, default="other",
    )
    meeting_id = fields.Many2one("xinfang.meeting", string="Found at Meeting", index="btree_not_null")
    found_date = fields.Date(required=True, default=fields.Date.context_today)
    responsible_id = fields.Many2one("hr.employee", string="Responsible Person", tracking=True)
    responsible_user_id = fields.Many2one(related="responsible_id.user_id", string="Responsible Account", store=True,
                                          index=True)
    deadline = fields.Date(tracking=True)
    state = fields.Selection(
        [("found", "Found"), ("handling", "Handling"), ("resolved", "Resolved"), ("escalated", "Escalated")],
        default="found", required=True, readonly=True, copy=False, tracking=True, index=True,
    )
    task_ids = fields.One2many("xinfang.task", "risk_id", string="Tasks", copy=False)
    resolution = fields.Text(copy=False)
    resolved_date = fields.Date(readonly=True, copy=False)
    escalated_date = fields.Date(readonly=True, copy=False)
    is_office_user = fields.Boolean(
        compute="_compute_is_office_user", help="Whether the current user may change the owner and deadline.")

    _open_deadline_idx = models.Index("(deadline) WHERE state IN ('found', 'handling')")

    def _compute_is_office_user(self):
        self.is_office_user = self.env.user.has_group("xinfang_petition.group_xinfang_staff")

    # ------------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------------
    @api.depends("name", "village_id", "description")
    def _compute_display_name(self):
        for risk in self:
            summary = (risk.description or "").strip().splitlines()[:1]
            parts = [risk.name if risk.name != "/" else "", risk.village_id.name or "",
                     summary[0][:40] if summary else ""]
            risk.display_name = " ".join(part for part in parts if part)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("xinfang.risk") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if PROTECTED_FIELDS & set(vals) and not self.env.su and not self.env.user.has_group(
                "xinfang_petition.group_xinfang_staff"):
            raise AccessError(self.env._(
                "Only the petition office and leaders change a risk's responsible person or deadline."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_found(self):
        if any(risk.state != "found" for risk in self):
            raise UserError(self.env._("A risk already acted on is kept on record."))

    # ------------------------------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------------------------------
    def _step_scope_ok(self, step, group):
        """A mediator or handler resolves the risks they are responsible for."""
        if group in (MEDIATOR, HANDLER):
            return self.responsible_user_id == self.env.user
        return super()._step_scope_ok(step, group)

    def action_assign(self):
        """Found/escalated -> handling: a task (交办卡) for the responsible person, due on the risk's deadline."""
        records = self._check_step("assign", "handling")
        for risk in records:
            if not risk.responsible_id or not risk.deadline:
                raise UserError(self.env._(
                    "Name the responsible person and the deadline before assigning %(risk)s.",
                    risk=risk.display_name))
            self.env["xinfang.task"].create(risk._prepare_task_vals())
            risk.write({"state": "handling"})
        return True

    def _prepare_task_vals(self):
        """Values of the task (交办卡) that assigns the risk (hook)."""
        self.ensure_one()
        return {
            "name": self.env._("Handle risk %(risk)s", risk=self.display_name),
            "risk_id": self.id,
            "owner_id": self.responsible_id.id,
            "deadline": self.deadline,
            "company_id": self.company_id.id,
            "instructions": plaintext2html(self.description or ""),
        }

    def action_resolve(self):
        """-> resolved, with the resolution recorded; open tasks of the risk stay for their owners to close."""
        records = self._check_step("resolve", "resolved")
        for risk in records:
            if not (risk.resolution or "").strip():
                raise UserError(self.env._("Describe how the risk was resolved."))
        records.write({"state": "resolved", "resolved_date": fields.Date.context_today(self)})
        records.activity_unlink(["xinfang_supervision.mail_act_xinfang_risk_escalated"])
        return True

    def action_escalate(self):
        """Found/handling -> escalated: the supervision office is asked to act."""
        records = self._check_step("escalate", "escalated")
        records.write({"state": "escalated", "escalated_date": fields.Date.context_today(self)})
        users = self._get_supervision_users()
        for risk in records:
            risk.message_post(
                body=self.env._("Escalated to the supervision office: the deadline %(date)s passed.",
                                date=risk.deadline),
                partner_ids=(users.partner_id | risk.responsible_user_id.partner_id).ids,
                message_type="notification", subtype_xmlid="mail.mt_note",
            )
            for user in users:
                risk.activity_schedule(
                    "xinfang_supervision.mail_act_xinfang_risk_escalated",
                    date_deadline=fields.Date.context_today(self), user_id=user.id,
                    summary=self.env._("Overdue risk: supervise its handling"),
                )
        return True

    @api.model
    def _get_supervision_users(self):
        """Who the supervision office is: the users of the configured group, by default the leaders.

        sudo: reads a group's members to address the escalation; nothing is disclosed to the caller.
        """
        Groups = self.env["res.groups"].sudo()
        group_id = read_setting(self.env, SUPERVISION_GROUP_PARAM, 0, int)
        group = Groups.browse(group_id).exists() if group_id > 0 else Groups
        group = group or self.env.ref(LEADER_GROUP).sudo()
        return group.all_user_ids.filtered(lambda u: u.active and not u.share)

    @api.model
    def _cron_escalate_overdue(self):
        """Daily: risks still found or in handling after their deadline escalate to the supervision office.

        Only those risks are read (partial index on the deadline of open risks).
        """
        today = fields.Date.context_today(self)
        due = self.search([("state", "in", OPEN_STATES), ("deadline", "<", today)])
        due.action_escalate()
        return due
