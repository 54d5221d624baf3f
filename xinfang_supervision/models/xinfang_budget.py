from datetime import date

from odoo import api, fields, models
from odoo.addons.xinfang_petition.tools import read_setting
from odoo.exceptions import ValidationError
from odoo.tools import format_amount

PER_CAPITA_PARAM = "xinfang_supervision.budget_per_capita"
WARNING_PERCENT_PARAM = "xinfang_supervision.budget_warning_percent"
DEFAULT_PER_CAPITA = 0.30
DEFAULT_WARNING_PERCENT = 90.0


class XinfangBudget(models.Model):
    """The petition office's yearly budget (信访经费): at least population × per-capita standard."""

    _name = "xinfang.budget"
    _description = "Petition Office Budget"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "fiscal_year desc, id desc"

    name = fields.Char(compute="_compute_name", store=True, readonly=False, required=True, precompute=True)
    fiscal_year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True,
        help="The budget year. China's budget year is the calendar year.",
    )
    date_from = fields.Date(compute="_compute_dates", store=True, precompute=True)
    date_to = fields.Date(compute="_compute_dates", store=True, precompute=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    population = fields.Integer(
        compute="_compute_minimum",
        help="Registered residents of all village committees, as recorded on the villages today.",
    )
    per_capita_standard = fields.Monetary(
        string="Per-capita Standard", required=True, tracking=True,
        default=lambda self: self._default_per_capita_standard(),
        help="Minimum yearly funding per registered resident. The default comes from the settings.",
    )
    minimum_amount = fields.Monetary(
        compute="_compute_minimum", help="Population × per-capita standard: the approved amount may not be lower.",
    )
    amount = fields.Monetary(
        string="Approved Amount", required=True, tracking=True,
        default=lambda self: self._default_amount(),
        help="The yearly amount approved for petition work; at least the minimum.",
    )
    below_minimum = fields.Boolean(
        compute="_compute_minimum",
        help="The villages' populations have grown since approval: the approved amount no longer reaches the minimum.",
    )
    line_ids = fields.One2many("xinfang.budget.line", "budget_id", string="Lines", copy=True)
    planned_total = fields.Monetary(compute="_compute_totals", string="Planned")
    unallocated_amount = fields.Monetary(compute="_compute_totals", string="Unallocated",
                                         help="Approved amount not yet planned on a line.")
    actual_total = fields.Monetary(compute="_compute_totals", string="Actual",
                                   help="Posted costs on the lines' analytic accounts in the budget year.")
    remaining_amount = fields.Monetary(compute="_compute_totals", string="Remaining",
                                       help="Approved amount minus actual costs.")
    utilisation = fields.Float(compute="_compute_totals", string="Utilisation (%)", digits=(16, 1),
                               help="Actual costs as a percentage of the approved amount.")
    note = fields.Html()

    _year_company_uniq = models.UniqueIndex(
        "(fiscal_year, company_id)", "There is already a budget for this year."
    )
    _year_sane = models.Constraint(
        "CHECK (fiscal_year BETWEEN 2000 AND 2999)", "The budget year must be between 2000 and 2999."
    )
    _amount_positive = models.Constraint("CHECK (amount >= 0)", "The approved amount cannot be negative.")

    # --- defaults -----------------------------------------------------------------------------------
    @api.model
    def _default_per_capita_standard(self):
        """The per-capita standard from the settings (default 0.30 yuan)."""
        return read_setting(self.env, PER_CAPITA_PARAM, DEFAULT_PER_CAPITA)

    @api.model
    def _default_amount(self):
        """Propose the minimum for the current company as the approved amount."""
        population = self._village_population(self.env.company).get(self.env.company.id, 0)
        return self.env.company.currency_id.round(population * self._default_per_capita_standard())

    # --- computes -----------------------------------------------------------------------------------
    @api.depends("fiscal_year")
    def _compute_name(self):
        for budget in self:
            budget.name = self.env._("Petition Office Budget %(year)s", year=budget.fiscal_year or "")

    @api.depends("fiscal_year")
    def _compute_dates(self):
        for budget in self:
            year = budget.fiscal_year
            budget.date_from = date(year, 1, 1) if year else False
            budget.date_to = date(year, 12, 31) if year else False

    @api.model
    def _village_population(self, companies):
        """{company id: registered residents of its village committees} (shared villages count for all)."""
        groups = self.env["hr.department"]._read_group(
            [("xinfang_unit_type", "=", "village"), ("company_id", "in", [*companies.ids, False])],
            groupby=["company_id"], aggregates=["population:sum"],
        )
        by_company = {company.id: total or 0 for company, total in groups}
        shared = by_company.pop(False, 0)
        return {company.id: by_company.get(company.id, 0) + shared for company in companies}

    @api.depends("company_id", "per_capita_standard", "amount")
    def _compute_minimum(self):
        population = self._village_population(self.company_id)
        for budget in self:
            budget.population = population.get(budget.company_id.id, 0)
            budget.minimum_amount = budget.currency_id.round(budget.population * budget.per_capita_standard)
            budget.below_minimum = budget.currency_id.compare_amounts(budget.amount, budget.minimum_amount) < 0

    @api.depends("amount", "line_ids.planned_amount", "line_ids.actual_amount")
    def _compute_totals(self):
        for budget in self:
            budget.planned_total = sum(budget.line_ids.mapped("planned_amount"))
            budget.unallocated_amount = budget.amount - budget.planned_total
            budget.actual_total = sum(budget.line_ids.mapped("actual_amount"))
            budget.remaining_amount = budget.amount - budget.actual_total
            budget.utilisation = budget.actual_total / budget.amount * 100 if budget.amount else 0.0

    # --- constraints --------------------------------------------------------------------------------
    @api.constrains("amount", "per_capita_standard", "company_id")
    def _check_minimum(self):
        for budget in self:
            if budget.per_capita_standard < 0:
                raise ValidationError(self.env._("The per-capita standard cannot be negative."))
            if budget.below_minimum:
                raise ValidationError(self.env._(
                    "The approved amount %(amount)s is below the minimum of %(minimum)s "
                    "(%(population)s residents × %(standard)s per resident).",
                    amount=format_amount(self.env, budget.amount, budget.currency_id),
                    minimum=format_amount(self.env, budget.minimum_amount, budget.currency_id),
                    population=budget.population,
                    standard=format_amount(self.env, budget.per_capita_standard, budget.currency_id),
                ))

    @api.constrains("amount")
    def _check_planned_total(self):
        for budget in self:
            if budget.currency_id.compare_amounts(budget.planned_total, budget.amount) > 0:
                raise ValidationError(self.env._(
                    "The lines plan %(planned)s in all, more than the approved amount %(amount)s.",
                    planned=format_amount(self.env, budget.planned_total, budget.currency_id),
                    amount=format_amount(self.env, budget.amount, budget.currency_id),
                ))

    def copy_data(self, default=None):
        """A copy is next year's budget (same standard, amount and lines)."""
        vals_list = super().copy_data(default=default)
        for budget, vals in zip(self, vals_list, strict=True):
            if "fiscal_year" not in (default or {}):
                vals["fiscal_year"] = budget.fiscal_year + 1
                vals.pop("name", None)
        return vals_list

    # --- warnings -----------------------------------------------------------------------------------
    @api.model
    def _warning_percent(self):
        """Utilisation (in %) at which a line's finance users are warned (setting, default 90)."""
        return read_setting(self.env, WARNING_PERCENT_PARAM, DEFAULT_WARNING_PERCENT)

    def _get_finance_users(self):
        """Active internal finance users of the budget's company: they receive the budget warnings."""
        self.ensure_one()
        # sudo: group membership is not readable by every user who may post a bill.
        users = self.env.ref("xinfang_petition.group_xinfang_finance").sudo().all_user_ids
        return users.filtered(lambda user: user.active and not user.share and self.company_id in user.company_ids)

    def _schedule_warning(self, summary, note):
        """One warning activity per finance user (a chatter note when there is none)."""
        self.ensure_one()
        users = self._get_finance_users()
        for user in users:
            self.activity_schedule(
                "xinfang_supervision.mail_act_xinfang_budget_warning", user_id=user.id, summary=summary, note=note,
            )
        if not users:
            self.message_post(body=note, subtype_xmlid="mail.mt_note")

    @api.model
    def _cron_check_utilisation(self):
        """Daily: warn about lines of this year's and last year's budgets that passed the threshold."""
        year = fields.Date.context_today(self).year
        budgets = self.search([("fiscal_year", ">=", year - 1)])
        budgets.line_ids._update_warnings()

    # --- actions ------------------------------------------------------------------------------------
    def action_open_lines(self):
        """The lines of this budget, for analysis."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_supervision.action_xinfang_budget_line")
        action["domain"] = [("budget_id", "=", self.id)]
        action["context"] = {"default_budget_id": self.id}
        return action
