"""Migration 19.0.1.1.0, run on a database shaped as 19.0.1.0.0."""

from datetime import datetime, timedelta

from odoo.addons.xinfang_petition.tests.common import XinfangCase, load_migration
from odoo.tests import freeze_time, tagged

NOTIFIED = datetime(2026, 3, 2, 8, 0, 0)
ROUTINE = "xinfang_supervision.routine_meeting_days"
OLD_NOTES = {
    "city_deputy": "To the city, 5 to 19 people: the deputy (case) leader on site within 2 hours.",
    "city_principal": "To the city, 20 people or more: the principal leader on site within 2 hours.",
    "province": "To the province, 5 people or more: the principal leaders set off at once.",
    "national": "To Beijing, 5 people or more: the principal leaders set off at once.",
}



@tagged("post_install", "-at_install")
class TestMigration_19_0_1_1_0(XinfangCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.principal = cls.env["hr.employee"].create({"name": "Principal Zhao", "xinfang_role": "principal_leader"})
        cls.rules = {name: cls.env.ref(f"xinfang_supervision.escalation_rule_{name}") for name in OLD_NOTES}

    def _shape_rules(self, city=20, far_minutes=0):
        """The rules as 19.0.1.0.0 shipped them (or as an office edited them): arrival clocks everywhere."""
        cr = self.env.cr
        self.env.flush_all()
        for name, rule in self.rules.items():
            cr.execute("UPDATE xinfang_escalation_rule SET note = jsonb_build_object('en_US', %s::text), "
                       "clock = 'arrival' WHERE id = %s", [OLD_NOTES[name], rule.id])
        cr.execute("UPDATE xinfang_escalation_rule SET max_head_count = %s WHERE id = %s",
                   [city, self.rules["city_deputy"].id])
        cr.execute("UPDATE xinfang_escalation_rule SET min_head_count = %s WHERE id = %s",
                   [city, self.rules["city_principal"].id])
        cr.execute("UPDATE xinfang_escalation_rule SET arrival_minutes = %s WHERE id IN %s",
                   [far_minutes, (self.rules["province"].id, self.rules["national"].id)])
        self.env.invalidate_all()

    def _old_province_visit(self, dispatch_minutes, tracked=True):
        """A province visit dispatched under 19.0.1.0.0: no dispatch time, an arrival deadline at notification."""
        Visit = self.env["xinfang.collective.visit"]
        if not tracked:
            Visit = Visit.with_context(tracking_disable=True)
        with freeze_time(NOTIFIED + timedelta(minutes=0 if tracked else dispatch_minutes)):
            visit = Visit.create({
                "subject": "Group at the provincial bureau", "destination_level": "province", "head_count": 8,
                "notified_at": NOTIFIED, "village_id": self.village_a.id,
                "leader_ids": [(0, 0, {"employee_id": self.principal.id})],
            })
            self.env.cr.flush()
        with freeze_time(NOTIFIED + timedelta(minutes=dispatch_minutes)):
            visit.action_dispatch()
            self.env.cr.flush()  # the state's tracking, at the time of the dispatch
        with freeze_time(NOTIFIED + timedelta(hours=6)):
            visit.leader_ids.action_check_in()
            self.env.cr.flush()
        self.env.flush_all()
        self.env.cr.execute("""
            UPDATE xinfang_collective_visit
               SET clock = 'arrival', arrival_deadline = notified_at, departure_deadline = NULL,
                   departure_status = 'not_timed', departure_late = FALSE, dispatched_at = NULL,
                   arrival_status = 'late', late = TRUE
             WHERE id = %s""", [visit.id])
        self.env.invalidate_all()
        self.assertTrue(visit.late)
        return visit

    def test_untouched_defaults_take_the_new_values(self):
        self._shape_rules()
        self.env["ir.config_parameter"].sudo().set_param(ROUTINE, "20,25")
        late_departure = self._old_province_visit(150)
        timely_departure = self._old_province_visit(30, tracked=False)  # from the dispatch line's time
        county = self.env["xinfang.collective.visit"].create({
            "subject": "Group at the county", "destination_level": "county", "head_count": 12,
            "notified_at": NOTIFIED, "village_id": self.village_a.id})
        self.env.flush_all()
        self.assertEqual(self.env["xinfang.escalation.rule"]._match("city", 15), self.rules["city_deputy"])

        load_migration("19.0.1.1.0", addon="xinfang_supervision").migrate(self.env.cr, "19.0.1.0.0")
        self.env.invalidate_all()

        self.assertRecordValues(self.rules["city_deputy"] | self.rules["city_principal"], [
            {"min_head_count": 5, "max_head_count": 10, "note": "To the city, 5 to 9 people: the deputy (case) "
             "leader on site within 2 hours."},
            {"min_head_count": 10, "max_head_count": 0, "note": "To the city, 10 people or more: the principal "
             "leader on site within 2 hours."},
        ])
        self.assertEqual(self.env["xinfang.escalation.rule"]._match("city", 10), self.rules["city_principal"])
        self.assertEqual(self.rules["city_principal"].name, "City 10+: Principal Leader")
        for name in ("province", "national"):
            self.assertRecordValues(self.rules[name], [{"clock": "departure", "departure_minutes": 120}])
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(ROUTINE), "10,25")
        # the province visits: no arrival deadline any more, the departure is what counts
        self.assertRecordValues(late_departure | timely_departure, [
            {"clock": "departure", "arrival_deadline": False, "departure_deadline": NOTIFIED + timedelta(hours=2),
             "dispatched_at": NOTIFIED + timedelta(minutes=150), "departure_status": "late", "departure_late": True,
             "arrival_status": "no_deadline", "late": False},
            {"clock": "departure", "arrival_deadline": False, "departure_deadline": NOTIFIED + timedelta(hours=2),
             "dispatched_at": NOTIFIED + timedelta(minutes=30), "departure_status": "on_time",
             "departure_late": False, "arrival_status": "no_deadline", "late": False},
        ])
        self.assertRecordValues(county, [{"clock": "arrival", "arrival_deadline": NOTIFIED + timedelta(hours=1),
                                          "dispatched_at": False, "arrival_status": "waiting"}])

    def test_an_office_s_own_values_are_kept(self):
        self._shape_rules(city=15, far_minutes=180)
        self.env["ir.config_parameter"].sudo().set_param(ROUTINE, "15,28")
        load_migration("19.0.1.1.0", addon="xinfang_supervision").migrate(self.env.cr, "19.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual((self.rules["city_deputy"].max_head_count, self.rules["city_principal"].min_head_count),
                         (15, 15))
        self.assertEqual(self.rules["city_principal"].note, OLD_NOTES["city_principal"])
        for name in ("province", "national"):
            self.assertRecordValues(self.rules[name], [{"clock": "arrival", "arrival_minutes": 180}])
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(ROUTINE), "15,28")
