from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..tools import read_setting
from .res_company import township_today
from .xinfang_workflow_state import MEDIATOR
from .xinfang_workflow_state import STAFF as STAFF_GROUP

INTAKE_USER_PARAM = "xinfang_petition.online_intake_user_id"


class XinfangPetitionIntake(models.AbstractModel):
    """Intake of a petition: registering at the window (fewer clicks for the clerk, the same record), and
    who in the petition office owns what arrives without an office user: Open311 requests, portal
    submissions and petitions a village mediator registers."""

    _name = "xinfang.petition.intake"
    _description = "Petition Intake"

    @api.model
    def default_get(self, fields_list):
        """A village mediator registers the own village's matters: the village is proposed."""
        defaults = super().default_get(fields_list)
        if "village_id" in fields_list and not defaults.get("village_id") and self.env.user.has_group(MEDIATOR):
            # env.user is the superuser-bound record of the current user: reads the own employee's village
            # only, which the user's own record rules rely on too
            villages = self.env.user.employee_ids.xinfang_village_id
            if len(villages) == 1:
                defaults["village_id"] = villages.id
        return defaults

    @api.onchange("petitioner_id")
    def _onchange_petitioner_id_village(self):
        """The matter usually arose where the petitioner lives: an empty village takes the petitioner's."""
        if self.petitioner_id.village_id and not self.village_id:
            self.village_id = self.petitioner_id.village_id

    @api.model
    def _get_online_intake_user(self):
        """The office user who registers and accepts petitions that arrive online, by API or from a
        mediator. In this order:

        1. the intake user of the settings (``xinfang_petition.online_intake_user_id``), when an active
           office staff member;
        2. the staff member on duty today (:meth:`_get_intake_user_on_duty`; none in this addon);
        3. the first active office staff member by id who is not the administrator or OdooBot.

        Never the administrator while the office has a staff member: ``admin`` holds every group (and so
        came first among staff), but is the system's account, not a person of the office. Only a
        database without any office staff member falls back to it, so that petitions can still arrive.

        sudo-safe: resolves users of the office; nothing about them is returned to an API client.
        """
        Users = self.env["res.users"].sudo().with_context(active_test=True)
        configured = Users.browse(read_setting(self.env, INTAKE_USER_PARAM, 0, int)).exists()
        if self._is_office_member(configured):
            return configured
        on_duty = self._get_intake_user_on_duty(township_today(self))
        if self._is_office_member(on_duty):
            return on_duty
        staff = self.env.ref(STAFF_GROUP).sudo()
        system = self.env.ref("base.user_admin", raise_if_not_found=False) | self.env.ref("base.user_root")
        first = Users.search([("all_group_ids", "in", staff.ids), ("share", "=", False),
                              ("id", "not in", system.ids)], order="id", limit=1)
        return first or self.env.ref("base.user_admin").sudo()

    @api.model
    def _get_intake_user_on_duty(self, day):
        """Hook: the office staff member on intake duty on ``day``, or an empty recordset.

        The petition addon keeps no duty roster; an addon that does (e.g. a reception roster) overrides
        this. A user returned here is used only when no intake user is configured and when they are an
        active office staff member.
        """
        return self.env["res.users"]

    @api.model
    def _is_office_member(self, user):
        """An active internal user of the petition office other than the administrator and OdooBot.

        sudo-safe: reads the user's groups and status only, whoever asks (a mediator's to-do routing).
        """
        user = user.sudo()
        # OdooBot is never active (Odoo refuses to activate the superuser)
        if len(user) != 1 or not user.active or user.share:
            return False
        # Performance (make bench, registration): the cached XML id, without env.ref's existence query
        if user.id == self.env["ir.model.data"]._xmlid_to_res_id("base.user_admin", raise_if_not_found=False):
            return False
        return user.has_group(STAFF_GROUP)

    def _needs_office_owner(self):
        """Whether the acceptance to-do goes to the intake user instead of the registering user: the
        petition came through Open311 or was registered by someone outside the office (a mediator, the
        administrator, OdooBot). Portal petitions are registered by the intake user already.

        sudo-safe: reads the API client link (director-only field) to route a to-do, nothing else.
        """
        self.ensure_one()
        return bool(self.sudo().open311_client_id) or not self._is_office_member(self.registered_by_id)

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
            # sudo-safe: the files were checked for size and type by the caller and are attached to the
            # petition just created; the uploader stays their creator (a portal user may download them again)
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
