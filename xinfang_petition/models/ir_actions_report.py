from ast import literal_eval

from odoo import models
from odoo.addons.base.models.ir_actions_report import _wkhtml
from odoo.exceptions import UserError
from odoo.tools.pdf import merge_pdf

XINFANG_REPORTS = ("xinfang_petition.", "xinfang_supervision.")
# Documents printed once for a whole selection that pick their own records from it (the roster prints the
# published days of the selected ones): the domain filters them, it does not refuse the selection.
SELECTION_DOCUMENTS = frozenset({"xinfang_supervision.report_reception_roster"})


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _xinfang_check_printable(self, report, res_ids):
        """Refuse a document of the office for a record it does not fit.

        The rule is the report's own ``domain``, the one that keeps it out of the Print menu of other
        records: the acceptance notice needs an accepted petition (``accept_date``), the non-acceptance
        notice a rejected or redirected one, the handling opinion a reply, the extension notice an
        approved extension, the assignment slip a confirmed assignment… Printing from a URL
        (``/report/pdf/…``) or a selection with a record outside it raises instead of printing an empty
        or a false notice.
        """
        ids = [res_ids] if isinstance(res_ids, int) else [i for i in (res_ids or []) if i]
        if (not ids or not report.domain or report.report_name in SELECTION_DOCUMENTS
                or not report.report_name.startswith(XINFANG_REPORTS)):
            return
        records = self.env[report.model].browse(ids)
        misfits = records - records.filtered_domain(literal_eval(report.domain))
        if misfits:
            raise UserError(self.env._(
                "%(document)s cannot be printed for %(records)s: its state does not call for this document.",
                document=report.name, records=", ".join(misfits.mapped("display_name"))))

    def _get_rendering_context(self, report, docids, data):
        # every rendering (PDF, HTML, text; Print menu, URL, portal) builds its context here
        self._xinfang_check_printable(report, docids)
        return super()._get_rendering_context(report, docids, data)

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """The office's documents for several records at once, one wkhtmltopdf run per record.

        wkhtmltopdf built on unpatched Qt (Debian's) refuses several documents in one run, so
        printing the notices of a selection would fail; rendering them one by one and merging
        the files gives the same PDF a patched build would.
        """
        ids = [res_ids] if isinstance(res_ids, int) else list(res_ids or [])
        report = self._get_report(report_ref)
        # the whole selection first, so the refusal names every record that does not fit
        self._xinfang_check_printable(report, ids)
        if (len(set(ids)) < 2 or not report.report_name.startswith(XINFANG_REPORTS)
                or report.report_type != "qweb-pdf" or _wkhtml().is_patched_qt):
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        pdfs = [super(IrActionsReport, self)._render_qweb_pdf(report_ref, res_ids=[res_id], data=dict(data or {}))[0]
                for res_id in ids]
        return merge_pdf(pdfs), "pdf"
