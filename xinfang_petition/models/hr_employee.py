from odoo import api, fields, models
from odoo.exceptions import ValidationError

VILLAGE_ROLES = ("mediator", "informant")


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    xinfang_role = fields.Selection(
        [
            ("principal_leader", "Principal Leader"),
            ("deputy_leader", "Deputy Leader"),
            ("office_director", "Petition Office Director"),
            ("office_deputy", "Executive Deputy Director"),
            ("staff", "Petition Office Staff"),
            ("handler", "Handler"),
            ("mediator", "Village Mediator"),
            ("informant", "Village Informant"),
        ],
        string="Petition Role",
        tracking=True,
    )
    xinfang_village_id = fields.Many2one(
        "hr.department",
        string="Village",
        domain="[('xinfang_unit_type', '=', 'village')]",
        help="The village a mediator or informant works for.",
    )

    @api.constrains("xinfang_role", "xinfang_village_id")
    def _check_xinfang_village(self):
        for employee in self:
            if employee.xinfang_role in VILLAGE_ROLES and not employee.xinfang_village_id:
                raise ValidationError(
                    self.env._(
                        "%(name)s is a village mediator or informant and needs a village.",
                        name=employee.name,
                    )
                )


class HrEmployeePublic(models.Model):
    """Roles and villages are public: colleagues without HR rights see who handles what."""

    _inherit = "hr.employee.public"

    xinfang_role = fields.Selection(related="employee_id.xinfang_role")
    xinfang_village_id = fields.Many2one(related="employee_id.xinfang_village_id")
