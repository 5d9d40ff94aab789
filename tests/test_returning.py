"""What a returning user expects (issue 14): defaults of one's own, each person's share, a
second currency, "is this quote fair?", what the data knows listed, what changed in the rates,
and one schema per JSON output, validated against real output."""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from exocalc.data.load import load_dataset
from tests import runner
from tests.fake_rates import rates_server

run = functools.partial(runner.run, columns=100)


def document(*args: str, **env: str) -> Any:
    return json.loads(run(*args, "--format", "json", **env).stdout, parse_float=Decimal)


@pytest.fixture(autouse=True)
def own_config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty config folder and no EXOCALC_* defaults of the developer's."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    for key in ("ORIGIN", "CURRENCY", "TRAVELLERS", "HOTEL", "BOOKING"):
        monkeypatch.delenv(f"EXOCALC_{key}", raising=False)
    return folder / "exocalc" / "config.toml"


# --- defaults of one's own ------------------------------------------------------------------


def settings_of(**env: str) -> dict[str, dict[str, Any]]:
    return {s["key"]: s for s in document("config", **env)["settings"]}


def test_the_environment_then_the_file_then_the_data(own_config_folder: Path) -> None:
    london = document("quote", EXOCALC_ORIGIN="london")
    assert london["inputs"]["origin"] == "london" and london["currency"] == "GBP"
    assert "London" in settings_of(EXOCALC_ORIGIN="london")["origin"]["value"].title()

    result = run("config", "set", "currency", "EUR")
    assert result.stderr == f"exocalc: currency = EUR (in {own_config_folder})\n"
    assert own_config_folder.read_text().splitlines()[-1] == 'currency = "EUR"'
    assert document("quote", EXOCALC_ORIGIN="london")["currency"] == "EUR"
    assert document("quote", "--currency", "USD", EXOCALC_ORIGIN="london")["currency"] == "USD"
    assert document("quote", EXOCALC_CURRENCY="JPY")["currency"] == "JPY"

    shown = settings_of(EXOCALC_ORIGIN="london")
    assert shown["origin"] == {"key": "origin", "value": "london", "source": "environment",
                               "where": "EXOCALC_ORIGIN", "problem": None}  # fmt: skip
    assert shown["currency"] == {"key": "currency", "value": "EUR", "source": "config file",
                                 "where": f"{own_config_folder}:3", "problem": None}  # fmt: skip
    assert shown["hotel"] == {"key": "hotel", "value": "mid", "source": "default", "where": None,
                              "problem": None}  # fmt: skip
    table = run("config", EXOCALC_ORIGIN="london").stdout
    assert "EXOCALC_ORIGIN" in table and "config file, line 3" in table
    run("config", "unset", "currency")
    assert document("quote")["currency"] == "USD"


def test_a_value_is_checked_before_it_is_written(own_config_folder: Path) -> None:
    result = run("config", "set", "origin", "londn", code=2)
    assert result.stderr.startswith("exocalc: error: unknown origin 'londn' (origin); valid ")
    assert "did you mean 'london'?" in result.stderr
    result = run("config", "set", "colour", "red", code=2)
    assert result.stderr == (
        "exocalc: error: setting 'colour' is not one of: origin, currency, travellers, hotel, "
        "booking\n"
    )
    assert not own_config_folder.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('origin = "london"\ncolour = 1\n',
         ":2: colour: unknown setting; valid settings: origin, currency, travellers, hotel, "
         "booking"),
        ("origin = london\n", ':1: origin: not TOML: Invalid value (text needs quotes: origin = '
                              '"london")'),
        ("travellers = true\n", ":1: travellers: must be text or a whole number"),
    ],
)  # fmt: skip
def test_a_broken_config_file_is_one_line_exit_1(
    own_config_folder: Path, text: str, message: str
) -> None:
    own_config_folder.parent.mkdir(parents=True)
    own_config_folder.write_text(text)
    result = run("quote", code=1)
    assert result.stderr == f"exocalc: error: broken config: {own_config_folder}{message}\n"


def test_a_bad_default_is_named_where_it_came_from(own_config_folder: Path) -> None:
    result = run("quote", code=2, EXOCALC_TRAVELLERS="0")
    assert result.stderr == "exocalc: error: EXOCALC_TRAVELLERS must be from 1 to 20, not 0\n"
    own_config_folder.parent.mkdir(parents=True)
    own_config_folder.write_text('hotel = "palace"\n')
    result = run("quote", code=1)  # the file is broken
    assert result.stderr.startswith(
        f"exocalc: error: unknown hotel 'palace' (hotel in {own_config_folder}:1); valid hotels:"
    )


# --- each person's share, a second currency ---------------------------------------------------


@pytest.mark.parametrize("travellers", ["2", "3", "7"])
def test_each_person_s_share_adds_up_to_the_total(travellers: str) -> None:
    quote = document("quote", "--travellers", travellers, "--currency", "JPY")
    share, total, n = quote["per_person"], quote["total"], int(travellers)
    assert share["travellers"] == n and "rounded half up" in share["rounding"]
    for key in ("low", "typical", "high"):
        assert abs(share[key] * n - total[key]) <= Decimal("0.5") * n  # JPY: whole yen
    assert document("quote")["per_person"] is None
    table = run("quote", "--travellers", travellers).stdout
    assert f"Per person ({travellers} travellers)" in table


