from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    # The village's responsible persons for petition work: key management and the assessment name them,
    # and HR links their pay to the village's assessment result.
    party_secretary_id = fields.Many2one(
        "hr.employee", string="Party Secretary", index="btree_not_null",
        help="The village party branch secretary (村党支部书记), responsible for the village's petition work.",
    )
    director_id = fields.Many2one(
        "hr.employee", string="Village Director", index="btree_not_null",
        help="The village committee director (村委会主任), jointly responsible for the village's petition work.",
    )
