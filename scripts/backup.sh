#!/usr/bin/env bash
# Back up a database with its filestore (Odoo's zip dump) and write a fingerprint beside it.
# Usage: backup.sh DB [FILE.zip]
source "$(dirname "$0")/lib.sh"
DB=$1
mkdir -p "$ROOT/backups"
FILE=${2:-$ROOT/backups/$DB-$(date +%Y%m%d-%H%M%S).zip}
step "dump $DB with filestore to $FILE"
"$ROOT/scripts/odoo.sh" db dump "$DB" "$FILE" || die "odoo db dump failed"
"$PY" "$ROOT/scripts/db_fingerprint.py" "$DB" "$ROOT/.odoo/data/filestore/$DB" > "$FILE.fingerprint"
echo "backup: $FILE ($(du -h "$FILE" | cut -f1)); fingerprint: $FILE.fingerprint"
