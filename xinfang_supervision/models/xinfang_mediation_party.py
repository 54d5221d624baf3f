from odoo import api, fields, models
from odoo.exceptions import ValidationError

ROLES = [("applicant", "Applicant"), ("respondent", "Respondent"), ("other", "Other Party")]


class XinfangMediationParty(models.Model):
    """A party to a mediated dispute: who applied, who answers, who else is concerned."""

    _name = "xinfang.mediation.party"
    _description = "Mediation Party"
    _order = "mediation_id, sequence, id"

    mediation_id = fields.Many2one("xinfang.mediation", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="mediation_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    role = fields.Selection(ROLES, required=True, default="applicant")
    role_label = fields.Char(compute="_compute_role_label")
    phone = fields.Char()
    id_number = fields.Char(string="Resident ID Number")

    @api.depends("role")
    def _compute_role_label(self):
        labels = dict(self._fields["role"]._description_selection(self.env))
        for party in self:
            party.role_label = labels.get(party.role, "")

    def _prepare_vals(self, vals):
        vals = dict(vals)
        if "name" in vals and not (vals["name"] or "").strip():
            raise ValidationError(self.env._("A party needs a name."))
        Petitioner = self.env["xinfang.petitioner"]
        # the petitioner's validators: a resident ID is checked (check digit, birth date) when given
        if vals.get("id_number"):
            vals["id_number"] = Petitioner._normalize_id_number(vals["id_number"])
        if vals.get("phone"):
            vals["phone"] = Petitioner._normalize_phone(vals["phone"])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._prepare_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._prepare_vals(vals))

    def _get_petitioner(self):
        """The petitioner this party is: the one with the same resident ID, else a new one of the village."""
        self.ensure_one()
        Petitioner = self.env["xinfang.petitioner"]
        village = self.mediation_id.village_id
        if self.id_number:
            found = Petitioner.search([("id_number", "=", self.id_number)], limit=1)
            if not found:
                # sudo: the resident ID is unique in the township, so a person registered in another village
                # must be linked, not created twice; only the id of a non-confidential person is used
                found = Petitioner.sudo().search([
                    ("id_number", "=", self.id_number), ("confidential", "=", False),
                    ("company_id", "=", self.mediation_id.company_id.id)], limit=1)
            if found:
                return found.with_env(self.env)
        return Petitioner.create({
            "name": self.name, "phone": self.phone or False, "id_number": self.id_number or False,
            "village_id": village.id, "company_id": self.mediation_id.company_id.id,
        })
