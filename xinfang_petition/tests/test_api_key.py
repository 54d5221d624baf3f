from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import XinfangCase


@tagged("post_install", "-at_install")
class TestApiKey(XinfangCase, HttpCase):
    """Issuing an Open311 key: the director and the administrator see it once; nothing half-done."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.env["xinfang.api.client"].create({"name": "Tour 12345 platform"})
        cls.admin = cls.env.ref("base.user_admin")
        cls.Client = cls.env["xinfang.api.client"]

    def show_key(self, user, action):
        """What the key dialog shows ``user``: the web client's views and onchange of a new record."""
        Show = self.env[action["res_model"]].with_user(user).with_context(**action["context"])
        Show.get_views([(False, "form")])
        return Show.onchange({}, [], {"key": {}})["value"]["key"]

    def test_director_and_admin_see_the_key_once(self):
        keys = []
        for user in (self.user_director, self.admin):
            with self.subTest(user=user.login):
                action = self.client.with_user(user).action_generate_key()
                key = self.show_key(user, action)
                self.assertEqual(self.Client._authenticate(key), self.client)
                self.assertNotIn(key, (self.client.sudo().key_hash, self.client.sudo().key_salt))
                keys.append(key)
        self.assertFalse(self.Client._authenticate(keys[0]), "the director's key was replaced")
        self.client.with_user(self.user_director).action_revoke_key()
        self.assertFalse(self.Client._authenticate(keys[1]))

    def test_others_cannot_issue_or_revoke_keys(self):
        key = self.client.action_generate_key()["context"]["default_key"]
        for user in (self.user_staff, self.user_leader, self.user_handler, self.user_mediator, self.user_plain):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.client.with_user(user).action_generate_key()
                with self.assertRaises(AccessError):
                    self.client.with_user(user).action_revoke_key()
                with self.assertRaises(AccessError):
                    self.show_key(user, {"res_model": "xinfang.api.client.key.show", "context": {"default_key": "x"}})
        self.assertEqual(self.Client._authenticate(key), self.client, "the key in use is untouched")

    def test_no_new_hash_unless_the_key_can_be_shown(self):
        key = self.client.action_generate_key()["context"]["default_key"]
        old_hash = self.client.sudo().key_hash
        self.env.ref("xinfang_petition.access_xinfang_api_client_key_show_director").active = False
        with self.assertRaises(AccessError):
            self.client.with_user(self.user_director).action_generate_key()
        self.assertEqual(self.client.sudo().key_hash, old_hash)
        self.assertEqual(self.Client._authenticate(key), self.client, "the key in use keeps working")

    def test_tour_director_issues_a_key_and_uses_it(self):
        self.env.flush_all()
        self.start_tour("/odoo", "xinfang_api_key_tour", login=self.user_director.login)
        self.env.invalidate_all()
        client = self.client.sudo()
        self.assertTrue(client.key_hash)
        self.assertTrue(client.last_used, "the tour's calls authenticated with the key shown")
