"""Issue 19, points 4 and 5, on the round dataset (tests/fixtures/round.yaml): an origin the data
does not list, priced with the fare given with its currency; and the first session's day, when
no --date is given, said to be the default (a table under its title, the other formats on
stderr, a batch once for the run).

Figures, by hand, for one skin session from a place of one's own, 2026-12-01, at 1 IDR = 0.1 KRW
(`--rate IDR=0.1`: 10 IDR a won), typical (low, high), in IDR: the session 200,000 KRW =
2,000,000 (1,000,000, 3,000,000); the fare 9,000,000 IDR as given; 4 room-nights 400,000 KRW =
4,000,000 (2,000,000, 6,000,000); 5 days of meals and transport 250,000 KRW = 2,500,000
(1,500,000, 3,500,000); an eSIM 20,000 KRW = 200,000 (100,000, 300,000). Total 17,700,000
(13,600,000, 21,800,000), 1,770,000 KRW (1,360,000, 2,180,000).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.round_data import ROUND, TODAY, hide_bundled_data
from tests.runner import Done, run

D = Decimal
IDR = ("--rate", "IDR=0.1")
JAKARTA = ("--origin", "jakarta", "--flight", "9000000IDR", *IDR)
DAY = ("--date", "2026-12-01")
TOMORROW = "2026-11-29"  # TODAY is 2026-11-28

NO_FARE = (
    "exocalc: error: --origin 'jakarta' is not in the data: give its round-trip fare with its "
    "currency, e.g. --flight 1200USD (listed origins: exocalc origins)\n"
)
NO_HOME = (
    "No home price for Jakarta in the data: savings are left out; give --home-price AMOUNT "
    "(a session at home) to add them"
)
ROW = "jakarta,9000000IDR,2026-12-01"  # a batch's CSV row: origin, flight, date
DEFAULT_DAY = f"The first session is tomorrow, {TOMORROW}, as no --date was given"


@pytest.fixture(autouse=True)
def no_bundled_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_bundled_data(monkeypatch, tmp_path)


def exocalc(*args: str, code: int | None = 0, stdin: str | None = None) -> Done:
    """`exocalc ARGS --data round.yaml` on 2026-11-28, 100 columns wide."""
    return run(*args, "--data", str(ROUND), code=code, stdin=stdin, today=TODAY, columns=100)


def document(*args: str) -> Any:
    return json.loads(exocalc(*args, "--format", "json").stdout, parse_float=Decimal)


def three(low: int | str, typical: int | str, high: int | str) -> dict[str, Decimal]:
    return {"low": D(low), "typical": D(typical), "high": D(high)}


# --- 4. any origin -------------------------------------------------------------------------


def test_an_origin_the_data_does_not_list_is_priced_with_its_fare_and_a_home_price() -> None:
    # The acceptance: exocalc quote --origin jakarta --flight 9000000IDR --currency IDR
    # --home-price 30000000IDR gives a quote with savings.
    q = document("quote", *JAKARTA, "--currency", "IDR", "--home-price", "30000000IDR", *DAY)
    assert q["currency"] == "IDR"
    lines = {line["id"]: (line["label"], line["typical"]) for line in q["lines"]}
    assert lines == {
        "treatment": ("Skin treatment, standard tier (1 session x 1 person)", D(2_000_000)),
        "flights": ("Flights from Jakarta (x 1)", D(9_000_000)),  # the fare as given
        "hotel": ("Mid test hotel (4 nights x 1 room)", D(4_000_000)),
        "daily": ("Meals, transport (5 days x 1)", D(2_500_000)),
        "esim": ("eSIM (x 1)", D(200_000)),
    }
    assert q["total"] == three(13_600_000, 17_700_000, 21_800_000)
    assert q["total_krw"] == three(1_360_000, 1_770_000, 2_180_000)
    # At home 30,000,000: least saved 30,000,000 - 21,800,000; most 30,000,000 - 13,600,000.
    assert q["savings"] == three(8_200_000, 12_300_000, 16_400_000)
    # The origin as given, lower-cased; the fare with its currency: they run again as they are.
    assert (q["inputs"]["origin"], q["inputs"]["flight"]) == ("jakarta", "9000000 IDR")
    assert NO_HOME not in q["notes"]


def test_the_fare_s_currency_is_the_one_shown_and_savings_say_how_to_add_them() -> None:
    # No --currency: the fare's. No --home-price: no savings, and the notes say how.
    q = document("quote", "--origin", "Jakarta", "--flight", "9,000,000 IDR", *IDR, *DAY)
    assert q["currency"] == "IDR"
    assert q["total"] == three(13_600_000, 17_700_000, 21_800_000)
    assert (q["savings"], q["home"]) == (None, None)
    assert NO_HOME in q["notes"]
    # The same figures whatever currency shows them: --currency still chooses.
    usd = document("quote", *JAKARTA, "--currency", "USD", "--rate", "USD=1000", *DAY)
    assert usd["currency"] == "USD"
    assert usd["total"] == three("1360.00", "1770.00", "2180.00")


def test_without_a_home_price_every_format_says_how_to_add_the_savings() -> None:
    asked = ("quote", *JAKARTA, *DAY)
    table = exocalc(*asked)
    assert table.stderr == ""
    assert "- No home price for Jakarta in the data: savings are left out; give --home-price" in (
        table.stdout
    )
    assert "Saves" not in table.stdout
    for command in ("plan", "compare"):  # compare's table says it too, under its rows
        shown = " ".join(exocalc(command, *asked[1:]).stdout.split())
        assert f"- {NO_HOME}" in shown
    warning = f"exocalc: warning: {NO_HOME}\n"
    plain = exocalc(*asked, "--format", "plain")
    assert (plain.stdout, plain.stderr) == ("17700000.00\n", warning)
    as_csv = exocalc(*asked, "--format", "csv")
    assert as_csv.stderr == warning
    assert [row.split(",")[0] for row in as_csv.stdout.splitlines()][-1] == "total"  # no savings
    assert exocalc(*asked, "--format", "json").stderr == warning
    assert exocalc(*asked, "--format", "json", "--quiet").stderr == ""
    # A batch's CSV leaves the savings cell blank; its JSON Lines has null and the note.
    rows = f"origin,flight,date\n{ROW}\n"
    done = exocalc("batch", "-", "--format", "csv", *IDR, stdin=rows)
    row = next(csv.DictReader(io.StringIO(done.stdout)))
    assert (row["currency"], row["total_typical"], row["savings_typical"]) == (
        "IDR", "17700000.00", ""
    )  # fmt: skip
    record = json.loads(exocalc("batch", "-", *IDR, stdin=rows).stdout)
    assert record["savings"] is None and NO_HOME in record["notes"]


def test_without_the_fare_one_line_says_how_to_give_it() -> None:
    # The acceptance: without --flight, one line that says how to give the fare.
    done = exocalc("quote", "--origin", "jakarta", code=2)
    assert (done.stdout, done.stderr) == ("", NO_FARE)
    # A fare without its currency: in what? The origin has none in the data to take.
    done = exocalc("quote", "--origin", "jakarta", "--flight", "9000000", code=2)
    assert done.stderr == (
        "exocalc: error: --origin 'jakarta' is not in the data: give the fare's currency too, "
        "e.g. --flight 9000000USD (listed origins: exocalc origins)\n"
    )
    for command in ("plan", "compare"):
        assert exocalc(command, "--origin", "jakarta", code=2).stderr == NO_FARE


def test_a_misspelt_listed_origin_is_refused_with_the_closest_even_with_a_fare() -> None:
    said = (
        "exocalc: error: unknown origin 'tie_towm' (--origin); valid origins: near, tie_town, "
        "won_city; did you mean 'tie_town'?\n"
    )
    for fare in ((), ("--flight", "1000USD")):
        assert exocalc("quote", "--origin", "tie_towm", *fare, code=2).stderr == said
    # A place of its own, not a misspelling, is priced (on main: "did you mean" a listed one).
    assert document("quote", "--origin", "tie_city", "--flight", "900USD", *DAY)["currency"] == (
        "USD"
    )
    # A name that is no place's is refused as ever, fare or not.
    done = exocalc("quote", "--origin", "<b>", "--flight", "900USD", code=2)
    assert done.stderr.startswith("exocalc: error: unknown origin '<b>' (--origin); valid ")


def test_plan_compare_and_batch_price_it_the_same() -> None:
    asked = (*JAKARTA, *DAY, "--home-price", "30000000")  # in the shown currency: IDR
    quote = document("quote", *asked)
    plan = exocalc("plan", *asked).stdout
    assert plan.startswith("Plan: exosome skin from Jakarta, 1 session, one stay of 4 nights")
    assert "IDR 17,700,000.00 typical" in plan
    assert document("plan", *asked)["total"] == quote["total"]
    compared = document("compare", *asked)
    standard = next(d for d in compared["destinations"] if d["id"] == "seoul_standard")
    assert standard["total"] == quote["total"]
    assert standard["savings"] == quote["savings"]
    # The quote's inputs, run again in a batch: the same total.
    again = exocalc("batch", "-", *IDR, stdin=json.dumps(quote["inputs"]) + "\n").stdout
    record = json.loads(again, parse_float=Decimal)
    assert (record["total"], record["savings"]) == (quote["total"], quote["savings"])


def test_a_batch_row_without_the_fare_is_an_error_record_naming_the_field() -> None:
    rows = '{"origin": "jakarta"}\n'
    rows += '{"origin": "jakarta", "flight": "9000000IDR", "date": "2026-12-01"}\n'
    done = exocalc("batch", "-", *IDR, stdin=rows, code=1)
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first == {
        "row": 1,
        "error": "origin 'jakarta' is not in the data: give its round-trip fare with its "
        "currency, e.g. flight 1200USD (listed origins: exocalc origins)",
    }
    assert second["total"]["typical"] == 17_700_000
    assert done.stderr == "exocalc: 1 of 2 rows failed; see the error records\n"


# --- 5. the default date, said to be one ---------------------------------------------------


def test_a_table_says_under_its_title_that_the_first_session_is_tomorrow() -> None:
    for command, title in (
        ("quote", "Exosome skin in Seoul from Near, 1 traveller, 2026-11-29, in USD"),
        ("plan", "Plan: exosome skin from Near, 1 session, one stay of 4 nights, in USD"),
        ("compare", "Exosome skin from Near, 1 traveller, one stay of 4 nights, in USD"),
    ):
        done = exocalc(command)
        assert done.stdout.splitlines()[:2] == [title, DEFAULT_DAY]
        assert done.stderr == ""
        given = exocalc(command, "--date", TOMORROW)
        assert DEFAULT_DAY not in given.stdout
        assert given.stdout.splitlines()[0] == title


@pytest.mark.parametrize(
    ("command", "fmt"),
    [("quote", "plain"), ("quote", "csv"), ("quote", "json"), ("plan", "plain"),
     ("plan", "json"), ("compare", "csv"), ("compare", "jsonl")],
)  # fmt: skip
def test_other_formats_warn_of_it_on_stderr(command: str, fmt: str) -> None:
    done = exocalc(command, "--format", fmt)
    assert done.stderr == f"exocalc: warning: {DEFAULT_DAY}\n"
    # The same data on stdout, as with the day given; --quiet silences the warning.
    assert exocalc(command, "--format", fmt, "--date", TOMORROW).stdout == done.stdout
    quiet = exocalc(command, "--format", fmt, "--quiet")
    assert (quiet.stdout, quiet.stderr) == (done.stdout, "")


def test_a_batch_says_it_once_for_the_rows_without_a_date() -> None:
    rows = '{}\n{"date": "2026-12-01"}\n{"travellers": 2}\n{}\n'
    for fmt in ("jsonl", "csv"):
        done = exocalc("batch", "-", "--format", fmt, stdin=rows)
        assert done.stderr == (
            f"exocalc: warning: 3 rows give no date: their first session is tomorrow, {TOMORROW}; "
            "a date (YYYY-MM-DD) sets it\n"
        )
    one = exocalc("batch", "-", stdin='{"date": "2026-12-01"}\n{}\n')
    assert one.stderr == (
        f"exocalc: warning: 1 row gives no date: its first session is tomorrow, {TOMORROW}; a "
        "date (YYYY-MM-DD) sets it\n"
    )
    assert exocalc("batch", "-", stdin='{"date": "2026-12-01"}\n').stderr == ""


def test_a_long_batch_priced_by_workers_counts_every_row_without_a_date() -> None:
    # Over CHUNK (400) rows, worker processes price the chunks: each counts its own rows.
    rows = "".join("{}\n" if n % 3 else '{"date": "2026-12-01"}\n' for n in range(900))
    env = {**os.environ, "EXOCALC_TODAY": TODAY.isoformat(), "EXOCALC_DATA": ""}
    done = subprocess.run(
        [sys.executable, "-m", "exocalc", "batch", "-", "--data", str(ROUND), "--rate", "USD=1000"],
        input=rows, capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 900
    assert done.stderr == (
        f"exocalc: warning: 600 rows give no date: their first session is tomorrow, {TOMORROW}; "
        "a date (YYYY-MM-DD) sets it\n"
    )
