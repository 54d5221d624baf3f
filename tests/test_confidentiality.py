"""An accuser's identity (检举控告) through every channel a user without the confidential right has.

信访工作条例 forbids revealing an accusation to the accused: the handler of the accused's unit, office
staff, leaders, the director and the village mediator all work on the accusation, none may learn who
made it. Each test also checks the positive case (discipline inspection sees the person), so that an
assertion cannot pass because the data is simply not there.
"""

from odoo.addons.xinfang_petition.tests.common import XinfangCase, resident_id
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

NAME = "王检举"
REP_NAME = "赵代表"
PHONE = "13900000001"
REP_PHONE = "13700000002"
ID_NUMBER = resident_id("44030419850612431")
ADDRESS = "东村三组17号"
SECRETS = (NAME, REP_NAME, PHONE, REP_PHONE, ID_NUMBER, ADDRESS)
REPORT = "xinfang_petition.action_report_"


class AccusationCase(XinfangCase):
    """An accusation against the land office, with an accuser and a representative, handled in that office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The accuser also files online: the portal account must not surface as a follower or author.
        cls.accuser_portal = new_test_user(cls.env, login="xf_accuser", groups="base.group_portal", name=NAME,
                                           email="accuser@example.invalid")
        Petitioner = cls.env["xinfang.petitioner"]
        cls.accuser = Petitioner.create({
            "name": NAME, "phone": PHONE, "id_number": ID_NUMBER, "address": ADDRESS,
            "village_id": cls.village_a.id, "user_id": cls.accuser_portal.id,
        })
        cls.representative = Petitioner.create({"name": REP_NAME, "phone": REP_PHONE, "village_id": cls.village_a.id})
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")

    def setUp(self):
        super().setUp()
        self.accusation = self.new_petition(
            nature="accusation", petitioner_id=self.accuser.id,
            representative_ids=[Command.set(self.representative.ids)], subject="Village head embezzles subsidies",
            category_id=self.env.ref("xinfang_petition.category_discipline").id,
        )
        # mail tracks nothing on a record created in the same transaction: end the creation's one first
        self.flush_tracking()
        self.accusation.action_register()
        self.accusation.action_accept()
        self.assign(self.accusation)  # handled in the land office: the accused's own unit
        self.extension = self.env["xinfang.extension"].with_user(self.user_staff).create(
            {"petition_id": self.accusation.id, "days": 10, "reason": "More witnesses"})
        self.extension.action_approve()
        self.extension.with_user(self.user_leader).validate_tier()
        self.accusation.with_user(self.user_handler).action_reply("explain", "<p>Investigated and dealt with.</p>")
        self.flush_tracking()
        # everyone below works on this accusation, none of them may know who made it
        self.outsiders = {
            "handler": self.user_handler, "staff": self.user_staff, "leader": self.user_leader,
            "director": self.user_director, "mediator": self.user_mediator,
        }

    def flush_tracking(self):
        """Write the pending tracking messages, as a commit would."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def assertNoSecret(self, value, where):
        text = str(value)
        for secret in SECRETS:
            self.assertNotIn(secret, text, f"{where}: leaks {secret!r}")


