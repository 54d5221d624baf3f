from odoo import api, models
from odoo.exceptions import UserError


def refuse_if_case_logs(logs):
    # The audit trail of petitions and petitioners is evidence of who saw and changed what; OCA
    # auditlog lets its managers (administrators) and its clean-up job delete logs. Not these.
    if any((log.model_model or "").startswith("xinfang.") for log in logs):
        raise UserError(logs.env._(
            "The audit log of petitions and petitioners is kept and cannot be deleted."))


class AuditlogLog(models.Model):
    _inherit = "auditlog.log"

    @api.ondelete(at_uninstall=False)
    def _unlink_never_case_logs(self):
        refuse_if_case_logs(self)


class AuditlogLogLine(models.Model):
    _inherit = "auditlog.log.line"

    @api.ondelete(at_uninstall=False)
    def _unlink_never_case_log_lines(self):
        refuse_if_case_logs(self.log_id)
