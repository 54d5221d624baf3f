"""Cases referred from above (上级转送/交办): the county petition bureau, the county 12345 centre or a county
department sends the township a case with its own number, its own deadline and a report back due."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .xinfang_referral_body import REFERRAL_KINDS
from .xinfang_workflow_state import CONFIDENTIAL, STAFF

# what the sender decided: only the office changes it once the petition is registered
REFERRAL_FIELDS = frozenset((
    "referral_kind", "referral_body_id", "external_number", "referral_date", "referral_deadline", "report_back_due",
))
# the states whose statutory clock the sender's deadline may shorten (to accept, accepted, handling)
SENDER_CLOCK_STATES = ("to_accept", "accepted", "handling")


class XinfangPetitionReferral(models.AbstractModel):
    """A petition referred from above: who sent it, under which number, by when, and the report back."""

    _name = "xinfang.petition.referral"
    _description = "Petition Referred from Above"

    # not precomputed: Odoo precomputes by building a new record for every created row, a fifth of a
    # batch import's time (make bench); computed after the insert, it costs a column of the flush
    referral_kind = fields.Selection(
        REFERRAL_KINDS, string="Kind of Referral", tracking=True,
        compute="_compute_referral_kind", store=True, readonly=False,
        help="Forwarded (转送): the township handles it and answers the petitioner. Assigned for handling "
        "(交办): the sender follows the case, which cannot be closed before the report back is sent. 12345 "
        "work order: a work order of the county hotline centre.",
    )
    referral_body_id = fields.Many2one(
        "xinfang.referral.body", string="Referred By", index="btree_not_null", tracking=True,
        ondelete="restrict", check_company=True,
    )
    external_number = fields.Char(
        string="Sender's Case Number", copy=False, tracking=True,
        help="The number the referring body gave the case; unique per referring body.",
    )
    referral_date = fields.Date(string="Referred On", copy=False, help="The day the referring body sent the case.")
    referral_deadline = fields.Date(
        string="Sender's Deadline", copy=False, tracking=True,
        help="The deadline the referring body set. When it falls before the statutory deadline of the "
        "current state (acceptance or handling), it is the deadline that governs.",
    )
    report_back_due = fields.Date(
        copy=False, tracking=True,
        compute="_compute_report_back_due", store=True, readonly=False,
        help="When the referring body expects the report on the handling; the sender's deadline unless "
        "it set another date.",
    )
    report_back_date = fields.Date(string="Reported Back On", readonly=True, copy=False, tracking=True)
    report_back_text = fields.Text(string="Report Back", readonly=True, copy=False)

    _external_number_uniq = models.UniqueIndex(
        "(referral_body_id, external_number) WHERE referral_body_id IS NOT NULL AND external_number IS NOT NULL",
        "This referring body already sent a case with this number.",
    )

    @api.depends("referral_body_id")
    def _compute_referral_kind(self):
        # without a referring body the kind stays as it is (an editable computed field keeps its value)
        for petition in self.filtered("referral_body_id"):
            petition.referral_kind = petition.referral_body_id.default_kind or petition.referral_kind

    @api.depends("referral_deadline")
    def _compute_report_back_due(self):
        # without the sender's deadline the date stays as it is (an editable computed field keeps its value)
        for petition in self.filtered("referral_deadline"):
            petition.report_back_due = petition.referral_deadline

    def _sender_deadline(self, statutory):
        """The deadline that governs in the current state: the sender's, when it falls before the
        statutory ``statutory`` (hook of ``_compute_current_deadline``)."""
        self.ensure_one()
        sender = self.referral_deadline if self.channel == "referral" else False
        if not sender or self.state not in SENDER_CLOCK_STATES:
            return statutory
        return min(statutory, sender) if statutory else sender

    def _report_referral_body_name(self):
        """The referring body's name for the report back, a Chinese document: in Chinese when installed."""
        self.ensure_one()
        lang = "zh_CN" if self.env["res.lang"]._get_data(code="zh_CN") else self.env.lang
        return self.referral_body_id.with_context(lang=lang).name

    # ------------------------------------------------------------------------------------------
    # checks
    # ------------------------------------------------------------------------------------------
    def _refuse_duplicate_external_number(self, body_id, number, exclude_ids=()):
        """A clear refusal before the unique index's: the sender's number is unique per sender."""
        if not body_id or not number:
            return
        # sudo: the duplicate may be another township's or one the user may not read; only its
        # number is named, and only when the user may read it
        duplicate = self.sudo().with_context(active_test=False).search([
            ("referral_body_id", "=", body_id), ("external_number", "=", number), ("id", "not in", list(exclude_ids)),
        ], limit=1)
        if duplicate:
            readable = duplicate.with_env(self.env)._filtered_access("read")
            raise ValidationError(self.env._(
                "%(body)s already sent a case numbered %(number)s%(petition)s: a referred case is registered once.",
                body=self.env["xinfang.referral.body"].browse(body_id).display_name, number=number,
                petition=self.env._(" (petition %(name)s)", name=readable.display_name) if readable else ""))

    @api.constrains("referral_date", "referral_deadline", "registration_date")
    def _check_referral_dates(self):
        for petition in self:
            sent, due = petition.referral_date, petition.referral_deadline
            if sent and petition.registration_date and sent > petition.registration_date:
                raise ValidationError(self.env._(
                    "The case was referred on %(sent)s, after its registration on %(registered)s.",
                    sent=sent, registered=petition.registration_date))
            if sent and due and due < sent:
                raise ValidationError(self.env._(
                    "The sender's deadline %(due)s is before the day it referred the case (%(sent)s).",
                    due=due, sent=sent))

    def _check_referral_registration(self):
        """At registration: a referred case names its sender, kind, number and date, and its sender's
        deadline had not passed on the day of receipt (a typo, or a case to send back to the sender)."""
        for petition in self.filtered(lambda p: p.channel == "referral"):
            if not (petition.referral_body_id and petition.referral_kind and petition.external_number
                    and petition.referral_date):
                raise UserError(self.env._(
                    "A case referred from above needs the referring body, the kind of referral, the sender's "
                    "case number and the day it was referred."))
            if petition.referral_deadline and petition.referral_deadline < petition.registration_date:
                raise UserError(self.env._(
                    "The sender's deadline %(due)s had passed when the case was received on %(received)s: "
                    "check the date, or ask the referring body for a new deadline.",
                    due=petition.referral_deadline, received=petition.registration_date))

    def _check_referral_close(self):
        """A case assigned for handling (交办) is closed only after the report back to its sender."""
        for petition in self:
            if petition.channel == "referral" and petition.referral_kind == "assign" \
                    and not petition.report_back_date:
                raise UserError(self.env._(
                    "%(petition)s was assigned for handling by %(body)s: send the report back before closing it.",
                    petition=petition.display_name, body=petition.referral_body_id.display_name))

    def _check_referral_write(self, vals):
        """What the sender decided changes, once the petition is registered, only by the office."""
        if self.env.su or self._is_step() or not vals.keys() & REFERRAL_FIELDS:
            return
        if self.filtered(lambda p: p.state != "draft") and not self.env.user.has_group(STAFF) \
                and not self.env.user.has_group(CONFIDENTIAL):
            raise AccessError(self.env._("Only the petition office changes the referral of a petition."))

    # ------------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        seen = set()
        for vals in vals_list:
            self._clean_external_number(vals)
            key = (vals.get("referral_body_id"), vals.get("external_number"))
            if all(key) and key in seen:
                raise ValidationError(self.env._("The sender's case number %(number)s appears twice.", number=key[1]))
            seen.add(key)
            self._refuse_duplicate_external_number(*key)
        return super().create(vals_list)

    def write(self, vals):
        self._clean_external_number(vals)
        self._check_referral_write(vals)
        if {"referral_body_id", "external_number"} & vals.keys():
            for petition in self:
                body_id = vals.get("referral_body_id", petition.referral_body_id.id)
                number = vals.get("external_number", petition.external_number)
                # several records given one number at once: the unique index refuses them
                self._refuse_duplicate_external_number(body_id, number, exclude_ids=self.ids)
        res = super().write(vals)
        if "referral_deadline" in vals and not self._is_step():
            # the clock that governs may have moved: flags and activities follow it at once
            registered = self.filtered(lambda p: p.state in SENDER_CLOCK_STATES)
            registered._refresh_deadline_status()
            registered.activity_update()
        return res

    @api.model
    def _clean_external_number(self, vals):
        # " 2026-001 " and "2026-001" are one number of the sender; a blank one is no number
        if isinstance(vals.get("external_number"), str):
            vals["external_number"] = vals["external_number"].strip() or False

    # ------------------------------------------------------------------------------------------
    # the step
    # ------------------------------------------------------------------------------------------
    def action_report_back_upward(self, text, report_date=None):
        """Report the handling back to the referring body (办理情况报告), once the reply is given.

        ``report_date``: the day it was sent (today when not given), not before the reply nor in the future."""
        text, report_date = self._step_text(text), self._step_date(report_date)
        if not (text or "").strip():
            raise UserError(self.env._("Write the report back to the referring body."))
        petitions = self._check_step("report_back_upward")
        today = self._today()
        for petition in petitions:
            if petition.channel != "referral":
                raise UserError(self.env._(
                    "%(petition)s was not referred from above: there is no body to report back to.",
                    petition=petition.display_name))
            if not petition.reply_date:
                raise UserError(self.env._(
                    "%(petition)s has no reply yet: the report back follows the reply.",
                    petition=petition.display_name))
            if petition.report_back_date:
                raise UserError(self.env._(
                    "%(petition)s was already reported back on %(date)s.",
                    petition=petition.display_name, date=petition.report_back_date))
            day = report_date or today
            if day < petition.reply_date or day > today:
                raise UserError(self.env._(
                    "The report back date %(date)s must lie between the reply (%(reply)s) and today.",
                    date=day, reply=petition.reply_date))
            petition.write({"report_back_date": day, "report_back_text": text.strip()})
            petition.message_post(body=self.env._(
                "Reported back to %(body)s on %(date)s.", body=petition.referral_body_id.display_name, date=day))
        return True
