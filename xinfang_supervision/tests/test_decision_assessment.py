from odoo.addons.xinfang_petition.tests.common import XinfangCase
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestDecisionAssessment(XinfangCase):
    """Major-decision petition-risk assessment (重大决策信访评估): most oppose -> suspended."""

    def _decision(self, count_for, count_against, count_abstain=0, **vals):
        return self.env["xinfang.decision.assessment"].with_user(self.user_staff).create({
            "name": "Relocation of the west village market",
            "method_publicity": True,
            "method_hearing": True,
            "participant_count": 100,
            "count_for": count_for,
            "count_against": count_against,
            "count_abstain": count_abstain,
            **vals,
        })

    def test_most_oppose_is_suspended_and_cannot_be_approved(self):
        decision = self._decision(40, 41)
        self.assertTrue(decision.majority_opposed)
        decision.action_assess()
        self.assertEqual(decision.state, "suspended")
        with self.assertRaisesRegex(UserError, "stays suspended and cannot be approved"):
            decision.with_user(self.user_leader).action_approve()
        self.assertEqual(decision.state, "suspended")

    def test_state_changes_only_through_the_buttons(self):
        # JSON-RPC writes what the ORM lets it: only a leader approves, and only with the button.
        decision = self._decision(41, 40)
        decision.action_assess()
        for user in (self.user_staff, self.user_leader):
            with self.assertRaises(UserError, msg=user.login):
                decision.with_user(user).write({"state": "approved"})
        self.assertEqual(decision.state, "assessed")
        decision.with_user(self.user_leader).action_approve()
        self.assertEqual(decision.state, "approved")

    def test_tie_and_support_can_be_approved(self):
        tie = self._decision(40, 40)
        self.assertFalse(tie.majority_opposed)
        self.assertAlmostEqual(tie.opposition_share, 50.0)
        tie.action_assess()
        self.assertEqual(tie.state, "assessed")
        tie.with_user(self.user_leader).action_approve()
        self.assertEqual(tie.state, "approved")
        support = self._decision(41, 40)
        support.action_assess()
        support.with_user(self.user_director).action_approve()
        self.assertEqual(support.state, "approved")

    def test_abstentions_do_not_count(self):
        """3 in favour, 4 against, 50 without a view: most of those who expressed a view oppose."""
        opposed = self._decision(3, 4, 50)
        opposed.action_assess()
        self.assertEqual(opposed.state, "suspended")
        supported = self._decision(4, 3, 50)
        supported.action_assess()
        self.assertEqual(supported.state, "assessed")

    def test_only_leaders_approve(self):
        decision = self._decision(10, 1)
        decision.action_assess()
        with self.assertRaises(UserError):
            decision.action_approve()  # as staff
        with self.assertRaises(UserError):
            self._decision(10, 1).with_user(self.user_leader).action_approve()  # not assessed yet

    def test_counts_cannot_be_changed_to_a_majority_against_after_approval(self):
        decision = self._decision(10, 1)
        decision.action_assess()
        decision.with_user(self.user_leader).action_approve()
        with self.assertRaises(ValidationError):
            decision.write({"count_against": 20})

    def test_consultation_required_and_counts_checked(self):
        with self.assertRaises(UserError):
            self._decision(10, 1, method_publicity=False, method_hearing=False).action_assess()
        with self.assertRaises(UserError):
            self._decision(0, 0).action_assess()
        with self.assertRaises(ValidationError):
            self._decision(60, 50)  # 110 views from 100 people consulted

    def test_suspended_decision_is_consulted_again(self):
        decision = self._decision(10, 20)
        decision.action_assess()
        decision.action_reset_to_draft()
        decision.write({"count_for": 25, "count_against": 5})
        decision.action_assess()
        self.assertEqual(decision.state, "assessed")

    def test_access(self):
        decision = self._decision(10, 1)
        for user in (self.user_handler, self.user_mediator, self.user_finance):
            with self.assertRaises(AccessError):
                decision.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            decision.with_user(self.user_leader).unlink()
        decision.with_user(self.user_director).unlink()
