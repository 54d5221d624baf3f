"""Property-based tests (hypothesis): random payloads at the ORM of the main models.

Every call either succeeds and leaves a valid record (and exactly the records it should), or is
refused with a UserError (ValidationError, AccessError and MissingError are UserErrors) or an
IntegrityError of a declared constraint (which Odoo's RPC layer turns into a ValidationError). Any
other exception is a server error: the test fails and hypothesis shrinks the payload.

Payloads are type-correct for each field (a string for a Char, a date for a Date, a valid key for a
Selection: type errors are Odoo's own ORM checks) but hostile in content: empty, whitespace, huge,
control characters, markup, SQL, other people's and sealed records, out-of-range numbers and dates.
The workflow steps, public methods callable over JSON-RPC, get any JSON value.

10,500 examples in all; each runs inside a savepoint that is rolled back.
"""

import os
from datetime import date, timedelta

import psycopg2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from odoo.addons.xinfang_petition.models.xinfang_petition import TRANSITIONS
from odoo.addons.xinfang_petition.tests.common import XinfangCase, resident_id
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL, mute_logger

TODAY = date(2026, 11, 26)  # the suite runs on this day (frozen): dates around it are boundaries
REFUSALS = (UserError, psycopg2.IntegrityError)
INT32 = 2**31 - 1


# XINFANG_FUZZ_SCALE=0.1 for a quick run while developing; CI runs the full 10,500 examples.
SCALE = float(os.environ.get("XINFANG_FUZZ_SCALE", "1"))


def fuzz(examples):
    return settings(max_examples=max(int(examples * SCALE), 1), deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


# --- hostile values ---------------------------------------------------------------------------------
NASTY = ["", " ", "\t\n ", "<script>alert(1)</script>", "'; DROP TABLE xinfang_petition; --", "%s %(x)s {0}",
         "NULL", "王" * 600, "\u202etxet", "a\rb\nc", "😀" * 40, "\x00", "x\x00y", "<p>ok</p><img src=x onerror=1>"]
text = st.one_of(st.text(max_size=80), st.sampled_from(NASTY),
                 st.text(alphabet=st.characters(min_codepoint=0x4e00, max_codepoint=0x4fff), min_size=1, max_size=8))
maybe_text = st.one_of(st.none(), st.just(False), text)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
some_date = st.one_of(days, days.map(str), st.sampled_from([TODAY, TODAY + timedelta(days=1), date(1949, 10, 1)]))
digits17 = st.from_regex(r"\A[1-6]\d{5}(19[5-9]\d|20[01]\d)(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}\Z")
id_number = st.one_of(
    st.none(), st.just(False), digits17.map(resident_id),                         # valid
    digits17.map(lambda d: resident_id(d).lower()), digits17.map(lambda d: d + "0"),  # x, wrong check digit
    digits17.map(lambda d: f" {d[:6]}-{resident_id(d)[6:]} "), st.from_regex(r"\A[0-9Xx]{15,19}\Z"),
    st.from_regex(r"\A\d{6}(1899|2999)1399\d{3}[0-9X]\Z"), text)
phone = st.one_of(st.none(), st.just(False), st.from_regex(r"\A\+?[0-9 -]{3,20}\Z"), text)
# JSON values, for the arguments of public methods
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(-INT32, INT32), st.floats(allow_nan=False), text)
json_value = st.one_of(json_scalar, st.lists(json_scalar, max_size=3),
                       st.dictionaries(st.text(max_size=5), json_scalar, max_size=2))
arg_date = st.one_of(st.none(), days, days.map(str), json_value)


def choice(keys):
    return st.one_of(st.sampled_from(list(keys)), json_value)


