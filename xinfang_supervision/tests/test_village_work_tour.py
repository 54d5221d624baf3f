from odoo.tests import HttpCase, freeze_time, new_test_user, tagged


@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestVillageWorkTour(HttpCase):
    """A village mediator records the village's work on a phone-sized screen."""

    browser_size = "390x844"
    touch_enabled = True

    def test_mediator_records_a_meeting_and_a_mediation_on_a_phone(self):
        village = self.env["hr.department"].create({"name": "Tour Village", "xinfang_unit_type": "village"})
        user = new_test_user(self.env, login="xf_tour_mediator", password="xf_tour_mediator",
                             groups="xinfang_petition.group_xinfang_mediator", name="Tour Mediator",
                             tz="Asia/Shanghai")
        mediator = self.env["hr.employee"].create({
            "name": "Tour Mediator", "user_id": user.id, "xinfang_role": "mediator",
            "xinfang_village_id": village.id, "department_id": village.id,
        })
        leader = self.env["hr.employee"].create({"name": "Tour Contract Leader", "xinfang_role": "deputy_leader"})
        self.env["xinfang.village.contract"].create({
            "leader_id": leader.id, "village_id": village.id, "date_from": "2026-01-01"})
        # the Village Work menu is the mediator's
        menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        for xmlid in ("menu_xinfang_village_work", "menu_xinfang_village_meeting", "menu_xinfang_mediation",
                      "menu_xinfang_village_field_visit"):
            self.assertIn(self.env.ref(f"xinfang_supervision.{xmlid}").id, menus, xmlid)

        self.start_tour("/odoo/action-xinfang_supervision.action_xinfang_village_meeting",
                        "xinfang_village_work_tour", login="xf_tour_mediator")

        meeting = self.env["xinfang.meeting"].search([("village_id", "=", village.id)])
        self.assertEqual(len(meeting), 1)
        self.assertRecordValues(meeting, [{
            "meeting_type": "village", "state": "held", "place": "Village Hall",
            "contract_leader_id": leader.id, "contract_leader_absent": True,
        }])
        self.assertEqual(meeting.attendee_ids, mediator)
        self.assertIn("irrigation channel", meeting.minutes)
        mediation = self.env["xinfang.mediation"].search([("village_id", "=", village.id)])
        self.assertEqual(len(mediation), 1)
        self.assertRecordValues(mediation, [{
            "state": "done", "outcome": "agreement", "mediator_id": mediator.id,
            "agreement_filename": "agreement.pdf", "description": "Boundary wall between two homesteads",
        }])
        self.assertRegex(mediation.name, r"^TJ2026-\d{4}$")
        self.assertEqual(sorted(mediation.party_ids.mapped("role")), ["applicant", "respondent"])
        self.assertTrue(mediation.agreement_file)
