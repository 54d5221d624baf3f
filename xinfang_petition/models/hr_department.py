from odoo import api, fields, models


class HrDepartment(models.Model):
    """Township offices and village committees are the units that handle petitions."""

    _inherit = "hr.department"

    xinfang_unit_type = fields.Selection(
        [("office", "Township Office"), ("village", "Village Committee"),
         ("discipline", "Discipline Inspection")],
        string="Petition Unit Type",
        help="Village committees are the areas petitions arise in; offices handle them. Accusations "
        "go to discipline inspection, never to the accused unit.",
    )
    population = fields.Integer(help="Registered residents; used for the petition incidence rate.")

    _population_positive = models.Constraint(
        "CHECK (population >= 0)", "The population cannot be negative."
    )

    @api.model
    def _xinfang_villages(self):
        """All active village committees, ordered by name."""
        return self.search([("xinfang_unit_type", "=", "village")], order="name")

    @api.model
    def _xinfang_discipline_unit(self, company=None):
        """The discipline inspection unit (纪检监察) of the company, else an empty recordset."""
        company = company or self.env.company
        return self.search([("xinfang_unit_type", "=", "discipline"), ("company_id", "in", [company.id, False])],
                           order="id", limit=1)
