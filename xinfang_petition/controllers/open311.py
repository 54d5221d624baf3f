"""Open311 GeoReport v2 for the county's 12345 hotline platform (and any other integrating system).

- ``GET  /open311/v2/services.json``            categories with a code, as services (public)
- ``POST /open311/v2/requests.json``            create a petition (channel 12345 hotline); needs ``api_key``
- ``GET  /open311/v2/requests.json``            the caller's requests, filtered as the spec says; ``api_key``
- ``GET  /open311/v2/requests/<id>.json``       one of the caller's requests; ``api_key``
(``.xml`` variants answer the same in XML.)

The spec leaves ``api_key`` optional for reading; petitions are not public, so every request route needs a
key and a client sees only the requests it sent. Responses carry only the fields the standard defines and
no personal data: the petitioner, the facts and the handler stay in the office. Keys may be sent as the
``api_key`` parameter (spec) or the ``X-Api-Key`` header (kept out of URL logs).
"""

import json
import re
from datetime import UTC, datetime, time, timedelta
from xml.etree import ElementTree

import pytz
from werkzeug.exceptions import RequestEntityTooLarge

from odoo import fields, http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import single_email_re

PREFIX = "/open311/v2"
CLOSED_STATES = ("closed", "rejected", "redirected", "final")
DEFAULT_TZ = "Asia/Shanghai"
MAX_RESULTS = 1000
DEFAULT_DAYS = 90
SUBJECT_CHARS = 60
TEXT_LIMITS = {"description": 20000, "first_name": 50, "last_name": 50, "address_string": 200, "media_url": 500,
               "email": 120, "phone": 30}
CJK = re.compile(r"[\u3400-\u9fff]")
# Characters XML 1.0 cannot carry (control characters sent in a description or echoed in an error)
XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
XML_ROOTS = {"services": ("services", "service"), "requests": ("service_requests", "request"),
             "errors": ("errors", "error")}


class Open311Error(Exception):
    def __init__(self, status, description):
        super().__init__(description)
        self.status = status
        self.description = description


def _is_storable(value):
    """False for text PostgreSQL cannot take: a NUL character, or a lone surrogate (from a JSON escape)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _as_ids(text):
    """Comma-separated ids as ints, or None when a part is not plain ASCII digits (``str.isdigit`` also
    accepts "²", which ``int`` refuses). An id of over 18 digits matches nothing: 0."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not all(part.isascii() and part.isdigit() for part in parts):
        return None
    return [int(part) if len(part) <= 18 else 0 for part in parts]


def _param(key, default):
    """Integer setting ``xinfang_petition.<key>``."""
    # sudo-safe: reads a setting of the addon, no record.
    value = request.env["ir.config_parameter"].sudo().get_param(f"xinfang_petition.{key}", default)
    try:
        return int(value)
    except (TypeError, ValueError):
        return int(default)


