from odoo import api, models
from odoo.exceptions import AccessError, UserError

# The roles of the petition office (res.groups under the Letters and Visits privilege), named once
MEDIATOR = "xinfang_petition.group_xinfang_mediator"
HANDLER = "xinfang_petition.group_xinfang_handler"
STAFF = "xinfang_petition.group_xinfang_staff"
LEADER = "xinfang_petition.group_xinfang_leader"
DIRECTOR = "xinfang_petition.group_xinfang_director"
FINANCE = "xinfang_petition.group_xinfang_finance"
CONFIDENTIAL = "xinfang_petition.group_xinfang_confidential"

# Marks a workflow step in the context. An object, not a flag: a JSON-RPC context cannot forge it.
_STEP = object()


def button_step(button):
    """The step a form button takes: ``action_<step>``, or the step wizard's ``xinfang_step`` key."""
    name = button.get("name") or ""
    if button.get("type") != "object":
        return None
    if name == "action_open_step_wizard":
        context = button.get("context") or ""
        for quote in ("'", '"'):
            marker = f"{quote}xinfang_step{quote}:"
            if marker in context:
                return context.split(marker, 1)[1].strip().split(quote)[1]
        return None
    return name[len("action_"):] if name.startswith("action_") else None


class XinfangWorkflowState(models.AbstractModel):
    """The one guard of every workflow: which state may follow which, and who may take each step.

    Each model declares, as class attributes:

    * ``_transitions``: state -> the states it may move to;
    * ``_step_groups``: step -> the groups (xml ids) whose members may take it. A step is the name of
      its ``action_<step>`` method (or the step wizard's key); the form's buttons carry the same groups
      (a test compares them);
    * ``_workflow_fields``: the fields only the steps write (state and what a step records).

    Buttons hide a step from the other roles, but every ``action_*`` is callable over JSON-RPC by
    anyone with write access: the step checks the role itself (``_check_step``). A role that covers
    only some records (a village's mediator, a unit's handler) is narrowed by ``_step_scope_ok``.
    Read-only in the form is not enough either: the ORM writes any field the user may write, so the
    workflow fields are written through ``_step()`` only.
    """

    _name = "xinfang.workflow.state"
    _description = "Workflow Guard"

    _workflow_fields = ("state",)
    _transitions = {}
    _step_groups = {}

    # --- the guard --------------------------------------------------------------------------------
    def _check_step(self, step, target=None):
        """Refuse the step unless the user's role may take it on every record (and, with a target
        state, unless every record may move there). Returns the records marked for the step's writes."""
        self._check_step_role(step)
        if target:
            self._check_transition(target)
        return self._step()

    def _check_step_role(self, step):
        if self.env.su:
            return
        if step not in self._step_groups:
            raise AccessError(self.env._("%(step)s is not a step of %(model)s.", step=step,
                                         model=self._description))
        groups = self._step_groups[step]
        user = self.env.user
        held = [group for group in groups if user.has_group(group)]
        for record in self or [self]:
            if not any(record._step_scope_ok(step, group) for group in held):
                raise AccessError(self.env._(
                    "You may not take the step \"%(step)s\" on %(record)s: it needs the role %(roles)s.",
                    step=self._step_label(step), record=record.display_name or self._description,
                    roles=self._step_role_names(groups)))

    def _step_scope_ok(self, step, group):
        """Whether members of ``group`` may take ``step`` on this record (hook for scoped roles)."""
        return True

    def _check_transition(self, target):
        for record in self:
            if target not in self._transitions.get(record.state, ()):
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(self.env._(
                    "%(record)s cannot go from %(from_state)s to %(to_state)s.",
                    record=record.display_name, from_state=states.get(record.state, record.state),
                    to_state=states.get(target, target)))

    def _step_role_names(self, groups):
        # sudo: reads the names of groups (public configuration), not data of any record
        names = [self.env.ref(group).sudo().name for group in groups]
        return self.env._(" or ").join(names)

    def _step_label(self, step):
        """The label of the step's button in the form, in the user's language."""
        for button in self._step_buttons():
            if button_step(button) == step and button.get("string"):
                return button.get("string")
        return step

    @api.model
    def _step_buttons(self):
        """The header buttons of the model's form views (the steps a user is offered)."""
        # sudo: reads view definitions (public configuration), whatever the user's groups
        views = self.env["ir.ui.view"].sudo().search([("model", "=", self._name), ("type", "=", "form"),
                                                        ("mode", "=", "primary")])
        buttons = []
        for view in views:
            buttons += view._get_combined_arch().xpath("//header//button")
        return buttons

    # --- workflow fields --------------------------------------------------------------------------
    def _step(self):
        return self.with_context(xinfang_step=_STEP)

    def _is_step(self):
        return self.env.context.get("xinfang_step") is _STEP

    def _check_workflow_write(self, fnames):
        if self.env.su or self._is_step():
            return
        touched = set(self._workflow_fields).intersection(fnames)
        if touched:
            labels = ", ".join(sorted(self._fields[fname]._description_string(self.env) for fname in touched))
            raise UserError(self.env._("%(fields)s change only through the record's buttons.", fields=labels))

    @api.model_create_multi
    def create(self, vals_list):
        # Performance (make bench, registration): defaults are only asked for when a workflow field is
        # given, which a plain create never does (a second default_get was a tenth of a registration)
        given = [fname for fname in self._workflow_fields if any(vals.get(fname) for vals in vals_list)]
        defaults = self.default_get(given) if given else {}
        for vals in vals_list:
            # a new record starts in its first state (a petition as a draft numbered "/"); what a
            # step records comes later
            self._check_workflow_write(
                fname for fname in given if vals.get(fname) and vals[fname] != defaults.get(fname))
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_write(vals)
        return super().write(vals)
