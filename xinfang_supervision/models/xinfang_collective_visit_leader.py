from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .xinfang_escalation_rule import LEADER_LEVELS, ROLE_LEADER_LEVEL


class XinfangCollectiveVisitLeader(models.Model):
    """A leader dispatched to a collective visit, and when they arrived on site."""

    _name = "xinfang.collective.visit.leader"
    _description = "Leader Dispatched to a Collective Visit"
    _order = "visit_id, dispatched_at, id"

    visit_id = fields.Many2one("xinfang.collective.visit", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="visit_id.company_id", store=True, index=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Leader", required=True,
        domain="[('xinfang_role', 'in', ('principal_leader', 'deputy_leader'))]",
    )
    # Stored as dispatched: a later change of the employee's role does not rewrite past responses.
    leader_level = fields.Selection(LEADER_LEVELS, compute="_compute_leader_level", store=True)
    dispatched_at = fields.Datetime(required=True, default=fields.Datetime.now)
    arrived_at = fields.Datetime(string="Arrived On Site")
    arrival_deadline = fields.Datetime(related="visit_id.arrival_deadline")
    on_time = fields.Boolean(
        compute="_compute_on_time", store=True,
        help="Arrived on site no later than the visit's arrival deadline.",
    )

    @api.depends("employee_id")
    def _compute_leader_level(self):
        for line in self:
            line.leader_level = ROLE_LEADER_LEVEL.get(line.employee_id.xinfang_role, False)

    @api.depends("arrived_at", "visit_id.arrival_deadline")
    def _compute_on_time(self):
        for line in self:
            deadline = line.visit_id.arrival_deadline
            line.on_time = bool(line.arrived_at and (not deadline or line.arrived_at <= deadline))

    @api.constrains("employee_id")
    def _check_leader(self):
        for line in self:
            if line.employee_id.xinfang_role not in ROLE_LEADER_LEVEL:
                raise ValidationError(self.env._(
                    "%(name)s is not a principal or deputy leader.",
                    name=line.employee_id.name))
        self.visit_id.filtered(lambda v: v.state != "reported")._check_required_leaders()

    @api.constrains("arrived_at", "dispatched_at")
    def _check_arrival(self):
        for line in self:
            if line.arrived_at and line.arrived_at > fields.Datetime.now():
                raise ValidationError(self.env._(
                    "The arrival time cannot be in the future."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_on_site(self):
        if self.visit_id.filtered(lambda v: v.state not in ("reported", "dispatched")):
            raise UserError(self.env._(
                "Leaders who went on site stay on the record."))

    def unlink(self):
        visits = self.visit_id.filtered(lambda v: v.state != "reported")
        result = super().unlink()
        visits._check_required_leaders()
        return result

    def action_check_in(self):
        """The leader is on site now (到达现场签到)."""
        for line in self:
            if line.visit_id.state not in ("dispatched", "on_site"):
                raise UserError(self.env._(
                    "Only a dispatched leader can check in."))
            if line.arrived_at:
                raise UserError(self.env._(
                    "%(name)s already checked in.", name=line.employee_id.name))
        self.write({"arrived_at": fields.Datetime.now()})
        self.visit_id._mark_on_site()
        return True
