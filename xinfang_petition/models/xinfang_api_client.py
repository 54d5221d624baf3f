import hashlib
import hmac
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import read_setting

KEY_INDEX_SIZE = 8  # leading characters of a key kept in clear to find its record
KEY_SHOW_MODEL = "xinfang.api.client.key.show"
JURISDICTION_PARAM = "xinfang_petition.open311_jurisdiction_id"


class XinfangApiClient(models.Model):
    """A system that pushes and pulls petitions through the Open311 API (e.g. the 12345 platform).

    Only a salted SHA-256 hash of its key is stored; the key is shown once when generated.
    The key has 256 random bits, so a fast hash is enough: there is nothing to guess.
    """

    _name = "xinfang.api.client"
    _description = "Open311 API Client"
    _order = "name, id"

    name = fields.Char(required=True, help="The integrating system, e.g. 12345 hotline platform of the county.")
    active = fields.Boolean(default=True)
    key_index = fields.Char(readonly=True, copy=False, index="btree_not_null",
                            help="The first characters of the key, to recognise it.")
    key_salt = fields.Char(readonly=True, copy=False, groups="base.group_system")
    key_hash = fields.Char(readonly=True, copy=False, groups="base.group_system")
    has_key = fields.Boolean(compute="_compute_has_key")
    last_used = fields.Datetime(readonly=True, copy=False)
    rate_limit = fields.Integer(
        string="Requests per Hour", default=600,
        help="Calls allowed per hour with this key; further calls get HTTP 429. 0 disables the limit.",
    )
    note = fields.Text()
    petition_count = fields.Integer(compute="_compute_petition_count")

    _rate_limit_positive = models.Constraint("CHECK (rate_limit >= 0)", "The rate limit cannot be negative.")

    @api.depends("key_index")
    def _compute_has_key(self):
        for client in self:
            client.has_key = bool(client.key_index)

    def _compute_petition_count(self):
        # sudo: a count of the petitions each system sent; petition scope rules do not apply to counting.
        groups = self.env["xinfang.petition"].sudo().with_context(active_test=False)._read_group(
            [("open311_client_id", "in", self.ids)], ["open311_client_id"], ["__count"])
        counts = {client.id: count for client, count in groups}
        for client in self:
            client.petition_count = counts.get(client.id, 0)

    @staticmethod
    def _hash_key(salt, key):
        return hashlib.sha256(f"{salt}{key}".encode()).hexdigest()

    @api.model
    def _new_key(self):
        return secrets.token_urlsafe(32)

    def action_generate_key(self):
        """Generate a new key (the old one stops working) and show it once.

        Nothing is half-done: the caller must be allowed to change the client, and to open the dialog
        that shows the key (the form's onchange needs read and create on the dialog's model), before the
        new hash replaces the old one. A user who could not see the key never loses the old one.
        """
        self.ensure_one()
        self.check_access("write")
        self.env[KEY_SHOW_MODEL].check_access("create")
        self.env[KEY_SHOW_MODEL].check_access("read")
        key = self._new_key()
        salt = secrets.token_hex(16)
        # sudo: the hash fields are readable by administrators only; the director sets them here, after
        # the access checks above.
        self.sudo().write({
            "key_index": key[:KEY_INDEX_SIZE],
            "key_salt": salt,
            "key_hash": self._hash_key(salt, key),
        })
        return {
            "type": "ir.actions.act_window",
            "res_model": KEY_SHOW_MODEL,
            "name": self.env._("API Key Ready"),
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_key": key},
        }

    def action_revoke_key(self):
        self.check_access("write")
        # sudo: the hash fields are readable by administrators only; the director clears them here.
        self.sudo().write({"key_index": False, "key_salt": False, "key_hash": False})
        return True

    @api.model
    def _check_jurisdiction(self, jurisdiction_id):
        """Refuse a ``jurisdiction_id`` other than the one configured (none configured: refuse any).

        """
        if not jurisdiction_id:
            return
        configured = read_setting(self.env, JURISDICTION_PARAM, "").strip()
        if jurisdiction_id != configured:
            raise UserError(self.env._("Unknown jurisdiction_id %(id)s.", id=jurisdiction_id))

    @api.model
    def _authenticate(self, key):
        """The active client owning ``key``, or an empty recordset. Hashes compared in constant time.

        sudo: authentication happens before any user is known (public API routes).
        """
        if not key or len(key) < KEY_INDEX_SIZE * 2:
            return self.browse()
        candidates = self.sudo().search([("key_index", "=", key[:KEY_INDEX_SIZE])])
        for client in candidates:
            if client.key_hash and hmac.compare_digest(client.key_hash, self._hash_key(client.key_salt, key)):
                return client
        return self.browse()

    def _check_in(self):
        """Count one call of this (authenticated) client against its hourly limit: False when it is used up.

        The last use is recorded at most once a minute: concurrent calls do not fight over the row.
        """
        self.ensure_one()
        # sudo-safe: the counter stores a keyed hash of the client's id only.
        if not self.env["xinfang.portal.throttle"].sudo()._hit("api", self.id, self.rate_limit):
            return False
        now = fields.Datetime.now()
        if not self.last_used or (now - self.last_used).total_seconds() > 60:
            # sudo: an API call has no user; the client was authenticated by its key
            self.sudo().last_used = now
        return True
