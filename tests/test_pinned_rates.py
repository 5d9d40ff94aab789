"""`--rates FILE`: a saved quote prices again at the rates it was made with, to the unit, after
any refresh (a fake rates server on localhost stands in for the service). A quote's JSON carries
every rate its figures rest on, with its source, its date and the ECB's published figures."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.fake_rates import euro_rates, rates_server
from tests.runner import options_of, run

TODAY = "2026-11-30"
WHAT = "a saved quote's JSON (its `rates`) or `exocalc rates --format json`"
FILES = (
    "a saved quote's JSON (`exocalc quote ... --format json > saved.json`) or the rates in use "
    "(`exocalc rates --format json > rates.json`)"
)
SAVED_ARGS = ("--treatment", "hair", "--travellers", "2", "--origin", "london")


def quote_json(*args: str, **variables: str) -> dict[str, Any]:
    done = run("quote", "--format", "json", "-q", *args, today=TODAY, **variables)
    document: dict[str, Any] = json.loads(done.stdout, parse_float=Decimal)
    return document


def refresh(monkeypatch: pytest.MonkeyPatch, krw_per_euro: str) -> None:
    """`exocalc rates --refresh` against a fake service whose rates are not the snapshot's."""
    with rates_server(rates=euro_rates(KRW=krw_per_euro), date="2026-11-27") as url:
        monkeypatch.setenv("EXOCALC_RATES_URL", url)
        run("rates", "--refresh", "--timeout", "3", today=TODAY)


def figures(document: dict[str, Any]) -> dict[str, Any]:
    """What a replay must give again, to the unit: every line, the totals, the shares."""
    return {key: document[key] for key in ("lines", "total", "total_krw", "per_person", "also")}


def test_a_saved_quote_carries_every_rate_it_used_with_the_ecb_figures() -> None:
    saved = quote_json(*SAVED_ARGS, "--also-currency", "EUR")
    rates = saved["rates"]
    # GBP: the quote's and the fare's; USD: the home price's (USA / UK); EUR: --also-currency.
    assert list(rates["krw_per_unit"]) == ["GBP", "EUR", "USD"]
    assert rates["krw_per_unit"]["GBP"] == Decimal("1789.110098344926840969057328")
    assert rates["krw_per_unit"]["USD"] == Decimal("1335.266738274257071249552453")
    assert rates["per_eur"] == {
        "KRW": Decimal("1491.76"),
        "GBP": Decimal("0.8338"),
        "EUR": Decimal("1"),
        "USD": Decimal("1.1172"),
    }
    assert rates["origins"]["USD"]["label"] == "ECB 2026-10-30, bundled"
    assert saved["schema"] == "exocalc.quote/4"


def test_a_saved_quote_replays_to_the_unit_after_refreshes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refresh(monkeypatch, "1450")  # the quote is made at refreshed (cached) rates
    text = run("quote", "--format", "json", "-q", *SAVED_ARGS, today=TODAY).stdout
    path = tmp_path / "saved.json"
    path.write_text(text, encoding="utf-8")  # `exocalc quote ... --format json > saved.json`
    saved = json.loads(text, parse_float=Decimal)
    assert saved["rates"]["kind"] == "cached"
    refresh(monkeypatch, "1530")  # then the rates move
    moved = quote_json(*options_of(saved["inputs"]))
    assert moved["total"] != saved["total"]  # the refresh did change the figures

    again = quote_json(*options_of(saved["inputs"]), "--rates", str(path))
    assert figures(again) == figures(saved)
    assert again["rates"]["kind"] == "pinned"
    assert again["rates"]["krw_per_unit"] == saved["rates"]["krw_per_unit"]
    assert again["rates"]["label"] == "127.0.0.1 2026-11-27, pinned"

    # `jq -c .inputs saved.json | exocalc batch - --rates saved.json`
    line = json.dumps(json.loads(text)["inputs"], separators=(",", ":")) + "\n"
    done = run("batch", "-", "--rates", str(path), stdin=line, today=TODAY)
    record = json.loads(done.stdout, parse_float=Decimal)
    assert figures(record) == figures(saved)
    batch_csv = run("batch", "-", "--rates", str(path), "--format", "csv", stdin=line, today=TODAY)
    row = batch_csv.stdout.splitlines()[1].split(",")
    header = batch_csv.stdout.splitlines()[0].split(",")
    total = {k: Decimal(row[header.index(f"total_{k}")]) for k in ("low", "typical", "high")}
    assert total == saved["total"]


