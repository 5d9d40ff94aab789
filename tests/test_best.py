"""`exocalc best` (issue 20): every choice searched, kept to a budget and limits, ranked, and
what moves the total. Figures on the round dataset (tests/fixtures/round.yaml, 1 USD = 1,000
KRW) are derived by hand; searches of the bundled data are checked against `exocalc quote`
itself, combination by combination.

Round data, skin from Near, one traveller, first session 2026-12-01, N nights (typical; low,
high): a standard session 200 (100, 300), a premium one 400 (200, 600); the fare 1,000 (500,
1,500); the hotel 100 (50, 150) a night; meals 50 (30, 70) a day, N + 1 days; the eSIM 20 (10,
30). A standard trip: 1,270 + 150 N typical, 640 + 80 N low, 1,900 + 220 N high; premium 200
(100, 300) more. The Test app channel gives 10 % of what the clinic is paid in points.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exocalc.data.model import Dataset
from exocalc.output.schema import schema
from exocalc.pricing.quote import price
from exocalc.rates import Rates
from exocalc.request import Request
from tests.round_data import ROUND, TODAY, hide_bundled_data, round_data
from tests.round_data import rates as round_rates
from tests.runner import options_of, run

ROUND_ARGS = ("--data", str(ROUND), "--rate", "USD=1000", "--date", "2026-12-01")


def best(*args: str, code: int = 0) -> Any:
    done = run("best", *args, "--format", "json", today=TODAY, code=code)
    return json.loads(done.stdout, parse_float=Decimal)


def totals(option: dict[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    t = option["total"]
    return t["low"], t["typical"], t["high"]


@pytest.fixture
def round_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_bundled_data(monkeypatch, tmp_path)


def test_the_best_skin_trips_by_hand(round_only: None) -> None:
    found = best(*ROUND_ARGS, "--top", "5")
    # 4 tiers or clinics x 1 hotel x 2 channels x nights 3 to 10 (2 cannot hold a session
    # and 48 hours after it) x 1 way = 64.
    assert (found["combinations"], found["fitting"]) == (64, 64)
    assert found["search"]["nights"] == [3, 4, 5, 6, 7, 8, 9, 10]
    rows = [(o["tier"], o["clinic"], o["nights"], o["booking"]) for o in found["options"]]
    assert rows == [
        ("standard", None, 3, "app"),  # 1,270 + 450 = 1,720
        (None, "taking_part", 3, "app"),  # a standard clinic: the same total
        (None, "not_known", 3, "app"),
        ("standard", None, 4, "app"),  # 1,270 + 600 = 1,870
        (None, "taking_part", 4, "app"),
    ]
    first = found["options"][0]
    assert totals(first) == (Decimal("880.00"), Decimal("1720.00"), Decimal("2560.00"))
    # Points: 10 % of the 200 paid the clinic, beside the total, never off it.
    assert first["cashback_points"]["typical"] == Decimal("20.00")
    assert (first["days_away"], first["long_haul"], first["way"]) == (4, 1, "one stay of 3 nights")
    assert found["options"][3]["change_typical"] == Decimal("150.00")
    assert found["options"][3]["apart"] == [{"choice": "nights", "value": 4, "first": 3}]
    moves = {m["choice"]: (m["cheapest"]["change"], m["dearest"]["change"], m["dearest"]["value"])
             for m in found["moves"]}  # fmt: skip
    assert moves == {
        "nights": (0, Decimal("1050.00"), 10),  # 7 more nights x 150
        "tier or clinic": (0, Decimal("200.00"), "premium"),
        "hotel": (0, 0, "mid"),  # the one hotel of the data
        "way": (0, 0, 1),
        "booking channel": (0, 0, "direct"),  # the points change, never the total
    }
    assert [m["choice"] for m in found["moves"]][:2] == ["nights", "tier or clinic"]


def test_a_budget_keeps_the_trips_it_pays_for(round_only: None) -> None:
    # High totals: standard 1,900 + 220 N <= 2,700 for N = 3 alone; premium 2,200 + 220 N never.
    found = best(*ROUND_ARGS, "--budget", "2700USD", "--top", "all")
    assert found["fitting"] == 6  # the standard tier and its two clinics, 3 nights, 2 channels
    assert found["left_out"] == {"budget": 58}
    assert {o["nights"] for o in found["options"]} == {3}
    assert all(totals(o)[2] <= 2700 for o in found["options"])
    # Against the typical total: 1,270 + 150 N <= 2,700 up to N = 9, premium to N = 8.
    typical = best(*ROUND_ARGS, "--budget", "2700USD", "--budget-at", "typical", "--top", "all")
    assert typical["fitting"] == (7 * 3 + 6) * 2


def test_nothing_fits_says_so_in_one_line(round_only: None) -> None:
    done = run("best", *ROUND_ARGS, "--budget", "500USD", today=TODAY, code=1)
    assert done.stdout == ""
    assert done.stderr == (
        "exocalc: error: nothing fits --budget 500USD (kept against the high total): the "
        "cheapest trip without it, the standard tier, mid hotel, 3 nights a trip, booked via "
        "Test app, costs $2,560.00 (high), $2,060.00 over the budget\n"
    )


def test_a_budget_in_another_currency_is_over_by_an_amount_in_it_too(round_only: None) -> None:
    # 500 EUR = 625,000 KRW = $625.00; the high total $2,560.00 = 2,048 EUR.
    done = run("best", *ROUND_ARGS, "--rate", "EUR=1250", "--budget", "500EUR", today=TODAY,
               code=1)  # fmt: skip
    assert done.stderr.endswith(
        "costs $2,560.00 (high), $1,935.00 (€1,548.00) over the budget\n"
    ), done.stderr


def test_nothing_fits_names_the_limit_that_cuts_deepest(round_only: None) -> None:
    # --max-days-away 4 leaves out 56 of 64 (every trip of more than 3 nights); --budget
    # 2700USD 58: the budget cuts deeper, and the trips within it are 4 days away.
    done = run("best", *ROUND_ARGS, "--budget", "2700USD", "--max-days-away", "3",
               today=TODAY, code=1)  # fmt: skip
    assert done.stderr.startswith(
        "exocalc: error: nothing fits --max-days-away 3: the cheapest trip without it, the "
        "standard tier, mid hotel, 3 nights a trip, booked via Test app, is 4 days away and "
        "costs $1,720.00 (typical)"
    )
    both = run("best", *ROUND_ARGS, "--budget", "2000USD", "--max-days-away", "3",
               today=TODAY, code=1)  # fmt: skip
    assert "nothing fits --budget 2000USD (kept against the high total) and --max-days-away 3" in (
        both.stderr
    )


def test_the_acceptance_search_a_couple_from_london_within_18000_pounds(
    data: Dataset, rates: Rates
) -> None:
    """Every row within the budget at its high total; the first the cheapest of all the
    combinations that fit, by brute force over the quote itself; every choice in what moves
    the total."""
    args = ("--treatment", "hair", "--origin", "london", "--travellers", "2",
            "--budget", "18000GBP")  # fmt: skip
    found = best(*args, "--top", "all")
    assert found["options"] and all(totals(o)[2] <= 18000 for o in found["options"])
    assert {m["choice"] for m in found["moves"]} == {
        "tier or clinic", "hotel", "nights", "way", "booking channel"
    }  # fmt: skip
    fitting = []
    combinations = itertools.product(
        [("tier", t) for t in data.tiers] + [
            ("clinic", c) for c, x in data.clinics.items() if "hair" in x.treatments],
        data.trip.hotels, data.booking_channels, range(1, 11), range(1, 6),
    )  # fmt: skip
    for (kind, who), hotel, booking, nights, trips in combinations:
        request = Request(treatment="hair", origin="london", travellers=2, hotel=hotel,
                          booking=booking, nights=nights, trips=trips, date=_date(found),
                          **{kind: who})  # fmt: skip
        try:
            q = price(request, data, rates, TODAY)
        except ValueError:  # no way of this many trips fits these nights
            continue
        if q.total.high <= 18000:
            fitting.append(q.total.typical)
    assert found["fitting"] == len(fitting)
    assert totals(found["options"][0])[1] == min(fitting)
    # And the command line's own quote of the first row gives its total.
    inputs = found["options"][0]["inputs"]
    quoted = run("quote", *options_of(inputs), "--format", "plain", today=TODAY).stdout
    assert Decimal(quoted) == totals(found["options"][0])[1]


def _date(found: dict[str, Any]) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(found["options"][0]["inputs"]["date"])


SEARCHES = [
    (*ROUND_ARGS, "--top", "all"),
    (*ROUND_ARGS, "--treatment", "hair", "--travellers", "2", "--max-nights", "40", "--top", "all"),
    ("--top", "all", "--date", "2026-12-01"),
    (
        "--treatment",
        "hair",
        "--origin",
        "london",
        "--travellers",
        "3",
        "--hotel",
        "mid,luxury",
        "--booking",
        "creatrip,direct",
        "--addon",
        "led",
        "--top",
        "40",
        "--by",
        "high",
    ),
    (
        "--clinic",
        "forena,xenia",
        "--tier",
        "standard",
        "--currency",
        "EUR",
        "--nights",
        "4,6",
        "--date",
        "2025-06-01",
        "--vat-refund",
        "yes",
        "--top",
        "all",
        "--by",
        "days-away",
    ),
]


@pytest.mark.parametrize("args", SEARCHES)
def test_every_row_is_what_quote_gives_for_its_inputs(
    args: tuple[str, ...], data: Dataset, rates: Rates
) -> None:
    """One answer: each option's total and points are `exocalc quote`'s with its inputs, to
    the unit (the engine's quote for every row; the command line's for the first)."""
    found = best(*args, "--quiet")
    on_round = "--data" in args
    if on_round:
        data, rates = round_data(), round_rates(1000)
    assert found["options"]
    for option in found["options"]:
        q = price(Request.from_values(option["inputs"]), data, rates, TODAY)
        assert totals(option) == tuple(q.total), option["rank"]
        assert option["cashback_points"]["typical"] == q.cashback.typical
        assert (option["trips"], option["days_away"]) == (len(q.way.trips), q.way.days_away)
    first = found["options"][0]
    plain = run("quote", *options_of(first["inputs"]), "--format", "plain",
                *(ROUND_ARGS[:4] if on_round else ()), today=TODAY).stdout  # fmt: skip
    assert Decimal(plain) == totals(first)[1]


def test_the_first_row_s_inputs_through_jq_to_batch_give_its_total() -> None:
    """`exocalc best --format json | jq '.options[0].inputs' | exocalc batch -`: jq writes the
    object over several lines; batch reads it whole."""
    found = best()
    inputs = found["options"][0]["inputs"]
    pretty = json.dumps(inputs, indent=2, default=str)
    if shutil.which("jq"):
        document = run("best", "--format", "json", today=TODAY).stdout
        pretty = subprocess.run(
            ["jq", ".options[0].inputs"], input=document, capture_output=True, text=True,
            check=True,
        ).stdout  # fmt: skip
    assert pretty.count("\n") > 10
    record = json.loads(run("batch", "-", stdin=pretty, today=TODAY).stdout, parse_float=Decimal)
    assert record["total"]["typical"] == found["options"][0]["total"]["typical"]


def test_every_format_and_its_schema() -> None:
    document = best("--top", "3")
    jsonschema.validate(json.loads(run("best", "--format", "json", today=TODAY).stdout),
                        schema("best"))  # fmt: skip
    assert document["schema"] == "exocalc.best/1"
    lines = run("best", "--format", "jsonl", "--top", "3", today=TODAY).stdout.splitlines()
    row = json.loads(run("schema", "best-row").stdout)
    assert row["additionalProperties"] is False
    for line in lines:  # a line is an option of the document, with its currency
        jsonschema.validate(json.loads(line), row)
        assert json.loads(line)["currency"] == document["currency"]
    assert [json.loads(line, parse_float=Decimal)["total"] for line in lines] == [
        o["total"] for o in document["options"]
    ]
    csv = run("best", "--format", "csv", "--top", "3", today=TODAY).stdout.splitlines()
    assert csv[0].startswith("rank,tier,clinic,hotel,booking,nights,trips,days_away,")
    assert len(csv) == 4
    assert json.loads(run("schema", "best").stdout)["properties"]["schema"]["enum"] == [
        "exocalc.best/1"
    ]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_the_default_date_is_said_on_stderr_as_quote_says_it(fmt: str) -> None:
    said = "exocalc: warning: The first session is tomorrow, 2026-11-29, as no --date was given"
    assert said in run("best", "--format", fmt, today=TODAY).stderr
    assert said in run("quote", "--format", fmt if fmt == "json" else "csv", today=TODAY).stderr
    dated = run("best", "--format", fmt, "--date", "2026-12-01", today=TODAY)
    assert "--date" not in dated.stderr
    table = run("best", today=TODAY)  # its title says the date
    assert "--date" not in table.stderr and "2026-11-29" in table.stdout


def test_also_currency_shows_each_option_s_totals_in_it() -> None:
    """--also-currency, as quote takes it: each option's totals in it, as its quote gives them,
    in the table, the JSON (`also`, in the schema), JSON Lines and CSV."""
    args = ("--also-currency", "EUR", "--top", "3")
    found = best(*args)
    jsonschema.validate(json.loads(run("best", *args, "--format", "json", today=TODAY).stdout),
                        schema("best"))  # fmt: skip
    for option in found["options"]:
        quoted = run("batch", "-", stdin=json.dumps(option["inputs"]), today=TODAY).stdout
        also = json.loads(quoted, parse_float=Decimal)["also"]
        assert [a["currency"] for a in option["also"]] == ["EUR"]
        assert option["also"] == also
    lines = run("best", *args, "--format", "jsonl", today=TODAY).stdout.splitlines()
    assert [json.loads(line, parse_float=Decimal)["also"] for line in lines] == [
        o["also"] for o in found["options"]
    ]
    rows = run("best", *args, "--format", "csv", today=TODAY).stdout.splitlines()
    header = rows[0].split(",")
    at = header.index("also_1_currency")
    assert header[at : at + 4] == ["also_1_currency", "also_1_low", "also_1_typical", "also_1_high"]
    eur = found["options"][0]["also"][0]["total"]
    assert rows[1].split(",")[at : at + 4] == ["EUR", *(f"{eur[k]:.2f}" for k in eur)]
    table = run("best", *args, today=TODAY, columns=100).stdout
    assert f"€{eur['typical']:,.2f}" in table


@pytest.mark.parametrize("columns", [60, 80, 200])
def test_days_away_are_on_screen_at_every_width(columns: int) -> None:
    """A figure is never dropped: narrow, days away and trips fold into the stay's cell (the
    ranking --by days-away is by a figure on screen)."""
    args = ("--treatment", "hair", "--origin", "london", "--travellers", "2", "--budget",
            "18000GBP", "--by", "days-away")  # fmt: skip
    days = [o["days_away"] for o in best(*args)["options"]]
    table = run("best", *args, today=TODAY, columns=columns).stdout
    options = table.split(" combinations fit")[0]  # the rows, not the notes under them
    assert [int(d) for d in re.findall(r"\b(\d+) days\b", options)] == days, options
    assert max(len(line) for line in table.splitlines()) <= columns


COUPLE = ("--treatment", "hair", "--origin", "london", "--travellers", "2", "--budget", "18000GBP")


def test_the_table_s_words_say_options_and_keep_amounts_whole() -> None:
    one = run("best", *COUPLE, "--top", "1", today=TODAY).stdout
    assert "12 of 288 combinations fit (--budget leaves out 276); 3 options, the first\nshown." in (
        one
    )
    every = " ".join(run("best", *COUPLE, today=TODAY).stdout.split())
    assert "3 options, all shown." in every and "trips, the first" not in every
    assert "Apart from" not in every
    wide = run("best", *COUPLE, today=TODAY, columns=100).stdout.splitlines()
    assert "Against the first" in run("best", *COUPLE, today=TODAY, columns=200).stdout
    booking = next(line for line in wide if line.startswith("booking channel "))
    assert re.fullmatch(r"booking channel +Creatrip +any +any \(points only\) +£0\.00", booking)
    # At 80 columns, 'budget hotel' (the cheapest hotel) is whole in its column.
    hotel = next(line for line in run("best", *COUPLE, today=TODAY).stdout.splitlines()
                 if line.startswith("hotel "))  # fmt: skip
    assert hotel.split()[:5] == ["hotel", "budget", "hotel", "budget", "hotel"]


def test_an_amount_and_its_currency_never_split_at_80_columns() -> None:
    idr = run("best", "--treatment", "hair", "--origin", "tokyo", "--travellers", "3",
              "--currency", "IDR", "--top", "3", today=TODAY).stdout  # fmt: skip
    assert "+IDR 224,258,798.35" in idr
    assert [line for line in idr.splitlines() if re.search(r"\bIDR *$", line)] == []
    assert max(len(line) for line in idr.splitlines()) <= 80


def test_the_table_shows_the_options_and_a_tornado(round_only: None) -> None:
    table = run("best", *ROUND_ARGS, "--top", "2", today=TODAY, columns=100).stdout
    assert "1. standard tier" in table and "2. Taking Part Clinic" in table
    assert "$1,720.00" in table and "$20.00 in points" in table
    assert "What moves the total" in table
    chart = [line for line in table.splitlines() if "│" in line]
    assert chart[0].startswith("nights") and chart[0].endswith("█ +$1,050.00")
    assert chart[1].startswith("tier or clinic") and chart[1].endswith("+$200.00")
    assert "64 of 64 combinations fit" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--hotel", "lux"), "unknown hotel 'lux' (--hotel); valid hotels: budget, mid, luxury; "
         "did you mean 'luxury'?"),
        (("--by", "cheap"), "--by 'cheap' is not one of: typical, low, high, per-person, "
         "days-away"),
        (("--top", "0"), "--top must be from 1 to 1000000, not 0"),
        (("--max-trips", "0"), "--max-trips must be from 1 to 100, not 0"),
        (("--max-days-away", "0"), "--max-days-away must be from 1 to 3660, not 0"),
        (("--hotel", "any,mid"), "--hotel takes `any` alone, or the values to search"),
        (("--budget", "lots"), "--budget 'lots' is not an amount"),
        (("--min-tier", "gold"), "unknown tier 'gold' (--min-tier)"),
        (("--treatment", "hair", "--max-nights", "2"), "--max-nights 2 is too few: a trip "
         "needs at least 3 nights"),
        (("--treatment", "hair", "--trips", "1"), "--trips 1 needs 59 nights a trip: give "
         "--max-nights 59 or more"),
        (("--treatment", "hair", "--trips", "2", "--nights", "4,5"), "--trips 2 needs 31 nights "
         "a trip: give --nights 31 or more"),
        (("--trips", "2"), "--trips must be from 1 to 1, not 2"),
        (("--nights", "1,2"), "--nights 2 is too few: a trip needs at least 3 nights"),
        (("--clinic", "xenia", "--treatment", "hair"), "Xenia lists no hair treatment in the "
         "data (it lists: skin); leave it out, or give --price"),
    ],
)  # fmt: skip
def test_mistakes_name_the_value_and_the_fix(args: tuple[str, ...], message: str) -> None:
    done = run("best", *args, today=TODAY, code=None)
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr.startswith(f"exocalc: error: {message}"), done.stderr


def test_min_tier_leaves_out_lower_tiers_and_clinics_of_unknown_tier() -> None:
    found = best("--min-tier", "standard", "--top", "all")
    who = {o["tier"] or o["clinic"] for o in found["options"]}
    assert who == {"standard", "premium", "forena", "cheongdam_eclat_de"}
    assert found["left_out"] == {"min_tier": 5 * 3 * 4 * 8}  # factory, xenia, abijou, 2 unknown


def test_a_long_search_shows_its_progress_on_the_terminal_and_a_short_one_none(
    tmp_path: Path,
) -> None:
    """Typed in a terminal: a search of some 10,000 quotes (nights up to 366) draws a progress
    bar on stderr, wiped before the options are written to the file; the default search (216
    quotes) draws nothing; nor does a long one whose options go to a pipe."""
    from tests.test_terminal import SCRIPT, in_terminal, without_terminal

    if not SCRIPT.exists():
        pytest.skip("the exocalc script is not installed here")
    long = ["best", "--max-nights", "366", "--format", "csv", "--quiet"]
    expected = without_terminal(long, tmp_path)
    assert expected.returncode == 0 and expected.stderr == b""
    code, screen = in_terminal(f"{SCRIPT} {' '.join(long)} > got", tmp_path)
    assert code == 0 and b"searching" in screen
    assert (tmp_path / "got").read_bytes() == expected.stdout
    code, screen = in_terminal(f"{SCRIPT} best --format csv --quiet > got", tmp_path)
    assert code == 0 and screen == b""
    code, screen = in_terminal(f"{SCRIPT} {' '.join(long)} | cat > got", tmp_path)
    assert code == 0 and screen == b""
    assert (tmp_path / "got").read_bytes() == expected.stdout


@pytest.mark.parametrize("by", ["low", "typical", "high", "per-person", "days-away"])
def test_options_are_ranked_by_what_is_asked(by: str) -> None:
    found = best("--treatment", "hair", "--travellers", "2", "--max-nights", "30", "--by", by,
                 "--top", "all", "--quiet")  # fmt: skip
    assert found["by"] == by
    options = found["options"]
    measure = {
        "low": lambda o: (o["total"]["low"], o["total"]["typical"]),
        "typical": lambda o: (o["total"]["typical"],),
        "high": lambda o: (o["total"]["high"], o["total"]["typical"]),
        "per-person": lambda o: (o["per_person"]["typical"], o["total"]["typical"]),
        "days-away": lambda o: (o["days_away"], o["total"]["typical"]),
    }[by]
    assert [measure(o) for o in options] == sorted(measure(o) for o in options)
    assert len({o["trips"] for o in options}) > 1  # 5 trips, and 3 (2 + 2 + 1) from 17 nights


def test_the_tornado_draws_a_cheaper_choice_to_the_left(round_only: None) -> None:
    """Premium at least: the first option is premium; the standard tier would cost 200 less."""
    table = run("best", *ROUND_ARGS, "--min-tier", "premium", today=TODAY, columns=100).stdout
    chart = [line for line in table.splitlines() if "│" in line]
    tier = next(line for line in chart if line.startswith("tier or clinic"))
    assert "-$200.00 ░░░░░░░░░░│ " in tier and tier.endswith(" $0.00")
    assert tier.split("│")[1].strip() == "$0.00"  # nothing dearer than premium


BEST_OPTIONS = ["--tier", "--clinic", "--hotel", "--booking", "--nights", "--trips",
                "--max-nights", "--budget", "--budget-at", "--max-trips", "--max-days-away",
                "--min-tier", "--by", "--top", "--treatment", "--travellers", "--format",
                "--currency", "--price", "--export"]  # fmt: skip
BEST_VALUES = ["any", "mid,luxury", "premium", "xenia", "hair", "0", "-1", "1", "2", "3", "12",
               "any,mid", "500USD", "18000GBP", "1e30", "abc", "", "typical", "per-person",
               "all", "json", "csv", "jsonl", "\x1b[2J", "creatrip,direct", "4,5", "x.pdf",
               "GBP", "☃", "nan", "1,,2"]  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(BEST_OPTIONS), st.sampled_from(BEST_VALUES)),
                max_size=4))  # fmt: skip
def test_random_best_command_lines_never_crash(pairs: list[tuple[str, str]]) -> None:
    args = ["best", *[item for pair in pairs for item in pair]]
    result = run(*args, code=None, today=TODAY)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert "\x1b" not in result.output, (args, result.output)


def test_the_acceptance_budget_of_500_dollars_is_one_line(tmp_path: Path) -> None:
    done = run("best", "--budget", "500USD", today=TODAY, code=1)
    assert done.stdout == "" and done.stderr.count("\n") == 1
    line = done.stderr
    assert line.startswith(
        "exocalc: error: nothing fits --budget 500USD (kept against the high total): the "
        "cheapest trip without it, the factory tier, budget hotel, 3 nights a trip, booked via "
        "Creatrip, costs $"
    )
    high, over = (Decimal(x.replace(",", "")) for x in
                  re.findall(r"\$([\d,]+\.\d\d)", line))  # fmt: skip
    assert over == high - 500
    page = tmp_path / "best.html"
    exported = run("best", "--export", str(page), "--format", "json", today=TODAY)
    assert "What moves the total" in page.read_text(encoding="utf-8")
    assert exported.stderr.endswith(f"exocalc: wrote {page}\n")