@tagged("post_install", "-at_install")
class FuzzCase(XinfangCase):
    @classmethod
    def setUpClass(cls):
        # 09:00 in Shanghai on TODAY, whatever the day and hour the suite runs (users' dates are local)
        cls.startClassPatcher(freeze_time(f"{TODAY} 01:00:00"))
        super().setUpClass()
        # chatter and tracking are not what is fuzzed here: skip them, ten thousand times
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True,
                                       mail_notrack=True))
        cls.accuser = cls.env["xinfang.petitioner"].create({"name": "匿名检举人", "confidential": True})
        cls.people = cls.petitioner | cls.petitioner_b | cls.accuser
        cls.people |= cls.env["xinfang.petitioner"].create([{"name": f"代表{i}"} for i in range(6)])
        cls.categories = cls.env["xinfang.category"].search([])
        cls.departments = cls.village_a | cls.village_b | cls.unit_land
        cls.roles = [cls.user_staff, cls.user_mediator, cls.user_handler, cls.user_jijian, cls.user_director]

    def counts(self):
        tables = {"xinfang.petition": "xinfang_petition", "xinfang.petitioner": "xinfang_petitioner",
                  "xinfang.assignment": "xinfang_assignment", "xinfang.extension": "xinfang_extension"}
        counts = self.env.execute_query(SQL("SELECT %s", SQL(", ").join(
            SQL("(SELECT count(*) FROM %s)", SQL.identifier(table)) for table in tables.values())))
        return dict(zip(tables, counts[0], strict=True))

    def attempt(self, call, check, created=None):
        """Run ``call`` in a savepoint; a success must pass ``check`` and create exactly ``created``."""
        before = self.counts()
        savepoint = self.env.cr.savepoint()
        try:
            try:
                with mute_logger("odoo.sql_db"):  # refused constraints log an ERROR line each
                    result = call()
                    self.env.flush_all()
            except REFUSALS:
                savepoint.rollback()
                self.assertEqual(self.counts(), before, "a refused call leaves nothing behind")
                return None
            expected = dict(before)
            for model, count in (created or {}).items():
                expected[model] += count
            self.assertEqual(self.counts(), expected, "exactly the records the call makes")
            check(result)
            return result
        finally:
            savepoint.close(rollback=True)

    def attempt_create(self, data, model, draw_vals, check):
        """A drawn role creates a ``model`` record from ``draw_vals(data)``: exactly one, or a refusal."""
        user = data.draw(st.sampled_from(self.roles), label="user")
        vals = draw_vals(data)
        self.attempt(lambda: self.env[model].with_user(user).create(vals), check, created={model: 1})


class TestFuzzPetitioner(FuzzCase):
    def check_person(self, person):
        person = person.sudo()
        self.assertTrue(person.name)
        number = person.id_number
        if number:
            self.assertRegex(number, r"\A\d{17}[\dX]\Z")
            self.assertEqual(number[-1], ric.calc_check_digit(number))
            self.assertEqual(person.birth_date, ric.get_birth_date(number))
            self.assertEqual(person.gender, "male" if int(number[16]) % 2 else "female")
        else:
            self.assertFalse(person.birth_date or person.gender)
        if person.phone:
            self.assertRegex(person.phone, r"\A\+?\d{5,16}\Z")

    def person_vals(self, data):
        vals = {}
        for key, strategy in (("name", text), ("id_number", id_number), ("phone", phone), ("address", maybe_text),
                              ("village_id", st.sampled_from([False, *self.departments.ids])),
                              ("active", st.booleans())):
            if data.draw(st.booleans(), label=f"has {key}"):
                vals[key] = data.draw(strategy, label=key)
        return vals

    @fuzz(2000)
    @given(data=st.data())
    def test_create(self, data):
        self.attempt_create(data, "xinfang.petitioner", self.person_vals, self.check_person)

    @fuzz(1500)
    @given(data=st.data())
    def test_write(self, data):
        user = data.draw(st.sampled_from(self.roles), label="user")
        person = data.draw(st.sampled_from(self.people), label="person")
        vals = self.person_vals(data)
        self.attempt(lambda: person.with_user(user).write(vals) and person, self.check_person)


