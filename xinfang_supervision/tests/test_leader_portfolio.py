from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time

from .common_leader import LeaderCase


@freeze_time("2026-03-02 09:00:00")
class TestLeaderPortfolio(LeaderCase):
    """一岗双责, 干部代访, 包村 and 干部下访."""

    # --- portfolio roll-up -------------------------------------------------------------------
    def test_responsible_leader_from_category_then_lead_unit(self):
        self.category.with_user(self.user_director).deputy_leader_id = self.deputy
        self.unit_social.deputy_leader_id = self.deputy2
        petition = self.registered()
        self.assertEqual(petition.responsible_leader_id, self.deputy)
        # a category without its own deputy inherits the parent's
        child = self.env["xinfang.category"].create({"name": "Land requisition", "parent_id": self.category.id})
        self.assertEqual(child.effective_deputy_leader_id, self.deputy)
        by_child = self.registered(category_id=child.id)
        self.assertEqual(by_child.responsible_leader_id, self.deputy)
        # no deputy on the category: the lead unit's deputy answers, once the unit is known
        labour = self.accepted(category_id=self.category_labour.id)
        self.assertFalse(labour.responsible_leader_id)
        self.assign(labour, handler=self.handler_social)
        self.assertEqual(labour.responsible_leader_id, self.deputy2)
        # re-mapping the category moves its petitions
        self.category.deputy_leader_id = self.deputy2
        self.assertEqual(petition.responsible_leader_id, self.deputy2)
        self.assertEqual(by_child.responsible_leader_id, self.deputy2)

    def test_only_leaders_carry_a_portfolio(self):
        with self.raises(ValidationError, "not a township leader"):
            self.category.deputy_leader_id = self.handler
        with self.raises(ValidationError, "not a township leader"):
            self.unit_land.deputy_leader_id = self.staff_employee

    def test_my_responsibility(self):
        self.category.deputy_leader_id = self.deputy
        mine = self.registered()
        other = self.registered(category_id=self.category_labour.id, petitioner_id=self.petitioner_b.id)
        cased = self.registered(category_id=self.category_labour.id)
        self.new_case(cased, leader=self.deputy2, user=self.user_deputy2)
        Petition = self.env["xinfang.petition"]

        def listed(user):
            action = Petition.with_user(user).action_my_responsibility()
            return Petition.with_user(user).search(action["domain"]) & (mine | other | cased)

        self.assertEqual(listed(self.user_deputy), mine)
        self.assertEqual(listed(self.user_deputy2), cased)
        self.assertEqual(listed(self.user_leader), mine | other | cased, "the principal leader sees all")

    def test_petition_form_for_each_role(self):
        petition = self.handling()
        for user in (self.user_mediator, self.user_handler, self.user_staff, self.user_deputy):
            with Form(petition.with_user(user)) as form:
                self.assertEqual(form.channel, "visit")

    # --- proxy petitioning ---------------------------------------------------------------------
    def test_proxy_petitioning_on_the_petition(self):
        """干部代访 is a proxy visit linked to the petition (the details are in test_proxy_visit.py)."""
        petition = self.handling()
        visit = self.env["xinfang.proxy.visit"].with_user(self.user_staff).create({
            "petition_id": petition.id,
            "cadre_id": self.staff_employee.id,
            "authority": "County Petition Bureau",
        })
        self.env.cr.flush()  # changes in the transaction that created a record are not tracked
        visit.with_user(self.user_staff).action_carry()
        visit.with_user(self.user_staff).action_record_answer(
            "The bureau accepted the materials and will reply in writing.")
        self.assertEqual(petition.proxy_visit_ids, visit)
        self.assertEqual(visit.cadre_id, self.staff_employee)
        self.assertEqual(str(visit.visit_date), "2026-03-02")
        self.assertEqual(petition.with_user(self.user_handler).proxy_visit_ids.authority, "County Petition Bureau")
        self.env.cr.flush()
        self.assertTrue(self.env["mail.tracking.value"].sudo().search_count([
            ("mail_message_id.model", "=", "xinfang.proxy.visit"), ("mail_message_id.res_id", "=", visit.id),
            ("field_id.name", "=", "state"),
        ]), "each step of the proxy visit is tracked")

    # --- village contracting -------------------------------------------------------------------
    def test_one_contracting_leader_per_village_at_a_time(self):
        Contract = self.env["xinfang.village.contract"].with_user(self.user_leader)
        first = Contract.create({"leader_id": self.deputy.id, "village_id": self.village_a.id,
                                 "date_from": "2026-01-01"})
        self.assertTrue(first.is_current)
        with self.raises(ValidationError, "already contracted"):
            Contract.create({"leader_id": self.deputy2.id, "village_id": self.village_a.id,
                             "date_from": "2026-03-01"})
        first.date_to = "2026-02-28"
        second = Contract.create({"leader_id": self.deputy2.id, "village_id": self.village_a.id,
                                  "date_from": "2026-03-01"})
        self.assertEqual(Contract.search([("is_current", "=", True), ("village_id", "=", self.village_a.id)]), second)
        with self.raises(ValidationError, "not a township leader"):
            Contract.create({"leader_id": self.handler.id, "village_id": self.village_b.id})
        with self.raises(ValidationError, "not a village"):
            Contract.create({"leader_id": self.deputy.id, "village_id": self.unit_land.id})
        with self.assertRaises(AccessError):
            self.env["xinfang.village.contract"].with_user(self.user_staff).create(
                {"leader_id": self.deputy.id, "village_id": self.village_b.id})

    # --- field visits -------------------------------------------------------------------------
    def test_field_visit_registers_a_petition(self):
        visit = self.env["xinfang.field.visit"].with_user(self.user_staff).create({
            "cadre_id": self.staff_employee.id, "village_id": self.village_a.id,
            "findings": "<p>Families complain about the land compensation.</p>",
        })
        action = visit.action_register_petition()
        self.assertEqual(action["res_model"], "xinfang.petition")
        form = Form(self.env["xinfang.petition"].with_user(self.user_staff).with_context(action["context"]))
        self.assertEqual(form.village_id, self.village_a)
        self.assertEqual(form.channel, "visit")
        form.subject = "Land compensation not paid"
        form.category_id = self.category
        form.petitioner_id = self.petitioner
        petition = form.save()
        self.assertEqual(petition.field_visit_id, visit)
        self.assertEqual(visit.petition_count, 1)
        with self.assertRaisesRegex(UserError, "archive it instead"):
            visit.with_user(self.user_leader).unlink()

    def test_field_visit_raises_a_risk(self):
        if "xinfang.risk" not in self.env:
            self.skipTest("risk screening (xinfang.risk) is not installed")
        visit = self.env["xinfang.field.visit"].with_user(self.user_staff).create({
            "cadre_id": self.staff_employee.id, "village_id": self.village_b.id,
            "risk_note": "Twelve families plan to go to the county over the compensation.",
        })
        self.assertTrue(visit.risk_model_available)
        action = visit.action_raise_risk()
        risk = self.env["xinfang.risk"].browse(action["res_id"])
        self.assertEqual(visit.risk_ref, risk)
        self.assertEqual(risk.village_id, self.village_b)
        self.assertIn("Twelve families", risk.description)
        if "source" in risk._fields:
            self.assertEqual(risk.source, "field_visit")
        with self.assertRaisesRegex(UserError, "already raised"):
            visit.action_raise_risk()

    def test_field_visit_access(self):
        Visit = self.env["xinfang.field.visit"]
        visit = Visit.with_user(self.user_staff).create({"cadre_id": self.staff_employee.id,
                                                        "village_id": self.village_a.id})
        self.assertEqual(visit.cadre_id, self.staff_employee)
        with self.assertRaises(AccessError):
            Visit.with_user(self.user_handler).create({"cadre_id": self.handler.id, "village_id": self.village_a.id})
        with self.assertRaises(AccessError):
            visit.with_user(self.user_staff).unlink()
        visit.with_user(self.user_leader).unlink()
