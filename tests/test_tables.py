"""Money is never cut (issue 13): in every table, at 60, 80 and 200 columns and in USD, KRW,
HUF and IDR, every amount of the command's JSON shows whole, and no line is wider than the
terminal."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from exocalc.output.fmt import Display, money_text
from tests import runner

WIDTHS = (60, 80, 200)
CURRENCIES = ("USD", "KRW", "HUF", "IDR")


def run(*args: str, columns: int = 80) -> str:
    """The table as a reader sees it with NO_COLOR: its text alone."""
    return runner.run(*args, columns=columns, NO_COLOR="1").stdout


def money(value: Any, currency: str) -> str:
    """How a table writes a JSON amount; a loss is written as what it costs, unsigned."""
    return money_text(abs(Decimal(str(value))), currency, Display())


def ranges(record: dict[str, Any] | None) -> Iterator[Any]:
    if record:
        yield from (record["low"], record["typical"], record["high"])


def quote_amounts(doc: dict[str, Any]) -> Iterator[Any]:
    for line in doc["lines"]:
        yield from ranges(line)
    for key in ("total", "savings", "break_even_per_session", "home"):
        yield from ranges(doc[key])
    for option in (doc["programme"] or {"options": []})["options"]:
        yield from ranges(option["total"])


def compare_amounts(doc: dict[str, Any]) -> Iterator[Any]:
    for d in doc["destinations"]:
        for key in ("per_session", "total", "savings", "home", "break_even_per_session"):
            yield from ranges(d[key])


def plan_amounts(doc: dict[str, Any]) -> Iterator[Any]:
    yield from ranges(doc["total"])
    for option in (doc["programme"] or {"options": []})["options"]:
        yield from ranges(option["total"])


def clinics_amounts(doc: dict[str, Any]) -> Iterator[Any]:
    for clinic in doc["clinics"]:
        for price in clinic["per_session"].values():
            yield from ranges(price)


COMMANDS = {
    "quote": (["quote", "--sessions", "3", "--addon", "led"], quote_amounts),
    "quote, a loss": (["quote", "--home-price", "150"], quote_amounts),
    "compare": (["compare"], compare_amounts),
    "plan": (["plan", "--treatment", "hair"], plan_amounts),
    "clinics": (["clinics"], clinics_amounts),
}


def assert_fits(text: str, width: int) -> None:
    wide = [line for line in text.splitlines() if cell_len(line) > width]
    assert not wide, f"wider than {width}: {wide}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("currency", CURRENCIES)
@pytest.mark.parametrize("name", COMMANDS)
def test_every_amount_shows_whole(name: str, currency: str, width: int) -> None:
    args, amounts = COMMANDS[name]
    document = json.loads(run(*args, "--currency", currency, "--format", "json"))
    table = run(*args, "--currency", currency, columns=width)
    assert_fits(table, width)
    wanted = {money(v, currency) for v in amounts(document)}
    assert wanted
    missing = sorted(text for text in wanted if text not in table)
    assert not missing, f"not shown whole: {missing}\n{table}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("currency", CURRENCIES)
def test_charts_show_every_amount_whole(currency: str, width: int) -> None:
    quote = json.loads(run("quote", "--currency", currency, "--addon", "led", "--format", "json"))
    table = run("quote", "--currency", currency, "--addon", "led", "--chart", columns=width)
    assert_fits(table, width)
    chart = table[table.index("Where the money goes") :]
    for line in quote["lines"]:
        assert money(line["typical"], currency) in chart
    compare = json.loads(run("compare", "--currency", currency, "--format", "json"))
    table = run("compare", "--currency", currency, "--chart", columns=width)
    assert_fits(table, width)
    chart = table[table.index("All-in cost, typical") :]
    for d in compare["destinations"]:
        if d["total"]:
            assert money(d["total"]["typical"], currency) in chart


@pytest.mark.parametrize("width", WIDTHS)
def test_rates_show_every_rate_whole(width: int) -> None:
    document = json.loads(run("rates", "--format", "json"))
    table = run("rates", columns=width)
    assert_fits(table, width)
    for rate in document["rates"]:
        assert f"₩{Decimal(str(rate['krw_per_unit'])):,.4f}" in table


@pytest.mark.parametrize("width", WIDTHS)
def test_a_clinic_shown_whole(width: int) -> None:
    document = json.loads(run("clinics", "show", "forena", "--currency", "IDR", "--format", "json"))
    page = run("clinics", "show", "forena", "--currency", "IDR", columns=width)
    assert_fits(page, width)
    for price in document["clinic"]["per_session"].values():
        for value in ranges(price):
            assert money(value, "IDR") in page


def test_titles_read_on_one_line_at_80_columns() -> None:
    assert run("quote").splitlines()[0].endswith(", in USD")
    assert run("compare").splitlines()[0].endswith(", in USD")
    assert run("plan").splitlines()[0].endswith(", in USD")
    assert run("clinics").splitlines()[0] == "Clinics (6), price per session in USD"


def test_a_loss_is_said_in_words() -> None:
    table = run("quote", "--home-price", "150", columns=120)
    assert "-$" not in table
    assert "Saves" not in table
    costs = r"\nCosts more than at home \(least, typical,.* +\$3,181\.10 +\$2,222\.60 +\$1,376\.45"
    assert re.search(costs, table)
    compare = run("compare", "--home-price", "150", columns=200)
    assert "-$" not in compare
    assert "costs $2,222.60 more" in compare


@pytest.mark.parametrize("currency", CURRENCIES)
def test_export_pages_keep_every_total_whole(currency: str, tmp_path: Path) -> None:
    document = json.loads(run("quote", "--currency", currency, "--format", "json"))
    page = tmp_path / "quote.html"
    runner.run("quote", "--currency", currency, "--export", str(page), columns=60)
    text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))
    for value in ranges(document["total"]):
        assert money(value, currency) in text
