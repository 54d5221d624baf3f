from odoo import api, fields, models
from odoo.exceptions import UserError

from .auditlog_rule import IDENTITY_MODEL


def refuse_if_case_logs(logs):
    # The audit trail of petitions and petitioners is evidence of who saw and changed what; OCA
    # auditlog lets its managers (administrators) and its clean-up job delete logs. Not these.
    if any((log.model_model or "").startswith("xinfang.") for log in logs):
        raise UserError(logs.env._(
            "The audit log of petitions and petitioners is kept and cannot be deleted."))


class AuditlogLog(models.Model):
    """Audit rows of petitioners point to the person; their label never holds the person's name; the
    logs of petitions and petitioners are kept."""

    _inherit = "auditlog.log"

    xinfang_petitioner_id = fields.Many2one(
        "xinfang.petitioner", string="Petitioner", compute="_compute_xinfang_petitioner_id", store=True,
        index="btree_not_null", ondelete="set null",
    )

    @api.depends("model_model", "res_id")
    def _compute_xinfang_petitioner_id(self):
        for log in self:
            is_person = log.model_model == IDENTITY_MODEL and log.res_id
            log.xinfang_petitioner_id = is_person and log.res_id

    @api.model_create_multi
    def create(self, vals_list):
        # auditlog labels a row with the record's display name, which would copy an accuser's name
        # (as seen by discipline inspection) into a column that other readers of the log see.
        person_model = self.env["ir.model"]._get(IDENTITY_MODEL).id
        for vals in vals_list:
            if vals.get("model_id") == person_model:
                vals["name"] = f"{IDENTITY_MODEL},{vals.get('res_id') or 0}"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_case_logs(self):
        refuse_if_case_logs(self)
