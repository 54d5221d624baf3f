from datetime import date, timedelta

from odoo.tests import HttpCase, freeze_time, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestWorkbenchTour(HttpCase):
    """Staff log in, land on the start page, click the overdue figure and open the overdue petition."""

    def test_staff_open_the_overdue_petition_from_the_start_page(self):
        staff = new_test_user(self.env, login="xf_tour_today", password="xf_tour_today",
                              groups="xinfang_petition.group_xinfang_staff", name="Tour Staff",
                              tz="Asia/Shanghai")
        self.assertEqual(staff.action_id.id, self.env.ref("xinfang_supervision.action_xinfang_workbench").id)
        petitioner = self.env["xinfang.petitioner"].create({"name": "张三", "id_number": "11010519491231002X"})
        registered = date.today() - timedelta(days=60)
        with freeze_time(registered):
            petition = self.env["xinfang.petition"].with_user(staff).create({
                "subject": "Tour overdue petition",
                "content": "The village took my contracted land without compensation.",
                "channel": "visit",
                "petitioner_id": petitioner.id,
                "category_id": self.env.ref("xinfang_petition.category_land").id,
            })
            petition.action_register()
        self.assertLess(petition.current_deadline, date.today())
        self.assertEqual(petition.name[:6], f"XF{registered.year}")
        self.start_tour("/odoo", "xinfang_workbench_tour", login="xf_tour_today")
