#!/usr/bin/env bash
# Run every test (unit, integration, browser tours) with pytest-odoo against DB.
# Usage: test.sh DB [pytest args...]
source "$(dirname "$0")/lib.sh"
DB=$1; shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(xinfang_petition/tests xinfang_supervision/tests tests)
step "pytest-odoo on $DB (browser tours in Chromium)"
cd "$ROOT"
conf="$ODOO_DIR/odoo.conf"
export XINFANG_TEST_DB="$DB"   # tests/test_workers.py serves a copy of it with workers and a replica
"$ROOT/scripts/odoo.sh" --version >/dev/null   # writes the config file
set +e
"$VENV/bin/pytest" --odoo-config="$conf" --odoo-database="$DB" --odoo-http --odoo-log-level=warn \
  -p no:cacheprovider -q "${targets[@]}"
rc=$?
set -e
[ $rc -eq 5 ] && die "pytest collected no test"
[ $rc -eq 0 ] || die "tests failed (pytest exit $rc)"
