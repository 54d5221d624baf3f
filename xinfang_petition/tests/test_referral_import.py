"""The import of referred cases from the senders' exports: preview, per-row errors, all or nothing, idempotence,
bad files, who may import, the audit of each file."""

import base64
import contextlib
import csv
import hashlib
import io
import zipfile
from pathlib import Path
from unittest.mock import patch

import openpyxl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from ..wizard import referral_file_reader
from .common import XinfangCase, resident_id

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "referral_sample_12345"
HEADERS = ["工单编号", "转办类型", "来电人", "身份证号", "联系电话", "诉求标题", "诉求内容", "问题分类", "所属村",
           "派单时间", "办理时限", "反馈时限"]
ZH = "zh_CN"


def csv_bytes(rows, headers=HEADERS, encoding="utf-8-sig"):
    handle = io.StringIO()
    writer = csv.writer(handle)
    writer.writerow(headers)
    writer.writerows(rows)
    return handle.getvalue().encode(encoding)


def xlsx_bytes(rows, headers=HEADERS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def row(number="GD1", name="周一", id_number="", phone="13900000001", category="LAB-01", village="东岗村",
        sent="2026-11-25", due="2026-12-09", report="", kind="12345工单", subject="欠薪", content="工地欠薪三个月"):
    return [number, kind, name, id_number, phone, subject, content, category, village, sent, due, report]


@tagged("post_install", "-at_install")
@freeze_time("2026-12-01 02:00:00")
class TestReferralImport(XinfangCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the sample names categories in Chinese: load the Chinese terms as ``--load-language zh_CN`` would
        cls.env["res.lang"]._activate_lang(ZH)
        cls.env["ir.module.module"]._load_module_terms(["xinfang_petition"], [ZH])
        Department = cls.env["hr.department"]
        cls.villages = {name: Department.create({"name": name, "xinfang_unit_type": "village"})
                        for name in ("东岗村", "西岭村", "南溪村", "北塘村")}
        cls.body = cls.env.ref("xinfang_petition.referral_body_county_12345")
        cls.bureau = cls.env.ref("xinfang_petition.referral_body_county_bureau")
        cls.Petition = cls.env["xinfang.petition"].with_context(active_test=False)

    def wizard(self, data, name="export.csv", user=None, body=None, **vals):
        Wizard = self.env["xinfang.referral.import"].with_user(user or self.user_staff)
        return Wizard.create({"referral_body_id": (body or self.body).id, "file_data": base64.b64encode(data),
                              "file_name": name, **vals})

    def sample(self, extension="xlsx"):
        return SAMPLE.with_suffix(f".{extension}").read_bytes()

    def referred(self, body=None):
        return self.Petition.search([("referral_body_id", "=", (body or self.body).id)])

    # --- the sample export ----------------------------------------------------------------------
    def test_preview_of_the_sample_writes_nothing(self):
        for extension in ("xlsx", "csv"):
            wizard = self.wizard(self.sample(extension), f"referral_sample_12345.{extension}")
            self.assertEqual(wizard.column_ids.filtered(lambda c: c.target == "petitioner_name").header, "来电人",
                             "the mapping is prefilled with the 12345 export's headers")
            wizard.action_preview()
            self.assertEqual((wizard.state, wizard.new_count, wizard.exists_count, wizard.error_count),
                             ("preview", 5, 0, 0), wizard.line_ids.mapped("message"))
            self.assertEqual(wizard.line_ids.mapped("external_number")[:2], ["GD202611250001", "GD202611250002"])
            first_row = 3 if extension == "xlsx" else 2  # the xlsx has the platform's title line above the headers
            self.assertEqual(wizard.line_ids[0].row, first_row)
        self.assertFalse(self.referred())

    def test_import_creates_registered_referred_cases_and_audits_the_file(self):
        known = self.env["xinfang.petitioner"].create(
            {"name": "王建国", "id_number": resident_id("33010619650312001")})
        wizard = self.wizard(self.sample(), "referral_sample_12345.xlsx")
        wizard.action_preview()
        wizard.action_import()
        petitions = self.referred()
        self.assertEqual(len(petitions), 5)
        self.assertEqual(wizard.petition_ids, petitions)
        self.assertEqual(set(petitions.mapped("state")), {"to_accept"})
        self.assertEqual(set(petitions.mapped("channel")), {"referral"})
        self.assertEqual(set(petitions.mapped("registered_by_id")), {self.user_staff})
        wage = petitions.filtered(lambda p: p.external_number == "GD202611250001")
        self.assertRecordValues(wage, [{
            "referral_kind": "hotline", "petitioner_id": known.id, "village_id": self.villages["东岗村"].id,
            "category_id": self.env.ref("xinfang_petition.category_wage_arrears").id,
            "subject": "工地拖欠三个月工资", "registration_date": wage.referral_date,
        }])
        self.assertEqual(str(wage.referral_date), "2026-11-25")
        self.assertEqual(str(wage.referral_deadline), "2026-12-09")
        self.assertEqual(str(wage.report_back_due), "2026-12-08")
        homestead = petitions.filtered(lambda p: p.external_number == "GD202611250002")
        self.assertEqual(homestead.referral_kind, "assign")
        self.assertEqual(homestead.category_id, self.env.ref("xinfang_petition.category_homestead"))
        no_title = petitions.filtered(lambda p: p.external_number == "GD202611260003")
        self.assertTrue(no_title.subject.startswith("村里2026年耕地"), "no title: the content's first line")
        self.assertEqual(no_title.village_id, self.villages["南溪村"], "南溪 is 南溪村")
        self.assertFalse(no_title.petitioner_id.id_number)
        # audited: a note on each case naming the file and its hash, the file itself on the referring body
        sha256 = hashlib.sha256(self.sample()).hexdigest()
        self.assertIn(f"referral_sample_12345.xlsx (SHA-256 {sha256}), row 3", "".join(wage.message_ids.mapped("body")))
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "xinfang.referral.body"), ("res_id", "=", self.body.id)])
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.raw, self.sample())
        self.assertIn(sha256, attachment.description)
        self.assertIn("GD202611270005", attachment.description)
        self.assertIn(self.user_staff.name, attachment.description)
        self.assertEqual(self.body.import_mapping["petitioner_name"], "来电人", "the mapping is saved for the body")

    def test_reimporting_the_same_file_changes_nothing_and_says_so(self):
        self.wizard(self.sample()).action_import()
        before = self.referred()
        attachments = self.env["ir.attachment"].search_count([("res_model", "=", "xinfang.referral.body")])
        again = self.wizard(self.sample(), "referral_sample_12345.xlsx")
        again.action_preview()
        self.assertEqual((again.new_count, again.exists_count, again.error_count), (0, 5, 0))
        self.assertIn("Nothing to import", again.summary)
        self.assertIn(self.user_staff.name, again.summary, "the earlier import of the same file is named")
        self.assertIn(before[0].name, "".join(again.line_ids.mapped("message")))
        with self.assertRaisesRegex(UserError, "Nothing to import"):
            again.action_import()
        # the csv export of the same cases: another file, the same numbers
        csv_again = self.wizard(self.sample("csv"))
        with self.assertRaisesRegex(UserError, "Nothing to import: the 5 cases"):
            csv_again.action_import()
        self.assertEqual(self.referred(), before)
        self.assertEqual(self.env["ir.attachment"].search_count([("res_model", "=", "xinfang.referral.body")]),
                         attachments)

    def test_the_numbers_belong_to_their_sender(self):
        self.wizard(self.sample()).action_import()
        wizard = self.wizard(self.sample(), body=self.bureau)
        wizard.action_preview()
        self.assertEqual(wizard.new_count, 5, "the bureau's GD202611250001 is another case than the hotline's")

    def test_csv_in_gbk_and_utf8(self):
        rows = [row(number="A1"), row(number="A2", category="劳动和社会保障 / 拖欠工资", village="西岭")]
        for encoding in ("utf-8", "utf-8-sig", "gbk"):
            wizard = self.wizard(csv_bytes(rows, encoding=encoding))
            wizard.action_preview()
            self.assertEqual(wizard.new_count, 2, (encoding, wizard.line_ids.mapped("message")))

    # --- per-row errors and all or nothing ----------------------------------------------------------
    def bad_file(self):
        return csv_bytes([
            row(number="E1", id_number="330106196503120011"),  # wrong check digit
            row(number="E2", category="Fishing Rights"),
            row(number="E3", village="Atlantis"),
            row(number="E4"),
            row(number="E4", name="周二"),
            row(number="E5", sent="", due=""),
            row(number="E6", sent="2026-11-25", due="2026-11-20"),
            row(number="E7", sent="2026-12-24", due="2026-12-30"),
            row(number="E8", sent="yesterday"),
            row(number="", name=""),
            row(number="OK1", id_number=resident_id("33010619800909004")),
        ])

    def test_preview_lists_each_row_error(self):
        wizard = self.wizard(self.bad_file())
        wizard.action_preview()
        messages = {line.row: line.message or "" for line in wizard.line_ids}
        self.assertEqual((wizard.new_count, wizard.error_count), (2, 9))
        self.assertIn("check digit", messages[2])
        self.assertIn("Unknown category Fishing Rights", messages[3])
        self.assertIn("Unknown village Atlantis", messages[4])
        self.assertFalse(messages[5], "the first E4 is fine")
        self.assertIn("also on row 5", messages[6])
        self.assertIn("No referral date", messages[7])
        self.assertIn("No sender's deadline", messages[7])
        self.assertIn("before the referral date", messages[8])
        self.assertIn("in the future", messages[9])
        self.assertIn("not a date", messages[10])
        self.assertIn("No sender's case number", messages[11])
        self.assertIn("No petitioner name", messages[11])
        self.assertFalse(self.referred())

    def test_a_file_with_errors_imports_nothing_unless_the_valid_rows_are_chosen(self):
        wizard = self.wizard(self.bad_file())
        wizard.action_preview()
        with self.assertRaisesRegex(UserError, "9 of the 11 rows have errors; nothing was imported"):
            wizard.action_import()
        self.assertFalse(self.referred())
        wizard.skip_invalid = True
        wizard.action_import()
        self.assertEqual(sorted(self.referred().mapped("external_number")), ["E4", "OK1"])

    def test_a_row_failing_at_import_rolls_back_the_whole_file(self):
        petitioners = self.env["xinfang.petitioner"].search_count([])
        register = type(self.env["xinfang.petition"]).action_register

        def refuse_the_third(petitions):
            if petitions.external_number == "GD202611260003":
                raise UserError("refused for the test")
            return register(petitions)

        wizard = self.wizard(self.sample())
        with patch.object(type(self.env["xinfang.petition"]), "action_register", refuse_the_third), \
                self.assertRaisesRegex(UserError, r"Row 5: refused for the test\nNothing was imported"):
            wizard.action_import()
        self.assertFalse(self.referred())
        self.assertEqual(self.env["xinfang.petitioner"].search_count([]), petitioners)
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", "xinfang.referral.body")]))

    # --- the column mapping -------------------------------------------------------------------------
    def test_mapping_is_saved_per_body_and_prefilled(self):
        headers = ["编号", *HEADERS[1:]]
        wizard = self.wizard(csv_bytes([row(number="M1")], headers=headers), body=self.bureau)
        with self.assertRaisesRegex(UserError, "No sheet of the file has a header line with the columns 工单编号"):
            wizard.action_preview()
        wizard.column_ids.filtered(lambda c: c.target == "external_number").header = "编号"
        wizard.column_ids.filtered(lambda c: c.target == "phone").header = False  # not imported
        wizard.action_preview()
        self.assertEqual(wizard.new_count, 1)
        self.assertEqual(self.bureau.import_mapping["external_number"], "编号")
        self.assertEqual(self.bureau.import_mapping["phone"], "", "saved as not imported")
        later = self.wizard(csv_bytes([row(number="M2")], headers=headers), body=self.bureau)
        self.assertEqual(later.column_ids.filtered(lambda c: c.target == "external_number").header, "编号")
        self.assertFalse(later.column_ids.filtered(lambda c: c.target == "phone").header)
        self.assertEqual(self.body.import_mapping or {}, {}, "the other body's mapping is its own")
        wizard.column_ids.filtered(lambda c: c.target == "content").header = False
        with self.assertRaisesRegex(UserError, "Name the column of: Facts and Reasons"):
            wizard.action_preview()

    # --- bad files -----------------------------------------------------------------------------------
    def assert_refused(self, data, name, message):
        wizard = self.wizard(data, name)
        with self.assertRaisesRegex(UserError, message):
            wizard.action_preview()
        with self.assertRaisesRegex(UserError, message):
            wizard.action_import()
        self.assertFalse(self.referred())
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", "xinfang.referral.body")]))

    def test_bad_files_are_refused_and_leave_nothing_behind(self):
        self.assert_refused(b"", "export.xlsx", "Choose the export file to import")
        self.assert_refused(b" \r\n", "export.csv", "No sheet of the file")
        self.assert_refused(b"%PDF-1.4 not a spreadsheet", "export.pdf", r"an \.xlsx or \.csv file \(not \.pdf\)")
        self.assert_refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "export.xls", "old Excel")
        self.assert_refused(b"\x89PNG\r\n\x1a\n\0\0", "export.csv", "not a text")
        self.assert_refused(bytes(range(256)) * 41000, "junk.csv", "too large")
        self.assert_refused(b"PK\x03\x04 junk that is no zip", "export.xlsx", "cannot be read as an Excel workbook")
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as handle:
            handle.writestr("hello.txt", "not a workbook")
        self.assert_refused(archive.getvalue(), "export.xlsx", "cannot be read as an Excel workbook")
        self.assert_refused(xlsx_bytes([["a", "b"]], headers=["姓名", "地址"]), "export.xlsx", "No sheet of the file")
        self.assert_refused(csv_bytes([]), "export.csv", "a header line but no cases")
        self.assert_refused("工单编号\n\u00ff".encode("utf-16"), "export.csv", "not a text")

    def test_formulas_are_refused(self):
        data = xlsx_bytes([row(number="F1")[:9] + ["=TODAY()", "2026-12-09", ""]])
        self.assert_refused(data, "export.xlsx", "Cell J2 of sheet Sheet holds a formula")

    def test_too_many_rows(self):
        with patch.object(referral_file_reader, "MAX_ROWS", 5):
            self.assert_refused(csv_bytes([row(number=f"N{i}") for i in range(20)]), "export.csv",
                                "more than 5 rows")
            self.assert_refused(xlsx_bytes([row(number=f"N{i}") for i in range(20)]), "export.xlsx",
                                "more than 5 rows")

    # --- who may import -------------------------------------------------------------------------------
    def test_only_the_office_imports(self):
        for user in (self.user_handler, self.user_mediator, self.user_finance, self.user_plain):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.wizard(self.sample(), user=user)
        wizard = self.wizard(self.sample())
        for user in (self.user_handler, self.user_mediator):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                wizard.with_user(user).action_preview()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                wizard.with_user(user).action_import()
        # the ACL guards the wizard; the actions check the role first (a wizard reached by other means)
        with self.assertRaisesRegex(AccessError, "Only the petition office"):
            wizard.with_user(self.user_mediator).action_import()
        for user in (self.user_leader, self.user_director):
            with self.subTest(user=user.login):
                self.wizard(self.sample(), user=user).action_preview()
        self.assertFalse(self.referred())


