from lxml import etree

from odoo.tests import new_test_user, tagged

from .common_leader import LeaderCase


@tagged("post_install", "-at_install")
class TestHrEmployeeCases(LeaderCase):
    """"Cases led" on the employee forms: counted in one query, shown to petition staff only."""

    def test_cases_led_count_and_button(self):
        self.new_case(self.registered())
        self.new_case(self.registered())
        self.new_case(self.registered()).action_cancel()
        self.new_case(self.registered(), leader=self.principal)

        leaders = (self.deputy | self.deputy2 | self.principal).with_user(self.user_staff)
        self.assertEqual(leaders.mapped("xinfang_case_count"), [2, 0, 1])
        public = self.env["hr.employee.public"].with_user(self.user_staff).browse(self.deputy.id)
        self.assertEqual(public.xinfang_case_count, 2)
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            leaders.mapped("xinfang_case_count")

        action = leaders[0].action_open_xinfang_leader_cases()
        cases = self.env["xinfang.leader.case"].with_user(self.user_staff).search(action["domain"])
        self.assertEqual(len(cases), 2)
        self.assertEqual(cases.leader_id, self.deputy)

    def test_hidden_from_hr_officers_without_petition_rights(self):
        hr_user = new_test_user(self.env, login="xf_hr_cases", groups="hr.group_hr_user", name="HR Officer")
        arch = self.env["hr.employee"].with_user(hr_user).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("xinfang_case_count", {node.get("name") for node in etree.fromstring(arch).iter("field")})
        self.deputy.with_user(hr_user).web_read({"name": {}, "xinfang_role": {}})
        arch = self.env["hr.employee.public"].with_user(self.user_staff).get_views([(False, "form")])
        self.assertIn("xinfang_case_count", arch["views"]["form"]["arch"])
