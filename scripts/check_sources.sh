#!/usr/bin/env bash
# Project rules grep can enforce:
#  1. sudo() inside an auth='public' route needs a '# sudo-safe:' justification on the same or previous line;
#  2. no SQL built by string formatting (use parameters or odoo.tools.SQL).
cd "$(dirname "$0")/.."
fail=0
for f in $(git ls-files 'xinfang_*/controllers/*.py' 2>/dev/null); do
  awk -v F="$f" '
    /auth *= *["\x27]public["\x27]/ { public=1 }
    /^    def / && !/@/ { if (prev !~ /route/) {} }
    /^    @http\.route/ { public=0 }
    /auth *= *["\x27]public["\x27]/ { public=1 }
    public && /\.sudo\(/ && $0 !~ /# sudo-safe:/ && prevline !~ /# sudo-safe:/ {
      printf "%s:%d: sudo() in a public route without a # sudo-safe: comment\n", F, NR; bad=1 }
    { prevline=$0 }
    END { exit bad }' "$f" || fail=1
done
if git grep -nE "(cr|cursor)\.execute\((f[\"']|[\"'][^\"']*[\"'] *%|.*\.format\()" -- '*.py' 2>/dev/null; then
  echo "SQL built by string formatting (use parameters or odoo.tools.SQL)"; fail=1
fi
exit $fail
