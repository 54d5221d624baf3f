from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.res_company import township_today
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import MEDIATOR, STAFF
from odoo.exceptions import AccessError, UserError, ValidationError

OUTCOMES = [
    ("agreement", "Agreement Reached"),
    ("oral", "Mediated without Written Agreement"),
    ("failed", "Failed: Passed to the Township"),
    ("withdrawn", "Withdrawn"),
]
SUBJECT_LENGTH = 80


class XinfangMediation(models.Model):
    """A dispute the village mediator mediated (矛盾纠纷调处): parties, matter, outcome and, when the
    mediation fails, the petition it became at the township."""

    _name = "xinfang.mediation"
    _description = "Mediated Dispute"
    _inherit = ["mail.thread", "xinfang.workflow.state"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _workflow_fields = ("state", "name")
    _transitions = {
        "draft": {"done", "cancel"},
        "done": set(),
        "cancel": {"draft"},
    }
    # The village's mediator records the own village's disputes (_step_scope_ok); the office all of them.
    _step_groups = {
        "done": (MEDIATOR, STAFF),
        "pass_up": (MEDIATOR, STAFF),
        "cancel": (MEDIATOR, STAFF),
        "reset_draft": (MEDIATOR, STAFF),
    }

    name = fields.Char(string="Number", readonly=True, copy=False, default="/", index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done"), ("cancel", "Cancelled")],
        default="draft", required=True, readonly=True, copy=False, tracking=True, index=True,
    )
    village_id = fields.Many2one(
        "hr.department", string="Village", required=True, tracking=True, index=True,
        domain="[('xinfang_unit_type', '=', 'village')]", default=lambda self: self._default_village(),
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True, index=True)
    mediator_id = fields.Many2one(
        "hr.employee", string="Mediator", required=True, tracking=True, check_company=True,
        default=lambda self: self.env.user.employee_id,
    )
    party_ids = fields.One2many("xinfang.mediation.party", "mediation_id", string="Parties", copy=True)
    category_id = fields.Many2one("xinfang.category", string="Category", tracking=True)
    description = fields.Text(string="Matter", required=True, help="What the dispute is about.")
    result = fields.Text(string="Result", help="What the parties agreed, or why the mediation failed.")
    outcome = fields.Selection(OUTCOMES, tracking=True)
    agreement_file = fields.Binary(string="Mediation Agreement", attachment=True, copy=False)
    agreement_filename = fields.Char(copy=False)
    petition_id = fields.Many2one(
        "xinfang.petition", string="Petition", index="btree_not_null", tracking=True, check_company=True,
        help="The petition this dispute belongs to, or the one registered when it was passed up.",
    )

    _name_uniq = models.UniqueIndex("(name, company_id) WHERE name != '/'", "This mediation number is already used.")

    @api.model
    def _default_village(self):
        # env.user is the current user's record: the own employee's village, as the record rules read it
        villages = self.env.user.employee_ids.xinfang_village_id
        return villages[:1] if len(villages) == 1 else False

    # ------------------------------------------------------------------------------------------
    # computes and constraints
    # ------------------------------------------------------------------------------------------
    @api.depends("name", "village_id", "date")
    def _compute_display_name(self):
        for mediation in self:
            number = mediation.name if mediation.name and mediation.name != "/" else ""
            mediation.display_name = " ".join(
                part for part in (number, mediation.village_id.name or "", fields.Date.to_string(mediation.date) or "")
                if part) or self.env._("New Mediation")

    @api.constrains("outcome", "agreement_file")
    def _check_agreement_file(self):
        for mediation in self:
            if mediation.outcome == "agreement" and not mediation.agreement_file:
                raise ValidationError(self.env._(
                    "An agreement was reached: attach the signed mediation agreement."))

    @api.constrains("village_id")
    def _check_village(self):
        for mediation in self:
            if mediation.village_id.xinfang_unit_type != "village":
                raise ValidationError(self.env._(
                    "%(unit)s is not a village committee.", unit=mediation.village_id.name))

    # ------------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        mediations = super().create(vals_list)
        mediations._check_mediator_scope()
        return mediations

    def write(self, vals):
        result = super().write(vals)
        if "village_id" in vals:
            self._check_mediator_scope()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(mediation.state == "done" for mediation in self):
            raise UserError(self.env._(
                "A mediated dispute is kept on record: archive it instead of deleting it."))

    # ------------------------------------------------------------------------------------------
    # the village mediator's scope
    # ------------------------------------------------------------------------------------------
    def _is_village_mediator(self):
        """A mediator outside the petition office: acts only on the own village's disputes."""
        return not self.env.su and self.env.user.has_group(MEDIATOR) and not self.env.user.has_group(STAFF)

    def _check_mediator_scope(self):
        """The record rules check a record before a write; this checks the village the write gave it."""
        if not self._is_village_mediator():
            return
        villages = self.env.user.employee_ids.xinfang_village_id
        if any(mediation.village_id not in villages for mediation in self):
            raise AccessError(self.env._("A village mediator records only the disputes of the own village."))

    def _step_scope_ok(self, step, group):
        """A mediator takes the steps of the own village's disputes only."""
        if group == MEDIATOR:
            return bool(self.village_id) and self.village_id in self.env.user.employee_ids.xinfang_village_id
        return super()._step_scope_ok(step, group)

    # ------------------------------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------------------------------
    def action_done(self):
        """Draft -> done: the outcome is recorded (the agreement attached when one was reached)."""
        records = self._check_step("done", "done")
        for mediation in records:
            if not mediation.outcome:
                raise UserError(self.env._("Record the outcome of the mediation first."))
            if mediation.outcome == "failed" and not mediation.petition_id:
                raise UserError(self.env._(
                    "The mediation failed: pass the dispute up to the township instead."))
        records._mark_done()
        return True

    def action_pass_up(self):
        """The mediation failed: register the dispute as a petition at the township (channel visit, the
        village, the first applicant as petitioner), link it, and close the mediation."""
        records = self._check_step("pass_up")
        for mediation in records:
            if mediation.outcome != "failed":
                raise UserError(self.env._("Only a failed mediation is passed up to the township."))
            if mediation.petition_id:
                raise UserError(self.env._("This dispute was already passed up: %(petition)s.",
                                           petition=mediation.petition_id.display_name))
            if mediation.state == "cancel":
                raise UserError(self.env._("A cancelled mediation is not passed up."))
        for mediation in records:
            petition = self.env["xinfang.petition"].create(mediation._prepare_petition_vals())
            petition.action_register()
            mediation.petition_id = petition
            mediation.message_post(body=self.env._(
                "Passed up to the township as petition %(petition)s.", petition=petition.display_name))
        records.filtered(lambda m: m.state == "draft")._mark_done()
        if len(records) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "xinfang.petition",
                "res_id": records.petition_id.id,
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "current",
            }
        return True

    def action_cancel(self):
        records = self._check_step("cancel", "cancel")
        records.write({"state": "cancel"})
        return True

    def action_reset_draft(self):
        records = self._check_step("reset_draft", "draft")
        records.write({"state": "draft"})
        return True

    def _mark_done(self):
        """Number the records (gap-free per year) and close them; ``self`` carries the step's mark."""
        self._check_transition("done")
        for mediation in self:
            vals = {"state": "done"}
            if mediation.name == "/":
                # sudo: the sequence is configuration a mediator cannot read; only the next number is taken
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(
                    "xinfang.mediation", sequence_date=mediation.date)
            mediation.write(vals)

    # ------------------------------------------------------------------------------------------
    # passing up
    # ------------------------------------------------------------------------------------------
    def _prepare_petition_vals(self):
        """Values of the petition the township registers for a failed mediation (hook)."""
        self.ensure_one()
        if not self.category_id:
            raise UserError(self.env._("Choose the category of the matter before passing it up."))
        applicant = self.party_ids.filtered(lambda p: p.role == "applicant")[:1]
        if not applicant:
            raise UserError(self.env._("Name the applicant among the parties before passing the dispute up."))
        first_line = (self.description or "").strip().splitlines()[0] if (self.description or "").strip() else ""
        parties = "\n".join(f"- {party.name} ({party.role_label})" for party in self.party_ids)
        content = self.env._(
            "Village mediation %(number)s of %(date)s failed.\n\nMatter:\n%(matter)s\n\nParties:\n%(parties)s"
            "\n\nResult:\n%(result)s",
            number=self.name if self.name != "/" else "", date=self.date, matter=self.description or "",
            parties=parties, result=self.result or "")
        return {
            "subject": first_line[:SUBJECT_LENGTH] or self.category_id.display_name,
            "content": content,
            "channel": "visit",
            "village_id": self.village_id.id,
            "category_id": self.category_id.id,
            "company_id": self.company_id.id,
            "petitioner_id": applicant._get_petitioner().id,
            "registration_date": min(township_today(self), fields.Date.context_today(self)),
        }
