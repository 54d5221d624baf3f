from odoo import fields, models


class XinfangEmployeePetitionMixin(models.AbstractModel):
    """Cases led (领导包案) on the employee forms, beside the petition counts of xinfang_petition.

    Extends the mixin shared by ``hr.employee`` and ``hr.employee.public``: both models get the count.
    """

    _inherit = "xinfang.employee.petition.mixin"

    xinfang_case_count = fields.Integer(
        string="Cases Led", compute="_compute_xinfang_case_count",
        groups="xinfang_petition.group_xinfang_staff",
        help="Leader cases (not cancelled) this leader owns.",
    )

    def _compute_xinfang_case_count(self):
        ids = self._origin.ids
        groups = self.env["xinfang.leader.case"]._read_group(
            [("leader_id", "in", ids), ("state", "!=", "cancel")], ["leader_id"], ["__count"]) if ids else []
        counts = {leader.id: count for leader, count in groups}
        for employee in self:
            employee.xinfang_case_count = counts.get(employee._origin.id, 0)

    def action_open_xinfang_leader_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_supervision.action_xinfang_leader_case")
        action.update(
            name=self.env._("Cases Led: %(name)s", name=self.name),
            domain=[("leader_id", "=", self.id), ("state", "!=", "cancel")],
            context={"default_leader_id": self.id},
        )
        return action