def test_per_person_in_plan_and_compare() -> None:
    assert document("plan", "--travellers", "2")["per_person"]["typical"] == Decimal("2007.51")
    standard = document("compare", "--travellers", "2")["destinations"][1]
    assert standard["per_person"]["typical"] == Decimal("2007.51")
    assert "$2,007.51 each" in run("compare", "--travellers", "2").stdout


def test_a_second_currency_at_the_rate_it_names() -> None:
    quote = document("quote", "--also-currency", "EUR", "--also-currency", "jpy")
    eur, jpy = quote["also"]
    assert (eur["currency"], jpy["currency"]) == ("EUR", "JPY")
    for key in ("low", "typical", "high"):
        assert eur["total"][key] == (quote["total"][key] * eur["rate"]).quantize(Decimal("0.01"))
    assert eur["rate"] == Decimal("0.8950948801")  # 1 / 1.1172: the ECB's own cross rate
    assert quote["inputs"]["also_currency"] == ["EUR", "JPY"]
    assert (
        "Total in EUR (1 USD = 0.8950948801 EUR)" in run("quote", "--also-currency", "EUR").stdout
    )
    result = run("quote", "--also-currency", "XYZ", code=2)
    assert result.stderr.startswith("exocalc: error: unknown currency 'XYZ' (--also-currency)")


# --- is this quote fair? ---------------------------------------------------------------------


def test_a_price_above_the_clinic_s_range_says_by_how_much() -> None:
    quote = document("quote", "--clinic", "forena", "--price", "2000000")
    check = quote["price_check"]
    assert (check["position"], check["by_krw"], check["by_percent"]) == (
        "above", 800000, Decimal("66.7"))  # fmt: skip
    text = (
        "KRW 2,000,000 a skin session is above Forena's range (its premium tier's), "
        "KRW 480,000-1,200,000, by KRW 800,000 (66.7 %); no tier's range holds it"
    )
    assert check["text"] == text and text in quote["notes"]
    assert document("quote")["price_check"] is None


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["450000", "--treatment", "skin"],
         "KRW 450,000 a skin session: it falls in the standard tier's range."),
        (["500000"],
         "KRW 500,000 a skin session: it falls in the standard tier's and the premium tier's "
         "ranges."),
        (["50000"],
         "KRW 50,000 a skin session is below every tier's range, KRW 120,000-1,200,000, by "
         "KRW 70,000 (58.3 %); no tier's range holds it."),
        (["250000", "--clinic", "forena"],
         "KRW 250,000 a skin session is below Forena's range (its premium tier's), "
         "KRW 480,000-1,200,000, by KRW 230,000 (47.9 %); it falls in the standard tier's range."),
    ],
)  # fmt: skip
def test_check_price_in_one_line(args: list[str], line: str) -> None:
    assert run("check-price", *args).stdout == line + "\n"


def test_check_price_json_and_mistakes() -> None:
    check = document("check-price", "450000")
    assert check["tiers"] == ["standard"] and check["position"] == "within"
    result = run("check-price", "abc", code=2)
    assert result.stderr == (
        "exocalc: error: AMOUNT 'abc' is not an amount (e.g. 1500, 1,500.50 or 900GBP)\n"
    )


