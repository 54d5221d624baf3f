from odoo import models
from odoo.addons.base.models.ir_actions_report import _wkhtml
from odoo.tools.pdf import merge_pdf


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """The office's documents for several records at once, one wkhtmltopdf run per record.

        wkhtmltopdf built on unpatched Qt (Debian's) refuses several documents in one run, so
        printing the notices of a selection would fail; rendering them one by one and merging
        the files gives the same PDF a patched build would.
        """
        ids = [res_ids] if isinstance(res_ids, int) else list(res_ids or [])
        report = self._get_report(report_ref)
        if (len(set(ids)) < 2 or not report.report_name.startswith(("xinfang_petition.", "xinfang_supervision."))
                or report.report_type != "qweb-pdf" or _wkhtml().is_patched_qt):
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        pdfs = [super(IrActionsReport, self)._render_qweb_pdf(report_ref, res_ids=[res_id], data=dict(data or {}))[0]
                for res_id in ids]
        return merge_pdf(pdfs), "pdf"
