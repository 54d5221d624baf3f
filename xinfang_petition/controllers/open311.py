"""Open311 GeoReport v2 for the county's 12345 hotline platform (and any other integrating system).

- ``GET  /open311/v2/services.json``            categories with a code, as services (public)
- ``GET  /open311/v2/services/<code>.json``     a service definition (public)
- ``POST /open311/v2/requests.json``            create a petition (channel 12345 hotline); needs ``api_key``
- ``GET  /open311/v2/requests.json``            the caller's requests, filtered as the spec says; ``api_key``
- ``GET  /open311/v2/requests/<id>.json``       one of the caller's requests; ``api_key``
(``.xml`` variants answer the same in XML; anything else under the prefix answers the spec's error list.)

The controller parses the HTTP request, calls the model (``xinfang.petition._create_from_open311``,
``_open311_search``, ``_open311_serialize``; ``xinfang.category._open311_services``) and writes the
answer. Deviations from the spec, on purpose, are listed in the README's API section.
"""

import json
import re
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytz
from werkzeug.exceptions import RequestEntityTooLarge

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from ..models.res_company import township_tz_name
from .common import as_ids, is_storable, setting, text_errors, text_limit

PREFIX = "/open311/v2"
FORMATS = ("json", "xml")
REQUEST_TEXTS = ("first_name", "last_name", "email", "phone", "address_string", "address_id", "media_url")
ATTRIBUTE_KEY = re.compile(r"attribute\[([^\]]+)\]")
KNOWN_RESOURCES = re.compile(r"services|requests|services/[^/]+|requests/\d+")
# Characters XML 1.0 cannot carry (control characters sent in a description or echoed in an error)
XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
XML_ITEMS = {"services": "service", "service_requests": "request", "errors": "error",
             "attributes": "attribute", "values": "value"}


class Open311Error(Exception):
    def __init__(self, status, description):
        super().__init__(description)
        self.status = status
        self.description = description


def _xml(parent, tag, value):
    """``value`` (dict, list or scalar) as the element ``tag`` under ``parent``; list items are named
    after their list (``services`` -> ``service``)."""
    node = ElementTree.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, item in value.items():
            _xml(node, key, item)
    elif isinstance(value, list):
        for item in value:
            _xml(node, XML_ITEMS[tag], item)
    elif value is not None:
        text = str(value).lower() if isinstance(value, bool) else str(value)
        node.text = XML_INVALID.sub("\ufffd", text)
    return node


