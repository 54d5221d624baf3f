import json
from datetime import datetime
from xml.etree import ElementTree

from odoo.tests import tagged

from .test_portal import XinfangPortalCase

REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}


@tagged("post_install", "-at_install")
class TestOpen311(XinfangPortalCase):
    """GeoReport v2 endpoints: spec field names, ISO-8601 times, no personal data, clear 4xx errors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Client = cls.env["xinfang.api.client"]
        cls.client = Client.create({"name": "County 12345 platform"})
        cls.key = cls.client.action_generate_key()["context"]["default_key"]
        cls.other = Client.create({"name": "Other system"})
        cls.other_key = cls.other.action_generate_key()["context"]["default_key"]
        cls.category_code = cls.category.code

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    def api(self, path, method="GET", key=None, **kwargs):
        params = dict(kwargs.pop("params", {}) or {})
        if key:
            params["api_key"] = key
        return self.url_open(f"/open311/v2/{path}", method=method, params=params, **kwargs)

    def create_request(self, key=None, **values):
        data = {
            "service_code": self.category_code, "description": "Street light broken near the school\nSince May.",
            "first_name": "五", "last_name": "王", "phone": "13912345678", "email": "wang@example.com",
            "address_string": "East Village, school gate", "lat": "30.1", "long": "120.2",
        }
        data.update(values)
        return self.api("requests.json", method="POST", key=key or self.key,
                        data={k: v for k, v in data.items() if v is not None})

    def count(self, domain=None):
        return super().count([("channel", "=", "hotline"), *(domain or [])])

    # --- services -----------------------------------------------------------------------------
    def test_services_are_categories(self):
        response = self.api("services.json")
        self.assertEqual(response.status_code, 200)
        services = response.json()
        codes = {service["service_code"] for service in services}
        self.assertIn(self.category.code, codes)
        self.assertEqual(set(services[0]), SERVICE_FIELDS)
        land = next(s for s in services if s["service_code"] == self.category.code)
        self.assertEqual(land["service_name"], self.category.name)
        self.assertIs(land["metadata"], False)
        xml = ElementTree.fromstring(self.api("services.xml").content)
        self.assertEqual(xml.tag, "services")
        self.assertIn(self.category.code, [node.text for node in xml.iter("service_code")])

    # --- create -------------------------------------------------------------------------------
    def test_create_registers_a_hotline_petition(self):
        response = self.create_request()
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        self.assertEqual(len(body), 1)
        petition = self.Petition.browse(int(body[0]["service_request_id"]))
        self.assertTrue(body[0]["service_notice"])
        self.assertRecordValues(petition, [{
            "channel": "hotline", "nature": "appeal", "state": "to_accept", "category_id": self.category.id,
            "registered_by_id": self.user_staff.id, "village_id": self.village_a.id,
            "subject": "Street light broken near the school",
        }])
        self.assertEqual(petition.open311_client_id, self.client)
        self.assertRecordValues(petition.petitioner_id, [{
            "name": "王五", "phone": "13912345678", "email": "wang@example.com"}])
        self.assertIn("Since May.", petition.content)
        self.assertIn("school gate", petition.content)
        self.assertEqual(petition.activity_ids.user_id, self.user_staff, "the office is asked to accept it")
        self.assertTrue(self.client.last_used)

    def test_create_with_json_body_and_header_key(self):
        payload = {"service_code": self.category_code, "description": "Noise at night"}
        response = self.url_open("/open311/v2/requests.json", data=json.dumps(payload),
                                 headers={"Content-Type": "application/json", "X-Api-Key": self.key})
        self.assertEqual(response.status_code, 201, response.text)
        petition = self.Petition.browse(int(response.json()[0]["service_request_id"]))
        # No name nor contact: kept in draft for the office, and the status says so.
        self.assertEqual(petition.state, "draft")
        self.assertFalse(petition.petitioner_id)
        detail = self.api(f"requests/{petition.id}.json", key=self.key).json()[0]
        self.assertEqual(detail["status"], "open")
        self.assertIn("contact details incomplete", detail["status_notes"])

    def test_name_without_contact_stays_draft(self):
        response = self.create_request(phone=None, email=None)
        self.assertEqual(response.status_code, 201)
        petition = self.Petition.browse(int(response.json()[0]["service_request_id"]))
        self.assertEqual(petition.state, "draft")
        self.assertEqual(petition.petitioner_id.name, "王五")

    def test_bad_requests_create_nothing(self):
        self.env["ir.config_parameter"].sudo().set_param("xinfang_petition.open311_max_payload_kb", "2")
        before = self.count()
        url = "/open311/v2/requests.json"
        cases = [
            ("missing key", 401, lambda: self.url_open(url, data={"service_code": self.category_code,
                                                                  "description": "x"})),
            ("wrong key", 403, lambda: self.create_request(key=self.key[:-2] + "xx")),
            ("garbage key", 403, lambda: self.create_request(key="short")),
            ("bad JSON", 400, lambda: self.url_open(f"{url}?api_key={self.key}", data="{not json",
                                                    headers={"Content-Type": "application/json"})),
            ("JSON array", 400, lambda: self.url_open(f"{url}?api_key={self.key}", data="[1, 2]",
                                                      headers={"Content-Type": "application/json"})),
            ("oversized JSON", 413, lambda: self.url_open(
                f"{url}?api_key={self.key}", headers={"Content-Type": "application/json"},
                data=json.dumps({"service_code": self.category_code, "description": "x" * 4000}))),
            ("oversized form", 413, lambda: self.create_request(description="x" * 4000)),
            ("unknown service", 400, lambda: self.create_request(service_code="NOPE")),
            ("no description", 400, lambda: self.create_request(description="")),
            ("bad email", 400, lambda: self.create_request(email="not-an-email")),
            ("bad phone", 400, lambda: self.create_request(phone="call me")),
            ("bad latitude", 400, lambda: self.create_request(lat="north")),
            ("JSON value of the wrong type", 400, lambda: self.url_open(
                f"{url}?api_key={self.key}", headers={"Content-Type": "application/json"},
                data=json.dumps({"service_code": self.category_code, "description": ["a"]}))),
        ]
        for label, status, call in cases:
            with self.subTest(label):
                response = call()
                self.assertEqual(response.status_code, status, response.text)
                error = response.json()
                self.assertEqual(error[0]["code"], status)
                self.assertTrue(error[0]["description"])
        self.assertEqual(self.count(), before)
        self.assertFalse(self.env["xinfang.petitioner"].search([("name", "=", "王五")]))

    def test_rate_limit_per_client(self):
        self.client.rate_limit = 2
        self.assertEqual(self.api("requests.json", key=self.key).status_code, 200)
        self.assertEqual(self.api("requests.json", key=self.key).status_code, 200)
        response = self.create_request()
        self.assertEqual(response.status_code, 429)
        self.assertEqual(self.count(), 0)
        self.assertEqual(self.api("requests.json", key=self.other_key).status_code, 200, "other clients unaffected")

    # --- read ---------------------------------------------------------------------------------
    def test_get_request_has_spec_fields_and_no_personal_data(self):
        petition = self.Petition.browse(int(self.create_request().json()[0]["service_request_id"]))
        response = self.api(f"requests/{petition.id}.json", key=self.key)
        self.assertEqual(response.status_code, 200)
        [request] = response.json()
        self.assertEqual(set(request), REQUEST_FIELDS)
        self.assertEqual(request["service_request_id"], str(petition.id))
        self.assertEqual(request["status"], "open")
        self.assertEqual(request["service_code"], self.category.code)
        self.assertEqual(request["service_name"], self.category.name)
        self.assertEqual(request["description"], petition.subject)
        for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
            moment = datetime.fromisoformat(request[key])
            self.assertIsNotNone(moment.tzinfo, f"{key} carries its UTC offset")
        self.assertEqual(datetime.fromisoformat(request["expected_datetime"]).date(), petition.acceptance_deadline)
        for personal in ("王五", "13912345678", "wang@example.com", "Since May.", "school gate", "30.1"):
            self.assertNotIn(personal, response.text)

        xml = ElementTree.fromstring(self.api(f"requests/{petition.id}.xml", key=self.key).content)
        self.assertEqual(xml.tag, "service_requests")
        self.assertEqual(xml.find("request/service_request_id").text, str(petition.id))
        self.assertEqual(xml.find("request/status").text, "open")

    def test_get_needs_key_and_sees_own_requests_only(self):
        own = self.create_request().json()[0]["service_request_id"]
        office = self.registered(subject="Walk-in petition")
        for request_id in (own, office.id, 999999999):
            response = self.api(f"requests/{request_id}.json", key=self.other_key)
            self.assertEqual(response.status_code, 404)
            self.assertEqual(response.json()[0]["code"], 404)
        self.assertEqual(self.api(f"requests/{office.id}.json", key=self.key).status_code, 404)
        self.assertEqual(self.api(f"requests/{own}.json").status_code, 401)
        self.assertEqual(self.api(f"requests/{own}.json", key="x" * 40).status_code, 403)
        self.assertEqual(self.api("requests.json").status_code, 401)
        listed = self.api("requests.json", key=self.other_key).json()
        self.assertEqual(listed, [])

    def test_list_and_filters(self):
        first = self.create_request().json()[0]["service_request_id"]
        second = self.create_request(description="Second").json()[0]["service_request_id"]
        petition = self.Petition.browse(int(second))
        petition.with_user(self.user_staff).action_reject("Not a matter for petitions.")

        listed = self.api("requests.json", key=self.key).json()
        self.assertEqual({r["service_request_id"] for r in listed}, {first, second})
        self.assertTrue(all(set(r) == REQUEST_FIELDS for r in listed))
        closed = self.api("requests.json", key=self.key, params={"status": "closed"}).json()
        self.assertEqual([r["service_request_id"] for r in closed], [second])
        self.assertIsNone(closed[0]["expected_datetime"])
        self.assertNotIn("Not a matter for petitions.", json.dumps(closed), "the reason is in the written notice")
        opened = self.api("requests.json", key=self.key, params={"status": "open"}).json()
        self.assertEqual([r["service_request_id"] for r in opened], [first])
        by_id = self.api("requests.json", key=self.key, params={"service_request_id": f"{first},{second}"}).json()
        self.assertEqual(len(by_id), 2)
        self.assertEqual(self.api("requests.json", key=self.key, params={"service_code": "NOPE"}).json(), [])
        self.assertEqual(len(self.api("requests.json", key=self.key, params={
            "start_date": "2000-01-01T00:00:00+08:00"}).json()), 2)
        self.assertEqual(self.api("requests.json", key=self.key, params={
            "end_date": "2000-01-01T00:00:00Z"}).json(), [])
        for bad in ({"status": "pending"}, {"start_date": "yesterday"}, {"service_request_id": "1;drop"}):
            response = self.api("requests.json", key=self.key, params=bad)
            self.assertEqual(response.status_code, 400, bad)
        xml = ElementTree.fromstring(self.api("requests.xml", key=self.key).content)
        self.assertEqual(len(xml.findall("request")), 2)

    def test_key_is_stored_hashed_and_can_be_revoked(self):
        client = self.client.sudo()
        self.assertNotIn(self.key, (client.key_hash, client.key_salt))
        self.assertEqual(client.key_index, self.key[:8])
        self.assertEqual(self.env["xinfang.api.client"]._authenticate(self.key), self.client)
        self.client.action_revoke_key()
        self.assertEqual(self.api("requests.json", key=self.key).status_code, 403)
        self.client.action_generate_key()
        self.assertFalse(self.env["xinfang.api.client"]._authenticate(self.key), "a replaced key stops working")
        self.other.active = False
        self.assertEqual(self.api("requests.json", key=self.other_key).status_code, 403)
