#!/usr/bin/env bash
# Run the demo township and budget loaders on a copy of DB (a small township) so that `make run`'s
# data path is exercised by `make test` too.
source "$(dirname "$0")/lib.sh"
SRC=$1; COPY="${SRC}_demo"
step "load the demo township (${XINFANG_DEMO_PETITIONS:=40} petitions) and budget into a copy of $SRC"
dropdb --if-exists "$COPY"
createdb -T "$SRC" "$COPY" || die "could not copy $SRC"
export XINFANG_DEMO_PETITIONS
"$ROOT/scripts/odoo.sh" -d "$COPY" --load-language=zh_CN --stop-after-init --log-level=warn \
  || die "loading Chinese into $COPY failed"
"$ROOT/scripts/odoo.sh" shell -d "$COPY" --log-level=warn --no-http < "$ROOT/data/load_township.py" \
  || die "the township loader failed"
"$ROOT/scripts/odoo.sh" shell -d "$COPY" --log-level=warn --no-http < "$ROOT/data/load_budget.py" \
  || die "the budget loader failed"
psql -d "$COPY" -Atqc "select 1 from ir_config_parameter where key='xinfang.demo_township_loaded'" | grep -q 1 \
  || die "the township loader did not finish"
states=$(psql -d "$COPY" -Atqc "select count(distinct state) from xinfang_petition")
[ "$states" -ge 5 ] || die "the demo petitions cover only $states states"
"$ROOT/scripts/odoo.sh" shell -d "$COPY" --log-level=warn --no-http < "$ROOT/scripts/check_demo_assessment.py" \
  || die "the demo township's assessment differs from the independent SQL computation"
users=$(psql -d "$COPY" -Atqc "select count(*) from res_users where login in ('leader','deputy','director','staff','handler','mediator','finance','jijian')")
[ "$users" -eq 8 ] || die "expected the 8 demo role logins, found $users"
dropdb --if-exists "$COPY"
echo "demo loaders work: $states petition states, 8 demo role users"