@tagged("post_install", "-at_install")
class TestAccuserConfidentialityOrm(AccusationCase):
    def test_sealed_and_visible_to_discipline_inspection_only(self):
        self.assertFalse(self.accusation.petitioner_id)
        self.assertEqual(self.accusation.sudo().accuser_id, self.accuser)
        self.assertTrue(self.accuser.confidential and self.representative.confidential)
        as_jijian = self.accusation.with_user(self.user_jijian)
        self.assertEqual(as_jijian.accuser_id.name, NAME)
        self.assertEqual(as_jijian.representative_ids.display_name, REP_NAME)
        self.assertEqual(self.accuser.with_user(self.user_jijian).read(["phone"])[0]["phone"], PHONE)

    def test_read(self):
        for role, user in self.outsiders.items():
            petition = self.accusation.with_user(user)
            self.assertEqual(petition.read(["subject"])[0]["subject"], "Village head embezzles subsidies",
                             f"{role} works on the matter itself")
            try:
                values = petition.read()
            except AccessError:  # read() of every field includes some this role may not read (extensions)
                values = petition.read([name for name, field in petition._fields.items()
                                        if petition._has_field_access(field, "read")
                                        and field.type not in ("one2many", "many2many")])
            self.assertNoSecret(values, f"{role} read()")
            with self.assertRaises(AccessError, msg=role):
                petition.read(["accuser_id"])
            for person in (self.accuser, self.representative):
                with self.assertRaises(AccessError, msg=role):
                    person.with_user(user).read(["name"])
            # many2one/many2many labels are computed as superuser: the mask must hold there too
            self.assertNoSecret(petition.representative_ids.mapped("display_name"), f"{role} display_name")
            self.assertNoSecret(self.representative.with_user(user).sudo().display_name, f"{role} display_name in sudo")
            try:
                values = petition.web_read({"representative_ids": {"fields": {"display_name": {}}},
                                            "petitioner_id": {"fields": {"display_name": {}}}})
            except AccessError:
                values = None
            self.assertNoSecret(values, f"{role} web_read")

    def test_search(self):
        Petitioner = self.env["xinfang.petitioner"]
        Petition = self.env["xinfang.petition"]
        for role, user in self.outsiders.items():
            with self.assertRaises(AccessError, msg=role):
                Petition.with_user(user).search([("accuser_id.name", "=", NAME)])
            self.assertFalse(Petitioner.with_user(user).search(["|", ("name", "=", NAME), ("name", "=", REP_NAME)]),
                             role)
            self.assertFalse(Petitioner.with_user(user).search([("phone", "=", PHONE)]), role)
            # no oracle through the petition either: the person's fields are searched under their rules
            for domain in ([("representative_ids.name", "=", REP_NAME)], [("representative_ids.phone", "=", REP_PHONE)],
                           [("petitioner_id.id_number", "=", ID_NUMBER)]):
                self.assertFalse(Petition.with_user(user).search(domain), f"{role} {domain}")
        self.assertTrue(Petitioner.with_user(self.user_jijian).search([("name", "=", NAME)]))

    def test_read_group(self):
        Petition = self.env["xinfang.petition"]
        # The accuser's other, ordinary petition: the person stays sealed there too (labels are sudo).
        ordinary = Petition.sudo().create({
            "subject": "Road repair", "category_id": self.category.id, "village_id": self.village_a.id,
            "petitioner_id": self.accuser.id,
        })
        for user in (self.user_staff, self.user_director):
            self.assertNoSecret(Petition.with_user(user).formatted_read_group(
                [("id", "=", ordinary.id)], ["petitioner_id"], ["__count"]), "group by petitioner")
            self.assertNoSecret(ordinary.with_user(user).web_read({"petitioner_id": {"fields": {"display_name": {}}}}),
                                "many2one label")
        for role, user in self.outsiders.items():
            with self.assertRaises(AccessError, msg=role):
                Petition.with_user(user).formatted_read_group([], ["accuser_id"], ["__count"])
            for groupby in ("representative_ids", "petitioner_id"):
                groups = Petition.with_user(user).formatted_read_group(
                    [("id", "=", self.accusation.id)], [groupby], ["__count"])
                self.assertNoSecret(groups, f"{role} formatted_read_group by {groupby}")
                groups = Petition.with_user(user).web_read_group(
                    [("id", "=", self.accusation.id)], [groupby], ["__count"], auto_unfold=True,
                    unfold_read_specification={"subject": {}})
                self.assertNoSecret(groups, f"{role} web_read_group by {groupby}")
            self.assertNoSecret(Petition.with_user(user)._read_group(
                [("id", "=", self.accusation.id)], ["representative_ids"], ["__count"])[0][0].mapped("display_name"),
                f"{role} _read_group")
        groups = Petition.with_user(self.user_jijian).formatted_read_group(
            [("id", "=", self.accusation.id)], ["representative_ids"], ["__count"])
        self.assertIn(REP_NAME, str(groups), "discipline inspection sees the representative")

    def test_export(self):
        for role, user in self.outsiders.items():
            petition = self.accusation.with_user(user)
            with self.assertRaises(AccessError, msg=role):
                petition.export_data(["accuser_id/name"])
            for fields in (["representative_ids/name", "representative_ids/phone"], ["representative_ids"],
                           ["petitioner_id/name", "petitioner_id/id_number"]):
                try:
                    rows = petition.export_data(fields)
                except AccessError:
                    rows = None
                self.assertNoSecret(rows, f"{role} export {fields}")
        rows = self.accusation.with_user(self.user_jijian).export_data(["accuser_id/name", "accuser_id/phone"])
        self.assertEqual(rows["datas"], [[NAME, PHONE]])

    def test_name_search(self):
        Petitioner = self.env["xinfang.petitioner"]
        for role, user in self.outsiders.items():
            for term in (NAME, "王", "wangjianju", "wjj", PHONE, PHONE[-4:], ID_NUMBER, REP_NAME, "zhao"):
                found = Petitioner.with_user(user).name_search(term, limit=50)
                self.assertNoSecret(found, f"{role} name_search {term!r}")
                self.assertNotIn(self.accuser.id, [pid for pid, _name in found])
        found = Petitioner.with_user(self.user_jijian).name_search("wangjianju")
        self.assertIn(self.accuser.id, [pid for pid, _name in found])

    def test_chatter_and_notifications(self):
        messages = self.env["mail.message"].sudo().search(
            [("model", "=", "xinfang.petition"), ("res_id", "=", self.accusation.id)])
        self.assertTrue(messages.filtered(lambda m: m.tracking_value_ids), "state changes are tracked")
        self.assertIn("mail.mt_note", messages.subtype_id.get_external_id().values(),
                      "the creation message is there")
        for message in messages:  # what every follower is sent, whoever reads it
            self.assertNoSecret((message.body, message.subject, message.preview), f"message {message.id}")
            self.assertNoSecret([(t.field_id.name, t.old_value_char, t.new_value_char, t.old_value_integer,
                                  t.new_value_integer) for t in message.tracking_value_ids],
                                f"tracking of message {message.id}")
            self.assertNotIn(self.accuser_portal.partner_id, message.author_id | message.partner_ids)
        tracked = messages.tracking_value_ids.field_id.mapped("name")
        self.assertNotIn("accuser_id", tracked)
        self.assertNotIn("petitioner_id", tracked)
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)])
        self.assertNoSecret(mails.mapped("body_html"), "outgoing mail")
        self.assertNotIn(self.accuser_portal.partner_id, self.accusation.message_partner_ids,
                         "the accuser's portal account does not follow the accusation")
        for role, user in self.outsiders.items():
            petition = self.accusation.with_user(user)
            self.assertNoSecret(petition.message_ids.read(["body", "author_id", "subject"]), f"{role} chatter")
            self.assertNoSecret(petition.message_partner_ids.mapped("display_name"), f"{role} followers")
            # the person's own chatter (creation, tracked name) is theirs: not readable
            self.assertFalse(self.env["mail.message"].with_user(user).search(
                [("model", "=", "xinfang.petitioner"), ("res_id", "in", (self.accuser | self.representative).ids)]),
                role)

    def test_audit_trail_keeps_no_copy_of_the_identity(self):
        # auditlog leaves its "do not log reads" flag on the records create() returns: read a fresh browse
        self.env["xinfang.petitioner"].browse(self.accuser.id).with_user(self.user_jijian).read(["name", "phone"])
        logs = self.env["auditlog.log"].sudo().search([
            "|", ("model_model", "=", "xinfang.petition"), ("model_model", "=", "xinfang.petitioner")])
        self.assertTrue(logs.filtered(lambda log: log.model_model == "xinfang.petitioner" and log.method == "read"))
        self.assertTrue(logs.filtered(lambda log: log.res_id == self.accusation.id and log.method == "write"))
        self.assertNoSecret(logs.mapped("name"), "auditlog rows")
        self.assertNoSecret(logs.line_ids.mapped(lambda line: (line.old_value, line.new_value, line.old_value_text,
                                                               line.new_value_text)), "auditlog lines")

    def test_reports(self):
        extension = self.extension
        self.assertEqual(extension.state, "approved")
        petition_reports = ("acceptance_notice", "handling_opinion")
        for role, user in self.outsiders.items():
            Report = self.env["ir.actions.report"].with_user(user)
            documents = [(name, self.accusation) for name in petition_reports]
            documents += [("assignment_slip", self.accusation.assignment_ids), ("extension_notice", extension)]
            rendered = 0
            for name, record in documents:
                try:
                    html, _kind = Report._render_qweb_html(REPORT + name, record.ids)
                except AccessError:
                    continue  # this role may not print it: nothing leaks either
                rendered += 1
                text = html.decode()
                self.assertIn("Village head embezzles subsidies", text, f"{role} {name}: the document rendered")
                self.assertNoSecret(text, f"{role} {name}")
            if role in ("handler", "staff", "leader", "director"):
                self.assertEqual(rendered, len(documents), f"{role} prints every document of the accusation")
        html, _kind = self.env["ir.actions.report"].with_user(self.user_jijian)._render_qweb_html(
            REPORT + "handling_opinion", self.accusation.ids)
        self.assertIn(NAME, html.decode(), "discipline inspection's copy names the accuser")


