from odoo import api, fields, models

from ..tools import read_setting

# rule -> (petition role, (minimum parameter, default), (maximum parameter, default) or None: no maximum)
OFFICE_RULES = {
    "office_director": ("office_director", ("staffing_director_min", 1), ("staffing_director_max", 1)),
    "office_deputy": ("office_deputy", ("staffing_deputy_min", 1), ("staffing_deputy_max", 1)),
    "office_staff": ("staff", ("staffing_staff_min", 1), ("staffing_staff_max", 2)),
}
VILLAGE_RULE = ("village_mediator", "mediator", ("staffing_mediator_min", 1), None)


class XinfangStaffingCheck(models.TransientModel):
    """One line of the staffing check: a rule of the petition roster, who holds the role, and the gap.

    The township's rules: the office has a director, an executive deputy and one or two staff; every
    village committee has a mediator (信访调处员). The numbers are system parameters
    ``xinfang_petition.staffing_*`` (defaults in OFFICE_RULES / VILLAGE_RULE). Lines are rebuilt each
    time the check is opened, from the employees' petition roles.
    """

    _name = "xinfang.staffing.check"
    _description = "Petition Staffing Check"
    _inherit = ["hr.mixin"]  # lets users without HR rights set the employees (public profiles) on a line
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    rule = fields.Selection(
        [
            ("office_director", "The petition office has a director"),
            ("office_deputy", "The petition office has an executive deputy director"),
            ("office_staff", "The petition office has its staff"),
            ("village_mediator", "The village has a mediator"),
        ],
        required=True, readonly=True,
    )
    department_id = fields.Many2one("hr.department", string="Unit or Village", readonly=True)
    employee_ids = fields.Many2many(
        "hr.employee", "xinfang_staffing_check_employee_rel", "check_id", "employee_id",
        string="Current People", readonly=True,
    )
    count = fields.Integer(string="Number", readonly=True)
    expected = fields.Char(readonly=True, help="How many people the rule asks for.")
    status = fields.Selection(
        [("ok", "OK"), ("missing", "Missing"), ("too_many", "Too Many")], required=True, readonly=True,
    )

    @api.model
    def action_open_staffing_check(self):
        """Rebuild the check for the current company and open it."""
        lines = self.create(self._prepare_check_lines())
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_petition.action_xinfang_staffing_check")
        action["domain"] = [("id", "in", lines.ids)]
        return action

    @api.model
    def _prepare_check_lines(self):
        """Values of one line per office rule and one per village."""
        company = self.env.company
        roles = [role for role, _min, _max in OFFICE_RULES.values()] + [VILLAGE_RULE[1]]
        # Public profiles: the office director need not be an HR officer to see who holds which role.
        people = self.env["hr.employee.public"].search(
            [("xinfang_role", "in", roles), ("company_id", "=", company.id)], order="name, id")
        office = self.env["hr.department"]._xinfang_petition_office(company)
        vals_list = []
        for sequence, (rule, (role, minimum, maximum)) in enumerate(OFFICE_RULES.items()):
            holders = people.filtered(lambda e, r=role: e.xinfang_role == r)
            vals_list.append(self._prepare_line(sequence, rule, office, holders, minimum, maximum))
        rule, role, minimum, maximum = VILLAGE_RULE
        mediators = people.filtered(lambda e: e.xinfang_role == role)
        villages = self.env["hr.department"]._xinfang_villages().filtered(
            lambda v: not v.company_id or v.company_id == company)
        for village in villages:
            holders = mediators.filtered(lambda e, v=village: e.xinfang_village_id == v)
            vals_list.append(self._prepare_line(100, rule, village, holders, minimum, maximum))
        return vals_list

    def _prepare_line(self, sequence, rule, department, holders, minimum, maximum):
        low = self._get_staffing_param(*minimum)
        high = self._get_staffing_param(*maximum) if maximum else None
        count = len(holders)
        if count < low:
            status = "missing"
        elif high is not None and count > high:
            status = "too_many"
        else:
            status = "ok"
        if high is None:
            expected = f"≥ {low}"
        elif low == high:
            expected = str(low)
        else:
            expected = f"{low}–{high}"
        return {
            "sequence": sequence, "rule": rule, "department_id": department.id,
            "employee_ids": [fields.Command.set(holders.ids)], "count": count, "expected": expected,
            "status": status,
        }

    @api.model
    def _get_staffing_param(self, key, default):
        return read_setting(self.env, f"xinfang_petition.{key}", default)