# --- what the data knows, listed ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "ids"),
    [
        ("origins", lambda d: d.trip.origins),
        ("treatments", lambda d: d.treatments),
        ("addons", lambda d: d.addons),
        ("hotels", lambda d: d.trip.hotels),
        ("channels", lambda d: d.booking_channels),
    ],
)
def test_listings_in_every_format(command: str, ids: Any) -> None:
    import csv
    import io

    expected = list(ids(load_dataset()))
    rows = list(csv.DictReader(io.StringIO(run(command, "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == expected
    tsv = list(csv.DictReader(io.StringIO(run(command, "--format", "tsv").stdout), delimiter="\t"))
    assert [r["id"] for r in tsv] == expected
    lines = run(command, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == expected
    assert [r["id"] for r in document(command)[command]] == expected
    table = run(command).stdout
    assert all(i in table for i in expected)


def test_origins_csv_has_every_origin_with_its_fare() -> None:
    rows = run("origins", "--format", "csv").stdout.splitlines()
    assert rows[0] == ("id,name,fare_low,fare_typical,fare_high,currency,source,as_of,"
                       "home_region,default")  # fmt: skip
    assert rows[5] == "london,London,600,850,1100,GBP,estimate,2026-10-30,usa_uk,False"


# --- what changed in the rates -----------------------------------------------------------------


def test_refresh_and_diff_show_what_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    with rates_server() as url:
        monkeypatch.setenv("EXOCALC_RATES_URL", url)
        refreshed = document("rates", "--refresh")
    usd = next(c for c in refreshed["changes"] if c["currency"] == "USD")
    assert usd == {"currency": "USD", "old": Decimal("1335.266738274257071249552453"),
                   "new": Decimal("1342.642320085929108485499463"),
                   "percent": Decimal("0.55")}  # fmt: skip
    assert refreshed["against"]["label"] == "ECB 2026-10-30, bundled"
    diff = document("rates", "--diff")
    assert diff["changes"] == refreshed["changes"]
    table = run("rates", "--diff").stdout
    assert "USD" in table and "+0.55 %" in table and "₩1,342.6423" in table


def test_diff_without_a_cache_says_so() -> None:
    result = run("rates", "--diff")
    assert "No rate differs from ECB 2026-10-30, bundled." in result.stdout
    assert "no cached rates in use" in result.stderr


# --- one schema per output, validated against real output ---------------------------------------

OUTPUTS = {
    "quote": ["quote", "--travellers", "2", "--also-currency", "EUR", "--price", "200USD"],
    "plan": ["plan", "--treatment", "hair", "--travellers", "2", "--also-currency", "EUR"],
    "compare": ["compare", "--travellers", "3", "--also-currency", "GBP"],
    "clinics": ["clinics"],
    "clinic": ["clinics", "show", "forena"],
    "rates": ["rates"],
    "config": ["config"],
    "check-price": ["check-price", "450000"],
    "origins": ["origins"],
    "treatments": ["treatments"],
    "addons": ["addons"],
    "hotels": ["hotels"],
    "channels": ["channels"],
}


@pytest.mark.parametrize("name", OUTPUTS)
def test_every_json_output_matches_its_schema(name: str) -> None:
    schema = json.loads(run("schema", name).stdout)
    output = json.loads(run(*OUTPUTS[name], "--format", "json").stdout)
    jsonschema.validate(output, schema)
    assert [output["schema"]] == schema["properties"]["schema"]["enum"]


def test_batch_records_match_the_batch_schema() -> None:
    schema = json.loads(run("schema", "batch").stdout)
    rows = '{"id": 7, "tier": "factory", "travellers": 2}\n{"tier": "luxury"}\n'
    records = [json.loads(line) for line in run("batch", "-", stdin=rows, code=1).stdout.split("\n")
               if line]  # fmt: skip
    for record in records:
        jsonschema.validate(record, schema)
    assert records[1] == {"row": 2, "error": records[1]["error"]}


def test_the_same_idea_has_the_same_name() -> None:
    compare = document("compare")["destinations"]
    quote = document("quote")
    assert compare[1]["total"] == quote["total"]
    assert compare[3]["home"] == {"low": 2500, "typical": 4250, "high": 6000}
    assert "trip_total" not in compare[1] and "home_total" not in compare[3]


def test_config_set_keeps_comments_links_and_permissions(
    tmp_path: Path, own_config_folder: Path
) -> None:
    dotfile = tmp_path / "dotfiles" / "exocalc.toml"
    dotfile.parent.mkdir()
    dotfile.write_text('# my notes\norigin = "london"   # home\n# travel buddy\n')
    dotfile.chmod(0o600)
    own_config_folder.parent.mkdir(parents=True)
    own_config_folder.symlink_to(dotfile)
    run("config", "set", "travellers", "3")
    run("config", "set", "origin", "TOKYO")
    assert own_config_folder.is_symlink()
    assert dotfile.read_text() == (
        '# my notes\norigin = "tokyo"   # home\n# travel buddy\ntravellers = 3\n'
    )
    assert dotfile.stat().st_mode & 0o777 == 0o600
    unset = run("config", "unset", "hotel").stderr
    assert unset == f"exocalc: hotel was not set (in {own_config_folder}): nothing to remove\n"


def test_config_shows_a_value_it_cannot_use_and_exits_1() -> None:
    result = run("config", "--format", "json", code=1, EXOCALC_TRAVELLERS="abc")
    travellers = json.loads(result.stdout)["settings"][2]
    assert travellers["problem"] == "travellers 'abc' is not a whole number"


def test_an_unknown_subcommand_lists_its_group_s_commands() -> None:
    result = run("config", "get", "origin", code=2)
    first = result.stderr.splitlines()[0]  # the runner calls the program "root"
    assert first.replace(" of root config;", " of exocalc config;") == (
        "exocalc: error: unknown command 'get' of exocalc config; commands: set, unset; "
        "did you mean 'set'?"
    )


def test_diff_as_csv_lists_the_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    import csv
    import io

    with rates_server() as url:
        monkeypatch.setenv("EXOCALC_RATES_URL", url)
        run("rates", "--refresh")
    rows = list(csv.DictReader(io.StringIO(run("rates", "--diff", "--format", "csv").stdout)))
    usd = next(r for r in rows if r["currency"] == "USD")
    assert (usd["old"], usd["new"], usd["percent"]) == (
        "1335.266738274257071249552453", "1342.642320085929108485499463", "0.55")  # fmt: skip
    assert all(Decimal(r["percent"]) != 0 for r in rows)