@tagged("post_install", "-at_install")
class TestAccuserConfidentialityRpc(HttpCase, AccusationCase):
    """The same seal seen from the web client: JSON-RPC call_kw as a logged-in handler."""

    def call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": args, "kwargs": kwargs or {},
        })

    def test_json_rpc(self):
        spec = {"subject": {}, "accuser_id": {"fields": {"display_name": {}, "phone": {}}}}
        for login in ("xf_handler", "xf_staff", "xf_director"):
            self.authenticate(login, login)
            with self.assertRaises(JsonRpcException) as caught:
                self.call_kw("xinfang.petition", "web_read", [self.accusation.ids, spec])
            self.assertIn("AccessError", str(caught.exception))
            with self.assertRaises(JsonRpcException):
                self.call_kw("xinfang.petition", "web_search_read", [[("id", "=", self.accusation.id)], spec])
            with self.assertRaises(JsonRpcException):
                self.call_kw("xinfang.petition", "search_read", [[("accuser_id.name", "ilike", "王")], ["subject"]])
            with self.assertRaises(JsonRpcException):
                self.call_kw("xinfang.petitioner", "read", [self.accuser.ids, ["name"]])
            # what the form really asks for: no identity in the answer
            try:
                form = self.call_kw("xinfang.petition", "web_read", [self.accusation.ids, {
                    "subject": {}, "petitioner_id": {"fields": {"display_name": {}}},
                    "representative_ids": {"fields": {"display_name": {}}}}])
            except JsonRpcException as error:
                form = str(error)
            self.assertNoSecret(form, f"{login} form")
            groups = self.call_kw("xinfang.petition", "web_read_group", [[("id", "=", self.accusation.id)],
                                                                        ["representative_ids"], ["__count"]])
            self.assertNoSecret(groups, f"{login} web_read_group")
            found = self.call_kw("xinfang.petitioner", "name_search", [], {"name": "王", "limit": 50})
            self.assertNoSecret(found, f"{login} name_search")
        self.authenticate("xf_jijian", "xf_jijian")
        values = self.call_kw("xinfang.petition", "web_read", [self.accusation.ids, spec])
        self.assertEqual(values[0]["accuser_id"]["display_name"], NAME)


