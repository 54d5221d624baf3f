"""make backup / make restore round trip: every petition, attachment (file included) and log comes back.

Plain pytest: a copy of ``XINFANG_TEST_DB`` (``createdb -T``, with its filestore) gets a petition with
an attachment, chatter and audit-log rows; scripts/backup.sh dumps it (Odoo's zip with the filestore,
plus a fingerprint), scripts/restore.sh loads it under another name and compares the fingerprints
itself; the test compares them again, and the attachment's bytes. Both databases, their filestores
and the dump are removed whatever happens. Skipped when ``XINFANG_TEST_DB`` is not set.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from db_copy import FILESTORE, ROOT, SOURCE, database_copy, drop_database, needs_source, psql

CONTENT = "信访材料：土地承包合同扫描件".encode() * 200
pytestmark = needs_source

SHELL_SCRIPT = f"""
import base64
Petition = env["xinfang.petition"]
person = env["xinfang.petitioner"].create({{"name": "备份测试人", "phone": "13812345678"}})
petition = Petition.create({{"subject": "Backup round trip", "petitioner_id": person.id,
                             "category_id": env["xinfang.category"].search([], limit=1).id}})
petition.action_register()
env["ir.attachment"].create({{"name": "contract.pdf", "res_model": "xinfang.petition", "res_id": petition.id,
                             "datas": base64.b64encode({CONTENT!r})}})
petition.message_post(body="Scanned the contract.", subtype_xmlid="mail.mt_note")
env["xinfang.petitioner"].browse(person.id).read(["name"])
env.cr.commit()
print("PETITION", petition.id)
"""


def _run(args, timeout=600, **kwargs):
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=ROOT, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _fingerprint(db):
    return _run([sys.executable, "scripts/db_fingerprint.py", db, str(FILESTORE / db)], timeout=120)


def test_backup_and_restore_keep_everything(tmp_path):
    restored = f"{SOURCE}_rs{os.getpid()}"
    dump = tmp_path / "backup.zip"
    try:
        drop_database(restored)
        with database_copy("bk") as copy:
            out = _run([str(ROOT / "scripts" / "odoo.sh"), "shell", "-d", copy, "--no-http", "--log-level=warn"],
                       input=SHELL_SCRIPT)
            assert "PETITION" in out, out

            _run(["bash", "scripts/backup.sh", copy, str(dump)])
            assert dump.exists() and Path(f"{dump}.fingerprint").exists()
            _run(["bash", "scripts/restore.sh", str(dump), restored])  # compares the fingerprints itself

            before, after = _fingerprint(copy), _fingerprint(restored)
        assert before == after, f"backup:\n{before}\nrestored:\n{after}"
        counts = {line.split(":")[0]: int(line.split()[1]) for line in after.splitlines()}
        for table in ("xinfang_petition", "ir_attachment", "mail_message", "mail_tracking_value",
                      "auditlog_log", "auditlog_log_line"):
            assert counts[table] > 0, f"{table} is part of the round trip"
        assert counts["filestore"] > 0
        store = psql(restored, "SELECT store_fname, checksum FROM ir_attachment "
                               "WHERE res_model = 'xinfang.petition' AND name = 'contract.pdf'")
        store_fname, checksum = store.split("|")
        data = (FILESTORE / restored / store_fname).read_bytes()
        assert data == CONTENT and hashlib.sha1(data).hexdigest() == checksum
    finally:
        drop_database(restored)
        for path in tmp_path.glob("backup.zip*"):
            path.unlink()
