from odoo import api, fields, models

from .xinfang_deadline import ROLL_WEEKENDS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    xinfang_near_due_days = fields.Integer(
        string="Due Soon Horizon (days)", default=3, config_parameter="xinfang_petition.near_due_days",
        help="A petition is flagged due soon this many days before its current deadline.",
    )
    xinfang_repeat_window_days = fields.Integer(
        string="Repeat Petition Window (days)", default=365, config_parameter="xinfang_petition.repeat_window_days",
        help="A petition by the same person in the same category within this many days is linked as a repeat.",
    )
    # Not a plain config_parameter field: that stores an unticked box by deleting the parameter,
    # which then reads back as the default (True). The value is written out as "True"/"False".
    xinfang_deadline_roll_weekends = fields.Boolean(
        string="Deadlines Move Off Weekends", default=True,
        help="When the last day of a calendar-day period is a Saturday or Sunday, move it to the next "
        "working day. Statutory holidays always move the last day.",
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        res["xinfang_deadline_roll_weekends"] = self.env["xinfang.deadline"]._roll_weekends()
        return res

    def set_values(self):
        res = super().set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            ROLL_WEEKENDS_PARAM, str(bool(self.xinfang_deadline_roll_weekends))
        )
        return res
