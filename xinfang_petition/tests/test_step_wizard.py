import ast
from datetime import date

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, freeze_time, new_test_user, tagged

GROUP = "xinfang_petition.group_xinfang_"


@tagged("post_install", "-at_install")
class TestStepWizard(TransactionCase):
    """The petition form's buttons and the step wizard, driven as the office staff use them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["hr.department"]
        cls.office = Department.create({"name": "Land Office", "xinfang_unit_type": "office"})
        cls.office_b = Department.create({"name": "Water Office", "xinfang_unit_type": "office"})
        cls.village = Department.create({"name": "East Village", "xinfang_unit_type": "village"})
        cls.staff = new_test_user(cls.env, login="xfw_staff", name="Office Clerk", groups=f"{GROUP}staff")
        cls.leader = new_test_user(cls.env, login="xfw_leader", name="Deputy Head", groups=f"{GROUP}leader")
        cls.handler_user = new_test_user(cls.env, login="xfw_handler", name="Land Clerk", groups=f"{GROUP}handler")
        cls.handler = cls.env["hr.employee"].create({
            "name": "Land Clerk", "user_id": cls.handler_user.id, "department_id": cls.office.id,
        })
        cls.category = cls.env.ref("xinfang_petition.category_land")
        cls.category.default_unit_id = cls.office  # the routing proposal, also on the demo township
        cls.petitioner = cls.env["xinfang.petitioner"].create({
            "name": "王五", "id_number": "11010519491231002X", "phone": "13900139000", "village_id": cls.village.id,
        })

    # --- helpers: what the user does in the client --------------------------------------------
    def _new_petition(self, user=None):
        with Form(self.env["xinfang.petition"].with_user(user or self.staff)) as form:
            form.subject = "Land requisitioned without compensation"
            form.channel = "visit"
            form.category_id = self.category
            form.village_id = self.village
            form.petitioner_id = self.petitioner
            form.content = "The village took the contracted land in 2025 and paid nothing."
            form.request = "Compensation as the law provides."
        return form.record

    def _step_form(self, petition, step, user=None):
        """Click the step's button on the petition form: returns the wizard's Form."""
        action = petition.with_user(user or self.staff).with_context(xinfang_step=step).action_open_step_wizard()
        self.assertEqual(action["res_model"], "xinfang.petition.step")
        self.assertEqual(action["target"], "new")
        return Form(self.env[action["res_model"]].with_user(user or self.staff).with_context(**action["context"]))

    def _do_step(self, petition, step, user=None, **values):
        form = self._step_form(petition, step, user)
        for name, value in values.items():
            setattr(form, name, value)
        return form.save().action_apply()

    def _to_handling(self):
        petition = self._new_petition()
        petition.action_register()
        petition.action_accept()
        self._do_step(petition, "assign", lead_unit_id=self.office, handler_id=self.handler,
                      instructions="<p>Check the land register.</p>")
        return petition

    def _to_replied(self):
        petition = self._to_handling()
        self._do_step(petition, "reply", user=self.handler_user, outcome="support",
                      reply_text="<p>The compensation will be paid by June.</p>")
        return petition

    # --- the main path ------------------------------------------------------------------------
    @freeze_time("2026-03-02")
    def test_full_path_draft_to_closed(self):
        petition = self._new_petition()
        self.assertEqual(petition.state, "draft")
        self.assertEqual(petition.registered_by_id, self.staff)

        # Register and Accept are plain object buttons.
        petition.with_user(self.staff).action_register()
        self.assertEqual(petition.state, "to_accept")
        self.assertEqual(petition.acceptance_deadline, date(2026, 3, 17))
        petition.with_user(self.staff).action_accept()
        self.assertEqual(petition.state, "accepted")

        # Assign: the wizard creates the slip and confirms it; the due date defaults to the clock.
        form = self._step_form(petition, "assign")
        self.assertEqual(form.due_date, petition.handling_deadline)
        form.lead_unit_id = self.office
        form.co_unit_ids.add(self.office_b)
        form.handler_id = self.handler
        form.instructions = "<p>Check the land register.</p>"
        form.save().action_apply()
        assignment = petition.assignment_ids
        self.assertEqual(len(assignment), 1)
        self.assertEqual(assignment.state, "confirmed")
        self.assertEqual(petition.state, "handling")
        self.assertEqual(petition.lead_unit_id, self.office)
        self.assertEqual(petition.co_unit_ids, self.village | self.office_b)  # village proposed by routing
        self.assertEqual(petition.handler_id, self.handler)

        # The handler reports back on the slip, then writes the reply.
        action = self.env.ref("xinfang_petition.action_xinfang_assignment_report_back")
        context = dict(ast.literal_eval(action.context), default_assignment_id=assignment.id,
                       default_petition_id=petition.id)
        with Form(self.env["xinfang.petition.step"].with_user(self.handler_user).with_context(**context)) as form:
            form.feedback = "<p>Visited the family; the county pays in June.</p>"
        form.record.action_apply()
        self.assertIn("county pays", str(assignment.feedback))
        self.assertEqual(assignment.feedback_date, date(2026, 3, 2))

        self._do_step(petition, "reply", user=self.handler_user, outcome="support",
                      reply_text="<p>The compensation will be paid by June.</p>")
        self.assertEqual(petition.state, "replied")
        self.assertEqual(petition.reply_outcome, "support")
        self.assertEqual(petition.reply_date, date(2026, 3, 2))
        self.assertEqual(assignment.state, "done")

        self._do_step(petition, "follow_up", satisfaction="satisfied", note="Thanked the office.")
        self.assertEqual(petition.satisfaction, "satisfied")
        self.assertEqual(petition.follow_up_date, date(2026, 3, 2))

        self._do_step(petition, "close", result="Compensation scheduled for June.")
        self.assertEqual(petition.state, "closed")
        self.assertEqual(petition.close_result, "Compensation scheduled for June.")

    # --- refusals come from the petition's own checks ----------------------------------------
    @freeze_time("2026-03-02")
    def test_rejection_needs_a_reason(self):
        petition = self._new_petition()
        petition.action_register()
        # The form will not save without a reason ...
        form = self._step_form(petition, "reject")
        with self.assertRaises(AssertionError):
            form.save()
        # ... and a blank one is refused by action_reject.
        form.reason = "   "
        wizard = form.save()
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertEqual(petition.state, "to_accept")

        self._do_step(petition, "reject", reason="A civil dispute between neighbours: see the court.")
        self.assertEqual(petition.state, "rejected")
        self.assertEqual(petition.reject_reason, "A civil dispute between neighbours: see the court.")

    def test_review_request_after_the_window_refused(self):
        with freeze_time("2026-03-02"):
            petition = self._to_replied()
            self.assertFalse(petition.review_request_deadline, "the window runs from the receipt")
            self._do_step(petition, "record_reply_receipt", receipt_method="in_person")
        self.assertEqual(petition.review_request_deadline, date(2026, 4, 1))
        with freeze_time("2026-04-20"):
            form = self._step_form(petition, "request_review")
            self.assertEqual(form.date, date(2026, 4, 20))
            wizard = form.save()
            with self.assertRaises(UserError):
                wizard.action_apply()
        self.assertEqual(petition.state, "replied")

    def test_review_and_re_review_to_final(self):
        with freeze_time("2026-03-02"):
            petition = self._to_replied()
        with freeze_time("2026-03-20"):
            self._do_step(petition, "request_review")
            self.assertEqual(petition.state, "review")
            self.assertEqual(petition.review_request_date, date(2026, 3, 20))
            self._do_step(petition, "decide_review", decision="The reply stands.")
            self.assertEqual(petition.state, "closed")
            self.assertEqual(petition.review_decision, "The reply stands.")
            self._do_step(petition, "request_re_review")
            self.assertEqual(petition.state, "re_review")
            self._do_step(petition, "decide_re_review", decision="Upheld; concluded.")
        self.assertEqual(petition.state, "final")
        self.assertEqual(petition.re_review_date, date(2026, 3, 20))

    @freeze_time("2026-03-02")
    def test_redirect(self):
        petition = self._new_petition()
        petition.action_register()
        self._do_step(petition, "redirect", route="litigation", reason="A contract dispute for the court.")
        self.assertEqual(petition.state, "redirected")
        self.assertEqual(petition.redirect_route, "litigation")

    @freeze_time("2026-03-02")
    def test_extension_waits_for_the_leader(self):
        petition = self._to_handling()
        deadline = petition.handling_deadline
        action = self._do_step(petition, "extend", user=self.handler_user, days=20,
                               reason="The land survey needs another month.")
        extension = petition.extension_ids
        self.assertEqual(action["res_model"], "xinfang.extension", "the pending request is shown")
        self.assertEqual(action["res_id"], extension.id)
        self.assertEqual(extension.state, "draft")
        self.assertEqual(extension.validation_status, "pending")
        self.assertEqual(petition.handling_deadline, deadline)

        extension.with_user(self.leader).validate_tier()
        self.assertEqual(extension.state, "approved")
        self.assertEqual(petition.extension_days, 20)
        self.assertGreater(petition.handling_deadline, deadline)

    # --- views ------------------------------------------------------------------------------------
    def test_views_load_for_each_role(self):
        confidential = new_test_user(self.env, login="xfw_jijian", groups=f"{GROUP}confidential")
        mediator = new_test_user(self.env, login="xfw_mediator", groups=f"{GROUP}mediator")
        views = {
            "xinfang.petition": ["form", "list", "kanban", "search", "calendar", "pivot", "graph", "activity"],
            "xinfang.petitioner": ["form", "list", "search"],
            "xinfang.assignment": ["form", "list", "search"],
            "xinfang.extension": ["form", "list", "search"],
            "xinfang.petition.step": ["form"],
        }
        for user in (self.staff, self.handler_user, self.leader, confidential, mediator):
            for model, types in views.items():
                if not self.env[model].with_user(user).has_access("read"):
                    continue  # e.g. mediators do not see extensions (nor their menu)
                with self.subTest(user=user.login, model=model):
                    result = self.env[model].with_user(user).get_views([(False, view_type) for view_type in types])
                    self.assertEqual(set(result["views"]), set(types))
        settings = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("xinfang_near_due_days", settings)

    @freeze_time("2026-03-02")
    def test_forms_open_for_each_role(self):
        """Opening the forms reads every field and sub-list: no access error for any role."""
        petition = self._to_replied()
        for user in (self.staff, self.handler_user, self.leader):
            with self.subTest(user=user.login):
                form = Form(petition.with_user(user))
                self.assertEqual(form.state, "replied")
                Form(petition.assignment_ids.with_user(user))
        mediator = new_test_user(self.env, login="xfw_mediator", groups=f"{GROUP}mediator")
        self.env["hr.employee"].create({
            "name": "Village Mediator", "user_id": mediator.id, "xinfang_role": "mediator",
            "xinfang_village_id": self.village.id,
        })
        own = self._new_petition(user=mediator)
        own.with_user(mediator).action_register()
        self.assertEqual(Form(own.with_user(mediator)).state, "to_accept")

    def test_petitioner_form_opens(self):
        form = Form(self.petitioner.with_user(self.staff))
        self.assertEqual(form.gender, "female")
        self.assertFalse(form.id_number_warning)

    def _arch(self, model, view_type, user):
        arch = self.env[model].with_user(user).get_views([(False, view_type)])["views"][view_type]["arch"]
        return etree.fromstring(arch)

    def test_sensitive_fields_in_views(self):
        confidential = new_test_user(self.env, login="xfw_jijian", groups=f"{GROUP}confidential")
        self.assertFalse(self._arch("xinfang.petition", "form", self.staff).xpath("//field[@name='accuser_id']"))
        self.assertTrue(self._arch("xinfang.petition", "form", confidential).xpath("//field[@name='accuser_id']"))
        petition_list = self._arch("xinfang.petition", "list", self.staff)
        self.assertFalse(petition_list.xpath("//field[@name='petitioner_id' or @name='accuser_id']"))
        petitioner_list = self._arch("xinfang.petitioner", "list", self.staff)
        self.assertFalse(petitioner_list.xpath("//field[@name='id_number' or @name='phone']"))
        self.assertTrue(petitioner_list.xpath("//field[@name='id_number_masked']"))

    def test_tier_validation_injected_in_assignment_and_extension_forms(self):
        for model in ("xinfang.assignment", "xinfang.extension"):
            arch = self._arch(model, "form", self.staff)
            self.assertTrue(arch.xpath("/form/header/button[@name='request_validation']"), model)
            self.assertTrue(arch.xpath("//field[@name='review_ids']"), model)

    def test_settings_round_trip(self):
        icp = self.env["ir.config_parameter"].sudo()
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.xinfang_near_due_days, 3)
        self.assertEqual(settings.xinfang_repeat_window_days, 365)
        self.assertTrue(settings.xinfang_deadline_roll_weekends)
        settings.write({"xinfang_near_due_days": 5, "xinfang_deadline_roll_weekends": False})
        settings.execute()
        self.assertEqual(icp.get_param("xinfang_petition.near_due_days"), "5")
        self.assertFalse(self.env["xinfang.deadline"]._roll_weekends())
        self.assertFalse(self.env["res.config.settings"].create({}).xinfang_deadline_roll_weekends)
