from odoo import fields, models


class XinfangReferralImportLine(models.TransientModel):
    """One row of the export in the preview: what it would create, or why it cannot."""

    _name = "xinfang.referral.import.line"
    _description = "Referral Import Preview Row"
    _order = "row, id"

    wizard_id = fields.Many2one("xinfang.referral.import", required=True, ondelete="cascade")
    row = fields.Integer(help="The row number in the file (as the spreadsheet numbers it).")
    external_number = fields.Char(string="Sender's Case Number")
    petitioner_name = fields.Char(string="Petitioner")
    subject = fields.Char()
    status = fields.Selection(
        [("new", "To Import"), ("exists", "Imported Already"), ("error", "Error")], required=True)
    message = fields.Text()
