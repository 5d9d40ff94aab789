"""Datasets from people and strangers: every refusal with its exact message, overlays, and
generated datasets and files that must never crash, hang or mislead."""

from __future__ import annotations

import datetime as dt
import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exocalc.data.load import MAX_BYTES, bundled_path, check_layers, load_dataset
from exocalc.money import minor_digits, sum_ranges
from exocalc.rates import bundled_rates
from exocalc.request import FIELDS, Request
from tests.conftest import bundled_document, notes_of, quote, write_dataset
from tests.runner import run

BUNDLED = bundled_path().read_text(encoding="utf-8")
RATES = bundled_rates()


def validate(path: Path) -> Any:
    result = run("validate", str(path), code=None)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def edited(tmp_path: Path, old: str, new: str, name: str = "data.yaml") -> Path:
    """The bundled file with one piece of text changed, as a person would edit it."""
    assert old in BUNDLED, old
    path = tmp_path / name
    path.write_text(BUNDLED.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


XENIA_TIER = "    tier: factory\n    area: null\n    treatments: [skin]\n    vat_refund: unknown"


@pytest.mark.parametrize(
    ("old", "new", "marker", "at", "message"),
    [
        (
            "skin: {low: 150000, typical: 300000",
            "skin: {low: 150000, typical: 700000",
            "typical: 700000",
            "{low",
            "tiers.standard.prices.skin: typical must lie between low and high "
            "(150000 <= 700000 <= 600000)",
        ),
        (
            "      fare: {low: 800, high: 1500, currency: USD",
            "      fare: {low: -800, high: 1500, currency: USD",
            "low: -800",
            "-800",
            "trip.origins.los_angeles.fare.low: Input should be greater than or equal to 0",
        ),
        (
            "    cashback_rate: 0.10",
            "    cashback_rate: .inf",
            "cashback_rate: .inf",
            ".inf",
            "booking_channels.creatrip.cashback_rate: Input should be a finite number",
        ),
        (
            "    cashback_rate: 0.10",
            "    cashback_rate: .nan",
            "cashback_rate: .nan",
            ".nan",
            "booking_channels.creatrip.cashback_rate: Input should be a finite number",
        ),
        (
            "currency: HKD",
            "currency: XYZ",
            "currency: XYZ",
            "XYZ",
            "trip.origins.hong_kong.fare.currency: unknown currency 'XYZ': exocalc has no "
            "rate for it",
        ),
        (
            XENIA_TIER,
            XENIA_TIER.replace("factory", "budget"),
            "tier: budget",
            "budget",
            "clinics.xenia.tier: unknown tier 'budget' (known: factory, premium, standard)",
        ),
        (
            "home_region: japan",
            "home_region: korea",
            "home_region: korea",
            "korea",
            "trip.origins.tokyo.home_region: unknown region 'korea' (known: japan, seoul, usa_uk)",
        ),
        (
            '    treatments: [skin]\n    vat_refund: unknown\n    booking: [creatrip, unni_global, gangnam_unni]\n    sources: [seed]\n    as_of: 2026-10-30\n    note: "Named by the seed as factory-style; area not given."\n  abijou:',  # noqa: E501
            '    treatments: [scalp]\n    vat_refund: unknown\n    booking: [creatrip, unni_global, gangnam_unni]\n    sources: [seed]\n    as_of: 2026-10-30\n    note: "Named by the seed as factory-style; area not given."\n  abijou:',  # noqa: E501
            "treatments: [scalp]",
            "scalp",
            "clinics.xenia.treatments[0]: unknown treatment 'scalp' (known: hair, skin)",
        ),
        (
            "sources: [egg_skin, seed]",
            "sources: [egg_skin, seeds]",
            "sources: [egg_skin, seeds]",
            "seeds",
            "clinics.egg_skin.sources[1]: unknown source 'seeds' (known: egg_skin, estimate, "
            "gangnam_yann, independent_2025, khidi_visitkorea, medinkorea_2026, park_asce_2023, "
            "seed)",
        ),
        (
            "    as_of: 2023-12-20",
            "    as_of: 2023-02-30",
            "as_of: 2023-02-30",
            "2023",
            "sources.khidi_visitkorea.as_of: '2023-02-30' is not a real date (day is out of "
            "range for month)",
        ),
        (
            "    as_of: 2023-12-20",
            "    as_of: 2099-12-20",
            "as_of: 2099-12-20",
            "2099",
            "sources.khidi_visitkorea.as_of: 2099-12-20 is in the future (today is {today})",
        ),
        (
            "  independent_2025:\n",
            "  independent_2025:\n    kind: typed twice\n",
            "kind: news",
            "kind",
            "sources.independent_2025.kind: duplicate key 'kind' (first on line {first})",
        ),
        (
            "    name: Forena\n",
            "    name: Forena\n    nmae: Forena\n",
            "nmae: Forena",
            "nmae",
            "clinics.forena.nmae: unknown field (a typo?)",
        ),
    ],
)
def test_each_mistake_gets_its_own_message(
    tmp_path: Path, old: str, new: str, marker: str, at: str, message: str
) -> None:
    """`marker` finds the line, `at` the column where the message must point."""
    path = edited(tmp_path, old, new)
    line = line_of(path, marker)
    column = path.read_text().splitlines()[line - 1].index(at) + 1
    if "{first}" in message:
        message = message.format(first=line_of(path, "kind: typed twice"))
    message = message.replace("{today}", str(dt.date.today()))
    result = validate(path)
    assert result.exit_code == 1
    assert result.stdout == f"{path}:{line}:{column}: {message}\n"
    assert result.stderr == "exocalc: 1 problem found\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n# only a comment\n", "the file is empty"),
        (b"- 1\n- 2\n", "1:1: the top level must be a mapping of sections"),
        (b"schema_version: 1\nname: caf\xe9\n", "2:10: not UTF-8 text (byte 0xe9)"),
        (b"schema_version: 1\ntiers: {a: [1, 2}\n", "2:17: YAML syntax error: "),
        (b"schema_version: 2\n", "1:17: schema_version: this exocalc reads version 1, not 2"),
        (
            b"!!python/object:os.system ['echo hi']\n",
            "1:1: the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
        ),
    ],
)
def test_files_that_are_no_dataset(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    result = validate(path)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"{path}:{message}" if message[0].isdigit() else f"{path}: {message}"
    )


