from lxml import etree

from odoo.tests import tagged

from .common import XinfangCase


@tagged("post_install", "-at_install")
class TestQueryCounts(XinfangCase):
    """Opening a petition and a page of 80 cost the same number of queries whatever the history."""

    def _spec(self, view_type):
        views = self.env["xinfang.petition"].with_user(self.user_staff).get_views([(False, view_type)])
        arch = views["views"][view_type]["arch"]
        names = {node.get("name") for node in etree.fromstring(arch).iter("field")}
        fields = self.env["xinfang.petition"]._fields
        spec = {}
        for name in names & set(fields):
            if fields[name].type in ("many2one", "one2many", "many2many"):
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    def _count(self, func):
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        func()  # warm the ormcaches (access rules, views) as a running server has them
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        func()
        return self.env.cr.sql_log_count - before

    def _history(self, count):
        petitions = self.env["xinfang.petition"]
        for _i in range(count):
            petition = self.replied()
            petition.message_post(body="Follow-up call")
            petitions |= petition
        return petitions

    def test_form_and_list_queries_do_not_grow_with_history(self):
        Petition = self.env["xinfang.petition"].with_user(self.user_staff)
        form_spec, list_spec = self._spec("form"), self._spec("list")
        petitions = self._history(80)
        target = petitions[0].with_user(self.user_staff)

        def open_form():
            target.web_read(form_spec)

        def open_list():
            Petition.web_search_read([], list_spec, limit=80)

        form_small, list_small = self._count(open_form), self._count(open_list)
        self._history(40)  # more petitions, assignments, messages and activities
        target.message_post(body="More history on the opened petition")
        self.assertEqual(self._count(open_form), form_small)
        self.assertEqual(self._count(open_list), list_small)
        # and they stay small: no per-row query in the list
        self.assertLess(list_small, 25)
        self.assertLess(form_small, 40)
