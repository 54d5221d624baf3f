from odoo import api, models

from .res_company_timezone import township_today
from .xinfang_workflow_state import STAFF as STAFF_GROUP

INTAKE_USER_PARAM = "xinfang_petition.online_intake_user_id"


class XinfangPetition(models.Model):
    """Who in the petition office owns what arrives without an office user: Open311 requests, portal
    submissions and petitions a village mediator registers."""

    _inherit = "xinfang.petition"

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
        param = self.env["ir.config_parameter"].sudo().get_param(INTAKE_USER_PARAM) or ""
        configured = Users.browse(int(param)).exists() if param.strip().isdigit() else Users
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
        if len(user) != 1 or not user.active or user.share:
            return False
        if user in (self.env.ref("base.user_admin", raise_if_not_found=False) | self.env.ref("base.user_root")):
            return False
        return self.env.ref(STAFF_GROUP) in user.all_group_ids

    def _needs_office_owner(self):
        """Whether the acceptance to-do goes to the intake user instead of the registering user: the
        petition came through Open311 or was registered by someone outside the office (a mediator, the
        administrator, OdooBot). Portal petitions are registered by the intake user already.

        sudo-safe: reads the API client link (director-only field) to route a to-do, nothing else.
        """
        self.ensure_one()
        return bool(self.sudo().open311_client_id) or not self._is_office_member(self.registered_by_id)