class Open311(http.Controller):
    # ------------------------------------------------------------------------------------------
    # answers
    # ------------------------------------------------------------------------------------------
    def _respond(self, fmt, root, data, status=200):
        """``data`` as JSON, or as XML under the element ``root``."""
        if fmt == "xml":
            holder = ElementTree.Element("holder")
            body = ElementTree.tostring(_xml(holder, root, data), encoding="utf-8", xml_declaration=True)
            return request.make_response(body, headers=[("Content-Type", "text/xml; charset=utf-8")], status=status)
        return request.make_json_response(data, status=status)

    def _error(self, fmt, status, description):
        return self._respond(fmt, "errors", [{"code": status, "description": description}], status=status)

    def _answer(self, fmt, call):
        """``call()``'s response; a refusal becomes the spec's error list, never an HTML page."""
        request.update_context(lang=self._lang())
        try:
            return call()
        except Open311Error as error:
            return self._error(fmt, error.status, error.description)
        except AccessError as error:
            return self._error(fmt, 403, error.args[0])
        except (UserError, ValidationError) as error:
            return self._error(fmt, 400, error.args[0])

    def _lang(self):
        """The language of the answer: the one asked for in Accept-Language, else the township's."""
        return request.env["xinfang.petition"]._open311_lang(request.best_lang)

    # ------------------------------------------------------------------------------------------
    # authentication and input
    # ------------------------------------------------------------------------------------------
    def _authenticate(self, params):
        """The API client of the request's key, counted against its hourly limit."""
        key = params.get("api_key") or request.httprequest.headers.get("X-Api-Key")
        if not key or not isinstance(key, str):
            raise Open311Error(401, request.env._("api_key is required."))
        client = is_storable(key) and request.env["xinfang.api.client"]._authenticate(key.strip())
        if not client:
            raise Open311Error(403, request.env._("Invalid api_key."))
        if not client._check_in():
            raise Open311Error(429, request.env._("Rate limit exceeded; try again later."))
        return client

    def _read_params(self, params):
        """Query and form parameters, merged with a JSON object body, checked for storable text and
        for the jurisdiction; refuses oversized or bad payloads."""
        limit = setting("open311_max_payload_kb", 64) * 1024
        too_large = Open311Error(413, request.env._(
            "The payload is larger than %(size)s KB.", size=limit // 1024))
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > limit:
            raise too_large
        params = dict(params)
        if httprequest.mimetype == "application/json":
            httprequest.max_content_length = limit  # also bounds bodies sent without a Content-Length
            try:
                raw = httprequest.get_data(cache=False)
            except RequestEntityTooLarge:
                raise too_large from None
            try:
                body = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise Open311Error(400, request.env._("The body is not valid JSON.")) from None
            if not isinstance(body, dict):
                raise Open311Error(400, request.env._("The JSON body must be an object."))
            params.update(body)
        self._check_storable(params)
        self._check_jurisdiction(params)
        return params

    def _check_jurisdiction(self, params):
        """Refuse a ``jurisdiction_id`` this server does not serve (400)."""
        self._check_storable({"jurisdiction_id": params.get("jurisdiction_id")})
        request.env["xinfang.api.client"]._check_jurisdiction(self._text(params, "jurisdiction_id"))

    def _check_storable(self, params):
        """Refuse text values the database cannot store or search (NUL, lone surrogates) with a 400."""
        for key, value in params.items():
            if isinstance(value, str) and not is_storable(value):
                raise Open311Error(400, request.env._(
                    "%(field)s contains an invalid character.",
                    field=key if is_storable(key) else "?"))  # the key is echoed: it must be encodable too

    def _text(self, params, key, required=False):
        value = params.get(key)
        if value is None or value == "":
            value = ""
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise Open311Error(400, request.env._("%(field)s must be a string.", field=key))
        value = str(value).strip()
        errors = text_errors(value, key, text_limit(key), required=required)
        if errors:
            raise Open311Error(400, errors[0])
        return value

    def _coordinate(self, params, key, bound):
        value = params.get(key)
        if value in (None, ""):
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not -bound <= number <= bound:
            raise Open311Error(400, request.env._("%(field)s is not a valid coordinate.", field=key))
        return number

    def _attributes(self, params):
        """Service attributes: ``attribute[CODE]=value`` form fields, or an ``attribute`` JSON object."""
        attributes = params.get("attribute") if isinstance(params.get("attribute"), dict) else {}
        attributes = {**attributes, **{match[1]: value for key, value in params.items()
                                       if (match := ATTRIBUTE_KEY.fullmatch(key))}}
        return {code: self._text(attributes, code) for code in attributes}

    def _parse_request(self, params):
        """The values of a POSTed service request, typed and bounded, for the model."""
        return {
            **{key: self._text(params, key) for key in REQUEST_TEXTS},
            "service_code": self._text(params, "service_code", required=True),
            "description": self._text(params, "description", required=True),
            "lat": self._coordinate(params, "lat", 90),
            "long": self._coordinate(params, "long", 180),
            "attributes": self._attributes(params),
        }

    def _parse_datetime(self, params, key):
        """An ISO 8601 date and time as naive UTC; without an offset, in the township's time zone."""
        value = self._text(params, key)
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                moment = self._tz().localize(moment)
            return moment.astimezone(UTC).replace(tzinfo=None)
        except (ValueError, OverflowError):  # OverflowError: beyond year 1-9999 in UTC
            raise Open311Error(400, request.env._(
                "%(field)s must be an ISO 8601 date and time.", field=key)) from None

    def _parse_filters(self, params):
        """The filters of GET requests, as arguments of ``xinfang.petition._open311_search``."""
        filters = {"ids": None, "codes": None, "statuses": None}
        ids = params.get("service_request_id")
        if isinstance(ids, str) and ids.strip():
            filters["ids"] = as_ids(ids)
            if filters["ids"] is None:
                raise Open311Error(400, request.env._("service_request_id must be a list of ids."))
        if isinstance(params.get("service_code"), str):
            filters["codes"] = [code.strip() for code in params["service_code"].split(",") if code.strip()]
        if isinstance(params.get("status"), str) and params["status"].strip():
            filters["statuses"] = {status.strip().lower() for status in params["status"].split(",")}
            if not filters["statuses"] <= {"open", "closed"}:
                raise Open311Error(400, request.env._("status must be open or closed."))
        filters["start"] = self._parse_datetime(params, "start_date")
        filters["end"] = self._parse_datetime(params, "end_date")
        return filters

    def _tz(self):
        """The township's time zone: request times are written and read in it."""
        return pytz.timezone(township_tz_name(request.env))

    # ------------------------------------------------------------------------------------------
    # routes
    # ------------------------------------------------------------------------------------------
    @http.route(f"{PREFIX}/services.<any(json,xml):fmt>", type="http", auth="public", methods=["GET"],
                csrf=False, save_session=False, readonly=True)
    def services(self, fmt, **kw):
        def call():
            self._check_jurisdiction(kw)  # the list is public and takes no other parameter
            return self._respond(fmt, "services", request.env["xinfang.category"]._open311_services())
        return self._answer(fmt, call)

    @http.route(f"{PREFIX}/services/<string:code>.<any(json,xml):fmt>", type="http", auth="public",
                methods=["GET"], csrf=False, save_session=False, readonly=True)
    def service_definition(self, code, fmt, **kw):
        def call():
            self._check_jurisdiction(kw)
            definition = is_storable(code) and request.env["xinfang.category"]._open311_definition(code)
            if not definition:
                raise Open311Error(404, request.env._("Unknown service_code %(code)s.", code=code))
            return self._respond(fmt, "service_definition", definition)
        return self._answer(fmt, call)

    @http.route(f"{PREFIX}/requests.<any(json,xml):fmt>", type="http", auth="public", methods=["GET", "POST"],
                csrf=False, save_session=False)
    def requests(self, fmt, **kw):
        def call():
            params = self._read_params(kw)
            client = self._authenticate(params)
            if request.httprequest.method == "POST":
                return self._post_request(fmt, client, params)
            petitions = request.env["xinfang.petition"]._open311_search(client, **self._parse_filters(params))
            tz = self._tz()
            return self._respond(fmt, "service_requests", [petition._open311_serialize(tz) for petition in petitions])
        return self._answer(fmt, call)

    def _post_request(self, fmt, client, params):
        values = self._parse_request(params)
        # Nothing is created unless every value is valid (the request still counts against the key's limit).
        with request.env.cr.savepoint():
            petition = request.env["xinfang.petition"]._create_from_open311(client, values)
        return self._respond(fmt, "service_requests", [petition._open311_created(self._tz())], status=201)

    @http.route(f"{PREFIX}/requests/<int:request_id>.<any(json,xml):fmt>", type="http", auth="public",
                methods=["GET"], csrf=False, save_session=False)
    def request_detail(self, request_id, fmt, **kw):
        def call():
            params = self._read_params(kw)
            client = self._authenticate(params)
            petitions = request.env["xinfang.petition"]._open311_search(client, ids=[request_id])
            if not petitions:
                raise Open311Error(404, request.env._("No such service request."))
            return self._respond(fmt, "service_requests", [petitions._open311_serialize(self._tz())])
        return self._answer(fmt, call)

    @http.route([PREFIX, f"{PREFIX}/", f"{PREFIX}/<path:path>"], type="http", auth="public", csrf=False,
                save_session=False, readonly=True)
    def unknown(self, path="", **kw):
        """Anything else under the prefix: an unknown resource or format (404) or method (405), as the
        spec's error list rather than Odoo's HTML page."""
        request.update_context(lang=self._lang())
        stem, _dot, fmt = path.rpartition(".")
        answer_fmt = "xml" if fmt == "xml" else "json"
        if fmt in FORMATS and KNOWN_RESOURCES.fullmatch(stem):
            return self._error(answer_fmt, 405, request.env._(
                "Method %(method)s is not allowed here.", method=request.httprequest.method))
        if KNOWN_RESOURCES.fullmatch(stem):
            return self._error(answer_fmt, 404, request.env._(
                "Unknown format %(format)s: use json or xml.", format=fmt))
        return self._error(answer_fmt, 404, request.env._("Unknown resource %(path)s.", path=f"{PREFIX}/{path}"))
