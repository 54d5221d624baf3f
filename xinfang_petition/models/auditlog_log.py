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

    xinfang_file_name = fields.Char(string="Imported File", readonly=True)
    xinfang_file_sha256 = fields.Char(string="File SHA-256", readonly=True)
    xinfang_row_count = fields.Integer(string="Rows in the File", readonly=True)
    xinfang_numbers = fields.Text(string="Records Created", readonly=True,
                                  help="The numbers the import gave, in the order of the file.")

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

    @api.model
    def _xinfang_log_file_import(self, records, file_name, sha256, row_count):
        """The audit of a file import: one log for the file (who, when, which file, how many rows, which
        records and numbers) instead of a log per created row (``xinfang_file_import`` context,
        auditlog_rule_insert.py). Later changes of the records are audited as usual.

        sudo-safe: writes the audit row of an import the caller has just made; nobody else's data.
        """
        return self.sudo().create({
            "model_id": self.env["ir.model"]._get_id(records._name), "method": "import",
            "user_id": self.env.uid, "name": (file_name or "")[:64], "res_ids": str(records.ids),
            "http_request_id": self.env["auditlog.http.request"].sudo().current_http_request(),
            "http_session_id": self.env["auditlog.http.session"].sudo().current_http_session(),
            "xinfang_file_name": file_name, "xinfang_file_sha256": sha256, "xinfang_row_count": row_count,
            "xinfang_numbers": ", ".join(records.mapped("name")),
        })

    def show_res_ids(self):
        action = super().show_res_ids()
        if self.method == "import":
            action["name"] = self.env._("Imported Records")
        return action

    @api.ondelete(at_uninstall=False)
    def _unlink_never_case_logs(self):
        refuse_if_case_logs(self)
