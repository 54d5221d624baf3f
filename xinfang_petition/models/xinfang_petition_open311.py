"""Open311 GeoReport v2: what an API client may create and read. ``controllers/open311.py`` only parses
the HTTP request, calls these methods and writes the answer."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import single_email_re

from ..rules import FINISHED_STATES
from .res_company import township_tz_name
from .xinfang_category import ID_NUMBER_ATTRIBUTE

DEFAULT_DAYS = 90
MAX_RESULTS = 1000
SUBJECT_CHARS = 60


class XinfangPetitionOpen311(models.AbstractModel):
    """Petitions received through the Open311 GeoReport v2 API (the 12345 platform and other systems)."""

    _name = "xinfang.petition.open311"
    _description = "Petition Open311 Requests"

    open311_client_id = fields.Many2one(
        "xinfang.api.client", string="Received Through API", readonly=True, copy=False,
        index="btree_not_null", ondelete="restrict", groups="xinfang_petition.group_xinfang_director",
    )

    @api.model
    def _open311_lang(self, requested):
        """The language of an answer (error descriptions, status notes, service names): ``requested`` (the
        client's Accept-Language) when it is installed, else the township's, the language of the company.
        A platform that sends no Accept-Language (the county 12345 hotline's) reads the office's Chinese,
        not Odoo's default English."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        if requested in installed:
            return requested
        # sudo-safe: reads the language of the current company's partner, nothing else (the public user of
        # an Open311 call has no read access to companies).
        company_lang = self.env.company.sudo().partner_id.lang
        return company_lang if company_lang in installed else self.env.lang

    # ------------------------------------------------------------------------------------------
    # POST requests
    # ------------------------------------------------------------------------------------------
    @api.model
    def _create_from_open311(self, client, request):
        """Create the petition of a service request POSTed by ``client``; nothing is created unless
        every value is valid.

        :param request: parsed values: ``service_code``, ``description`` (required), ``first_name``,
            ``last_name``, ``email``, ``phone``, ``address_string``, ``address_id``, ``lat``, ``long``
            (floats), ``media_url``, ``attributes`` (dict, code -> value)
        :return: the petition (sudo); registered when a name and a phone or e-mail were given, else a
            draft for the office to complete
        :raise UserError: an invalid e-mail address, an unknown service code, no location, invalid contact data
        """
        if request.get("email") and not single_email_re.match(request["email"]):
            raise UserError(self.env._("email is not a valid e-mail address."))
        category = self.env["xinfang.category"]._open311_categories(request["service_code"])
        if not category:
            raise UserError(self.env._("Unknown service_code %(code)s.", code=request["service_code"]))
        lat, lon = request.get("lat"), request.get("long")
        if (lat is None) != (lon is None):
            raise UserError(self.env._("lat and long go together: send both or neither."))
        if lat is None and not request.get("address_string") and not request.get("address_id"):
            raise UserError(self.env._("A location is required: lat and long, address_string or address_id."))
        # No person's clock here: dates (registration, deadlines) fall on the township's day.
        Petition = self._online_intake_env()
        intake = Petition.with_context(tz=township_tz_name(Petition.env))
        petitioner, complete = intake._open311_petitioner(request)
        vals = intake._open311_petition_vals(category, request)
        vals.update(petitioner_id=petitioner.id, open311_client_id=client.id)
        note = self.env._("Received through the Open311 API from %(client)s.", client=client.name)
        petition, _draft_reason = intake._create_online(vals, note=note, register=complete)
        return petition

    @api.model
    def _open311_petitioner(self, request):
        """The petitioner of a request (found or created) and whether the contact data suffice to
        register: a name and a phone or e-mail. Called in the intake environment."""
        first, last = request.get("first_name") or "", request.get("last_name") or ""
        # Chinese names are family name first, without a space; Latin ones "first last".
        chinese = any("\u3400" <= char <= "\u9fff" for char in first + last)
        name = f"{last}{first}" if chinese else " ".join(filter(None, (first, last)))
        if not name:
            return self.env["xinfang.petitioner"], False
        id_number = (request.get("attributes") or {}).get(ID_NUMBER_ATTRIBUTE) or False
        petitioner = self.env["xinfang.petitioner"]._find_or_create_for_intake(
            name, phone=request.get("phone"), email=request.get("email"), id_number=id_number)
        return petitioner, bool(request.get("phone") or request.get("email"))

    @api.model
    def _open311_petition_vals(self, category, request):
        """Petition values of a request: a 12345 hotline appeal; the first line of the description is
        the subject, the location and media go into the facts."""
        description = request["description"]
        subject = description.strip().splitlines()[0].strip()
        if len(subject) > SUBJECT_CHARS:
            subject = subject[:SUBJECT_CHARS - 1] + "…"
        address = request.get("address_string") or ""
        lines = [description]
        if address:
            lines.append(self.env._("Location: %(address)s", address=address))
        if request.get("address_id"):
            lines.append(self.env._("Address ID: %(id)s", id=request["address_id"]))
        if request.get("lat") is not None:
            lines.append(self.env._("Coordinates: %(lat)s, %(long)s", lat=request["lat"], long=request["long"]))
        if request.get("media_url"):
            lines.append(self.env._("Media: %(url)s", url=request["media_url"]))
        # sudo-safe: village names are public reference data, matched against the address sent.
        villages = self.env["hr.department"].sudo().search([("xinfang_unit_type", "=", "village")])
        village = villages.filtered(lambda v: address and v.name in address)
        return {
            "channel": "hotline",
            "nature": "appeal",
            "category_id": category.id,
            "subject": subject,
            "content": "\n".join(lines),
            "village_id": village.id if len(village) == 1 else False,
        }

    # ------------------------------------------------------------------------------------------
    # GET requests
    # ------------------------------------------------------------------------------------------
    @api.model
    def _open311_search(self, client, ids=None, codes=None, statuses=None, start=None, end=None):
        """The requests ``client`` sent, filtered as GeoReport v2 says (naive UTC datetimes). Without ids
        nor dates, the last 90 days.

        sudo-safe: the API has no user; the search is scoped by ``open311_client_id`` to the client
        authenticated by its key, so a system never reads another's requests nor other channels'.
        """
        if start and end and end < start:
            raise UserError(self.env._("end_date is before start_date."))
        domain = [("open311_client_id", "=", client.id)]
        if ids is not None:
            domain.append(("id", "in", ids))
        if codes:
            domain.append(("category_id.code", "in", codes))
        if statuses == {"open"}:
            domain.append(("state", "not in", FINISHED_STATES))
        elif statuses == {"closed"}:
            domain.append(("state", "in", FINISHED_STATES))
        if ids is None and not start and not end:
            start = fields.Datetime.now() - timedelta(days=DEFAULT_DAYS)
        if start:
            domain.append(("create_date", ">=", start))
        if end:
            domain.append(("create_date", "<=", end))
        return self.sudo().with_context(active_test=False).search(
            domain, limit=MAX_RESULTS, order="create_date desc, id desc")

    def _open311_serialize(self, tz):
        """A petition as a GeoReport v2 service request: the spec's fields, and no personal data (the
        petitioner, the facts and the handler stay in the office)."""
        self.ensure_one()
        closed = self.state in FINISHED_STATES
        deadline = self.current_deadline
        return {
            "service_request_id": str(self.id),
            "status": "closed" if closed else "open",
            "status_notes": self._open311_status_notes(),
            "service_name": self.category_id.name,
            "service_code": self.category_id.code or "",
            # The first line of the description only (the subject): the facts stay in the office.
            "description": self.subject,
            "agency_responsible": self.lead_unit_id.name or self.company_id.name,
            "service_notice": self._open311_service_notice(),
            "requested_datetime": _iso(self.create_date, tz),
            "updated_datetime": _iso(self.write_date, tz),
            # the end of the last day of the current clock, in the township's time zone
            "expected_datetime": None if closed or not deadline
            else tz.localize(datetime.combine(deadline, time(23, 59, 59))).isoformat(timespec="seconds"),
            "address": self.village_id.name or None,
            "address_id": None,
            "zipcode": None,
            "lat": None,
            "long": None,
            "media_url": None,
        }

    def _open311_created(self, tz):
        """The answer to a POST: the id and what happens next."""
        self.ensure_one()
        return {
            "service_request_id": str(self.id),
            "service_notice": self._open311_service_notice() or self._open311_status_notes(),
            "account_id": None,
            "requested_datetime": _iso(self.create_date, tz),
        }

    def _open311_status_notes(self):
        notes = {
            "draft": self.env._(
                "Received; the petition office completes the registration (contact details incomplete)."),
            "to_accept": self.env._("Registered; deciding on acceptance."),
            "accepted": self.env._("Accepted on %(date)s.", date=self.accept_date),
            "handling": self.env._("Being handled."),
            "replied": self.env._("Replied on %(date)s.", date=self.reply_date),
            "closed": self.env._("Closed."),
            "rejected": self.env._("Not accepted; a written notice was issued."),
            "redirected": self.env._(
                "Directed to another statutory route; a written notice was issued."),
            "review": self.env._("Under review."),
            "re_review": self.env._("Under re-review."),
            "final": self.env._("Concluded after re-review."),
        }
        return notes.get(self.state, "")

    def _open311_service_notice(self):
        if self.state == "to_accept" and self.acceptance_deadline:
            return self.env._(
                "Acceptance decision due by %(date)s.", date=self.acceptance_deadline)
        if self.state in ("accepted", "handling") and self.handling_deadline:
            return self.env._("Answer due by %(date)s.", date=self.handling_deadline)
        if self.state in ("review", "re_review") and self.current_deadline:
            return self.env._("Decision due by %(date)s.", date=self.current_deadline)
        return ""


def _iso(moment, tz):
    """A naive UTC datetime as ISO 8601 with the offset of ``tz``."""
    return pytz.utc.localize(moment).astimezone(tz).isoformat(timespec="seconds") if moment else None
