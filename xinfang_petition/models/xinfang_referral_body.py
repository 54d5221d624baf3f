from odoo import fields, models

REFERRAL_KINDS = [
    ("forward", "Forwarded"),
    ("assign", "Assigned for Handling"),
    ("hotline", "12345 Work Order"),
]


class XinfangReferralBody(models.Model):
    """A body above the township that forwards or assigns cases to it (转送/交办): the county petition
    bureau, the county 12345 centre, a county department. Each numbers its cases its own way."""

    _name = "xinfang.referral.body"
    _description = "Referring Body"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code of the body, e.g. as its export names it.")
    sequence = fields.Integer(default=10)
    # empty: a county body shared by every township of the database
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)
    default_kind = fields.Selection(
        REFERRAL_KINDS, string="Usual Kind of Referral",
        help="The kind a case from this body gets unless the clerk chooses another.",
    )
    # owned by the import of the sender's exports: {petition field: column header of the export}
    import_mapping = fields.Json(
        string="Import Column Mapping",
        help="Column headers of this body's export, by the petition field each one fills.",
    )
