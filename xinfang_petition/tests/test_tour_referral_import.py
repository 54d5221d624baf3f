import base64
from pathlib import Path

from odoo.tests import HttpCase, new_test_user, tagged

GROUP = "xinfang_petition.group_xinfang_"
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "referral_sample_12345.xlsx"


@tagged("post_install", "-at_install")
class TestReferralImportTour(HttpCase):
    """Import the 12345 sample export → open the 交办 case → accept, assign → reply → report back → close,
    in Chromium, as the office and the handler."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the export names categories in Chinese: load the Chinese terms as ``--load-language zh_CN`` would
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["xinfang_petition"], ["zh_CN"])
        cls.staff = new_test_user(cls.env, login="imp_staff", password="imp_staff", groups=f"{GROUP}staff",
                                  name="Import Staff", lang="en_US")
        cls.handler = new_test_user(cls.env, login="imp_handler", password="imp_handler",
                                    groups=f"{GROUP}handler", name="Import Handler", lang="en_US")
        Department = cls.env["hr.department"]
        cls.unit = Department.create({"name": "导入巡检办", "xinfang_unit_type": "office"})
        cls.env["hr.employee"].create({
            "name": "导入承办人", "user_id": cls.handler.id, "department_id": cls.unit.id, "xinfang_role": "handler",
        })
        for name in ("东岗村", "西岭村", "南溪村", "北塘村"):  # the demo township has them already
            if not Department.search_count([("name", "=", name), ("xinfang_unit_type", "=", "village")]):
                Department.create({"name": name, "xinfang_unit_type": "village"})
        # the browser cannot read the repository: the tour fetches the sample from this attachment
        cls.env["ir.attachment"].create({
            "name": SAMPLE.name, "datas": base64.b64encode(SAMPLE.read_bytes()), "public": True,
        })
        cls.body = cls.env.ref("xinfang_petition.referral_body_county_12345")

    def test_import_the_sample_then_handle_report_back_and_close(self):
        self.start_tour("/odoo", "xinfang_referral_import_tour", login=self.staff.login)
        Petition = self.env["xinfang.petition"]
        imported = Petition.search([("referral_body_id", "=", self.body.id)])
        self.assertEqual(len(imported), 5)
        petition = imported.filtered(lambda p: p.external_number == "GD202611250002")
        self.assertEqual((petition.referral_kind, petition.state), ("assign", "handling"))
        self.assertEqual(petition.registered_by_id, self.staff)
        url = f"/odoo/action-xinfang_petition.action_xinfang_petition/{petition.id}"
        self.start_tour(url, "xinfang_referral_reply_tour", login=self.handler.login)
        self.assertEqual(petition.state, "replied")
        self.start_tour(url, "xinfang_referral_close_tour", login=self.staff.login)
        self.assertTrue(petition.report_back_date)
        self.assertIn("已督促退回", petition.report_back_text)
        self.assertEqual(petition.state, "closed")
