from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSmokeTour(HttpCase):
    def test_staff_opens_the_petitions_app(self):
        new_test_user(self.env, login="xf_tour_staff", password="xf_tour_staff",
                      groups="xinfang_petition.group_xinfang_staff", name="Tour Staff")
        self.start_tour("/odoo", "xinfang_smoke_tour", login="xf_tour_staff")
