#!/usr/bin/env bash
# Use the running PostgreSQL (socket, then 127.0.0.1:5432); otherwise install and start one.
# Make sure a superuser login role exists for the current OS user (Odoo refuses the postgres role).
source "$(dirname "$0")/lib.sh"

ME=$(id -un)
can_connect() { psql -d postgres -Atqc 'select 1' >/dev/null 2>&1 || psql -h 127.0.0.1 -d postgres -Atqc 'select 1' >/dev/null 2>&1; }
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sudo -u postgres sh -c "$*"; fi; }

step "find a PostgreSQL server"
if ! pg_isready -q 2>/dev/null && ! pg_isready -q -h 127.0.0.1 2>/dev/null; then
  command -v pg_ctlcluster >/dev/null || apt_ensure postgresql
  if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
    ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
    as_root pg_createcluster "$ver" main
  fi
  pg_lsclusters -h | while read -r ver name _; do
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start || true
  done
  for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
  pg_isready -q || die "PostgreSQL did not start"
fi

step "login role for $ME"
if ! can_connect; then
  as_postgres "psql -Atqc \"select 1 from pg_roles where rolname='$ME'\" | grep -q 1 || createuser --superuser '$ME'" \
    || die "could not create the PostgreSQL role $ME"
fi
can_connect || die "role $ME cannot connect (check pg_hba.conf: peer or trust for local connections)"
echo "PostgreSQL ready for $ME: $(psql -d postgres -Atqc 'show server_version' 2>/dev/null || psql -h 127.0.0.1 -d postgres -Atqc 'show server_version')"
