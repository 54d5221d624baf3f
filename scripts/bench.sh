#!/usr/bin/env bash
# make bench: build a fresh benchmark database (both addons + project, no demo data), then measure.
# Usage: bench.sh [DB] [--quick]   Results on stdout and in bench-results/latest.txt; progress on stderr.
source "$(dirname "$0")/lib.sh"
DB=${1:-xinfang_bench}; shift || true
ADDONS=xinfang_petition,xinfang_supervision,project

step "create $DB with $ADDONS (no demo data)" >&2
dropdb --if-exists "$DB" 2>/dev/null || true
"$ROOT/scripts/odoo.sh" -d "$DB" -i "$ADDONS" --stop-after-init --max-cron-threads=0 \
  --log-level=warn 2> >(grep -vE 'DeprecationWarning|url_(encode|parse)|^\s*$|warnings.warn|from werkzeug' >&2) \
  || die "installing $ADDONS into $DB failed"

step "benchmarks on $DB (17-26 minutes on 2 cores, --quick about 9; figures on stdout)" >&2
cd "$ROOT"
"$PY" "$ROOT/tests/bench/bench_xinfang.py" --db "$DB" "$@" || die "the benchmark failed"
echo "results written to bench-results/latest.txt" >&2