@tagged("post_install", "-at_install")
@freeze_time("2026-12-01 02:00:00")
class TestReferralImportFuzz(XinfangCase):
    """Malformed files never get past a clear UserError, nor leave a case behind."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.body = cls.env.ref("xinfang_petition.referral_body_county_12345")

    def run_wizard(self, data, name):
        Petition = self.env["xinfang.petition"].with_context(active_test=False)
        before = Petition.search_count([("referral_body_id", "=", self.body.id)])
        wizard = self.env["xinfang.referral.import"].with_user(self.user_staff).create({
            "referral_body_id": self.body.id, "file_data": base64.b64encode(data), "file_name": name})
        with contextlib.suppress(UserError):
            wizard.action_preview()
        if wizard.state == "preview":
            self.assertEqual(wizard.new_count + wizard.exists_count + wizard.error_count, len(wizard.line_ids))
            with contextlib.suppress(UserError):
                wizard.action_import()
        imported = wizard.new_count if wizard.state == "done" else 0
        # all or nothing: the file's new cases, or none of them
        self.assertEqual(Petition.search_count([("referral_body_id", "=", self.body.id)]), before + imported)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.binary(max_size=2048), st.sampled_from(["x.csv", "x.xlsx", "x", "x.txt", "x.doc"]))
    def test_random_bytes(self, data, name):
        self.run_wizard(data, name)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.lists(st.text(max_size=30), max_size=14), max_size=8),
           st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]))
    def test_random_csv_under_the_real_headers(self, rows, encoding):
        handle = io.StringIO()
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows)
        self.run_wizard(handle.getvalue().encode(encoding, errors="replace"), "export.csv")

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.lists(st.one_of(
        st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
        st.dates(), st.datetimes()), min_size=1, max_size=14), max_size=6))
    def test_random_xlsx_cells_under_the_real_headers(self, rows):
        self.run_wizard(xlsx_bytes(rows), "export.xlsx")

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(0, 6000), st.integers(0, 255))
    @example(cut=5978, byte=64)  # a central directory asking for zip version 6.4: NotImplementedError
    def test_truncated_and_corrupted_sample(self, cut, byte):
        data = bytearray(SAMPLE.with_suffix(".xlsx").read_bytes())
        cut %= len(data)
        data[cut] = byte
        self.run_wizard(bytes(data[: max(cut, 1) * 2]), "export.xlsx")
