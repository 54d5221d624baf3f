from odoo import api, fields, models
from odoo.tools import SQL

APPROVAL_MODELS = {"xinfang.extension": "extension", "xinfang.assignment": "assignment"}


class XinfangApproval(models.Model):
    """The leader's inbox (待我审批): one row per tier review of an extension or an assignment that the
    reviewer can act on now. A database view over ``tier.review``; the record rules keep each user to the
    reviews addressed to them (directly or through one of their groups)."""

    _name = "xinfang.approval"
    _description = "Approval Waiting"
    _auto = False
    _order = "request_date, id"
    _rec_name = "petition_number"

    review_id = fields.Many2one("tier.review", string="Approval Request", readonly=True)
    kind = fields.Selection(
        [("extension", "Extension"), ("assignment", "Assignment")], string="Type", readonly=True
    )
    extension_id = fields.Many2one("xinfang.extension", readonly=True)
    assignment_id = fields.Many2one("xinfang.assignment", readonly=True)
    petition_id = fields.Many2one("xinfang.petition", readonly=True)
    petition_number = fields.Char(readonly=True)
    subject = fields.Char(readonly=True)
    unit_id = fields.Many2one("hr.department", string="Lead Unit", readonly=True)
    days = fields.Integer(string="Requested Days", readonly=True)
    due_date = fields.Date(readonly=True)
    requested_by_id = fields.Many2one("res.users", readonly=True)
    request_date = fields.Datetime(string="Requested On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    reviewer_ids = fields.Many2many(related="review_id.reviewer_ids")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT r.id AS id,
                   r.id AS review_id,
                   CASE WHEN e.id IS NOT NULL THEN 'extension' ELSE 'assignment' END AS kind,
                   e.id AS extension_id,
                   a.id AS assignment_id,
                   p.id AS petition_id,
                   p.name AS petition_number,
                   p.subject AS subject,
                   CASE WHEN a.id IS NOT NULL THEN a.lead_unit_id ELSE p.lead_unit_id END AS unit_id,
                   e.days AS days,
                   a.due_date AS due_date,
                   r.requested_by AS requested_by_id,
                   r.create_date AS request_date,
                   p.company_id AS company_id
              FROM tier_review r
         LEFT JOIN xinfang_extension e ON r.model = 'xinfang.extension' AND e.id = r.res_id AND e.state = 'draft'
         LEFT JOIN xinfang_assignment a ON r.model = 'xinfang.assignment' AND a.id = r.res_id AND a.state = 'draft'
              JOIN xinfang_petition p ON p.id = COALESCE(e.petition_id, a.petition_id)
             WHERE r.model IN %(models)s
               AND r.status IN ('waiting', 'pending')
               AND r.can_review
            """,
            models=tuple(APPROVAL_MODELS),
        )

    @api.depends("extension_id", "assignment_id")
    def _compute_display_name(self):
        for approval in self:
            document = approval.extension_id or approval.assignment_id
            approval.display_name = document.display_name if document else approval.petition_number

    def _document(self):
        self.ensure_one()
        return self.extension_id or self.assignment_id

    def action_open_document(self):
        """Row click: open the extension or assignment itself, where the Validate / Reject buttons are."""
        document = self._document()
        return {
            "type": "ir.actions.act_window",
            "res_model": document._name,
            "res_id": document.id,
            "views": [(False, "form")],
            "target": "current",
        }
