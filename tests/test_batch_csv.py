"""`exocalc batch --format csv` stands on its own: every row says its schema, its rates (source,
date, the rate itself) and its prices' date, the per-person share, the totals in other
currencies and which lines are estimates; `--columns lines` gives every line's three figures."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.fake_rates import rates_server
from tests.runner import run

PLANS = (
    "id,date,treatment,travellers,origin,also_currency\n"
    "a1,2026-12-01,skin,1,london,EUR\n"
    "b2,2026-12-01,hair,2,new_york,EUR;JPY\n"
    "c3,2026-12-01,skin,1,london,EUR;JPY;USD;AUD\n"
)
LINES = ("treatment", "addons", "couple_discount", "vat_refund", "flights", "hotel", "daily",
         "esim", "contingency")  # fmt: skip
ALSO = ",".join(f"also_{n}_{k}" for n in (1, 2, 3) for k in ("currency", "low", "typical", "high"))
# The columns a script has always found by their place come first, the error among them;
# every column since is appended after them.
HEAD = "row,id,currency,total_low,total_typical,total_high,savings_typical,"
TAIL = (
    f"error,per_person_low,per_person_typical,per_person_high,{ALSO},estimates,rates,"
    "rates_as_of,krw_per_unit,rates_used,prices_as_of,schema\n"
)
A1 = "1,a1,GBP,1142.17,1762.46,2466.59,1409.44,"
A1_RATES = (
    'flights;hotel;daily;esim,"ECB 2026-10-30, bundled",2026-10-30,'
    "1789.110098344926840969057328,GBP=1789.110098344926840969057328;EUR=1491.76;"
    "USD=1335.266738274257071249552453,2026-10-30,exocalc.batch-csv/4\n"
)
NO_ROOM = (
    '"also_currency: a CSV row has room for 3 totals in other currencies, not 4 (JSON Lines '
    'has room for all)"'
)
C3_TAIL = "," * 22 + "exocalc.batch-csv/4\n"  # the error's row: blank to the schema


def batch_csv(tmp_path: Path, *args: str) -> str:
    plans = tmp_path / "plans.csv"
    plans.write_text(PLANS, encoding="utf-8")
    done = run("batch", str(plans), "--format", "csv", "-q", *args, code=1, today="2026-11-30")
    assert done.stderr == "exocalc: 1 of 3 rows failed; see the error records\n"
    return done.stdout


def test_every_row_says_its_rates_prices_shares_other_currencies_and_estimates(
    tmp_path: Path,
) -> None:
    out = batch_csv(tmp_path)
    header, a1, b2, c3 = out.splitlines(keepends=True)
    assert header == HEAD + ",".join(f"{line}_typical" for line in LINES) + "," + TAIL
    assert a1 == (
        A1 + "167.68,,,,850.00,503.04,223.57,18.17,,,,,,EUR,1369.84,2113.77,2958.25" + "," * 9
        + A1_RATES
    )  # fmt: skip
    assert b2 == (
        "2,b2,USD,13170.01,21228.03,30353.27,21271.97,2246.75,,-280.85,,7800.00,6403.22,"
        "4912.87,146.04,,,6585.01,10614.02,15176.64,EUR,11788.41,19001.10,27169.06,JPY,"
        "2070988,3338113,4773060,,,,,treatment;flights;hotel;daily;esim,"
        '"ECB 2026-10-30, bundled",2026-10-30,1335.266738274257071249552453,'
        "USD=1335.266738274257071249552453;EUR=1491.76;JPY=8.491347905282331511839708561,"
        "2026-10-30,exocalc.batch-csv/4\n"
    )
    assert c3 == "3,c3" + "," * 15 + NO_ROOM + C3_TAIL


def test_columns_lines_gives_every_line_s_low_typical_and_high(tmp_path: Path) -> None:
    out = batch_csv(tmp_path, "--columns", "lines")
    header, a1, _, c3 = out.splitlines(keepends=True)
    three = [f"{line}_{k}" for line in LINES for k in ("low", "typical", "high")]
    assert header == HEAD + ",".join(three) + "," + TAIL
    assert a1 == (
        A1 + "83.84,167.68,335.36" + "," * 10 + "600.00,850.00,1100.00,335.36,503.04,670.72,"
        "111.79,223.57,335.36,11.18,18.17,25.15,,,,,,,,EUR,1369.84,2113.77,2958.25" + "," * 9
        + A1_RATES
    )  # fmt: skip
    assert c3 == "3,c3" + "," * 33 + NO_ROOM + C3_TAIL


def test_columns_takes_typical_or_lines() -> None:
    done = run("batch", "-", "--format", "csv", "--columns", "all", code=2, stdin="{}\n")
    assert done.stderr == ("exocalc: error: --columns 'all' is not one of: typical, lines\n")


def test_each_row_names_the_rates_it_used_not_the_refresh_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a refresh from a service that had only KRW, GBP, USD and JPY, a Sydney row in AUD
    rests on the snapshot's AUD rate: its rates and date say so, beside the refreshed ones it
    also used; every rate it used is in `rates_used`. A row whose rates all came from the
    refresh says only that; a failed row has no provenance."""
    served = {"KRW": "1530.5", "GBP": "0.8512", "USD": "1.1345", "JPY": "176.2"}
    with rates_server(rates=served, date="2026-11-27") as url:
        monkeypatch.setenv("EXOCALC_RATES_URL", url)
        run("rates", "--refresh", "--timeout", "3", today="2026-11-30")
    plans = tmp_path / "plans.csv"
    plans.write_text(
        "id,date,treatment,origin,currency,also_currency\n"
        'c,2027-01-15,skin,sydney,AUD,"USD,GBP"\n'
        "d,2026-12-02,skin,los_angeles,,\n"
        "e,2026-12-02,skin,nowhere,,\n",
        encoding="utf-8",
    )
    done = run("batch", str(plans), "--format", "csv", "-q", code=1, today="2026-11-30")
    c, d, e = csv.DictReader(io.StringIO(done.stdout))
    assert c["rates"] == (
        "AUD: ECB 2026-10-30, bundled; the live answer had none | "
        "GBP, USD: 127.0.0.1 2026-11-27, cached"
    )
    assert c["rates_as_of"] == "2026-10-30"  # the oldest rate the row used: AUD's
    assert c["krw_per_unit"] == "937.9778672032193158953722334"  # the snapshot's AUD
    assert c["rates_used"] == (
        "AUD=937.9778672032193158953722334;GBP=1798.049812030075187969924812;"
        "USD=1349.052446011458792419568092"
    )
    assert (d["rates"], d["rates_as_of"], d["rates_used"]) == (
        "127.0.0.1 2026-11-27, cached", "2026-11-27", "USD=1349.052446011458792419568092"
    )  # fmt: skip
    assert [e[k] for k in ("rates", "rates_as_of", "krw_per_unit", "rates_used")] == [""] * 4
    assert e["error"].startswith("origin 'nowhere' is not in the data")
    # The quote's CSV says the same of its rows.
    done = run("quote", "--origin", "sydney", "--currency", "AUD", "--format", "csv", "-q")
    total = list(csv.DictReader(io.StringIO(done.stdout)))[-1]
    assert (total["id"], total["rates"], total["rates_as_of"]) == (
        "total", "ECB 2026-10-30, bundled; the live answer had none", "2026-10-30"
    )  # fmt: skip
