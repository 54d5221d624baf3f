from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .xinfang_budget import DEFAULT_PER_CAPITA, DEFAULT_WARNING_PERCENT, PER_CAPITA_PARAM, WARNING_PERCENT_PARAM


class ResConfigSettings(models.TransientModel):
    """Petition office budget (xinfang_supervision)."""

    _inherit = "res.config.settings"

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
                    "The budget per resident must be positive. 人均经费标准必须大于零。"))
            if not 0 < settings.xinfang_budget_warning_percent <= 100:
                raise ValidationError(self.env._(
                    "The budget warning percentage must be between 1 and 100. 预警比例须在1至100之间。"))
