from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .xinfang_api_client import JURISDICTION_PARAM
from .xinfang_deadline import ROLL_WEEKENDS_PARAM
from .xinfang_petition_intake import INTAKE_USER_PARAM
from .xinfang_workflow_state import STAFF as STAFF_GROUP


def _intake_user_domain(self):
    system = self.env.ref("base.user_admin", raise_if_not_found=False) | self.env.ref("base.user_root")
    return [("share", "=", False), ("all_group_ids", "in", [self.env.ref(STAFF_GROUP).id]),
            ("id", "not in", system.ids)]


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

    xinfang_intake_user_id = fields.Many2one(
        "res.users", string="Intake User", config_parameter=INTAKE_USER_PARAM, domain=_intake_user_domain,
        help="The petition office staff member who registers petitions received online or through the API "
        "and accepts those a village mediator registers. Empty: the staff member on duty, else the first "
        "staff member; never the administrator.",
    )
    xinfang_tz = fields.Selection(
        related="company_id.xinfang_tz", readonly=False, string="Township Time Zone",
        help="The dates of the petition workflow are the days of this time zone, whoever records them.",
    )
    xinfang_open311_jurisdiction_id = fields.Char(
        string="Open311 Jurisdiction ID", config_parameter=JURISDICTION_PARAM,
        help="The jurisdiction_id API clients may send (e.g. the township's domain name). Requests naming "
        "another jurisdiction are refused; empty: any jurisdiction_id is refused.",
    )

    @api.constrains("xinfang_intake_user_id")
    def _check_xinfang_intake_user(self):
        Petition = self.env["xinfang.petition"]
        for settings in self.filtered("xinfang_intake_user_id"):
            if not Petition._is_office_member(settings.xinfang_intake_user_id):
                raise ValidationError(self.env._(
                    "The intake user must be an active petition office staff member other than the "
                    "administrator."))

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
