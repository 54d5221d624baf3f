from odoo import fields, models

from ..models.res_company import township_today


class XinfangReferralReportBack(models.TransientModel):
    """Collects the report back to the referring body, then takes the petition's step and prints the
    办理情况报告. Every check lives in ``action_report_back_upward``: this wizard adds no rule."""

    _name = "xinfang.referral.report.back"
    _description = "Report Back to the Referring Body"

    petition_id = fields.Many2one("xinfang.petition", required=True, readonly=True, ondelete="cascade")
    referral_body_id = fields.Many2one(related="petition_id.referral_body_id")
    external_number = fields.Char(related="petition_id.external_number")
    report_back_due = fields.Date(related="petition_id.report_back_due")
    text = fields.Text(string="Report Back", required=True)
    report_date = fields.Date(string="Reported Back On", default=lambda self: township_today(self), required=True)

    def action_confirm(self):
        """Take the step, then print the report (办理情况报告) to send."""
        self.ensure_one()
        self.petition_id.action_report_back_upward(self.text, self.report_date)
        action = self.env.ref("xinfang_petition.action_report_referral_report_back").report_action(self.petition_id)
        action["close_on_report_download"] = True  # the dialog closes once the report is printed
        return action
