from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from .xinfang_leader_case import check_leader


class XinfangVillageContract(models.Model):
    """Leader-village contracting (领导包村): a leader answers for a village's petitions over a period."""

    _name = "xinfang.village.contract"
    _description = "Leader Village Contract"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)
    leader_id = fields.Many2one(
        "hr.employee", string="Leader", required=True, tracking=True, index=True, check_company=True,
        domain="[('xinfang_role', 'in', ('principal_leader', 'deputy_leader'))]",
    )
    village_id = fields.Many2one(
        "hr.department", string="Village", required=True, tracking=True, index=True,
        domain="[('xinfang_unit_type', '=', 'village')]",
    )
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today, tracking=True)
    date_to = fields.Date(string="To", tracking=True, help="Leave empty while the contract runs.")
    note = fields.Text()
    is_current = fields.Boolean(compute="_compute_is_current", search="_search_is_current", string="Current")

    _dates_ordered = models.Constraint(
        "CHECK (date_to IS NULL OR date_to >= date_from)",
        "A contract ends after it starts.",
    )

    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.is_current = contract.date_from <= today and (not contract.date_to or contract.date_to >= today)

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        today = fields.Date.context_today(self)
        domain = Domain("date_from", "<=", today) & (Domain("date_to", "=", False) | Domain("date_to", ">=", today))
        return domain if (operator == "=") == value else ~domain

    @api.depends("leader_id", "village_id")
    def _compute_display_name(self):
        for contract in self:
            contract.display_name = f"{contract.village_id.name or ''} - {contract.leader_id.name or ''}"

    @api.constrains("leader_id")
    def _check_leader_id(self):
        check_leader(self.env, self.leader_id)

    @api.constrains("village_id")
    def _check_village(self):
        for contract in self:
            if contract.village_id.xinfang_unit_type != "village":
                raise ValidationError(self.env._(
                    "%(unit)s is not a village committee.", unit=contract.village_id.name))

    @api.constrains("village_id", "date_from", "date_to", "active")
    def _check_one_leader_per_village(self):
        """One contracting leader per village at a time (a village has one 包村领导)."""
        for contract in self.filtered("active"):
            domain = [
                ("id", "!=", contract.id), ("village_id", "=", contract.village_id.id),
                ("company_id", "=", contract.company_id.id),
                "|", ("date_to", "=", False), ("date_to", ">=", contract.date_from),
            ]
            if contract.date_to:
                domain.append(("date_from", "<=", contract.date_to))
            other = self.search(domain, limit=1)
            if other:
                raise ValidationError(self.env._(
                    "%(village)s is already contracted to %(leader)s from %(date)s: end that contract first.",
                    village=contract.village_id.name, leader=other.leader_id.name, date=other.date_from))
