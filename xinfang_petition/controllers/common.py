"""HTTP input helpers of the portal and Open311 controllers: settings, ids and text bounds, in one place.

Only the parsing of what a client sent lives here; the rules it must meet are the models'.
"""

from odoo.http import request

from ..tools import read_setting

# Longest text accepted per form field (portal) or request parameter (Open311); others: DEFAULT_TEXT_LIMIT.
TEXT_LIMITS = {
    "subject": 200, "content": 20000, "request": 5000, "name": 100, "address": 200, "phone": 30,
    "description": 20000, "first_name": 50, "last_name": 50, "address_string": 200, "media_url": 500,
    "email": 120, "address_id": 100,
}
DEFAULT_TEXT_LIMIT = 200
MAX_ID_DIGITS = 18  # more digits than any id or count can have (``int`` refuses over 4,300 digits)


def setting(key, default):
    """The setting ``xinfang_petition.<key>``; a bad value gives ``default`` (see ``read_setting``)."""
    return read_setting(request.env, f"xinfang_petition.{key}", default)


def as_int(value, default=0, too_large=10**18):
    """A form value as an id or a count, ``default`` unless plain ASCII digits: ``str.isdigit`` also accepts
    digits such as "²" that ``int`` refuses. Over 18 digits gives ``too_large``, which matches no id."""
    value = str(value or "")
    if not (value.isascii() and value.isdigit()):
        return default
    return int(value) if len(value) <= MAX_ID_DIGITS else too_large


def as_ids(text):
    """Comma-separated ids as ints, or None when a part is not plain ASCII digits. An id of over 18 digits
    matches nothing: 0."""
    ids = [as_int(part.strip(), default=None, too_large=0) for part in text.split(",") if part.strip()]
    return None if None in ids else ids


def is_storable(value):
    """False for text PostgreSQL cannot take: a NUL character, or a lone surrogate (from a JSON escape)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def text_limit(key):
    return TEXT_LIMITS.get(key, DEFAULT_TEXT_LIMIT)


def text_errors(value, field, limit, required=False):
    """What is wrong with the stripped text ``value`` of ``field``: missing, too long (messages)."""
    errors = []
    if required and not value:
        errors.append(request.env._("%(field)s is required.", field=field))
    if len(value) > limit:
        errors.append(request.env._(
            "%(field)s is too long (at most %(limit)s characters).", field=field, limit=limit))
    return errors