class Open311(http.Controller):
    # ------------------------------------------------------------------------------------------
    # responses
    # ------------------------------------------------------------------------------------------
    def _respond(self, fmt, kind, data, status=200):
        if fmt == "xml":
            root_tag, item_tag = XML_ROOTS[kind]
            root = ElementTree.Element(root_tag)
            for row in data:
                item = ElementTree.SubElement(root, item_tag)
                for key, value in row.items():
                    node = ElementTree.SubElement(item, key)
                    if value is not None:
                        text = str(value).lower() if isinstance(value, bool) else str(value)
                        node.text = XML_INVALID.sub("\ufffd", text)
            body = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
            return request.make_response(body, headers=[("Content-Type", "text/xml; charset=utf-8")], status=status)
        return request.make_json_response(data, status=status)

    def _error(self, fmt, error):
        return self._respond(fmt, "errors", [{"code": error.status, "description": error.description}],
                             status=error.status)

    # ------------------------------------------------------------------------------------------
    # authentication and input
    # ------------------------------------------------------------------------------------------
    def _authenticate(self, params):
        """The API client of the request's key, counted against its hourly limit."""
        key = params.get("api_key") or request.httprequest.headers.get("X-Api-Key")
        if not key or not isinstance(key, str):
            raise Open311Error(401, request.env._("api_key is required. 缺少api_key。"))
        client = _is_storable(key) and request.env["xinfang.api.client"]._authenticate(key.strip())
        if not client:
            raise Open311Error(403, request.env._("Invalid api_key. api_key无效。"))
        # sudo-safe: the counter stores a keyed hash of the authenticated client's id only.
        if not request.env["xinfang.portal.throttle"].sudo()._hit("api", client.id, client.rate_limit):
            raise Open311Error(429, request.env._("Rate limit exceeded; try again later. 请求过于频繁。"))
        now = fields.Datetime.now()
        if not client.last_used or client.last_used < now - timedelta(minutes=1):
            client.last_used = now  # at most once a minute: concurrent calls do not fight over the row
        return client

    def _read_body(self, params):
        """Query and form parameters, merged with a JSON object body; refuses oversized or bad payloads."""
        limit = _param("open311_max_payload_kb", 64) * 1024
        too_large = Open311Error(413, request.env._(
            "The payload is larger than %(size)s KB. 请求体过大。", size=limit // 1024))
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > limit:
            raise too_large
        if httprequest.mimetype != "application/json":
            return dict(params)
        httprequest.max_content_length = limit  # also bounds bodies sent without a Content-Length
        try:
            raw = httprequest.get_data(cache=False)
        except RequestEntityTooLarge:
            raise too_large from None
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise Open311Error(400, request.env._("The body is not valid JSON. 请求体不是有效的JSON。")) from None
        if not isinstance(body, dict):
            raise Open311Error(400, request.env._("The JSON body must be an object. JSON请求体必须是对象。"))
        return {**params, **body}

    def _check_params(self, params):
        """Refuse text values the database cannot store or search (NUL, lone surrogates) with a 400."""
        for key, value in params.items():
            if isinstance(value, str) and not _is_storable(value):
                raise Open311Error(400, request.env._(
                    "%(field)s contains an invalid character. %(field)s含有非法字符。",
                    field=key if _is_storable(key) else "?"))  # the key is echoed: it must be encodable too

    def _text(self, params, key, required=False):
        value = params.get(key)
        if value is None or value == "":
            if required:
                raise Open311Error(400, request.env._("%(field)s is required. 缺少%(field)s。", field=key))
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise Open311Error(400, request.env._("%(field)s must be a string. %(field)s格式错误。", field=key))
        value = str(value).strip()
        if required and not value:
            raise Open311Error(400, request.env._("%(field)s is required. 缺少%(field)s。", field=key))
        if len(value) > TEXT_LIMITS.get(key, 200):
            raise Open311Error(400, request.env._(
                "%(field)s is too long (at most %(limit)s characters). %(field)s过长。",
                field=key, limit=TEXT_LIMITS.get(key, 200)))
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
            raise Open311Error(400, request.env._("%(field)s is not a valid coordinate. 坐标无效。", field=key))
        return number

    def _parse_datetime(self, value, key):
        try:
            moment = datetime.fromisoformat(value.strip())
            if moment.tzinfo is None:
                moment = self._tz().localize(moment)
            return moment.astimezone(UTC).replace(tzinfo=None)
        except (AttributeError, ValueError, OverflowError):  # OverflowError: beyond year 1-9999 in UTC
            raise Open311Error(400, request.env._(
                "%(field)s must be an ISO 8601 date and time. %(field)s须为ISO 8601时间。", field=key)) from None

    # ------------------------------------------------------------------------------------------
    # serialization: the spec's fields only
    # ------------------------------------------------------------------------------------------
    def _tz(self):
        user = request.env["xinfang.petition"]._get_online_intake_user()
        try:
            return pytz.timezone(user.tz or DEFAULT_TZ)
        except pytz.UnknownTimeZoneError:
            return pytz.timezone(DEFAULT_TZ)

    def _iso(self, moment, tz):
        if not moment:
            return None
        return pytz.utc.localize(moment).astimezone(tz).isoformat(timespec="seconds")

    def _iso_day_end(self, day, tz):
        return tz.localize(datetime.combine(day, time(23, 59, 59))).isoformat(timespec="seconds") if day else None

    def _status_notes(self, petition):
        notes = {
            "draft": request.env._(
                "Received; the petition office completes the registration (contact details incomplete). "
                "已收到，联系信息不完整，待信访工作机构补录登记。"),
            "to_accept": request.env._("Registered; deciding on acceptance. 已登记，待受理。"),
            "accepted": request.env._("Accepted on %(date)s. 已受理。", date=petition.accept_date),
            "handling": request.env._("Being handled. 办理中。"),
            "replied": request.env._("Replied on %(date)s. 已答复。", date=petition.reply_date),
            "closed": request.env._("Closed. 已办结。"),
            "rejected": request.env._("Not accepted; a written notice was issued. 不予受理，已出具告知书。"),
            "redirected": request.env._(
                "Directed to another statutory route; a written notice was issued. 已导入其他法定途径，已出具告知书。"),
            "review": request.env._("Under review. 复查中。"),
            "re_review": request.env._("Under re-review. 复核中。"),
            "final": request.env._("Concluded after re-review. 复核终结。"),
        }
        return notes.get(petition.state, "")

    def _service_notice(self, petition):
        if petition.state == "to_accept" and petition.acceptance_deadline:
            return request.env._(
                "Acceptance decision due by %(date)s. 受理期限：%(date)s。", date=petition.acceptance_deadline)
        if petition.state in ("accepted", "handling") and petition.handling_deadline:
            return request.env._("Answer due by %(date)s. 办理期限：%(date)s。", date=petition.handling_deadline)
        if petition.state in ("review", "re_review") and petition.current_deadline:
            return request.env._("Decision due by %(date)s. 决定期限：%(date)s。", date=petition.current_deadline)
        return ""

    def _serialize(self, petition, tz):
        """A petition as a GeoReport v2 service request, without personal data."""
        closed = petition.state in CLOSED_STATES
        return {
            "service_request_id": str(petition.id),
            "status": "closed" if closed else "open",
            "status_notes": self._status_notes(petition),
            "service_name": petition.category_id.name,
            "service_code": petition.category_id.code or "",
            # The subject only: facts, reasons and the people concerned stay in the office.
            "description": petition.subject,
            "agency_responsible": petition.lead_unit_id.name or petition.company_id.name,
            "service_notice": self._service_notice(petition),
            "requested_datetime": self._iso(petition.create_date, tz),
            "updated_datetime": self._iso(petition.write_date, tz),
            "expected_datetime": None if closed else self._iso_day_end(petition.current_deadline, tz),
            "address": petition.village_id.name or None,
            "address_id": None,
            "zipcode": None,
            "lat": None,
            "long": None,
            "media_url": None,
        }

    # ------------------------------------------------------------------------------------------
    # routes
    # ------------------------------------------------------------------------------------------
    @http.route(f"{PREFIX}/services.<any(json,xml):fmt>", type="http", auth="public", methods=["GET"],
                csrf=False, save_session=False, readonly=True)
    def services(self, fmt, **kw):
        # sudo-safe: the category taxonomy is public reference data; only categories with a code are offered.
        categories = request.env["xinfang.category"].sudo().search([("code", "!=", False)], order="code")
        services = [{
            "service_code": category.code,
            "service_name": category.name,
            "description": category.description or "",
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": category.parent_id.name or category.name,
        } for category in categories]
        return self._respond(fmt, "services", services)

    @http.route(f"{PREFIX}/requests.<any(json,xml):fmt>", type="http", auth="public", methods=["GET", "POST"],
                csrf=False, save_session=False)
    def requests(self, fmt, **kw):
        try:
            if request.httprequest.method == "POST":
                params = self._read_body(kw)
                self._check_params(params)
                client = self._authenticate(params)
                return self._create(fmt, client, params)
            self._check_params(kw)
            client = self._authenticate(kw)
            return self._search(fmt, client, kw)
        except Open311Error as error:
            return self._error(fmt, error)

    @http.route(f"{PREFIX}/requests/<int:request_id>.<any(json,xml):fmt>", type="http", auth="public",
                methods=["GET"], csrf=False, save_session=False)
    def request_detail(self, request_id, fmt, **kw):
        try:
            self._check_params(kw)
            client = self._authenticate(kw)
            petitions = self._client_petitions(client, [("id", "=", request_id)])
            if not petitions:
                raise Open311Error(404, request.env._("No such service request. 无此诉求。"))
        except Open311Error as error:
            return self._error(fmt, error)
        tz = self._tz()
        return self._respond(fmt, "requests", [self._serialize(petitions, tz)])

    # ------------------------------------------------------------------------------------------
    # reading and creating
    # ------------------------------------------------------------------------------------------
    def _client_petitions(self, client, domain, limit=None):
        """Petitions the authenticated client sent (sudo: the API has no user; the domain is scoped to the
        client, so one system never reads another's requests or any petition from other channels)."""
        # sudo-safe: scoped by open311_client_id to the client authenticated by its key hash.
        Petition = request.env["xinfang.petition"].sudo().with_context(active_test=False)
        return Petition.search([("open311_client_id", "=", client.id), *domain], limit=limit,
                               order="create_date desc, id desc")

    def _search(self, fmt, client, params):
        domain = []
        ids = (params.get("service_request_id") or "").strip()
        if ids:
            id_list = _as_ids(ids)
            if id_list is None:
                raise Open311Error(400, request.env._("service_request_id must be a list of ids. 编号格式错误。"))
            domain.append(("id", "in", id_list))
        if params.get("service_code"):
            codes = [code.strip() for code in params["service_code"].split(",") if code.strip()]
            domain.append(("category_id.code", "in", codes))
        if params.get("status"):
            statuses = {status.strip().lower() for status in params["status"].split(",")}
            if not statuses <= {"open", "closed"}:
                raise Open311Error(400, request.env._("status must be open or closed. status须为open或closed。"))
            if statuses == {"open"}:
                domain.append(("state", "not in", CLOSED_STATES))
            elif statuses == {"closed"}:
                domain.append(("state", "in", CLOSED_STATES))
        start = params.get("start_date") and self._parse_datetime(params["start_date"], "start_date")
        end = params.get("end_date") and self._parse_datetime(params["end_date"], "end_date")
        if not ids and not start and not end:
            start = fields.Datetime.now() - timedelta(days=DEFAULT_DAYS)
        if start:
            domain.append(("create_date", ">=", start))
        if end:
            domain.append(("create_date", "<=", end))
        tz = self._tz()
        petitions = self._client_petitions(client, domain, limit=MAX_RESULTS)
        return self._respond(fmt, "requests", [self._serialize(petition, tz) for petition in petitions])

    def _create(self, fmt, client, params):
        """Create the petition of a POSTed request; nothing is created unless every field is valid."""
        code = self._text(params, "service_code", required=True)
        # sudo-safe: public category taxonomy, looked up by the code the client sent.
        category = request.env["xinfang.category"].sudo().search([("code", "=", code)], limit=1)
        if not category:
            raise Open311Error(400, request.env._("Unknown service_code %(code)s. 服务代码无效。", code=code))
        description = self._text(params, "description", required=True)
        first_name = self._text(params, "first_name")
        last_name = self._text(params, "last_name")
        email = self._text(params, "email")
        phone = self._text(params, "phone")
        address = self._text(params, "address_string")
        media_url = self._text(params, "media_url")
        lat = self._coordinate(params, "lat", 90)
        lon = self._coordinate(params, "long", 180)
        if email and not single_email_re.match(email):
            raise Open311Error(400, request.env._("email is not a valid e-mail address. 邮箱格式错误。"))
        try:
            phone = request.env["xinfang.petitioner"]._normalize_phone(phone) if phone else False
        except ValidationError as error:
            raise Open311Error(400, error.args[0]) from None

        cjk = CJK.search(first_name + last_name)
        name = f"{last_name}{first_name}" if cjk else " ".join(filter(None, (first_name, last_name)))
        complete = bool(name and (phone or email))
        Petition = request.env["xinfang.petition"]
        petitioner = request.env["xinfang.petitioner"]
        if name:
            # sudo-safe: a new record created as the office's intake user (the model's intake environment).
            petitioner = Petition._online_intake_env().env["xinfang.petitioner"].create(
                {"name": name, "phone": phone, "email": email or False})
        # sudo-safe: village names are public reference data, matched against the address sent.
        villages = request.env["hr.department"].sudo().search([("xinfang_unit_type", "=", "village")])
        village = villages.filtered(lambda v: address and v.name in address)
        subject = description.splitlines()[0].strip() if description.strip() else description
        if len(subject) > SUBJECT_CHARS:
            subject = subject[:SUBJECT_CHARS - 1] + "…"
        lines = [description]
        if address:
            lines.append(request.env._("Location: %(address)s", address=address))
        if lat is not None and lon is not None:
            lines.append(request.env._("Coordinates: %(lat)s, %(long)s", lat=lat, long=lon))
        if media_url:
            lines.append(request.env._("Media: %(url)s", url=media_url))
        vals = {
            "channel": "hotline",
            "nature": "appeal",
            "category_id": category.id,
            "subject": subject,
            "content": "\n".join(lines),
            "petitioner_id": petitioner.id,
            "village_id": village.id if len(village) == 1 else False,
            "open311_client_id": client.id,
        }
        note = request.env._("Received through the Open311 API from %(client)s.", client=client.name)
        # sudo-safe: creates a new petition as the office's intake user; nothing existing is read.
        petition, _draft_reason = Petition._create_online(vals, note=note, register=complete)
        tz = self._tz()
        response = {
            "service_request_id": str(petition.id),
            "service_notice": self._service_notice(petition) or self._status_notes(petition),
            "account_id": None,
            "requested_datetime": self._iso(petition.create_date, tz),
        }
        return self._respond(fmt, "requests", [response], status=201)
