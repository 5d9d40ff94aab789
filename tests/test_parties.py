"""Issue 19, worked out by hand on the round dataset (tests/fixtures/round.yaml) at 1 USD =
1,000 KRW: a party of people each with their own treatments, companions, programmes as clinics
run them, and every way told with what it costs in time. None of these reads the bundled data.

The round data, typical (low, high): a session 200,000 (100,000, 300,000), skin or hair; the
couple discount 15 % (low 20 %, high 10 %); a fare from Near 1,000,000 (500,000, 1,500,000); a
room-night 100,000 (50,000, 150,000); meals and transport 50,000 (30,000, 70,000) a person a
day; an eSIM 20,000 (10,000, 30,000). Hair: 5 sessions 14-28 days apart; skin: 1 session,
14-28 days apart when there are more. A trip of one session: 4 nights (the default), 5 days.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.round_data import ROUND, TODAY, hide_bundled_data, krw, quote, r3, round_data
from tests.round_data import cli_json as _cli_json
from tests.runner import run


@pytest.fixture(autouse=True)
def no_bundled_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_bundled_data(monkeypatch, tmp_path)


RATE = ("--rate", "USD=1000")


def cli_json(*args: str) -> Any:
    """`exocalc ARGS --data round.yaml --rate USD=1000 --format json`, parsed."""
    return _cli_json(*args, *RATE)


def table(*args: str, code: int = 0, columns: int = 120) -> str:
    """`exocalc ARGS --data round.yaml` as a table on 2026-11-28: stdout, or stderr on error."""
    result = run(*args, "--data", str(ROUND), *RATE, today=TODAY, columns=columns, code=code)
    return result.stdout if code == 0 else result.stderr


def batch(stdin: str, *args: str) -> str:
    return run("batch", "-", *args, "--data", str(ROUND), *RATE, stdin=stdin, today=TODAY).stdout


def typical(document: dict, line: str) -> Decimal:  # type: ignore[type-arg]
    return next(ln["typical"] for ln in document["lines"] if ln["id"] == line)


def test_a_companion_travels_on_every_trip_and_is_not_treated() -> None:
    """Hair, 5 trips, with one companion: every trip has 2 people, one room, 1 session.
    Treatment 5 x 200,000 = 1,000,000; flights 5 x 2 x 1,000,000 = 10,000,000; hotel
    5 x 4 nights x 1 room x 100,000 = 2,000,000; daily 5 x 5 days x 2 x 50,000 = 2,500,000;
    eSIM 5 x 2 x 20,000 = 200,000. No couple discount: one person is treated. Total
    15,700,000 = the one-person quote 9,350,000 + the companion's flights 5,000,000, days
    1,250,000 and eSIMs 100,000."""
    alone = cli_json("quote", "--treatment", "hair", "--trips", "5")
    two = cli_json("quote", "--treatment", "hair", "--trips", "5", "--companions", "1")
    assert {ln["id"]: ln["krw"]["typical"] for ln in two["lines"]} == {
        "treatment": 1_000_000,
        "flights": 10_000_000,
        "hotel": 2_000_000,
        "daily": 2_500_000,
        "esim": 200_000,
    }
    # low 500,000 + 5,000,000 + 1,000,000 + 1,500,000 + 100,000; high 1,500,000 + 15,000,000
    # + 3,000,000 + 3,500,000 + 300,000
    assert two["total"] == {"low": Decimal("8100.00"), "typical": Decimal("15700.00"),
                            "high": Decimal("23300.00")}  # fmt: skip
    assert two["total"]["typical"] == alone["total"]["typical"] + Decimal("6350.00")
    assert two["way"]["people"] == [2, 2, 2, 2, 2]
    assert two["per_person"]["travellers"] == 2
    assert two["per_person"]["typical"] == Decimal("7850.00")
    assert two["inputs"]["people"] == [{"treatments": ["hair"]}, {"treatments": []}]
    assert (two["inputs"]["travellers"], two["inputs"]["companions"]) == (1, 1)
    # At home: the treated person's 5 sessions only, USD 3,000 each.
    assert two["home"]["typical"] == Decimal("15000.00")


def test_with_a_companion_the_cheapest_way_can_be_another() -> None:
    """The companion's fares make more trips dearer: for two, one stay of 59 nights costs
    1,000,000 + 2 x 1,000,000 + 59 x 100,000 + 60 days x 2 x 50,000 + 2 x 20,000 = 14,940,000;
    2 trips (31 + 17 nights) 1,000,000 + 4 x 1,000,000 + 48 x 100,000 + 50 days x 2 x 50,000
    + 4 x 20,000 = 14,880,000; 5 trips 15,700,000 (above). Alone, 5 trips is the cheapest; with
    the companion, 2 trips."""
    two = cli_json("quote", "--treatment", "hair", "--companions", "1")
    assert two["way"]["label"] == "2 trips, 3 + 2 sessions"
    assert two["total"]["typical"] == Decimal("14880.00")
    totals = {o["trips"]: o["total"]["typical"] for o in two["programme"]["options"]}
    assert (totals[1], totals[5]) == (Decimal("14940.00"), Decimal("15700.00"))


def test_hair_and_skin_share_the_first_trip_and_its_room() -> None:
    """--person hair --person skin --trips 5: the skin session on the first hair day
    (2026-11-29, the default date), in trip 1; its person flies once. Treatment 6 sessions
    x 200,000 = 1,200,000; couple discount on the two sessions of that day: 400,000 x 15 % =
    60,000 (low 200,000 x 20 %, high 600,000 x 10 %); flights 6 person-trips = 6,000,000;
    hotel 5 x 4 nights x 1 room = 2,000,000; daily (2 x 5 + 4 x 5) = 30 person-days =
    1,500,000; eSIMs 6 x 20,000 = 120,000. Total 10,760,000 = hair, 5 trips, 9,350,000 + skin
    1,870,000 - the skin quote's hotel 400,000 (the two share a room: the nights agree, 4
    each) - the discount 60,000."""
    party = cli_json("quote", "--person", "hair", "--person", "skin", "--trips", "5")
    hair = cli_json("quote", "--treatment", "hair", "--trips", "5")
    skin = cli_json("quote", "--treatment", "skin")
    assert {ln["id"]: ln["krw"]["typical"] for ln in party["lines"]} == {
        "treatment": 1_200_000,
        "couple_discount": -60_000,
        "flights": 6_000_000,
        "hotel": 2_000_000,
        "daily": 1_500_000,
        "esim": 120_000,
    }
    assert next(ln for ln in party["lines"] if ln["id"] == "couple_discount")["krw"] == {
        "low": -40_000, "typical": -60_000, "high": -60_000,
    }  # fmt: skip
    assert skin["way"]["nights"] == [4] and hair["way"]["nights"][0] == 4
    for scenario in ("low", "typical", "high"):
        discount = next(ln for ln in party["lines"] if ln["id"] == "couple_discount")[scenario]
        hotel = next(ln for ln in skin["lines"] if ln["id"] == "hotel")[scenario]
        expected = hair["total"][scenario] + skin["total"][scenario] - hotel + discount
        assert party["total"][scenario] == expected
    assert party["total"]["typical"] == Decimal("10760.00")
    assert party["way"]["people"] == [2, 1, 1, 1, 1]
    assert party["per_person"]["travellers"] == 2
    # At home: 6 sessions, USD 3,000 each.
    assert party["home"]["typical"] == Decimal("18000.00")


def test_the_skin_session_is_on_a_day_of_the_first_trip() -> None:
    q = quote(round_data(), people=(("hair",), ("skin",)), trips=5)
    first = q.way.dates.trips[0]
    assert first.arrive < dt.date(2026, 12, 1) < first.depart
    assert first.who == (((0, "hair"), (1, "skin")),)
    assert all(day == ((0, "hair"),) for trip in q.way.dates.trips[1:] for day in trip.who)


def test_a_person_with_both_treatments_has_both_every_way() -> None:
    """--treatment skin --treatment hair: one person with both, never the hair alone:
    6 sessions (5 hair, 1 skin on the first hair day), one person, no couple discount."""
    document = cli_json("quote", "--treatment", "skin", "--treatment", "hair", "--trips", "5")
    assert document["inputs"]["people"] == [{"treatments": ["skin", "hair"]}]
    assert document["inputs"]["treatment"] == ["skin", "hair"]
    assert typical(document, "treatment") == Decimal("1200.00")  # 6 x 200,000
    assert "couple_discount" not in [ln["id"] for ln in document["lines"]]
    # Hair alone, 5 trips: 9,350,000; the skin session adds its 200,000 only.
    assert document["total"]["typical"] == Decimal("9550.00")
    plus = cli_json("quote", "--person", "skin+hair", "--trips", "5")
    assert plus["total"] == document["total"]


def test_two_people_treated_on_different_days_get_no_couple_discount() -> None:
    """Hair and skin for two, each on their own: only the first day has both. Days 2 to 5
    have one person each: their sessions are not discounted (the discount is 60,000, as
    above, not 6 x 200,000 x 15 %)."""
    q = quote(round_data(), people=(("hair",), ("skin",)), trips=5)
    assert krw(q)["couple_discount"] == r3(-40_000, -60_000, -60_000)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--person", "hair", "--travellers", "2"],
         "--travellers 2 and --person (1 treated) say different parties: give one of them"),
        (["--person", "hair", "--treatment", "skin"],
         "give --treatment or --person, not both: skin is not every treated person's treatment"),
        (["--person", "none"],
         "--person treats no one: give at least one person a treatment (hair, skin, skin+hair)"),
        (["--person", "hair", "--person", "skin", "--sessions", "2"],
         "--sessions sets the sessions of one treatment; this party has hair and skin, each of "
         "which follows its programme: leave it out"),
        (["--person", "hiar"],
         "unknown treatment 'hiar' (--person); valid treatments: skin, hair; did you mean "
         "'hair'?"),
        (["--person", ""],
         "--person '' names an empty person: give hair, skin, skin+hair, or none for a "
         "companion"),
        (["--person", "hair+hair"],
         "--person 'hair+hair' names hair twice: a person has each treatment once (its "
         "programme gives the sessions)"),
    ],
)  # fmt: skip
def test_a_party_said_two_ways_that_disagree_is_refused(args: list[str], message: str) -> None:
    assert table("quote", *args, code=2) == f"exocalc: error: {message}\n"


def test_skin_sessions_keep_their_interval() -> None:
    """Three skin sessions: 14 days apart (the data's shortest), never on consecutive days;
    --interval 21 puts them 21 days apart."""
    q = quote(round_data(), treatment="skin", sessions=3)
    assert q.calendar.sessions == (
        dt.date(2026, 12, 1), dt.date(2026, 12, 15), dt.date(2026, 12, 29),
    )  # fmt: skip
    for way in q.ways:
        days = [d for trip in way.trips for d in trip.sessions]
        assert all((b - a).days >= 14 for a, b in itertools.pairwise(days))
    asked = quote(round_data(), treatment="skin", sessions=3, interval=21)
    assert asked.calendar.sessions == (
        dt.date(2026, 12, 1), dt.date(2026, 12, 22), dt.date(2027, 1, 12),
    )  # fmt: skip


def test_an_interval_outside_the_data_warns() -> None:
    result = run(
        "quote", "--sessions", "3", "--interval", "7", "--data", str(ROUND), *RATE, "--format",
        "json", today=TODAY,
    )  # fmt: skip
    warning = (
        "--interval 7: skin sessions 7 days apart, shorter than the 14-28 days the data gives "
        "(an estimate citing Round numbers for tests)"
    )
    assert f"exocalc: warning: {warning}\n" in result.stderr
    assert table("quote", "--sessions", "3", "--interval", "21").count("--interval") == 0


def test_one_day_is_said_in_the_singular() -> None:
    out = table("quote", "--sessions", "2", "--interval", "1", "--nights", "5")
    assert "2 sessions 1 day apart" in out
    assert "1 days" not in out


def test_a_way_asked_for_is_quoted_and_the_others_still_listed() -> None:
    """--trips 1: the stay, 10,920,000, quoted; the cheapest is 5 trips, 9,350,000: it is
    1,570,000 dearer. Days away: the stay 60; 2 trips 32 + 18 = 50; 3 trips 18 + 18 + 5 = 41;
    4 trips 18 + 5 + 5 + 5 = 33; 5 trips 5 x 5 = 25."""
    document = cli_json("quote", "--treatment", "hair", "--trips", "1")
    assert document["total"]["typical"] == Decimal("10920.00")
    programme = document["programme"]
    options = programme["options"]
    assert [o["trips"] for o in options] == [1, 2, 3, 4, 5]
    assert [o["days_away"] for o in options] == [60, 50, 41, 33, 25]
    assert [o["long_haul_round_trips"] for o in options] == [1, 2, 3, 4, 5]
    assert [o["cheapest"] for o in options] == [False, False, False, False, True]
    assert [o["quoted"] for o in options] == [True, False, False, False, False]
    assert programme["dearer_typical"] == Decimal("1570.00")
    assert programme["saves_typical"] is not None
    assert document["way"]["days_away"] == 60
    out = table("quote", "--treatment", "hair", "--trips", "1")
    assert "one stay of 59 nights (quoted)" in out
    assert "one stay of 59 nights (cheapest" not in out
    assert "5 trips, 1 session each (cheapest)" in out
    assert (
        "Quoted: one stay of 59 nights, $1,570.00 (typical) dearer than the cheapest way, 5 "
        "trips, 1 session each." in out
    )


def test_limits_leave_out_the_ways_that_do_not_fit() -> None:
    """--max-trips 3: the cheapest of the stay (10,920,000), 2 trips (10,340,000) and 3
    trips (1,000,000 + 3,000,000 + 38 nights x 100,000 + 41 days x 50,000 + 60,000 =
    9,910,000). --max-days-away 30: only 5 trips (25 days) fits."""
    three = cli_json("quote", "--treatment", "hair", "--max-trips", "3")
    assert three["way"]["trips"] == 3
    assert three["total"]["typical"] == Decimal("9910.00")
    assert [o["trips"] for o in three["programme"]["options"]] == [1, 2, 3]
    away = cli_json("quote", "--treatment", "hair", "--max-days-away", "30")
    assert [o["trips"] for o in away["programme"]["options"]] == [5]
    assert "4 trips: 33 days away, more than --max-days-away 30" in away["programme"]["left_out"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-days-away", "20"], "--max-days-away 20 leaves no way: the shortest is 25 days "
         "away"),
        (["--max-trips", "2", "--max-days-away", "30"], "--max-trips 2 and --max-days-away 30 "
         "leave no way together: within 2 trips, the shortest is 50 days away"),
        (["--trips", "4", "--max-trips", "3"], "--trips 4 is more than --max-trips 3: give one "
         "of them"),
    ],
)  # fmt: skip
def test_limits_that_leave_nothing_name_themselves(args: list[str], message: str) -> None:
    assert table("quote", "--treatment", "hair", *args, code=2) == f"exocalc: error: {message}\n"


def test_a_batch_names_the_party_in_a_cell_and_in_json() -> None:
    """The same party from a CSV cell, a JSON list of objects, and the command line: one
    answer."""
    want = cli_json("quote", "--person", "hair", "--person", "skin", "--trips", "5")
    csv_in = "people,trips\nhair;skin,5\n"
    got = batch(csv_in, "--format", "csv")
    total = next(csv.DictReader(io.StringIO(got)))["total_typical"]
    assert Decimal(total) == want["total"]["typical"]
    line = '{"people": [{"treatments": ["hair"]}, {"treatments": ["skin"]}], "trips": 5}\n'
    record = json.loads(
        batch(line),
        parse_float=Decimal,
    )
    assert record["total"] == want["total"]
    again = json.dumps(want["inputs"], default=str) + "\n"
    saved = json.loads(
        batch(again),
        parse_float=Decimal,
    )
    assert saved["inputs"] == want["inputs"] and saved["total"] == want["total"]


def test_a_batch_refuses_a_person_it_cannot_price_and_says_why() -> None:
    """A person with their own sessions (the party's, not a person's), and an empty person in
    a cell (a companion is `none`): an error record that says so, in JSON's own words."""
    line = '{"people": [{"treatments": ["skin"], "sessions": 3}]}\n'
    record = json.loads(
        run("batch", "-", "--data", str(ROUND), *RATE, stdin=line, today=TODAY, code=1).stdout
    )
    assert record["error"] == (
        'people: a person takes only "treatments" (not "sessions"); sessions, add-ons and a '
        "price are the party's (sessions, addon, price)"
    )
    cells = "people\nhair;;skin\nhair;skin;\n"
    done = run("batch", "-", "--format", "csv", "--data", str(ROUND), *RATE, stdin=cells,
               today=TODAY, code=1)  # fmt: skip
    errors = [row["error"] for row in csv.DictReader(io.StringIO(done.stdout))]
    assert errors == [
        "people 'hair;;skin' names an empty person: give hair, skin, skin+hair, or none for a "
        "companion",
        "people 'hair;skin;' names an empty person: give hair, skin, skin+hair, or none for a "
        "companion",
    ]
