from odoo import api, fields, models

from .xinfang_leader_case import check_leader


class HrDepartment(models.Model):
    """Portfolio roll-up (一岗双责): each township office answers to a deputy leader."""

    _inherit = "hr.department"

    deputy_leader_id = fields.Many2one(
        "hr.employee", string="Deputy Leader",
        domain="[('xinfang_role', 'in', ('principal_leader', 'deputy_leader'))]",
        help="The leader in charge (分管领导) of this unit: responsible for its petitions when the category has none.",
    )

    @api.constrains("deputy_leader_id")
    def _check_deputy_leader_id(self):
        check_leader(self.env, self.deputy_leader_id)
