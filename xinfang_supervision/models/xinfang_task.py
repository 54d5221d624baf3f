from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import HANDLER, MEDIATOR, STAFF
from odoo.exceptions import AccessError, UserError, ValidationError

# Only the petition office and leaders change what was decided; owners report progress and finish.
PROTECTED_FIELDS = {"name", "owner_id", "deadline", "meeting_id", "risk_id", "company_id", "instructions"}


class XinfangTask(models.Model):
    """A supervised task (交办卡): a meeting decision or a risk to handle, with an owner and a deadline."""

    _name = "xinfang.task"
    _description = "Supervised Task"
    _inherit = ["mail.thread", "mail.activity.mixin", "xinfang.workflow.state"]
    _order = "deadline, id"
    _workflow_fields = ("state", "done_date")
    _transitions = {
        "open": {"overdue", "done"},      # overdue: the daily cron
        "overdue": {"open", "done"},      # open again: a new deadline
        "done": {"open", "overdue"},      # reopened by the office
    }
    # The owner (a village mediator or a unit's handler) finishes the own task, the office any task
    # (_step_scope_ok); only the office reopens one.
    _step_groups = {
        "done": (MEDIATOR, HANDLER, STAFF),
        "reopen": (STAFF,),
    }

    number = fields.Char(readonly=True, copy=False, default="/", index=True)
    name = fields.Char(string="Task", required=True, tracking=True, help="What was decided and must be done.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    meeting_id = fields.Many2one("xinfang.meeting", string="Meeting", index="btree_not_null", ondelete="restrict",
                                 tracking=True)
    risk_id = fields.Many2one("xinfang.risk", string="Risk", index="btree_not_null", ondelete="restrict",
                              tracking=True)
    owner_id = fields.Many2one("hr.employee", string="Owner", required=True, tracking=True,
                               help="The person answerable for the task; needs a user account.")
    owner_user_id = fields.Many2one(related="owner_id.user_id", string="Owner User", store=True, index=True)
    deadline = fields.Date(required=True, tracking=True)
    instructions = fields.Html()
    progress_ids = fields.One2many("xinfang.task.progress", "task_id", string="Progress Notes", copy=False)
    last_progress = fields.Text(compute="_compute_last_progress")
    state = fields.Selection(
        [("open", "Open"), ("overdue", "Overdue"), ("done", "Done")],
        default="open", required=True, readonly=True, copy=False, tracking=True, index=True,
    )
    done_date = fields.Date(readonly=True, copy=False)
    is_office_user = fields.Boolean(
        compute="_compute_is_office_user", help="Whether the current user may change the owner and deadline.")

    _open_deadline_idx = models.Index("(deadline) WHERE state = 'open'")

    # ------------------------------------------------------------------------------------------
    # computes and constraints
    # ------------------------------------------------------------------------------------------
    @api.depends("number", "name")
    def _compute_display_name(self):
        for task in self:
            task.display_name = " ".join(part for part in (task.number if task.number != "/" else "", task.name)
                                         if part)

    @api.depends("progress_ids.note", "progress_ids.date")
    def _compute_last_progress(self):
        for task in self:
            last = task.progress_ids.sorted(lambda p: (p.date, p.id))[-1:]
            task.last_progress = last and f"{fields.Date.to_string(last.date)}: {last.note}"

    @api.constrains("deadline")
    def _check_deadline(self):
        today = fields.Date.context_today(self)
        for task in self:
            if task.deadline < today:
                raise ValidationError(self.env._(
                    "The deadline %(date)s of task %(task)s is in the past.",
                    date=task.deadline, task=task.name))

    @api.constrains("owner_id")
    def _check_owner_user(self):
        for task in self:
            if not task.owner_id.user_id:
                raise ValidationError(self.env._(
                    "%(name)s has no user account and cannot be given a task.",
                    name=task.owner_id.name))

    @api.constrains("meeting_id")
    def _check_meeting_state(self):
        for task in self:
            if task.meeting_id and task.meeting_id.state not in ("scheduled", "held"):
                raise ValidationError(self.env._(
                    "Decisions are recorded for scheduled or held meetings only."))

    def _compute_is_office_user(self):
        self.is_office_user = self.env.user.has_group("xinfang_petition.group_xinfang_staff")

    # ------------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("number", "/") == "/":
                vals["number"] = self.env["ir.sequence"].next_by_code("xinfang.task") or "/"
        tasks = super().create(vals_list)
        tasks.activity_update()
        return tasks

    def write(self, vals):
        if PROTECTED_FIELDS & set(vals) and not self.env.su and not self.env.user.has_group(
                "xinfang_petition.group_xinfang_staff"):
            raise AccessError(self.env._(
                "Only the petition office and leaders change a task's content, owner or deadline."))
        if vals.get("deadline") and "state" not in vals:
            # A new deadline reopens an overdue task; the constraint refuses past dates.
            overdue = self.filtered(lambda t: t.state == "overdue")
            res = super().write(vals)
            # the new deadline's consequence, not a step: written as the steps write (_step)
            reopened = overdue.filtered(lambda t: t.deadline >= fields.Date.context_today(t))
            reopened._step().write({"state": "open"})
        else:
            res = super().write(vals)
        if {"owner_id", "deadline", "state", "name"} & set(vals):
            self.activity_update()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_open(self):
        if any(task.state == "done" or task.progress_ids for task in self):
            raise UserError(self.env._(
                "A task with progress or done is kept on record."))

    # ------------------------------------------------------------------------------------------
    # workflow and activities
    # ------------------------------------------------------------------------------------------
    def action_done(self):
        """Open/overdue -> done: the owner (or the office) reports the result in a progress note first."""
        records = self._check_step("done", "done")
        for task in records:
            if not task.progress_ids:
                raise UserError(self.env._(
                    "Record the result in a progress note before marking the task done."))
        records.write({"state": "done", "done_date": fields.Date.context_today(self)})
        return True

    def action_reopen(self):
        """Done -> open (or overdue, when the deadline has passed): the office reopens a task."""
        records = self._check_step("reopen")
        if records.filtered(lambda t: t.state != "done"):
            raise UserError(self.env._("Only a done task can be reopened."))
        today = fields.Date.context_today(self)
        for task in records:
            target = "open" if task.deadline >= today else "overdue"
            task._check_transition(target)
            task.write({"state": target, "done_date": False})
        return True

    def _step_scope_ok(self, step, group):
        """A mediator or handler finishes the tasks they own."""
        if group in (MEDIATOR, HANDLER):
            return self.owner_user_id == self.env.user
        return super()._step_scope_ok(step, group)

    def activity_update(self):
        """One to-do for the owner while the task is open, due on its deadline; closed when done."""
        xmlid = "xinfang_supervision.mail_act_xinfang_task"
        activity_type = self.env.ref(xmlid)
        for task in self:
            existing = task.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            if task.state == "done":
                existing.action_feedback(feedback=self.env._("Done."))
                continue
            if existing:
                existing.write({"date_deadline": task.deadline, "user_id": task.owner_user_id.id,
                                "summary": task.name})
            else:
                task.activity_schedule(xmlid, date_deadline=task.deadline, user_id=task.owner_user_id.id,
                                       summary=task.name)

    @api.model
    def _cron_flag_overdue(self):
        """Daily: open tasks past their deadline become overdue; the owner is told.

        Only open tasks due before today are read (partial index on the deadline of open tasks).
        """
        today = fields.Date.context_today(self)
        overdue = self.search([("state", "=", "open"), ("deadline", "<", today)])
        # the calendar's step, not a user's: written as the steps write (_step)
        overdue._step().write({"state": "overdue"})
        for task in overdue:
            task.message_post(
                body=self.env._("Overdue: the deadline was %(date)s.", date=task.deadline),
                partner_ids=task.owner_user_id.partner_id.ids, message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        return overdue
