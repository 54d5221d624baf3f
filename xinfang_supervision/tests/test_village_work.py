"""Village work (村级工作): the village mediator records the own village's routine meetings, mediated disputes
and field visits; the contracting leader's attendance of the village meetings (township rules §四.1)."""

import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common_meeting import MeetingCase

AGREEMENT = base64.b64encode(b"%PDF-1.4\n% signed mediation agreement\n")
MEETING_STEPS = ("schedule", "prepare_agenda", "hold", "cancel", "reset_draft")


class VillageWorkCase(MeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_mediator_b = cls._user("xf_mediator_b", "mediator", unit=cls.village_b, village=cls.village_b)
        cls.Mediation = cls.env["xinfang.mediation"]
        cls.contract = cls.env["xinfang.village.contract"].create({
            "leader_id": cls.leader.id, "village_id": cls.village_a.id, "date_from": "2026-01-01",
        })

    def village_meeting(self, user=None, village=None, **vals):
        """A village routine meeting created by ``user`` (the village A mediator by default)."""
        user = user or self.user_mediator
        return self.Meeting.with_user(user).create({
            "meeting_type": "village", "village_id": (village or self.village_a).id, "place": "Village Hall",
            **vals,
        })

    def mediation(self, user=None, village=None, **vals):
        values = {
            "village_id": (village or self.village_a).id,
            "description": "Boundary of two homesteads\nThe wall was built on the neighbour's land.",
            "category_id": self.category.id,
            "party_ids": [
                Command.create({"name": "王五", "role": "applicant", "phone": "13900139000"}),
                Command.create({"name": "赵六", "role": "respondent"}),
            ],
            **vals,
        }
        return self.Mediation.with_user(user or self.user_mediator).create(values)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestVillageMeeting(VillageWorkCase):
    def test_mediator_records_and_holds_the_own_village_meeting(self):
        meeting = self.Meeting.with_user(self.user_mediator).create({"place": "Village Hall"})
        self.assertRecordValues(meeting, [{"meeting_type": "village", "village_id": self.village_a.id,
                                           "state": "draft"}])
        meeting.write({"attendee_ids": [Command.set((self.mediator | self.leader).ids)]})
        meeting.agenda_ids = [Command.create({"kind": "other", "name": "Irrigation channel repairs"})]
        meeting.action_schedule()
        with self.assertRaisesRegex(UserError, "minutes"):
            meeting.action_hold()
        meeting.minutes = "<p>The channel is repaired by the end of March; the families share the cost.</p>"
        meeting.action_hold()
        self.assertEqual(meeting.state, "held")
        self.assertEqual(meeting.agenda_ids.mapped("name"), ["Irrigation channel repairs"])

    def test_mediator_cancels_and_resets_the_own_village_meeting(self):
        meeting = self.village_meeting()
        meeting.action_prepare_agenda()
        meeting.action_cancel()
        self.assertEqual(meeting.state, "cancelled")
        meeting.action_reset_draft()
        self.assertEqual(meeting.state, "draft")

    def test_another_villages_mediator_can_neither_read_nor_write(self):
        meeting = self.village_meeting()
        other = meeting.with_user(self.user_mediator_b)
        self.assertFalse(self.Meeting.with_user(self.user_mediator_b).search([("id", "=", meeting.id)]))
        with self.assertRaises(AccessError):
            other.read(["place"])
        with self.assertRaises(AccessError):
            other.write({"place": "Elsewhere"})
        with self.assertRaises(AccessError):
            self.village_meeting(user=self.user_mediator_b, village=self.village_a)
        self.assertEqual(meeting.place, "Village Hall")

    def test_mediator_cannot_record_township_meetings(self):
        with self.assertRaises(AccessError):
            self.Meeting.with_user(self.user_mediator).create({"meeting_type": "routine", "place": "Hall"})
        own = self.village_meeting()
        with self.assertRaises(AccessError):
            own.write({"meeting_type": "routine"})
        with self.assertRaises(AccessError):
            own.write({"village_id": self.village_b.id})
        # a township meeting the mediator attends: read, never written (the participant rule reads only)
        township = self.new_meeting("routine", attendee_ids=[Command.set(self.mediator.ids)])
        self.assertEqual(township.with_user(self.user_mediator).place, "Township Hall")
        with self.assertRaises(AccessError):
            township.with_user(self.user_mediator).write({"place": "Elsewhere"})
        with self.assertRaises(AccessError):
            township.with_user(self.user_mediator).action_cancel()

    def test_each_step_own_village_mediator_yes_other_mediator_and_handler_no(self):
        self.village_b_meeting = self.village_meeting(user=self.user_staff, village=self.village_b)
        for step in MEETING_STEPS:
            with self.subTest(step=step):
                meeting = self.village_meeting(
                    attendee_ids=[Command.set(self.handler.ids)],
                    minutes="<p>Decided.</p>")
                if step == "hold":
                    meeting.action_schedule()
                if step == "reset_draft":
                    meeting.action_cancel()
                for user in (self.user_mediator_b, self.user_handler):
                    with self.assertRaises(AccessError, msg=f"{user.login} {step}"):
                        getattr(meeting.with_user(user), f"action_{step}")()
                getattr(meeting, f"action_{step}")()
                # the mediator of village A takes no step on village B's meeting
                with self.assertRaises(AccessError):
                    getattr(self.village_b_meeting.with_user(self.user_mediator), f"action_{step}")()

    def test_handler_attending_reads_but_takes_no_step(self):
        meeting = self.village_meeting(attendee_ids=[Command.set(self.handler.ids)])
        self.assertEqual(meeting.with_user(self.user_handler).place, "Village Hall")
        message = ""
        with self.assertRaises(AccessError) as refused:
            meeting.with_user(self.user_handler).action_schedule()
        message = str(refused.exception)
        self.assertIn("Village Mediator", message)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestContractLeaderAttendance(VillageWorkCase):
    def held(self, attendees, village=None, date="2026-03-09"):
        meeting = self.village_meeting(user=self.user_staff, village=village, date=date,
                                       attendee_ids=[Command.set(attendees.ids)], minutes="<p>Minutes.</p>")
        meeting.action_schedule()
        meeting.action_hold()
        return meeting

    def test_contract_leader_present_or_absent(self):
        present = self.held(self.mediator | self.leader)
        self.assertRecordValues(present, [{"contract_leader_id": self.leader.id, "contract_leader_present": True,
                                           "contract_leader_absent": False}])
        absent = self.held(self.mediator)
        self.assertRecordValues(absent, [{"contract_leader_id": self.leader.id, "contract_leader_present": False,
                                          "contract_leader_absent": True}])
        # the stored flags are what the village board reads in SQL
        self.env.flush_all()
        self.env.cr.execute("SELECT id FROM xinfang_meeting WHERE contract_leader_absent AND id IN %s",
                            [tuple((present | absent).ids)])
        self.assertEqual([row[0] for row in self.env.cr.fetchall()], absent.ids)

    def test_only_a_held_meeting_counts_the_absence(self):
        meeting = self.village_meeting(user=self.user_staff, attendee_ids=[Command.set(self.mediator.ids)])
        meeting.action_schedule()
        self.assertEqual(meeting.contract_leader_id, self.leader)
        self.assertFalse(meeting.contract_leader_absent)

    def test_no_contract_no_absence(self):
        other_village = self.held(self.mediator, village=self.village_b)
        self.assertFalse(other_village.contract_leader_id)
        self.assertFalse(other_village.contract_leader_absent)
        before_contract = self.held(self.mediator, date="2025-12-20")
        self.assertFalse(before_contract.contract_leader_id)
        self.assertFalse(before_contract.contract_leader_absent)
        township = self.new_meeting("routine", state="held", minutes="<p>Minutes.</p>")
        self.assertFalse(township.contract_leader_id)

    def test_contract_changes_reach_the_meetings(self):
        meeting = self.held(self.mediator, village=self.village_b)
        self.assertFalse(meeting.contract_leader_absent)
        contract = self.env["xinfang.village.contract"].create({
            "leader_id": self.leader.id, "village_id": self.village_b.id, "date_from": "2026-03-01"})
        self.assertEqual(meeting.contract_leader_id, self.leader)
        self.assertTrue(meeting.contract_leader_absent)
        contract.date_to = "2026-03-05"  # the contract ended before the meeting
        self.assertFalse(meeting.contract_leader_id)
        self.assertFalse(meeting.contract_leader_absent)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestMediation(VillageWorkCase):
    def test_defaults_are_the_mediators_village_and_self(self):
        mediation = self.Mediation.with_user(self.user_mediator).create({"description": "Noise"})
        self.assertRecordValues(mediation, [{"village_id": self.village_a.id, "mediator_id": self.mediator.id,
                                             "state": "draft", "name": "/"}])

    def test_agreement_needs_the_signed_agreement(self):
        with self.assertRaisesRegex(ValidationError, "agreement"):
            self.mediation(outcome="agreement")
        mediation = self.mediation()
        with self.assertRaisesRegex(ValidationError, "agreement"):
            mediation.write({"outcome": "agreement"})
        mediation.write({"outcome": "agreement", "agreement_file": AGREEMENT, "agreement_filename": "agreement.pdf"})
        mediation.action_done()
        self.assertEqual(mediation.state, "done")
        self.assertRegex(mediation.name, r"^TJ2026-\d{4}$")

    def test_done_needs_an_outcome_and_a_failure_is_passed_up(self):
        mediation = self.mediation()
        with self.assertRaisesRegex(UserError, "outcome"):
            mediation.action_done()
        mediation.outcome = "failed"
        with self.assertRaisesRegex(UserError, "pass the dispute up"):
            mediation.action_done()

    def test_pass_up_registers_a_petition_for_the_mediators_village(self):
        mediation = self.mediation(outcome="failed", result="The respondent refuses to move the wall.")
        mediation.party_ids[0].id_number = self.petitioner.id_number  # a person the township knows
        with self.assertRaisesRegex(UserError, "failed"):
            self.mediation(outcome="oral").action_pass_up()
        action = mediation.action_pass_up()
        petition = mediation.petition_id
        self.assertEqual(action["res_id"], petition.id)
        self.assertRecordValues(petition, [{
            "channel": "visit", "village_id": self.village_a.id, "state": "to_accept",
            "category_id": self.category.id, "petitioner_id": self.petitioner.id,
            "subject": "Boundary of two homesteads", "registered_by_id": self.user_mediator.id,
        }])
        self.assertIn("refuses to move the wall", petition.content)
        self.assertEqual(mediation.state, "done")
        with self.assertRaisesRegex(UserError, "already passed up"):
            mediation.action_pass_up()

    def test_pass_up_creates_the_applicant_as_petitioner(self):
        mediation = self.mediation(outcome="failed")
        mediation.action_pass_up()
        self.assertRecordValues(mediation.petition_id.petitioner_id, [{
            "name": "王五", "village_id": self.village_a.id, "phone": "13900139000"}])

    def test_pass_up_needs_a_category_and_an_applicant(self):
        with self.assertRaisesRegex(UserError, "category"):
            self.mediation(outcome="failed", category_id=False).action_pass_up()
        mediation = self.mediation(outcome="failed")
        mediation.party_ids.filtered(lambda p: p.role == "applicant").role = "other"
        with self.assertRaisesRegex(UserError, "applicant"):
            mediation.action_pass_up()
        self.assertFalse(mediation.petition_id)

    def test_party_id_number_is_validated_when_given(self):
        with self.assertRaisesRegex(ValidationError, "check digit"):
            self.mediation(party_ids=[Command.create({"name": "钱七", "id_number": "110105194912310021"})])
        mediation = self.mediation(party_ids=[Command.create({"name": "钱七", "id_number": "11010519491231002x"})])
        self.assertEqual(mediation.party_ids.id_number, "11010519491231002X")

    def test_steps_per_role(self):
        for step in ("done", "pass_up", "cancel", "reset_draft"):
            with self.subTest(step=step):
                mediation = self.mediation(outcome="failed" if step == "pass_up" else "oral")
                if step == "reset_draft":
                    mediation.action_cancel()
                for user in (self.user_mediator_b, self.user_handler, self.user_finance):
                    with self.assertRaises(AccessError, msg=f"{user.login} {step}"):
                        getattr(mediation.with_user(user), f"action_{step}")()
                getattr(mediation, f"action_{step}")()
        # the office takes the steps of every village
        other = self.mediation(user=self.user_staff, village=self.village_b, outcome="oral")
        other.action_done()
        self.assertEqual(other.state, "done")

    def test_record_scope(self):
        own = self.mediation()
        other = self.mediation(user=self.user_mediator_b, village=self.village_b)
        self.assertEqual(self.Mediation.with_user(self.user_mediator).search([("id", "in", (own | other).ids)]), own)
        with self.assertRaises(AccessError):
            other.with_user(self.user_mediator).read(["description"])
        with self.assertRaises(AccessError):
            other.party_ids.with_user(self.user_mediator).read(["name"])
        with self.assertRaises(AccessError):
            self.mediation(village=self.village_b)
        with self.assertRaises(AccessError):
            own.write({"village_id": self.village_b.id})
        with self.assertRaises(AccessError):
            self.Mediation.with_user(self.user_handler).search([])
        self.assertEqual(self.Mediation.with_user(self.user_leader).search([("id", "in", (own | other).ids)]),
                         own | other)

    def test_done_mediation_is_archived_not_deleted(self):
        draft = self.mediation()
        done = self.mediation(outcome="oral")
        done.action_done()
        with self.assertRaisesRegex(UserError, "archive"):
            done.unlink()
        done.action_archive()
        self.assertFalse(done.active)
        self.assertTrue(done.exists())
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_workflow_fields_only_through_the_steps(self):
        mediation = self.mediation()
        with self.assertRaises(UserError):
            mediation.write({"state": "done"})
        with self.assertRaises(UserError):
            mediation.write({"name": "TJ2026-9999"})


@tagged("post_install", "-at_install")
@freeze_time("2026-03-09 09:00:00")
class TestVillageFieldVisit(VillageWorkCase):
    def test_mediator_records_visits_in_the_own_village(self):
        Visit = self.env["xinfang.field.visit"]
        visit = Visit.with_user(self.user_mediator).create({"findings": "<p>A quarrel over water.</p>"})
        self.assertRecordValues(visit, [{"cadre_id": self.mediator.id, "village_id": self.village_a.id}])
        with self.assertRaises(AccessError):
            Visit.with_user(self.user_mediator).create({"village_id": self.village_b.id})
        with self.assertRaises(AccessError):
            visit.with_user(self.user_mediator).write({"village_id": self.village_b.id})
        with self.assertRaises(AccessError):
            visit.with_user(self.user_mediator_b).read(["findings"])
        self.assertFalse(Visit.with_user(self.user_mediator_b).search([("id", "=", visit.id)]))
        self.assertTrue(Visit.with_user(self.user_staff).search([("id", "=", visit.id)]))
