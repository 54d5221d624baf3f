"""Routing by jurisdiction (属地管理、谁主管谁负责): who should lead a petition, with whom, and who handles it."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .xinfang_petition import OPEN_STATES

# Members of a unit who handle its petitions: handlers, and the office staff for what the office leads.
HANDLING_ROLES = ("handler", "staff")


class XinfangCategory(models.Model):
    _inherit = "xinfang.category"

    village_solvable = fields.Boolean(
        string="Solvable in the Village",
        help="Matters of this kind (and of its subcategories) that arise in a village are led by the "
        "village committee when no township unit is in charge of the category (小事不出村).",
    )

    def _get_routing_unit(self):
        """The category's default lead unit, else its nearest ancestor's."""
        self.ensure_one()
        category = self
        while category and not category.default_unit_id:
            category = category.parent_id
        return category.default_unit_id

    def _is_village_solvable(self):
        """Whether the category or one of its ancestors is solvable in the village."""
        self.ensure_one()
        category = self
        while category and not category.village_solvable:
            category = category.parent_id
        return bool(category)


class XinfangPetition(models.Model):
    _inherit = "xinfang.petition"

    def _get_routing_proposal(self):
        """The routing the system proposes for the assignment of this petition.

        Returns a dict with ``lead_unit`` (hr.department, may be empty), ``co_units`` (hr.department),
        ``handler`` (hr.employee, may be empty) and ``rule``: why the lead unit was chosen
        ('discipline', 'category', 'village', 'office', or False when no unit could be proposed).
        The accused unit of an accusation is never proposed, neither as lead nor as co-handling unit.
        """
        self.ensure_one()
        lead_unit, rule = self._get_routing_lead_unit()
        return {
            "lead_unit": lead_unit,
            "co_units": self._get_routing_co_units(lead_unit),
            "handler": self._get_routing_handler(lead_unit),
            "rule": rule if lead_unit else False,
        }

    def _get_routing_lead_unit(self):
        """(unit, rule): for an accusation the discipline inspection unit (纪检监察); else the unit in charge
        of the category (谁主管谁负责), else the village committee for a village matter solvable there
        (属地管理), else the petition office. The accused unit of an accusation is skipped at every step."""
        self.ensure_one()
        Department = self.env["hr.department"]
        if self.nature == "accusation":
            accused = self.accused_unit_id
            unit = Department._xinfang_discipline_unit(self.company_id)
            if unit and unit != accused:
                return unit, "discipline"
            unit, rule = self._get_routing_jurisdiction_unit()
            if unit == accused:
                unit, rule = Department._xinfang_petition_office(self.company_id), "office"
            return (unit, rule) if unit != accused else (Department, False)
        return self._get_routing_jurisdiction_unit()

    def _get_routing_jurisdiction_unit(self):
        """(unit, rule) by jurisdiction: category unit, else village committee, else petition office."""
        self.ensure_one()
        unit = self.category_id._get_routing_unit() if self.category_id else self.env["hr.department"]
        if unit:
            return unit, "category"
        if self.village_id and self.category_id and self.category_id._is_village_solvable():
            return self.village_id, "village"
        return self.env["hr.department"]._xinfang_petition_office(self.company_id), "office"

    def _get_routing_co_units(self, lead_unit):
        """Co-handling units: the village committee where the matter arose, when an office leads."""
        self.ensure_one()
        if (lead_unit.xinfang_unit_type == "office" and self.village_id and self.village_id != lead_unit
                and not (self.nature == "accusation" and self.village_id == self.accused_unit_id)):
            return self.village_id
        return self.env["hr.department"]

    def _get_routing_handler(self, unit):
        """The unit's handler with a user and the fewest open petitions, else the unit's manager if he
        has a user, else an empty recordset.

        Handlers are the unit's members with a handling role (HANDLING_ROLES) and, for a village
        committee, the village's mediators (调处员).
        """
        self.ensure_one()
        Employee = self.env["hr.employee"]
        if not unit:
            return Employee
        # Public profiles: whoever assigns may read roles, units and users of colleagues without HR rights.
        Public = self.env["hr.employee.public"]
        members = [("department_id", "=", unit.id), ("xinfang_role", "in", HANDLING_ROLES)]
        if unit.xinfang_unit_type == "village":
            members = ["|", "&", *members, "&", ("xinfang_village_id", "=", unit.id), ("xinfang_role", "=", "mediator")]
        candidates = Public.search([*members, ("user_id", "!=", False), ("company_id", "=", self.company_id.id)])
        if candidates:
            # sudo: the workload counts every unit's petitions, not only those the proposing user may
            # read; nothing but the numbers leaves this query.
            groups = self.env["xinfang.petition"].sudo()._read_group(
                [("handler_id", "in", candidates.ids), ("state", "in", OPEN_STATES)], ["handler_id"], ["__count"])
            load = {employee.id: count for employee, count in groups}
            return Employee.browse(min(candidates.ids, key=lambda id_: (load.get(id_, 0), id_)))
        if Public.browse(unit.manager_id.id).user_id:
            return unit.manager_id
        return Employee


class XinfangAssignment(models.Model):
    _inherit = "xinfang.assignment"

    proposed_unit_id = fields.Many2one(
        "hr.department", string="Proposed Lead Unit", readonly=True,
        help="The lead unit the system proposed by jurisdiction when the assignment was made.",
    )
    proposed_handler_id = fields.Many2one(
        "hr.employee", string="Proposed Handler", readonly=True,
        help="The handler the system proposed: the proposed unit's handler with the fewest open petitions.",
    )
    override_reason = fields.Text(
        string="Reason for Override", tracking=True,
        help="Why the petition office chose another lead unit or handler than the proposed ones.",
    )
    is_routing_override = fields.Boolean(
        string="Routing Overridden", compute="_compute_is_routing_override", store=True,
    )

    @api.depends("proposed_unit_id", "proposed_handler_id", "lead_unit_id", "handler_id")
    def _compute_is_routing_override(self):
        for assignment in self:
            assignment.is_routing_override = is_override(
                assignment.proposed_unit_id, assignment.proposed_handler_id,
                assignment.lead_unit_id, assignment.handler_id)

    @api.constrains("proposed_unit_id", "proposed_handler_id", "lead_unit_id", "handler_id", "override_reason")
    def _check_override_reason(self):
        for assignment in self:
            overridden = is_override(assignment.proposed_unit_id, assignment.proposed_handler_id,
                                     assignment.lead_unit_id, assignment.handler_id)
            if overridden and not (assignment.override_reason or "").strip():
                raise ValidationError(self.env._(
                    "The proposed lead unit was %(unit)s with handler %(handler)s: give the reason for assigning "
                    "to %(chosen_unit)s / %(chosen_handler)s instead.",
                    unit=assignment.proposed_unit_id.display_name,
                    handler=assignment.proposed_handler_id.name or "-",
                    chosen_unit=assignment.lead_unit_id.display_name,
                    chosen_handler=assignment.handler_id.name,
                ))


def is_override(proposed_unit, proposed_handler, unit, handler):
    """Another lead unit than the proposed one, or another handler than a proposed handler."""
    if not proposed_unit:
        return False
    return unit != proposed_unit or bool(proposed_handler and handler != proposed_handler)
