"""Online petitions (网上信访): portal filing, "My petitions", anonymous accusations and the query code.

Every record a route shows is fetched through ``_document_check_access`` (record rules, or the
portal access token compared in constant time) or through the query code's hash. ``sudo()`` is
used only on records obtained that way, on the caller's own petitioner record, or on public
reference data (categories, villages); each use says why in a ``# sudo-safe:`` comment.
"""

import os

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.safe_eval import safe_eval, time

from ..models.xinfang_petition import MAX_REPRESENTATIVES

# Accepted attachment types: extension -> MIME types the content may be recognised as.
UPLOAD_TYPES = {
    "pdf": {"application/pdf"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "doc": {"application/msword", "application/CDFV2", "application/x-ole-storage"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
}
NATURES = ("suggestion", "accusation", "appeal")
TEXT_LIMITS = {"subject": 200, "content": 20000, "request": 5000, "name": 100, "address": 200, "phone": 30}
MAX_HEAD_COUNT = 100000
SESSION_QUERY_CODE = "xinfang_query_code"


def _as_int(value, default=0):
    """A form value as an id or a count, ``default`` unless plain ASCII digits: ``str.isdigit`` also accepts
    digits such as "²" that ``int`` refuses. Over 18 digits gives 10**18, too large for any id or count
    (``int`` refuses strings of more than 4,300 digits)."""
    value = str(value or "")
    if not (value.isascii() and value.isdigit()):
        return default
    return int(value) if len(value) <= 18 else 10**18


def _param(key, default):
    """Integer setting ``xinfang_petition.<key>``."""
    # sudo-safe: reads a setting of the addon, no record.
    value = request.env["ir.config_parameter"].sudo().get_param(f"xinfang_petition.{key}", default)
    try:
        return int(value)
    except (TypeError, ValueError):
        return int(default)


class XinfangPortal(CustomerPortal):
    # ------------------------------------------------------------------------------------------
    # portal home
    # ------------------------------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "xinfang_petition_count" in counters:
            Petition = request.env["xinfang.petition"]
            values["xinfang_petition_count"] = (
                Petition.search_count(self._xf_my_domain()) if Petition.has_access("read") else 0)
        return values

    def _xf_my_domain(self):
        """Petitions of the current portal user; the record rule already limits them to their own."""
        return [] if request.env.user.share else [("id", "=", 0)]

    # ------------------------------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------------------------------
    def _xf_choices(self):
        """Reference data the forms offer: active categories and the villages (public information)."""
        # sudo-safe: category names and village names are public reference data, nothing else is read.
        categories = request.env["xinfang.category"].sudo().search([], order="complete_name")
        # sudo-safe: as above; only names of departments flagged as villages.
        villages = request.env["hr.department"].sudo().search([("xinfang_unit_type", "=", "village")], order="name")
        return {"categories": categories, "villages": villages}

    def _xf_client_ip(self):
        return request.httprequest.remote_addr or "unknown"

    def _xf_throttle(self, scope, limit_key, default):
        """Count one hit of this client; False when its hourly limit is used up."""
        client = request.env.user.id if scope.startswith("user:") else self._xf_client_ip()
        # sudo-safe: the counter model stores keyed hashes of the client, nothing of any petition.
        return request.env["xinfang.portal.throttle"].sudo()._hit(scope, client, _param(limit_key, default))

    def _xf_read_files(self, errors):
        """Uploaded attachments as (name, bytes), checked for count, size and type (content sniffed)."""
        storages = [f for f in request.httprequest.files.getlist("attachments") if f and f.filename]
        max_files = _param("portal_max_files", 10)
        max_bytes = _param("portal_max_upload_mb", 10) * 1024 * 1024
        allowed = UPLOAD_TYPES
        if len(storages) > max_files:
            errors.append(request.env._(
                "Attach at most %(count)s files.", count=max_files))
            return []
        files = []
        for storage in storages:
            name = os.path.basename(storage.filename.replace("\\", "/")).strip()[:200] or "attachment"
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            data = storage.read(max_bytes + 1)
            if len(data) > max_bytes:
                errors.append(request.env._(
                    "%(name)s is larger than %(size)s MB.",
                    name=name, size=max_bytes // (1024 * 1024)))
            elif extension not in allowed or guess_mimetype(data) not in allowed[extension]:
                errors.append(request.env._(
                    "%(name)s is not an accepted file: use PDF, JPG, PNG, DOC or DOCX.", name=name))
            else:
                files.append((name, data))
        return files

    def _xf_text(self, kw, key, errors, required=False, label=None, limit_key=None):
        value = (kw.get(key) or "").strip()
        limit = TEXT_LIMITS[limit_key or key]
        if required and not value:
            errors.append(request.env._("%(field)s is required.", field=label or key))
        if len(value) > limit:
            errors.append(request.env._(
                "%(field)s is too long (at most %(limit)s characters).",
                field=label or key, limit=limit))
        if "\x00" in value:  # PostgreSQL cannot store it: the model would refuse it with a bare error page
            errors.append(request.env._(
                "%(field)s contains a NUL character.", field=label or key))
        return value[:limit]

    def _xf_parse_matter(self, kw, errors, anonymous):
        """Petition values common to both forms (everything but the people)."""
        choices = self._xf_choices()
        vals = {"channel": "online"}
        nature = "accusation" if anonymous else kw.get("nature")
        if nature not in NATURES:
            errors.append(request.env._("Choose the nature of the petition."))
        vals["nature"] = nature if nature in NATURES else "appeal"
        category_id = _as_int(kw.get("category_id"))
        if category_id not in choices["categories"].ids:
            errors.append(request.env._("Choose a category."))
        vals["category_id"] = category_id
        village_id = _as_int(kw.get("village_id"))
        if village_id and village_id not in choices["villages"].ids:
            errors.append(request.env._("Choose a village from the list."))
        vals["village_id"] = village_id or False
        vals["subject"] = self._xf_text(kw, "subject", errors, required=True, label=request.env._("Subject"))
        vals["content"] = self._xf_text(kw, "content", errors, required=True, label=request.env._("Facts and reasons"))
        vals["request"] = self._xf_text(kw, "request", errors, label=request.env._("Request"))
        if not kw.get("consent"):
            errors.append(request.env._(
                "Confirm that you have read the notice on personal data and consent to its processing."))
        return vals

    def _xf_parse_people(self, kw, errors, intake_petitioners):
        """Head count and representatives of a collective matter (up to five, 5 or more people)."""
        head_count = _as_int(kw.get("head_count") or "1")
        if not 1 <= head_count <= MAX_HEAD_COUNT:
            errors.append(request.env._("The number of people must be a whole number of at least 1."))
            head_count = 1
        representatives = intake_petitioners.browse()
        checker = request.env["xinfang.petitioner"]  # validation messages in the caller's language
        rows = []
        for index in range(1, MAX_REPRESENTATIVES + 1):
            name = self._xf_text(kw, f"rep_name_{index}", errors, label=request.env._("Representative name"),
                                 limit_key="name")
            number = (kw.get(f"rep_id_{index}") or "").strip()
            phone = self._xf_text(kw, f"rep_phone_{index}", errors, label=request.env._("Representative phone"),
                                  limit_key="phone")
            if not (name or number or phone):
                continue
            if not name:
                errors.append(request.env._("Give the name of each representative."))
                continue
            try:
                number = checker._normalize_id_number(number) if number else False
                phone = checker._normalize_phone(phone) if phone else False
            except ValidationError as error:
                errors.append(error.args[0])
                continue
            rows.append({"name": name, "id_number": number, "phone": phone})
        if rows and head_count < 5:
            errors.append(request.env._(
                "Representatives are elected for collective matters of 5 or more people."))
        if errors:
            return head_count, representatives
        for row in rows:
            existing = row["id_number"] and intake_petitioners.search(
                [("id_number", "=", row["id_number"]), ("company_id", "=", intake_petitioners.env.company.id)], limit=1)
            representatives |= existing or intake_petitioners.create(row)
        return head_count, representatives

    def _xf_own_petitioner(self):
        """The current user's petitioner record, if the office or an earlier submission linked one."""
        # sudo-safe: filtered on the current user; the record is theirs (in the intake township's register).
        people = request.env["xinfang.petition"]._online_intake_env().env["xinfang.petitioner"]
        return people.search([("user_id", "=", request.env.user.id), ("company_id", "=", people.env.company.id)],
                             limit=1)

    def _xf_link_petitioner(self, kw, errors, intake_petitioners):
        """Find the portal user's petitioner or create one from the name and resident ID entered.

        An ID number already on record is not linked to the account (that would let anyone who knows a
        name and ID read that person's petitions), nor reported to the user (which would disclose that
        the person petitioned before): a new record without the number is created and the office is
        asked to verify the identity.
        """
        user = request.env.user
        petitioner = self._xf_own_petitioner()
        if petitioner:
            return petitioner, False
        name = self._xf_text(kw, "name", errors, required=True, label=request.env._("Name"))
        phone = self._xf_text(kw, "phone", errors, label=request.env._("Phone"))
        address = self._xf_text(kw, "address", errors, label=request.env._("Address"))
        number = (kw.get("id_number") or "").strip()
        if not number:
            errors.append(request.env._("Resident ID number is required."))
        checker = request.env["xinfang.petitioner"]  # validation messages in the caller's language
        try:
            number = checker._normalize_id_number(number) if number else False
            phone = checker._normalize_phone(phone) if phone else False
        except ValidationError as error:
            errors.append(error.args[0])
        if errors:
            return intake_petitioners.browse(), False
        taken = intake_petitioners.search_count(
            [("id_number", "=", number), ("company_id", "=", intake_petitioners.env.company.id)], limit=1)
        vals = {
            "name": name, "phone": phone, "address": address, "user_id": user.id,
            "email": user.email, "id_number": False if taken else number,
            "village_id": _as_int(kw.get("village_id")) or False,
        }
        petitioner = intake_petitioners.create(vals)
        note = False
        if taken:
            note = request.env._(
                "The resident ID number given online (%(number)s) belongs to an existing petitioner record. "
                "Verify the identity of portal user %(login)s before merging the records or linking the account.",
                number=number, login=user.login)
            petitioner.message_post(body=note, subtype_xmlid="mail.mt_note")
        return petitioner, note

    def _xf_check_petition(self, petition_id, access_token=None):
        """The petition (sudo) when the caller may read it (own record or valid token), else 404.

        Missing and forbidden give the same answer, so ids cannot be probed.
        """
        try:
            return self._document_check_access("xinfang.petition", petition_id, access_token=access_token)
        except (AccessError, MissingError):
            raise NotFound() from None

    def _xf_notice_response(self, petition_sudo, kind):
        """The PDF of a statutory notice of an already authorized petition."""
        documents = petition_sudo._portal_documents()
        if kind not in documents:
            raise NotFound()
        report_ref, record, _label = documents[kind]
        # sudo-safe: renders a notice of a petition the caller was authorized for just before; the report
        # templates check the caller's own groups (request user kept), so sealed identities stay hidden.
        Report = request.env["ir.actions.report"].sudo().with_company(petition_sudo.company_id)
        report = Report._get_report(report_ref)
        content, content_type = Report._render_qweb_pdf(report_ref, record.ids)
        filename = safe_eval(report.print_report_name, {"object": record, "time": time}) \
            if report.print_report_name else report.name
        headers = [
            ("Content-Type", "application/pdf" if content_type == "pdf" else "text/html; charset=utf-8"),
            ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(f"{filename}.pdf" if content_type == "pdf" else filename)),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
        ]
        return request.make_response(content, headers)

    def _xf_render_not_found(self):
        return request.render("xinfang_petition.portal_petition_not_found", {}, status=404)

    # ------------------------------------------------------------------------------------------
    # My petitions
    # ------------------------------------------------------------------------------------------
    @http.route(["/my/petitions", "/my/petitions/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_petitions(self, page=1, **kw):
        Petition = request.env["xinfang.petition"]
        domain = self._xf_my_domain()
        total = Petition.search_count(domain) if Petition.has_access("read") else 0
        pager = portal_pager(url="/my/petitions", total=total, page=page, step=self._items_per_page)
        petitions = Petition.search(domain, limit=self._items_per_page, offset=pager["offset"]) \
            if total else Petition
        request.session["my_petitions_history"] = petitions.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "xinfang_petition",
            # sudo-safe: the ids come from a search under the user's own record rules (own petitions).
            "petitions": petitions.sudo(),
            "pager": pager,
            "default_url": "/my/petitions",
            "can_file": request.env.user.share,
        })
        return request.render("xinfang_petition.portal_my_petitions", values)

    @http.route("/my/petitions/new", type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_new_petition(self, **kw):
        if not request.env.user.share:
            # Office users register petitions in the back office, where their scope rules apply.
            return request.redirect("/odoo/action-xinfang_petition.action_xinfang_petition")
        values = {
            **self._prepare_portal_layout_values(), **self._xf_choices(),
            "page_name": "xinfang_petition_new", "form": kw, "errors": [],
            "petitioner": self._xf_own_petitioner(), "natures": NATURES,
            "max_upload_mb": _param("portal_max_upload_mb", 10), "max_files": _param("portal_max_files", 10),
        }
        if request.httprequest.method != "POST":
            return request.render("xinfang_petition.portal_petition_form", values)
        errors = values["errors"]
        if not self._xf_throttle("user:petition", "portal_submissions_per_hour", 10):
            errors.append(request.env._(
                "Too many submissions in the last hour; please try again later."))
            return request.render("xinfang_petition.portal_petition_form", values, status=429)
        Petition = request.env["xinfang.petition"]
        intake_petitioners = Petition._online_intake_env().env["xinfang.petitioner"]
        vals = self._xf_parse_matter(kw, errors, anonymous=False)
        files = self._xf_read_files(errors)
        with request.env.cr.savepoint() as savepoint:
            petitioner, identity_note = self._xf_link_petitioner(kw, errors, intake_petitioners)
            head_count, representatives = self._xf_parse_people(kw, errors, intake_petitioners)
            if errors:
                savepoint.close(rollback=True)
        if errors:
            return request.render("xinfang_petition.portal_petition_form", values, status=400)
        vals.update({
            "petitioner_id": petitioner.id, "head_count": head_count,
            "representative_ids": [(6, 0, representatives.ids)],
        })
        note = request.env._("Filed online by the petitioner through the portal.")
        if identity_note:
            note = f"{note}\n{identity_note}"
        # Accusers' uploads stay attributed to the office, like the rest of the sealed record.
        uploader = request.env.user if vals["nature"] != "accusation" else None
        petition, _draft_reason = Petition._create_online(vals, files, note=note, uploader=uploader)
        return request.redirect(f"/my/petitions/{petition.id}?submitted=1")

    @http.route("/my/petitions/<int:petition_id>", type="http", auth="public", website=True)
    def portal_my_petition(self, petition_id, access_token=None, submitted=None, **kw):
        try:
            petition_sudo = self._xf_check_petition(petition_id, access_token)
        except NotFound:
            return self._xf_render_not_found()
        user = request.env.user
        if not user._is_public() and user in (petition_sudo.petitioner_id.user_id | petition_sudo.accuser_id.user_id):
            # The petitioner opens a replied petition: the reply is received today (the review window
            # runs from it). The model checks the caller again and records only a first receipt.
            petition_sudo.with_user(user)._portal_record_reply_opened()
            petition_sudo.invalidate_recordset()
        return request.render("xinfang_petition.portal_my_petition",
                              self._xf_petition_values(petition_sudo, access_token, submitted=submitted))

    def _xf_petition_values(self, petition_sudo, access_token, **extra):
        """Values of the petition page; actions only for the logged-in petitioner."""
        is_filer = not request.env.user._is_public() and request.env.user in (
            petition_sudo.petitioner_id.user_id | petition_sudo.accuser_id.user_id)
        attachments = request.env["ir.attachment"]
        if is_filer:
            # Portal users cannot read attachments: the files the caller uploaded get their own download token
            # (never the office's files).
            # sudo-safe: the petition was authorized above; only the caller's own uploads are searched.
            attachments = attachments.sudo().search([
                ("res_model", "=", "xinfang.petition"), ("res_id", "=", petition_sudo.id),
                ("create_uid", "=", request.env.user.id)])
            attachments.generate_access_token()
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "xinfang_petition",
            "petition": petition_sudo,
            "timeline": petition_sudo._portal_timeline(),
            "documents": petition_sudo._portal_documents(),
            "attachments": attachments,
            "can_rate": is_filer and petition_sudo._portal_can_rate(),
            "can_review": is_filer and petition_sudo._portal_can_request_review(),
            "satisfactions": petition_sudo._fields["satisfaction"]._description_selection(request.env),
            "error": extra.get("error"),
            "message": extra.get("message"),
            "submitted": extra.get("submitted"),
        }
        return self._get_page_view_values(petition_sudo, access_token, values, "my_petitions_history", False)

    @http.route("/my/petitions/<int:petition_id>/notice/<string:kind>", type="http", auth="public", website=True)
    def portal_petition_notice(self, petition_id, kind, access_token=None, **kw):
        try:
            petition_sudo = self._xf_check_petition(petition_id, access_token)
        except NotFound:
            return self._xf_render_not_found()
        return self._xf_notice_response(petition_sudo, kind)

    @http.route("/my/petitions/<int:petition_id>/rate", type="http", auth="user", methods=["POST"], website=True)
    def portal_petition_rate(self, petition_id, satisfaction=None, note=None, **kw):
        return self._xf_petition_action(petition_id, "action_portal_rate", satisfaction, note,
                                        message=request.env._("Thank you: your rating was recorded."))

    @http.route("/my/petitions/<int:petition_id>/review", type="http", auth="user", methods=["POST"], website=True)
    def portal_petition_review(self, petition_id, **kw):
        return self._xf_petition_action(petition_id, "action_portal_request_review",
                                        message=request.env._("Your review request was recorded."))

    def _xf_petition_action(self, petition_id, method, *args, message=None):
        """Run a portal action as the caller; the model method checks that they are the petitioner."""
        try:
            petition_sudo = self._xf_check_petition(petition_id)
        except NotFound:
            return self._xf_render_not_found()
        petition = petition_sudo.with_user(request.env.user)
        try:
            with request.env.cr.savepoint():
                getattr(petition, method)(*args)
        except AccessError:
            return self._xf_render_not_found()
        except UserError as error:
            values = self._xf_petition_values(petition_sudo, None, error=error.args[0])
            return request.render("xinfang_petition.portal_my_petition", values, status=400)
        petition_sudo.invalidate_recordset()
        values = self._xf_petition_values(petition_sudo, None, message=message)
        return request.render("xinfang_petition.portal_my_petition", values)

    # ------------------------------------------------------------------------------------------
    # anonymous accusations (检举控告) and the query code (查询码)
    # ------------------------------------------------------------------------------------------
    @http.route("/xinfang/accusation", type="http", auth="public", methods=["GET", "POST"], website=True,
                sitemap=False)
    def portal_anonymous_accusation(self, **kw):
        values = {
            **self._xf_choices(), "form": kw, "errors": [], "anonymous": True,
            "max_upload_mb": _param("portal_max_upload_mb", 10), "max_files": _param("portal_max_files", 10),
        }
        if request.httprequest.method != "POST":
            return request.render("xinfang_petition.portal_accusation_form", values)
        errors = values["errors"]
        if not self._xf_throttle("anonymous_accusation", "anonymous_submissions_per_hour", 5):
            errors.append(request.env._(
                "Too many submissions from this network in the last hour; please try again later."))
            return request.render("xinfang_petition.portal_accusation_form", values, status=429)
        vals = self._xf_parse_matter(kw, errors, anonymous=True)
        files = self._xf_read_files(errors)
        if errors:
            return request.render("xinfang_petition.portal_accusation_form", values, status=400)
        petition, _draft_reason = request.env["xinfang.petition"]._create_online(
            vals, files, note=request.env._("Anonymous accusation received online."))
        # The code is shown once, on the next page, and kept nowhere else: only its hash is stored.
        request.session[SESSION_QUERY_CODE] = petition._portal_set_query_code()
        return request.redirect("/xinfang/accusation/received")

    @http.route("/xinfang/accusation/received", type="http", auth="public", website=True, sitemap=False)
    def portal_accusation_received(self, **kw):
        code = request.session.pop(SESSION_QUERY_CODE, None)
        if not code:
            return request.redirect("/xinfang/query")
        response = request.render("xinfang_petition.portal_accusation_received", {"query_code": code})
        response.headers["Cache-Control"] = "no-store"
        return response

    @http.route("/xinfang/query", type="http", auth="public", methods=["GET", "POST"], website=True, sitemap=False)
    def portal_query(self, query_code=None, **kw):
        values = {"errors": [], "petition": None}
        if request.httprequest.method != "POST":
            return request.render("xinfang_petition.portal_query", values)
        petition_sudo, status = self._xf_query_lookup(query_code, values["errors"])
        if not petition_sudo:
            return request.render("xinfang_petition.portal_query", values, status=status)
        values.update({
            "petition": petition_sudo,
            "query_code": query_code,
            "timeline": petition_sudo._portal_timeline(disclose_unit=False),
            "documents": petition_sudo._portal_documents(),
        })
        response = request.render("xinfang_petition.portal_query", values)
        response.headers["Cache-Control"] = "no-store"
        return response

    @http.route("/xinfang/query/notice", type="http", auth="public", methods=["POST"], website=True, sitemap=False)
    def portal_query_notice(self, query_code=None, kind=None, **kw):
        errors = []
        petition_sudo, status = self._xf_query_lookup(query_code, errors)
        if not petition_sudo:
            return request.render("xinfang_petition.portal_query", {"errors": errors, "petition": None},
                                  status=status)
        return self._xf_notice_response(petition_sudo, kind)

    def _xf_query_lookup(self, query_code, errors):
        """(petition in sudo or None, HTTP status): the petition of a query code, counted per client."""
        if not self._xf_throttle("query_lookup", "query_lookups_per_hour", 30):
            errors.append(request.env._(
                "Too many queries from this network in the last hour; please try again later."))
            return None, 429
        petition_sudo = request.env["xinfang.petition"]._portal_find_by_query_code(query_code)
        if not petition_sudo:
            errors.append(request.env._(
                "No petition matches this query code. Check the code and try again."))
            return None, 404
        return petition_sudo, 200
