from odoo import api, fields, models
from odoo.exceptions import ValidationError

VILLAGE_ROLES = ("mediator", "informant")


class HrEmployee(models.Model):
    """The petition office's roles and villages of the township's employees, and the petitions they handle."""

    _name = "hr.employee"
    _inherit = ["hr.employee", "xinfang.employee.petition.mixin"]

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

    @api.constrains("xinfang_role", "user_id")
    def _check_xinfang_handler_user(self):
        for employee in self:
            if employee.xinfang_role == "handler" and not employee.user_id:
                raise ValidationError(self.env._(
                    "%(name)s has no user account and cannot be a handler: link a user first.",
                    name=employee.name))
