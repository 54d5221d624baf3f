"""The demo township generator (data/township.py): plain pytest, no Odoo needed."""

import csv
import functools
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
import stdnum
from stdnum import numdb
from stdnum.cn import ric

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "data"))

import township  # noqa: E402

TODAY = date(2026, 11, 26)
REQUIRED_LOGINS = {
    "leader": ("principal_leader", "leader"),
    "deputy": ("deputy_leader", "leader"),
    "director": ("office_director", "director"),
    "staff": ("staff", "staff"),
    "handler": ("handler", "handler"),
    "mediator": ("mediator", "mediator"),
    "finance": (None, "finance"),
    "jijian": ("handler", "confidential"),
}
ROLES = {"principal_leader", "deputy_leader", "office_director", "office_deputy", "staff", "handler", "mediator",
         "informant"}


@functools.cache
def _divisions():
    with (Path(stdnum.__file__).parent / "cn" / "loc.dat").open(encoding="utf-8") as handle:
        return numdb.read(handle)


def is_valid_ric(number):
    """stdnum.cn.ric.is_valid, also when pytest-odoo's import hook breaks stdnum's data file lookup."""
    try:
        return ric.is_valid(number)
    except FileNotFoundError:  # "Can't open orphan path": same checks, division table read directly
        return (len(number) == 18 and number[:17].isdigit() and number[-1] == ric.calc_check_digit(number)
                and bool(ric.get_birth_date(number)) and bool(_divisions().info(number[:6])[0][1]))


def demo_rows(n=400, seed=township.SEED):
    return list(township.petitions(n, seed=seed, date_from=TODAY - timedelta(days=365), date_to=TODAY,
                                   today=TODAY, cover_states=True))


@pytest.fixture(scope="module")
def rows():
    return demo_rows()


@pytest.fixture(scope="module")
def year_rows():
    return list(township.petitions(3000, 2026, 7))


def test_same_seed_same_output():
    assert township.villages() == township.villages()
    assert township.units() == township.units()
    assert township.staff() == township.staff()
    assert list(township.petitions(300, 2026, 11)) == list(township.petitions(300, 2026, 11))
    assert demo_rows(200) == demo_rows(200)
    assert list(township.petitions(300, 2026, 11)) != list(township.petitions(300, 2026, 12))


def test_petitions_is_a_lazy_generator():
    generator = township.petitions(10**9, 2026)
    assert iter(generator) is generator
    assert next(generator)["seq"] == 1


def test_villages():
    villages = township.villages()
    assert 18 <= len(villages) <= 22
    assert villages[0]["name"] == "东岗村"
    assert all(800 <= v["population"] <= 4000 for v in villages)
    assert 38_000 <= sum(v["population"] for v in villages) <= 42_000
    assert len({v["code"] for v in villages}) == len({v["name"] for v in villages}) == len(villages)


def test_units_and_category_defaults():
    units = township.units()
    assert len(units) == 10
    names = {u["name"] for u in units}
    assert {"信访办公室", "自然资源所", "财政所", "社会事务办"} <= names
    assert township.category_units()["LAND"] == "zrzy"
    assert township.category_units()["DIS"] == "jw"
    assert township.category_units()["LAB"] == "shsw"


def test_staff_logins_and_roles():
    people = township.staff()
    by_login = {p["login"]: p for p in people}
    assert len(by_login) == len(people), "logins are unique"
    assert len({p["name"] for p in people}) == len(people), "names are unique"
    for login, (role, group) in REQUIRED_LOGINS.items():
        person = by_login[login]
        assert person["role"] == role, login
        assert f"xinfang_petition.group_xinfang_{group}" in person["groups"], login
        assert person["has_user"], login
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", person["name"]), person["name"]
    assert by_login["handler"]["unit"] == "zrzy"
    assert by_login["finance"]["unit"] == "czs"
    assert by_login["jijian"]["unit"] == "jw"
    assert by_login["mediator"]["village"] == township.villages()[0]["code"]
    assert {p["role"] for p in people} - {None} == ROLES, "every role is staffed"
    for person in people:
        assert re.fullmatch(r"[a-z][a-z0-9]*", person["login"]), person["login"]
        assert all(g.startswith("xinfang_petition.group_xinfang_") for g in person["groups"])
        if person["role"] in ("mediator", "informant"):
            assert person["village"] and not person["unit"]
        else:
            assert person["unit"] in {u["code"] for u in township.units()}
    heads = Counter(p["unit"] for p in people if p["is_head"])
    assert set(heads) == {u["code"] for u in township.units()} - {None} and set(heads.values()) == {1}


def test_staffing_meets_the_petition_roster_rules():
    """The demo township passes its own staffing check: 1 director, 1 executive deputy, 1-2 staff, a mediator
    in every village (the configuration dashboard would show any gap)."""
    people = township.staff()
    office = Counter(p["role"] for p in people if p["unit"] == "xfb")
    assert office["office_director"] == 1 and office["office_deputy"] == 1 and 1 <= office["staff"] <= 2
    mediators = Counter(p["village"] for p in people if p["role"] == "mediator")
    assert set(mediators) == {v["code"] for v in township.villages()}