def test_the_rates_listing_pins_the_rates_too(tmp_path: Path) -> None:
    listing = run("rates", "--format", "json", "--currency", "GBP,USD", today=TODAY).stdout
    path = tmp_path / "rates.json"
    path.write_text(listing, encoding="utf-8")
    bundled = quote_json(*SAVED_ARGS)
    pinned = quote_json(*SAVED_ARGS, "--rates", str(path), "--rate", "JPY=9")
    assert figures(pinned) == figures(bundled)
    # A currency the file lacks keeps the snapshot's rate, and says why.
    plain = run("quote", "--rates", str(path), "--currency", "JPY", "--rate", "JPY=9", today=TODAY)
    assert plain.exit_code == 0
    euros = quote_json("--rates", str(path), "--currency", "EUR")
    assert euros["rates"]["origins"]["EUR"]["note"] == "the rates file had none"
    assert euros["rates"]["origins"]["EUR"]["from"] == "snapshot"


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (None, f"no such file; give {FILES}"),
        # The first real fault: the rate, though the file also lacks its source and date.
        ('{"rates": {"krw_per_unit": {"GBP": -5}}}', "GBP: -5 is not a positive rate"),
        ('{"rates": {"as_of": "2026-10-30", "krw_per_unit": {"GBP": 1789}}}',
         "its rates have no `source` (who published them: ECB, or the host they came from)"),
        ('{"rates": {"source": "<b>", "as_of": "2026-10-30", "krw_per_unit": {"GBP": 1789}}}',
         "its source '<b>' is not a plain name (letters, digits, '.', '-', spaces)"),
        ('{"rates": {"source": "ECB", "krw_per_unit": {"GBP": 1789}}}',
         "its rates have no `as_of` (their date, YYYY-MM-DD)"),
        ("", f"the file is empty; expected {WHAT}"),
        ("{not json",
         "not JSON (Expecting property name enclosed in double quotes at line 1); "
         f"expected {WHAT}"),
        ('{"total": 3}', f"no rates in it; expected {WHAT}"),
        ('{"rates": {"source": "ECB", "as_of": "2026-10-30", "krw_per_unit": {"USD": 0}}}',
         "USD: 0 is not a positive rate"),
        ('{"rates": {"source": "ECB", "as_of": "2026-10-30", "krw_per_unit": {"USD": "1400"}}}',
         "USD: '1400' is not a number"),
        ('{"rates": {"source": "ECB", "as_of": "yesterday", "krw_per_unit": {"USD": 1400}}}',
         "as_of is not a date (YYYY-MM-DD): 'yesterday'"),
        ('{"rates": {"source": "ECB", "as_of": "2026-10-30", "krw_per_unit": {}}}',
         "it holds no exchange rates"),
        ('{"rates": {"source": "ECB", "as_of": "2026-10-30", "krw_per_unit": {"XYZ": 5}}}',
         "XYZ is not a currency exocalc knows (exocalc rates lists them)"),
        ('[1, 2]', f"no rates in it; expected {WHAT}"),
        ('{"rates": [{"currency": "USD"}]}', "rates[1] is not a currency with its krw_per_unit"),
    ],
)  # fmt: skip
def test_a_bad_rates_file_is_one_line_naming_it(
    tmp_path: Path, content: str | None, why: str
) -> None:
    path = tmp_path / "saved.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    for command in ("quote", "plan", "compare"):
        done = run(command, "--rates", str(path), code=1, today=TODAY)
        assert done.stdout == ""
        assert done.stderr == f"exocalc: error: --rates {path}: {why}\n"
    done = run("batch", "-", "--rates", str(path), stdin="{}\n", code=1, today=TODAY)
    assert done.stdout == ""
    assert done.stderr == f"exocalc: error: --rates {path}: {why}\n"


@pytest.mark.parametrize("command", ["quote", "plan", "compare", "best", "batch"])
def test_an_empty_rates_value_says_so_and_what_to_give(command: str) -> None:
    """`--rates ''` is no file at all (not the current folder): named as empty, with the files
    that can be given."""
    done = run(command, "--rates", "", code=2, stdin="{}\n", today=TODAY)
    assert (done.stdout, done.stderr) == (
        "",
        f"exocalc: error: --rates is empty: give a file: {FILES}\n",
    )
