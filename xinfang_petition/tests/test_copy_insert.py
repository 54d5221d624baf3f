from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from ..models.xinfang_copy_insert import COPY_MIN_ROWS
from .common import XinfangCase

# what COPY's text format escapes or could mistake: a tab, line ends, a backslash, its NULL marker
AWKWARD_TEXTS = ["分\t栏", "一行\n二行\r\n三行", "C:\\村委会\\N", "\\N", "引号'\"；", "  前后有空格  ", "普通"]


class TestCopyInsert(XinfangCase):
    """An import's batch goes to PostgreSQL by COPY: the rows, the computed fields, the constraints
    and the access rules are those of Odoo's INSERT."""

    def _rows(self, tag, count=COPY_MIN_ROWS + 20):
        today = fields.Date.context_today(self.env["xinfang.petition"])
        rows = []
        for i in range(count):
            vals = {
                "subject": f"{tag} {i} {AWKWARD_TEXTS[i % len(AWKWARD_TEXTS)]}",
                "content": AWKWARD_TEXTS[(i + 1) % len(AWKWARD_TEXTS)] * 3,
                "request": AWKWARD_TEXTS[(i + 2) % len(AWKWARD_TEXTS)] if i % 4 else False,
                "channel": ("visit", "letter", "phone")[i % 3],
                "category_id": (self.category, self.category_labour)[i % 2].id,
                "village_id": (self.village_a, self.village_b)[i % 2].id,
                "head_count": 1 + i % 7,
                "registration_date": today - timedelta(days=i % 30),
            }
            if i % 3 == 0:  # some rows give more fields than others
                vals.update(referral_date=vals["registration_date"], referral_deadline=today + timedelta(days=i % 9),
                            external_number=f"GD\t{i:04d}")
            rows.append(vals)
        return rows

    def _columns(self, petitions):
        names = [name for name, field in petitions._fields.items()
                 if field.store and field.column_type and name != "id"]
        # sudo: the comparison reads every column, sealed ones included
        return [{k: v for k, v in row.items() if k != "id"} for row in petitions.sudo().read(names)]

    def test_a_batch_by_copy_stores_what_the_insert_stores(self):
        Petition = self.env["xinfang.petition"].with_user(self.user_staff)
        rows = self._rows("批量")
        by_copy = Petition.create(rows)
        by_insert = Petition.browse()
        for first in range(0, len(rows), COPY_MIN_ROWS - 1):  # batches small enough for Odoo's INSERT
            by_insert |= Petition.create(rows[first:first + COPY_MIN_ROWS - 1])

        self.env.flush_all()  # the computed fields written, as a read would
        in_cache = self._columns(by_copy)
        self.env.invalidate_all()
        in_database = self._columns(by_copy)
        # Odoo's flush of a computed field stamps the writer in the row, not in the cache, whichever
        # way the row went in: that stamp aside, the cache holds what the rows hold
        stamp = {"write_uid", "write_date"}
        self.assertEqual([{k: v for k, v in row.items() if k not in stamp} for row in in_database],
                         [{k: v for k, v in row.items() if k not in stamp} for row in in_cache])
        self.assertEqual(in_database, self._columns(by_insert))
        self.assertEqual(by_copy[5].subject, f"批量 5 {AWKWARD_TEXTS[5]}")
        self.assertEqual(by_copy[2].content, "\\N" * 3, "a backslash-N text is a text, not NULL")
        self.assertFalse(by_copy[4].request)
        self.assertEqual(by_copy[:3].mapped("external_number"), ["GD\t0000", False, False])

    def test_the_computed_fields_of_the_batch_follow_its_rows(self):
        petitions = self.env["xinfang.petition"].with_user(self.user_staff).create(self._rows("计算"))
        self.env.invalidate_all()
        referred = petitions.filtered("referral_deadline")
        self.assertEqual(len(referred), 40)
        self.assertEqual(referred.mapped("report_back_due"), referred.mapped("referral_deadline"))
        self.assertFalse((petitions - referred).filtered("report_back_due"))
        self.assertEqual(petitions.filtered("is_collective").mapped("head_count"), [5, 6, 7] * 17)

    def test_a_bad_row_refuses_the_whole_batch(self):
        Petition = self.env["xinfang.petition"].with_user(self.user_staff)
        rows = self._rows("拒绝")
        rows[-1]["head_count"] = 0  # the database's CHECK constraint
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            Petition.create(rows)
        rows = self._rows("拒绝")
        rows[-1]["registration_date"] = fields.Date.today() + timedelta(days=3)  # a Python constraint
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Petition.create(rows)
        self.assertFalse(Petition.search_count([("subject", "=like", "拒绝 %")]))

    def test_the_record_rules_apply_to_the_batch(self):
        other = self.env["res.company"].create({"name": "邻镇人民政府"})
        rows = [dict(vals, company_id=other.id) for vals in self._rows("越权")]
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env["xinfang.petition"].with_user(self.user_staff).create(rows)
        self.assertFalse(self.env["xinfang.petition"].search_count([("subject", "=like", "越权 %")]))

    def test_the_import_button_loads_a_file_whole_or_names_the_bad_row(self):
        """Odoo's Import (``load``) creates the file's rows in one batch: by COPY, as the staff member."""
        Petition = self.env["xinfang.petition"].with_user(self.user_staff)
        columns = ["subject", "content", "channel", "category_id/id", "village_id/.id", "head_count",
                   "registration_date"]

        def sheet(tag):
            return [[vals["subject"], vals["content"], vals["channel"], "xinfang_petition.category_land",
                     str(vals["village_id"]), str(vals["head_count"]), str(vals["registration_date"])]
                    for vals in self._rows(tag)]

        result = Petition.load(columns, sheet("导入"))
        self.assertEqual(result["messages"], [])
        self.assertEqual(len(result["ids"]), COPY_MIN_ROWS + 20)
        imported = Petition.browse(result["ids"])
        self.assertEqual(imported[1].subject, f"导入 1 {AWKWARD_TEXTS[1]}")
        self.assertEqual(set(imported.mapped("category_id")), {self.category})

        data = sheet("坏行")
        data[57][5] = "0"
        with mute_logger("odoo.sql_db"):  # the row-by-row retry that finds the row logs its INSERT
            result = Petition.load(columns, data)
        self.assertFalse(result["ids"])
        self.assertEqual([(m["type"], m["rows"]["from"]) for m in result["messages"]], [("error", 57)])
        self.assertIn("The head count must be at least 1.", result["messages"][0]["message"])
        self.assertFalse(Petition.search_count([("subject", "=like", "坏行 %")]))
