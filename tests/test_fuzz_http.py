"""Property-based tests (hypothesis): random payloads at the online petition routes, over HTTP.

Routes: the portal form of a signed-in portal user (``POST /my/petitions/new``), the anonymous accusation
form (``POST /xinfang/accusation``) and the Open311 GeoReport v2 API (``POST /open311/v2/requests``,
``GET /open311/v2/requests``, ``GET /open311/v2/requests/<id>``, ``GET /open311/v2/services``).

Properties of every exchange:

- no server error: no HTTP 5xx, and no ERROR line or traceback in the server log;
- nothing partial: petitions, petitioners and attachments (generated asset bundles aside) are counted
  before and after: a refused payload creates nothing, an accepted one exactly one petition, with its
  files and at most the people it names;
- a clear refusal: a portal form comes back with its error list (HTTP 400); a request without a valid
  CSRF token gets Odoo's 400; the API answers 4xx with its JSON or XML error list, each error with a
  description;
- a payload the rules forbid (no consent, blank subject, unknown category or service code, bad key,
  oversized body, bad coordinates, NUL characters...) is never accepted, and a payload built valid (its
  text may still be markup, SQL, emoji or control characters) is accepted;
- the API shows a client only the requests it sent, without personal data.

Payloads: hostile strings (empty, blank, huge, NUL and control characters, markup, SQL, emoji, digits
that ``int()`` refuses), wrong JSON types, junk JSON, wrong content types, bodies over the limit, bad
and disguised attachments, bad coordinates and dates, unknown service codes, missing, wrong and other
clients' keys, and ids of other clients' and the office's petitions.

5,000 examples in all (portal form 800, anonymous form 400, Open311 POST 2,500, Open311 GET 1,300): about
5 minutes on the loaded 2-core development machine (an accepted petition costs 0.2-0.3 s of server time
for registration, chatter and audit log; a refusal 25-70 ms). Each example runs in a savepoint that is
rolled back. The rate limits are switched off for the fuzz run (0 disables them);
``test_portal_throttle_still_refuses`` here and the throttle tests of xinfang_petition (anonymous
submissions, query codes, API clients) check that they refuse when set.
"""

import json
import logging
import os
import re
from xml.etree import ElementTree

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.addons.xinfang_petition.tests.common import resident_id
from odoo.addons.xinfang_petition.tests.test_open311 import REQUEST_FIELDS, SERVICE_FIELDS
from odoo.addons.xinfang_petition.tests.test_portal import EXE, PDF, PNG, XinfangPortalCase
from odoo.tests import tagged
from odoo.tools import SQL

# XINFANG_FUZZ_SCALE=0.05 for a quick run while developing; CI runs the full 5,000 examples.
SCALE = float(os.environ.get("XINFANG_FUZZ_SCALE", "1"))


def form_text(fields):
    """``fields`` as a form carries them: text only (other values as their JSON text)."""
    return {key: value if isinstance(value, str) else json.dumps(value) for key, value in fields.items()}


def fuzz(examples):
    return settings(max_examples=max(int(examples * SCALE), 1), deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


MAX_UPLOAD_MB = 1
MAX_FILES = 3
NATURES = ("suggestion", "accusation", "appeal")
UPLOAD_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "doc", "docx")
PERSONAL = ("王五", "13912345678", "wang@example.com", "Since May")
NOTHING = {"petition": 0, "petitioner": 0, "attachment": 0}

# --- values (strategies are built once: hypothesis inspects each new filter) ----------------------------
HOSTILE = ["", " ", "\t\n ", "\u3000", "\x00", "x\x00y", "\x01\x02\x1b[31m", "\x7f\x85", "<script>alert(1)</script>",
           "]]><!--", "'; DROP TABLE xinfang_petition; --", "' OR '1'='1", "%s %(x)s {0}", "{{7*7}}", "NULL",
           "null", "None", "false", "[]", "{}", "0", "-1", "1.5", "1e3", "0x10", "²", "١٢", "9" * 19, "9" * 5000,
           "王" * 300, "\u202etxet", "a\rb\nc", "😀" * 40, "\ufeff\u200b", "../../etc/passwd", "https://evil.example/x"]
# hostile in content but valid text: what a form must accept and store as typed
ALLOWED = ["<script>alert(1)</script>", "'; DROP TABLE xinfang_petition; --", "%s %(x)s {0}", "{{7*7}}", "NULL",
           "王" * 60, "\u202etxet", "a\rb\nc", "😀" * 10, "<p>ok</p><img src=x onerror=1>", "x\x01\x1b[31m",
           "\ufeff\u200bzero", "../../etc/passwd", "]]><!--", "&amp;&lt;&#0;"]
