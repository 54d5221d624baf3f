from odoo import fields, models


class XinfangPetitioner(models.Model):
    """Contact e-mail of petitioners who file online or through the 12345 platform."""

    _inherit = "xinfang.petitioner"

    email = fields.Char(help="Given with an online or 12345 submission; used to contact the petitioner.")
