from odoo import fields, models


class XinfangPetitioner(models.Model):
    """Contact e-mail of petitioners who file online or through the 12345 platform."""

    _inherit = "xinfang.petitioner"

    email = fields.Char(help="Given with an online or 12345 submission; used to contact the petitioner.")


class XinfangPetition(models.Model):
    """The people of a petition are in the register of the petition's township."""

    _inherit = "xinfang.petition"

    # check_company: a petition of one township cannot name a person of another township's register
    # (its staff could not read them); the repeat check links petitions across townships instead.
    petitioner_id = fields.Many2one(check_company=True)
    accuser_id = fields.Many2one(check_company=True)
    representative_ids = fields.Many2many(check_company=True)
