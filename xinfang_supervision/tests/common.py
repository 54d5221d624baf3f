from datetime import datetime

from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.tests import freeze_time


class SupervisionCase(XinfangCase):
    """The township of XinfangCase with an employee for the staff user (task owner, cadre)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff_employee = cls._employee("Staff Zhao", cls.user_staff, "staff")

    @classmethod
    def _employee(cls, name, user, role, **vals):
        """The employee ``name`` of ``user`` with the petition role ``role``."""
        return cls.env["hr.employee"].create({"name": name, "user_id": user.id, "xinfang_role": role, **vals})


# When the township is notified of the collective visits the tests create (a Monday, 16:00 in Shanghai).
VISIT_NOTIFIED = datetime(2026, 3, 2, 8, 0, 0)


class CollectiveVisitMixin:
    """Creates a collective visit as the office registers it, notified at VISIT_NOTIFIED."""

    def _visit(self, destination, head_count, leaders=(), **vals):
        with freeze_time(VISIT_NOTIFIED):
            return self.env["xinfang.collective.visit"].with_user(self.user_staff).create({
                "subject": "Unpaid wages at the brick works",
                "destination_level": destination,
                "head_count": head_count,
                "notified_at": VISIT_NOTIFIED,
                "village_id": self.village_a.id,
                "leader_ids": [(0, 0, {"employee_id": leader.id}) for leader in leaders],
                **vals,
            })
