import hashlib
import hmac
from datetime import timedelta

import psycopg2

from odoo import api, fields, models


class XinfangPortalThrottle(models.Model):
    """Hit counters per client and hour, kept in the database.

    Odoo runs several worker processes, so a counter in memory would count per worker: the
    limits of anonymous submissions, query-code lookups and API calls live here instead. The
    client is stored as a keyed hash (never a raw IP address or key).
    """

    _name = "xinfang.portal.throttle"
    _description = "Online Submission Rate Counter"
    _order = "bucket desc, id desc"

    scope = fields.Char(required=True, readonly=True)
    key_hash = fields.Char(required=True, readonly=True)
    bucket = fields.Datetime(required=True, readonly=True, help="Start of the counting window.")
    count = fields.Integer(default=0, readonly=True)

    _bucket_uniq = models.UniqueIndex("(scope, key_hash, bucket)")

    @api.model
    def _client_hash(self, value):
        """A keyed hash of an IP address or id: counters work without storing the value itself."""
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        return hmac.new(secret.encode(), str(value).encode(), hashlib.sha256).hexdigest()

    @api.model
    def _hit(self, scope, client, limit, window_seconds=3600):
        """Count one hit of ``client`` in ``scope``; False when ``limit`` hits were already counted.

        A limit of 0 or less disables the check. Two workers counting the same row at once get a
        serialization failure, which Odoo's request retry resolves; two creating it at once meet
        the unique index and the loser counts on the winner's row.
        """
        if limit <= 0:
            return True
        Throttle = self.sudo()
        now = fields.Datetime.now()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        elapsed = int((now - midnight).total_seconds())
        bucket = midnight + timedelta(seconds=elapsed - elapsed % window_seconds)
        key = {"scope": scope, "key_hash": self._client_hash(client), "bucket": bucket}
        row = Throttle.search([(name, "=", value) for name, value in key.items()], limit=1)
        if not row:
            try:
                with self.env.cr.savepoint():
                    Throttle.create({**key, "count": 1})
                return True
            except psycopg2.IntegrityError:
                row = Throttle.search([(name, "=", value) for name, value in key.items()], limit=1)
        if row.count >= limit:
            return False
        row.count += 1
        return True

    @api.autovacuum
    def _gc_old_counters(self):
        """Counters older than two days serve no window any more."""
        self.sudo().search([("bucket", "<", fields.Datetime.now() - timedelta(days=2))]).unlink()
