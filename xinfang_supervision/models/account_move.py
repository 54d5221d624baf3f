from collections import defaultdict

from markupsafe import Markup

from odoo import models
from odoo.tools import format_amount


class AccountMove(models.Model):
    """Warn when a bill or expense puts a petition office budget line over its plan; never block posting."""

    _inherit = "account.move"

    def _xinfang_budget_costs(self):
        """{move: {budget line: cost the move puts on it}} from the analytic distributions of its items.

        Mirrors ``account.move.line._prepare_analytic_distribution_line``: a cost is the item's balance times
        the distribution percentage, so a 50% distribution counts half and a credit note counts negative.
        """
        account_ids = {
            int(account_id)
            for distribution in self.line_ids.mapped("analytic_distribution") if distribution
            for key in distribution
            for account_id in key.split(",")
        }
        if not account_ids:
            return {}
        # sudo: accountants who post bills need not have access to the petition office budget.
        budget_lines = self.env["xinfang.budget.line"].sudo().search([
            ("analytic_account_id", "in", list(account_ids)),
            ("company_id", "in", self.company_id.ids),
            ("fiscal_year", "in", list({move.date.year for move in self if move.date})),
        ])
        if not budget_lines:
            return {}
        line_by_key = {(line.analytic_account_id.id, line.company_id.id, line.fiscal_year): line
                       for line in budget_lines}
        costs = {}
        for move in self.filtered("date"):
            move_costs = defaultdict(float)
            for item in move.line_ids.filtered("analytic_distribution"):
                for key, percent in item.analytic_distribution.items():
                    for account_id in key.split(","):
                        line = line_by_key.get((int(account_id), move.company_id.id, move.date.year))
                        if line:
                            move_costs[line] += item.balance * float(percent) / 100
            if move_costs:
                costs[move] = move_costs
        return costs

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._xinfang_budget_check_posted()
        return posted

    def _xinfang_budget_check_posted(self):
        """After posting: note each overrun on the move and warn the budget's finance users.

        Posting is not blocked: the accountant has the invoice in hand and decides (reallocate, amend the
        budget or accept the overrun); the warning leaves a trace on both sides.
        """
        costs = self._xinfang_budget_costs()
        if not costs:
            return
        lines = self.env["xinfang.budget.line"].sudo().union(*(line for by_line in costs.values() for line in by_line))
        lines.invalidate_recordset(["actual_amount", "remaining_amount", "utilisation"])
        warned = lines.browse()
        for move, move_costs in costs.items():
            for line, cost in move_costs.items():
                if cost <= 0 or not line._is_over_plan():
                    continue
                values = {**line._warning_values(), "move": move.display_name,
                          "cost": format_amount(self.env, cost, line.currency_id)}
                note = self.env._(
                    "%(move)s puts %(cost)s on the petition budget line %(line)s, which has now used %(actual)s "
                    "of %(planned)s planned (%(percent)s%%).", **values,
                )
                move.message_post(body=Markup("<p>%s</p>") % note, subtype_xmlid="mail.mt_note")
                line.budget_id._schedule_warning(
                    self.env._("%(move)s exceeds budget line %(line)s", **values), note,
                )
                warned |= line
        lines._update_warnings(already_warned=warned)

    def _get_alerts(self):
        alerts = super()._get_alerts()
        if self.state == "draft" and (costs := self._xinfang_budget_costs().get(self)):
            for line, cost in costs.items():
                if cost <= 0 or not line._is_over_plan(cost):
                    continue
                alerts[f"xinfang_budget_overrun_{line.id}"] = {
                    "level": "warning",
                    "message": self.env._(
                        "Posting this entry puts %(cost)s on the petition budget line %(line)s: %(actual)s of "
                        "%(planned)s are already used, so the line would go over its plan.",
                        **line._warning_values(), cost=format_amount(self.env, cost, line.currency_id),
                    ),
                }
        return alerts
