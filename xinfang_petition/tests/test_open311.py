import json
from datetime import date, datetime
from xml.etree import ElementTree

import requests

from odoo.tests import freeze_time, tagged

from .common import resident_id
from .test_portal import XinfangPortalCase

REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
ATTRIBUTE_FIELDS = {"variable", "code", "datatype", "required", "datatype_description", "order", "description",
                    "values"}
JURISDICTION = "township.example.gov.cn"


class ThreeShapes:
    """The HTTP requests of Code for America's ``three`` 0.8.0 client (``three.core.Three``), replayed.

    ``three`` is Python 2 only (``itertools.ifilter``, ``relaxml``) and cannot be installed here, so its
    requests are rebuilt exactly: URL = endpoint + the non-empty parts joined by "/" + ".json"; a GET
    sends the keyword arguments as query parameters, plus ``jurisdiction_id`` when configured, with
    ``count`` renamed ``page_size`` and ``between=(start, end)`` ("MM-DD-YYYY") sent as ``start_date`` and
    ``end_date`` in ``%Y-%m-%dT%H:%M:%SZ``; a POST is form-encoded (multipart when a ``media`` file is
    given) with ``address`` renamed ``address_string``, ``name`` split on its space into ``first_name``
    and ``last_name``, and ``api_key`` added. A GET adds no key by itself: callers pass ``api_key=``.
    """

    def __init__(self, case, endpoint, api_key="", jurisdiction=""):
        self.case, self.endpoint = case, endpoint.rstrip("/") + "/"
        self.api_key, self.jurisdiction = api_key, jurisdiction

    def _path(self, *parts):
        return self.endpoint + "/".join(part for part in parts if part) + ".json"

    def _date(self, text):
        month, day, year = (int(part) for part in text.replace("/", "-").split("-"))
        return date(year, month, day).strftime("%Y-%m-%dT%H:%M:%SZ")

    def get(self, *parts, **kwargs):
        if self.jurisdiction and "jurisdiction_id" not in kwargs:
            kwargs["jurisdiction_id"] = self.jurisdiction
        if "count" in kwargs:
            kwargs["page_size"] = kwargs.pop("count")
        if "between" in kwargs:
            start, end = kwargs.pop("between")
            kwargs["start_date"], kwargs["end_date"] = self._date(start), self._date(end)
        return self.case.url_open(self._path(*parts), params=kwargs)

    def services(self, code=None, **kwargs):
        return self.get("services", code, **kwargs)

    def requests(self, code=None, **kwargs):
        if code:
            kwargs["service_code"] = code
        return self.get("requests", **kwargs)

    def request(self, request_id, **kwargs):
        return self.get("requests", str(request_id), **kwargs)

    def post(self, service_code="0", **kwargs):
        kwargs["service_code"] = service_code
        if self.jurisdiction and "jurisdiction_id" not in kwargs:
            kwargs["jurisdiction_id"] = self.jurisdiction
        if "address" in kwargs:
            kwargs["address_string"] = kwargs.pop("address")
        if "name" in kwargs:
            kwargs["first_name"], kwargs["last_name"] = kwargs.pop("name").split(" ")
        kwargs.setdefault("api_key", self.api_key)
        media = kwargs.pop("media", None)
        return self.case.url_open(self._path("requests"), data=kwargs, files={"media": media} if media else None)


class GeoReportShapes:
    """The HTTP requests of the ``georeport`` 0.3.1 client (``georeport.GeoReport``), replayed.

    ``georeport`` requires requests>=2.32.4 while Odoo 19 pins requests 2.31.0, so it is not installed:
    its four reads are rebuilt exactly (``{root}/services.{fmt}``, ``{root}/services/{code}.{fmt}``,
    ``{root}/requests.{fmt}``, ``{root}/requests/{id}.{fmt}``, ``jurisdiction_id`` as the only extra
    parameter) and their answers read the way it reads them (``response.json()``, ``response.json()[0]``,
    or the XML paths it hands to xmltodict). It sends no API key on reads; our reads need one (a
    documented deviation), given here in the ``X-Api-Key`` header.
    """

    def __init__(self, case, root, jurisdiction=None, output_format="json", api_key=None):
        self.case, self.root, self.jurisdiction = case, root.rstrip("/"), jurisdiction
        self.fmt, self.headers = output_format, {"X-Api-Key": api_key} if api_key else None

    def _get(self, path, **params):
        if self.jurisdiction:
            params["jurisdiction_id"] = self.jurisdiction
        response = self.case.url_open(f"{self.root}/{path}.{self.fmt}", params=params, headers=self.headers)
        response.raise_for_status()
        return response.json() if self.fmt == "json" else ElementTree.fromstring(response.content)

    def get_service_list(self):
        data = self._get("services")
        return data if self.fmt == "json" else data.findall("service")

    def get_service_definition(self, service_code):
        data = self._get(f"services/{service_code}")
        return data if self.fmt == "json" else data  # xmltodict: ['service_definition']

    def get_service_requests(self, **filters):
        data = self._get("requests", **{key: value for key, value in filters.items() if value})
        return data if self.fmt == "json" else data.findall("request")

    def get_service_request(self, service_request_id):
        data = self._get(f"requests/{service_request_id}")
        return data[0] if self.fmt == "json" else data.find("request")


