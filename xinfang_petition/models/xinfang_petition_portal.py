import base64
import hashlib
import hmac
import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools.safe_eval import safe_eval, time

from ..rules import COLLECTIVE_HEAD_COUNT, MAX_REPRESENTATIVES
from .res_company import township_today

QUERY_CODE_BYTES = 15  # 120 random bits: 24 base32 characters, shown in groups of four
QUERY_CODE_MIN_CHARS = 16
SATISFACTION_KEYS = ("satisfied", "basic", "dissatisfied")
NOTE_MAX_CHARS = 2000
MAX_HEAD_COUNT = 100000  # a sanity bound on a number typed into the form
PORTAL_NATURES = ("suggestion", "accusation", "appeal")

REPORT_ACCEPTANCE = "xinfang_petition.action_report_acceptance_notice"
REPORT_NON_ACCEPTANCE = "xinfang_petition.action_report_non_acceptance_notice"
REPORT_EXTENSION = "xinfang_petition.action_report_extension_notice"
REPORT_OPINION = "xinfang_petition.action_report_handling_opinion"


def normalize_query_code(code):
    """Letters and digits of a query code, upper case: dashes and spaces typed by people are ignored."""
    return "".join(char for char in (code or "").upper() if char.isalnum())


def hash_query_code(code):
    """SHA-256 of the normalized code. The code has 120 random bits, so no salt or slow hash is needed,
    and a deterministic hash lets the petition be found by it."""
    return hashlib.sha256(normalize_query_code(code).encode()).hexdigest()


