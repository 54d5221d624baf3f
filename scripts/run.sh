#!/usr/bin/env bash
# Serve the demo database on http://127.0.0.1:8069 (WORKERS>0: prefork with the gevent port).
source "$(dirname "$0")/lib.sh"
trap - EXIT
DB=$1; WORKERS=${2:-0}
cat <<MSG

  xinfang is starting: http://127.0.0.1:${HTTP_PORT:-8069}/web/login   (database $DB)
  Demo logins (password = login):
$("$PY" "$ROOT/data/township.py" --logins | sed 's/^/    /')
  Administrator: admin / admin

MSG
extra=()
[ "$WORKERS" -gt 0 ] && extra=(--workers="$WORKERS" --gevent-port=8072)
exec "$ROOT/scripts/odoo.sh" -d "$DB" --db-filter="^${DB}\$" --no-database-list "${extra[@]}"
