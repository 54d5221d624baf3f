from odoo import api, fields, models

from .xinfang_leader_case import check_leader


class XinfangCategory(models.Model):
    """Portfolio roll-up (一岗双责): each category of matters belongs to a deputy leader's portfolio."""

    _inherit = "xinfang.category"

    deputy_leader_id = fields.Many2one(
        "hr.employee", string="Deputy Leader",
        domain="[('xinfang_role', 'in', ('principal_leader', 'deputy_leader'))]",
        help="The leader in charge of this kind of matter; subcategories inherit it.",
    )
    effective_deputy_leader_id = fields.Many2one(
        "hr.employee", string="Leader in Charge", compute="_compute_effective_deputy_leader_id",
        store=True, recursive=True, help="The category's own deputy leader, else the nearest parent's.",
    )

    @api.depends("deputy_leader_id", "parent_id.effective_deputy_leader_id")
    def _compute_effective_deputy_leader_id(self):
        for category in self:
            category.effective_deputy_leader_id = (
                category.deputy_leader_id or category.parent_id.effective_deputy_leader_id
            )

    @api.constrains("deputy_leader_id")
    def _check_deputy_leader_id(self):
        check_leader(self.env, self.deputy_leader_id)
