from odoo import api, fields, models

from .xinfang_assessment import PARAM_PREFIX

FIELD_PREFIX = "xinfang_assessment_"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

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
        set_param = self.env["ir.config_parameter"].sudo().set_param
        for name, key in self._xinfang_assessment_fields().items():
            if self[name] is not False or self._fields[name].type != "selection":
                set_param(PARAM_PREFIX + key, str(self[name]))