class XinfangPetitionPortal(models.AbstractModel):
    """Online petitions: portal access, the anonymous query code, disclosure, online rating and review."""

    _name = "xinfang.petition.portal"
    _inherit = ["portal.mixin"]
    _description = "Petition Portal"

    query_code_hash = fields.Char(
        readonly=True, copy=False, index="btree_not_null", groups="base.group_system",
        help="Hash of the query code given once to an anonymous accuser; the code itself is not kept.",
    )

    # ------------------------------------------------------------------------------------------
    # portal.mixin
    # ------------------------------------------------------------------------------------------
    def _compute_access_url(self):
        for petition in self:
            petition.access_url = f"/my/petitions/{petition.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name if self.name and self.name != "/" else f"petition-{self.id}"

    # ------------------------------------------------------------------------------------------
    # filing in the portal
    # ------------------------------------------------------------------------------------------
    @api.model
    def _portal_choices(self):
        """Reference data the portal forms offer: the active categories and the villages (public information).

        sudo-safe: category names and village names are public reference data, nothing else is read.
        """
        categories = self.env["xinfang.category"].sudo().search([("active", "=", True)], order="complete_name")
        villages = self.env["hr.department"].sudo().search([("xinfang_unit_type", "=", "village")], order="name")
        return {"categories": categories, "villages": villages}

    @api.model
    def _portal_check_matter(self, vals):
        """What is wrong with the matter entered in a portal form (messages for it): a nature, a category and,
        when one is given, a village among those the form offers."""
        choices = self._portal_choices()
        errors = []
        if vals.get("nature") not in PORTAL_NATURES:
            errors.append(self.env._("Choose the nature of the petition."))
        if vals.get("category_id") not in choices["categories"].ids:
            errors.append(self.env._("Choose a category."))
        if vals.get("village_id") and vals["village_id"] not in choices["villages"].ids:
            errors.append(self.env._("Choose a village from the list."))
        return errors

    @api.model
    def _portal_own_petitioner(self):
        """The current user's petitioner record (sudo, in the intake township's register), or empty."""
        return self._online_intake_env().env["xinfang.petitioner"]._portal_own_record(self.env.user)

    @api.model
    def _portal_check_people(self, person, head_count, representatives):
        """The people of a petition entered in the portal form, checked: ``(people, errors)``; ``people`` are
        the arguments of :meth:`_create_from_portal` (ID numbers and phones normalized), ``errors`` the
        messages for the form, all at once, in the caller's language.

        :param person: the filer's values (name, phone, address, id_number, village_id); None when the user's
            petitioner record is linked already
        :param head_count: the number of people as typed (0 when not a number): 1 to ``MAX_HEAD_COUNT``
        :param representatives: the representatives filled in (name, id_number, phone), at most five and only
            for a collective matter (``COLLECTIVE_HEAD_COUNT`` people or more)
        """
        People = self.env["xinfang.petitioner"]
        errors = []
        if person is not None:
            person, errors = People._portal_check_person(person, id_required=True)
        if not 1 <= head_count <= MAX_HEAD_COUNT:
            errors.append(self.env._("The number of people must be a whole number of at least 1."))
            head_count = 1
        rows = []
        for row in representatives:
            if not row["name"]:
                errors.append(self.env._("Give the name of each representative."))
                continue
            row, row_errors = People._portal_check_person(row)
            errors += row_errors
            if not row_errors:
                rows.append(row)
        if len(rows) > MAX_REPRESENTATIVES:
            errors.append(self.env._(
                "A collective petition records at most %(max)s representatives.", max=MAX_REPRESENTATIVES))
        if rows and head_count < COLLECTIVE_HEAD_COUNT:
            errors.append(self.env._(
                "Representatives are elected for collective matters of %(count)s or more people.",
                count=COLLECTIVE_HEAD_COUNT))
        return {"person": person, "head_count": head_count, "representatives": rows}, errors

    @api.model
    def _create_from_portal(self, vals, files, person=None, head_count=1, representatives=()):
        """Create the petition the current (portal) user files, with its people, as the intake user.

        :param vals: the matter (nature, category, village, subject, content, request)
        :param files: ``(file name, bytes)`` pairs, already checked for size and type
        :param person, head_count, representatives: as returned by :meth:`_portal_check_people`
        :return: the petition (sudo)
        """
        user = self.env.user
        People = self._online_intake_env().env["xinfang.petitioner"]
        petitioner, people, identity_note = People._portal_find_or_create(user, person, representatives)
        vals = {**vals, "channel": "online", "petitioner_id": petitioner.id, "head_count": head_count,
                "representative_ids": [Command.set(people.ids)]}
        note = self.env._("Filed online by the petitioner through the portal.")
        if identity_note:
            note = f"{note}\n{identity_note}"
        # Accusers' uploads stay attributed to the office, like the rest of the sealed record.
        uploader = user if vals["nature"] != "accusation" else None
        petition, _draft_reason = self._create_online(vals, files, note=note, uploader=uploader)
        return petition

    @api.model
    def _create_anonymous_accusation(self, vals, files):
        """Create an anonymous accusation received online: ``(petition in sudo, query code)``. The code is to
        be shown once: only its hash is kept."""
        petition, _draft_reason = self._create_online(
            {**vals, "channel": "online", "nature": "accusation"}, files,
            note=self.env._("Anonymous accusation received online."))
        return petition, petition._portal_set_query_code()

    # ------------------------------------------------------------------------------------------
    # the anonymous query code (查询码)
    # ------------------------------------------------------------------------------------------
    def _portal_set_query_code(self):
        """Give the petition a fresh query code; returns the code (to show once), stores only its hash."""
        self.ensure_one()
        code = base64.b32encode(secrets.token_bytes(QUERY_CODE_BYTES)).decode()
        self.sudo().query_code_hash = hash_query_code(code)
        return "-".join(code[i:i + 4] for i in range(0, len(code), 4))

    @api.model
    def _portal_find_by_query_code(self, code):
        """The petition whose query code is ``code`` (sudo), or an empty recordset.

        sudo: anonymous holders of a code have no user; the 120-bit code identifies one petition and
        the lookup searches nothing but its hash.
        """
        normalized = normalize_query_code(code)
        if len(normalized) < QUERY_CODE_MIN_CHARS:
            return self.browse()
        digest = hash_query_code(normalized)
        petition = self.sudo().with_context(active_test=False).search([("query_code_hash", "=", digest)], limit=1)
        if petition and hmac.compare_digest(petition.query_code_hash, digest):
            return petition
        return self.browse()

    # ------------------------------------------------------------------------------------------
    # disclosure: status timeline and written notices
    # ------------------------------------------------------------------------------------------
    def _portal_status_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _portal_extension_date(self, extension):
        """The day an extension was approved (the leader's review), as printed on its notice."""
        approvals = extension.review_ids.filtered(lambda r: r.status == "approved" and r.reviewed_date)
        moment = max(approvals.mapped("reviewed_date")) if approvals else extension.write_date
        return township_today(self, moment)

    def _portal_timeline(self, disclose_unit=True):
        """The steps the petitioner must be told about, oldest first: date, label, notice to download.

        Only dates and statutory notices; never the handler, internal notes or other people. The handling
        unit is named to the petitioner, not to a mere holder of the query code (``disclose_unit``).
        """
        self.ensure_one()
        documents = self._portal_documents()
        steps = []

        def add(date, label, document=False):
            if date:
                steps.append({"date": date, "label": label, "document": document if document in documents else False})

        if self.state == "draft":
            add(township_today(self, self.create_date),
                self.env._("Received; awaiting registration by the petition office"))
        else:
            add(self.registration_date, self.env._("Registered"))
        if self.state == "rejected":
            add(self.decision_date or self.registration_date, self.env._("Not accepted (written notice)"),
                "non_acceptance")
        elif self.state == "redirected":
            add(self.decision_date or self.registration_date,
                self.env._("Directed to another statutory route (written notice)"), "non_acceptance")
        add(self.accept_date, self.env._("Accepted (acceptance notice)"), "acceptance")
        if self.forward_date and disclose_unit and self.lead_unit_id:
            add(self.forward_date, self.env._("Forwarded to the handling unit: %(unit)s", unit=self.lead_unit_id.name))
        else:
            add(self.forward_date, self.env._("Forwarded to the handling unit"))
        for extension in self.extension_ids.filtered(lambda e: e.state == "approved"):
            add(self._portal_extension_date(extension),
                self.env._("Handling deadline extended to %(date)s (extension notice)", date=extension.new_deadline),
                f"extension-{extension.id}")
        add(self.reply_date, self.env._("Replied (handling opinion)"), "opinion")
        add(self.reply_received_date, self.env._("Handling opinion received"))
        if self.satisfaction:
            satisfaction = dict(self._fields["satisfaction"]._description_selection(self.env))[self.satisfaction]
            add(self.follow_up_date, self.env._("Satisfaction recorded: %(value)s", value=satisfaction))
        add(self.review_request_date, self.env._("Review requested"))
        add(self.review_date, self.env._("Review decided"))
        add(self.review_decision_received_date, self.env._("Review decision received"))
        add(self.re_review_request_date, self.env._("Re-review requested"))
        add(self.re_review_date, self.env._("Re-review decided: the matter is concluded"))
        return sorted(steps, key=lambda step: step["date"])

    def _portal_documents(self):
        """Statutory notices meant for the petitioner: {kind: (report xmlid, record, label)}."""
        self.ensure_one()
        documents = {}
        if self.accept_date:
            documents["acceptance"] = (REPORT_ACCEPTANCE, self, self.env._("Acceptance notice"))
        if self.state in ("rejected", "redirected") and self.name != "/":
            documents["non_acceptance"] = (REPORT_NON_ACCEPTANCE, self, self.env._("Non-acceptance / routing notice"))
        for extension in self.extension_ids.filtered(lambda e: e.state == "approved"):
            documents[f"extension-{extension.id}"] = (REPORT_EXTENSION, extension, self.env._("Extension notice"))
        if self.reply_date:
            documents["opinion"] = (REPORT_OPINION, self, self.env._("Handling opinion"))
        return documents

    def _portal_notice(self, kind, user):
        """The statutory notice ``kind`` of this petition, rendered for ``user``, who was authorized to read
        it: ``(content, "pdf" or "html", file name)``, or None when the petition has no such notice."""
        self.ensure_one()
        documents = self._portal_documents()
        if kind not in documents:
            return None
        report_ref, record, _label = documents[kind]
        # sudo-safe: renders a notice of a petition the caller was authorized for just before; the report
        # templates check the groups of ``user`` (kept as the user), so sealed identities stay hidden.
        Report = self.env["ir.actions.report"].with_user(user).sudo().with_company(self.company_id)
        report = Report._get_report(report_ref)
        content, content_type = Report._render_qweb_pdf(report_ref, record.ids)
        filename = safe_eval(report.print_report_name, {"object": record, "time": time}) \
            if report.print_report_name else report.name
        return content, content_type, filename

    def _portal_own_attachments(self, user):
        """The files ``user`` uploaded to this petition (never the office's), each with a download token:
        portal users cannot read attachments.

        sudo-safe: call it for a petition ``user`` was authorized for; only their own uploads are searched.
        """
        self.ensure_one()
        attachments = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", self._name), ("res_id", "=", self.id), ("create_uid", "=", user.id)])
        attachments.generate_access_token()
        return attachments

    def _portal_can_rate(self):
        self.ensure_one()
        return self.state == "replied" and not self.satisfaction

    def _portal_can_request_review(self):
        self.ensure_one()
        # the window runs from the receipt of the reply: not started while no receipt is recorded
        return (self.state in ("replied", "closed") and not self.review_date
                and (not self.review_request_deadline or self._today() <= self.review_request_deadline))

    def _portal_can_request_re_review(self):
        """Whether to offer the re-review (复核) request: closed after a review decision, not yet requested,
        and the window not known to have passed. Only what the page offers: ``action_request_re_review``
        decides (and refuses with the reason)."""
        self.ensure_one()
        # the window runs from the receipt of the review decision: not started while no receipt is recorded
        return (self.state == "closed" and bool(self.review_date) and not self.re_review_request_date
                and (not self.re_review_request_deadline or self._today() <= self.re_review_request_deadline))

    # ------------------------------------------------------------------------------------------
    # what the petitioner may do online
    # ------------------------------------------------------------------------------------------
    def _portal_is_filer(self, user):
        """Whether ``user``, logged in, is the petitioner (or accuser) of this petition.

        sudo: reads who filed the petition to compare with the user; only the answer is returned.
        """
        self.ensure_one()
        return not user._is_public() and user in (self.sudo().petitioner_id.user_id | self.sudo().accuser_id.user_id)

    def _portal_check_petitioner(self):
        """Raise unless the current user is the petitioner (or accuser) of this petition."""
        self.ensure_one()
        self.check_access("read")
        if not self._portal_is_filer(self.env.user):
            raise AccessError(self.env._(
                "Only the petitioner may do this online."))

    def action_portal_rate(self, satisfaction, note=None):
        """The petitioner rates the reply online: once, while the petition is replied and not yet rated."""
        self._portal_check_petitioner()
        if satisfaction not in SATISFACTION_KEYS:
            raise UserError(self.env._("Choose how satisfied you are."))
        # sudo: the petitioner was checked above; follow-ups are otherwise recorded by the office.
        petition = self.sudo()
        if not petition._portal_can_rate():
            raise UserError(self.env._(
                "The reply can be rated once, after it was given."))
        text = self.env._("Rated online by the petitioner.")
        if (note or "").strip():
            text = f"{text}\n{note.strip()[:NOTE_MAX_CHARS]}"
        petition.action_record_follow_up(satisfaction, text)
        return True

    def _portal_record_reply_opened(self):
        """The petitioner opens the replied petition in the portal: the reply is received today, online.

        Only the first opening by the petitioner counts, and only while no receipt is recorded and no
        review window runs (a window set before receipts were recorded is kept as it is).
        """
        self._portal_check_petitioner()
        # sudo: the petitioner was checked above; the receipt is otherwise recorded by the office
        petition = self.sudo()
        if (petition.reply_date and petition.state in ("replied", "closed") and not petition.reply_received_date
                and not petition.review_request_deadline and not petition.review_request_date):
            petition.action_record_reply_receipt(self._today(), "online")
            petition.message_post(body=self.env._("The petitioner opened the reply online: received today."),
                                  subtype_xmlid="mail.mt_note")
            return True
        return False

    def action_portal_request_review(self):
        """The petitioner requests a review (复查) online; the model enforces the 30-day window."""
        self._portal_check_petitioner()
        # sudo: the petitioner was checked above; the office normally records this step.
        petition = self.sudo()
        petition.action_request_review()
        petition.message_post(body=self.env._("Review requested online by the petitioner."),
                              subtype_xmlid="mail.mt_note")
        return True

    def action_portal_request_re_review(self):
        """The petitioner requests a re-review (复核) of the review decision online. The office's step
        decides, as when the office records the request: only after a review decision, within 30 days of
        its receipt."""
        self._portal_check_petitioner()
        # sudo: the petitioner was checked above; the office normally records this step.
        petition = self.sudo()
        petition.action_request_re_review()
        petition.message_post(body=self.env._("Re-review requested online by the petitioner."),
                              subtype_xmlid="mail.mt_note")
        return True
