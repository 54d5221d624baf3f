"""The bus notifications of a transaction (a registration's to-do tells its user) go out on a connection the
process keeps, not a new connection per transaction (xinfang_petition/models/bus_bus.py)."""

import select
import time

import psycopg2

from odoo.addons.xinfang_petition.models import bus_bus
from odoo.sql_db import connection_info_for
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestBusNotify(TransactionCase):
    def setUp(self):
        super().setUp()
        _db, info = connection_info_for("postgres")
        self.listener = psycopg2.connect(**info)
        self.listener.autocommit = True
        self.listener.cursor().execute("LISTEN imbus")
        self.addCleanup(self.listener.close)

    def received(self, expected, timeout=5):
        payloads, deadline = [], time.monotonic() + timeout
        while len(payloads) < expected and time.monotonic() < deadline:
            select.select([self.listener], [], [], 0.2)
            self.listener.poll()
            while self.listener.notifies:
                payloads.append(self.listener.notifies.pop(0).payload)
        return payloads

    def test_notifications_reach_the_listener_on_one_kept_connection(self):
        bus_bus.notify_bus(['["xf_test", "first"]'])
        connection = bus_bus._connection[bus_bus.os.getpid()]
        bus_bus.notify_bus(['["xf_test", "second"]'])
        self.assertIs(bus_bus._connection[bus_bus.os.getpid()], connection, "no new connection")
        self.assertEqual(self.received(2), ['["xf_test", "first"]', '["xf_test", "second"]'])

    def test_a_broken_connection_is_opened_again(self):
        bus_bus.notify_bus(['["xf_test", "before"]'])
        bus_bus._connection[bus_bus.os.getpid()].close()
        bus_bus.notify_bus(['["xf_test", "after"]'])
        self.assertEqual(self.received(2), ['["xf_test", "before"]', '["xf_test", "after"]'])

    def test_a_transaction_notifies_through_it_after_its_commit(self):
        self.env["bus.bus"]._sendone(self.env.user.partner_id, "xf_test/ping", {})
        self.assertEqual(self.received(1, timeout=0.5), [], "nothing before the commit")
        connection = bus_bus._connection.get(bus_bus.os.getpid())
        self.env.cr.postcommit.run()  # what the commit runs after COMMIT
        payloads = self.received(1)
        self.assertEqual(len(payloads), 1)
        self.assertIn(self.env.cr.dbname, payloads[0], "the channel of the user on this database")
        if connection:
            self.assertIs(bus_bus._connection[bus_bus.os.getpid()], connection)
