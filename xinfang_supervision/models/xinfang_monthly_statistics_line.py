from odoo import fields, models


class XinfangMonthlyStatisticsLine(models.TransientModel):
    """One row of a monthly report: a channel, a category or a village, with its counts."""

    _name = "xinfang.monthly.statistics.line"
    _description = "Monthly Petition Statistics Line"
    _order = "statistics_id, section, sequence, id"

    statistics_id = fields.Many2one("xinfang.monthly.statistics", required=True, ondelete="cascade", index=True)
    section = fields.Selection(
        [("channel", "By Channel"), ("category", "By Category"), ("village", "By Village")], required=True)
    sequence = fields.Integer()
    name = fields.Char(string="Row")
    channel = fields.Selection(
        [("letter", "Letters"), ("visit", "Visits"), ("online", "Online"), ("phone", "Phone"),
         ("referral", "Referred from Above")],
        string="Report Channel",
        help="Letters include faxes; online includes the leader mailbox; phone includes 12345 calls taken by "
        "the township; referred from above counts what the county forwarded or assigned.")
    category_id = fields.Many2one("xinfang.category")
    village_id = fields.Many2one("hr.department")
    petition_count = fields.Integer(string="Petitions")
    visit_batches = fields.Integer(string="Visits (Batches)")
    visit_heads = fields.Integer(string="Visits (Persons)")
    collective_batches = fields.Integer(string="Collective Visits (Batches)")
    collective_heads = fields.Integer(string="Collective Visits (Persons)")
    cross_level_count = fields.Integer(string="Cross-level")
    local_count = fields.Integer(string="Resolved Locally")
