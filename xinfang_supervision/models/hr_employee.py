from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    # For pay linkage: the assessment results of the villages this person answers for.
    xinfang_assessment_line_ids = fields.Many2many(
        "xinfang.assessment.line", string="Petition Assessment Results",
        compute="_compute_xinfang_assessment_line_ids",
        groups="hr.group_hr_user,xinfang_petition.group_xinfang_staff",
        help="Assessment results of the villages where this employee was party secretary or director "
        "when the result was computed.",
    )

    def _compute_xinfang_assessment_line_ids(self):
        ids = self._origin.ids
        lines = self.env["xinfang.assessment.line"].search([
            "|", ("party_secretary_id", "in", ids), ("director_id", "in", ids),
        ])
        for employee in self:
            employee.xinfang_assessment_line_ids = lines.filtered(
                lambda line, e=employee._origin: e in (line.party_secretary_id | line.director_id))
