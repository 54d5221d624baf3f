from odoo import fields, models


class HrEmployeePublic(models.Model):
    """Roles and villages are public: colleagues without HR rights see who handles what."""

    _name = "hr.employee.public"
    _inherit = ["hr.employee.public", "xinfang.employee.petition.mixin"]

    xinfang_role = fields.Selection(related="employee_id.xinfang_role")
    xinfang_village_id = fields.Many2one(related="employee_id.xinfang_village_id")