@tagged("post_install", "-at_install")
class TestAccuserConfidentialityPortalApi(HttpCase, AccusationCase):
    """The portal and the Open311 API: outsiders get a 4xx and no identity; the accuser sees the own matter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_portal = new_test_user(cls.env, login="xf_other_portal", groups="base.group_portal",
                                         name="Portal Neighbour")
        cls.api_client = cls.env["xinfang.api.client"].create({"name": "County 12345 platform"})
        cls.api_key = cls.api_client.action_generate_key()["context"]["default_key"]

    def url_open(self, *args, **kwargs):
        self.env.flush_all()
        return super().url_open(*args, **kwargs)

    def test_portal(self):
        paths = [f"/my/petitions/{self.accusation.id}", f"/my/petitions/{self.accusation.id}/notice/acceptance",
                 f"/my/petitions/{self.accusation.id}?access_token=0000", "/my/petitions"]
        for login in (None, "xf_other_portal"):
            self.authenticate(login, login)
            for path in paths:
                response = self.url_open(path)
                self.assertNoSecret(response.text, f"{login} {path}")
                if path != "/my/petitions":
                    self.assertIn(response.status_code, (403, 404), f"{login} {path}")
                    self.assertNotIn("Village head embezzles subsidies", response.text)
        # the accuser follows the own accusation (the positive case: the page does show the matter)
        self.authenticate("xf_accuser", "xf_accuser")
        own = self.url_open(f"/my/petitions/{self.accusation.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn("Village head embezzles subsidies", own.text)

    def test_open311(self):
        requests = [f"/open311/v2/requests/{self.accusation.id}.json", f"/open311/v2/requests/{self.accusation.id}.xml",
                    f"/open311/v2/requests.json?service_request_id={self.accusation.id}",
                    "/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z"]
        for path in requests:
            for key in (None, self.api_key):
                response = self.url_open(path, params={"api_key": key} if key else None)
                self.assertNoSecret(response.text, f"{path} key={bool(key)}")
                self.assertNotIn("Village head embezzles subsidies", response.text, path)
                if "requests/" in path:
                    self.assertIn(response.status_code, (401, 403, 404), path)
        # the positive case: the accusation is there, the API just does not hand it out
        self.assertEqual(self.accusation.sudo().accuser_id, self.accuser)
