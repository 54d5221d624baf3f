from odoo.tests import HttpCase, new_test_user, tagged

GROUP = "xinfang_petition.group_xinfang_"


@tagged("post_install", "-at_install")
class TestLifecycleTour(HttpCase):
    """Register → accept → assign → reply → follow-up → close in Chromium, as the demo roles.

    Uses the demo township's users (logins ``staff`` and ``handler``, see data/township.py) when the
    database has them, else creates users with the same logins and roles.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"].with_context(active_test=False)
        cls.staff = Users.search([("login", "=", "staff")]) or new_test_user(
            cls.env, login="staff", password="staff", groups=f"{GROUP}staff", name="Tour Staff")
        cls.handler = Users.search([("login", "=", "handler")]) or new_test_user(
            cls.env, login="handler", password="handler", groups=f"{GROUP}handler", name="Tour Handler")
        for user in (cls.staff, cls.handler):
            user.password = user.login
        cls.unit = cls.env["hr.department"].create({"name": "巡检办", "xinfang_unit_type": "office"})
        cls.env.ref("xinfang_petition.category_land_acquisition").default_unit_id = cls.unit  # routing proposal
        cls.village = cls.env["hr.department"].create(
            {"name": "巡检村", "xinfang_unit_type": "village", "population": 1000})
        cls.env["hr.employee"].create({
            "name": "巡检承办人", "user_id": cls.handler.id, "department_id": cls.unit.id, "xinfang_role": "handler",
        }) if not cls.handler.employee_ids else cls.handler.employee_ids[:1].write({"name": "巡检承办人"})
        cls.env["xinfang.petitioner"].create({"name": "巡检信访人", "id_number": "11010519491231002X"})

    def test_visit_petition_from_window_to_close(self):
        self.start_tour("/odoo", "xinfang_lifecycle_intake_tour", login=self.staff.login)
        petition = self.env["xinfang.petition"].search([("subject", "=", "征地补偿款未按时发放（巡检）")])
        self.assertEqual(petition.state, "handling")
        self.assertEqual(petition.handler_user_id, self.handler)
        self.assertEqual(petition.registered_by_id, self.staff)
        url = f"/odoo/action-xinfang_petition.action_xinfang_petition/{petition.id}"
        self.start_tour(url, "xinfang_lifecycle_reply_tour", login=self.handler.login)
        self.assertEqual(petition.state, "replied")
        self.assertEqual(petition.reply_outcome, "support")
        self.start_tour(url, "xinfang_lifecycle_close_tour", login=self.staff.login)
        self.assertEqual(petition.state, "closed")
        self.assertEqual(petition.satisfaction, "satisfied")
        self.assertIn("12000", petition.close_result)
