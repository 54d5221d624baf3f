from odoo import api, fields, models
from odoo.exceptions import ValidationError


class XinfangKeyManagement(models.Model):
    """Key management (重点管理): a village or unit placed under close supervision for a period.

    While under it the village or unit cannot be proposed for commendation; for villages the party
    secretary and the director answer for it.
    """

    _name = "xinfang.key.management"
    _description = "Key Management of a Village or Unit"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    department_id = fields.Many2one(
        "hr.department", string="Village or Unit", required=True, index=True, tracking=True,
        domain="[('xinfang_unit_type', '!=', False)]", check_company=True,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today, tracking=True)
    date_to = fields.Date(string="To", tracking=True, help="Leave empty while the end is not decided.")
    reason = fields.Text(required=True, tracking=True)
    decided_by_id = fields.Many2one("res.users", string="Decided By", default=lambda self: self.env.user)
    party_secretary_id = fields.Many2one(related="department_id.party_secretary_id", string="Party Secretary")
    director_id = fields.Many2one(related="department_id.director_id", string="Village Director")
    is_current = fields.Boolean(string="In Force", compute="_compute_is_current", search="_search_is_current")

    @api.depends("date_from", "date_to")
    @api.depends_context("tz")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for record in self:
            record.is_current = record._overlaps(today, today)

    def _search_is_current(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        current = ["&", ("date_from", "<=", today), "|", ("date_to", "=", False), ("date_to", ">=", today)]
        return current if True in value else ["!", *current]

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for record in self:
            if record.date_to and record.date_to < record.date_from:
                raise ValidationError(self.env._("Key management ends before it starts."))

    @api.depends("department_id", "date_from")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.department_id.name or ''} ({record.date_from or ''})"

    def _overlaps(self, start, stop):
        """Whether the key-management period and [start, stop] share at least one day."""
        self.ensure_one()
        return bool(start and stop and self.date_from <= stop and (not self.date_to or self.date_to >= start))
