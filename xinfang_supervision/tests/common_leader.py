from contextlib import contextmanager

from odoo.addons.xinfang_petition.tests.common import GROUP
from odoo.tests import new_test_user

from .common import SupervisionCase


class LeaderCase(SupervisionCase):
    """The township of SupervisionCase with its leadership: one principal leader, two deputies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.principal = cls._employee("Secretary Li", cls.user_leader, "principal_leader", job_title="Party Secretary")
        cls.user_deputy = new_test_user(cls.env, login="xf_deputy", groups=f"{GROUP}leader", name="Deputy Wang")
        cls.deputy = cls._employee("Deputy Wang", cls.user_deputy, "deputy_leader", job_title="Deputy Mayor")
        cls.user_deputy2 = new_test_user(cls.env, login="xf_deputy2", groups=f"{GROUP}leader", name="Deputy Zhou")
        cls.deputy2 = cls._employee("Deputy Zhou", cls.user_deputy2, "deputy_leader")
        cls.Case = cls.env["xinfang.leader.case"]

    @contextmanager
    def raises(self, exception, regex):
        """assertRaisesRegex inside a savepoint (Odoo's assertRaises), so a refused create leaves nothing."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)

    def new_case(self, petitions, leader=None, user=None):
        return self.Case.with_user(user or self.user_deputy).create({
            "leader_id": (leader or self.deputy).id,
            "petition_ids": [(6, 0, petitions.ids)],
        })

    def approved_case(self, petitions, leader=None):
        case = self.new_case(petitions, leader=leader)
        case.action_submit()
        case.with_user(self.user_leader).validate_tier()
        return case