@tagged("post_install", "-at_install")
class TestOpen311(XinfangPortalCase):
    """GeoReport v2 endpoints: spec field names, ISO-8601 times, no personal data, the spec's errors."""

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

    def created(self, response):
        self.assertEqual(response.status_code, 201, response.text)
        return self.Petition.browse(int(response.json()[0]["service_request_id"]))

    def count(self, domain=None):
        return super().count([("channel", "=", "hotline"), *(domain or [])])

    def assert_error(self, response, status, fmt="json"):
        self.assertEqual(response.status_code, status, response.text)
        if fmt == "xml":
            self.assertTrue(response.headers["Content-Type"].startswith("text/xml"))
            errors = ElementTree.fromstring(response.content)
            self.assertEqual(errors.tag, "errors")
            self.assertEqual(errors.find("error/code").text, str(status))
            self.assertTrue(errors.find("error/description").text)
            return errors.find("error/description").text
        self.assertEqual(response.headers["Content-Type"], "application/json; charset=utf-8")
        [error] = response.json()
        self.assertEqual(set(error), {"code", "description"})
        self.assertEqual(error["code"], status)
        self.assertTrue(error["description"])
        return error["description"]

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
        self.assertIs(land["metadata"], True, "the definition offers the ID number attribute")
        xml = ElementTree.fromstring(self.api("services.xml").content)
        self.assertEqual(xml.tag, "services")
        self.assertIn(self.category.code, [node.text for node in xml.iter("service_code")])

    def test_service_definition(self):
        response = self.api(f"services/{self.category_code}.json")
        self.assertEqual(response.status_code, 200, response.text)
        definition = response.json()
        self.assertEqual(definition["service_code"], self.category_code)
        [attribute] = definition["attributes"]
        self.assertEqual(set(attribute), ATTRIBUTE_FIELDS)
        self.assertEqual((attribute["code"], attribute["variable"], attribute["required"]), ("ID_NUMBER", True, False))

        xml = ElementTree.fromstring(self.api(f"services/{self.category_code}.xml").content)
        self.assertEqual(xml.tag, "service_definition")
        self.assertEqual(xml.find("service_code").text, self.category_code)
        self.assertEqual(xml.find("attributes/attribute/code").text, "ID_NUMBER")
        self.assertEqual(xml.find("attributes/attribute/variable").text, "true")

        self.assert_error(self.api("services/NOPE.json"), 404)
        self.assert_error(self.api("services/NOPE.xml"), 404, fmt="xml")

    # --- errors: never Odoo's HTML page ---------------------------------------------------------
    def test_unknown_routes_formats_and_methods_answer_the_error_list(self):
        cases = [
            ("discovery.json", "GET", 404, "json"),
            ("nothing/here.xml", "GET", 404, "xml"),
            ("requests.csv", "GET", 404, "json"),
            ("services.html", "GET", 404, "json"),
            ("requests/abc.json", "GET", 404, "json"),
            ("requests/abc.xml", "GET", 404, "xml"),
            ("", "GET", 404, "json"),
            ("services.json", "POST", 405, "json"),
            ("requests.json", "DELETE", 405, "json"),
            ("requests/1.xml", "PUT", 405, "xml"),
        ]
        for path, method, status, fmt in cases:
            with self.subTest(path=path, method=method):
                response = self.url_open(f"/open311/v2/{path}", method=method)
                self.assertNotIn("<html", response.text.lower())
                self.assert_error(response, status, fmt)

    def test_jurisdiction(self):
        params = {"jurisdiction_id": JURISDICTION}
        # none configured: a client naming one is refused (it expects another server)
        self.assert_error(self.api("services.json", params=params), 400)
        self.env["ir.config_parameter"].sudo().set_param("xinfang_petition.open311_jurisdiction_id", JURISDICTION)
        self.assertEqual(self.api("services.json", params=params).status_code, 200)
        self.assertEqual(self.api("services.json").status_code, 200, "jurisdiction_id is optional")
        self.assertEqual(self.api("requests.json", key=self.key, params=params).status_code, 200)
        before = self.count()
        for path, method in (("services.json", "GET"), (f"services/{self.category_code}.json", "GET"),
                             ("requests.json", "GET"), ("requests/1.xml", "GET"), ("requests.json", "POST")):
            with self.subTest(path=path, method=method):
                response = self.api(path, method=method, key=self.key, params={"jurisdiction_id": "other.gov"})
                description = self.assert_error(response, 400, "xml" if path.endswith("xml") else "json")
                self.assertIn("other.gov", description)
        self.assert_error(self.create_request(jurisdiction_id="other.gov"), 400)
        self.assertEqual(self.count(), before)
        self.created(self.create_request(jurisdiction_id=JURISDICTION))

    # --- create -------------------------------------------------------------------------------
    def test_create_registers_a_hotline_petition(self):
        petition = self.created(response := self.create_request())
        body = response.json()
        self.assertEqual(len(body), 1)
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
        payload = {"service_code": self.category_code, "description": "Noise at night", "lat": 30.1, "long": 120.2}
        response = self.url_open("/open311/v2/requests.json", data=json.dumps(payload),
                                 headers={"Content-Type": "application/json", "X-Api-Key": self.key})
        petition = self.created(response)
        # No name nor contact: kept in draft for the office, and the status says so.
        self.assertEqual(petition.state, "draft")
        self.assertFalse(petition.petitioner_id)
        self.assertIn("30.1, 120.2", petition.content)
        detail = self.api(f"requests/{petition.id}.json", key=self.key).json()[0]
        self.assertEqual(detail["status"], "open")
        self.assertIn("contact details incomplete", detail["status_notes"])

    def test_name_without_contact_stays_draft(self):
        petition = self.created(self.create_request(phone=None, email=None))
        self.assertEqual(petition.state, "draft")
        self.assertEqual(petition.petitioner_id.name, "王五")

    def test_location_is_required(self):
        before = self.count()
        no_location = {"address_string": None, "lat": None, "long": None}
        self.assert_error(self.create_request(**no_location), 400)
        self.assert_error(self.create_request(**{**no_location, "lat": "30.1"}), 400)
        self.assert_error(self.create_request(address_string=None, long=None), 400)
        self.assertEqual(self.count(), before)
        self.assertFalse(self.env["xinfang.petitioner"].search([("name", "=", "王五")]),
                         "a refused request leaves no petitioner behind")
        by_coordinates = self.created(self.create_request(address_string=None))
        self.assertIn("30.1, 120.2", by_coordinates.content)
        by_address = self.created(self.create_request(lat=None, long=None))
        self.assertIn("school gate", by_address.content)
        by_address_id = self.created(self.create_request(address_string=None, lat=None, long=None,
                                                         address_id="EV-0042"))
        self.assertIn("EV-0042", by_address_id.content)

    def test_repeated_posts_reuse_the_petitioner(self):
        first = self.created(self.create_request())
        second = self.created(self.create_request(description="Still broken", phone="139 1234 5678", email=None))
        self.assertEqual(second.petitioner_id, first.petitioner_id, "same name and phone: the same person")
        other_phone = self.created(self.create_request(phone="13700000000"))
        self.assertNotEqual(other_phone.petitioner_id, first.petitioner_id, "a namesake is another person")

        number = resident_id("11010119800101001")
        with_id = self.created(self.create_request(phone="13600000000", **{"attribute[ID_NUMBER]": number}))
        again = self.created(self.create_request(phone="13500000000", **{"attribute[ID_NUMBER]": number}))
        self.assertEqual(again.petitioner_id, with_id.petitioner_id, "same ID number and name: the same person")
        self.assertEqual(with_id.petitioner_id.id_number, number)
        self.assertEqual(with_id.petitioner_id.phone, "13600000000", "the phone on record is kept")
        self.assertEqual(self.env["xinfang.petitioner"].search_count([("name", "=", "王五")]), 3)

        # the ID of a known person under another name is not trusted: a new record, the office verifies
        impostor = self.created(self.create_request(first_name="六", phone="13400000000",
                                                    **{"attribute[ID_NUMBER]": self.petitioner.id_number}))
        self.assertNotEqual(impostor.petitioner_id, self.petitioner)
        self.assertFalse(impostor.petitioner_id.id_number)
        self.assertIn("verify the identity", impostor.petitioner_id.message_ids[0].body)
        self.assert_error(self.create_request(**{"attribute[ID_NUMBER]": "123"}), 400)

    def test_create_is_dated_in_the_township_time_zone(self):
        # 2026-03-01 16:25 UTC is 00:25 on 2 March in Beijing; the intake user's own zone is Brussels
        self.user_staff.tz = "Europe/Brussels"
        with freeze_time("2026-03-01 16:25:00"):
            petition = self.created(response := self.create_request())
        self.assertEqual(petition.registration_date, date(2026, 3, 2))
        self.assertEqual(petition.acceptance_deadline, date(2026, 3, 17), "15 days from 2 March")
        self.assertTrue(response.json()[0]["requested_datetime"].endswith("+08:00"))
        # create_date is the database's clock (not frozen): set it to the moment of the call
        self.env.cr.execute("UPDATE xinfang_petition SET create_date = '2026-03-01 16:25:00' WHERE id = %s",
                            [petition.id])
        self.env.invalidate_all()
        detail = self.api(f"requests/{petition.id}.json", key=self.key).json()[0]
        self.assertEqual(detail["expected_datetime"], "2026-03-17T23:59:59+08:00")
        self.assertEqual(detail["requested_datetime"], "2026-03-02T00:25:00+08:00")

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
            ("NUL character", 400, lambda: self.create_request(description="a\x00b")),
            ("JSON value of the wrong type", 400, lambda: self.url_open(
                f"{url}?api_key={self.key}", headers={"Content-Type": "application/json"},
                data=json.dumps({"service_code": self.category_code, "description": ["a"]}))),
        ]
        for label, status, call in cases:
            with self.subTest(label):
                self.assert_error(call(), status)
        self.assertEqual(self.count(), before)
        self.assertFalse(self.env["xinfang.petitioner"].search([("name", "=", "王五")]))

    def test_messages_in_the_township_language(self):
        """A platform that sends no Accept-Language (the county's 12345) reads the township's language,
        the company's; a client may ask for another installed language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        company = self.env.ref("base.public_user").company_id
        self.assertEqual(self.assert_error(self.api("requests.json"), 401), "api_key is required.",
                         "a township working in English answers in English")
        company.partner_id.lang = "zh_CN"
        self.assertEqual(self.assert_error(self.api("requests.json"), 401), "缺少api_key。")
        self.assertEqual(self.assert_error(self.api("requests/1.xml"), 401, fmt="xml"), "缺少api_key。")
        english = self.api("requests.json", headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertEqual(self.assert_error(english, 401), "api_key is required.")
        not_installed = self.api("requests.json", headers={"Accept-Language": "fr-FR"})
        self.assertEqual(self.assert_error(not_installed, 401), "缺少api_key。")

    def test_rate_limit_per_client(self):
        self.client.rate_limit = 2
        self.assertEqual(self.api("requests.json", key=self.key).status_code, 200)
        self.assertEqual(self.api("requests.json", key=self.key).status_code, 200)
        self.assert_error(self.create_request(), 429)
        self.assertEqual(self.count(), 0)
        self.assertEqual(self.api("requests.json", key=self.other_key).status_code, 200, "other clients unaffected")

    # --- read ---------------------------------------------------------------------------------
    def test_get_request_has_spec_fields_and_no_personal_data(self):
        petition = self.created(self.create_request())
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
            self.assert_error(self.api(f"requests/{request_id}.json", key=self.other_key), 404)
        self.assert_error(self.api(f"requests/{office.id}.json", key=self.key), 404)
        self.assert_error(self.api(f"requests/{own}.json"), 401)
        self.assert_error(self.api(f"requests/{own}.xml"), 401, fmt="xml")
        self.assert_error(self.api(f"requests/{own}.json", key="x" * 40), 403)
        self.assert_error(self.api("requests.json"), 401)
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
        for bad in ({"status": "pending"}, {"start_date": "yesterday"}, {"service_request_id": "1;drop"},
                    {"start_date": "2026-03-02T00:00:00Z", "end_date": "2026-03-01T00:00:00Z"}):
            with self.subTest(bad=bad):
                self.assert_error(self.api("requests.json", key=self.key, params=bad), 400)
        xml = ElementTree.fromstring(self.api("requests.xml", key=self.key).content)
        self.assertEqual(len(xml.findall("request")), 2)

    def test_key_is_stored_hashed_and_can_be_revoked(self):
        client = self.client.sudo()
        self.assertNotIn(self.key, (client.key_hash, client.key_salt))
        self.assertEqual(client.key_index, self.key[:8])
        self.assertEqual(self.env["xinfang.api.client"]._authenticate(self.key), self.client)
        self.client.action_revoke_key()
        self.assert_error(self.api("requests.json", key=self.key), 403)
        self.client.action_generate_key()
        self.assertFalse(self.env["xinfang.api.client"]._authenticate(self.key), "a replaced key stops working")
        self.other.active = False
        self.assert_error(self.api("requests.json", key=self.other_key), 403)

    # --- third-party clients: their exact requests ----------------------------------------------
    def test_three_client_shapes(self):
        self.env["ir.config_parameter"].sudo().set_param("xinfang_petition.open311_jurisdiction_id", JURISDICTION)
        three = ThreeShapes(self, f"{self.base_url()}/open311/v2", api_key=self.key, jurisdiction=JURISDICTION)
        services = three.services()
        self.assertEqual(services.status_code, 200)
        self.assertIn(self.category_code, {s["service_code"] for s in services.json()})
        self.assertEqual(three.services(self.category_code).json()["service_code"], self.category_code)

        posted = three.post(self.category_code, name="Zach Williams", phone="555-5555",
                            address="East Village, 123 Any St", description="My issue description.")
        petition = self.created(posted)
        self.assertRecordValues(petition, [{"state": "to_accept", "village_id": self.village_a.id}])
        self.assertEqual(petition.petitioner_id.name, "Zach Williams")
        with_media = three.post(self.category_code, address="West Village", description="See the photo.",
                                media=("photo.png", b"\x89PNG\r\n", "image/png"))
        self.assertEqual(self.created(with_media).state, "draft", "no name: the office completes it")
        posted_media_id = with_media.json()[0]["service_request_id"]

        self.assert_error(three.request(petition.id), 401)  # three adds no key to a GET by itself
        [detail] = three.request(petition.id, api_key=self.key).json()
        self.assertEqual(detail["service_request_id"], str(petition.id))
        listed = three.requests(self.category_code, api_key=self.key, count=50,
                                between=("01-01-2000", "01-01-2100")).json()
        self.assertEqual({r["service_request_id"] for r in listed}, {str(petition.id), posted_media_id})
        self.assertFalse(three.requests(api_key=self.key, between=("01-01-2000", "01-02-2000")).json())
        self.assert_error(three.requests(api_key=self.key, between=("03-02-2026", "03-01-2026")), 400)

    def test_georeport_client_shapes(self):
        petition = self.created(self.create_request())
        root = f"{self.base_url()}/open311/v2"
        for fmt in ("json", "xml"):
            with self.subTest(fmt=fmt):
                public = GeoReportShapes(self, root, output_format=fmt)
                services = public.get_service_list()
                self.assertTrue(services)
                definition = public.get_service_definition(self.category_code)
                code = definition["service_code"] if fmt == "json" else definition.find("service_code").text
                self.assertEqual(code, self.category_code)
                with self.assertRaises(requests.HTTPError, msg="reads need a key") as refusal:
                    public.get_service_request(petition.id)
                self.assertEqual(refusal.exception.response.status_code, 401)

                keyed = GeoReportShapes(self, root, output_format=fmt, api_key=self.key)
                detail = keyed.get_service_request(petition.id)
                request_id = detail["service_request_id"] if fmt == "json" else detail.find("service_request_id").text
                self.assertEqual(request_id, str(petition.id))
                listed = keyed.get_service_requests(status="open", service_code=self.category_code,
                                                    start_date="2000-01-01T00:00:00Z")
                self.assertEqual(len(listed), 1)
