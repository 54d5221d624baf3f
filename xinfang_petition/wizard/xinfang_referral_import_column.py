from odoo import fields, models

# petition value -> column header of the county 12345 platform's work-order export (the national
# 信访信息系统 names the same columns); the first mapping a referring body gets
DEFAULT_MAPPING = {
    "external_number": "工单编号",
    "referral_kind": "转办类型",
    "petitioner_name": "来电人",
    "id_number": "身份证号",
    "phone": "联系电话",
    "subject": "诉求标题",
    "content": "诉求内容",
    "category_id": "问题分类",
    "village_id": "所属村",
    "referral_date": "派单时间",
    "referral_deadline": "办理时限",
    "report_back_due": "反馈时限",
}
# the columns an export must have; the others may be missing or empty
REQUIRED_TARGETS = ("external_number", "petitioner_name", "content", "category_id", "referral_date",
                    "referral_deadline")
TARGETS = [
    ("external_number", "Sender's Case Number"),
    ("referral_kind", "Kind of Referral"),
    ("petitioner_name", "Petitioner Name"),
    ("id_number", "Resident ID Number"),
    ("phone", "Phone"),
    ("subject", "Subject"),
    ("content", "Facts and Reasons"),
    ("category_id", "Category"),
    ("village_id", "Village"),
    ("referral_date", "Referral Date"),
    ("referral_deadline", "Sender's Deadline"),
    ("report_back_due", "Report Back Due"),
]


class XinfangReferralImportColumn(models.TransientModel):
    """One line of the column mapping: which column of the export fills which value of the case."""

    _name = "xinfang.referral.import.column"
    _description = "Referral Import Column"
    _order = "sequence, id"

    wizard_id = fields.Many2one("xinfang.referral.import", required=True, ondelete="cascade")
    sequence = fields.Integer()
    target = fields.Selection(TARGETS, string="Case Value", required=True)
    required = fields.Boolean(compute="_compute_required")
    header = fields.Char(string="Column Header in the Export",
                         help="The header of the column exactly as the export names it; empty: not imported.")

    def _compute_required(self):
        for column in self:
            column.required = column.target in REQUIRED_TARGETS
