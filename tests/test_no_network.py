"""No data leaves the township: a petition's whole life, its documents, the scheduled jobs and the
administrator's first visit to the web client make no outbound network call. Sockets, DNS and requests are
patched to refuse (and record) anything that is not loopback or a Unix socket (the database, a local mail
server); the browser's own requests to other hosts are recorded too.
"""

import ipaddress
import socket
from contextlib import contextmanager
from unittest.mock import patch

import requests

from odoo.addons.iap.tools import iap_tools  # importable whether or not `iap` is installed
from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.tests import HttpCase, tagged

REPORT = "xinfang_petition.action_report_"
# The modules README "Privacy" lists as calling outside servers (scripts/privacy.py keeps them out)
CALLING_OUT = ("iap", "iap_mail", "partner_autocomplete", "sms", "snailmail", "snailmail_account", "web_unsplash")


def _is_local(host):
    if host in (None, "", "localhost") or str(host).endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False  # a name to resolve: a DNS query leaves the machine


class OutboundCall(OSError):
    pass


@contextmanager
def no_outbound_network():
    """Refuse every non-local connection, name lookup and HTTP request; yields the list of attempts."""
    attempts = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo, real_create_connection = socket.getaddrinfo, socket.create_connection
    real_send = requests.Session.send

    def refuse(what):
        attempts.append(what)
        raise OutboundCall(f"outbound network call refused in this test: {what}")

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            refuse(("connect", address))
        return real_connect(sock, address)

    def connect_ex(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            refuse(("connect_ex", address))
        return real_connect_ex(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host):
            refuse(("getaddrinfo", host))
        return real_getaddrinfo(host, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        if not _is_local(address[0]):
            refuse(("create_connection", address))
        return real_create_connection(address, *args, **kwargs)

    def send(session, prepared, **kwargs):
        host = requests.utils.urlparse(prepared.url).hostname
        if not _is_local(host):
            refuse(("requests", prepared.url))
        return real_send(session, prepared, **kwargs)

    def iap_jsonrpc(url, *args, **kwargs):
        # Odoo's IAP client refuses by itself while tests run (before any socket): record it here
        refuse(("iap", url))

    with patch.object(socket.socket, "connect", connect), patch.object(socket.socket, "connect_ex", connect_ex), \
            patch.object(socket, "getaddrinfo", getaddrinfo), \
            patch.object(socket, "create_connection", create_connection), \
            patch.object(requests.Session, "send", send), \
            patch.object(iap_tools, "iap_jsonrpc", iap_jsonrpc):
        yield attempts


@tagged("post_install", "-at_install")
class TestNoOutboundCalls(XinfangCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")

    def test_the_guard_catches_what_it_should(self):
        with no_outbound_network() as attempts:
            with self.assertRaises(OutboundCall):
                requests.get("https://services.odoo.com/publisher-warranty/", timeout=5)
            with self.assertRaises(OutboundCall):
                socket.create_connection(("203.0.113.7", 443), timeout=1)
            with self.assertRaises(OutboundCall):
                socket.getaddrinfo("example.com", 80)
            # Odoo's daily "Update Notification" (mail) posts to Odoo's servers: README says to deactivate it
            self.env["publisher_warranty.contract"].update_notification(cron_mode=True)
        self.assertEqual(len(attempts), 4)
        self.assertIn("services.odoo.com", str(attempts[-1]))

    def test_petition_life_documents_and_jobs_stay_local(self):
        Report = self.env["ir.actions.report"]
        with no_outbound_network() as attempts:
            petition = self.accepted()
            petition.message_post(body="<p>See https://www.example.com/land-rules for the rule.</p>",
                                  subtype_xmlid="mail.mt_note")
            assignment = self.assign(petition)
            extension = self.env["xinfang.extension"].with_user(self.user_staff).create(
                {"petition_id": petition.id, "days": 10, "reason": "Survey"})
            extension.action_approve()
            extension.with_user(self.user_leader).validate_tier()
            petition.with_user(self.user_handler).action_reply("support", "<p>Paid.</p>")
            petition.with_user(self.user_staff).action_record_follow_up("satisfied", "Visited")
            petition.with_user(self.user_staff).action_close("Paid")
            rejected = self.registered(petitioner_id=self.petitioner_b.id)
            rejected.action_reject("Not a petition matter")
            documents = [("acceptance_notice", petition), ("handling_opinion", petition),
                         ("assignment_slip", assignment), ("extension_notice", extension),
                         ("non_acceptance_notice", rejected)]
            for name, record in documents:
                html, _kind = Report.with_user(self.user_staff)._render_qweb_html(REPORT + name, record.ids)
                self.assertTrue(html)
            # every scheduled job of the two addons, as the scheduler runs it
            crons = self.env["ir.cron"].search([("model_id.model", "=like", "xinfang.%")])
            self.assertGreaterEqual(len(crons), 2)
            with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=1.0):
                for cron in crons:
                    cron.ir_actions_server_id.with_user(cron.user_id).run()
            self.env["mail.mail"].sudo().process_email_queue()
            self.env.flush_all()
        self.assertEqual(attempts, [], "no outbound network call")
        self.assertEqual(petition.state, "closed")


@tagged("post_install", "-at_install")
class TestWebClientStaysLocal(HttpCase):
    """What a fresh install (scripts/create_db.sh) or `make privacy` leaves: the administrator opens the
    web client for the first time and nothing is sent anywhere."""

    def fetch_proxy(self, url):
        # every request of the browser to a host other than the test server ends here
        self.browser_requests.append(url)
        return super().fetch_proxy(url)

    def test_no_module_calling_outside_servers_is_installed(self):
        installed = self.env["ir.module.module"].search([("name", "in", CALLING_OUT), ("state", "=", "installed")])
        self.assertFalse(installed.mapped("name"),
                         "fresh databases come without them; for an existing one: make privacy DB=<name>")
        cron = self.env.ref("mail.ir_cron_module_update_notification")
        self.assertFalse(cron.active, "the weekly update notification posts the database's data to Odoo")
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param("mail.link_preview_throttle"), "0")

    def test_admin_opens_the_web_client(self):
        # A township's company, as the administrator first sees it: partner_autocomplete (were it installed)
        # would send its e-mail domain to Odoo's IAP server from this page load.
        company = self.env.company
        company.write({"name": "青石镇人民政府", "email": "xinfang@qingshi.example.cn",
                       "website": "https://www.qingshi.example.cn"})
        if "iap_enrich_auto_done" in company._fields:
            company.iap_enrich_auto_done = False
        self.browser_requests = []
        # Odoo's test mode cuts IAP off before any socket (partner_autocomplete, iap_jsonrpc): the page also
        # checks it was not told to have the company enriched, which in production is a call to Odoo's server.
        code = """
            const { session } = odoo.loader.modules.get("@web/session");
            if (session.iap_company_enrich) {
                console.error("the web client asks the server to enrich the company through Odoo's IAP service");
            } else {
                console.log("test successful");
            }
        """
        with no_outbound_network() as attempts:
            self.browser_js("/odoo", code, ready="odoo.isReady === true", login="admin")
            # the web client's home menus and an app, as the first clicks load them
            self.url_open("/web/webclient/load_menus").raise_for_status()
            self.url_open("/odoo/action-xinfang_petition.action_xinfang_petition").raise_for_status()
        self.assertEqual(attempts, [], "the server called outside while serving the web client")
        self.assertEqual(self.browser_requests, [], "the browser called outside while loading the web client")
