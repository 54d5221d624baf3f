from odoo import api, fields, models
from odoo.exceptions import ValidationError


class XinfangMeetingAgenda(models.Model):
    """One item of a meeting's agenda: a petition, a risk, an earlier task under review, or a free topic."""

    _name = "xinfang.meeting.agenda"
    _description = "Meeting Agenda Item"
    _order = "meeting_id, sequence, id"

    meeting_id = fields.Many2one("xinfang.meeting", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("overdue_petition", "Overdue Petition"),
            ("major_petition", "Major Petition"),
            ("risk", "Risk"),
            ("task", "Task Review"),
            ("other", "Other Topic"),
        ],
        required=True, default="other",
    )
    name = fields.Char(string="Topic", compute="_compute_name", store=True, readonly=False)
    petition_id = fields.Many2one("xinfang.petition", index="btree_not_null", ondelete="cascade")
    risk_id = fields.Many2one("xinfang.risk", index="btree_not_null", ondelete="cascade")
    task_id = fields.Many2one("xinfang.task", index="btree_not_null", ondelete="cascade")
    # compute_sudo: participants see the deadline of every item on an agenda they may read, not the item itself.
    deadline = fields.Date(
        compute="_compute_deadline", compute_sudo=True,
        help="The petition's current deadline, the risk's or the task's.")
    task_progress = fields.Text(related="task_id.last_progress", string="Latest Progress")
    note = fields.Text(help="What the meeting said or decided about this item.")
    auto = fields.Boolean(
        string="Prepared", readonly=True,
        help="Added by the agenda preparation; replaced when the agenda is prepared again unless annotated.",
    )

    @api.depends("kind", "petition_id", "risk_id", "task_id")
    def _compute_name(self):
        for line in self:
            subject = line.petition_id or line.risk_id or line.task_id
            if subject:
                line.name = subject.display_name
            elif not line.name:
                line.name = False

    @api.depends("petition_id.current_deadline", "risk_id.deadline", "task_id.deadline")
    def _compute_deadline(self):
        for line in self:
            line.deadline = line.petition_id.current_deadline or line.risk_id.deadline or line.task_id.deadline

    @api.constrains("kind", "petition_id", "risk_id", "task_id", "name")
    def _check_subject(self):
        required = {"overdue_petition": "petition_id", "major_petition": "petition_id", "risk": "risk_id",
                    "task": "task_id"}
        for line in self:
            field_name = required.get(line.kind)
            if (field_name and not line[field_name]) or (not field_name and not line.name):
                raise ValidationError(self.env._(
                    "An agenda item needs its petition, risk, task or topic."))
