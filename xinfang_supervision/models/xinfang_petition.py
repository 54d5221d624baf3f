from odoo import api, fields, models


class XinfangPetition(models.Model):
    """Leadership on the petition: leader cases, reception days, field visits, proxy petitioning, portfolio."""

    _inherit = "xinfang.petition"

    # --- leader case ownership (领导包案) ---------------------------------------------------------
    leader_case_ids = fields.Many2many(
        "xinfang.leader.case", "xinfang_leader_case_petition_rel", "petition_id", "case_id",
        string="Leader Cases", copy=False, groups="xinfang_petition.group_xinfang_handler",
    )
    leader_case_count = fields.Integer(
        compute="_compute_leader_case_count", groups="xinfang_petition.group_xinfang_handler")

    # --- leader reception day (领导接待日) and field visit (干部下访) ------------------------------
    reception_day_id = fields.Many2one(
        "xinfang.reception.day", string="Reception Day", compute="_compute_reception_day_id",
        store=True, readonly=False, index="btree_not_null", copy=False, tracking=True,
        help="The leader reception day on which the visit was received; set from the registration date.",
    )
    field_visit_id = fields.Many2one(
        "xinfang.field.visit", string="Field Visit", index="btree_not_null", copy=False,
        help="The cadre field visit on which the matter was reported.",
    )

    # --- proxy petitioning (干部代访) ------------------------------------------------------------
    proxy_visit_ids = fields.One2many(
        "xinfang.proxy.visit", "petition_id", copy=False,
        groups="xinfang_petition.group_xinfang_mediator,xinfang_petition.group_xinfang_handler",
        help="Cadres who carried the matter to an upper department on the petitioner's behalf.",
    )
    proxy_visit_count = fields.Integer(
        compute="_compute_proxy_visit_count",
        groups="xinfang_petition.group_xinfang_mediator,xinfang_petition.group_xinfang_handler")

    # --- portfolio (一岗双责) ---------------------------------------------------------------------
    responsible_leader_id = fields.Many2one(
        "hr.employee", string="Responsible Leader", compute="_compute_responsible_leader_id", store=True,
        index="btree_not_null",
        help="The deputy leader whose portfolio covers the petition: the category's, else the lead unit's.",
    )

    @api.depends("leader_case_ids")
    def _compute_leader_case_count(self):
        for petition in self:
            petition.leader_case_count = len(petition.leader_case_ids)

    @api.depends("proxy_visit_ids")
    def _compute_proxy_visit_count(self):
        for petition in self:
            petition.proxy_visit_count = len(petition.proxy_visit_ids)

    @api.depends("channel", "registration_date", "company_id")
    def _compute_reception_day_id(self):
        visits = self.filtered(lambda p: p.channel == "visit" and p.registration_date)
        (self - visits).reception_day_id = False
        if not visits:
            return
        # sudo: mediators read only the published roster, yet a visit received on an unpublished
        # day still belongs to it; only the link is stored.
        days = self.env["xinfang.reception.day"].sudo().search([
            ("date", "in", list(set(visits.mapped("registration_date")))),
            ("company_id", "in", visits.company_id.ids),
        ])
        by_key = {(day.date, day.company_id): day for day in days}
        for petition in visits:
            day = by_key.get((petition.registration_date, petition.company_id))
            petition.reception_day_id = day.id if day else False

    @api.depends("category_id.effective_deputy_leader_id", "lead_unit_id.deputy_leader_id")
    def _compute_responsible_leader_id(self):
        # Performance (make bench, import): one assignment per category and unit, not per petition
        for (category, unit), petitions in self.grouped(lambda p: (p.category_id, p.lead_unit_id)).items():
            petitions.responsible_leader_id = category.effective_deputy_leader_id or unit.deputy_leader_id

    def _has_leader_case(self):
        """Whether a leader case that is not cancelled covers the petition.

        sudo: the rule must see every case, whatever the current user's access to leader cases.
        """
        self.ensure_one()
        return bool(self.env["xinfang.leader.case"].sudo().search_count(
            [("petition_ids", "in", self.ids), ("state", "!=", "cancel")], limit=1))

    # ------------------------------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------------------------------
    def action_view_leader_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_supervision.action_xinfang_leader_case")
        action.update(
            domain=[("petition_ids", "in", self.ids)],
            context={"default_petition_ids": [fields.Command.set(self.ids)]},
        )
        return action

    def action_view_proxy_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_supervision.action_xinfang_proxy_visit")
        action.update(
            domain=[("petition_id", "=", self.id)],
            context={"default_petition_id": self.id},
        )
        return action

    @api.model
    def _my_responsibility_domain(self):
        """Petitions in my portfolio (一岗双责) or in my leader cases; everything for the principal leader."""
        employees = self.env.user.employee_ids
        if "principal_leader" in employees.mapped("xinfang_role"):
            return []
        return ["|", ("responsible_leader_id", "in", employees.ids),
                ("leader_case_ids", "any", [("leader_id", "in", employees.ids), ("state", "!=", "cancel")])]

    @api.model
    def action_my_responsibility(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_petition.action_xinfang_petition")
        action.update(
            name=self.env._("My Responsibility"),
            domain=self._my_responsibility_domain(),
            context={"search_default_filter_open": 1},
        )
        return action
