# ruff: noqa: F821  (``env`` is provided by ``odoo shell``)
"""Load this year's petition office budget (信访经费) with posted vendor bills into a database.

    scripts/odoo.sh shell -d DB --no-http < data/load_budget.py

Run after data/load_township.py (the villages' populations give the minimum). Creates an analytic plan
with one account per purpose, the budget of the current year with its lines, and a dozen vendor bills
dated in the current year, posted through ``action_post`` so that the analytic items, the utilisation and
the warning activities for the finance users are real: the reception line ends near its plan (over the
warning percentage) and the special-cases line a little over it.

Idempotent: does nothing when the company already has a budget for the current year. Commits at the end.
"""

from datetime import timedelta

from odoo import Command, fields

PLAN_NAME = "信访经费"
# (purpose, description, analytic account, share of the approved amount)
LINES = [
    ("office", "办公经费", "信访办公经费", 0.22),
    ("reception", "来访接待", "信访接待", 0.18),
    ("travel", "劝返、代访差旅", "劝返代访差旅", 0.22),
    ("mediator", "村信访调处员补贴", "调处员补贴", 0.25),
    ("special", "疑难信访专项化解", "信访专项化解", 0.13),
]
VENDORS = ["桐庐县青石印务有限公司", "青石镇农家饭店", "桐庐县长运汽车客运有限公司", "青石镇人民政府财政所（代发）",
           "桐庐县法律援助中心"]
# (share of the year elapsed so far, vendor index, description, share of the line's plan, {purpose: percent})
BILLS = [
    (0.05, 0, "信访登记簿、告知书印制", 0.30, {"office": 100}),
    (0.35, 0, "办公用品、打印耗材", 0.28, {"office": 100}),
    (0.10, 1, "来访群众接待用餐（一季度）", 0.45, {"reception": 100}),
    (0.60, 1, "来访群众接待用餐（二季度）", 0.47, {"reception": 100}),
    (0.20, 2, "赴县劝返包车", 0.25, {"travel": 100}),
    (0.55, 2, "赴市代访差旅", 0.20, {"travel": 100}),
    (0.30, 3, "调处员补贴（上半年）", 0.50, {"mediator": 100}),
    (0.45, 4, "专项化解：法律咨询与听证", 0.78, {"special": 100}),
    (0.70, 2, "专项化解案件赴省协调（差旅与专项各半）", 0.60, {"special": 50, "travel": 50}),
]


def load_budget(env):
    """Create the current year's budget with posted bills; return it (or the existing one)."""
    company = env.company
    today = fields.Date.context_today(env["xinfang.budget"])
    existing = env["xinfang.budget"].search([("fiscal_year", "=", today.year), ("company_id", "=", company.id)],
                                            limit=1)
    if existing:
        print(f"budget {existing.name} exists: left alone")
        return existing

    expense_account = _expense_account(env, company)
    # Let the accountants see and edit analytic distributions on bills.
    env.ref("base.group_user").write({"implied_ids": [Command.link(env.ref("analytic.group_analytic_accounting").id)]})
    accounts = _analytic_accounts(env, company)
    budget = _create_budget(env, company, today.year, accounts)
    bills = _create_bills(env, company, today, budget, accounts, expense_account)
    # Post in date order, as the office would have, so each warning fires on the bill that caused it.
    for bill in bills.sorted("date"):
        bill.action_post()
    env.invalidate_all()  # the actuals are computed on read
    print(f"budget {budget.name}: {budget.amount:.0f} approved (minimum {budget.minimum_amount:.0f}), "
          f"{len(bills)} bills posted, {budget.utilisation:.0f}% used")
    return budget


def _expense_account(env, company):
    expense_account = env["account.account"].search([
        *env["account.account"]._check_company_domain(company), ("account_type", "=", "expense"),
    ], limit=1)
    if not expense_account:
        raise RuntimeError(f"company {company.name} has no chart of accounts (no expense account)")
    return expense_account


def _analytic_accounts(env, company):
    """purpose -> analytic account of the PLAN_NAME plan (found or created)."""
    plan = env["account.analytic.plan"].search([("name", "=", PLAN_NAME)], limit=1) \
        or env["account.analytic.plan"].create({"name": PLAN_NAME})
    Account = env["account.analytic.account"]
    accounts = {}
    for purpose, _description, account_name, _share in LINES:
        accounts[purpose] = Account.search([("name", "=", account_name), ("plan_id", "=", plan.id)], limit=1) \
            or Account.create({"name": account_name, "plan_id": plan.id, "company_id": company.id})
    return accounts


def _create_budget(env, company, year, accounts):
    """The budget of ``year`` with one line a purpose, approved a third above the statutory minimum."""
    Budget = env["xinfang.budget"]
    minimum = Budget._village_population(company)[company.id] * Budget._default_per_capita_standard()
    amount = max(round(minimum * 1.35, -3), 10000.0)  # the township approves a third above the floor
    return Budget.create({
        "fiscal_year": year,
        "company_id": company.id,
        "amount": amount,
        "note": "<p>经镇党委会审议通过。不低于辖区人口 × 每人 0.30 元。</p>",
        "line_ids": [
            Command.create({"purpose": purpose, "name": description, "analytic_account_id": accounts[purpose].id,
                            "planned_amount": round(amount * share, -1), "sequence": 10 * index})
            for index, (purpose, description, _account, share) in enumerate(LINES)
        ],
    })


def _create_bills(env, company, today, budget, accounts, expense_account):
    """The draft vendor bills of BILLS, dated in the year so far, priced on the budget lines' plans."""
    planned = {line.purpose: line.planned_amount for line in budget.line_ids}
    vendors = [env["res.partner"].search([("name", "=", name)], limit=1)
               or env["res.partner"].create({"name": name, "is_company": True, "supplier_rank": 1})
               for name in VENDORS]
    year_start = today.replace(month=1, day=1)
    elapsed = (today - year_start).days
    bills = env["account.move"]
    for when, vendor, description, share, distribution in BILLS:
        bill_date = year_start + timedelta(days=int(elapsed * when))
        main_purpose = next(iter(distribution))
        bills |= env["account.move"].create({
            "move_type": "in_invoice",
            "partner_id": vendors[vendor].id,
            "invoice_date": bill_date,
            "date": bill_date,
            "company_id": company.id,
            "invoice_line_ids": [Command.create({
                "name": description,
                "quantity": 1,
                "price_unit": round(planned[main_purpose] * share, 0),
                "account_id": expense_account.id,
                "tax_ids": [Command.clear()],
                "analytic_distribution": {str(accounts[purpose].id): percent
                                          for purpose, percent in distribution.items()},
            })],
        })
    return bills


if "env" in globals():
    load_budget(env)
    env.cr.commit()
