from datetime import timedelta

from odoo.addons.xinfang_petition.models.res_company import township_today
from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import format_date

URL = "/xinfang/reception-roster"


@tagged("post_install", "-at_install")
class TestPortalReceptionRoster(XinfangCase, HttpCase):
    """The published reception roster on a public page: what is announced, and nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.principal = Employee.create({
            "name": "书记赵", "xinfang_role": "principal_leader", "user_id": cls.user_leader.id,
            "job_title": "党委书记", "work_email": "zhao.private@example.invalid", "private_phone": "13911112222",
        })
        cls.deputy = Employee.create({"name": "副镇长钱", "xinfang_role": "deputy_leader", "job_title": "副镇长"})
        cls.deputy_2 = Employee.create({"name": "副镇长孙", "xinfang_role": "deputy_leader", "job_title": "武装部长"})
        cls.deputy_3 = Employee.create({"name": "副镇长李", "xinfang_role": "deputy_leader"})
        cls.deputy_4 = Employee.create({"name": "副镇长周", "xinfang_role": "deputy_leader"})
        cls.today = township_today(cls.env["xinfang.reception.day"])
        Day = cls.env["xinfang.reception.day"]

        def day(offset, leader, **vals):
            return Day.create({"date": cls.today + timedelta(days=offset), "leader_id": leader.id,
                               "place": "镇信访接待大厅", **vals})

        cls.today_day = day(0, cls.principal, published=True, time_from=8.5, time_to=11.75,
                            note="Internal: bring the land files of the Zhang family")
        cls.next_day = day(2, cls.deputy, published=True, time_from=14.0, time_to=17.5, place="东村村委会")
        cls.unpublished = day(1, cls.deputy_2)
        cls.past = day(-1, cls.deputy_3, published=True)
        cls.archived = day(3, cls.deputy_4, published=True)
        cls.archived.action_archive()

    def url_open(self, *args, **kwargs):
        # The server shares the test cursor but not the ORM cache: flush first.
        self.env.flush_all()
        return super().url_open(*args, **kwargs)

    def test_published_days_from_today_without_login(self):
        self.authenticate(None, None)
        page = self.url_open(URL)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Leader reception days", page.text)
        rows = page.text.split("o_xf_roster_row")[1:]
        self.assertEqual(len(rows), 2, "today's and the next published day")
        first, second = rows
        self.assertIn("书记赵", first)
        self.assertIn("党委书记", first)
        self.assertIn("08:30-11:45", first)
        self.assertIn("镇信访接待大厅", first)
        self.assertIn(format_date(self.env, self.today), first)
        self.assertIn(self.today.strftime("%A"), first)
        self.assertIn("副镇长钱", second)
        self.assertIn("14:00-17:30", second)
        self.assertIn("东村村委会", second)

    def test_unpublished_past_and_archived_days_are_not_shown(self):
        self.authenticate(None, None)
        page = self.url_open(URL)
        for name in ("副镇长孙", "武装部长", "副镇长李", "副镇长周"):
            self.assertNotIn(name, page.text)
        self.unpublished.action_publish()
        self.assertIn("副镇长孙", self.url_open(URL).text, "published: shown at once")
        (self.today_day | self.next_day | self.unpublished).action_unpublish()
        page = self.url_open(URL)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_xf_roster_empty", page.text)
        self.assertNotIn("o_xf_roster_row", page.text)

    def test_no_private_field_leaks(self):
        petition = self.registered(channel="visit", subject="Secret land dispute of the Wang family")
        petition.reception_day_id = self.today_day
        for login in (None, "xf_portal_roster"):
            if login:
                new_test_user(self.env, login=login, groups="base.group_portal")
            self.authenticate(login, login)
            page = self.url_open(URL)
            self.assertEqual(page.status_code, 200)
            for private in ("Internal: bring the land files", "zhao.private@example.invalid", "13911112222",
                            petition.subject, self.user_leader.login):
                self.assertNotIn(private, page.text)

    def test_linked_from_my_petitions(self):
        portal = new_test_user(self.env, login="xf_portal_link", groups="base.group_portal")
        self.assertTrue(portal)
        self.authenticate("xf_portal_link", "xf_portal_link")
        page = self.url_open("/my/petitions")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'href="{URL}"', page.text)

    def test_only_get(self):
        self.authenticate(None, None)
        response = self.url_open(URL, data={"csrf_token": "x"})
        self.assertEqual(response.status_code, 405)
