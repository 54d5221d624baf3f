from odoo import api, fields, models
from odoo.exceptions import UserError


class XinfangLeaderCaseDuty(models.Model):
    """One of the four duties of a leader case (四包): investigate, resolve, follow up, keep stable."""

    _name = "xinfang.leader.case.duty"
    _description = "Leader Case Duty"
    _order = "case_id, sequence, id"

    case_id = fields.Many2one("xinfang.leader.case", string="Leader Case", required=True, index=True,
                              ondelete="cascade")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    case_state = fields.Selection(related="case_id.state", string="Case Status")
    leader_id = fields.Many2one(related="case_id.leader_id")
    sequence = fields.Integer(default=10)
    duty = fields.Selection(
        [
            ("investigate", "Investigate"),
            ("resolve", "Resolve"),
            ("follow_up", "Follow-up Visit"),
            ("keep_stable", "Keep Stable"),
        ],
        required=True,
        help="Investigate the facts; resolve the matter; visit the petitioner afterwards; keep the situation stable.",
    )
    date = fields.Date(help="When the duty was carried out.")
    note = fields.Text(help="What was done, and with what result.")
    attachment_ids = fields.Many2many(
        "ir.attachment", "xinfang_leader_case_duty_attachment_rel", "duty_id", "attachment_id",
        string="Evidence",
    )
    done = fields.Boolean()

    _duty_uniq = models.UniqueIndex(
        "(case_id, duty)", "Each duty appears once per leader case.")

    @api.depends("case_id", "duty")
    def _compute_display_name(self):
        labels = dict(self._fields["duty"]._description_selection(self.env))
        for line in self:
            line.display_name = f"{line.case_id.display_name} - {labels.get(line.duty, '')}"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("done") and not vals.get("date"):
                vals["date"] = fields.Date.context_today(self)
        duties = super().create(vals_list)
        duties.filtered("done")._check_can_be_done()
        return duties

    def write(self, vals):
        closed = self.filtered(lambda d: d.case_id.state in ("done", "cancel"))
        if closed and set(vals) - {"sequence"}:
            raise UserError(self.env._(
                "The duties of a closed or cancelled leader case cannot change."))
        if vals.get("done"):
            self._check_can_be_done()
            for duty in self.filtered(lambda d: not d.date and "date" not in vals):
                super(XinfangLeaderCaseDuty, duty).write({"date": fields.Date.context_today(self)})
        return super().write(vals)

    def _check_can_be_done(self):
        for duty in self:
            if duty.case_id.state != "in_progress":
                raise UserError(self.env._(
                    "A duty is done only once the leader case is approved and in progress."))

    def action_mark_done(self):
        self.write({"done": True})
        return True

    def action_mark_open(self):
        self.write({"done": False})
        return True
