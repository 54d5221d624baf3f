from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCollectiveVisitTour(HttpCase):
    def test_collective_visit_reported_dispatched_on_time(self):
        user = new_test_user(self.env, login="xf_tour_leader", password="xf_tour_leader",
                             groups="xinfang_petition.group_xinfang_leader", name="Tour Leader",
                             tz="Asia/Shanghai")
        principal = self.env["hr.employee"].create({
            "name": "Tour Principal Leader", "xinfang_role": "principal_leader", "user_id": user.id,
        })
        self.start_tour("/odoo", "xinfang_collective_visit_tour", login="xf_tour_leader")
        visit = self.env["xinfang.collective.visit"].search([("subject", "=", "Wage arrears of the brick works")])
        self.assertEqual(len(visit), 1)
        self.assertRecordValues(visit, [{
            "destination_level": "county", "head_count": 35, "required_leader_level": "principal",
            "state": "on_site", "arrival_status": "on_time", "late": False,
        }])
        self.assertEqual(visit.leader_ids.employee_id, principal)
        self.assertTrue(visit.leader_ids.on_time)
