"""Routing by jurisdiction (属地管理、谁主管谁负责): who should lead a petition, with whom, and who handles it."""

from odoo import models

from ..rules import OPEN_STATES

# Members of a unit who handle its petitions: handlers, and the office staff for what the office leads.
HANDLING_ROLES = ("handler", "staff")


class XinfangPetitionRouting(models.AbstractModel):
    """Routing by jurisdiction: the lead unit, co-handling units and handler the system proposes."""

    _name = "xinfang.petition.routing"
    _description = "Petition Routing"

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
