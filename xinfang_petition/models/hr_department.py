from collections import defaultdict

from odoo import api, fields, models

from ..rules import OPEN_STATES

# The petition office's own roles, in the order that names the office when looking for it.
OFFICE_ROLES = ("office_director", "office_deputy", "staff")


def open_petition_counts(env, field_name, ids):
    """{id: [open, overdue]} of the open petitions whose ``field_name`` holds one of ``ids``.

    One grouped query for the whole batch; a many2many field counts each of its records.
    The caller's record rules apply: the counts match what the smart button then opens.
    """
    counts = defaultdict(lambda: [0, 0])
    if not ids:
        return counts
    groups = env["xinfang.petition"]._read_group(
        [(field_name, "in", list(ids)), ("state", "in", OPEN_STATES)],
        [field_name, "deadline_status"], ["__count"],
    )
    for record, status, count in groups:
        counts[record.id][0] += count
        if status == "overdue":
            counts[record.id][1] += count
    return counts


def petition_action(env, domain, title):
    """The petitions action restricted to ``domain``; ``xinfang_overdue`` in the context keeps the overdue ones."""
    action = env["ir.actions.act_window"]._for_xml_id("xinfang_petition.action_xinfang_petition")
    if env.context.get("xinfang_overdue"):
        domain = [*domain, ("deadline_status", "=", "overdue")]
        title = env._("Overdue Petitions: %(name)s", name=title)
    else:
        title = env._("Open Petitions: %(name)s", name=title)
    action.update(name=title, domain=domain, context={"create": False})
    return action


class HrDepartment(models.Model):
    """Township offices and village committees are the units that handle petitions; the smart buttons
    count a unit's open and overdue petitions, as lead or co-handling unit."""

    _inherit = "hr.department"

    xinfang_unit_type = fields.Selection(
        [("office", "Township Office"), ("village", "Village Committee"),
         ("discipline", "Discipline Inspection")],
        string="Petition Unit Type",
        help="Village committees are the areas petitions arise in; offices handle them. Accusations "
        "go to discipline inspection, never to the accused unit.",
    )
    population = fields.Integer(help="Registered residents; used for the petition incidence rate.")
    xinfang_open_petition_count = fields.Integer(
        string="Open Petitions", compute="_compute_xinfang_petition_counts",
        groups="xinfang_petition.group_xinfang_staff",
        help="Open petitions this unit leads or co-handles.",
    )
    xinfang_overdue_petition_count = fields.Integer(
        string="Overdue Petitions", compute="_compute_xinfang_petition_counts",
        groups="xinfang_petition.group_xinfang_staff",
    )

    _population_positive = models.Constraint(
        "CHECK (population >= 0)", "The population cannot be negative."
    )

    @api.model
    def _xinfang_villages(self):
        """All active village committees, ordered by name."""
        return self.search([("xinfang_unit_type", "=", "village")], order="name")

    @api.model
    def _xinfang_discipline_unit(self, company=None):
        """The discipline inspection unit (纪检监察) of the company, else an empty recordset."""
        company = company or self.env.company
        return self.search([("xinfang_unit_type", "=", "discipline"), ("company_id", "in", [company.id, False])],
                           order="id", limit=1)

    def _compute_xinfang_petition_counts(self):
        ids = self._origin.ids
        # A unit is never both lead and co-handling unit of the same petition (assignment constraint).
        lead = open_petition_counts(self.env, "lead_unit_id", ids)
        joint = open_petition_counts(self.env, "co_unit_ids", ids)
        for department in self:
            key = department._origin.id
            department.xinfang_open_petition_count = lead[key][0] + joint[key][0]
            department.xinfang_overdue_petition_count = lead[key][1] + joint[key][1]

    def action_open_xinfang_petitions(self):
        """The unit's open petitions (``xinfang_overdue`` in the context: only the overdue ones)."""
        self.ensure_one()
        domain = ["|", ("lead_unit_id", "=", self.id), ("co_unit_ids", "in", self.ids), ("state", "in", OPEN_STATES)]
        return petition_action(self.env, domain, self.display_name)

    @api.model
    def _xinfang_petition_office(self, company=None):
        """The petition office (信访办): the unit of the office director, else of the executive
        deputy, else of the office staff; an empty recordset when nobody holds those roles."""
        company = company or self.env.company
        # Public profiles: every employee may read who holds which role in which unit.
        people = self.env["hr.employee.public"].search([
            ("xinfang_role", "in", OFFICE_ROLES), ("department_id", "!=", False), ("company_id", "=", company.id),
        ], order="id")
        for role in OFFICE_ROLES:
            holder = people.filtered(lambda e, r=role: e.xinfang_role == r)[:1]
            if holder:
                return holder.department_id
        return self.browse()
