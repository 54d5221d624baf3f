from odoo import api, models

from .auditlog_log import refuse_if_case_logs


class AuditlogLogLine(models.Model):
    _inherit = "auditlog.log.line"

    @api.model_create_multi
    def create(self, vals_list):
        # Performance (make bench): auditlog reads each line's field (name, label) with a query of its
        # own, ~60 queries for the creation of one petition. Read them in one query first; the per-line
        # reads in auditlog then hit the cache.
        field_ids = list({vals["field_id"] for vals in vals_list if vals.get("field_id")})
        self.env["ir.model.fields"].sudo().browse(field_ids).fetch(["name", "field_description"])
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_case_log_lines(self):
        refuse_if_case_logs(self.log_id)
