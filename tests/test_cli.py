"""The commands as a user runs them: exit codes, exact messages, output that parses."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import bundled_document, write_dataset
from tests.runner import run

LINE_IDS = {
    "treatment",
    "addons",
    "couple_discount",
    "vat_refund",
    "flights",
    "hotel",
    "daily",
    "esim",
    "contingency",
}


def quote_json(*args: str) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(
        run("quote", "--format", "json", *args).stdout, parse_float=Decimal
    )
    return out


def test_compare_with_no_options_is_the_main_job() -> None:
    out = run("compare").stdout
    assert "Exosome skin from Los Angeles, 1 traveller, one stay of 4 nights, in USD\n" in out
    for name in ("Seoul factory", "Seoul standard", "Seoul premium", "USA / UK", "(home)", "Japan"):
        assert name in out
    assert "$2,372.60" in out  # the standard tier's all-in trip, typical
    assert "Prices: as of 2026-10-30" in out
    assert "Rates: ECB 2026-10-30, bundled" in out
    assert "VAT refund: not applied" in out


def test_compare_json_and_csv() -> None:
    document = json.loads(run("compare", "--format", "json", "--date", "2026-11-28").stdout)
    assert document["schema"] == "exocalc.compare/4"
    assert document["currency"] == "USD"
    assert document["rates"]["source"] == "ECB"
    assert document["rates"]["as_of"] == "2026-10-30"
    standard = document["destinations"][1]
    assert standard["id"] == "seoul_standard"
    assert standard["total"]["typical"] == 2372.60
    assert standard["savings"]["typical"] == 1877.40
    rows = list(csv.DictReader(io.StringIO(run("compare", "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == [
        "seoul_factory",
        "seoul_standard",
        "seoul_premium",
        "usa_uk",
        "japan",
    ]
    assert rows[3]["home_typical"] == "4250.00"


def test_quote_json_lines_add_up_to_the_total() -> None:
    document = quote_json("--travellers", "2", "--tier", "premium")
    assert document["schema"] == "exocalc.quote/4"
    assert {line["id"] for line in document["lines"]} <= LINE_IDS
    for scenario in ("low", "typical", "high"):
        assert sum(line[scenario] for line in document["lines"]) == document["total"][scenario]
    assert document["rates"]["source"] == "ECB"
    assert isinstance(document["notes"], list) and document["notes"]


def test_quote_json_amounts_carry_the_minor_unit_digits() -> None:
    raw = run("quote", "--format", "json", "--date", "2026-11-28").stdout
    assert '"typical": 1150.00' in raw  # flights: two decimals even when they are zero
    won = quote_json("--currency", "KRW")
    assert won["total"]["typical"] == 3168057
    assert '"typical": 3168057,' in run("quote", "--format", "json", "--currency", "krw").stdout


def test_quote_2026_says_no_refund_and_why() -> None:
    out = run("quote", "--date", "2026-03-01").stdout
    assert "VAT refund: not applied: the refund for foreign patients ended 2025-12-31" in out
    document = quote_json("--date", "2026-03-01")
    assert document["vat_refund"]["applies"] is False
    assert "vat_refund" not in {line["id"] for line in document["lines"]}


def test_quote_2025_at_a_participating_clinic_refunds_paid_times_10_over_110_less_fee(
    participating_file: Path,
) -> None:
    document = quote_json(
        "--clinic", "forena", "--date", "2025-06-01", "--data", str(participating_file)
    )
    lines = {line["id"]: line for line in document["lines"]}
    # KRW: 840,000 x 10/110 x 0.9 = 68,727.27 -> 68,727.
    assert lines["vat_refund"]["krw"]["typical"] == -68727
    paid = lines["treatment"]["typical"]
    expected = paid * Decimal(10) / Decimal(110) * Decimal("0.9")
    assert abs(-lines["vat_refund"]["typical"] - expected) <= Decimal("0.01")


def test_quote_forced_refund() -> None:
    document = quote_json("--vat-refund", "yes")
    lines = {line["id"]: line for line in document["lines"]}
    assert lines["vat_refund"]["krw"]["typical"] == -24545
    assert document["vat_refund"]["applies"] is True


def test_won_without_decimals_and_dollars_with_two() -> None:
    out = run("quote", "--date", "2026-11-28").stdout
    assert "₩300,000" in out
    assert "$224.67" in out
    assert "₩300,000.00" not in out


def test_quote_plain_and_csv() -> None:
    assert run("quote", "--format", "plain").stdout == "2372.60\n"
    rows = list(csv.DictReader(io.StringIO(run("quote", "--format", "csv").stdout)))
    assert rows[0]["id"] == "treatment"
    assert rows[0]["typical"] == "224.67"
    total = next(r for r in rows if r["id"] == "total")
    assert total["typical"] == "2372.60"


def test_rate_override_is_used_and_said() -> None:
    document = quote_json("--rate", "USD=1400", "--currency", "USD")
    assert document["rates"]["overrides"] == {"USD": 1400}
    treatment = document["lines"][0]
    assert treatment["typical"] == Decimal("214.29")  # 300,000 / 1,400
    assert "overridden by --rate USD=1400" in run("quote", "--rate", "usd=1400").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["quote", "--tier", "luxury"],
            "exocalc: error: unknown tier 'luxury' (--tier); "
            "valid tiers: factory, standard, premium\n",
        ),
        (
            ["quote", "--clinic", "xenai"],
            "exocalc: error: unknown clinic 'xenai' (--clinic); valid clinics: xenia, abijou, "
            "forena, cheongdam_eclat_de, gangnam_yann, egg_skin; did you mean 'xenia'?\n",
        ),
        (
            ["compare", "--treatment", "hiar"],
            "exocalc: error: unknown treatment 'hiar' (--treatment); valid treatments: skin, "
            "hair; did you mean 'hair'?\n",
        ),
        (
            ["quote", "--origin", "londn"],
            "exocalc: error: unknown origin 'londn' (--origin); valid origins: los_angeles, "
            "san_francisco, new_york, vancouver, london, frankfurt, sydney, singapore, "
            "hong_kong, tokyo; did you mean 'london'?\n",
        ),
        (
            ["quote", "--addon", "ledd"],
            "exocalc: error: unknown add-on 'ledd' (--addon); valid add-ons: led, cold_mask, "
            "thulium_laser; did you mean 'led'?\n",
        ),
        (
            ["quote", "--travellers", "-1"],
            "exocalc: error: --travellers must be from 1 to 20, not -1\n",
        ),
        (
            ["quote", "--sessions", "two"],
            "exocalc: error: --sessions 'two' is not a whole number\n",
        ),
        (
            ["quote", "--date", "28/11/2026"],
            "exocalc: error: --date '28/11/2026' is not a date; write it as YYYY-MM-DD\n",
        ),
        (
            ["quote", "--rate", "USD=0"],
            "exocalc: error: --rate 'USD=0': the rate must be a positive number of KRW per USD\n",
        ),
        (["clinics", "show", "forna"], None),
    ],
)
def test_user_mistakes_get_one_line_and_exit_2(args: list[str], message: str | None) -> None:
    result = run(*args, code=2)
    assert result.stdout == ""
    if message is not None:
        assert result.stderr == message
    else:
        assert result.stderr.count("\n") == 1


def test_unknown_currency_names_the_closest() -> None:
    result = run("quote", "--currency", "usx", code=2)
    assert result.stderr.startswith("exocalc: error: unknown currency 'usx' (--currency);")
    assert result.stderr.endswith("did you mean 'USD'?\n")


def test_broken_dataset_names_file_and_field(tmp_path: Path) -> None:
    document = bundled_document()
    document["tiers"]["premium"]["prices"]["skin"]["low"] = 2000000
    path = write_dataset(tmp_path / "broken.yaml", document)
    result = run("quote", "--data", str(path), code=1)
    lines = path.read_text().splitlines()
    premium = lines.index("  premium:")
    skin = next(i for i in range(premium, len(lines)) if lines[i].strip() == "skin:")
    assert result.stderr == (
        f"exocalc: error: broken dataset: {path}:{skin + 2}:9: tiers.premium.prices.skin: "
        "low must not exceed high (2000000 > 1200000)\n"
    )


def test_dataset_with_dangling_reference(tmp_path: Path) -> None:
    document = bundled_document()
    document["clinics"]["xenia"]["tier"] = "budget"
    path = write_dataset(tmp_path / "dangling.yaml", document)
    result = run("clinics", "--data", str(path), code=1)
    assert "clinics.xenia.tier: unknown tier 'budget'" in result.stderr


def test_unreadable_and_malformed_datasets(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = run("compare", "--data", str(missing), code=1)
    assert f"broken dataset: {missing}: cannot read the file" in result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ntiers: [unclosed\n")
    result = run("compare", "--data", str(bad), code=1)
    assert f"{bad}:3:1: YAML syntax error" in result.stderr


def test_clinics_list_filter_and_show() -> None:
    out = run("clinics").stdout
    assert "Xenia" in out and "Gangnam Yann Skin" in out
    rows = list(csv.DictReader(io.StringIO(run("clinics", "--format", "csv").stdout)))
    assert len(rows) == 6
    premium = json.loads(run("clinics", "--tier", "premium", "--format", "json").stdout)
    assert [c["id"] for c in premium["clinics"]] == ["forena", "cheongdam_eclat_de"]
    gangnam = json.loads(run("clinics", "--area", "gangnam", "--format", "json").stdout)
    assert [c["id"] for c in gangnam["clinics"]] == ["gangnam_yann", "egg_skin"]
    shown = run("clinics", "show", "gangnam_yann", columns=200).stdout
    assert "gangnamskincareclinic.com" in shown
    assert "tier unknown: standard tier assumed" in shown
    one = json.loads(run("clinics", "show", "forena", "--format", "json").stdout)
    assert one["clinic"]["sources"][0]["id"] == "seed"
    assert one["clinic"]["per_session"]["skin"]["low"] == 359.48


def test_help_has_examples() -> None:
    for command in ("compare", "quote", "clinics"):
        out = run(command, "--help").stdout
        assert f"exocalc {command}" in out and "Examples:" in out


def test_schema_help_names_every_schema() -> None:
    """The root help's summary of `schema` and its own help list every name it takes, from
    the one registry (a schema added there is never left out of the help)."""
    from exocalc.output.schema import NAMES

    # Help wraps at a name's hyphen (check-\nprice): compared with the spaces taken out.
    root = "".join(run("--help").stdout.split())
    summary = root.split("schemaPrint", 1)[1].split(".", 1)[0]
    own = "".join(run("schema", "--help").stdout.split()).split(".", 1)[0]
    for listed in (summary, own):
        names = listed.replace("(", ",").replace(")", ",").split(",")
        assert set(NAMES) <= set(names), set(NAMES) - set(names)


def test_csv_rows_say_which_rates_and_prices() -> None:
    for args in (("quote",), ("compare",), ("clinics",)):
        rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
        assert rows and all(r["rates"] == "ECB 2026-10-30, bundled" for r in rows)
        assert all(r["rates_as_of"] == "2026-10-30" for r in rows)
        assert all(r["prices_as_of"] == "2026-10-30" for r in rows)
