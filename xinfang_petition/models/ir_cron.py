from odoo import models

from .res_company import township_tz_name


class IrCron(models.Model):
    _inherit = "ir.cron"

    def _callback(self, cron_name, server_action_id):
        """The petition jobs (``xinfang.*`` models, both addons) run in the township's time zone.

        A job runs as OdooBot with an empty context: every ``fields.Date.context_today`` in it would
        take OdooBot's time zone (Europe/Brussels in a fresh database) for "today". Deadlines flagged,
        tasks marked overdue and meetings scheduled by a job must fall on the township's day.
        """
        return super(IrCron, self._xinfang_township_context())._callback(cron_name, server_action_id)

    def _xinfang_township_context(self):
        # sudo-safe: reads only which model the job runs on.
        if self.env.context.get("tz") or not (self.sudo().model_id.model or "").startswith("xinfang."):
            return self
        return self.with_context(tz=township_tz_name(self.env))
