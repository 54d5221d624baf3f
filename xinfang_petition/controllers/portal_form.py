"""A filing form of the portal as submitted: its fields read from the request and bounded, uploads read and
sniffed; the petition model checks the rules (``_portal_check_matter``, ``_portal_check_people``). Every
problem is collected, so the form comes back once with all of them."""

import os

from odoo.http import request
from odoo.tools.mimetypes import guess_mimetype

from ..rules import MAX_REPRESENTATIVES
from .common import TEXT_LIMITS, as_int, setting, text_errors

# Accepted attachment types: extension -> MIME types the content may be recognised as.
UPLOAD_TYPES = {
    "pdf": {"application/pdf"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "doc": {"application/msword", "application/CDFV2", "application/x-ole-storage"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
}


class PortalForm:
    """The submitted form ``kw``; ``errors`` (the list the form page shows) collects the messages."""

    def __init__(self, kw, errors):
        self.kw = kw
        self.errors = errors

    def text(self, key, required=False, label=None, limit_key=None):
        value = (self.kw.get(key) or "").strip()
        limit = TEXT_LIMITS[limit_key or key]
        self.errors += text_errors(value, label or key, limit, required=required)
        if "\x00" in value:  # PostgreSQL cannot store it: the model would refuse it with a bare error page
            self.errors.append(request.env._(
                "%(field)s contains a NUL character.", field=label or key))
        return value[:limit]

    def files(self):
        """Uploaded attachments as (name, bytes), checked for count, size and type (content sniffed)."""
        storages = [f for f in request.httprequest.files.getlist("attachments") if f and f.filename]
        max_files = setting("portal_max_files", 10)
        max_bytes = setting("portal_max_upload_mb", 10) * 1024 * 1024
        if len(storages) > max_files:
            self.errors.append(request.env._(
                "Attach at most %(count)s files.", count=max_files))
            return []
        files = []
        for storage in storages:
            name = os.path.basename(storage.filename.replace("\\", "/")).strip()[:200] or "attachment"
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            data = storage.read(max_bytes + 1)
            if len(data) > max_bytes:
                self.errors.append(request.env._(
                    "%(name)s is larger than %(size)s MB.",
                    name=name, size=max_bytes // (1024 * 1024)))
            elif extension not in UPLOAD_TYPES or guess_mimetype(data) not in UPLOAD_TYPES[extension]:
                self.errors.append(request.env._(
                    "%(name)s is not an accepted file: use PDF, JPG, PNG, DOC or DOCX.", name=name))
            else:
                files.append((name, data))
        return files

    def matter(self, anonymous):
        """Petition values common to both forms (everything but the people)."""
        kw = self.kw
        vals = {
            "nature": "accusation" if anonymous else kw.get("nature"),
            "category_id": as_int(kw.get("category_id")),
            "village_id": as_int(kw.get("village_id")) or False,
        }
        self.errors += request.env["xinfang.petition"]._portal_check_matter(vals)
        vals["subject"] = self.text("subject", required=True, label=request.env._("Subject"))
        vals["content"] = self.text("content", required=True, label=request.env._("Facts and reasons"))
        vals["request"] = self.text("request", label=request.env._("Request"))
        if not kw.get("consent"):
            self.errors.append(request.env._(
                "Confirm that you have read the notice on personal data and consent to its processing."))
        return vals

    def people(self, linked):
        """The people entered, checked by the model: the arguments of ``_create_from_portal``. The filer's
        name and ID are asked unless the user's petitioner record is ``linked`` already."""
        person = None
        if not linked:
            person = {
                "name": self.text("name", required=True, label=request.env._("Name")),
                "phone": self.text("phone", label=request.env._("Phone")),
                "address": self.text("address", label=request.env._("Address")),
                "id_number": (self.kw.get("id_number") or "").strip(),
                "village_id": as_int(self.kw.get("village_id")) or False,
            }
        rows = []
        for index in range(1, MAX_REPRESENTATIVES + 1):
            row = {
                "name": self.text(f"rep_name_{index}", label=request.env._("Representative name"), limit_key="name"),
                "id_number": (self.kw.get(f"rep_id_{index}") or "").strip(),
                "phone": self.text(f"rep_phone_{index}", label=request.env._("Representative phone"),
                                   limit_key="phone"),
            }
            if any(row.values()):
                rows.append(row)
        head_count = as_int(self.kw.get("head_count") or "1")
        people, errors = request.env["xinfang.petition"]._portal_check_people(person, head_count, rows)
        self.errors += errors
        return people
