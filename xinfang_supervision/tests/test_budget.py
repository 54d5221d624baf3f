from psycopg2 import IntegrityError

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestBudget(XinfangCase, AccountTestInvoicingCommon):
    """The petition office budget on a company with a chart of accounts (villages: 2000 + 3000 residents)."""

    @classmethod
    def setup_independent_user(cls):
        # Stay the superuser: the township (HR units, users of every role) is built as in the other tests.
        return None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance_user = cls.user_finance
        plan = cls.env["account.analytic.plan"].create({"name": "Petition Office"})
        Account = cls.env["account.analytic.account"]
        cls.acc_reception = Account.create({"name": "Petition Reception", "plan_id": plan.id})
        cls.acc_travel = Account.create({"name": "Petition Travel", "plan_id": plan.id})
        cls.acc_other = Account.create({"name": "Road Works", "plan_id": plan.id})
        cls.expense_account = cls.company_data["default_account_expense"]
        cls.budget = cls.env["xinfang.budget"].create({
            "fiscal_year": 2026,
            "per_capita_standard": 0.30,
            "amount": 3000.0,
            "line_ids": [
                Command.create({"purpose": "reception", "planned_amount": 1000.0,
                                "analytic_account_id": cls.acc_reception.id}),
                Command.create({"purpose": "travel", "planned_amount": 500.0,
                                "analytic_account_id": cls.acc_travel.id}),
            ],
        })
        cls.line_reception, cls.line_travel = cls.budget.line_ids

    def bill(self, amount, distribution, bill_date="2026-03-10", post=True):
        bill = self.env["account.move"].create({
            "move_type": "in_invoice",
            "partner_id": self.partner_a.id,
            "invoice_date": bill_date,
            "date": bill_date,
            "invoice_line_ids": [Command.create({
                "name": "Petition office costs",
                "quantity": 1,
                "price_unit": amount,
                "account_id": self.expense_account.id,
                "tax_ids": [Command.clear()],
                "analytic_distribution": {str(account.id): percent for account, percent in distribution.items()},
            })],
        })
        if post:
            bill.action_post()
        return bill

    def actual(self, record):
        """Actuals are computed on read (not stored): read them afresh."""
        self.env.invalidate_all()
        return record.actual_amount if record._name == "xinfang.budget.line" else record.actual_total

    def budget_warnings(self, user=None):
        return self.budget.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.env.ref(
                "xinfang_supervision.mail_act_xinfang_budget_warning")
            and (not user or activity.user_id == user)
        )

    # --- the per-capita floor -----------------------------------------------------------------------
    def test_minimum_from_population_and_standard(self):
        self.assertEqual(self.budget.population, 5000)
        self.assertAlmostEqual(self.budget.minimum_amount, 1500.0)
        self.village_b.population = 4000
        self.env.invalidate_all()
        self.assertEqual(self.budget.population, 6000)
        self.assertAlmostEqual(self.budget.minimum_amount, 1800.0)

    def test_below_minimum_refused_stating_minimum(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["xinfang.budget"].create({"fiscal_year": 2027, "per_capita_standard": 0.30, "amount": 1000.0})
        message = str(caught.exception)
        self.assertIn("1,500.00", message)
        self.assertIn("5000", message)
        self.assertIn("is below the minimum of", message)
        with self.assertRaises(ValidationError):
            self.budget.amount = 1499.0
        self.budget.amount = 1500.0  # exactly the minimum is enough

    def test_standard_and_default_amount_from_settings(self):
        self.env["ir.config_parameter"].set_param("xinfang_supervision.budget_per_capita", "0.50")
        budget = self.env["xinfang.budget"].create({"fiscal_year": 2027})
        self.assertAlmostEqual(budget.per_capita_standard, 0.50)
        self.assertAlmostEqual(budget.amount, 2500.0, msg="the minimum is proposed as the approved amount")
        self.assertEqual(budget.name, "Petition Office Budget 2027")
        self.assertEqual((budget.date_from.isoformat(), budget.date_to.isoformat()), ("2027-01-01", "2027-12-31"))

    def test_lines_may_not_exceed_approved_amount(self):
        with self.assertRaises(ValidationError):
            self.env["xinfang.budget.line"].create({
                "budget_id": self.budget.id, "purpose": "special", "planned_amount": 1600.0,
                "analytic_account_id": self.acc_other.id,
            })
        self.budget.per_capita_standard = 0.10  # minimum 500
        with self.assertRaises(ValidationError) as caught:
            self.budget.amount = 1400.0  # the lines plan 1500
        self.assertIn("1,500.00", str(caught.exception))
        self.line_travel.planned_amount = 2000.0  # 3000 in all: allowed
        with self.assertRaises(ValidationError):
            self.line_travel.planned_amount = 2000.01

    def test_copy_is_next_years_budget(self):
        self.bill(950.0, {self.acc_reception: 100})
        self.assertEqual(self.line_reception.warning_level, "near")
        copy = self.budget.copy()
        self.assertEqual(copy.fiscal_year, 2027)
        self.assertEqual(copy.name, "Petition Office Budget 2027")
        self.assertEqual(copy.line_ids.mapped("planned_amount"), [1000.0, 500.0])
        self.assertEqual(copy.line_ids.mapped("warning_level"), ["none", "none"])
        self.assertEqual(self.actual(copy.line_ids[0]), 0.0, "2026 costs are not 2027 costs")

    def test_one_budget_per_year_and_company(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["xinfang.budget"].create({"fiscal_year": 2026, "amount": 3000.0})

    # --- actuals ------------------------------------------------------------------------------------
    def test_posted_bill_moves_actuals_and_draft_moves_them_back(self):
        draft = self.bill(300.0, {self.acc_reception: 100}, post=False)
        self.assertEqual(self.actual(self.line_reception), 0.0, "a draft bill does not count")

        bill = self.bill(400.0, {self.acc_reception: 100})
        self.assertEqual(bill.state, "posted")
        self.assertAlmostEqual(self.actual(self.line_reception), 400.0)
        self.assertAlmostEqual(self.line_reception.remaining_amount, 600.0)
        self.assertAlmostEqual(self.line_reception.utilisation, 40.0)
        self.assertAlmostEqual(self.actual(self.line_travel), 0.0)
        self.assertAlmostEqual(self.actual(self.budget), 400.0)
        self.assertAlmostEqual(self.budget.remaining_amount, 2600.0)
        self.assertAlmostEqual(self.budget.utilisation, 13.3, places=1)

        bill.button_draft()
        self.assertEqual(self.actual(self.line_reception), 0.0, "reset to draft: the cost is gone")
        bill.button_cancel()
        self.assertEqual(self.actual(self.line_reception), 0.0, "a cancelled bill does not count")
        draft.action_post()
        self.assertAlmostEqual(self.actual(self.line_reception), 300.0)

    def test_half_distribution_counts_half(self):
        self.bill(400.0, {self.acc_reception: 50, self.acc_other: 50})
        self.assertAlmostEqual(self.actual(self.line_reception), 200.0)
        self.bill(100.0, {self.acc_reception: 50, self.acc_travel: 50})
        self.assertAlmostEqual(self.actual(self.line_reception), 250.0)
        self.assertAlmostEqual(self.actual(self.line_travel), 50.0)

    def test_credit_note_other_year_and_manual_items(self):
        bill = self.bill(400.0, {self.acc_reception: 100})
        refund = bill._reverse_moves([{"invoice_date": "2026-03-20", "date": "2026-03-20"}])
        refund.action_post()
        self.assertAlmostEqual(self.actual(self.line_reception), 0.0, "a vendor credit note takes the cost back")
        self.bill(700.0, {self.acc_reception: 100}, bill_date="2025-12-20")
        self.assertAlmostEqual(self.actual(self.line_reception), 0.0, "costs of another year do not count")
        self.env["account.analytic.line"].create({
            "name": "Manual adjustment", self.acc_reception.plan_id._column_name(): self.acc_reception.id,
            "amount": -999.0, "date": "2026-04-01",
        })
        self.assertAlmostEqual(self.actual(self.line_reception), 0.0, "analytic items without a journal item")

    def test_actuals_in_one_query_for_all_lines(self):
        def queries(lines):
            self.env.invalidate_all()
            lines = lines.browse(lines.ids)  # as a list view reads them
            before = self.env.cr.sql_log_count
            lines.mapped("actual_amount")
            return self.env.cr.sql_log_count - before

        self.bill(100.0, {self.acc_reception: 50, self.acc_travel: 50})
        few = queries(self.budget.line_ids)
        Account = self.env["account.analytic.account"]
        self.budget.line_ids = [
            Command.create({"purpose": "special", "planned_amount": 100.0,
                            "analytic_account_id": Account.create({"name": f"Case {n}",
                                                                   "plan_id": self.acc_reception.plan_id.id}).id})
            for n in range(5)
        ]
        self.assertEqual(len(self.budget.line_ids), 7)
        self.assertEqual(queries(self.budget.line_ids), few, "no query per line")

    # --- warnings -----------------------------------------------------------------------------------
    def test_warning_at_ninety_percent_on_post_once(self):
        self.bill(850.0, {self.acc_reception: 100})
        self.assertFalse(self.budget_warnings())
        self.bill(60.0, {self.acc_reception: 100})  # 910 of 1000
        warnings = self.budget_warnings(self.finance_user)
        self.assertEqual(len(warnings), 1, "the finance user is warned when the line passes 90%")
        self.assertIn("91%", warnings.summary)
        self.assertEqual(self.line_reception.warning_level, "near")
        self.bill(20.0, {self.acc_reception: 100})
        self.assertEqual(len(self.budget_warnings()), 1, "one warning per crossing")

    def test_bill_over_plan_is_posted_with_a_warning(self):
        self.bill(900.0, {self.acc_reception: 100})
        self.budget.activity_ids.unlink()
        bill = self.bill(300.0, {self.acc_reception: 100}, post=False)
        alerts = bill._get_alerts()
        self.assertIn(f"xinfang_budget_overrun_{self.line_reception.id}", alerts, "warned before posting")
        self.assertFalse(self.bill(50.0, {self.acc_reception: 100}, post=False)._get_alerts().get(
            f"xinfang_budget_overrun_{self.line_reception.id}"), "no warning while within plan")

        bill.action_post()
        self.assertEqual(bill.state, "posted", "the accountant decides: posting is not blocked")
        self.assertTrue(bill.message_ids.filtered(lambda message: "1,200.00" in message.body),
                        "the overrun is noted on the bill")
        warnings = self.budget_warnings(self.finance_user)
        self.assertEqual(len(warnings), 1)
        self.assertIn(bill.name, warnings.summary)
        self.assertEqual(self.line_reception.warning_level, "over")

        bill.button_draft()
        self.env["xinfang.budget"]._cron_check_utilisation()
        self.assertEqual(self.line_reception.warning_level, "near", "the level falls back when the bill is reset")

    @freeze_time("2026-06-01")
    def test_cron_warns_lines_that_passed_the_threshold(self):
        self.bill(450.0, {self.acc_travel: 100})  # 90% of 500: warned on post
        self.assertEqual(len(self.budget_warnings()), 1)
        self.budget.activity_ids.unlink()
        self.line_reception.planned_amount = 100.0
        self.bill(95.0, {self.acc_reception: 50, self.acc_other: 50})  # 47.5 of 100
        self.line_reception.planned_amount = 50.0  # now 95%: only the daily check notices
        self.env["xinfang.budget"]._cron_check_utilisation()
        self.assertEqual(len(self.budget_warnings(self.finance_user)), 1)
        self.env["xinfang.budget"]._cron_check_utilisation()
        self.assertEqual(len(self.budget_warnings()), 1, "not warned again")

    # --- access -------------------------------------------------------------------------------------
    def test_finance_edits_budgets_and_sees_no_petitions(self):
        petition = self.registered()
        budget = self.budget.with_user(self.finance_user)
        self.bill(400.0, {self.acc_reception: 100})
        self.env.invalidate_all()
        self.assertAlmostEqual(budget.line_ids[0].actual_amount, 400.0)
        budget.amount = 3500.0
        budget.line_ids = [Command.create({"purpose": "mediator", "planned_amount": 300.0,
                                           "analytic_account_id": self.acc_other.id})]
        Petition = self.env["xinfang.petition"].with_user(self.finance_user)
        self.assertFalse(Petition.has_access("read"))
        with self.assertRaises(AccessError):
            Petition.search([])
        with self.assertRaises(AccessError):
            petition.with_user(self.finance_user).read(["subject", "content"])
        menu = self.env.ref("xinfang_supervision.menu_xinfang_budget_budgets")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.finance_user)._visible_menu_ids())

    def test_finance_sets_up_a_budget_in_the_form(self):
        with Form(self.env["xinfang.budget"].with_user(self.finance_user)) as form:
            form.fiscal_year = 2027
            self.assertEqual(form.population, 5000)
            self.assertAlmostEqual(form.minimum_amount, 1500.0)
            self.assertAlmostEqual(form.amount, 1500.0)
            form.amount = 2000.0
            with form.line_ids.new() as line:
                line.purpose = "mediator"
                line.analytic_account_id = self.acc_travel
                line.planned_amount = 800.0
            self.assertAlmostEqual(form.unallocated_amount, 1200.0)
        budget = form.record
        self.assertEqual(budget.name, "Petition Office Budget 2027")
        self.assertEqual(budget.line_ids.display_name, "Mediator Allowances")

    def test_staff_read_utilisation_only(self):
        self.bill(400.0, {self.acc_reception: 100})
        for user in (self.user_staff, self.user_leader):
            budget = self.budget.with_user(user)
            self.env.invalidate_all()
            self.assertAlmostEqual(budget.utilisation, 13.3, places=1)
            self.assertAlmostEqual(budget.line_ids[0].utilisation, 40.0)
            with self.assertRaises(AccessError):
                budget.amount = 4000.0
            with self.assertRaises(AccessError):
                budget.line_ids[0].planned_amount = 900.0
        menu = self.env.ref("xinfang_supervision.menu_xinfang_budget_utilisation")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.user_staff)._visible_menu_ids())
        for user in (self.user_handler, self.user_mediator, self.user_plain):
            with self.assertRaises(AccessError):
                self.budget.with_user(user).read(["amount"])
        self.budget.with_user(self.user_director).amount = 4000.0
