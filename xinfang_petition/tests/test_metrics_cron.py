from datetime import date, timedelta

from odoo.tests import freeze_time, tagged

from .common import XinfangCase


@tagged("post_install", "-at_install")
class TestMetrics(XinfangCase):
    def test_rates_by_sql_aggregate(self):
        with freeze_time("2026-03-02"):
            on_time = self.replied()
            on_time.action_record_follow_up("satisfied", "ok")
            late = self.registered(petitioner_id=self.petitioner_b.id)
        with freeze_time("2026-03-30"):
            late.action_accept()  # acceptance deadline was Mar 17
            self.assign(late)
        with freeze_time("2026-07-01"):
            late.action_reply("explain", "<p>Explained</p>")  # handling deadline May 29
            late.action_record_follow_up("dissatisfied", "not happy")
        with freeze_time("2026-03-10"):
            self.registered()  # repeat of on_time (same person, same matter), not yet accepted
        Report = self.env["xinfang.petition.report"]
        rates = Report.get_rates("2026-01-01", "2026-12-31")[False]
        self.assertEqual(rates["count"], 3)
        self.assertAlmostEqual(rates["timely_acceptance_rate"], 50.0)
        self.assertAlmostEqual(rates["on_time_rate"], 50.0)
        self.assertAlmostEqual(rates["satisfaction_rate"], 50.0)
        self.assertAlmostEqual(rates["repeat_rate"], 100.0 / 3)
        per_village = Report.get_rates("2026-01-01", "2026-12-31", groupby="village_id")
        self.assertEqual(per_village[self.village_a.id]["count"], 3)
        with self.assertQueryCount(1):
            Report.get_rates("2026-01-01", "2026-12-31", groupby="lead_unit_id")

    def test_facts_the_rates_and_the_assessment_share(self):
        """Each rate is built from two facts (it applies; the petition meets it); the assessment counts them."""
        with freeze_time("2026-03-02"):
            closed = self.replied(lodged_level="township", responsible_level="village")
            reviewed = self.replied(petitioner_id=self.petitioner_b.id)
            still_open = self.replied(lodged_level="county")
            for petition in closed | reviewed:
                petition.action_record_follow_up("satisfied", "ok")
                petition.action_close("Resolved")
            late = self.registered(category_id=self.category_labour.id)
        with freeze_time("2026-03-10"):
            reviewed.action_request_review()
            reviewed.action_decide_review("Upheld", date(2026, 3, 20))
        with freeze_time("2026-03-30"):
            late.action_accept()  # acceptance deadline was Mar 17
        self.assertEqual(reviewed.state, "closed")
        rows = self.env["xinfang.petition.report"].search(
            [("petition_id", "in", (closed | reviewed | still_open | late).ids)], order="id")
        keys = ("accepted", "accepted_in_time", "timely_acceptance_rate", "replied", "replied_in_time", "on_time_rate",
                "surveyed", "satisfied", "satisfaction_rate", "closed_without_review", "responsible_level",
                "lodged_level", "is_cross_level", "is_passed_up")
        self.assertRecordValues(rows, [dict(zip(keys, values, strict=True)) for values in (
            (True, True, 100.0, True, True, 100.0, True, True, 100.0, True, "village", "township", False, True),
            (True, True, 100.0, True, True, 100.0, True, True, 100.0, False, "township", "township", False, False),
            (True, True, 100.0, True, True, 100.0, False, False, 0.0, False, "township", "county", True, False),
            (True, False, 0.0, False, False, 0.0, False, False, 0.0, False, "township", "township", False, False),
        )])
        # NULL where a rate does not apply (the ORM reads it as 0.0): the average leaves those rows out
        [(timely, on_time, satisfaction)] = rows._read_group(
            [("id", "in", rows.ids)], [], ["timely_acceptance_rate:avg", "on_time_rate:avg", "satisfaction_rate:avg"])
        self.assertEqual((timely, on_time, satisfaction), (75.0, 100.0, 100.0))

    def test_selections_speak_the_users_language(self):
        """The view's channel, nature and levels show the petition's labels, translated like the petition's."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["xinfang_petition"], ["zh_CN"])
        names = ["channel", "nature", "responsible_level", "lodged_level"]
        for lang in ("en_US", "zh_CN"):
            report = self.env["xinfang.petition.report"].with_context(lang=lang).fields_get(names, ["selection"])
            petition = self.env["xinfang.petition"].with_context(lang=lang).fields_get(names, ["selection"])
            self.assertEqual(report, petition, lang)
        self.assertEqual(dict(report["lodged_level"]["selection"])["township"], "乡镇级")

    def test_staff_reads_metrics_handler_does_not(self):
        self.registered()
        self.assertTrue(self.env["xinfang.petition.report"].with_user(self.user_leader).search_count([]))
        from odoo.exceptions import AccessError
        with self.assertRaises(AccessError):
            self.env["xinfang.petition.report"].with_user(self.user_handler).search([])


@tagged("post_install", "-at_install")
class TestDeadlineActivitiesAndCron(XinfangCase):
    def _activity(self, petition):
        return petition.activity_ids.filtered(lambda a: a.res_model == "xinfang.petition")

    @freeze_time("2026-03-02")
    def test_each_step_keeps_one_activity_for_the_responsible_user(self):
        petition = self.registered()
        activity = self._activity(petition)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_staff)
        self.assertEqual(activity.date_deadline, petition.acceptance_deadline)
        self.assertEqual(activity.activity_type_id, self.env.ref("xinfang_petition.mail_act_xinfang_accept"))
        petition.action_accept()
        self.assign(petition)
        activity = self._activity(petition)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_handler)
        self.assertEqual(activity.date_deadline, petition.handling_deadline)
        petition.action_reply("support", "<p>ok</p>")
        petition.action_record_follow_up("satisfied", "ok")
        petition.action_close("Paid")
        self.assertFalse(self._activity(petition))

    @freeze_time("2026-03-02")
    def test_activities_of_a_batch_stay_with_their_petition(self):
        to_accept, in_handling = self.registered(), self.handling()
        accept_type = self.env.ref("xinfang_petition.mail_act_xinfang_accept")
        # a to-do a person put on the petition by hand is theirs: the automatic clean-up leaves it
        manual = in_handling.activity_schedule(
            activity_type_id=accept_type.id, user_id=self.user_leader.id, summary="Call the petitioner")
        manual.automated = False
        (to_accept | in_handling).activity_update()
        self.assertRecordValues(self._activity(to_accept), [{
            "activity_type_id": accept_type.id, "user_id": self.user_staff.id,
            "date_deadline": to_accept.acceptance_deadline}])
        reply = self._activity(in_handling).filtered(lambda a: a.automated)
        self.assertRecordValues(reply, [{
            "activity_type_id": self.env.ref("xinfang_petition.mail_act_xinfang_reply").id,
            "user_id": self.user_handler.id, "date_deadline": in_handling.handling_deadline}])
        self.assertTrue(manual.exists(), "a person's own to-do is not removed")

    def test_cron_flags_near_due_and_overdue_and_notifies(self):
        with freeze_time("2026-03-02"):
            petition = self.registered()  # acceptance deadline 2026-03-17
        self.assertEqual(petition.deadline_status, "ok")
        with freeze_time("2026-03-14"):
            changed = self.env["xinfang.petition"]._cron_deadline_check()
        self.assertIn(petition, changed)
        self.assertEqual(petition.deadline_status, "near")
        with freeze_time("2026-03-18"):
            self.env["xinfang.petition"]._cron_deadline_check()
        self.assertEqual(petition.deadline_status, "overdue")
        self.assertIn("Overdue", petition.message_ids[0].body)
        self.assertIn(self.user_staff.partner_id, petition.message_ids[0].partner_ids)
        with freeze_time("2026-03-19"):
            changed = self.env["xinfang.petition"]._cron_deadline_check()
        self.assertNotIn(petition, changed, "an overdue petition is notified once, not daily")

    def test_overdue_in_handling_is_told_to_the_handler_and_the_office(self):
        with freeze_time("2026-03-02"):
            petition = self.handling()
        deadline = petition.handling_deadline
        with freeze_time(deadline + timedelta(days=1)):
            self.env["xinfang.petition"]._cron_deadline_check()
        self.assertEqual(petition.deadline_status, "overdue")
        notice = petition.message_ids[0]
        self.assertIn("Overdue", notice.body)
        self.assertIn(self.user_handler.partner_id, notice.partner_ids)
        self.assertIn(self.user_staff.partner_id, notice.partner_ids, "the registering office is told too")

    def test_cron_reads_only_the_petitions_due(self):
        with freeze_time("2026-03-02"):
            due = self.registered()
        with freeze_time("2026-05-04"):
            for _i in range(15):
                self.registered(petitioner_id=self.petitioner_b.id)
        with freeze_time("2026-03-14"):
            changed = self.env["xinfang.petition"]._cron_deadline_check()
        self.assertEqual(changed, due, "petitions registered later are not touched")

    def test_near_due_days_is_a_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("xinfang_petition.near_due_days", "7")
        with freeze_time("2026-03-02"):
            petition = self.registered()
        with freeze_time("2026-03-10"):
            self.env["xinfang.petition"]._cron_deadline_check()
        self.assertEqual(petition.deadline_status, "near")
        self.assertEqual(petition.current_deadline, date(2026, 3, 17))
