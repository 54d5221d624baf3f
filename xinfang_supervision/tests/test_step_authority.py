"""Who may take each step of the supervision workflows, called as JSON-RPC calls it: the model method itself.

The form's buttons only hide a step; these tests call every step as each role and expect the step itself
to refuse the roles the township's rules leave out (AccessError from the workflow guard).
"""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged

from .common_leader import LeaderCase
from .common_meeting import MeetingCase


class RefusalMixin:
    def assertRefused(self, user, record, method, *args):
        """The step refuses ``user``; returns the guard's message."""
        with self.assertRaises(AccessError) as refused:
            getattr(record.with_user(user), method)(*args)
        return str(refused.exception)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestLeaderCaseStepAuthority(RefusalMixin, LeaderCase):
    """领导包案: the case's own leader takes its steps; the principal leader, who approves, those of every case."""

    def test_the_cases_leader_submits_another_deputy_does_not(self):
        case = self.new_case(self.registered())
        message = self.assertRefused(self.user_deputy2, case, "action_submit")
        self.assertIn("Submit for Approval", message)
        self.assertIn("Leader", message)
        for user in (self.user_staff, self.user_director, self.user_handler, self.user_mediator, self.user_finance):
            with self.subTest(user=user.login):
                self.assertRefused(user, case, "action_submit")
        self.assertEqual(case.state, "draft")
        case.with_user(self.user_deputy).action_submit()
        self.assertEqual(case.state, "to_approve")

    def test_the_principal_leader_acts_on_every_case(self):
        case = self.new_case(self.registered())
        case.with_user(self.user_leader).action_submit()
        self.assertEqual(case.state, "to_approve")
        # approving starts the case (the principal leader takes the step "start")
        case.with_user(self.user_leader).validate_tier()
        self.assertEqual(case.state, "in_progress")
        case.with_user(self.user_leader).action_cancel()
        self.assertEqual(case.state, "cancel")

    def test_only_the_cases_leader_closes_cancels_and_resets_it(self):
        case = self.approved_case(self.registered())
        case.duty_ids.with_user(self.user_deputy).write({"done": True, "note": "Done"})
        for method in ("action_done", "action_cancel"):
            for user in (self.user_deputy2, self.user_staff, self.user_handler):
                with self.subTest(method=method, user=user.login):
                    self.assertRefused(user, case, method)
        self.assertEqual(case.state, "in_progress")
        case.with_user(self.user_deputy).action_done()
        self.assertEqual(case.state, "done")

        rejected = self.new_case(self.registered())
        rejected.action_submit()
        rejected.with_user(self.user_leader).reject_tier()
        self.assertRefused(self.user_deputy2, rejected, "action_draft")
        self.assertRefused(self.user_deputy2, rejected, "action_start")
        rejected.with_user(self.user_deputy).action_draft()
        self.assertEqual(rejected.state, "draft")

    def test_a_role_that_may_not_assign_is_refused_before_the_major_rule(self):
        petition = self.accepted(is_major=True)
        slip = self.env["xinfang.assignment"].with_user(self.user_staff).create({
            "petition_id": petition.id, "lead_unit_id": self.unit_land.id, "handler_id": self.handler.id})
        self.assertRefused(self.user_handler, slip, "action_confirm")
        with self.assertRaisesRegex(UserError, "major"):
            slip.with_user(self.user_staff).action_confirm()


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10 09:00:00")
class TestSupervisionStepAuthority(RefusalMixin, MeetingCase):

    # --- accountability (责任追究) ---------------------------------------------------------------------
    def propose(self, user=None):
        return self.env["xinfang.accountability"].with_user(user or self.user_staff).create({
            "employee_id": self.handler.id, "unit_id": self.unit_land.id,
            "facts": "<p>Three petitions overdue.</p>", "proposal": "Admonishment talk.",
        })

    def test_only_the_leadership_decides_on_accountability(self):
        proposal = self.propose()
        message = self.assertRefused(self.user_staff, proposal, "action_approve")
        self.assertIn("Approve", message)
        self.assertIn("Leader", message)
        self.assertRefused(self.user_staff, proposal, "action_decide", "approved", "Approved by myself.")
        # discipline inspection proposes, the director runs the office: neither decides
        for user in (self.user_jijian, self.user_director, self.user_handler, self.user_mediator, self.user_finance):
            with self.subTest(user=user.login):
                self.assertRefused(user, proposal, "action_reject")
        self.assertEqual(proposal.state, "proposed")
        proposal.with_user(self.user_leader).action_reject("Facts not established.")
        self.assertRecordValues(proposal.sudo(), [{"state": "rejected", "decided_by_id": self.user_leader.id}])

    def test_a_leader_decides_through_action_decide(self):
        proposal = self.propose(self.user_jijian)
        proposal.with_user(self.user_leader).action_decide("approved", "Admonishment talk approved.")
        self.assertEqual(proposal.state, "approved")
        with self.assertRaises(UserError):
            proposal.with_user(self.user_leader).action_decide("rejected", "Changed my mind.")

    # --- supervision order (督查督办) ------------------------------------------------------------------
    def new_order(self):
        return self.env["xinfang.supervision.order"].with_user(self.user_leader).create({
            "title": "Overdue land petitions", "kind": "focused", "department_ids": [(6, 0, self.unit_land.ids)],
            "findings": "<p>Overdue.</p>", "deadline": "2026-03-20",
        })

    def test_leaders_issue_and_close_the_office_records_the_answer(self):
        order = self.new_order()
        for method in ("action_load_overdue", "action_issue"):
            for user in (self.user_staff, self.user_director, self.user_handler, self.user_finance):
                with self.subTest(method=method, user=user.login):
                    self.assertRefused(user, order, method)
        order.with_user(self.user_leader).action_load_overdue()
        order.with_user(self.user_leader).action_issue()
        self.assertEqual(order.state, "issued")

        order.answer = "<p>All answered.</p>"
        for user in (self.user_handler, self.user_mediator, self.user_finance, self.user_jijian):
            with self.subTest(step="answer", user=user.login):
                self.assertRefused(user, order, "action_answer")
        order.with_user(self.user_staff).action_answer()
        self.assertEqual(order.state, "answered")

        for user in (self.user_staff, self.user_director, self.user_handler):
            with self.subTest(step="close", user=user.login):
                self.assertRefused(user, order, "action_close")
        self.assertEqual(order.state, "answered")
        order.with_user(self.user_leader).action_issue()  # sent back
        order.with_user(self.user_leader).action_close()
        self.assertEqual((order.state, order.closed_date), ("closed", date(2026, 3, 10)))

    # --- tasks (交办卡) ------------------------------------------------------------------------------
    def new_task(self, owner, **vals):
        vals.setdefault("meeting_id", self.new_meeting().id)
        return self.Task.create({"name": "Visit the Li family", "owner_id": owner.id, "deadline": "2026-03-31",
                                 **vals})

    def test_the_owner_finishes_the_own_task(self):
        task = self.new_task(self.handler)
        task.progress_ids = [Command.create({"note": "Visited."})]
        # a decision of the same meeting: the handler reads it, and does not finish it
        colleague = self.new_task(self.handler_social, meeting_id=task.meeting_id.id)
        colleague.progress_ids = [Command.create({"note": "Visited."})]
        message = self.assertRefused(self.user_handler, colleague, "action_done")
        self.assertIn("Mark Done", message)
        for user in (self.user_mediator, self.user_finance):
            with self.subTest(user=user.login):
                self.assertRefused(user, task, "action_done")
        self.assertEqual((task.state, colleague.state), ("open", "open"))
        task.with_user(self.user_handler).action_done()
        colleague.with_user(self.user_staff).action_done()
        self.assertEqual((task.state, colleague.state), ("done", "done"))

    def test_a_mediator_finishes_the_own_task_only(self):
        village = self.new_meeting("village", village_id=self.village_a.id)
        own = self.new_task(self.mediator, meeting_id=village.id)
        own.progress_ids = [Command.create({"note": "Mediated."})]
        theirs = self.new_task(self.handler, meeting_id=village.id)
        theirs.progress_ids = [Command.create({"note": "Mediated."})]
        self.assertRefused(self.user_mediator, theirs, "action_done")
        own.with_user(self.user_mediator).action_done()
        self.assertEqual((own.state, theirs.state), ("done", "open"))

    def test_only_the_office_reopens_a_task(self):
        task = self.new_task(self.handler)
        task.progress_ids = [Command.create({"note": "Visited."})]
        task.with_user(self.user_handler).action_done()
        for user in (self.user_handler, self.user_mediator, self.user_finance):
            with self.subTest(user=user.login):
                self.assertRefused(user, task, "action_reopen")
        task.with_user(self.user_staff).action_reopen()
        self.assertEqual((task.state, task.done_date), ("open", False))

    def test_task_state_changes_only_through_the_steps(self):
        task = self.new_task(self.handler)
        task.progress_ids = [Command.create({"note": "Visited."})]
        for user in (self.user_handler, self.user_staff):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                task.with_user(user).write({"state": "done", "done_date": "2026-03-10"})
        self.assertEqual(task.state, "open")

    # --- risks (不稳定因素) ---------------------------------------------------------------------------
    def test_the_office_assigns_and_escalates_risks(self):
        risk = self.new_risk()
        for method in ("action_assign", "action_escalate"):
            for user in (self.user_handler, self.user_mediator):
                with self.subTest(method=method, user=user.login):
                    self.assertRefused(user, risk, method)
        self.assertEqual(risk.state, "found")
        risk.with_user(self.user_staff).action_assign()
        self.assertEqual(risk.state, "handling")
        risk.with_user(self.user_staff).action_escalate()
        self.assertEqual(risk.state, "escalated")

    def test_the_responsible_person_resolves_the_own_risk(self):
        # responsible: the land office's handler; the village's mediator sees it but does not resolve it
        risk = self.new_risk(resolution="Mediated.")
        message = self.assertRefused(self.user_mediator, risk, "action_resolve")
        self.assertIn("Resolved", message)
        self.assertRefused(self.user_finance, risk, "action_resolve")
        risk.with_user(self.user_handler).action_resolve()
        self.assertEqual(risk.state, "resolved")
        # a mediator responsible for a risk resolves it
        village_risk = self.new_risk(responsible_id=self.mediator.id, resolution="Agreement signed.")
        self.assertRefused(self.user_handler, village_risk, "action_resolve")
        village_risk.with_user(self.user_mediator).action_resolve()
        self.assertEqual(village_risk.state, "resolved")

    def test_risk_state_changes_only_through_the_steps(self):
        risk = self.new_risk(resolution="Mediated.")
        for user in (self.user_handler, self.user_staff):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                risk.with_user(user).write({"state": "resolved"})
        self.assertEqual(risk.state, "found")

    # --- meetings -----------------------------------------------------------------------------------
    def test_the_office_convenes_and_records_meetings(self):
        meeting = self.new_meeting(state="draft")
        meeting.sudo().attendee_ids = self.handler
        # a participant (the handler) and the village's mediator read the meeting, they do not run it
        for method in ("action_schedule", "action_prepare_agenda", "action_cancel"):
            for user in (self.user_handler, self.user_mediator, self.user_finance):
                with self.subTest(method=method, user=user.login):
                    self.assertRefused(user, meeting, method)
        meeting.with_user(self.user_staff).action_schedule()
        meeting.with_user(self.user_staff).action_prepare_agenda()
        meeting.minutes = "<p>Two decisions.</p>"
        self.assertRefused(self.user_handler, meeting, "action_hold")
        meeting.with_user(self.user_director).action_hold()
        self.assertEqual(meeting.state, "held")

        cancelled = self.new_meeting()
        cancelled.with_user(self.user_staff).action_cancel()
        self.assertRefused(self.user_handler, cancelled, "action_reset_draft")
        cancelled.with_user(self.user_staff).action_reset_draft()
        self.assertEqual(cancelled.state, "draft")
        with self.assertRaises(UserError):
            cancelled.with_user(self.user_leader).write({"state": "held"})

    # --- major-decision assessment (重大决策信访评估) ------------------------------------------------------
    def new_decision(self, count_for=10, count_against=2):
        return self.env["xinfang.decision.assessment"].with_user(self.user_staff).create({
            "name": "Relocation of the west village market", "method_hearing": True,
            "participant_count": 20, "count_for": count_for, "count_against": count_against,
        })

    def test_the_office_assesses_a_leader_or_the_director_approves(self):
        decision = self.new_decision()
        for user in (self.user_handler, self.user_mediator, self.user_finance):
            with self.subTest(user=user.login):
                self.assertRefused(user, decision, "action_assess")
        decision.with_user(self.user_staff).action_assess()
        self.assertEqual(decision.state, "assessed")
        message = self.assertRefused(self.user_staff, decision, "action_approve")
        self.assertIn("Leader", message)
        self.assertRefused(self.user_handler, decision, "action_reset_to_draft")
        decision.with_user(self.user_director).action_approve()
        self.assertEqual(decision.state, "approved")
        with self.assertRaises(UserError):
            decision.with_user(self.user_staff).action_reset_to_draft()  # an approved decision stays

        other = self.new_decision()
        other.with_user(self.user_staff).action_assess()
        other.with_user(self.user_leader).action_approve()
        self.assertEqual(other.state, "approved")

    # --- assessment runs (考核) ---------------------------------------------------------------------
    def test_the_leadership_runs_the_assessment(self):
        user_hr = new_test_user(self.env, login="xf_hr_steps", groups="hr.group_hr_user,base.group_user")
        run = self.env["xinfang.assessment"].with_user(self.user_leader).create(
            {"date_from": "2026-01-01", "date_to": "2026-12-31"})
        for user in (self.user_staff, user_hr, self.user_handler, self.user_finance):
            with self.subTest(user=user.login):
                self.assertRefused(user, run, "action_compute")
        self.assertEqual(run.state, "draft")
        run.with_user(self.user_leader).action_compute()
        self.assertEqual(run.state, "done")
        self.assertRefused(self.user_staff, run, "action_reset_to_draft")
        run.with_user(self.user_director).action_compute()  # recomputed
        run.with_user(self.user_director).action_reset_to_draft()
        self.assertEqual((run.state, run.computed_at), ("draft", False))
        with self.assertRaises(UserError):
            run.with_user(self.user_leader).write({"state": "done"})