hostile = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
cjk = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=12)
LIMITS = (50, 100, 200, 500, 2000, 5000, 20000)
# text a form must accept: not blank, no NUL, at most ``limit`` characters once stripped
allowed = {limit: st.one_of(st.text(min_size=1, max_size=80), st.sampled_from(ALLOWED), cjk).filter(
    lambda text, limit=limit: text.strip() and "\x00" not in text and len(text.strip()) <= limit) for limit in LIMITS}
maybe_allowed = {limit: st.one_of(st.just(""), allowed[limit]) for limit in LIMITS}
bad_text = {limit: st.one_of(hostile, st.sampled_from(["x" * (limit + 1), "王" * (limit + 1)])) for limit in LIMITS}

digits17 = st.from_regex(r"\A[1-6][0-9]{5}(19[5-9][0-9]|20[01][0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}\Z")
valid_id_number = digits17.map(resident_id)
bad_id_number = st.one_of(digits17.map(lambda d: d + ("0" if resident_id(d)[-1] != "0" else "1")),
                          st.from_regex(r"\A[0-9Xx]{15,19}\Z"), hostile)
valid_phone = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
maybe_phone = st.one_of(st.just(""), valid_phone)
bad_phone = st.one_of(st.sampled_from(["call me", "123", "1" * 17, "+", "１３９１２３４５６７８"]), hostile)
email = st.from_regex(r"\A[a-z0-9._%+-]{1,12}@[a-z0-9-]{1,10}\.(cn|com|org)\Z")
junk_key = st.one_of(st.sampled_from(["state", "channel", "petitioner_id", "open311_client_id", "id", "name ",
                                      "csrf_token ", "__proto__", "x" * 300, "王", "a[b]", "\x01"]),
                     st.text(min_size=1, max_size=12))
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), hostile)
json_value = st.one_of(json_scalar, st.lists(json_scalar, max_size=3),
                       st.dictionaries(st.text(max_size=5), json_scalar, max_size=2))
junk_fields = {True: st.dictionaries(junk_key, json_value, max_size=3), False: st.dictionaries(junk_key, hostile,
                                                                                              max_size=3)}
latitude = st.one_of(st.floats(-90, 90), st.floats(-90, 90).map(str), st.just(""))
longitude = st.one_of(st.floats(-180, 180), st.floats(-180, 180).map(str), st.just(""))
bad_coordinate = st.one_of(st.sampled_from([90.0001, -181, "nan", "inf", "-inf", "1e400", "north", "30,1",
                                            float("nan"), 1e400, True, [30.1]]), json_value)
roll = st.integers(0, 9)

# attachments: (file name, content kind); only a PDF or PNG under its own extension is accepted
FILE_CONTENTS = {"pdf": PDF, "png": PNG, "exe": EXE, "empty": b"", "junk": b"\x00\xff" * 40,
                 "big": PDF + b"0" * (MAX_UPLOAD_MB * 1024 * 1024)}
good_file = st.one_of(st.tuples(st.sampled_from(["evidence.pdf", "证据.PDF", "a b.pdf", "<x>.pdf", "😀.pdf"]),
                                st.just("pdf")),
                      st.tuples(st.sampled_from(["photo.png", "现场.png", "..\\..\\photo.PNG"]), st.just("png")))
bad_file = st.tuples(
    st.sampled_from(["evidence.pdf", "photo.png", "run.exe", "x.pdf.exe", "noext", ".pdf", "x.docx", "x.svg",
                     "../../etc/passwd", "a" * 300 + ".pdf", "a\x00.pdf", "\x01.png"]),
    st.sampled_from(["pdf", "png", "exe", "empty", "junk", "big"]))
files = {True: st.lists(good_file, max_size=2), False: st.lists(st.one_of(good_file, bad_file), max_size=MAX_FILES + 1)}
JUNK_JSON = [b"{not json", b"\xff\xfe{}", b"", b"null", b'{"a": NaN', b'{"description": "\\udfff lone surrogate"}',
             b'{"service_code": "\\ud800", "description": "x"}']


def as_number(value):
    """A form value as a number (plain ASCII digits), else None."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 100 else None


def text_refusal(value, limit, required=False):
    """Why this form text must be refused, or None."""
    value = value or ""
    if "\x00" in value:
        return "NUL"
    if required and not value.strip():
        return "blank"
    if len(value.strip()) > limit:
        return "too long"
    return None


def phone_refusal(value):
    value = value or ""
    cleaned = value.strip().replace(" ", "").replace("-", "")
    number = cleaned[1:] if cleaned.startswith("+") else cleaned
    if "\x00" in value or len(value.strip()) > 30 or (
            cleaned and not (number.isascii() and number.isdigit() and 5 <= len(number) <= 16)):
        return "bad phone"
    return None


class ServerErrors(logging.Handler):
    """Collects ERROR records and tracebacks logged anywhere (the test server runs in this process)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        if record.levelno >= logging.ERROR or record.exc_info:
            self.records.append(f"{record.name}: {record.getMessage()[:500]}")


