from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import MEDIATOR, STAFF
from odoo.exceptions import AccessError, UserError

RISK_MODEL = "xinfang.risk"


class XinfangFieldVisit(models.Model):
    """Cadre field visit (干部下访): a cadre goes to a village, records findings, may raise a risk or a petition."""

    _name = "xinfang.field.visit"
    _description = "Cadre Field Visit"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)
    cadre_id = fields.Many2one(
        "hr.employee", string="Cadre", required=True, tracking=True, index=True, check_company=True,
        default=lambda self: self.env.user.employee_id,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True, index=True)
    village_id = fields.Many2one(
        "hr.department", string="Village", required=True, tracking=True, index=True,
        domain="[('xinfang_unit_type', '=', 'village')]", default=lambda self: self._default_village(),
    )
    findings = fields.Html(help="What the cadre saw and heard: conflicts, complaints, instability factors.")
    risk_note = fields.Text(string="Risk Raised", help="Instability factors reported from this visit.")
    risk_ref = fields.Reference(selection="_selection_risk_model", string="Risk", readonly=True, copy=False)
    risk_model_available = fields.Boolean(compute="_compute_risk_model_available")
    petition_ids = fields.One2many("xinfang.petition", "field_visit_id", string="Petitions Registered")
    petition_count = fields.Integer(compute="_compute_petition_count")

    @api.model
    def _default_village(self):
        """A village mediator records visits in the own village: it is proposed."""
        # env.user is the current user's record: the own employee's village, as the record rules read it
        villages = self.env.user.employee_ids.xinfang_village_id
        return villages[:1] if len(villages) == 1 else False

    @api.model
    def _selection_risk_model(self):
        # Risk screening (xinfang.risk) may not be installed: the link exists only when it is.
        if RISK_MODEL in self.env:
            return [(RISK_MODEL, self.env[RISK_MODEL]._description)]
        return []

    def _compute_risk_model_available(self):
        available = RISK_MODEL in self.env
        for visit in self:
            visit.risk_model_available = available

    @api.depends("petition_ids")
    def _compute_petition_count(self):
        for visit in self:
            visit.petition_count = len(visit.petition_ids)

    @api.depends("cadre_id", "village_id", "date")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = f"{visit.date or ''} {visit.village_id.name or ''} {visit.cadre_id.name or ''}".strip()

    def write(self, vals):
        result = super().write(vals)
        if "village_id" in vals and self._is_village_mediator():
            # the record rules check a visit before the write; a mediator keeps it in the own village
            villages = self.env.user.employee_ids.xinfang_village_id
            if any(visit.village_id not in villages for visit in self):
                raise AccessError(self.env._("A village mediator records only the field visits in the own village."))
        return result

    def _is_village_mediator(self):
        """A mediator outside the petition office: records visits in the own village only."""
        return not self.env.su and self.env.user.has_group(MEDIATOR) and not self.env.user.has_group(STAFF)

    @api.ondelete(at_uninstall=False)
    def _unlink_without_follow_up(self):
        if any(visit.petition_ids or visit.risk_ref for visit in self):
            raise UserError(self.env._(
                "A visit that registered a petition or raised a risk is kept; archive it instead."))

    # ------------------------------------------------------------------------------------------
    # follow-up
    # ------------------------------------------------------------------------------------------
    def action_register_petition(self):
        """Open a new petition form for what the cadre was told, prefilled with the village."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register Petition"),
            "res_model": "xinfang.petition",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_village_id": self.village_id.id,
                "default_channel": "visit",
                "default_field_visit_id": self.id,
                "default_registration_date": min(self.date, today),
            },
        }

    def action_raise_risk(self):
        """Record an instability factor (不稳定因素) in risk screening, when that module is present."""
        self.ensure_one()
        if RISK_MODEL not in self.env:
            raise UserError(self.env._(
                "Risk screening is not available in this database."))
        if self.risk_ref:
            raise UserError(self.env._("This visit already raised a risk."))
        risk = self.env[RISK_MODEL].create(self._prepare_risk_vals())
        self.risk_ref = f"{RISK_MODEL},{risk.id}"
        self.message_post(body=self.env._("Risk raised: %(risk)s", risk=risk.display_name))
        return {
            "type": "ir.actions.act_window",
            "res_model": RISK_MODEL,
            "res_id": risk.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _prepare_risk_vals(self):
        """Values for the new risk, limited to the fields xinfang.risk actually has (checked by type)."""
        self.ensure_one()
        description = self.risk_note or self.env._("Found on the field visit of %(date)s", date=self.date)
        candidates = {
            "description": (("text", "html"), None, description),
            "village_id": ("many2one", "hr.department", self.village_id.id),
            "company_id": ("many2one", "res.company", self.company_id.id),
            "field_visit_id": ("many2one", self._name, self.id),
            "source": ("selection", None, "field_visit"),
            "found_date": ("date", None, self.date),
            "date_found": ("date", None, self.date),
        }
        Risk = self.env[RISK_MODEL]
        vals = {}
        for name, (types, comodel, value) in candidates.items():
            field = Risk._fields.get(name)
            if not field or field.type not in ((types,) if isinstance(types, str) else types):
                continue
            if comodel and field.comodel_name != comodel:
                continue
            if field.type == "selection" and value not in [key for key, _label in field._description_selection(
                    self.env)]:
                continue
            vals[name] = value
        return vals

    def action_view_petitions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_petition.action_xinfang_petition")
        action.update(domain=[("field_visit_id", "=", self.id)], context={"default_field_visit_id": self.id})
        return action
