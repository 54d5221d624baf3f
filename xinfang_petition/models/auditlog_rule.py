from odoo import models

IDENTITY_MODEL = "xinfang.petitioner"
# Sealed fields of other models: their log lines name the field, not its value (the accused person's name
# is readable by discipline inspection only; the log must not become an unsealed copy of it).
SEALED_FIELDS = {"xinfang.petition": {"accused_person", "accused_person_entry"}}


class AuditlogRule(models.Model):
    """Identity audit without copies of identities: petitioner log lines name the field, not its value.

    Who read or changed which field of which person, and when, stays on record; the name, ID number
    and phone themselves are not duplicated into the log (which retention could not anonymise).
    """

    _inherit = "auditlog.rule"

    def _xinfang_blank_identity(self, log_vals, vals, field):
        sealed = field["name"] in SEALED_FIELDS.get(field["model"], ())
        if sealed or self.env["ir.model"]._get(IDENTITY_MODEL).id == log_vals["model_id"]:
            vals.update(old_value=False, old_value_text=False, new_value=False, new_value_text=False)
        return vals

    def _prepare_log_line_vals_on_read(self, log_vals, field, read_values):
        vals = super()._prepare_log_line_vals_on_read(log_vals, field, read_values)
        return self._xinfang_blank_identity(log_vals, vals, field)

    def _prepare_log_line_vals_on_write(self, log_vals, field, old_values, new_values):
        vals = super()._prepare_log_line_vals_on_write(log_vals, field, old_values, new_values)
        return self._xinfang_blank_identity(log_vals, vals, field)

    def _prepare_log_line_vals_on_create(self, log_vals, field, new_values):
        vals = super()._prepare_log_line_vals_on_create(log_vals, field, new_values)
        return self._xinfang_blank_identity(log_vals, vals, field)