@tagged("post_install", "-at_install")
class TestFuzzHttp(XinfangPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Param = cls.env["ir.config_parameter"].sudo()
        for key, value in {"anonymous_submissions_per_hour": 0, "portal_submissions_per_hour": 0,
                           "portal_max_upload_mb": MAX_UPLOAD_MB, "portal_max_files": MAX_FILES}.items():
            Param.set_param(f"xinfang_petition.{key}", str(value))
        Category = cls.env["xinfang.category"]
        cls.old_category = Category.create({"name": "Retired category", "code": "RETIRED", "active": False})
        cls.category_ids = Category.search([]).ids
        cls.codes = Category.search([("code", "!=", False)]).mapped("code")
        cls.village_ids = (cls.village_a | cls.village_b).ids
        # API clients: two live ones (no rate limit for the fuzz run) and one switched off
        cls.clients = cls.env["xinfang.api.client"].create([
            {"name": "County 12345", "rate_limit": 0}, {"name": "Other system", "rate_limit": 0},
            {"name": "Retired system", "rate_limit": 0}])
        cls.keys = [client.action_generate_key()["context"]["default_key"] for client in cls.clients]
        cls.clients[2].active = False
        # requests already sent by each live client (with personal data), and a petition of the office
        Petition = cls.env["xinfang.petition"]
        cls.sent = {}
        for client, count in zip(cls.clients[:2], (3, 2), strict=False):
            petitions = Petition
            for index in range(count):
                petitioner = cls.env["xinfang.petitioner"].create({"name": "王五", "phone": "13912345678",
                                                                   "email": "wang@example.com"})
                petitions |= Petition._create_online({
                    "channel": "hotline", "nature": "appeal", "category_id": cls.category.id,
                    "subject": f"Street light {index}", "content": "Since May.", "petitioner_id": petitioner.id,
                    "open311_client_id": client.id}, note="setup")[0]
            cls.sent[client.id] = petitions
        cls.sent[cls.clients[0].id][:1].with_user(cls.user_staff).action_reject("Not a matter for petitions.")
        office = Petition.with_user(cls.user_staff).create({
            "subject": "Walk-in", "channel": "visit", "category_id": cls.category.id,
            "petitioner_id": cls.petitioner.id})
        cls.own_ids = cls.sent[cls.clients[0].id].ids
        cls.other_ids = [*cls.sent[cls.clients[1].id].ids, office.id]

        # strategies over this township's records
        other_records = st.sampled_from([cls.old_category.id, cls.unit_land.id, cls.petitioner.id, office.id, 0,
                                         999999999]).map(str)
        digit_junk = st.one_of(other_records, st.sampled_from(["²", "١٢", "9" * 19, "9" * 5000, "-1", " 1", "1.0",
                                                               "0x1"]), hostile)
        cls.st = {
            "nature": st.sampled_from(NATURES),
            "bad nature": st.one_of(st.sampled_from(["APPEAL", "appeal "]), hostile),
            "category": st.sampled_from(cls.category_ids).map(str),
            "village": st.sampled_from(["", *map(str, cls.village_ids)]),
            "digit junk": digit_junk,
            "consent": st.sampled_from(["1", "on", "yes"]),
            "head count": {False: st.integers(1, 4).map(str), True: st.integers(5, 300).map(str)},
            "bad head count": st.one_of(st.sampled_from(["0", "100001", "-5", "5.5", "五"]), digit_junk),
            "id number": st.one_of(valid_id_number, st.just(cls.petitioner_b.id_number)),
            "code": st.one_of(st.sampled_from(cls.codes), st.sampled_from(cls.codes).map(lambda c: f" {c}\t")),
            "bad code": {as_json: st.one_of(st.sampled_from(["NOPE", "RETIRED", "land", "%", "*"]),
                                            json_value if as_json else hostile) for as_json in (True, False)},
            "description": {True: st.one_of(allowed[2000], st.integers()), False: allowed[2000]},
            "bad description": {as_json: st.one_of(json_value if as_json else hostile,
                                                   st.sampled_from(["", " \n\t", "\u3000"]), bad_text[20000])
                                for as_json in (True, False)},
            "address": st.one_of(maybe_allowed[200], st.sampled_from(["East Village, gate", "West Village East"])),
            "media": st.sampled_from(["", "https://example.com/a.jpg"]),
            "any id": st.sampled_from([*cls.own_ids, *cls.other_ids, 0, 2**31, 10**30]),
        }
        cls.st["GET params"] = st.fixed_dictionaries({}, optional={
            "service_request_id": st.one_of(st.lists(cls.st["any id"], min_size=1, max_size=4).map(
                lambda ids: ",".join(map(str, ids))), hostile),
            "service_code": st.one_of(st.sampled_from([*cls.codes, "NOPE", ",,"]), hostile),
            "status": st.one_of(st.sampled_from(["open", "closed", "open,closed", "OPEN", "pending"]), hostile),
            "start_date": st.one_of(st.datetimes().map(lambda d: d.isoformat()), st.sampled_from(
                ["2000-01-01T00:00:00+08:00", "0001-01-01", "9999-12-31T23:59:59-14:00", "2026-02-30", "yesterday"]),
                hostile),
            "end_date": st.one_of(st.dates().map(str), st.just("0001-01-01T00:00:00+14:00"), hostile),
            "junk": hostile,
        })
        cls.st["wrong key"] = st.sampled_from([cls.keys[0][:-1] + "!", "x" * 40, "\x01" * 20])

    def setUp(self):
        super().setUp()
        # one session per caller, reused by every example: None is the anonymous visitor
        self.sessions = {}
        for login in (None, "xf_portal_a", "xf_portal_c"):
            self.session = None  # authenticate() would delete the previous session
            self.authenticate(login, login)
            self.sessions[login] = (self.session, self.opener, self.csrf())
        # render the forms once: asset bundles are generated here, not in the examples
        for login, url in ((None, "/xinfang/accusation"), ("xf_portal_a", "/my/petitions/new")):
            self.use(login)
            self.assertEqual(self.url_open(url).status_code, 200)
        self.server_errors = ServerErrors()
        logging.getLogger().addHandler(self.server_errors)
        self.addCleanup(logging.getLogger().removeHandler, self.server_errors)

    def use(self, login):
        self.session, self.opener, token = self.sessions[login]
        return token

    def counts(self):
        [row] = self.env.execute_query(SQL("""
            SELECT (SELECT count(*) FROM xinfang_petition), (SELECT count(*) FROM xinfang_petitioner),
                   (SELECT count(*) FROM ir_attachment WHERE url IS NULL OR url NOT LIKE '/web/assets/%%')"""))
        return dict(zip(("petition", "petitioner", "attachment"), row, strict=True))

    def exchange(self, send, check):
        """Send one payload inside a savepoint: no server error, then ``check(response, created)``."""
        before = self.counts()
        savepoint = self.env.cr.savepoint()
        try:
            self.server_errors.records.clear()
            response = send()
            self.assertLess(response.status_code, 500, response.text[:1000])
            self.assertFalse(self.server_errors.records, "no error in the server log")
            after = self.counts()
            check(response, {key: after[key] - before[key] for key in before})
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    def newest_petition(self):
        return self.env["xinfang.petition"].sudo().with_context(active_test=False).search(
            [], order="id desc", limit=1)

    def draw(self, data, key, valid, good, bad):
        """A field value: ``good`` in a valid payload, else good (half the time), bad or absent (None)."""
        if valid:
            return data.draw(good, label=key)
        chance = data.draw(roll, label=f"{key}?")
        if chance < 5:
            return data.draw(good, label=key)
        return data.draw(bad, label=key) if chance < 9 else None

    # ------------------------------------------------------------------------------------------------------
    # portal forms
    # ------------------------------------------------------------------------------------------------------
    def form_payload(self, data, anonymous, needs_identity):
        """(form fields, files, reasons the payload must be refused, whether it was built valid)."""
        valid = data.draw(st.integers(0, 7), label="valid") == 0
        s = self.st
        form = {
            "nature": None if anonymous else self.draw(data, "nature", valid, s["nature"], s["bad nature"]),
            "category_id": self.draw(data, "category_id", valid, s["category"], s["digit junk"]),
            "village_id": self.draw(data, "village_id", valid, s["village"], s["digit junk"]),
            "subject": self.draw(data, "subject", valid, allowed[200], bad_text[200]),
            "content": self.draw(data, "content", valid, allowed[20000], bad_text[20000]),
            "request": self.draw(data, "request", valid, maybe_allowed[5000], bad_text[5000]),
            "consent": self.draw(data, "consent", valid, s["consent"], st.just("")),
        }
        if not anonymous:
            collective = data.draw(st.booleans(), label="collective")
            form["head_count"] = self.draw(data, "head_count", valid, s["head count"][collective],
                                           s["bad head count"])
            if needs_identity:
                form.update({
                    "name": self.draw(data, "name", valid, allowed[100], bad_text[100]),
                    "id_number": self.draw(data, "id_number", valid, s["id number"], bad_id_number),
                    "phone": self.draw(data, "phone", valid, maybe_phone, bad_phone),
                    "address": self.draw(data, "address", valid, maybe_allowed[200], bad_text[200]),
                })
            representatives = data.draw(st.integers(0, 5 if collective or not valid else 0), label="representatives")
            for index in range(1, representatives + 1):
                form[f"rep_name_{index}"] = self.draw(data, "rep_name", valid, allowed[100], bad_text[100])
                form[f"rep_id_{index}"] = self.draw(data, "rep_id", valid, st.one_of(st.just(""), valid_id_number),
                                                    bad_id_number)
                form[f"rep_phone_{index}"] = self.draw(data, "rep_phone", valid, maybe_phone, bad_phone)
        form = {key: value for key, value in form.items() if value is not None}
        if not valid:
            junk = data.draw(junk_fields[False], label="junk")
            form.update({key: value for key, value in junk.items() if key not in form})
        attached = data.draw(files[valid], label="files")
        return form, attached, self.form_refusals(form, attached, anonymous, needs_identity), valid

    def form_refusals(self, form, attached, anonymous, needs_identity):
        """Reasons the rules give to refuse this payload (those this test can tell without the server)."""
        reasons = []
        for key, limit, required in (("subject", 200, True), ("content", 20000, True), ("request", 5000, False)):
            if reason := text_refusal(form.get(key), limit, required):
                reasons.append(f"{key}: {reason}")
        if not form.get("consent"):
            reasons.append("no consent")
        if not anonymous and form.get("nature") not in NATURES:
            reasons.append("nature")
        if as_number(form.get("category_id")) not in self.category_ids:
            reasons.append("category")
        village = as_number(form.get("village_id"))
        if village and village not in self.village_ids:
            reasons.append("village")
        if not anonymous:
            head_count = as_number(form.get("head_count") or "1")
            if head_count is None or not 1 <= head_count <= 100000:
                reasons.append("head count")
            rows = 0
            for index in range(1, 6):
                name, number, phone = (form.get(f"rep_{part}_{index}") or "" for part in ("name", "id", "phone"))
                if not (name.strip() or number.strip() or phone.strip()):
                    continue
                rows += 1
                if reason := text_refusal(name, 100, True):
                    reasons.append(f"representative name: {reason}")
                if reason := phone_refusal(phone):
                    reasons.append(f"representative {reason}")
            if rows and head_count is not None and head_count < 5:
                reasons.append("representatives of fewer than 5 people")
            if needs_identity:
                if reason := text_refusal(form.get("name"), 100, True):
                    reasons.append(f"name: {reason}")
                if not (form.get("id_number") or "").strip():
                    reasons.append("no resident ID")
                if reason := phone_refusal(form.get("phone")):
                    reasons.append(reason)
                if reason := text_refusal(form.get("address"), 200):
                    reasons.append(f"address: {reason}")
        named = [(name, kind) for name, kind in attached if name]
        if len(named) > MAX_FILES:
            reasons.append("too many files")
        for name, kind in named:
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if extension not in UPLOAD_EXTENSIONS or kind != extension:
                reasons.append(f"file {name[:20]!r} ({kind})")
        return reasons

    def send_form(self, data, url, login, anonymous, needs_identity):
        token = self.use(login)
        form, attached, reasons, valid = self.form_payload(data, anonymous, needs_identity)
        transport = "form" if valid else data.draw(st.sampled_from(
            ["form"] * 12 + ["no csrf", "bad csrf", "json", "text"]), label="transport")
        bad_token = token[:-1] + ("0" if token[-1] != "0" else "1")  # a token ending in 0 stayed valid
        fields = [("csrf_token", token if transport != "bad csrf" else bad_token), *form.items()]
        if transport == "no csrf":
            fields = fields[1:]
        parts = [("attachments", (name, FILE_CONTENTS[kind], "application/octet-stream")) for name, kind in attached]

        def send():
            if transport == "json":
                return self.url_open(url, json=dict(fields), allow_redirects=False)
            if transport == "text":
                return self.url_open(url, data=json.dumps(dict(fields)).encode(), allow_redirects=False,
                                     headers={"Content-Type": "text/plain"})
            return self.url_open(url, data=fields, files=parts or None, allow_redirects=False)

        def check(response, created):
            if transport != "form":
                self.assertEqual(response.status_code, 400, "no valid CSRF token: Odoo's 400")
                self.assertEqual(created, NOTHING)
            elif response.status_code == 303:
                self.assertFalse(reasons, f"accepted although: {reasons}")
                self.check_filed(response, created, form, attached, login, anonymous)
            else:
                self.assertFalse(valid, f"a valid payload is accepted: {response.status_code} "
                                        f"{self.form_errors(response)}")
                self.assertEqual(response.status_code, 400, response.text[:500])
                self.assertIn("o_xf_form_errors", response.text, "the form comes back with its errors")
                self.assertEqual(created, NOTHING, "nothing is created")

        self.exchange(send, check)

    def form_errors(self, response):
        match = re.search(r"o_xf_form_errors.*?</div>", response.text, re.S)
        return re.sub(r"<[^>]+>|\s+", " ", match.group(0))[:500] if match else response.text[:300]

    def check_filed(self, response, created, form, attached, login, anonymous):
        petition = self.newest_petition()
        location = response.headers["Location"]
        if anonymous:
            self.assertTrue(location.endswith("/xinfang/accusation/received"), location)
        else:
            self.assertRegex(location, rf"/my/petitions/{petition.id}\?submitted=1$")
        self.assertEqual(created["petition"], 1, "exactly one petition")
        self.assertEqual(created["attachment"], len([name for name, _kind in attached if name]), "with its files")
        people = 0 if anonymous else (login == "xf_portal_c") + sum(
            1 for index in range(1, 6) if (form.get(f"rep_name_{index}") or "").strip())
        self.assertLessEqual(created["petitioner"], people, "no one but the people named")
        nature = "accusation" if anonymous else form["nature"]
        self.assertRecordValues(petition, [{
            "channel": "online", "nature": nature, "category_id": int(form["category_id"]),
            "subject": form["subject"].strip(), "content": form["content"].strip(),
            "head_count": int(form.get("head_count") or 1),
        }])
        filer = petition.petitioner_id | petition.accuser_id
        if anonymous:
            self.assertFalse(filer, "an anonymous accuser is nobody")
        else:
            self.assertEqual(filer.user_id.login, login, "the filer is the signed-in user")
            self.assertEqual(bool(petition.accuser_id), nature == "accusation")

    @fuzz(400)
    @given(data=st.data())
    def test_portal_form_with_a_petitioner(self, data):
        """A portal user already linked to a petitioner (the form asks no identity)."""
        self.send_form(data, "/my/petitions/new", "xf_portal_a", anonymous=False, needs_identity=False)

    @fuzz(400)
    @given(data=st.data())
    def test_portal_form_new_petitioner(self, data):
        """A portal user filing for the first time: name and resident ID on the form."""
        self.send_form(data, "/my/petitions/new", "xf_portal_c", anonymous=False, needs_identity=True)

    @fuzz(400)
    @given(data=st.data())
    def test_anonymous_accusation(self, data):
        self.send_form(data, "/xinfang/accusation", None, anonymous=True, needs_identity=False)

    def test_portal_throttle_still_refuses(self):
        """The per-user limit switched off for the fuzz run refuses when set (anonymous and API limits:
        test_portal.py and test_open311.py)."""
        self.env["ir.config_parameter"].sudo().set_param("xinfang_petition.portal_submissions_per_hour", "2")
        self.authenticate("xf_portal_a", "xf_portal_a")
        for subject in ("First", "Second"):
            response = self.url_open("/my/petitions/new", data=self.petition_form(subject=subject),
                                     allow_redirects=False)
            self.assertEqual(response.status_code, 303)
        before = self.count()
        response = self.url_open("/my/petitions/new", data=self.petition_form(subject="Third"), allow_redirects=False)
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many submissions", response.text)
        self.assertEqual(self.count(), before)
        self.authenticate("xf_portal_c", "xf_portal_c")  # another user has their own count
        response = self.url_open("/my/petitions/new", allow_redirects=False, data=self.petition_form(
            subject="Fourth", name="王五", id_number=resident_id("11010519800101123")))
        self.assertEqual(response.status_code, 303)

    # ------------------------------------------------------------------------------------------------------
    # Open311
    # ------------------------------------------------------------------------------------------------------
    def assert_api_error(self, response, fmt):
        self.assertGreaterEqual(response.status_code, 400)
        if fmt == "xml":
            root = ElementTree.fromstring(response.content)
            self.assertEqual(root.tag, "errors")
            code, description = root.findtext("error/code"), root.findtext("error/description")
        else:
            self.assertTrue(response.headers["Content-Type"].startswith("application/json"), response.text[:300])
            [error] = response.json()
            code, description = error["code"], error["description"]
        self.assertEqual(int(code), response.status_code)
        self.assertTrue(isinstance(description, str) and description.strip(), "the error says what is wrong")

    def parse(self, response, fmt):
        """Rows of a 2xx answer."""
        if fmt == "xml":
            return [{node.tag: node.text for node in item} for item in ElementTree.fromstring(response.content)]
        self.assertTrue(response.headers["Content-Type"].startswith("application/json"))
        rows = response.json()
        self.assertIsInstance(rows, list)
        return rows

    def request_payload(self, data):
        """(fields, sent as JSON, reasons for refusal, whether it was built valid)."""
        valid = data.draw(st.integers(0, 9), label="valid") == 0
        as_json = data.draw(st.booleans(), label="as_json")
        s, wrong_type = self.st, json_value if as_json else hostile
        fields = {
            "service_code": self.draw(data, "service_code", valid, s["code"], s["bad code"][as_json]),
            "description": self.draw(data, "description", valid, s["description"][as_json],
                                     s["bad description"][as_json]),
            "first_name": self.draw(data, "first_name", valid, maybe_allowed[50], st.one_of(wrong_type, bad_text[50])),
            "last_name": self.draw(data, "last_name", valid, st.one_of(st.just(""), cjk), wrong_type),
            "email": self.draw(data, "email", valid, st.one_of(st.just(""), email), st.one_of(
                st.sampled_from(["not-an-email", "a@b", "a@b.c", "@x.cn"]), wrong_type)),
            "phone": self.draw(data, "phone", valid, maybe_phone, bad_phone),
            "address_string": self.draw(data, "address_string", valid, s["address"],
                                        st.one_of(wrong_type, bad_text[200])),
            "media_url": self.draw(data, "media_url", valid, s["media"], st.one_of(wrong_type, bad_text[500])),
            "lat": self.draw(data, "lat", valid, latitude, bad_coordinate),
            "long": self.draw(data, "long", valid, longitude, bad_coordinate),
        }
        fields = {key: value for key, value in fields.items() if value is not None}
        if valid and (fields["lat"] == "") != (fields["long"] == ""):
            fields["lat"] = fields["long"] = ""  # a valid request sends both coordinates or neither
        if valid and fields["lat"] == "" and not fields["address_string"].strip():
            fields["address_string"] = "East Village, gate"  # and a location (GeoReport v2)
        if not valid:
            junk = data.draw(junk_fields[as_json], label="junk")
            fields.update({key: value for key, value in junk.items() if key not in fields})
        if not as_json:
            fields = form_text(fields)
        return fields, as_json, self.request_refusals(fields), valid

    def request_refusals(self, fields):
        reasons = []
        code = fields.get("service_code")
        if not (isinstance(code, (str, int, float)) and not isinstance(code, bool) and str(code).strip() in self.codes):
            reasons.append("service_code")
        description = fields.get("description")
        if isinstance(description, bool) or not isinstance(description, (str, int, float)) or \
                not str(description).strip():
            reasons.append("description")
        for key, bound in (("lat", 90), ("long", 180)):
            value = fields.get(key)
            if value in (None, ""):
                continue
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = None
            if number is None or not -bound <= number <= bound:
                reasons.append(key)
        located = {key: fields.get(key) not in (None, "") for key in ("lat", "long")}
        address = fields.get("address_string")
        if located["lat"] != located["long"]:
            reasons.append("lat without long")
        elif not located["lat"] and not fields.get("address_id") and not (
                isinstance(address, (str, int, float)) and not isinstance(address, bool) and str(address).strip()):
            reasons.append("location")
        for key, value in fields.items():
            if isinstance(value, str) and "\x00" in value:
                reasons.append(f"NUL in {key[:20]}")
        return reasons

    @fuzz(2500)
    @given(data=st.data())
    def test_open311_post_requests(self, data):
        self.use(None)
        fields, as_json, reasons, valid = self.request_payload(data)
        fmt = data.draw(st.sampled_from(["json", "xml"]), label="fmt")
        key_index = self.draw(data, "key", valid, st.sampled_from([0, 0, 1]), st.sampled_from([2, "wrong", "short"]))
        key = self.keys[key_index] if isinstance(key_index, int) else (
            self.keys[0][:-2] + "xx" if key_index == "wrong" else "short")
        where = data.draw(st.sampled_from(["query", "body", "header"]), label="key in")
        transport = "json" if as_json else "form"
        if not valid:
            transport = data.draw(st.sampled_from([transport] * 6 + [
                "multipart", "junk json", "json array", "text/plain", "oversized"]), label="transport")
        if transport == "multipart" and as_json:
            # values drawn for JSON travel as their JSON text in a form: false is the text "false" there
            fields = form_text(fields)
            reasons = self.request_refusals(fields)
        headers, params, body = {}, {}, dict(fields)
        if key_index is not None:
            if where == "header":
                headers["X-Api-Key"] = key
            elif where == "query" or transport in ("junk json", "json array", "text/plain"):
                params["api_key"] = key
            else:
                body["api_key"] = key
        junk_body = data.draw(st.sampled_from([*JUNK_JSON, json.dumps(body).encode()[:-1]]), label="junk json")
        if transport == "oversized":
            body["description"] = "x" * 70000
        # The status the rules require, when one is certain: the body is read first (size, JSON), NUL
        # characters are refused next (a text/plain body is not read), then the key is checked.
        small = len(json.dumps(body, ensure_ascii=False).encode()) * 3 < 60000
        nul = transport != "text/plain" and any(reason.startswith("NUL") for reason in reasons)
        must = None
        if transport == "oversized":
            must = 413
        elif small and (nul or transport in ("junk json", "json array")):
            must = 400
        elif small and key_index is None:
            must = 401
        elif small and key_index not in (0, 1):
            must = 403
        url = f"/open311/v2/requests.{fmt}"
        kwargs = {"params": params, "allow_redirects": False}
        json_headers = {**headers, "Content-Type": "application/json"}

        def send():
            if transport == "json":
                return self.url_open(url, data=json.dumps(body), headers=json_headers, **kwargs)
            if transport == "junk json":
                return self.url_open(url, data=junk_body, method="POST", headers=json_headers, **kwargs)
            if transport == "json array":
                return self.url_open(url, data=json.dumps([body]), headers=json_headers, **kwargs)
            if transport == "text/plain":
                return self.url_open(url, data=json.dumps(body).encode(), **kwargs,
                                     headers={**headers, "Content-Type": "text/plain"})
            text_body = form_text(body)
            media = [("media", ("a.png", PNG, "image/png"))] if transport == "multipart" else None
            return self.url_open(url, data=text_body, files=media, headers=headers, **kwargs)

        def check(response, created):
            if response.status_code == 201:
                self.assertFalse(reasons or must or transport == "text/plain",
                                 f"accepted although: {reasons} {must} {transport}")
                self.check_created(response, created, fmt, fields, self.clients[key_index])
                return
            self.assertFalse(valid, f"a valid request is accepted: {response.status_code} {response.text[:500]}")
            if must:
                self.assertEqual(response.status_code, must, response.text[:500])
            self.assert_api_error(response, fmt)
            self.assertEqual(created, NOTHING, "nothing is created")

        self.exchange(send, check)

    def check_created(self, response, created, fmt, fields, client):
        self.assertEqual(created["petition"], 1, "exactly one petition")
        self.assertEqual(created["attachment"], 0)
        named = any(fields.get(key) not in (None, "") and str(fields[key]).strip()
                    for key in ("first_name", "last_name"))
        self.assertEqual(created["petitioner"], int(named), "a petitioner only for a name")
        petition = self.newest_petition()
        [row] = self.parse(response, fmt)
        self.assertEqual(row["service_request_id"], str(petition.id))
        self.assertRecordValues(petition, [{"channel": "hotline", "nature": "appeal",
                                            "open311_client_id": client.id}])
        self.assertEqual(petition.category_id.code, str(fields["service_code"]).strip())
        self.assertIn(petition.state, ("draft", "to_accept"), "junk fields do not move the workflow")

    @fuzz(1300)
    @given(data=st.data())
    def test_open311_get_requests(self, data):
        self.use(None)
        fmt = data.draw(st.sampled_from(["json", "xml"]), label="fmt")
        key_index = data.draw(st.sampled_from([0, 0, 0, 1, 2, None, "wrong"]), label="key")
        key = self.keys[key_index] if isinstance(key_index, int) else (
            None if key_index is None else data.draw(self.st["wrong key"], label="wrong key"))
        params = data.draw(self.st["GET params"], label="params")
        detail = data.draw(st.one_of(st.none(), self.st["any id"]), label="detail id")
        services = data.draw(st.integers(0, 19), label="services") == 0
        where = data.draw(st.sampled_from(["query", "header"]), label="key in")
        headers = {}
        if key is not None:
            if where == "header" and "\x01" not in key:
                headers["X-Api-Key"] = key
            else:
                params["api_key"] = key
        path = "services" if services else "requests" if detail is None else f"requests/{detail}"
        url = f"/open311/v2/{path}.{fmt}"
        readable = set(map(str, self.sent[self.clients[key_index].id].ids)) if key_index in (0, 1) else set()
        nul = any("\x00" in value for value in params.values())

        def check(response, created):
            self.assertEqual(created, NOTHING, "reading creates nothing")
            if services:
                self.assertEqual(response.status_code, 200)
                rows = self.parse(response, fmt)
                self.assertTrue(rows and all(set(row) == SERVICE_FIELDS for row in rows))
                return
            if response.status_code != 200:
                self.assert_api_error(response, fmt)
                if nul:
                    self.assertEqual(response.status_code, 400, "NUL is refused")
                elif key_index is None:
                    self.assertEqual(response.status_code, 401)
                elif key_index not in (0, 1):
                    self.assertIn(response.status_code, (400, 403))
                elif detail is not None and str(detail) not in readable:
                    self.assertEqual(response.status_code, 404)
                return
            self.assertIn(key_index, (0, 1), "requests are read with a valid key")
            rows = self.parse(response, fmt)
            for row in rows:
                self.assertEqual(set(row), REQUEST_FIELDS)
                self.assertIn(row["service_request_id"], readable, "a client sees only the requests it sent")
            if detail is not None:
                self.assertEqual([row["service_request_id"] for row in rows], [str(detail)])
            for personal in PERSONAL:
                self.assertNotIn(personal, response.text)

        self.exchange(lambda: self.url_open(url, params=params, headers=headers, allow_redirects=False), check)
