#!/usr/bin/env bash
# ruff (style and bugs) and pylint-odoo (Odoo-specific checks): errors fail the build.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
step "ruff"
"$VENV/bin/ruff" check xinfang_petition xinfang_supervision data tests || die "ruff found problems"
step "pylint-odoo"
set +e
"$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" xinfang_petition xinfang_supervision
rc=$?
set -e
# pylint's exit code is a bit mask: 1 fatal, 2 error (4 warning, 8 refactor, 16 convention are reported only)
[ $((rc & 3)) -eq 0 ] || die "pylint-odoo reported errors (exit $rc)"
step "sudo() in public routes and SQL built by string formatting"
bash "$ROOT/scripts/check_sources.sh" || die "source checks failed"
step "docs/rules.md links land on their definitions"
"$PY" "$ROOT/scripts/rules_links.py" || die "docs/rules.md is off the code: run scripts/rules_links.py --fix"
step "Chinese translations complete"
"$PY" "$ROOT/scripts/check_translations.py" || die "strings without a Chinese translation"
echo "lint clean"
