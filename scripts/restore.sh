#!/usr/bin/env bash
# Restore a backup made by backup.sh into DB (replaced if it exists) and verify its fingerprint.
# Usage: restore.sh FILE.zip DB
source "$(dirname "$0")/lib.sh"
FILE=$1; DB=$2
[ -f "$FILE" ] || die "no backup file $FILE"
step "restore $FILE into $DB"
"$ROOT/scripts/odoo.sh" db load --force "$DB" "$FILE" || die "odoo db load failed"
if [ -f "$FILE.fingerprint" ]; then
  step "compare counts and checksums with the backup's fingerprint"
  "$PY" "$ROOT/scripts/db_fingerprint.py" "$DB" "$ROOT/.odoo/data/filestore/$DB" > "$FILE.restored"
  diff -u "$FILE.fingerprint" "$FILE.restored" || die "restored database differs from the backup"
  rm -f "$FILE.restored"
  echo "restore verified: every petition, attachment and log matches"
fi
