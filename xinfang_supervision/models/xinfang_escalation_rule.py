from odoo import api, fields, models
from odoo.exceptions import ValidationError

DESTINATION_LEVELS = [
    ("county", "County"),
    ("city", "City"),
    ("province", "Province"),
    ("national", "National (Beijing)"),
]
LEADER_LEVELS = [("deputy", "Deputy Leader"), ("principal", "Principal Leader")]
# hr.employee.xinfang_role -> the leader level it fulfils
ROLE_LEADER_LEVEL = {"principal_leader": "principal", "deputy_leader": "deputy"}
LEADER_LEVEL_RANK = {"deputy": 1, "principal": 2}
# What a rule times: the arrival on site (county, city), or the departure of the leaders (province,
# Beijing: they set off at once and no arrival deadline applies).
CLOCKS = [("arrival", "Arrival On Site"), ("departure", "Departure")]


class XinfangEscalationRule(models.Model):
    """Who must go to a collective cross-level visit, and how fast (越级集体访现场劝返).

    A rule covers one destination level and a head-count band ``[min, max)``: the lower bound is
    inclusive, so a visit of exactly the threshold size belongs to the higher band (以上含本数).
    Visits matching no rule (fewer than five people by default) need no leader on site.

    A rule times either the arrival on site (``arrival_minutes`` after the township is notified: the
    case leader's arrival when the visit's petition has a leader case, else the first leader of the
    required level) or, for the province and Beijing, the departure (``departure_minutes``): the
    principal leaders set off at once and there is no arrival deadline.
    """

    _name = "xinfang.escalation.rule"
    _description = "Collective Visit Escalation Rule"
    _order = "destination_level, min_head_count"

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True)
    destination_level = fields.Selection(DESTINATION_LEVELS, required=True, index=True)
    min_head_count = fields.Integer(
        string="From (people)", required=True, default=5,
        help="Inclusive: a visit of exactly this many people falls in this band.",
    )
    max_head_count = fields.Integer(
        string="Below (people)", default=0,
        help="Exclusive upper bound: a visit of this many people falls in the next band. 0 = no upper bound.",
    )
    required_leader_level = fields.Selection(
        LEADER_LEVELS, required=True, default="deputy",
        help="The lowest leader level that must be on site. A principal leader also fulfils a deputy rule.",
    )
    clock = fields.Selection(
        CLOCKS, string="Timed", required=True, default="arrival",
        help="Arrival On Site: the leader must be on site within the arrival minutes. Departure: the leaders "
        "must set off within the departure minutes; no arrival deadline applies.",
    )
    arrival_minutes = fields.Integer(
        string="Arrival Within (minutes)", required=True, default=60,
        help="Minutes after the township is notified by which the leader must be on site (rules timing the "
        "arrival). 0 = at once.",
    )
    departure_minutes = fields.Integer(
        string="Departure Within (minutes)", required=True, default=120,
        help="Minutes after the township is notified by which the leaders must have set off (rules timing the "
        "departure).",
    )
    note = fields.Char(translate=True, help="The clause of the township's rules this implements.")

    _min_positive = models.Constraint("CHECK (min_head_count >= 1)", "The band must start at 1 person or more.")
    _max_after_min = models.Constraint(
        "CHECK (max_head_count = 0 OR max_head_count > min_head_count)",
        "The upper bound must be above the lower bound, or 0 for no upper bound.",
    )
    _minutes_positive = models.Constraint("CHECK (arrival_minutes >= 0)", "The arrival time cannot be negative.")
    _departure_minutes_positive = models.Constraint(
        "CHECK (departure_minutes >= 0)", "The departure time cannot be negative.")

    @api.depends("destination_level", "min_head_count", "max_head_count", "required_leader_level")
    def _compute_name(self):
        levels = dict(DESTINATION_LEVELS)
        leaders = dict(LEADER_LEVELS)
        for rule in self:
            upper = f"–{rule.max_head_count - 1}" if rule.max_head_count else "+"
            rule.name = (f"{levels.get(rule.destination_level, '')} {rule.min_head_count}{upper}: "
                         f"{leaders.get(rule.required_leader_level, '')}")

    @api.constrains("destination_level", "min_head_count", "max_head_count", "active")
    def _check_no_overlap(self):
        """Bands of one destination level never overlap, so a visit matches at most one rule."""
        for rule in self.filtered("active"):
            others = self.search([
                ("destination_level", "=", rule.destination_level), ("id", "!=", rule.id),
            ])
            for other in others:
                if rule._overlaps(other):
                    raise ValidationError(self.env._(
                        "The head-count bands of %(rule)s and %(other)s overlap: a visit must match one rule only.",
                        rule=rule.name, other=other.name))

    def _overlaps(self, other):
        """Half-open bands [min, max) with max 0 meaning unbounded."""
        self.ensure_one()
        self_max = self.max_head_count or float("inf")
        other_max = other.max_head_count or float("inf")
        return self.min_head_count < other_max and other.min_head_count < self_max

    @api.model
    def _match(self, destination_level, head_count):
        """The active rule for a visit of ``head_count`` people to ``destination_level``, or an empty recordset."""
        if not destination_level or not head_count:
            return self.browse()
        return self.search([
            ("destination_level", "=", destination_level),
            ("min_head_count", "<=", head_count),
            "|", ("max_head_count", "=", 0), ("max_head_count", ">", head_count),
        ], limit=1)
