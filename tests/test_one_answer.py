"""One trip, one answer: every command gives the same total for the same request, and every
trip it describes can happen."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from exocalc.request import FIELDS
from tests.runner import run


def document(*args: str, stdin: str | None = None) -> Any:
    return json.loads(run(*args, stdin=stdin).stdout, parse_float=Decimal)


TRIPS = [
    ["--treatment", "hair"],
    ["--travellers", "2", "--origin", "london", "--currency", "GBP"],
    ["--treatment", "hair", "--travellers", "2", "--origin", "london", "--currency", "GBP"],
    ["--treatment", "hair", "--nights", "20", "--hotel", "budget"],
    ["--person", "skin+hair", "--companions", "1", "--max-trips", "3"],
]


@pytest.mark.parametrize("trip", TRIPS)
def test_every_command_gives_one_number(trip: list[str]) -> None:
    date = ["--date", "2026-11-28"]
    plain = Decimal(run("quote", *trip, *date, "--format", "plain").stdout)
    quote = document("quote", *trip, *date, "--format", "json")
    plan = document("plan", *trip, *date, "--format", "json")
    compare = document("compare", *trip, *date, "--format", "json")
    standard = next(d for d in compare["destinations"] if d["id"] == "seoul_standard")
    row = json.dumps({"date": "2026-11-28", **dict(zip(trip[::2], trip[1::2], strict=True))})
    row = row.replace('"--', '"')
    batch = document("batch", "-", stdin=row + "\n")
    assert plain == quote["total"]["typical"]
    assert plan["total"]["typical"] == plain
    assert standard["total"]["typical"] == plain
    assert batch["total"]["typical"] == plain
    assert quote["way"]["label"] == plan["way"] == standard["way"]


def test_the_quote_is_the_cheapest_way_and_says_what_the_others_cost() -> None:
    q = document("quote", "--treatment", "hair", "--format", "json")
    options = q["programme"]["options"]
    cheapest = min(options, key=lambda o: o["total"]["typical"])
    assert q["total"] == cheapest["total"]
    assert q["programme"]["recommended"] == q["programme"]["chosen"] == cheapest["label"]
    forced = document("quote", "--treatment", "hair", "--trips", "1", "--format", "json")
    assert forced["way"]["trips"] == 1
    assert forced["programme"]["chosen"] == "one stay of 59 nights"
    assert forced["total"] == options[0]["total"]


@pytest.mark.parametrize(
    "args",
    [
        ["--treatment", "hair", "--nights", "10"],
        ["--treatment", "hair", "--nights", "2"],
        ["--nights", "0"],
        ["--sessions", "3", "--nights", "5"],
        ["--treatment", "hair", "--nights", "50"],
        ["--treatment", "hair", "--trips", "1", "--nights", "30"],
    ],
)
def test_plans_can_happen_or_are_refused_in_one_line(args: list[str]) -> None:
    result = run("plan", *args, "--format", "json", code=None)
    if result.exit_code == 2:
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("exocalc: error: ")
        assert "--nights" in result.stderr or "--trips" in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    for trip in plan["trips"]:
        arrive, depart = trip["arrive"], trip["depart"]
        assert all(arrive < s for s in trip["sessions"])
        last = trip["sessions"][-1]
        hours = (_day(depart) - _day(last)) * 24
        assert hours >= 48
        assert trip["nights"] == _day(depart) - _day(arrive)


def _day(text: str) -> int:
    import datetime as dt

    return dt.date.fromisoformat(text).toordinal()


def test_too_few_nights_names_the_minimum() -> None:
    result = run("quote", "--nights", "0", code=2)
    assert result.stderr == (
        "exocalc: error: --nights 0 is too few: a trip needs at least 3 nights (arrive the day "
        "before a session, leave 48 hours after the last)\n"
    )
    result = run("quote", "--treatment", "hair", "--trips", "1", "--nights", "10", code=2)
    assert result.stderr == (
        "exocalc: error: --trips 1 with --nights 10 does not fit 5 sessions 14 days apart: one "
        "stay needs at least 59 nights (arrive the day before a session, leave 48 hours after "
        "the last)\n"
    )


COMPARE_TRIP = [
    "--nights", "6", "--flight", "900", "--hotel", "budget", "--addon", "led", "--travellers",
    "2", "--origin", "london", "--booking", "creatrip",
]  # fmt: skip


def test_compare_takes_your_trip() -> None:
    compare = document("compare", *COMPARE_TRIP, "--format", "json")
    rows = {d["id"]: d for d in compare["destinations"] if d["kind"] == "seoul_tier"}
    assert list(rows) == ["seoul_factory", "seoul_standard", "seoul_premium"]
    for tier in ("factory", "standard", "premium"):
        quote = document("quote", "--tier", tier, *COMPARE_TRIP, "--format", "json")
        assert rows[f"seoul_{tier}"]["total"] == quote["total"]
    assert compare["inputs"]["nights"] == 6 and compare["inputs"]["addon"] == ["led"]


def test_compare_puts_named_clinics_side_by_side() -> None:
    compare = document("compare", "--clinic", "xenia", "--clinic", "forena", "--format", "json")
    seoul = [d for d in compare["destinations"] if d["kind"] != "region"]
    assert [(d["id"], d["name"], d["kind"]) for d in seoul] == [
        ("xenia", "Xenia", "seoul_clinic"),
        ("forena", "Forena", "seoul_clinic"),
    ]
    for row in seoul:
        quote = document("quote", "--clinic", row["id"], "--format", "json")
        assert row["total"] == quote["total"]
    mixed = document("compare", "--tier", "premium", "--clinic", "forena", "--format", "json")
    assert [d["id"] for d in mixed["destinations"]][:2] == ["seoul_premium", "forena"]
    table = run("compare", "--clinic", "xenia", "--clinic", "forena").stdout
    assert "Xenia" in table and "Forena" in table and "Seoul standard" not in table


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--treatment", "hair", "--travellers", "2", "--origin", "london"],
        [
            "--clinic",
            "forena",
            "--price",
            "900000",
            "--flight",
            "950.50",
            "--addon",
            "led",
            "--addon",
            "cold_mask",
            "--booking",
            "creatrip",
            "--contingency",
            "7.5",
        ],
        [
            "--treatment",
            "hair",
            "--trips",
            "2",
            "--hotel",
            "luxury",
            "--home-price",
            "3000",
            "--currency",
            "EUR",
            "--vat-refund",
            "yes",
            "--date",
            "2025-11-01",
        ],
        ["--sessions", "3", "--nights", "6", "--tier", "factory", "--currency", "KRW"],
        ["--person", "hair", "--person", "skin", "--person", "none", "--max-days-away", "40"],
    ],
)
def test_a_saved_quote_runs_again(args: list[str]) -> None:
    """`exocalc quote ... --format json | jq -c .inputs | exocalc batch -`: the same total."""
    quote = document("quote", *args, "--format", "json")
    assert list(quote["inputs"]) == [f.name for f in FIELDS]
    again = document("batch", "-", stdin=json.dumps(quote["inputs"], default=str) + "\n")
    assert again["total"] == quote["total"]
    assert again["inputs"] == quote["inputs"]
    assert {k: v for k, v in again.items() if k != "row"} == quote


def test_batch_names_the_column_and_the_command_line_the_option() -> None:
    result = run("batch", "-", stdin='{"travellers": 0}\n', code=1)
    assert json.loads(result.stdout) == {
        "row": 1,
        "error": "travellers must be from 1 to 20, not 0",
    }
    result = run("quote", "--travellers", "0", code=2)
    assert result.stderr == "exocalc: error: --travellers must be from 1 to 20, not 0\n"


def test_the_default_trip_starts_tomorrow_and_a_past_one_says_so() -> None:
    import datetime as dt

    today = dt.date.today()
    quote = document("quote", "--format", "json")
    assert quote["inputs"]["date"] == (today + dt.timedelta(days=1)).isoformat()
    assert not any("before today" in note for note in quote["notes"])
    past = document("quote", "--date", today.isoformat(), "--format", "json")
    arrive = (today - dt.timedelta(days=1)).isoformat()
    assert any(
        note.startswith(f"The trip arrives {arrive}, before today") for note in past["notes"]
    )