class TestFuzzPetition(FuzzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a petition in every state, driven through the workflow (XinfangCase's helpers want an instance)
        self = object.__new__(cls)
        cls.at = {"draft": self.new_petition(), "to_accept": self.registered(),
                  "accepted": self.accepted(), "handling": self.handling()}
        replied = self.replied()
        cls.at["replied"] = replied
        closed = self.replied()
        closed.action_record_follow_up("satisfied", "ok")
        closed.action_close("Paid")
        cls.at["closed"] = closed
        review = self.replied()
        review.action_request_review()
        cls.at["review"] = review
        reviewed = self.replied()
        reviewed.action_request_review()
        reviewed.action_decide_review("Upheld", TODAY)
        cls.at["closed_reviewed"] = reviewed
        re_review = self.replied()
        re_review.action_request_review()
        re_review.action_decide_review("Upheld", TODAY)
        re_review.action_request_re_review()
        cls.at["re_review"] = re_review
        rejected = self.registered()
        rejected.action_reject("Not ours")
        cls.at["rejected"] = rejected
        accusation = self.accepted(nature="accusation", petitioner_id=cls.accuser.id)
        cls.at["accusation"] = accusation
        cls.selections = {fname: [key for key, _label in cls.env["xinfang.petition"]._fields[fname].selection]
                          for fname in ("channel", "nature", "lodged_level", "responsible_level", "state",
                                        "redirect_route", "reply_outcome", "satisfaction", "reply_receipt_method")}

    def check_petition(self, petition, old_state=None):
        p = petition.sudo()
        self.assertIn(p.state, self.selections["state"])
        if p.state == "draft":
            self.assertEqual(p.name, "/")
        elif p.state != "rejected":  # TRANSITIONS lets action_reject refuse a draft unnumbered (reported)
            self.assertNotEqual(p.name, "/", "numbered once registered")
        self.assertTrue(p.subject and p.category_id)
        self.assertGreaterEqual(p.head_count, 1)
        self.assertEqual(p.is_collective, p.head_count >= 5)
        self.assertLessEqual(len(p.representative_ids), 5)
        self.assertLessEqual(p.registration_date, TODAY)
        if p.nature == "accusation":
            self.assertFalse(p.petitioner_id, "an accuser is never left readable")
            self.assertTrue(all((p.accuser_id | p.representative_ids).mapped("confidential")))
        if old_state is not None and p.state != old_state:
            self.assertIn(p.state, TRANSITIONS[old_state], f"{old_state} -> {p.state}")
        state = p.state
        if p.name != "/" and not p.no_reaccept:
            self.assertTrue(p.acceptance_deadline)
        if state in ("accepted", "handling", "replied", "closed", "review", "re_review", "final"):
            self.assertTrue(p.accept_date and p.handling_deadline)
            self.assertLessEqual(p.registration_date, p.accept_date)
        if state in ("handling",):
            self.assertTrue(p.handler_id and p.lead_unit_id)
        if state in ("replied", "closed", "review", "re_review", "final") and p.accept_date:
            self.assertTrue(p.reply_date and p.reply_text)
        if p.reply_received_date:  # the review window runs from the receipt of the reply
            self.assertTrue(p.review_request_deadline and p.reply_received_date >= p.reply_date)
            self.assertIn(p.reply_receipt_method, self.selections["reply_receipt_method"])
            self.assertIn(p.reply_outcome, self.selections["reply_outcome"])
        if state == "closed":
            self.assertTrue(p.close_result)
        if state == "rejected":
            self.assertTrue(p.reject_reason and p.reject_reason.strip())
        if state == "redirected":
            self.assertIn(p.redirect_route, self.selections["redirect_route"])
            self.assertTrue(p.routing_notice_deadline)
        if p.satisfaction:
            self.assertIn(p.satisfaction, self.selections["satisfaction"])
        return p

    def petition_vals(self, data, protected=True):
        selections = self.selections
        strategies = {
            "subject": text, "content": maybe_text, "request": maybe_text,
            "channel": st.sampled_from(selections["channel"]), "nature": st.sampled_from(selections["nature"]),
            "lodged_level": st.sampled_from(selections["lodged_level"]),
            "responsible_level": st.sampled_from(selections["responsible_level"]),
            "category_id": st.sampled_from([False, *self.categories.ids]),
            "village_id": st.sampled_from([False, *self.departments.ids]),
            "petitioner_id": st.sampled_from([False, *self.people.ids]),
            "representative_ids": st.lists(st.sampled_from(self.people.ids), max_size=8).map(
                lambda ids: [Command.set(ids)]),
            "head_count": st.one_of(st.integers(-5, 60), st.integers(-INT32, INT32)),
            "registration_date": some_date, "simplified": st.booleans(), "is_major": st.booleans(),
        }
        if protected:  # what the form keeps read-only, sent anyway (as an RPC client can)
            strategies.update({
                "state": st.sampled_from(selections["state"]), "name": st.sampled_from(["/", "XF2026-999999"]),
                "accept_date": some_date, "reply_text": text,
                "reply_outcome": st.sampled_from(selections["reply_outcome"]),
                "handler_id": st.sampled_from([False, self.handler.id]), "deadline_status": st.just("ok"),
            })
        vals = {}
        for key, strategy in strategies.items():
            if data.draw(st.integers(0, 3 if key in ("subject", "category_id") else 5), label=f"has {key}") == 0:
                continue
            vals[key] = data.draw(strategy, label=key)
        if data.draw(st.booleans(), label="typical"):
            vals.setdefault("subject", "Fuzzed")
            vals.setdefault("category_id", self.category.id)
        return vals

    @fuzz(2500)
    @given(data=st.data())
    def test_create(self, data):
        def draw_vals(data):
            return self.petition_vals(data, protected=data.draw(st.integers(0, 4), label="protected") == 0)

        self.attempt_create(data, "xinfang.petition", draw_vals, self.check_petition)

    @fuzz(1500)
    @given(data=st.data())
    def test_write(self, data):
        user = data.draw(st.sampled_from(self.roles), label="user")
        petition = data.draw(st.sampled_from(list(self.at.values())), label="petition")
        old = petition.sudo().read(["state", "name"])[0]
        vals = self.petition_vals(data, protected=data.draw(st.integers(0, 2), label="protected") == 0)

        def check(written):
            p = self.check_petition(written)
            self.assertEqual((p.state, p.name), (old["state"], old["name"]), "a write never moves the workflow")

        self.attempt(lambda: petition.with_user(user).write(vals) and petition, check)

    @fuzz(3000)
    @given(data=st.data())
    def test_workflow_steps(self, data):
        user = data.draw(st.sampled_from([self.user_staff, self.user_handler, self.user_leader, self.user_mediator]),
                         label="user")
        petition = data.draw(st.sampled_from(list(self.at.values())), label="petition")
        old_state = petition.sudo().state
        sel = self.selections
        method, args = data.draw(st.one_of(
            st.tuples(st.just("action_register"), st.tuples()),
            st.tuples(st.just("action_accept"), st.tuples(arg_date)),
            st.tuples(st.just("action_reject"), st.tuples(json_value)),
            st.tuples(st.just("action_redirect"), st.tuples(choice(sel["redirect_route"]), json_value)),
            st.tuples(st.just("action_reply"), st.tuples(choice(sel["reply_outcome"]), json_value, arg_date)),
            st.tuples(st.just("action_record_follow_up"),
                      st.tuples(choice(sel["satisfaction"]), json_value, arg_date)),
            st.tuples(st.just("action_close"), st.tuples(json_value)),
            st.tuples(st.just("action_request_review"), st.tuples(arg_date)),
            st.tuples(st.just("action_decide_review"), st.tuples(json_value, arg_date)),
            st.tuples(st.just("action_request_re_review"), st.tuples(arg_date)),
            st.tuples(st.just("action_decide_re_review"), st.tuples(json_value, arg_date)),
            st.tuples(st.just("action_not_reaccept"), st.tuples(json_value)),
            st.tuples(st.just("action_record_reply_receipt"),
                      st.tuples(arg_date, choice(sel["reply_receipt_method"]), json_value)),
            st.tuples(st.just("action_record_review_receipt"),
                      st.tuples(arg_date, choice(sel["reply_receipt_method"]), json_value)),
        ), label="step")
        self.attempt(lambda: getattr(petition.with_user(user), method)(*args) and petition,
                     lambda p: self.check_petition(p, old_state))

