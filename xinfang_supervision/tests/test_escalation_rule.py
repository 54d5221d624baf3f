from psycopg2 import IntegrityError

from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestEscalationRules(XinfangCase):
    """The shipped rules: which leader level, how fast, for each destination and head count."""

    def _match(self, level, head_count):
        return self.env["xinfang.escalation.rule"]._match(level, head_count)

    def assertRule(self, level, head_count, leader_level, minutes):
        rule = self._match(level, head_count)
        self.assertTrue(rule, f"{level} with {head_count} people should match a rule")
        self.assertEqual((rule.required_leader_level, rule.arrival_minutes), (leader_level, minutes),
                         f"{level} with {head_count} people")

    def test_fewer_than_five_people_no_rule(self):
        for level in ("county", "city", "province", "national"):
            self.assertFalse(self._match(level, 4), level)
            self.assertFalse(self._match(level, 1), level)
            self.assertTrue(self._match(level, 5), level)

    def test_county_bands_threshold_belongs_to_higher_band(self):
        self.assertRule("county", 5, "deputy", 60)
        self.assertRule("county", 29, "deputy", 60)
        self.assertRule("county", 30, "principal", 60)
        self.assertRule("county", 500, "principal", 60)

    def test_city_bands_threshold_belongs_to_higher_band(self):
        """The city threshold is 10 (the garbled source number read as 10): 9 deputy, 10 principal."""
        self.assertRule("city", 5, "deputy", 120)
        self.assertRule("city", 9, "deputy", 120)
        self.assertRule("city", 10, "principal", 120)
        self.assertRule("city", 19, "principal", 120)
        for level in ("county", "city"):
            self.assertEqual(self._match(level, 10).clock, "arrival")

    def test_province_and_national_principal_departure_timed(self):
        """赴省、进京 5 or more: the principal sets off within 2 hours; no arrival deadline."""
        for level in ("province", "national"):
            for head_count in (5, 200):
                rule = self._match(level, head_count)
                self.assertRecordValues(rule, [{"required_leader_level": "principal", "clock": "departure",
                                                "departure_minutes": 120}])

    def test_departure_minutes_cannot_be_negative(self):
        rule = self.env.ref("xinfang_supervision.escalation_rule_national")
        rule.departure_minutes = 0  # at once is allowed
        with self.assertRaises(IntegrityError), self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
            rule.departure_minutes = -1
            self.env.flush_all()

    def test_bands_of_one_level_must_not_overlap(self):
        Rule = self.env["xinfang.escalation.rule"]
        with self.assertRaises(ValidationError):
            Rule.create({"destination_level": "county", "min_head_count": 20, "max_head_count": 40,
                         "required_leader_level": "principal", "arrival_minutes": 30})
        with self.assertRaises(ValidationError):
            # an open-ended band overlaps every band above its start
            Rule.create({"destination_level": "city", "min_head_count": 100, "max_head_count": 0,
                         "required_leader_level": "principal", "arrival_minutes": 30})
        # adjacent bands [1, 5) and [5, 30) do not overlap; other levels are independent
        small = Rule.create({"destination_level": "county", "min_head_count": 1, "max_head_count": 5,
                             "required_leader_level": "deputy", "arrival_minutes": 180})
        self.assertEqual(self._match("county", 4), small)
        self.assertRule("county", 5, "deputy", 60)
        # widening a shipped band into its neighbour is refused as well
        with self.assertRaises(ValidationError):
            self.env.ref("xinfang_supervision.escalation_rule_county_deputy").max_head_count = 31
        # an archived rule no longer blocks a replacement band
        self.env.ref("xinfang_supervision.escalation_rule_county_principal").action_archive()
        Rule.create({"destination_level": "county", "min_head_count": 30, "max_head_count": 0,
                     "required_leader_level": "principal", "arrival_minutes": 45})
        self.assertRule("county", 30, "principal", 45)

    def test_band_bounds_are_checked(self):
        Rule = self.env["xinfang.escalation.rule"]
        with self.assertRaises(IntegrityError), self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
            Rule.create({"destination_level": "national", "min_head_count": 10, "max_head_count": 10,
                         "required_leader_level": "principal", "arrival_minutes": 0})
            self.env.flush_all()
        with self.assertRaises(IntegrityError), self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
            Rule.create({"destination_level": "national", "min_head_count": 1, "max_head_count": 5,
                         "required_leader_level": "principal", "arrival_minutes": -1})
            self.env.flush_all()

    def test_director_edits_rules_others_read_them(self):
        rule = self.env.ref("xinfang_supervision.escalation_rule_city_principal")
        rule.with_user(self.user_director).write({"min_head_count": 25})
        self.assertFalse(self._match("city", 24), "the edited bands leave 10-24 uncovered")
        self.assertEqual(self._match("city", 25), rule)
        self.assertTrue(rule.with_user(self.user_mediator).read(["required_leader_level"]))
        with self.assertRaises(AccessError):
            rule.with_user(self.user_leader).write({"arrival_minutes": 10})