def test_a_python_tag_is_refused_not_run(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    marker = tmp_path / "ran"
    path.write_text(f"schema_version: 1\nx: !!python/object/apply:os.system ['touch {marker}']\n")
    result = validate(path)
    assert result.exit_code == 1
    assert not marker.exists()
    assert result.stdout == (
        f"{path}:2:4: x: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
        "allowed: plain data only\n"
    )


def test_a_file_over_5_mb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    started = time.process_time()  # the work done, which load does not stretch
    result = validate(path)
    assert time.process_time() - started < 1
    assert result.stdout == (
        f"{path}: the file is {MAX_BYTES + 3:,} bytes; a dataset may be at most {MAX_BYTES:,}\n"
    )


BILLION_LAUGHS = (
    "schema_version: 1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
)


def test_billion_laughs_is_refused_in_well_under_a_second(tmp_path: Path) -> None:
    path = tmp_path / "lol.yaml"
    path.write_text(BILLION_LAUGHS)
    started = time.process_time()  # the work done, which load does not stretch
    result = run("quote", "--data", str(path), code=None)
    assert time.process_time() - started < 1
    assert result.exit_code == 1
    assert result.stderr == (
        f"exocalc: error: broken dataset: {path}:1:1: refused: its aliases add over "
        "100,000 values (a 'billion laughs'?)\n"
    )


def test_ten_mistakes_ten_messages(tmp_path: Path) -> None:
    text = BUNDLED
    for old, new in [
        ("skin: {low: 120000, high: 240000", "skin: {low: 320000, high: 240000"),
        (XENIA_TIER, XENIA_TIER.replace("factory", "budget")),
        ("fare: {low: 800, high: 1500", "fare: {low: -800, high: 1500"),
        ("home_region: japan", "home_region: korea"),
        ("currency: HKD", "currency: XYZ"),
        ("    as_of: 2023-12-20", "    as_of: 2023-02-30"),
        ("  independent_2025:\n", "  independent_2025:\n    kind: x\n"),
        ("    cashback_rate: 0.10", "    cashback_rate: .nan"),
        ("    name: Forena\n", "    name: Forena\n    nmae: typo\n"),
        ("sources: [egg_skin, seed]", "sources: [egg_skin, seeds]"),
    ]:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "ten.yaml"
    path.write_text(text)
    result = validate(path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 10
    for line in lines:
        file, row, column, rest = line.split(":", 3)
        assert file == str(path) and int(row) > 0 and int(column) > 0 and rest.strip()
    assert result.stderr == "exocalc: 10 problems found\n"


def test_valid_bundled_dataset_summary() -> None:
    result = run("validate", code=None)
    assert result.exit_code == 0
    assert result.stdout == (
        "ok: the bundled dataset: 6 clinics, 3 tiers, 10 origins, 1 rule; data as of 2026-10-30\n"
    )


# --- overlays ------------------------------------------------------------------------------

OVERLAY = """overlay: true
clinics:
  forena:
    prices:
      skin: {low: 650000, high: 650000, currency: KRW, source: seed, as_of: 2026-11-20}
"""


def quote_total(*args: str) -> Decimal:
    result = run("quote", "--format", "plain", "--date", "2026-11-28", *args, code=None)
    assert result.exit_code == 0, result.stderr
    return Decimal(result.stdout)


def test_a_five_line_overlay_changes_that_clinic_and_nothing_else(tmp_path: Path) -> None:
    overlay = tmp_path / "my-quote.yaml"
    overlay.write_text(OVERLAY)
    assert len(OVERLAY.splitlines()) == 5
    assert quote_total("--clinic", "forena", "--data", str(overlay)) != quote_total(
        "--clinic", "forena"
    )
    # 650,000 against the premium tier's typical 840,000: 190,000 less, in USD at 1,335.2667.
    less = quote_total("--clinic", "forena") - quote_total(
        "--clinic", "forena", "--data", str(overlay)
    )
    assert less == Decimal("142.30")
    for other in (["--clinic", "cheongdam_eclat_de"], ["--tier", "premium"], []):
        assert quote_total(*other, "--data", str(overlay)) == quote_total(*other)
    compared = run("compare", "--format", "json", "--data", str(overlay), code=None)
    assert compared.stdout == run("compare", "--format", "json", code=None).stdout


def test_overlays_from_exocalc_data_and_in_layers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overlay = tmp_path / "my-quote.yaml"
    overlay.write_text(OVERLAY)
    with_file = quote_total("--clinic", "forena", "--data", str(overlay))
    monkeypatch.setenv("EXOCALC_DATA", str(overlay))
    assert quote_total("--clinic", "forena") == with_file
    cheaper = tmp_path / "cheaper.yaml"
    cheaper.write_text(OVERLAY.replace("650000", "500000"))
    # EXOCALC_DATA's overlay, then --data's on top of it: the last word wins.
    assert quote_total("--clinic", "forena", "--data", str(cheaper)) > with_file - 1000
    assert quote_total("--clinic", "forena", "--data", str(cheaper)) < with_file


def test_a_broken_overlay_is_reported_in_its_own_file(tmp_path: Path) -> None:
    overlay = tmp_path / "bad-overlay.yaml"
    overlay.write_text(OVERLAY.replace("low: 650000", "low: 750000"))
    result = validate(overlay)
    assert result.stdout == (
        f"{overlay}:5:13: clinics.forena.prices.skin: low must not exceed high (750000 > 650000)\n"
    )
    new_clinic = tmp_path / "new.yaml"
    new_clinic.write_text("overlay: true\nclinics:\n  newcomer:\n    name: New\n")
    result = validate(new_clinic)
    missing = f"{new_clinic}:4:5: clinics.newcomer.tier: missing: this field is required"
    assert missing in result.stdout


def test_a_complete_file_replaces_the_bundled_data(tmp_path: Path) -> None:
    document = bundled_document()
    document["clinics"] = {"solo": {**document["clinics"]["forena"], "name": "Solo"}}
    path = write_dataset(tmp_path / "own.yaml", document)
    result = run("clinics", "--format", "json", "--data", str(path), code=None)
    assert [c["id"] for c in json.loads(result.stdout)["clinics"]] == ["solo"]


# --- stale data ----------------------------------------------------------------------------


def test_data_older_than_180_days_before_the_treatment_adds_a_note() -> None:
    data = load_dataset()
    late = quote(data, RATES, date=dt.date(2027, 6, 1))
    assert (
        "The data is from 2026-10-30, 214 days before the treatment date: prices may have "
        "changed since; check them with the clinic" in notes_of(late)
    )
    soon = quote(data, RATES, date=dt.date(2027, 4, 1))
    assert not any("days before the treatment date" in n for n in notes_of(soon))
    result = run("compare", "--date", "2027-06-01", "--format", "json", code=None)
    assert any("214 days before" in n for n in json.loads(result.stdout)["notes"])


# --- generated datasets and plans (hypothesis) ---------------------------------------------

money = st.integers(0, 3_000_000)


@st.composite
def price(draw: st.DrawFn, currency: str = "KRW") -> dict[str, Any]:
    low, high = sorted((draw(money), draw(money)))
    out: dict[str, Any] = {"low": low, "high": high, "currency": currency, "source": "estimate",
                           "as_of": dt.date(2026, 1, 1)}  # fmt: skip
    if draw(st.booleans()):
        out["typical"] = draw(st.integers(low, high))
    return out


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, Any]:
    """The bundled dataset with every figure drawn anew (within what the schema allows)."""
    doc = bundled_document()
    for tier in doc["tiers"].values():
        for treatment in tier["prices"]:
            tier["prices"][treatment] = draw(price())
    for addon in doc["addons"].values():
        addon["price"] = draw(price())
    for hotel in doc["trip"]["hotels"].values():
        hotel["price_per_room_night"] = draw(price())
    doc["trip"]["daily_per_person"] = draw(price())
    for origin in doc["trip"]["origins"].values():
        origin["fare"] = draw(price(origin["fare"]["currency"]))
    for region in doc["regions"].values():
        region["price_per_session"] = draw(price("USD"))
    low, high = sorted(draw(st.lists(st.integers(0, 100), min_size=2, max_size=2)))
    doc["discounts"]["couple"]["rate"].update(low=Decimal(low) / 100, high=Decimal(high) / 100)
    rule = doc["rules"]["vat_refund"]
    rule["vat_rate"] = Decimal(draw(st.integers(0, 30))) / 100
    rule["operator_fee_rate"] = Decimal(draw(st.integers(0, 100))) / 100
    for clinic in doc["clinics"].values():
        clinic["vat_refund"] = draw(st.sampled_from(["yes", "no", "unknown"]))
    return doc


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(), st.data())
def test_generated_datasets_keep_every_invariant(
    document: dict[str, Any], data: st.DataObject
) -> None:
    from exocalc.data.load import dataset_from

    dataset = dataset_from(document)
    for _ in range(5):
        clinic = data.draw(st.none() | st.sampled_from(sorted(dataset.clinics)))
        currency = data.draw(st.sampled_from(RATES.currencies))
        request = Request(
            date=data.draw(st.dates(dt.date(2020, 1, 1), dt.date(2027, 1, 1))),
            tier=None if clinic else data.draw(st.sampled_from(sorted(dataset.tiers))),
            clinic=clinic,
            travellers=data.draw(st.integers(1, 6)),
            sessions=data.draw(st.integers(1, 4)),
            origin=data.draw(st.sampled_from(sorted(dataset.trip.origins))),
            addon=tuple(data.draw(st.lists(st.sampled_from(sorted(dataset.addons)), max_size=2))),
            vat_refund=data.draw(st.sampled_from(["auto", "yes", "no"])),
            currency=currency,
        )
        shown = quote(dataset, RATES, **{f.name: getattr(request, f.name) for f in FIELDS})
        assert sum_ranges([pl.amount for pl in shown.lines]) == shown.total
        assert shown.total.low <= shown.total.typical <= shown.total.high
        for pl in shown.lines:
            for amount in pl.amount:
                assert -amount.as_tuple().exponent <= minor_digits(currency)  # type: ignore[operator]
        lines = {ln.id: ln.krw for ln in shown.lines}
        paid_ids = [i for i in ("treatment", "addons", "couple_discount") if i in lines]
        paid = sum_ranges([lines[i] for i in paid_ids])
        rate = dataset.rules.vat_refund.vat_rate
        if "vat_refund" in lines:
            # Each trip's refund is rounded to the won: at most half a won each above exact.
            # It is worked out from the exact payment, which each paid line, rounded to the won
            # per trip, shows up to half a won short.
            trips = len(shown.way.trips)
            slack = Decimal(trips) / 2
            unrounded = Decimal(trips * len(paid_ids)) / 2
            for refund, paid_amount in zip(lines["vat_refund"], paid, strict=True):
                assert 0 <= -refund <= (paid_amount + unrounded) * rate / (1 + rate) + slack


