"""干部代访: a cadre carries a petitioner's matter upward, records the answer and tells the petitioner."""

import shutil
import unicodedata
from contextlib import contextmanager
from datetime import date

from odoo.addons.xinfang_petition.tests.common import load_migration, pdf_text
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged

from .common import SupervisionCase

TODAY = date(2026, 3, 10)
VERSION = "19.0.1.2.0"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10 09:00:00")
class TestProxyVisit(SupervisionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Visit = cls.env["xinfang.proxy.visit"]
        cls.mediator = cls.user_mediator.employee_ids[:1]
        with freeze_time("2026-03-02 09:00:00"):
            cls.petition = cls._petition_in_handling()  # led by the land office (user_handler)

    @classmethod
    def _petition_in_handling(cls, **vals):
        """XinfangCase.handling() for setUpClass: a petition assigned to the land office's handler."""
        values = {"subject": "Compensation for requisitioned land", "channel": "visit",
                  "content": "The village took my contracted land without compensation.",
                  "category_id": cls.category.id, "village_id": cls.village_a.id,
                  "petitioner_id": cls.petitioner.id, **vals}
        petition = cls.env["xinfang.petition"].with_user(cls.user_staff).create(values)
        petition.action_register()
        petition.action_accept()
        assignment = cls.env["xinfang.assignment"].with_user(cls.user_staff).create({
            "petition_id": petition.id, "lead_unit_id": cls.handler.department_id.id, "handler_id": cls.handler.id})
        assignment.action_confirm()
        return petition

    @contextmanager
    def raises(self, exception, regex):
        """assertRaisesRegex inside a savepoint (Odoo's assertRaises): a refused step leaves nothing."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)

    def new_visit(self, cadre=None, user=None, **vals):
        return self.Visit.with_user(user or self.user_staff).create({
            "petition_id": self.petition.id,
            "cadre_id": (cadre or self.staff_employee).id,
            "authority": "County Petition Bureau",
            **vals,
        })

    # --- the steps ------------------------------------------------------------------------------
    def test_the_cadre_carries_records_the_answer_and_relays_it(self):
        visit = self.new_visit(cadre=self.handler, user=self.user_handler)
        self.assertEqual((visit.state, visit.matter), ("draft", "Compensation for requisitioned land"))
        self.env.cr.flush()
        mine = visit.with_user(self.user_handler)
        mine.action_carry(visit_date=date(2026, 3, 5))
        self.assertEqual((visit.state, visit.visit_date), ("carried", date(2026, 3, 5)))
        self.env.cr.flush()  # each step tracked on its own
        mine.action_record_answer("The county will re-survey the plot within 30 days.", date(2026, 3, 9))
        self.env.cr.flush()
        self.assertRecordValues(visit, [{"state": "answered", "answer_date": date(2026, 3, 9),
                                         "answer": "The county will re-survey the plot within 30 days."}])
        mine.action_relay(note="Told the petitioner by phone; satisfied.")
        self.assertRecordValues(visit, [{"state": "relayed", "relay_date": TODAY,
                                         "relay_note": "Told the petitioner by phone; satisfied."}])
        self.env.cr.flush()
        tracked = self.env["mail.tracking.value"].sudo().search([
            ("mail_message_id.model", "=", "xinfang.proxy.visit"), ("mail_message_id.res_id", "=", visit.id),
            ("field_id.name", "=", "state")])
        self.assertEqual(sorted(tracked.mapped("new_value_char")),
                         ["Answer Received", "Carried", "Relayed to Petitioner"])
        # the petition shows its proxy visits, to its handler too
        self.assertEqual(self.petition.with_user(self.user_handler).proxy_visit_count, 1)
        action = self.petition.with_user(self.user_handler).action_view_proxy_visits()
        self.assertEqual(self.Visit.with_user(self.user_handler).search(action["domain"]), visit)
        self.assertEqual(action["context"]["default_petition_id"], self.petition.id)

    def test_the_office_and_leaders_take_every_step(self):
        visit = self.new_visit()
        visit.with_user(self.user_staff).action_carry()
        self.assertEqual(visit.visit_date, TODAY, "carried today unless told otherwise")
        visit.with_user(self.user_leader).action_record_answer("Accepted; a written reply follows.")
        visit.with_user(self.user_director).action_relay()
        self.assertRecordValues(visit, [{"state": "relayed", "answer_date": TODAY, "relay_date": TODAY}])
        other = self.new_visit()
        other.with_user(self.user_leader).action_cancel()
        self.assertEqual(other.state, "cancel")

    def test_refusals_per_role(self):
        visit = self.new_visit()  # carried by the office's own cadre
        # the handler of the petition's unit reads it, but takes no step and edits nothing
        as_handler = visit.with_user(self.user_handler)
        self.assertEqual(as_handler.authority, "County Petition Bureau")
        for step in (as_handler.action_carry, as_handler.action_cancel):
            with self.raises(AccessError, "needs the role"):
                step()
        with self.assertRaises(AccessError):
            as_handler.write({"authority": "City Bureau"})
        # another unit's handler and the village mediator do not even see it; finance has no access
        for user in (self.user_handler_social, self.user_mediator):
            self.assertFalse(self.Visit.with_user(user).search([("id", "=", visit.id)]))
        for user in (self.user_handler_social, self.user_mediator, self.user_finance, self.user_plain):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                visit.with_user(user).action_carry()
        for user in (self.user_finance, self.user_plain):
            self.assertFalse(self.Visit.with_user(user).has_access("read"))
        # a mediator carries their own visits, but never cancels one
        own = self.new_visit(cadre=self.mediator, user=self.user_mediator)
        own.with_user(self.user_mediator).action_carry()
        with self.raises(AccessError, "needs the role"):
            own.with_user(self.user_mediator).action_cancel()
        # the step order: no answer before the visit was carried, no relay before the answer
        with self.raises(UserError, "cannot go from Draft to Answer Received"):
            visit.with_user(self.user_staff).action_record_answer("Too early.")
        with self.raises(UserError, "cannot go from Draft to Relayed"):
            visit.with_user(self.user_leader).action_relay()
        visit.with_user(self.user_staff).action_carry()
        with self.raises(UserError, "Write down the answer"):
            visit.with_user(self.user_staff).action_record_answer()
        self.assertEqual(visit.state, "carried")
        # the state moves only through the steps
        with self.raises(UserError, "change only through the record's buttons"):
            visit.with_user(self.user_staff).write({"state": "relayed"})
        with self.raises(UserError, "change only through the record's buttons"):
            self.new_visit(state="answered")
        visit.with_user(self.user_staff).action_record_answer("Accepted.")
        with self.raises(UserError, "cannot go from Answer Received to Cancelled"):
            visit.with_user(self.user_staff).action_cancel()

    def test_other_townships_do_not_see_the_visit(self):
        visit = self.new_visit()
        other_company = self.env["res.company"].create({"name": "Neighbour Township"})
        outsider = new_test_user(self.env, login="xf_other_director", groups="xinfang_petition.group_xinfang_director",
                                 company_id=other_company.id, company_ids=[Command.set(other_company.ids)])
        self.assertEqual(visit.company_id, self.env.company)
        self.assertFalse(self.Visit.with_user(outsider).search([("id", "=", visit.id)]))
        with self.assertRaises(AccessError):
            visit.with_user(outsider).action_carry()
        self.assertTrue(self.Visit.with_user(self.user_director).search([("id", "=", visit.id)]))

    # --- dates ----------------------------------------------------------------------------------
    def test_dates_follow_the_steps_and_stay_in_the_past(self):
        with self.raises(ValidationError, "cannot be in the future"):
            self.new_visit(visit_date=date(2026, 3, 11))
        visit = self.new_visit()
        staff = visit.with_user(self.user_staff)
        with self.raises(ValidationError, "cannot be in the future"):
            staff.action_carry(visit_date=date(2026, 3, 11))
        self.assertEqual(visit.state, "draft", "a refused step leaves the visit as it was")
        staff.action_carry(visit_date=date(2026, 3, 5))
        with self.raises(ValidationError, "cannot come before the visit"):
            staff.action_record_answer("Accepted.", date(2026, 3, 4))
        with self.raises(ValidationError, "cannot be in the future"):
            staff.action_record_answer("Accepted.", date(2026, 3, 12))
        self.assertEqual(visit.state, "carried")
        staff.action_record_answer("Accepted.", date(2026, 3, 5))  # answered on the day is fine
        with self.raises(ValidationError, "before it was given"):
            staff.action_relay(date(2026, 3, 4))
        with self.raises(ValidationError, "cannot be in the future"):
            staff.action_relay(date(2026, 3, 11))
        with self.raises(ValidationError, "cannot come before the visit"):
            staff.write({"visit_date": date(2026, 3, 6)})
        staff.action_relay(date(2026, 3, 8))
        self.assertEqual((visit.state, visit.relay_date), ("relayed", date(2026, 3, 8)))
        # an answer date without a visit date, a relay date without an answer
        with self.raises(ValidationError, "cannot come before the visit"):
            self.new_visit(answer_date=date(2026, 3, 5))
        with self.raises(ValidationError, "before it was given"):
            self.new_visit(visit_date=date(2026, 3, 5), relay_date=date(2026, 3, 6))

    def test_nothing_is_deleted_and_the_relayed_record_is_kept(self):
        visit = self.new_visit()
        staff = visit.with_user(self.user_staff)
        with self.assertRaises(AccessError):
            staff.unlink()
        with self.raises(UserError, "archive them instead"):
            visit.sudo().unlink()  # not even the superuser
        staff.action_carry()
        staff.action_record_answer("Accepted.")
        staff.action_relay()
        with self.raises(UserError, "kept as it was recorded"):
            staff.write({"answer": "Something else."})
        staff.action_archive()
        self.assertFalse(visit.active)
        self.assertFalse(self.petition.proxy_visit_ids)
        self.assertEqual(self.Visit.with_context(active_test=False).search([("petition_id", "=", self.petition.id)]),
                         visit)

    # --- the record (代访记录) --------------------------------------------------------------------
    def test_proxy_visit_record_pdf(self):
        self.assertTrue(shutil.which("wkhtmltopdf"), "install wkhtmltopdf")
        self.assertTrue(shutil.which("pdftotext"), "install poppler-utils")
        self.env["ir.config_parameter"].sudo().set_param("report.print_delay", "100")
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        self.env.company.name = "青山镇人民政府"
        visit = self.new_visit(authority="县信访局", matter="要求按标准补偿被征收的承包地")
        staff = visit.with_user(self.user_staff)
        staff.action_carry(visit_date=date(2026, 3, 5))
        staff.action_record_answer("县信访局已受理，将于30日内书面答复。", date(2026, 3, 9))
        staff.action_relay(note="已电话告知信访人。")
        pdf, report_type = self.env["ir.actions.report"].with_user(self.user_staff).with_context(
            force_report_rendering=True)._render_qweb_pdf("xinfang_supervision.action_report_proxy_visit", visit.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"))
        text = pdf_text(pdf, fold=True)
        for expected in ("青山镇人民政府", "干部代访记录", self.petition.name, "张三", "代访干部", "StaffZhao",
                         "代访部门", "县信访局", "要求按标准补偿被征收的承包地", "代访日期2026年3月5日",
                         "县信访局已受理，将于30日内书面答复。", "答复日期2026年3月9日", "2026年3月10日",
                         "反馈情况已电话告知信访人。", "办理状态已反馈信访人"):
            self.assertIn(unicodedata.normalize("NFKC", expected), text)

    # --- migration 19.0.1.2.0 -------------------------------------------------------------------
    def _old_proxy_fields(self, petition, cadre, authority, proxy_date, result):
        """The four fields of 19.0.1.1.0 on the petition (their columns are added back for the test)."""
        self.env.cr.execute("UPDATE xinfang_petition SET proxy_cadre_id = %s, proxy_authority = %s, proxy_date = %s, "
                            "proxy_result = %s WHERE id = %s",
                            [cadre.id if cadre else None, authority, proxy_date, result, petition.id])

    def test_migration_turns_the_old_fields_into_proxy_visits(self):
        answered, carried, future, orphan, untouched = (
            self.petition, *(self.handling(subject=f"Matter {n}") for n in range(4)))
        self.env.flush_all()
        self.env.cr.execute("""ALTER TABLE xinfang_petition ADD COLUMN proxy_cadre_id int4 REFERENCES hr_employee(id),
                               ADD COLUMN proxy_authority varchar, ADD COLUMN proxy_date date,
                               ADD COLUMN proxy_result text""")
        self._old_proxy_fields(answered, self.staff_employee, "County Petition Bureau", date(2026, 3, 4),
                               "The bureau accepted the materials.")
        self._old_proxy_fields(carried, self.handler, "City Land Bureau", date(2026, 3, 6), None)
        self._old_proxy_fields(future, self.handler, None, date(2026, 4, 1), None)
        self._old_proxy_fields(orphan, None, "Provincial Bureau", date(2026, 3, 1), "No cadre was named.")

        load_migration(VERSION, "pre-migrate", addon="xinfang_supervision").migrate(self.env.cr, "19.0.1.1.0")
        load_migration(VERSION, addon="xinfang_supervision").migrate(self.env.cr, "19.0.1.1.0")
        self.env.invalidate_all()

        visits = self.Visit.search([("petition_id", "in", (answered | carried | future | orphan | untouched).ids)])
        visits = visits.sorted(lambda visit: visit.petition_id.id)
        self.assertRecordValues(visits, [
            {"petition_id": answered.id, "cadre_id": self.staff_employee.id, "authority": "County Petition Bureau",
             "visit_date": date(2026, 3, 4), "answer": "The bureau accepted the materials.",
             "answer_date": date(2026, 3, 4), "relay_date": False, "state": "answered",
             "matter": "Compensation for requisitioned land"},
            {"petition_id": carried.id, "cadre_id": self.handler.id, "authority": "City Land Bureau",
             "visit_date": date(2026, 3, 6), "answer": False, "answer_date": False, "relay_date": False,
             "state": "carried", "matter": "Matter 0"},
            {"petition_id": future.id, "cadre_id": self.handler.id, "authority": "(not recorded)",
             "visit_date": False, "answer": False, "answer_date": False, "relay_date": False, "state": "draft",
             "matter": "Matter 1"},
        ])
        # the old values stay readable: in the visit's chatter, or the petition's when no cadre was named
        self.assertIn("2026-04-01", str(visits[2].message_ids.mapped("body")))
        self.assertIn("Provincial Bureau", str(orphan.message_ids.mapped("body")))
        self.assertIn("No cadre was named.", str(orphan.message_ids.mapped("body")))
        self.env.cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'xinfang_petition' "
                            "AND column_name LIKE %s", ["%proxy%"])
        self.assertFalse(self.env.cr.fetchall(), "the old columns are gone")
        # the migrated visits go on through the steps
        visits[0].with_user(self.user_staff).action_relay()
        self.assertEqual(visits[0].state, "relayed")
        # a database without the old columns (installed fresh) is left alone
        load_migration(VERSION, "pre-migrate", addon="xinfang_supervision").migrate(self.env.cr, "19.0.1.1.0")
        load_migration(VERSION, addon="xinfang_supervision").migrate(self.env.cr, "19.0.1.1.0")
        self.assertEqual(self.Visit.search_count([("petition_id", "=", untouched.id)]), 0)
