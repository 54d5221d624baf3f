import functools
import itertools
import os

import stdnum
from pypinyin import Style, pinyin
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import plaintext2html

from .xinfang_workflow_state import CONFIDENTIAL as CONFIDENTIAL_GROUP

MAX_PINYIN_VARIANTS = 16  # heteronym combinations kept per name (曾乐乐 has 2x4x4)


@functools.cache
def _division_codes():
    """stdnum's table of Chinese administrative division codes.

    Read from the file directly: stdnum opens it through importlib.resources, which Odoo's import
    hook breaks ("Can't open orphan path").
    """
    path = os.path.join(os.path.dirname(stdnum.__file__), "cn", "loc.dat")
    with open(path, encoding="utf-8") as handle:
        return numdb.read(handle)


def known_division(number):
    """Whether the first six digits of a resident ID are a known division code."""
    return bool(_division_codes().info(number[:6])[0][1])


def mask_id_number(number):
    """1101**********123X: keep the division code's first 4 and the last 4 characters."""
    if not number:
        return number
    return number[:4] + "*" * max(len(number) - 8, 0) + number[-4:]


def mask_phone(phone):
    if not phone:
        return phone
    digits = phone.strip()
    return digits[:3] + "*" * max(len(digits) - 7, 0) + digits[-4:] if len(digits) > 7 else "*" * len(digits)


def name_pinyin(name):
    """Every pinyin reading of a name (heteronyms included), full and initials, space-separated."""
    if not name:
        return False
    full = pinyin(name, style=Style.NORMAL, heteronym=True, errors="ignore")
    initials = pinyin(name, style=Style.FIRST_LETTER, heteronym=True, errors="ignore")
    variants = set()
    for readings in (full, initials):
        for combo in itertools.islice(itertools.product(*readings), MAX_PINYIN_VARIANTS):
            variants.add("".join(combo))
    return " ".join(sorted(variants)) or False


def refuse_nul(env, vals):
    """PostgreSQL cannot store NUL characters in text: refuse them as bad input, not a server error."""
    for value in vals.values():
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(env._("Text cannot contain NUL characters."))


