"""Retention: people of petitions finished longer ago than xinfang_petition.retention_years are anonymised
by a cron, batch by batch; the petitions and every statistic stay as they were.
"""

from datetime import date
from unittest.mock import patch

from odoo.addons.xinfang_petition.models.xinfang_petition_retention import ANONYMISED_NAME
from odoo.addons.xinfang_petition.tests.common import XinfangCase, resident_id
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

TODAY = "2026-11-26 10:00:00"


@tagged("post_install", "-at_install")
class TestRetention(XinfangCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Person = cls.env["xinfang.petitioner"]

        def person(name, prefix17, **vals):
            return Person.create({"name": name, "id_number": resident_id(prefix17), "phone": "13812345678",
                                  "address": "东村一组", "village_id": cls.village_a.id, **vals})

        cls.old = person("周旧案", "11010519700101001")         # closed 2014: past 10 years
        cls.returning = person("吴再访", "11010519700101002")   # rejected 2015, again in 2025
        cls.accuser = person("郑检举", "11010519700101003")     # accusation, final in 2013
        cls.rep = person("冯代表", "11010519700101004")         # representative on that accusation
        cls.open_case = person("陈未结", "11010519700101005")   # registered 2014, never answered
        cls.recent = person("褚近期", "11010519700101006")      # closed 2020: inside the period
        cls.env["ir.attachment"].create({"name": "id-card.jpg", "raw": b"scan", "res_model": "xinfang.petitioner",
                                         "res_id": cls.old.id})

    def closed(self, when, **vals):
        with freeze_time(when):
            petition = self.replied(**vals)
            petition.action_record_follow_up("satisfied", "visited")
            petition.action_close("Resolved")
        return petition

    def setUp(self):
        super().setUp()
        self.p_old = self.closed("2014-05-06", petitioner_id=self.old.id)
        with freeze_time("2015-03-02"):
            self.p_rejected = self.registered(petitioner_id=self.returning.id)
            self.p_rejected.action_reject("Not a petition matter")
        self.p_again = self.closed("2025-06-02", petitioner_id=self.returning.id)
        with freeze_time("2013-04-01"):
            self.p_accusation = self.accepted(
                nature="accusation", petitioner_id=self.accuser.id, head_count=2,
                representative_ids=[Command.set(self.rep.ids)])
            self.assign(self.p_accusation)
            self.p_accusation.action_reply("explain", "<p>Dealt with.</p>")
            self.p_accusation.action_record_follow_up("dissatisfied", "visited")
            self.p_accusation.action_close("Dealt with")
        with freeze_time("2013-04-20"):
            self.p_accusation.action_request_review()
            self.p_accusation.action_decide_review("Upheld", date(2013, 5, 2))
        with freeze_time("2013-05-10"):
            self.p_accusation.action_request_re_review()
            self.p_accusation.action_decide_re_review("Upheld", date(2013, 6, 1))
        with freeze_time("2014-02-03"):
            self.p_open = self.registered(petitioner_id=self.open_case.id)
        self.p_recent = self.closed("2020-09-01", petitioner_id=self.recent.id)
        self.assertEqual(self.p_accusation.state, "final")
        self.Petition = self.env["xinfang.petition"]

    def run_cron(self, **kwargs):
        with freeze_time(TODAY), patch.object(type(self.env["ir.cron"]), "_commit_progress",
                                              autospec=True, return_value=1.0) as progress:
            done = self.Petition._cron_anonymise_expired(**kwargs)
        return done, progress

    def statistics(self):
        Report = self.env["xinfang.petition.report"]
        rates = Report.get_rates("2000-01-01", "2026-12-31")
        by_village = Report.get_rates("2000-01-01", "2026-12-31", groupby="village_id")
        counts = Report._read_group([], ["nature", "channel", "category_id"], ["__count", "head_count:sum"])
        repeat = self.Petition.search_count([("is_repeat", "=", True)])
        return rates, by_village, sorted(counts, key=repr), repeat

    def assertAnonymised(self, person):
        self.assertRecordValues(person, [{"name": ANONYMISED_NAME, "id_number": False, "phone": False,
                                          "address": False, "birth_date": False, "gender": False}])

    def test_people_past_retention_are_anonymised_statistics_stay(self):
        before = self.statistics()
        numbers = self.Petition.search([]).mapped(lambda p: (p.id, p.name, p.state, p.subject))
        done, progress = self.run_cron()
        self.assertEqual(done, 3)
        for person in (self.old, self.accuser, self.rep):
            self.assertAnonymised(person)
        for person in (self.returning, self.open_case, self.recent):
            self.assertNotEqual(person.name, ANONYMISED_NAME, "a newer or open petition keeps the person")
            self.assertTrue(person.id_number and person.phone)
        self.assertEqual(self.statistics(), before, "counts and rates are those of the petitions, unchanged")
        self.assertEqual(self.Petition.search([]).mapped(lambda p: (p.id, p.name, p.state, p.subject)), numbers)
        self.assertEqual(self.p_old.petitioner_id, self.old, "the petition still points to the (anonymous) person")
        # the person's own history and files held the identity: gone
        self.assertFalse(self.env["mail.message"].search([("model", "=", "xinfang.petitioner"),
                                                          ("res_id", "in", (self.old | self.accuser).ids)]))
        self.assertFalse(self.env["mail.tracking.value"].search(
            ["|", ("old_value_char", "in", ("周旧案", "郑检举")), ("new_value_char", "in", ("周旧案", "郑检举"))]))
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", "xinfang.petitioner"),
                                                           ("res_id", "=", self.old.id)]))
        self.assertFalse(self.env["xinfang.petitioner"].search([("name_pinyin", "ilike", "zhoujiuan")]))
        # progress reported to the cron: total first, then each batch
        self.assertEqual(progress.call_args_list[0].kwargs, {"remaining": 3})
        self.assertEqual(sum(call.args[1] for call in progress.call_args_list[1:]), 3)
        # idempotent
        self.assertEqual(self.run_cron()[0], 0)

    def test_period_is_a_setting(self):
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("xinfang_petition.retention_years", "0")
        self.assertEqual(self.run_cron()[0], 0, "0 switches retention off")
        Param.set_param("xinfang_petition.retention_years", "5")
        self.run_cron()
        self.assertAnonymised(self.recent)
        self.assertNotEqual(self.returning.name, ANONYMISED_NAME)

    def test_batches_stop_when_the_run_is_out_of_time(self):
        with freeze_time(TODAY), patch.object(type(self.env["ir.cron"]), "_commit_progress", autospec=True,
                                              side_effect=[1.0, 0.0]):
            done = self.Petition._cron_anonymise_expired(batch_size=1)
        self.assertEqual(done, 1, "one batch, then the run's time was up")
        self.assertEqual(self.run_cron()[0], 2, "the next run does the rest")

    def test_cron_is_scheduled(self):
        cron = self.env.ref("xinfang_petition.ir_cron_petition_retention")
        self.assertTrue(cron.active)
        self.assertEqual(cron.code.strip(), "model._cron_anonymise_expired()")
