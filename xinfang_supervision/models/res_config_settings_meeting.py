from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .xinfang_meeting import parse_month_days
from .xinfang_risk import SUPERVISION_GROUP_PARAM

DAY_FIELDS = (
    "xinfang_routine_meeting_days",
    "xinfang_village_meeting_days",
    "xinfang_joint_meeting_day",
    "xinfang_committee_meeting_day",
)


class ResConfigSettings(models.TransientModel):
    """Meeting schedule and supervision office (xinfang_supervision)."""

    _inherit = "res.config.settings"

    xinfang_routine_meeting_days = fields.Char(
        string="Township Routine Meeting Days", default="10,25",
        config_parameter="xinfang_supervision.routine_meeting_days",
        help="Days of the month of the township's routine petition meetings, comma-separated.",
    )
    xinfang_village_meeting_days = fields.Char(
        string="Village Routine Meeting Days", default="1,16",
        config_parameter="xinfang_supervision.village_meeting_days",
        help="Days of the month of every village's routine meeting (every half month), comma-separated.",
    )
    xinfang_joint_meeting_day = fields.Char(
        string="Joint Meeting Day", default="5", config_parameter="xinfang_supervision.joint_meeting_day",
        help="Day of the month of the party-government joint meeting on major hard cases.",
    )
    xinfang_committee_meeting_day = fields.Char(
        string="Party Committee Day", default="10", config_parameter="xinfang_supervision.committee_meeting_day",
        help="Day of the month of the party committee session on petition work.",
    )
    xinfang_meeting_horizon_days = fields.Integer(
        string="Schedule Ahead (days)", default=30, config_parameter="xinfang_supervision.meeting_horizon_days",
        help="Meetings are created this many days ahead.",
    )
    xinfang_supervision_group_id = fields.Many2one(
        "res.groups", string="Supervision Office", config_parameter=SUPERVISION_GROUP_PARAM,
        help="Users of this group receive overdue risks. Empty: the leaders.",
    )

    @api.constrains(*DAY_FIELDS, "xinfang_meeting_horizon_days")
    def _check_xinfang_meeting_days(self):
        for settings in self:
            for field_name in DAY_FIELDS:
                try:
                    parse_month_days(settings[field_name])
                except ValueError:
                    raise ValidationError(self.env._(
                        "%(label)s must list days of the month between 1 and 31, e.g. 10,25.",
                        label=self._fields[field_name].get_description(self.env)["string"],
                    )) from None
            if settings.xinfang_meeting_horizon_days < 1:
                raise ValidationError(self.env._(
                    "Meetings must be scheduled at least one day ahead. 提前安排天数至少为1天。"))