# --- random files: never a traceback -------------------------------------------------------

LINES = BUNDLED.splitlines()


@st.composite
def mangled_files(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "cut", "junk", "swap"]))
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif action == "junk":
            lines[i] = draw(st.text(max_size=30))
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    text = "\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        text = (
            draw(st.binary(max_size=200))
            if draw(st.booleans())
            else text[: draw(st.integers(0, len(text)))]
        )
    return text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    mangled_files(),
    st.sampled_from(
        [["validate"], ["quote", "--data"], ["compare", "--data"], ["clinics", "--data"]]
    ),
)
def test_random_dataset_files_never_crash(
    tmp_path: Path, content: bytes, command: list[str]
) -> None:
    path = tmp_path / "random.yaml"
    path.write_bytes(content)
    result = run(*command, str(path), code=None)
    assert result.exit_code in (0, 1, 2), (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    # whatever it says of the file, check_layers agrees it is usable or not
    _, problems = check_layers([path], RATES.currencies)
    assert (result.exit_code == 0) == (not problems) or command[0] != "validate"


def _paths(node: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [loc] if loc else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*loc, key))
    return found


ALL_PATHS = _paths(bundled_document())


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(ALL_PATHS), min_size=1, max_size=3),
    st.sampled_from([["quote"], ["quote", "--clinic", "egg_skin"], ["compare"], ["clinics"]]),
)
def test_datasets_missing_any_field_never_crash(
    tmp_path: Path, removed: list[tuple[Any, ...]], command: list[str]
) -> None:
    """Take any mapping entries out of the bundled data: a clear refusal or a quote, never a
    traceback."""
    document = bundled_document()
    for loc in removed:
        node: Any = document
        for key in loc[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(loc[-1], None)
    path = write_dataset(tmp_path / "partial.yaml", document)
    result = run(*command, "--data", str(path), code=None)
    assert result.exit_code in (0, 1, 2), result.stderr


@pytest.mark.parametrize(
    ("body", "place", "message"),
    [
        ("clinics:\n  - a\n  - b\n", "3:3: clinics",
         "must be a mapping (names, each with its value under it), not a list or a value"),
        ("trip:\n  esim_per_person: {low: abc, high: 3, currency: KRW, source: seed, "
         "as_of: 2026-10-30}\n", "3:26: trip.esim_per_person.low",
         "must be a number (150000, 12.5)"),
        ("trip:\n  default_nights: [1]\n", "3:19: trip.default_nights", "must be a whole number"),
    ],
)  # fmt: skip
def test_a_value_of_the_wrong_kind_is_told_in_a_data_file_s_words(
    tmp_path: Path, body: str, place: str, message: str
) -> None:
    """Not the validator's own words ("Input should be a valid dictionary")."""
    path = tmp_path / "overlay.yaml"
    path.write_text("overlay: true\n" + body, encoding="utf-8")
    assert validate(path).stdout == f"{path}:{place}: {message}\n"
