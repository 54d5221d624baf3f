#!/usr/bin/env bash
# Create a database with both addons and the demo township from data/ (or, --bare, Odoo's demo data only).
# Usage: create_db.sh DBNAME [--keep|--bare]
#   --keep: leave an existing, complete database alone
#   --bare: addons only, no township (test databases: tests build their own data)
source "$(dirname "$0")/lib.sh"
DB=$1
ADDONS=xinfang_petition,xinfang_supervision

if [ "${2:-}" = "--keep" ] && psql -d "$DB" -Atqc \
     "select 1 from ir_config_parameter where key='xinfang.demo_township_loaded'" 2>/dev/null | grep -q 1; then
  echo "database $DB exists with the demo township: kept (make clean-db to rebuild)"
  exit 0
fi

step "create database $DB with $ADDONS"
dropdb --if-exists "$DB" 2>/dev/null || true
# The demo database speaks Chinese and holds only the township (Odoo's own demo companies, invoices in
# dollars and people would be noise, and their journal items would pin the company's currency).
# Test databases stay in the source language (tests assert English labels) and keep Odoo's demo data.
options=(--load-language=zh_CN)
[ "${2:-}" = "--bare" ] && options=(--with-demo)
quiet() { grep -vE 'DeprecationWarning|url_(encode|parse)|^\s*$|warnings.warn|from werkzeug' >&2; }
"$ROOT/scripts/odoo.sh" -d "$DB" -i base --skip-auto-install --stop-after-init "${options[@]}" --log-level=warn 2> >(quiet) \
  || die "creating $DB failed"
# The addons, without the modules Odoo would auto-install with them that call outside servers (IAP,
# Unsplash; README "Privacy"): scripts/privacy.py installs them from a shell, where those modules can be
# kept from auto-installing, and switches off the update notification and chatter link previews.
XINFANG_INSTALL="$ADDONS" "$ROOT/scripts/odoo.sh" shell -d "$DB" --no-http --log-level=warn \
  < "$ROOT/scripts/privacy.py" 2> >(quiet) || die "installing $ADDONS into $DB failed"
missing=$(psql -d "$DB" -Atqc "select count(*) from unnest(string_to_array('$ADDONS', ',')) a
  where a not in (select name from ir_module_module where state = 'installed')")
[ "$missing" = 0 ] || die "installing $ADDONS into $DB failed"

if [ "${2:-}" = "--bare" ]; then echo "database $DB ready (addons only)"; exit 0; fi

step "load the demo township (data/load_township.py)"
"$ROOT/scripts/odoo.sh" shell -d "$DB" --log-level=warn --no-http < "$ROOT/data/load_township.py" \
  || die "loading the demo township into $DB failed"
psql -d "$DB" -Atqc "select 1 from ir_config_parameter where key='xinfang.demo_township_loaded'" | grep -q 1 \
  || die "the demo township loader did not finish"

step "load the demo budget with posted bills (data/load_budget.py)"
"$ROOT/scripts/odoo.sh" shell -d "$DB" --log-level=warn --no-http < "$ROOT/data/load_budget.py" \
  || die "loading the demo budget into $DB failed"

step "load the village work and the day's roster (data/load_village_work.py)"
"$ROOT/scripts/odoo.sh" shell -d "$DB" --log-level=warn --no-http < "$ROOT/data/load_village_work.py" \
  || die "loading the village work into $DB failed"
echo "database $DB ready"