def test_demo_logins_one_per_role():
    logins = township.demo_logins()
    assert [login for login, _name, _role in logins] == list(REQUIRED_LOGINS)
    assert len({role for _login, _name, role in logins}) == len(logins)


def test_every_id_number_is_valid(year_rows, rows):
    for row in year_rows + rows:
        number = row["petitioner_id_number"]
        assert is_valid_ric(number), number
        assert ric.get_birth_date(number) == row["petitioner_birth_date"]
        assert date(1945, 1, 1) <= row["petitioner_birth_date"] <= date(2000, 12, 31)
        assert (int(number[16]) % 2 == 1) == (row["petitioner_gender"] == "male")
        assert number[-1] == ric.calc_check_digit(number)
        assert re.fullmatch(r"1[3-9]\d{9}", row["petitioner_phone"]), row["petitioner_phone"]
    number = rows[0]["petitioner_id_number"]
    wrong_digit = "0" if number[-1] != "0" else "1"
    assert not is_valid_ric(number[:-1] + wrong_digit), "the check is not vacuous"
    unknown = "990000" + number[6:17]
    assert not is_valid_ric(unknown + township.check_digit(unknown)), "unknown division codes are refused"


def test_different_people_have_different_id_numbers(year_rows):
    people = {}
    for row in year_rows:
        people.setdefault(row["petitioner_id_number"], row["petitioner_name"])
        assert people[row["petitioner_id_number"]] == row["petitioner_name"]
    assert len(people) > 0.9 * len(year_rows)


def test_category_codes_exist():
    tree = ET.parse(ROOT / "xinfang_petition" / "data" / "xinfang_category_data.xml")
    codes = {field.text for field in tree.iter("field") if field.get("name") == "code"}
    used = set(township.CATEGORIES) | set(township.ACCUSATION_SUBJECTS) | set(township.SUGGESTION_SUBJECTS)
    assert used <= codes
    assert set(township.category_units()) <= codes


def test_distribution(year_rows):
    n = len(year_rows)
    channels = Counter(r["channel"] for r in year_rows)
    assert [c for c, _n in channels.most_common(2)] == ["visit", "hotline"]
    natures = Counter(r["nature"] for r in year_rows)
    assert natures.most_common(1)[0][0] == "appeal"
    assert 0.07 < natures["accusation"] / n < 0.13
    assert 0.8 < sum(r["head_count"] == 1 for r in year_rows) / n < 0.95
    assert sum(r["head_count"] >= 5 for r in year_rows) > 0
    high = sum(r["lodged_level"] in ("county", "city", "province", "national") for r in year_rows)
    assert 0.05 < high / n < 0.11
    assert all(r["registration_date"].year == 2026 for r in year_rows)
    dates = [r["registration_date"] for r in year_rows]
    assert dates == sorted(dates) and len({d.month for d in dates}) == 12


def test_timelines_are_consistent(year_rows, rows):
    order = ["registration_date", "accept_date", "assign_date", "reply_date", "close_date", "review_request_date",
             "review_date", "re_review_request_date", "re_review_date"]
    for row in year_rows + rows:
        steps = [row[f] for f in order if row[f]]
        assert steps == sorted(steps), row["seq"]
        if row["state"] in ("closed", "final", "review", "re_review"):
            assert row["satisfaction"] and row["follow_up_date"]
        if row["review_request_date"]:
            assert (row["review_request_date"] - row["reply_date"]).days <= 30
        if row["extension_date"]:
            assert row["assign_date"] <= row["extension_date"]
            assert not row["reply_date"] or row["extension_date"] < row["reply_date"]


def test_demo_covers_every_state(rows):
    states = Counter(r["state"] for r in rows)
    assert set(states) == set(township.ALL_STATES)
    assert all(r["registration_date"] <= TODAY for r in rows)
    assert all(d <= TODAY for r in rows for f in township.STEP_DATE_FIELDS.values() if (d := r[f]))
    overdue_acceptance = [r for r in rows if r["state"] == "to_accept" and (TODAY - r["registration_date"]).days > 15]
    assert overdue_acceptance
    assert sum(1 for r in rows if r["repeat_of"]) >= 5
    assert sum(1 for r in rows if r["nature"] == "accusation") >= 2


def test_repeats_follow_their_original(year_rows):
    by_seq = {r["seq"]: r for r in year_rows}
    repeats = [r for r in year_rows if r["repeat_of"]]
    assert repeats
    for row in repeats:
        original = by_seq[row["repeat_of"]]
        assert original["seq"] < row["seq"] and not original["repeat_of"]
        assert original["petitioner_id_number"] == row["petitioner_id_number"]
        assert original["category"] == row["category"]
        assert original["state"] != "draft"


def test_csv_cli(tmp_path, capsys):
    path = tmp_path / "petitions.csv"
    assert township.main(["--csv", "50", str(path)]) == 0
    with path.open(encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    assert len(lines) == 50 and list(lines[0]) == township.FIELDS
    assert township.main(["--logins"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == list(REQUIRED_LOGINS)
