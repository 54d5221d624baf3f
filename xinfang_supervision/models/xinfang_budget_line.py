from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import format_amount

WARNING_RANK = {"none": 0, "near": 1, "over": 2}


class XinfangBudgetLine(models.Model):
    """One purpose of the petition office budget, booked on an analytic account."""

    _name = "xinfang.budget.line"
    _description = "Petition Office Budget Line"
    _order = "budget_id, sequence, id"

    budget_id = fields.Many2one("xinfang.budget", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    purpose = fields.Selection(
        [
            ("office", "Office Costs"),
            ("reception", "Reception"),
            ("travel", "Travel: Persuasion and Proxy Petitions"),
            ("mediator", "Mediator Allowances"),
            ("special", "Special Cases"),
        ],
        required=True, default="office",
        help="Office costs, reception, travel for on-site persuasion and proxy petitions, "
        "village mediators' allowances, special hard cases.",
    )
    name = fields.Char(string="Description")
    analytic_account_id = fields.Many2one(
        "account.analytic.account", string="Analytic Account", required=True, index=True, ondelete="restrict",
        check_company=True,
        help="Vendor bills and expenses whose analytic distribution hits this account count as this line's costs.",
    )
    company_id = fields.Many2one(related="budget_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="budget_id.currency_id")
    fiscal_year = fields.Integer(related="budget_id.fiscal_year", store=True)
    date_from = fields.Date(related="budget_id.date_from")
    date_to = fields.Date(related="budget_id.date_to")
    planned_amount = fields.Monetary(string="Planned", required=True, default=0.0)
    actual_amount = fields.Monetary(
        compute="_compute_actuals", string="Actual",
        help="Posted costs on the analytic account in the budget year, in proportion to the distribution.",
    )
    remaining_amount = fields.Monetary(compute="_compute_actuals", string="Remaining")
    utilisation = fields.Float(compute="_compute_actuals", string="Utilisation (%)", digits=(16, 1))
    warning_level = fields.Selection(
        [("none", "Within Plan"), ("near", "Near the Plan"), ("over", "Over the Plan")],
        default="none", required=True, readonly=True, copy=False,
        help="The last warning sent for this line; it drops back when costs are reversed.",
    )

    _analytic_uniq = models.UniqueIndex(
        "(budget_id, analytic_account_id)",
        "Each analytic account may appear on one line of a budget only.",
    )
    _planned_positive = models.Constraint("CHECK (planned_amount >= 0)", "The planned amount cannot be negative.")

    @api.depends("purpose", "name")
    def _compute_display_name(self):
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        for line in self:
            label = purposes.get(line.purpose, "")
            line.display_name = f"{label}: {line.name}" if line.name else label

    # --- actuals ------------------------------------------------------------------------------------
    def _get_actuals(self):
        """{(analytic account id, company id, year): posted cost} for these lines, one query per analytic plan.

        Posting a journal item creates its analytic lines (``amount = -balance × percent / 100``, so costs are
        negative); resetting to draft or cancelling deletes them. Only analytic lines of posted journal items
        count, manual analytic entries (timesheets, adjustments) do not.
        """
        lines = self.filtered(lambda line: line.analytic_account_id and line.company_id and line.fiscal_year)
        if not lines:
            return {}
        by_plan = defaultdict(lambda: self.env["account.analytic.account"])
        # sudo: budget readers need not read analytic plans to have the plan's column resolved.
        for account in lines.analytic_account_id.sudo():
            by_plan[account.root_plan_id] |= account
        years = set(lines.mapped("fiscal_year"))
        # sudo: budget readers see the aggregated costs of the budget's accounts, not the analytic items.
        AnalyticLine = self.env["account.analytic.line"].sudo()
        actuals = {}
        for plan, accounts in by_plan.items():
            column = plan._column_name()
            groups = AnalyticLine._read_group(
                [
                    (column, "in", accounts.ids),
                    ("company_id", "in", lines.company_id.ids),
                    ("date", ">=", f"{min(years)}-01-01"),
                    ("date", "<=", f"{max(years)}-12-31"),
                    ("move_line_id.parent_state", "=", "posted"),
                ],
                groupby=[column, "company_id", "date:year"],
                aggregates=["amount:sum"],
            )
            for account, company, year_start, amount in groups:
                actuals[account.id, company.id, year_start.year] = -amount
        return actuals

    @api.depends("analytic_account_id", "planned_amount", "fiscal_year", "company_id")
    def _compute_actuals(self):
        actuals = self._get_actuals()
        for line in self:
            actual = actuals.get((line.analytic_account_id.id, line.company_id.id, line.fiscal_year), 0.0)
            line.actual_amount = actual
            line.remaining_amount = line.planned_amount - actual
            line.utilisation = actual / line.planned_amount * 100 if line.planned_amount else 0.0

    # --- constraints --------------------------------------------------------------------------------
    @api.constrains("planned_amount", "budget_id")
    def _check_planned_total(self):
        self.budget_id._check_planned_total()

    # --- warnings -----------------------------------------------------------------------------------
    def _is_over_plan(self, cost=0.0):
        """Whether the actual costs, plus ``cost`` not posted yet, exceed the plan: the one over-plan check.

        The warning level, the note a posted bill leaves and the alert on a draft bill all ask it.
        """
        self.ensure_one()
        return self.currency_id.compare_amounts(self.actual_amount + cost, self.planned_amount) > 0

    def _get_warning_level(self):
        """'over' above the plan, 'near' from the warning percentage on, else 'none'."""
        self.ensure_one()
        if self._is_over_plan():
            return "over"
        threshold = self.planned_amount * self.budget_id._warning_percent() / 100
        if self.planned_amount and self.currency_id.compare_amounts(self.actual_amount, threshold) >= 0:
            return "near"
        return "none"

    def _update_warnings(self, already_warned=None):
        """Warn the finance users once when a line passes the warning percentage or its plan.

        ``already_warned``: lines whose overrun was just reported otherwise (by the bill that caused it).
        Levels fall back silently when costs are reversed, so a new crossing warns again.
        """
        already_warned = already_warned or self.browse()
        self.invalidate_recordset(["actual_amount", "remaining_amount", "utilisation"])
        for line in self:
            level = line._get_warning_level()
            if level == line.warning_level:
                continue
            if WARNING_RANK[level] > WARNING_RANK[line.warning_level] and line not in already_warned:
                line._send_level_warning(level)
            line.warning_level = level

    def _send_level_warning(self, level):
        self.ensure_one()
        values = self._warning_values()
        if level == "over":
            summary = self.env._("Budget line over plan: %(line)s", **values)
            note = self.env._("%(line)s has used %(actual)s of %(planned)s planned (%(percent)s%%).", **values)
        else:
            summary = self.env._("Budget line at %(percent)s%%: %(line)s", **values)
            note = self.env._(
                "%(line)s has used %(actual)s of %(planned)s planned (%(percent)s%%); %(remaining)s remain.", **values
            )
        self.budget_id._schedule_warning(summary, note)

    def _warning_values(self):
        """Named values for warning texts."""
        self.ensure_one()
        return {
            "line": self.display_name,
            "actual": format_amount(self.env, self.actual_amount, self.currency_id),
            "planned": format_amount(self.env, self.planned_amount, self.currency_id),
            "remaining": format_amount(self.env, self.remaining_amount, self.currency_id),
            "percent": f"{self.utilisation:.0f}",
        }

    def action_view_analytic_items(self):
        """The analytic items of posted journal items that make up this line's actual costs."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("analytic.account_analytic_line_action_entries")
        action["domain"] = [
            (self.analytic_account_id.plan_id._column_name(), "=", self.analytic_account_id.id),
            ("move_line_id.parent_state", "=", "posted"),
            ("company_id", "=", self.company_id.id),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        action["context"] = {"create": False}
        return action
