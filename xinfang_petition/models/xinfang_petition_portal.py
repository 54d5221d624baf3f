import base64
import hashlib
import hmac
import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from .res_company_timezone import township_today
from .xinfang_petition import WORKFLOW_FIELDS

QUERY_CODE_BYTES = 15  # 120 random bits: 24 base32 characters, shown in groups of four
QUERY_CODE_MIN_CHARS = 16
SATISFACTION_KEYS = ("satisfied", "basic", "dissatisfied")
INTAKE_USER_PARAM = "xinfang_petition.online_intake_user_id"
NOTE_MAX_CHARS = 2000

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


class XinfangPetition(models.Model):
    """Online petitions: portal access, the anonymous query code, disclosure, online rating and review."""

    _name = "xinfang.petition"
    _inherit = ["xinfang.petition", "portal.mixin"]
    # the dates the petitioner is told are the steps' to record, as the other workflow fields
    _workflow_fields = (*WORKFLOW_FIELDS, "forward_date", "decision_date")

    query_code_hash = fields.Char(
        readonly=True, copy=False, index="btree_not_null", groups="base.group_system",
        help="Hash of the query code (查询码) given once to an anonymous accuser; the code itself is not kept.",
    )
    open311_client_id = fields.Many2one(
        "xinfang.api.client", string="Received Through API", readonly=True, copy=False,
        index="btree_not_null", ondelete="restrict", groups="xinfang_petition.group_xinfang_director",
    )
    forward_date = fields.Date(
        string="Forwarded On", readonly=True, copy=False,
        help="The day the petition was assigned to the handling unit (交办); disclosed to the petitioner.",
    )
    decision_date = fields.Date(
        string="Non-acceptance Decided On", readonly=True, copy=False,
        help="The day the petition was not accepted or redirected to another statutory route; disclosed "
        "to the petitioner with the written notice.",
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
    # dates the petitioner is told (workflow hooks)
    # ------------------------------------------------------------------------------------------
    def action_not_reaccept(self, original):
        res = super().action_not_reaccept(original)
        self._step().write({"decision_date": self._today()})
        return res

    def action_reject(self, reason):
        res = super().action_reject(reason)
        self._step().write({"decision_date": self._today()})
        return res

    def action_redirect(self, route, reason):
        res = super().action_redirect(route, reason)
        self._step().write({"decision_date": self._today()})
        return res

    def _start_handling(self, assignment):
        res = super()._start_handling(assignment)
        self._step().filtered(lambda p: not p.forward_date).write({"forward_date": self._today()})
        return res

    # ------------------------------------------------------------------------------------------
    # intake of online, anonymous and API petitions
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_online_intake_user(self):
        """The office user who registers petitions that arrive online (their activities go to them).

        The user configured in ``xinfang_petition.online_intake_user_id`` when it is an active member
        of the petition office, else the first office staff member, else the administrator.
        sudo: resolving a configured user; nothing about them is returned to the caller's client.
        """
        Users = self.env["res.users"].sudo()
        staff = self.env.ref("xinfang_petition.group_xinfang_staff").sudo()
        param = self.env["ir.config_parameter"].sudo().get_param(INTAKE_USER_PARAM) or ""
        user = Users.browse(int(param)).exists() if param.strip().isdigit() else Users
        if user and user.active and staff in user.all_group_ids:
            return user
        return Users.search([("all_group_ids", "in", staff.ids), ("share", "=", False)], order="id", limit=1) \
            or self.env.ref("base.user_admin").sudo()

    @api.model
    def _online_intake_env(self):
        """Petitions as the intake user, in sudo: creator, registering user and company are the office's,
        so the submitter (possibly an accuser) leaves no trace in create_uid or the chatter."""
        user = self._get_online_intake_user()
        return self.with_user(user).with_company(user.company_id).sudo()

    @api.model
    def _create_online(self, vals, files=(), note=None, uploader=None, register=True):
        """Create a petition received online and register it when the model allows it.

        :param vals: petition values (channel, nature, category, petitioner...)
        :param files: ``(file name, bytes)`` pairs, already checked for size and type by the caller
        :param note: internal note posted on the petition
        :param uploader: user recorded as creator of the attachments (the portal user for their own
            petitions, so they can download them again); the intake user when empty
        :param register: False keeps the petition a draft for the office (too little data to register)
        :return: ``(petition in sudo, draft reason or False)``; the petition stays a draft when the
            registration is refused (e.g. no petitioner), the reason says why
        """
        Petition = self._online_intake_env()
        petition = Petition.create(vals)
        Attachment = (self.env["ir.attachment"].with_user(uploader) if uploader else Petition.env["ir.attachment"])
        for name, data in files:
            Attachment.sudo().create({
                "name": name, "raw": data, "res_model": self._name, "res_id": petition.id,
            })
        if note:
            petition.message_post(body=plaintext2html(note), subtype_xmlid="mail.mt_note")
        draft_reason = False
        try:
            with self.env.cr.savepoint():
                if not register:
                    raise UserError(self.env._(
                        "The contact details are incomplete: a name and a phone number or e-mail are needed."))
                petition.action_register()
        except UserError as error:
            draft_reason = error.args[0]
            petition.message_post(body=self.env._(
                "Kept in draft for the petition office: %(reason)s", reason=draft_reason),
                subtype_xmlid="mail.mt_note")
        return petition, draft_reason

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

    def _portal_can_rate(self):
        self.ensure_one()
        return self.state == "replied" and not self.satisfaction

    def _portal_can_request_review(self):
        self.ensure_one()
        # the window runs from the receipt of the reply: not started while no receipt is recorded
        return (self.state in ("replied", "closed") and not self.review_date
                and (not self.review_request_deadline or self._today() <= self.review_request_deadline))

    # ------------------------------------------------------------------------------------------
    # what the petitioner may do online
    # ------------------------------------------------------------------------------------------
    def _portal_check_petitioner(self):
        """Raise unless the current user is the petitioner (or accuser) of this petition.

        sudo: reads who filed the petition to compare with the caller; nothing is returned.
        """
        self.ensure_one()
        self.check_access("read")
        user = self.env.user
        filers = self.sudo().petitioner_id.user_id | self.sudo().accuser_id.user_id
        if user._is_public() or user not in filers:
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
