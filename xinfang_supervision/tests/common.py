from odoo.addons.xinfang_petition.tests.common import XinfangCase


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
