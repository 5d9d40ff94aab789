"""Words a traveller reads, and the data's own truth (issue 13): money options with their
currency, one true visa note everywhere, what a booking channel changes, assumptions said as
such, and a dataset whose every figure has a source."""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from exocalc.data.load import bundled_path
from tests import runner

BUNDLED_TEXT = bundled_path().read_text(encoding="utf-8")


run = functools.partial(runner.run, columns=100)


def quote(*args: str) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(
        run("quote", "--format", "json", *args).stdout, parse_float=Decimal
    )
    return out


def line(document: dict[str, Any], line_id: str) -> dict[str, Any]:
    return next(x for x in document["lines"] if x["id"] == line_id)


# --- money options with their currency ---------------------------------------------------


def test_a_fare_in_its_own_currency_is_converted_and_shown_with_its_original() -> None:
    given = quote("--origin", "london", "--currency", "USD", "--flight", "900GBP")
    default = quote("--origin", "london", "--currency", "USD", "--flight", "900")
    assert line(given, "flights")["typical"] == line(default, "flights")["typical"]
    assert line(given, "flights")["typical"] == Decimal("1205.90")
    assert given["inputs"]["flight"] == "900 GBP"
    assert default["inputs"]["flight"] == 900
    assert "Your fare a person: GBP 900 = USD 1,205.90" in given["notes"]


@pytest.mark.parametrize("text", ["300000 KRW", "KRW 300000", "300,000krw", "300000"])
def test_a_price_without_a_currency_is_in_krw(text: str) -> None:
    document = quote("--price", text)
    assert document["total"] == quote("--price", "300000")["total"]
    assert document["total"]["typical"] == quote()["total"]["typical"]


def test_a_home_price_in_another_currency_is_converted() -> None:
    document = quote("--currency", "EUR", "--home-price", "4000USD")
    assert document["home"]["typical"] == Decimal("3580.38")
    assert "Your home price a session: USD 4,000 = EUR 3,580.38" in document["notes"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("900XYZ", "exocalc: error: unknown currency 'XYZ' (--flight); valid currencies: AUD,"),
        ("GBP900USD", "exocalc: error: --flight 'GBP900USD' is not an amount (e.g. 1500, "
                      "1,500.50 or 900GBP)"),
        ("-5GBP", "exocalc: error: --flight must be from 0 to 1,000,000,000,000, not -5"),
    ],
)  # fmt: skip
def test_a_bad_money_option_names_the_value(value: str, message: str) -> None:
    result = run("quote", "--flight", value, code=2)
    assert result.stderr.startswith(message)


def test_a_batch_row_takes_a_currency_too() -> None:
    rows = '{"origin": "london", "currency": "USD", "flight": "900 GBP"}\n'
    record = json.loads(run("batch", "-", stdin=rows).stdout, parse_float=Decimal)
    assert line(record, "flights")["typical"] == Decimal("1205.90")


def test_money_options_say_their_defaults() -> None:
    help_text = " ".join(run("quote", "--help").stdout.split())
    assert "in KRW, or with its currency" in help_text
    assert "in the origin's currency, or with its currency (900GBP)" in help_text
    assert "in the shown currency (--currency), or with its currency (4000USD)" in help_text


# --- one visa note, true for the stay ------------------------------------------------------

VISA = "A stay of 120 nights is longer than 90 visa-free days, and than the C-3-3 medical visa's"


@pytest.mark.parametrize("command", ["quote", "plan", "compare"])
def test_one_visa_note_in_every_view(command: str) -> None:
    text = " ".join(run(command, "--nights", "120").stdout.split())
    assert text.count(VISA) == 1
    assert "up to 90 days" not in text
    assert VISA not in " ".join(run(command, "--nights", "60").stdout.split())


# --- what a booking channel changes, assumptions said as such ------------------------------


def test_a_booking_channel_that_changes_nothing_says_so() -> None:
    notes = quote("--booking", "unni_global")["notes"]
    assert (
        "Booking through Unni Global: no cashback (an assumption), and the clinic's own "
        "prices; ask the app for its quote"
    ) in notes


def test_the_scalp_price_is_an_assumption_wherever_it_shows() -> None:
    note = "The hair price per session is an assumption, not a quote"
    document = quote("--treatment", "hair")
    assert line(document, "treatment")["estimate"] is True
    assert any(n.startswith(note) for n in document["notes"])
    for command in ("quote", "plan", "compare"):
        assert note in " ".join(run(command, "--treatment", "hair").stdout.split())


def test_the_refund_operator_fee_is_an_estimate() -> None:
    refund = line(quote("--vat-refund", "yes"), "vat_refund")
    assert refund["estimate"] is True
    assert "estimate" in refund["sources"]


def test_an_empty_clinic_listing_gives_a_hint() -> None:
    out = run("clinics", "--treatment", "hair").stdout
    assert out.startswith("No clinic matches --treatment hair.\n")
    assert "exocalc quote --treatment hair" in out


@pytest.mark.parametrize(
    "command", ["quote", "plan", "compare", "clinics", "clinics show", "rates", "batch",
                "schema", "validate"],
)  # fmt: skip
def test_help_shows_no_type_names(command: str) -> None:
    text = run(*command.split(), "--help").stdout
    for word in ("<str>", "<list", "[[", "]...]...", "{ID}"):
        assert word not in text


# --- every figure has a source ---------------------------------------------------------------


def test_the_bundled_data_has_no_unsourced_figure_and_no_uncited_source() -> None:
    result = run("validate")
    assert result.stdout.startswith("ok: the bundled dataset")
    assert "(warning)" not in result.stdout


def test_validate_warns_of_a_figure_with_no_source_and_a_source_nothing_cites(
    tmp_path: Path,
) -> None:
    text = BUNDLED_TEXT.replace("  default_nights: 4\n  source: seed\n", "  default_nights: 4\n")
    text = text.replace("sources:\n", "sources:\n  unused:\n    title: Nobody cites me\n"
                        "    kind: guide\n    as_of: 2026-01-01\n", 1)  # fmt: skip
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    result = run("validate", str(path))
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{path}:12:3: sources.unused: cited by no figure: cite it where it is used, "
        "or remove it (warning)"
    )
    nights = text.splitlines().index("  default_nights: 4") + 1
    assert lines[1] == (
        f"{path}:{nights}:19: trip.default_nights: a figure with no source: give it, or the "
        "mapping it is in, a `source` (warning)"
    )
    assert lines[2].startswith("ok: ")


def test_the_readme_s_example_overlay_validates_and_prices() -> None:
    example = Path(__file__).parents[1] / "examples" / "my-quote.yaml"
    result = run("validate", str(example))
    assert result.stdout.startswith(f"ok: {example}: 6 clinics")
    total = run("quote", "--clinic", "forena", "--data", str(example), "--format", "json")
    assert json.loads(total.stdout)["price_per_session"]["source"] == "my_quote"
