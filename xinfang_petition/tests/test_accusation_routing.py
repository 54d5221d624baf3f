"""Accusations (检举控告) never reach the accused: routing, assignment checks, record rules, sealing."""

from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import XinfangCase, load_migration

ACCUSED_NAME = "王某某"
MODULE = Path(__file__).resolve().parents[1]


@tagged("post_install", "-at_install")
class TestAccusationRouting(XinfangCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit_discipline.xinfang_unit_type = "discipline"
        cls.jijian = cls.user_jijian.employee_ids[:1]

    def accusation(self, **vals):
        """An accepted accusation against the land office, whose handler is ``self.handler``."""
        values = {"nature": "accusation", "subject": "The land officer takes bribes",
                  "accused_unit_id": self.unit_land.id, "accused_person_entry": ACCUSED_NAME}
        values.update(vals)
        return self.accepted(**values)

    @contextmanager
    def assertRefused(self, message):
        """A ValidationError matching ``message``, its partial writes rolled back."""
        with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
            yield

    def to_discipline(self, petition, **vals):
        return self.assign(petition, handler=self.jijian, **vals)

    def sql_put_in_unit(self, petition, unit, handler):
        """Make ``unit`` lead and co-handle the petition, with ``handler``, behind the ORM's back ("somehow")."""
        self.env.flush_all()
        self.env.cr.execute("INSERT INTO xinfang_petition_co_unit_rel (petition_id, department_id) VALUES (%s, %s)",
                            (petition.id, unit.id))
        self.env.cr.execute("UPDATE xinfang_petition SET lead_unit_id = %s, handler_id = %s, handler_user_id = %s "
                            "WHERE id = %s", (unit.id, handler.id, handler.user_id.id, petition.id))
        self.env.invalidate_all()

    # --- assignment ---------------------------------------------------------------------------
    def test_assignment_to_the_accused_unit_is_refused(self):
        petition = self.accusation()
        with self.assertRefused("Land Office"):
            self.assign(petition)  # lead unit = the accused unit, its handler
        with self.assertRefused("cannot be assigned or co-assigned"):
            self.to_discipline(petition, co_unit_ids=[(6, 0, self.unit_land.ids)])
        with self.assertRefused("choose a handler outside the accused unit"):
            self.assign(petition, handler=self.handler, lead_unit_id=self.unit_discipline.id)
        self.assertEqual(petition.state, "accepted")
        self.assertFalse(petition.assignment_ids)

    def test_assignment_to_discipline_inspection_is_allowed(self):
        petition = self.accusation()
        assignment = self.to_discipline(petition, co_unit_ids=[(6, 0, self.unit_social.ids)])
        self.assertEqual(assignment.state, "confirmed")
        self.assertRecordValues(petition, [{
            "state": "handling", "lead_unit_id": self.unit_discipline.id, "handler_id": self.jijian.id,
            "co_unit_ids": self.unit_social.ids, "accused_unit_id": self.unit_land.id}])

    def test_a_non_accusation_may_go_to_the_named_unit(self):
        # The accused unit only binds accusations: an appeal is handled by the unit in charge.
        petition = self.accepted(nature="appeal", accused_unit_id=self.unit_land.id)
        self.assign(petition)
        self.assertEqual(petition.lead_unit_id, self.unit_land)

    def test_confirmation_checks_again(self):
        # The handler joined the accused unit between the draft and the assignment.
        petition = self.accusation()
        newcomer = self._user("xf_newcomer", "handler", unit=self.unit_discipline).employee_ids
        assignment = self.env["xinfang.assignment"].with_user(self.user_staff).create({
            "petition_id": petition.id, "lead_unit_id": self.unit_discipline.id, "handler_id": newcomer.id,
        })
        newcomer.department_id = self.unit_land
        with self.assertRefused("choose a handler outside the accused unit"):
            assignment.with_user(self.user_staff).action_confirm()
        self.assertEqual(petition.state, "accepted")

    def test_accused_unit_cannot_be_a_unit_already_handling(self):
        petition = self.accusation(accused_unit_id=False)
        self.assign(petition)  # to the land office, before anyone knew it was accused
        with self.assertRefused("nor be set as the accused unit"):
            petition.with_user(self.user_staff).accused_unit_id = self.unit_land
        co_handled = self.accusation(accused_unit_id=False)
        self.to_discipline(co_handled, co_unit_ids=[(6, 0, self.unit_social.ids)])
        with self.assertRefused("nor be set as the accused unit"):
            co_handled.with_user(self.user_staff).accused_unit_id = self.unit_social
        # a unit that does not handle it may be named
        co_handled.with_user(self.user_staff).accused_unit_id = self.unit_land
        self.assertEqual(co_handled.accused_unit_id, self.unit_land)

    def test_accused_unit_cannot_be_the_unit_of_a_draft_assignment(self):
        petition = self.accusation(accused_unit_id=False)
        self.env["xinfang.assignment"].with_user(self.user_staff).create({
            "petition_id": petition.id, "lead_unit_id": self.unit_land.id, "handler_id": self.handler.id,
        })
        with self.assertRefused("nor be set as the accused unit"):
            petition.with_user(self.user_staff).accused_unit_id = self.unit_land

    # --- routing ------------------------------------------------------------------------------
    def test_routing_proposes_discipline_inspection(self):
        petition = self.accusation(village_id=self.village_a.id)
        proposal = petition.with_user(self.user_staff)._get_routing_proposal()
        self.assertEqual(proposal["lead_unit"], self.unit_discipline)
        self.assertEqual(proposal["rule"], "discipline")
        self.assertEqual(proposal["handler"], self.jijian)
        self.assertFalse(proposal["co_units"])
        # an appeal of the same category goes to the unit in charge of it
        self.category.default_unit_id = self.unit_land
        appeal = self.accepted()
        proposal = appeal.with_user(self.user_staff)._get_routing_proposal()
        self.assertEqual((proposal["lead_unit"], proposal["rule"]), (self.unit_land, "category"))

    def test_routing_never_proposes_the_accused_unit(self):
        # No discipline unit, and the unit in charge of the category is the accused one.
        self.unit_discipline.xinfang_unit_type = "office"
        self.category.default_unit_id = self.unit_land
        petition = self.accusation()
        proposal = petition.with_user(self.user_staff)._get_routing_proposal()
        self.assertNotEqual(proposal["lead_unit"], self.unit_land)
        self.assertNotIn(self.unit_land, proposal["co_units"])
        # the village where it arose is not proposed as co-handling unit when it is the accused one
        self.category.default_unit_id = self.unit_social
        village = self.accusation(accused_unit_id=self.village_a.id, village_id=self.village_a.id)
        proposal = village._get_routing_proposal()
        self.assertEqual(proposal["lead_unit"], self.unit_social)
        self.assertFalse(proposal["co_units"])
        self.assertEqual(self.accepted(village_id=self.village_a.id)._get_routing_proposal()["co_units"],
                         self.village_a, "an appeal keeps its village as co-handling unit")

    # --- who reads what -----------------------------------------------------------------------
    def test_accused_unit_handler_cannot_read_the_accusation(self):
        petition = self.accusation()
        assignment = self.to_discipline(petition, co_unit_ids=[(6, 0, self.unit_social.ids)])
        Petition = self.env["xinfang.petition"]
        self.assertFalse(Petition.with_user(self.user_handler).search([("id", "=", petition.id)]))
        with self.assertRaises(AccessError):
            petition.with_user(self.user_handler).read(["subject"])
        with self.assertRaises(AccessError):
            assignment.with_user(self.user_handler).read(["name"])
        # the co-handling unit reads the matter, not the accused person's name
        self.assertEqual(petition.with_user(self.user_handler_social).subject, "The land officer takes bribes")
        with self.assertRaises(AccessError):
            petition.with_user(self.user_handler_social).read(["accused_person"])
        self.assertNotIn("accused_person", Petition.with_user(self.user_handler_social).fields_get())
        # discipline inspection reads both
        self.assertEqual(petition.with_user(self.user_jijian).accused_person, ACCUSED_NAME)

    def test_accused_unit_handler_is_kept_out_even_if_somehow_assigned(self):
        petition = self.accusation()
        assignment = self.to_discipline(petition)
        # Appeals of the same unit stay readable: the rule removes only the accusation.
        appeal = self.accepted(subject="Boundary dispute")
        self.assign(appeal)
        self.sql_put_in_unit(petition, self.unit_land, handler=self.handler)
        self.env.cr.execute("INSERT INTO xinfang_assignment_co_unit_rel (assignment_id, department_id) VALUES (%s, %s)",
                            (assignment.id, self.unit_land.id))
        self.env.invalidate_all()
        self.assertEqual(petition.lead_unit_id, self.unit_land)
        self.assertEqual(petition.handler_user_id, self.user_handler)
        as_handler = self.env["xinfang.petition"].with_user(self.user_handler)
        visible = as_handler.search([("id", "in", (petition | appeal).ids)])
        self.assertEqual(visible, appeal)
        with self.assertRaises(AccessError):
            petition.with_user(self.user_handler).read(["subject"])
        Assignment = self.env["xinfang.assignment"].with_user(self.user_handler)
        Extension = self.env["xinfang.extension"].with_user(self.user_handler)
        self.assertFalse(Assignment.search([("id", "=", assignment.id)]))
        self.assertFalse(Extension.search([("petition_id", "=", petition.id)]))

    def test_village_mediator_cannot_read_an_accusation_against_the_village(self):
        against = self.accusation(accused_unit_id=self.village_a.id, village_id=self.village_a.id)
        other = self.accusation(village_id=self.village_a.id)  # against the land office
        appeal = self.registered()
        visible = self.env["xinfang.petition"].with_user(self.user_mediator).search(
            [("id", "in", (against | other | appeal).ids)])
        self.assertEqual(visible, other | appeal)
        with self.assertRaises(AccessError):
            against.with_user(self.user_mediator).read(["subject"])

    def test_accused_person_is_sealed(self):
        petition = self.accusation()
        staff_view = petition.with_user(self.user_staff)
        # The office enters the name; it is sealed on saving and not shown to the office again.
        self.assertFalse(staff_view.accused_person_entry)
        with self.assertRaises(AccessError):
            staff_view.read(["accused_person"])
        with self.assertRaises(AccessError):
            staff_view.search([("accused_person", "=", ACCUSED_NAME)])
        with self.assertRaises(AccessError):
            staff_view.export_data(["name", "accused_person"])
        self.assertFalse(staff_view.export_data(["name", "accused_person_entry"])["datas"][0][1])
        # it can be corrected by the office, and read by discipline inspection only
        staff_view.accused_person_entry = "李某某"
        self.assertEqual(petition.with_user(self.user_jijian).accused_person, "李某某")
        self.assertEqual(petition.with_user(self.user_jijian).export_data(["accused_person"])["datas"], [["李某某"]])
        # the audit trail names the field, not the person
        self.env.flush_all()
        lines = self.env["auditlog.log.line"].search([("log_id.res_id", "=", petition.id),
                                                        ("field_name", "like", "accused_person")])
        self.assertTrue(lines, "the change is on record")
        self.assertFalse(lines.filtered(lambda line: line.new_value_text or line.new_value))
        self.assertFalse(self.env["auditlog.log.line"].search([("new_value_text", "ilike", "某某")]))
        # and the chatter does not track it
        self.env.cr.flush()
        messages = petition.sudo().message_ids
        self.assertTrue(messages.tracking_value_ids, "the petition's steps are tracked")
        self.assertNotIn("某某", "".join(messages.mapped(lambda m: str(m.body))))
        self.assertNotIn("某某", str(messages.tracking_value_ids.mapped("new_value_char")))

    def test_form_shows_the_entry_to_the_office_and_the_name_to_discipline(self):
        view = self.env.ref("xinfang_petition.xinfang_petition_view_form")
        Petition = self.env["xinfang.petition"]
        staff_arch = Petition.with_user(self.user_staff).get_view(view.id, "form")["arch"]
        self.assertIn('name="accused_person_entry"', staff_arch)
        self.assertNotIn('name="accused_person"', staff_arch)
        jijian_arch = Petition.with_user(self.user_jijian).get_view(view.id, "form")["arch"]
        self.assertIn('name="accused_person"', jijian_arch)
        self.assertNotIn('name="accused_person_entry"', jijian_arch)


@tagged("post_install", "-at_install")
class TestMigration_19_0_1_2_0(XinfangCase):
    def test_rules_are_reloaded(self):
        module = load_migration("19.0.1.2.0", "post-accusation-rules")
        rules = {xmlid: self.env.ref(f"xinfang_petition.{xmlid}") for xmlid in module.RULES}
        for rule in rules.values():  # as 19.0.1.1.0 left them
            rule.domain_force = "[('id', '=', 0)]"
        module.migrate(self.env.cr, "19.0.1.1.0")
        tree = etree.parse(str(MODULE / "security" / "xinfang_rules.xml"))
        for xmlid, rule in rules.items():
            expected = tree.find(f".//record[@id='{xmlid}']/field[@name='domain_force']").text
            self.assertEqual(rule.domain_force, expected)
            self.assertIn("accused_unit_id", rule.domain_force)
