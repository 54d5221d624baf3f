#!/usr/bin/env bash
# Run Odoo from the extracted Debian tree with the project's configuration.
# Usage: scripts/odoo.sh [COMMAND] [OPTIONS...]   (COMMAND defaults to server; e.g. shell, i18n, db)
source "$(dirname "$0")/lib.sh"
trap - EXIT
CONF="$ODOO_DIR/odoo.conf"
{
  echo "[options]"
  echo "addons_path = $ROOT"
  echo "data_dir = $ODOO_DIR/data"
  echo "http_interface = ${HTTP_INTERFACE:-127.0.0.1}"
  echo "http_port = ${HTTP_PORT:-8069}"
  echo "admin_passwd = ${ADMIN_PASSWD:-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
  echo "log_handler = :INFO,werkzeug:WARNING,py.warnings:ERROR"
  # Prefer the socket; fall back to TCP when only 127.0.0.1:5432 answers.
  if ! pg_isready -q 2>/dev/null && pg_isready -q -h 127.0.0.1 2>/dev/null; then echo "db_host = 127.0.0.1"; fi
} > "$CONF.$$.tmp" && mv "$CONF.$$.tmp" "$CONF"
cmd=(server)
case "${1:-}" in ""|-*) ;; *) cmd=("$1"); shift ;; esac
# `i18n` takes its options after its own subcommand (i18n export -c ...)
if [ "${cmd[0]}" = i18n ] && [ $# -gt 0 ]; then cmd+=("$1"); shift; fi
# Debian's launcher script, not `python -m odoo`: in prefork mode (--workers) the server respawns its
# gevent (longpolling/websocket) process as `python <argv[0]> gevent ...`, which needs a script path.
exec "$PY" "$ODOO_ROOT/usr/bin/odoo" "${cmd[@]}" -c "$CONF" "$@"
