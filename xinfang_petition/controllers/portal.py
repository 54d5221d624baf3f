"""Online petitions (网上信访): portal filing, "My petitions", anonymous accusations and the query code.

Every record a route shows is fetched through ``_document_check_access`` (record rules, or the
portal access token compared in constant time) or through the query code's hash. ``sudo()`` is
used only on records obtained that way and on the throttle counters; each use says why in a
``# sudo-safe:`` comment. The routes parse the request (``portal_form``) and leave the rules, the
people found or created and the petition created to the model (``xinfang.petition.portal``).
"""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

from ..models.xinfang_petition_portal import PORTAL_NATURES
from .common import setting
from .portal_form import PortalForm

SESSION_QUERY_CODE = "xinfang_query_code"
PETITION_FORM = "xinfang_petition.portal_petition_form"
ACCUSATION_FORM = "xinfang_petition.portal_accusation_form"


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
    def _xf_client_ip(self):
        return request.httprequest.remote_addr or "unknown"

    def _xf_throttle(self, scope, limit_key, default):
        """Count one hit of this client; False when its hourly limit is used up."""
        client = request.env.user.id if scope.startswith("user:") else self._xf_client_ip()
        # sudo-safe: the counter model stores keyed hashes of the client, nothing of any petition.
        return request.env["xinfang.portal.throttle"].sudo()._hit(scope, client, setting(limit_key, default))

    def _xf_form_values(self, kw, values):
        """``values`` of a filing form with the choices, what was entered, the errors found, the upload limits."""
        return {**request.env["xinfang.petition"]._portal_choices(), "form": kw, "errors": [],
                "max_upload_mb": setting("portal_max_upload_mb", 10), "max_files": setting("portal_max_files", 10),
                **values}

    def _xf_take_form(self, template, values, throttle, parse):
        """``(response, None)`` to answer a filing form instead of taking it: the form on GET, again (429) when
        the client used up its submissions of the hour (``throttle``: scope, setting, default limit, message)
        or (400) with every problem ``parse(form)`` found; else ``(None, what parse read)``."""
        if request.httprequest.method != "POST":
            return request.render(template, values), None
        *counter, message = throttle
        if not self._xf_throttle(*counter):
            values["errors"].append(message)
            return request.render(template, values, status=429), None
        form = PortalForm(values["form"], values["errors"])
        parsed = parse(form)
        if form.errors:
            return request.render(template, values, status=400), None
        return None, parsed

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
        notice = petition_sudo._portal_notice(kind, request.env.user)
        if not notice:
            raise NotFound()
        content, content_type, filename = notice
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
        Petition = request.env["xinfang.petition"]
        values = self._xf_form_values(kw, {
            **self._prepare_portal_layout_values(), "page_name": "xinfang_petition_new",
            "petitioner": Petition._portal_own_petitioner(), "natures": PORTAL_NATURES})
        response, parsed = self._xf_take_form(PETITION_FORM, values, (
            "user:petition", "portal_submissions_per_hour", 10,
            request.env._("Too many submissions in the last hour; please try again later.")),
            lambda form: (form.matter(anonymous=False), form.files(), form.people(linked=values["petitioner"])))
        if response is not None:
            return response
        vals, files, people = parsed
        petition = Petition._create_from_portal(vals, files, **people)
        return request.redirect(f"/my/petitions/{petition.id}?submitted=1")

    @http.route("/my/petitions/<int:petition_id>", type="http", auth="public", website=True)
    def portal_my_petition(self, petition_id, access_token=None, submitted=None, **kw):
        try:
            petition_sudo = self._xf_check_petition(petition_id, access_token)
        except NotFound:
            return self._xf_render_not_found()
        if petition_sudo._portal_is_filer(request.env.user):
            # The petitioner opens a replied petition: the reply is received today (the review window
            # runs from it). The model checks the caller again and records only a first receipt.
            petition_sudo.with_user(request.env.user)._portal_record_reply_opened()
            petition_sudo.invalidate_recordset()
        return request.render("xinfang_petition.portal_my_petition",
                              self._xf_petition_values(petition_sudo, access_token, submitted=submitted))

    def _xf_petition_values(self, petition_sudo, access_token, **extra):
        """Values of the petition page; actions only for the logged-in petitioner."""
        is_filer = petition_sudo._portal_is_filer(request.env.user)
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "xinfang_petition",
            "petition": petition_sudo,
            "timeline": petition_sudo._portal_timeline(),
            "documents": petition_sudo._portal_documents(),
            "attachments": petition_sudo._portal_own_attachments(request.env.user) if is_filer
            else request.env["ir.attachment"],
            "can_rate": is_filer and petition_sudo._portal_can_rate(),
            "can_review": is_filer and petition_sudo._portal_can_request_review(),
            "can_re_review": is_filer and petition_sudo._portal_can_request_re_review(),
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

    @http.route("/my/petitions/<int:petition_id>/re-review", type="http", auth="user", methods=["POST"],
                website=True)
    def portal_petition_re_review(self, petition_id, **kw):
        return self._xf_petition_action(petition_id, "action_portal_request_re_review",
                                        message=request.env._("Your re-review request was recorded."))

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
        values = self._xf_form_values(kw, {"anonymous": True})
        response, parsed = self._xf_take_form(ACCUSATION_FORM, values, (
            "anonymous_accusation", "anonymous_submissions_per_hour", 5,
            request.env._("Too many submissions from this network in the last hour; please try again later.")),
            lambda form: (form.matter(anonymous=True), form.files()))
        if response is not None:
            return response
        _petition, code = request.env["xinfang.petition"]._create_anonymous_accusation(*parsed)
        # The code is shown once, on the next page, and kept nowhere else: only its hash is stored.
        request.session[SESSION_QUERY_CODE] = code
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
