"""The petition ledger (信访台账, Excel) and the monthly report (信访月报): columns, masking, figures.

The workbooks are read back with openpyxl; the monthly figures are checked against SQL written here over
the petition table itself (not the metrics view the model counts from).
"""

import io
from datetime import date

import openpyxl

from odoo.addons.xinfang_petition.tests.common import resident_id
from odoo.addons.xinfang_supervision.models.xinfang_monthly_statistics import CHANNEL_BUCKETS
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import SupervisionCase

LEDGER = "xinfang_supervision.action_report_petition_ledger_xlsx"
MONTHLY = "xinfang_supervision.action_report_monthly_statistics_xlsx"
ACCUSER_ID = resident_id("44030519700101001")


def read_sheet(content):
    """The first sheet of an xlsx file as a list of rows (lists of cell values)."""
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


@tagged("post_install", "-at_install")
@freeze_time("2026-06-20")
class TestPetitionLedger(SupervisionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_staff_jijian = new_test_user(
            cls.env, login="xf_staff_jijian", name="Staff Jijian",
            groups="xinfang_petition.group_xinfang_staff,xinfang_petition.group_xinfang_confidential")

    def render(self, user, petitions):
        content, kind = self.env["ir.actions.report"].with_user(user)._render_xlsx(LEDGER, petitions.ids, {})
        self.assertEqual(kind, "xlsx")
        return read_sheet(content)

    def test_columns_and_values_with_masked_identity(self):
        petition = self.registered(registration_date=date(2026, 6, 2), head_count=2)
        rows = self.render(self.user_staff, petition)
        self.assertEqual(rows[0][0], "Petition Ledger")
        header = rows[2]
        expected = ["Number", "Registration Date", "Channel", "Head Count", "Petitioner", "Resident ID Number", "Phone",
                    "Village", "Category", "Nature", "Subject", "Lead Unit", "Acceptance Deadline",
                    "Handling Deadline", "Current Deadline", "State", "Reply Outcome", "Result", "Satisfaction"]
        self.assertEqual(header[:len(expected)], expected)
        self.assertNotIn("Accuser", header)
        row = dict(zip(header, rows[3], strict=True))
        self.assertEqual(row["Number"], petition.name)
        self.assertEqual(row["Registration Date"].date(), date(2026, 6, 2))
        self.assertEqual(row["Channel"], "Visit")
        self.assertEqual(row["Head Count"], 2)
        self.assertEqual(row["Petitioner"], "张三")
        # masked as in an export: the division code's first four and the last four; the phone's 3 + 4
        self.assertEqual(row["Resident ID Number"], "1101**********002X")
        self.assertEqual(row["Phone"], "138****8000")
        self.assertEqual(row["Village"], "East Village")
        self.assertEqual(row["Category"], self.category.display_name)
        self.assertEqual(row["Nature"], "Appeal or Demand")
        self.assertEqual(row["Subject"], "Compensation for requisitioned land")
        self.assertEqual(row["State"], "To Accept")
        self.assertEqual(row["Acceptance Deadline"].date(), petition.acceptance_deadline)
        self.assertEqual(len(rows), 4, "one row per petition")

    def test_discipline_inspection_reads_identity_and_accuser(self):
        petition = self.registered()
        accusation = self.registered(nature="accusation", petitioner_id=self.env["xinfang.petitioner"].create({
            "name": "王五", "id_number": ACCUSER_ID, "phone": "13900139000"}).id)
        rows = self.render(self.user_staff_jijian, petition | accusation)
        header = rows[2]
        by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows[3:]}
        self.assertEqual(by_number[petition.name]["Resident ID Number"], "11010519491231002X")
        self.assertEqual(by_number[petition.name]["Phone"], "13800138000")
        self.assertEqual(by_number[accusation.name]["Accuser"], "王五")

    def test_accuser_never_reaches_the_office(self):
        accusation = self.registered(nature="accusation", petitioner_id=self.env["xinfang.petitioner"].create({
            "name": "王五", "id_number": ACCUSER_ID, "phone": "13900139000"}).id)
        # the same person's later petition of another nature: the office sees a sealed person
        later = self.registered(petitioner_id=accusation.sudo().accuser_id.id)
        rows = self.render(self.user_staff, accusation | later)
        cells = [str(cell) for row in rows for cell in row if cell is not None]
        self.assertNotIn("Accuser", rows[2])
        row = dict(zip(rows[2], rows[4], strict=True))
        self.assertEqual((row["Number"], row["Petitioner"], row["Resident ID Number"]),
                         (later.name, "Confidential Person", None))
        for secret in ("王五", ACCUSER_ID, "13900139000", "0139000"):
            self.assertFalse([cell for cell in cells if secret in cell], f"{secret} in the ledger")

    def test_only_the_office_prints_the_ledger(self):
        petition = self.registered()
        for user in (self.user_leader, self.user_director):
            self.assertEqual(self.render(user, petition)[3][0], petition.name)
        for user in (self.user_handler, self.user_mediator, self.user_finance, self.user_jijian):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.render(user, petition)
        action = self.env.ref(LEDGER)
        self.assertEqual(action.binding_model_id.model, "xinfang.petition")
        self.assertEqual(action.group_ids, self.env.ref("xinfang_petition.group_xinfang_staff"))

    def test_referral_columns(self):
        Petition = self.env["xinfang.petition"]
        if "external_number" not in Petition._fields:
            self.skipTest("the referral fields are not installed")
        body = self.env["xinfang.referral.body"].create({"name": "County Letters and Visits Bureau"})
        petition = self.registered(
            channel="referral", referral_kind="assign", referral_body_id=body.id, external_number="XF-2026-0042",
            referral_date=date(2026, 6, 1), referral_deadline=date(2026, 7, 1))
        rows = self.render(self.user_staff, petition)
        row = dict(zip(rows[2], rows[3], strict=True))
        self.assertEqual(row["Channel"], "Referred from Above")
        self.assertEqual(row[Petition._fields["referral_kind"].string], "Assigned for Handling")
        self.assertEqual(row[Petition._fields["referral_body_id"].string], "County Letters and Visits Bureau")
        self.assertEqual(row[Petition._fields["external_number"].string], "XF-2026-0042")
        self.assertEqual(row[Petition._fields["referral_deadline"].string].date(), date(2026, 7, 1))
        self.assertIn(Petition._fields["report_back_date"].string, rows[2])


