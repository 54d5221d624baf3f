from odoo import fields, models

from ..rules import OPEN_STATES
from .hr_department import open_petition_counts, petition_action


class HrEmployeePetitionMixin(models.AbstractModel):
    """Open and overdue petitions an employee handles: the smart buttons of the employee forms.

    Shared by ``hr.employee`` and ``hr.employee.public`` (what colleagues without HR rights open),
    with the same field names so that the public-profile fallback of ``hr.employee`` finds them.
    """

    _name = "xinfang.employee.petition.mixin"
    _description = "Petition Counts of an Employee"

    xinfang_open_petition_count = fields.Integer(
        string="Open Petitions", compute="_compute_xinfang_petition_counts",
        groups="xinfang_petition.group_xinfang_staff", help="Open petitions this person handles.",
    )
    xinfang_overdue_petition_count = fields.Integer(
        string="Overdue Petitions", compute="_compute_xinfang_petition_counts",
        groups="xinfang_petition.group_xinfang_staff",
    )

    def _compute_xinfang_petition_counts(self):
        counts = open_petition_counts(self.env, "handler_id", self._origin.ids)
        for employee in self:
            employee.xinfang_open_petition_count, employee.xinfang_overdue_petition_count = counts[employee._origin.id]

    def action_open_xinfang_petitions(self):
        """The petitions this person handles (``xinfang_overdue`` in the context: only the overdue ones)."""
        self.ensure_one()
        return petition_action(self.env, [("handler_id", "=", self.id), ("state", "in", OPEN_STATES)], self.name)