class XinfangPetitioner(models.Model):
    """A person who petitions. Kept out of res.partner, which every internal user can read."""

    _name = "xinfang.petitioner"
    _description = "Petitioner"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, index="trigram", tracking=True)
    # Each township (company) keeps its own register: a person who petitions in two townships has a
    # record in each, matched across them by ID number only by the repeat check (which runs as sudo).
    company_id = fields.Many2one(
        "res.company", string="Registering Township", required=True, index=True, default=lambda self: self.env.company,
        help="The township (company) whose register holds this person; only its users read the record.",
    )
    name_pinyin = fields.Char(
        string="Pinyin", compute="_compute_name_pinyin", store=True, index="trigram",
        help="All readings of the name, for searching by pinyin or initials.",
    )
    id_number = fields.Char(string="Resident ID Number", index="trigram", copy=False)
    id_number_masked = fields.Char(string="ID Number (masked)", compute="_compute_masked")
    id_number_warning = fields.Char(compute="_compute_id_number_warning")
    phone = fields.Char(index="trigram")
    phone_masked = fields.Char(string="Phone (masked)", compute="_compute_masked")
    address = fields.Char()
    email = fields.Char(help="Given with an online or 12345 submission; used to contact the petitioner.")
    gender = fields.Selection([("male", "Male"), ("female", "Female")], compute="_compute_from_id", store=True)
    birth_date = fields.Date(compute="_compute_from_id", store=True)
    village_id = fields.Many2one(
        "hr.department", domain="[('xinfang_unit_type', '=', 'village')]", index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Portal User", index="btree_not_null", ondelete="set null",
        help="The portal account this person files online petitions with.",
    )
    confidential = fields.Boolean(
        readonly=True, copy=False, index=True,
        help="Set when this person accused someone: only discipline inspection may see them.",
    )
    active = fields.Boolean(default=True)
    # the petitions a person brought or represents: a handler reads the people of the own unit's ones
    petition_ids = fields.One2many("xinfang.petition", "petitioner_id", string="Petitions", readonly=True)
    represented_petition_ids = fields.Many2many(
        "xinfang.petition", "xinfang_petition_representative_rel", "petitioner_id", "petition_id",
        string="Represented Petitions", readonly=True,
    )

    _id_number_uniq = models.UniqueIndex(
        "(id_number, company_id) WHERE id_number IS NOT NULL AND active",
        "A petitioner with this ID number is already in this township's register.",
    )

    @api.depends("name")
    def _compute_name_pinyin(self):
        for petitioner in self:
            petitioner.name_pinyin = name_pinyin(petitioner.name)

    @api.depends("id_number", "phone")
    @api.depends_context("uid")
    def _compute_masked(self):
        for petitioner in self:
            petitioner.id_number_masked = mask_id_number(petitioner.id_number)
            petitioner.phone_masked = mask_phone(petitioner.phone)

    @api.depends("id_number")
    def _compute_from_id(self):
        for petitioner in self:
            number = petitioner.id_number
            if number and self._id_checksum_ok(number):
                petitioner.birth_date = ric.get_birth_date(number)
                petitioner.gender = "male" if int(number[16]) % 2 else "female"
            else:
                petitioner.birth_date = False
                petitioner.gender = False

    @api.depends("id_number")
    def _compute_id_number_warning(self):
        for petitioner in self:
            petitioner.id_number_warning = False
            number = petitioner.id_number
            if number and self._id_checksum_ok(number) and not known_division(number):
                petitioner.id_number_warning = self.env._(
                    "The division code %(code)s is not in the national code list: please check the ID card "
                    "(codes of merged or renamed counties remain valid).",
                    code=number[:6],
                )

    @staticmethod
    def _id_checksum_ok(number):
        try:
            ric.get_birth_date(number)
            return len(number) == 18 and number[-1] == ric.calc_check_digit(number)
        except (InvalidComponent, ValueError):
            return False

    def _normalize_id_number(self, number):
        """Validate a resident ID number; an unknown division code is accepted (see the warning)."""
        if not number:
            return False
        number = ric.compact(number)
        try:
            if len(number) != 18:
                raise InvalidLength()
            if not (number.isascii() and number[:-1].isdigit()):
                raise InvalidFormat()
            if number[-1] != ric.calc_check_digit(number):
                raise InvalidChecksum()
            ric.get_birth_date(number)
        except InvalidChecksum:
            raise ValidationError(self.env._(
                "Resident ID number %(number)s is invalid: the check digit does not match.", number=number)) from None
        except (InvalidLength, InvalidFormat):
            raise ValidationError(self.env._(
                "Resident ID number %(number)s is invalid: it must be 17 digits followed by a digit or X.",
                number=number)) from None
        except InvalidComponent:
            raise ValidationError(self.env._(
                "Resident ID number %(number)s is invalid: the birth date is not a real date.",
                number=number)) from None
        return number

    def _normalize_phone(self, phone):
        if not phone:
            return False
        cleaned = phone.replace(" ", "").replace("-", "")
        number = cleaned[1:] if cleaned.startswith("+") else cleaned
        if not (number.isascii() and number.isdigit()) or not 5 <= len(number) <= 16:
            raise ValidationError(self.env._(
                "Phone number %(phone)s is invalid: use digits only.", phone=phone))
        return cleaned

    def _prepare_vals(self, vals):
        vals = dict(vals)
        refuse_nul(self.env, vals)
        if "name" in vals and not (vals["name"] or "").strip():
            raise ValidationError(self.env._("A petitioner needs a name."))
        if vals.get("id_number"):
            vals["id_number"] = self._normalize_id_number(vals["id_number"])
        if vals.get("phone"):
            vals["phone"] = self._normalize_phone(vals["phone"])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._prepare_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._prepare_vals(vals))

    @api.depends("name", "confidential")
    @api.depends_context("uid")
    def _compute_display_name(self):
        # Many2one labels and group-by keys are computed as superuser (web_read, read_group): without
        # this mask they would show an accuser's name to users the record rules keep out.
        sealed = not self.env.user.has_group(CONFIDENTIAL_GROUP)
        for petitioner in self:
            if sealed and petitioner.confidential:
                petitioner.display_name = self.env._("Confidential Person")
            else:
                petitioner.display_name = petitioner.name

    @api.model
    def _search_display_name(self, operator, value):
        # Search by name, pinyin, ID number or phone from every many2one and the search bar.
        if operator in ("ilike", "=ilike", "like", "=like") and isinstance(value, str) and value:
            compact = value.replace(" ", "").lower()
            return ["|", "|", "|", ("name", operator, value), ("name_pinyin", "ilike", compact),
                    ("id_number", "ilike", value.upper()), ("phone", "ilike", value)]
        return super()._search_display_name(operator, value)

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        """Exports mask ID numbers and phones unless the user is in discipline inspection.

        Every export path that reaches a petitioner (its own list, ``petitioner_id/phone`` on a
        petition, ``petition_id/original_id/petitioner_id/id_number`` on an assignment...) ends
        in this method with the path relative to the petitioner, so the masking holds at any depth.
        """
        rows = super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        if self.env.user.has_group(CONFIDENTIAL_GROUP):
            return rows
        maskers = {("id_number",): mask_id_number, ("phone",): mask_phone}
        columns = [(i, maskers[tuple(path)]) for i, path in enumerate(fields) if tuple(path) in maskers]
        for row in rows:
            for index, masker in columns:
                if row[index]:
                    row[index] = masker(row[index])
        return rows

    # ------------------------------------------------------------------------------------------
    # intake by API and online
    # ------------------------------------------------------------------------------------------
    @api.model
    def _find_or_create_for_intake(self, name, phone=False, email=False, id_number=False):
        """The person of a petition received by API: the same person stays one record.

        Matched in the current company's register: by resident ID number with the same name, else by
        the same name and phone. A found record only gets its blanks filled (phone, e-mail); nothing on
        record is overwritten. Confidential people (accusers) are never matched, so an ordinary petition
        cannot be tied to a sealed identity; an ID number already on record under another name or under
        a sealed person is not stored again: a new record without it is created and the office is asked
        to verify the identity.

        Call it in the intake environment (``xinfang.petition._online_intake_env()``): the search must
        see the whole register, and nothing found is returned to the API client.

        :raise ValidationError: an invalid name, phone or ID number
        """
        vals = self._prepare_vals({"name": name, "phone": phone, "id_number": id_number})
        name = vals["name"].strip()
        phone, id_number = vals.get("phone") or False, vals.get("id_number") or False
        register = self.with_context(active_test=True)
        company = [("company_id", "=", self.env.company.id)]
        person, note = self.browse(), False
        if id_number:
            holder = register.search(company + [("id_number", "=", id_number)], limit=1)
            if holder and holder.name == name and not holder.confidential:
                person = holder
            elif holder:
                id_number = False
                note = self.env._(
                    "The resident ID number given by the API client (%(number)s) belongs to another petitioner "
                    "record: verify the identity before merging the records.",
                    number=vals["id_number"])
        if not person and phone:
            person = register.search(company + [
                ("name", "=", name), ("phone", "=", phone), ("confidential", "=", False)], order="id", limit=1)
        if person:
            given = {"phone": phone, "email": email, "id_number": id_number}
            blanks = {key: value for key, value in given.items() if value and not person[key]}
            if blanks:
                person.write(blanks)
            return person
        person = self.create({"name": name, "phone": phone, "email": email or False, "id_number": id_number})
        if note:
            person.message_post(body=plaintext2html(note), subtype_xmlid="mail.mt_note")
        return person

    @api.model
    def _portal_check_person(self, vals, id_required=False):
        """A person entered in the portal form, checked: ``(vals, errors)``, the resident ID number and the
        phone normalized, and the messages for the form (in the caller's language)."""
        errors = []
        if id_required and not vals.get("id_number"):
            errors.append(self.env._("Resident ID number is required."))
        try:
            vals = {**vals, "id_number": self._normalize_id_number(vals.get("id_number")),
                    "phone": self._normalize_phone(vals.get("phone"))}
        except ValidationError as error:
            errors.append(error.args[0])
        return vals, errors

    @api.model
    def _portal_own_record(self, user):
        """``user``'s petitioner record, if the office or an earlier submission linked one. Call it in the
        intake environment (``xinfang.petition._online_intake_env()``): the record is in the township's register.

        sudo-safe (the intake environment is): filtered on the user; the record is theirs.
        """
        return self.search([("user_id", "=", user.id), ("company_id", "=", self.env.company.id)], limit=1)

    @api.model
    def _portal_find_or_create(self, user, person=None, representatives=()):
        """The filer and the representatives of a petition ``user`` files in the portal, found or created:
        ``(petitioner, representatives, note for the office or False)``. Call it in the intake environment
        with values checked by ``xinfang.petition._portal_check_people``.

        The filer is the user's own record when there is one, else a new one from ``person`` (name, phone,
        address, id_number, village_id). An ID number already on record is not linked to the account (that
        would let anyone who knows a name and ID read that person's petitions), nor reported to the user (which
        would disclose that the person petitioned before): the new record is created without the number and
        the note asks the office to verify the identity. A representative is the record of their ID number,
        else a new record.
        """
        register = [("company_id", "=", self.env.company.id)]
        petitioner, note = self._portal_own_record(user), False
        if not petitioner:
            number = person["id_number"]
            taken = self.search_count(register + [("id_number", "=", number)], limit=1)
            petitioner = self.create({**person, "user_id": user.id, "email": user.email,
                                      "id_number": False if taken else number})
            if taken:
                note = self.env._(
                    "The resident ID number given online (%(number)s) belongs to an existing petitioner record. "
                    "Verify the identity of portal user %(login)s before merging the records or linking the account.",
                    number=number, login=user.login)
                petitioner.message_post(body=note, subtype_xmlid="mail.mt_note")
        people = self.browse()
        for row in representatives:
            existing = row["id_number"] and self.search(register + [("id_number", "=", row["id_number"])], limit=1)
            people |= existing or self.create(row)
        return petitioner, people, note
