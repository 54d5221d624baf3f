"""Cross-level (越级) is lodged above the township; a village matter lodged at the township is passed up."""

from odoo.tests import tagged

from .common import XinfangCase, load_migration


@tagged("post_install", "-at_install")
class TestCrossLevel(XinfangCase):

    def test_cross_level_and_passed_up(self):
        # (lodged, responsible) -> (cross-level, passed up)
        cases = {
            ("village", "village"): (False, False),
            ("township", "village"): (False, True),  # passed up, not 越级
            ("township", "township"): (False, False),
            ("county", "village"): (True, False),
            ("county", "township"): (True, False),
            ("city", "township"): (True, False),
            ("province", "township"): (True, False),
            ("national", "township"): (True, False),
            ("county", "county"): (False, False),  # the county's own matter
            ("city", "county"): (True, False),
            ("village", "township"): (False, False),  # lodged below the responsible level
        }
        for (lodged, responsible), (cross, passed_up) in cases.items():
            with self.subTest(lodged=lodged, responsible=responsible):
                petition = self.new_petition(lodged_level=lodged, responsible_level=responsible)
                self.assertEqual((petition.is_cross_level, petition.is_passed_up), (cross, passed_up))

    def test_changing_the_levels_recomputes(self):
        petition = self.new_petition(lodged_level="township", responsible_level="village")
        petition.lodged_level = "county"
        self.assertEqual((petition.is_cross_level, petition.is_passed_up), (True, False))
        petition.responsible_level = "county"
        self.assertEqual((petition.is_cross_level, petition.is_passed_up), (False, False))

    def test_metrics_view_rates(self):
        for lodged, responsible in (("township", "village"), ("county", "township"), ("township", "township"),
                                    ("village", "village")):
            self.registered(lodged_level=lodged, responsible_level=responsible, village_id=self.village_b.id)
        [(count, cross, passed_up)] = self.env["xinfang.petition.report"]._read_group(
            [("village_id", "=", self.village_b.id)], [], ["__count", "cross_level_rate:avg", "passed_up_rate:avg"])
        self.assertEqual((count, cross, passed_up), (4, 25.0, 25.0))


@tagged("post_install", "-at_install")
class TestMigrationCrossLevel(XinfangCase):

    def test_migration_applies_the_new_definition(self):
        """On a register shaped as 19.0.1.1.0 (越级 = lodged above the responsible level, no passed-up flag)."""
        passed_up = self.new_petition(lodged_level="township", responsible_level="village")
        cross = self.new_petition(lodged_level="county", responsible_level="township")
        own = self.new_petition(lodged_level="township", responsible_level="township")
        self.env.flush_all()
        self.env.cr.execute("UPDATE xinfang_petition SET is_passed_up = NULL WHERE id IN %s",
                            [(passed_up | cross | own)._ids])
        self.env.cr.execute("UPDATE xinfang_petition SET is_cross_level = TRUE WHERE id = %s", [passed_up.id])
        self.env.invalidate_all()
        self.assertTrue(passed_up.is_cross_level)

        load_migration("19.0.1.2.0", "post-cross_level").migrate(self.env.cr, "19.0.1.1.0")
        self.env.invalidate_all()
        self.assertRecordValues(passed_up | cross | own, [
            {"is_cross_level": False, "is_passed_up": True},
            {"is_cross_level": True, "is_passed_up": False},
            {"is_cross_level": False, "is_passed_up": False},
        ])
        # run twice: nothing changes
        load_migration("19.0.1.2.0", "post-cross_level").migrate(self.env.cr, "19.0.1.2.0")
        self.env.invalidate_all()
        self.assertEqual((passed_up | cross | own).mapped("is_cross_level"), [False, True, False])
