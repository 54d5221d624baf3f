import importlib.util
import shutil
import subprocess
import unicodedata
from pathlib import Path

from odoo.tests import TransactionCase, new_test_user

GROUP = "xinfang_petition.group_xinfang_"

def resident_id(prefix17):
    """A valid 18-character resident ID from its first 17 digits (GB 11643 check digit)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(prefix17, weights, strict=True))
    return prefix17 + "10X98765432"[total % 11]

def load_migration(version, stage="post-migrate", addon="xinfang_petition"):
    """A migration script of ``addon`` as a module, to run it on a database shaped as the version before."""
    path = Path(__file__).resolve().parents[2] / addon / "migrations" / version / f"{stage}.py"
    spec = importlib.util.spec_from_file_location(f"{addon}_{stage}_{version}".replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def setup_pdf_rendering(env, company_name="青山镇人民政府"):
    """Render PDFs in tests without waiting and without an HTTP server (the notices style themselves
    inline; a server beside the test transaction could block on it while building the asset bundles)."""
    Param = env["ir.config_parameter"].sudo()
    Param.set_param("report.print_delay", "100")
    Param.set_param("report.url", "http://127.0.0.1:9")
    env.company.name = company_name


def pdf_text(pdf, fold=False):
    """The PDF's text layer as pdftotext reads it, without whitespace (a number or a date broken over two
    lines still matches). ``fold``: Qt maps some ideographs to radicals; fold them back (and NFKC)."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                            check=True, timeout=60)
    text = result.stdout.decode()
    if fold:
        from .test_reports import RADICALS  # noqa: PLC0415 - the table lives with the report tests
        text = unicodedata.normalize("NFKC", text.translate(RADICALS))
    return "".join(text.split())


class PdfTextCase:
    """Mixin of the tests that render the paperwork as PDF and read its text (needs wkhtmltopdf, the CJK
    fonts and poppler-utils' pdftotext on the machine)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_pdf_rendering(cls.env)

    def setUp(self):
        super().setUp()
        self.assertTrue(shutil.which("wkhtmltopdf"), "install wkhtmltopdf")
        self.assertTrue(shutil.which("pdftotext"), "install poppler-utils")

    def render_pdf_text(self, xmlid, records, user):
        pdf, report_type = self.env["ir.actions.report"].with_user(user).with_context(
            force_report_rendering=True)._render_qweb_pdf(xmlid, records.ids)
        self.assertEqual(report_type, "pdf")
        return pdf_text(pdf)


class XinfangCase(TransactionCase):
    """A small township: two offices, a discipline unit, two villages, one user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        Department = cls.env["hr.department"]
        cls.unit_land = Department.create({"name": "Land Office", "xinfang_unit_type": "office"})
        cls.unit_social = Department.create({"name": "Social Affairs Office", "xinfang_unit_type": "office"})
        cls.unit_discipline = Department.create({"name": "Discipline Inspection", "xinfang_unit_type": "office"})
        cls.village_a = Department.create({"name": "East Village", "xinfang_unit_type": "village", "population": 2000})
        cls.village_b = Department.create({"name": "West Village", "xinfang_unit_type": "village", "population": 3000})

        cls.user_staff = cls._user("xf_staff", "staff")
        cls.user_leader = cls._user("xf_leader", "leader")
        cls.user_director = cls._user("xf_director", "director")
        cls.user_handler = cls._user("xf_handler", "handler", unit=cls.unit_land)
        cls.user_handler_social = cls._user("xf_handler2", "handler", unit=cls.unit_social)
        cls.user_mediator = cls._user("xf_mediator", "mediator", unit=cls.village_a, village=cls.village_a)
        cls.user_finance = cls._user("xf_finance", "finance")
        cls.user_jijian = cls._user("xf_jijian", "confidential", unit=cls.unit_discipline)
        cls.user_plain = new_test_user(cls.env, login="xf_plain", groups="base.group_user", name="Plain Employee")
        cls.handler = cls.user_handler.employee_ids[:1]
        cls.handler_social = cls.user_handler_social.employee_ids[:1]

        cls.category = cls.env.ref("xinfang_petition.category_land")
        cls.category_labour = cls.env.ref("xinfang_petition.category_labour")
        cls.petitioner = cls.env["xinfang.petitioner"].create({
            "name": "张三", "id_number": "11010519491231002X", "phone": "13800138000", "village_id": cls.village_a.id,
        })
        cls.petitioner_b = cls.env["xinfang.petitioner"].create({
            "name": "李四", "id_number": resident_id("33010619800101001"), "village_id": cls.village_b.id,
        })

    @classmethod
    def _user(cls, login, role, unit=None, village=None):
        user = new_test_user(cls.env, login=login, groups=f"{GROUP}{role},base.group_allow_export",
                             name=login.replace("_", " ").title())
        if unit or village:
            cls.env["hr.employee"].create({
                "name": user.name, "user_id": user.id, "department_id": unit.id if unit else False,
                "xinfang_role": "mediator" if village else "handler",
                "xinfang_village_id": village.id if village else False,
            })
        return user

    # --- petitions at each step, driven through the public workflow ---------------------------
    def new_petition(self, **vals):
        values = {
            "subject": "Compensation for requisitioned land",
            "content": "The village took my contracted land without compensation.",
            "channel": "visit",
            "category_id": self.category.id,
            "village_id": self.village_a.id,
            "petitioner_id": self.petitioner.id,
        }
        values.update(vals)
        petition = self.env["xinfang.petition"].with_user(self.user_staff).create(values)
        # saved as the form saves it, in its own transaction: its steps are then tracked in the chatter
        # (Odoo tracks no change of a record in the transaction that created it)
        self.env.cr.flush()
        return petition

    def registered(self, **vals):
        petition = self.new_petition(**vals)
        petition.action_register()
        return petition

    def accepted(self, **vals):
        petition = self.registered(**vals)
        petition.action_accept()
        return petition

    def assign(self, petition, handler=None, **vals):
        handler = handler or self.handler
        assignment = self.env["xinfang.assignment"].with_user(self.user_staff).create({
            "petition_id": petition.id,
            "lead_unit_id": handler.department_id.id,
            "handler_id": handler.id,
            **vals,
        })
        assignment.action_confirm()
        return assignment

    def handling(self, **vals):
        petition = self.accepted(**vals)
        self.assign(petition)
        return petition

    def replied(self, **vals):
        petition = self.handling(**vals)
        petition.action_reply("support", "<p>Compensation will be paid.</p>")
        return petition
