from odoo import fields, models


class XinfangTaskProgress(models.Model):
    """A progress note on a supervised task; the next meeting reviews the latest one."""

    _name = "xinfang.task.progress"
    _description = "Task Progress Note"
    _order = "date desc, id desc"

    task_id = fields.Many2one("xinfang.task", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="task_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    note = fields.Text(required=True)
    user_id = fields.Many2one("res.users", string="Reported By", default=lambda self: self.env.user, readonly=True)
