#!/usr/bin/env bash
# Uninstall both addons from a copy of DB and check that HR and Accounting still work.
source "$(dirname "$0")/lib.sh"
SRC=$1; COPY="${SRC}_uninstall"
step "uninstall xinfang_supervision and xinfang_petition from a copy of $SRC"
dropdb --if-exists "$COPY"
createdb -T "$SRC" "$COPY" || die "could not copy $SRC"
"$ROOT/scripts/odoo.sh" shell -d "$COPY" --no-http --log-level=warn <<'PY' || die "uninstall check failed"
mods = env["ir.module.module"].search([("name", "in", ["xinfang_supervision", "xinfang_petition"]), ("state", "=", "installed")])
mods.button_immediate_uninstall()
env = env(context={})
env.invalidate_all()
left = env["ir.module.module"].search([("name", "like", "xinfang_%"), ("state", "!=", "uninstalled")])
assert not left, f"still installed: {left.mapped('name')}"
assert not env["ir.model"].search([("model", "like", "xinfang.%")]), "xinfang models left behind"
# HR still works
dept = env["hr.department"].create({"name": "After Uninstall"})
emp = env["hr.employee"].create({"name": "After Uninstall", "department_id": dept.id})
assert emp.department_id == dept
# Accounting still works: post a vendor bill
company = env.company
if not company.chart_template:
    env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
partner = env["res.partner"].create({"name": "Supplier After Uninstall"})
bill = env["account.move"].create({
    "move_type": "in_invoice", "partner_id": partner.id, "invoice_date": "2026-01-15",
    "invoice_line_ids": [(0, 0, {"name": "Paper", "quantity": 1, "price_unit": 100.0})],
})
bill.action_post()
assert bill.state == "posted", bill.state
env.cr.rollback()
print("uninstall check: hr and account work without the xinfang addons")
PY
dropdb --if-exists "$COPY"
