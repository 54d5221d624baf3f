from odoo import api, models
from odoo.exceptions import UserError

# Marks a workflow step in the context. An object, not a flag: a JSON-RPC context cannot forge it.
_STEP = object()


class XinfangWorkflowState(models.AbstractModel):
    """The state (and the fields a step records with it) are written by the record's steps only.

    Read-only in the form is not enough: the ORM, and so JSON-RPC, writes any field the user may
    write. Without this, a handler could close a petition or clear its reply, and staff could mark an
    accountability proposal approved or a leader case done without its four duties, skipping the
    checks of the action_* methods. The steps write through ``_step()``.
    """

    _name = "xinfang.workflow.state"
    _description = "State written by the workflow steps only"

    # fields only the steps write; models extend the tuple
    _workflow_fields = ("state",)

    def _step(self):
        return self.with_context(xinfang_step=_STEP)

    def _check_workflow_write(self, fnames):
        if self.env.su or self.env.context.get("xinfang_step") is _STEP:
            return
        touched = set(self._workflow_fields).intersection(fnames)
        if touched:
            labels = ", ".join(sorted(self._fields[fname]._description_string(self.env) for fname in touched))
            raise UserError(self.env._(
                "%(fields)s change only through the record's buttons. 状态及其记录只能通过办理按钮修改。",
                fields=labels))

    @api.model_create_multi
    def create(self, vals_list):
        defaults = self.default_get(list(self._workflow_fields))
        for vals in vals_list:
            # a new record starts in its first state (a petition as a draft numbered "/"); what a
            # step records comes later
            self._check_workflow_write(
                fname for fname in self._workflow_fields if vals.get(fname) and vals[fname] != defaults.get(fname))
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_write(vals)
        return super().write(vals)
