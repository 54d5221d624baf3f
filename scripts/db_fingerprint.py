"""Print counts and content checksums of what a backup must keep: petitions, their people, assignments,
extensions, attachments (with the filestore files), the chatter/tracking logs and the audit log.

Usage: python db_fingerprint.py DB FILESTORE_DIR
"""

import hashlib
import os
import sys

import psycopg2
from psycopg2 import sql

TABLES = {
    "xinfang_petition": "id",
    "xinfang_petitioner": "id",
    "xinfang_assignment": "id",
    "xinfang_extension": "id",
    "ir_attachment": "id",
    "mail_message": "id",
    "mail_tracking_value": "id",
    "auditlog_log": "id",
    "auditlog_log_line": "id",
}


def table_digest(cr, table, key):
    cr.execute("SELECT to_regclass(%s)", [table])
    if cr.fetchone()[0] is None:
        return 0, "-"
    query = sql.Composed([
        sql.SQL("SELECT md5(t::text) FROM "), sql.Identifier(table), sql.SQL(" t ORDER BY "), sql.Identifier(key),
    ])
    cr.execute(query)
    digest = hashlib.sha256()
    count = 0
    for (row_md5,) in cr:
        digest.update(row_md5.encode())
        count += 1
    return count, digest.hexdigest()[:16]


def filestore_digest(path):
    digest = hashlib.sha256()
    count = 0
    for folder, _dirs, files in sorted(os.walk(path)):
        for name in sorted(files):
            with open(os.path.join(folder, name), "rb") as handle:
                digest.update(hashlib.sha1(handle.read()).digest())
            count += 1
    return count, digest.hexdigest()[:16]


def main(db, filestore):
    host = {} if os.path.exists("/var/run/postgresql") else {"host": "127.0.0.1"}
    with psycopg2.connect(dbname=db, **host) as conn, conn.cursor() as cr:
        for table, key in TABLES.items():
            count, digest = table_digest(cr, table, key)
            print(f"{table}: {count} rows {digest}")
    count, digest = filestore_digest(filestore)
    print(f"filestore: {count} files {digest}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
