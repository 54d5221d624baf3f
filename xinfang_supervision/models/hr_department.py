from odoo import api, fields, models

from .xinfang_leader_case import check_leader


class HrDepartment(models.Model):
    """Portfolio roll-up (一岗双责): each township office answers to a deputy leader.

    A village names its responsible persons for petition work (party secretary, village director).
    """

    _inherit = "hr.department"

    # The inverse of xinfang.village.contract.village_id (领导包村): a meeting's contracting leader is
    # recomputed when a contract of its village is created, changed or archived.
    xinfang_contract_ids = fields.One2many("xinfang.village.contract", "village_id", string="Leader Contracts")
    deputy_leader_id = fields.Many2one(
        "hr.employee", string="Deputy Leader",
        domain="[('xinfang_role', 'in', ('principal_leader', 'deputy_leader'))]",
        help="The leader in charge of this unit: responsible for its petitions when the category has none.",
    )

    @api.constrains("deputy_leader_id")
    def _check_deputy_leader_id(self):
        check_leader(self.env, self.deputy_leader_id)

    # The village's responsible persons for petition work: key management and the assessment name them,
    # and HR links their pay to the village's assessment result.
    party_secretary_id = fields.Many2one(
        "hr.employee", string="Party Secretary", index="btree_not_null",
        help="The village party branch secretary, responsible for the village's petition work.",
    )
    director_id = fields.Many2one(
        "hr.employee", string="Village Director", index="btree_not_null",
        help="The village committee director, jointly responsible for the village's petition work.",
    )
