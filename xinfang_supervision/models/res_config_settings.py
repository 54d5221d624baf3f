from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .xinfang_assessment import PARAM_PREFIX
from .xinfang_budget import DEFAULT_PER_CAPITA, DEFAULT_WARNING_PERCENT, PER_CAPITA_PARAM, WARNING_PERCENT_PARAM
from .xinfang_meeting import parse_month_days
from .xinfang_risk import SUPERVISION_GROUP_PARAM

DAY_FIELDS = (
    "xinfang_routine_meeting_days",
    "xinfang_village_meeting_days",
    "xinfang_joint_meeting_day",
    "xinfang_committee_meeting_day",
)
FIELD_PREFIX = "xinfang_assessment_"


class ResConfigSettings(models.TransientModel):
    """Settings of xinfang_supervision: meeting schedule and supervision office, budget, assessment formula."""

    _inherit = "res.config.settings"

    # --- meeting schedule and supervision office ------------------------------------------------
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
                    "Meetings must be scheduled at least one day ahead."))

    # --- petition office budget ---------------------------------------------------------------------
    xinfang_budget_per_capita = fields.Float(
        string="Budget per Resident", default=DEFAULT_PER_CAPITA, digits=(16, 2), config_parameter=PER_CAPITA_PARAM,
        help="Minimum yearly petition funding per registered resident of the villages (yuan).",
    )
    xinfang_budget_warning_percent = fields.Float(
        string="Budget Warning at (%)", default=DEFAULT_WARNING_PERCENT, digits=(16, 0),
        config_parameter=WARNING_PERCENT_PARAM,
        help="Finance users are warned when a budget line has used this percentage of its plan.",
    )

    @api.constrains("xinfang_budget_per_capita", "xinfang_budget_warning_percent")
    def _check_xinfang_budget_settings(self):
        for settings in self:
            if settings.xinfang_budget_per_capita <= 0:
                raise ValidationError(self.env._(
                    "The budget per resident must be positive."))
            if not 0 < settings.xinfang_budget_warning_percent <= 100:
                raise ValidationError(self.env._(
                    "The budget warning percentage must be between 1 and 100."))

    # --- assessment (考核) formula; shipped values in data/xinfang_assessment_data.xml ----------------
    # Not plain config_parameter fields: those store 0 by deleting the parameter, which then reads
    # back as the default — a weight of 0 could never be set. Values are written out explicitly.
    xinfang_assessment_population_base = fields.Integer(
        string="Incidence Per (residents)", default=10000,
        help="The incidence rate counts petitions per this many registered residents.",
    )
    xinfang_assessment_local_max_level = fields.Selection(
        [("village", "Village Only"), ("township", "Village or Township")],
        string="Resolved Locally At", default="township",
        help="A petition counts as resolved locally when its responsible level and the level where it was lodged "
        "are at most this level (village only: a village matter brought to the township does not count).",
    )
    xinfang_assessment_incidence_ceiling = fields.Float(
        string="Incidence Ceiling", default=50.0,
        help="At or above this incidence rate the incidence part of the score is 0.",
    )
    xinfang_assessment_late_visit_penalty = fields.Float(
        string="Late Response Penalty", default=5.0,
        help="Points deducted from the score for each late leader response to a collective visit.",
    )
    xinfang_assessment_weight_incidence = fields.Integer(string="Weight: Incidence", default=20)
    xinfang_assessment_weight_local_resolution = fields.Integer(string="Weight: Local Resolution", default=30)
    xinfang_assessment_weight_cross_level = fields.Integer(string="Weight: Cross-level", default=20)
    xinfang_assessment_weight_timely_acceptance = fields.Integer(string="Weight: Timely Acceptance", default=10)
    xinfang_assessment_weight_on_time = fields.Integer(string="Weight: On-time Completion", default=10)
    xinfang_assessment_weight_satisfaction = fields.Integer(string="Weight: Satisfaction", default=10)

    def _xinfang_assessment_fields(self):
        """Settings field name -> assessment parameter key."""
        return {name: name.removeprefix(FIELD_PREFIX)
                for name in self._fields if name.startswith(FIELD_PREFIX)}

    @api.model
    def get_values(self):
        res = super().get_values()
        params = self.env["xinfang.assessment"]._get_params()
        for name, key in self._xinfang_assessment_fields().items():
            res[name] = params[key]
        return res

    def set_values(self):
        super().set_values()
        # sudo: only settings administrators reach set_values; it writes the formula's own parameters.
        set_param = self.env["ir.config_parameter"].sudo().set_param
        for name, key in self._xinfang_assessment_fields().items():
            if self[name] is not False or self._fields[name].type != "selection":
                set_param(PARAM_PREFIX + key, str(self[name]))
