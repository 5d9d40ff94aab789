"""`exocalc batch --format csv` stands on its own: every row says its schema, its rates (source,
date, the rate itself) and its prices' date, the per-person share, the totals in other
currencies and which lines are estimates; `--columns lines` gives every line's three figures."""

from __future__ import annotations

from pathlib import Path

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
HEAD = (
    "schema,row,id,currency,total_low,total_typical,total_high,savings_typical,"
    "per_person_low,per_person_typical,per_person_high,"
)
TAIL = f"{ALSO},estimates,rates,rates_as_of,krw_per_unit,prices_as_of,error\n"
A1 = "exocalc.batch-csv/2,1,a1,GBP,1142.17,1762.46,2466.59,1409.44,,,,"
A1_RATES = (
    'flights;hotel;daily;esim,"ECB 2026-10-30, bundled",2026-10-30,'
    "1789.110098344926840969057328,2026-10-30,\n"
)
NO_ROOM = (
    '"also_currency: a CSV row has room for 3 totals in other currencies, not 4 (JSON Lines '
    'has room for all)"\n'
)


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
        A1 + "167.68,,,,850.00,503.04,223.57,18.17,,EUR,1369.84,2113.77,2958.25" + "," * 9
        + A1_RATES
    )  # fmt: skip
    assert b2 == (
        "exocalc.batch-csv/2,2,b2,USD,13170.01,21228.03,30353.27,21271.97,6585.01,10614.02,"
        "15176.64,2246.75,,-280.85,,7800.00,6403.22,4912.87,146.04,,EUR,11788.41,19001.10,"
        "27169.06,JPY,2070988,3338113,4773060,,,,,treatment;flights;hotel;daily;esim,"
        '"ECB 2026-10-30, bundled",2026-10-30,1335.266738274257071249552453,2026-10-30,\n'
    )
    assert c3 == "exocalc.batch-csv/2,3,c3" + "," * 35 + NO_ROOM


def test_columns_lines_gives_every_line_s_low_typical_and_high(tmp_path: Path) -> None:
    out = batch_csv(tmp_path, "--columns", "lines")
    header, a1, _, c3 = out.splitlines(keepends=True)
    three = [f"{line}_{k}" for line in LINES for k in ("low", "typical", "high")]
    assert header == HEAD + ",".join(three) + "," + TAIL
    assert a1 == (
        A1 + "83.84,167.68,335.36" + "," * 10 + "600.00,850.00,1100.00,335.36,503.04,670.72,"
        "111.79,223.57,335.36,11.18,18.17,25.15,,,,EUR,1369.84,2113.77,2958.25" + "," * 9
        + A1_RATES
    )  # fmt: skip
    assert c3 == "exocalc.batch-csv/2,3,c3" + "," * 53 + NO_ROOM


def test_columns_takes_typical_or_lines() -> None:
    done = run("batch", "-", "--format", "csv", "--columns", "all", code=2, stdin="{}\n")
    assert done.stderr == ("exocalc: error: --columns 'all' is not one of: typical, lines\n")