@tagged("post_install", "-at_install")
@freeze_time("2026-06-20")
class TestMonthlyStatistics(SupervisionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_labour = cls.env.ref("xinfang_petition.category_labour")

    def setUp(self):
        super().setUp()
        may = {"registration_date": date(2026, 5, 10)}
        self.registered(**may, head_count=3)                                        # visit, East, 3 persons
        self.registered(**may, head_count=8, representative_ids=[(6, 0, self.petitioner_b.ids)])  # collective
        self.registered(**may, channel="letter", village_id=self.village_b.id, category_id=self.category_labour.id)
        self.registered(**may, channel="fax", village_id=False)
        self.registered(**may, channel="mailbox")
        self.registered(**may, channel="hotline", lodged_level="county")         # cross-level
        self.registered(**may, channel="phone", lodged_level="city", head_count=6)
        self.new_petition(**may)                                                   # draft: not counted
        self.registered(registration_date=date(2026, 4, 30))                       # another month
        self.registered(registration_date=date(2026, 6, 1))
        closed = self.replied(registration_date=date(2026, 5, 20), channel="online")
        closed.with_user(self.user_staff).action_follow_up("satisfied", "Paid.")
        closed.with_user(self.user_staff).action_close("Compensation paid.")
        # a case the county assigned (转送交办), where the referral concern is installed
        self.referred = 0
        if "referral_kind" in self.env["xinfang.petition"]._fields:
            body = self.env["xinfang.referral.body"].create({"name": "County Letters and Visits Bureau"})
            self.registered(channel="referral", referral_kind="assign", referral_body_id=body.id,
                            external_number="XF-2026-0042", referral_date=date(2026, 5, 11),
                            registration_date=date(2026, 5, 12), referral_deadline=date(2026, 6, 10))
            self.referred = 1

    def compute(self, user=None):
        report = self.env["xinfang.monthly.statistics"].with_user(user or self.user_staff).create(
            {"year": 2026, "month": "5"})
        report.action_compute()
        return report

    def sql(self, query, *params):
        self.env.flush_all()
        self.env.cr.execute(query, params)
        return self.env.cr.fetchall()

    def expected_by(self, column):
        """The month's figures per ``column`` of xinfang_petition, by hand."""
        rows = self.sql(f"""
            SELECT {column}, COUNT(*),
                   COUNT(*) FILTER (WHERE channel = 'visit'),
                   COALESCE(SUM(head_count) FILTER (WHERE channel = 'visit'), 0),
                   COUNT(*) FILTER (WHERE channel = 'visit' AND head_count >= 5),
                   COALESCE(SUM(head_count) FILTER (WHERE channel = 'visit' AND head_count >= 5), 0),
                   COUNT(*) FILTER (WHERE lodged_level IN ('county', 'city', 'province', 'national')
                                      AND responsible_level IN ('village', 'township'))
              FROM xinfang_petition
             WHERE registration_date BETWEEN '2026-05-01' AND '2026-05-31' AND state != 'draft' AND active
               AND company_id = %s
             GROUP BY {column}""", self.env.company.id)  # noqa: S608 (a column name of this test)
        return {row[0]: row[1:] for row in rows}

    @staticmethod
    def figures(line):
        return (line.petition_count, line.visit_batches, line.visit_heads, line.collective_batches,
                line.collective_heads, line.cross_level_count)

    def test_channels_batches_and_persons(self):
        report = self.compute()
        by_channel = self.expected_by("channel")
        # as documented (readme/MONTHLY_STATISTICS.md), written out here
        buckets = {"letter": ("letter", "fax"), "visit": ("visit",), "online": ("online", "mailbox"),
                   "phone": ("phone", "hotline"), "referral": ("referral",)}
        self.assertEqual(CHANNEL_BUCKETS, buckets)
        self.assertEqual(report.channel_line_ids.mapped("channel"), list(buckets))
        for line in report.channel_line_ids:
            expected = [sum(by_channel.get(c, (0,) * 6)[i] for c in buckets[line.channel]) for i in range(6)]
            self.assertEqual(list(self.figures(line)), expected, line.channel)
        totals = [sum(values[i] for values in by_channel.values()) for i in range(6)]
        self.assertEqual(list(self.figures(report)), totals)
        # the figures themselves, so that the SQL above cannot drift with the model
        self.assertEqual(list(self.figures(report)), [8 + self.referred, 2, 11, 1, 8, 2])
        self.assertEqual(report.channel_line_ids.filtered(lambda line: line.channel == "referral").petition_count,
                         self.referred)
        self.assertEqual(report.channel_line_ids.filtered(lambda line: line.channel == "letter").petition_count, 2)

    def test_every_channel_is_reported(self):
        channels = {value for value, _label in self.env["xinfang.petition"]._fields["channel"].selection}
        self.assertLessEqual(channels, {c for bucket in CHANNEL_BUCKETS.values() for c in bucket})
        self.assertIn("referral", CHANNEL_BUCKETS["referral"])

    def test_categories_and_villages(self):
        report = self.compute()
        by_village = self.expected_by("village_id")
        self.assertEqual({line.village_id.id or None: self.figures(line) for line in report.village_line_ids},
                         by_village)
        self.assertIn("No Village", report.village_line_ids.mapped("name"))
        by_category = self.expected_by("category_id")
        self.assertEqual({line.category_id.id: self.figures(line) for line in report.category_line_ids}, by_category)

    def test_rates(self):
        report = self.compute()
        ((count,),) = self.sql("""SELECT COUNT(*) FROM xinfang_petition WHERE state != 'draft' AND active
            AND registration_date BETWEEN '2026-05-01' AND '2026-05-31' AND company_id = %s""", self.env.company.id)
        ((population,),) = self.sql("""SELECT COALESCE(SUM(population), 0) FROM hr_department
            WHERE xinfang_unit_type = 'village' AND (company_id = %s OR company_id IS NULL)""", self.env.company.id)
        self.assertEqual(report.population, population)
        self.assertAlmostEqual(report.incidence_rate, count * 10000 / population, places=2)
        self.assertAlmostEqual(report.cross_level_rate, 100.0 * 2 / count, places=2)
        # one petition closed without review, township level on both sides: resolved locally
        self.assertAlmostEqual(report.local_resolution_rate, 100.0 / count, places=2)

    def test_workbook(self):
        report = self.compute()
        content, _kind = self.env["ir.actions.report"].with_user(self.user_staff)._render_xlsx(
            MONTHLY, report.ids, {})
        rows = read_sheet(content)
        summary = {row[0]: row[1] for row in rows if row and row[0] and row[1] is not None}
        self.assertEqual(summary["Petitions"], report.petition_count)
        self.assertEqual(summary["Visits (Persons)"], 11)
        self.assertEqual(summary["Collective Visits (Batches)"], 1)
        self.assertAlmostEqual(summary["Incidence (per 10,000)"], report.incidence_rate, places=2)
        letters = next(row for row in rows if row[0] == "Letters")
        self.assertEqual(letters[1:8], [2, 0, 0, 0, 0, 0, 0])
        self.assertIn("By Village", [row[0] for row in rows])
        action = report.with_user(self.user_staff).action_export_xlsx()
        self.assertEqual(action["report_name"], "xinfang_supervision.monthly_statistics_xlsx")

    def test_who_computes(self):
        for user in (self.user_leader, self.user_director):
            self.assertEqual(self.compute(user).petition_count, 8 + self.referred)
        for user in (self.user_handler, self.user_mediator, self.user_finance, self.user_jijian, self.user_plain):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.compute(user)

    def test_other_township_refused(self):
        other = self.env["res.company"].create({"name": "Other Township"})
        report = self.env["xinfang.monthly.statistics"].with_user(self.user_staff).create(
            {"year": 2026, "month": "5"})
        report.sudo().company_id = other  # a forged value, as over JSON-RPC
        with self.assertRaises(AccessError):
            report.with_user(self.user_staff).action_compute()
