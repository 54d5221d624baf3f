from odoo import fields, models


class XinfangApiClientKeyShow(models.AbstractModel):
    """Shows a freshly generated API key once; never stored (as res.users.apikeys.show)."""

    _name = "xinfang.api.client.key.show"
    _description = "Show Open311 API Key"

    # the field 'id' is necessary for the onchange that returns the value of 'key'
    id = fields.Id()
    key = fields.Char(readonly=True)
