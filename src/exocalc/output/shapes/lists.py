"""The shapes of the listings' JSON outputs: clinics, rates, config, check-price, validate, and
what the data knows (origins, treatments, add-ons, hotels, channels)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

import msgspec
from msgspec import UNSET, UnsetType

from exocalc.output.shapes.trip import Out, RateFrom, RatesUsed


class ClinicPrice(Out, kw_only=True):
    low: Decimal
    typical: Decimal
    high: Decimal
    basis: str
    source: str
    as_of: dt.date


class SourceEntry(Out, kw_only=True):
    id: str
    title: str
    url: str | None
    kind: str
    as_of: dt.date
    note: str | None


class Clinic(Out, kw_only=True):
    id: str
    name: str
    tier: str | None
    area: str | None
    treatments: list[str]
    vat_refund: str
    booking: list[str]
    per_session: dict[str, ClinicPrice]
    as_of: dt.date
    note: str | None
    sources: list[str | SourceEntry]  # ids; spelt out by `clinics show`


class ClinicLine(Clinic, kw_only=True):
    """`clinics --format jsonl`: a clinic a line, with the currency."""

    currency: str


class Clinics(Out, kw_only=True):
    """`exocalc clinics --format json`."""

    schema: Literal["exocalc.clinics/1"] = "exocalc.clinics/1"
    currency: str
    clinics: list[Clinic]
    data_as_of: dt.date
    rates: RatesUsed


class OneClinic(Out, kw_only=True):
    """`exocalc clinics show ID --format json`."""

    schema: Literal["exocalc.clinic/1"] = "exocalc.clinic/1"
    currency: str
    clinic: Clinic
    rates: RatesUsed


class RateRow(Out, kw_only=True):
    currency: str
    krw_per_unit: Decimal
    from_: RateFrom = msgspec.field(name="from")
    source: str
    as_of: dt.date | None
    note: str | None
    label: str


class RateChange(Out, kw_only=True):
    currency: str
    old: Decimal
    new: Decimal
    percent: Decimal


class RateChangeLine(RateChange, kw_only=True):
    """`rates --diff --format jsonl`: a change a line, with what it is against."""

    against: str
    as_of: dt.date


class Against(Out, kw_only=True):
    label: str
    as_of: dt.date


class Rates(Out, kw_only=True):
    """`exocalc rates --format json` (with `against` and `changes` after --refresh or --diff)."""

    schema: Literal["exocalc.rates/1"] = "exocalc.rates/1"
    base: Literal["KRW"] = "KRW"
    source: str
    kind: Literal["bundled", "cached", "live"]
    as_of: dt.date
    fetched_at: str | None  # ISO time, in UTC
    label: str
    overrides: dict[str, Decimal]
    rates: list[RateRow]
    against: Against | UnsetType = UNSET
    changes: list[RateChange] | UnsetType = UNSET


class SettingRow(Out, kw_only=True):
    key: Literal["origin", "currency", "travellers", "hotel", "booking"]
    value: str
    source: Literal["environment", "config file", "default"]
    where: str | None
    problem: str | None  # why the value cannot be used (the command then exits 1)


class Config(Out, kw_only=True):
    """`exocalc config --format json`: each default of one's own and where it comes from."""

    schema: Literal["exocalc.config/1"] = "exocalc.config/1"
    file: str
    file_exists: bool
    settings: list[SettingRow]


class CheckPrice(Out, kw_only=True):
    """`exocalc check-price --format json`."""

    schema: Literal["exocalc.price_check/1"] = "exocalc.price_check/1"
    treatment: str
    price_krw: Decimal
    against: str
    low: Decimal
    high: Decimal
    position: Literal["below", "within", "above"]
    by_krw: Decimal
    by_percent: Decimal
    tiers: list[str]
    text: str
    given: (
        float | str
    )  # a Decimal or text; the price as typed: KRW, or text with its currency ("300 USD")


class ProblemRow(Out, kw_only=True):
    file: str
    line: int
    column: int
    field: str
    message: str


class Validation(Out, kw_only=True):
    """`exocalc validate --format json`: every problem, and the warnings."""

    schema: Literal["exocalc.validation/1"] = "exocalc.validation/1"
    files: list[str]  # the layers checked; empty for the bundled dataset
    ok: bool
    problems: list[ProblemRow]
    problems_total: int  # problems found; `problems` holds the first of them
    warnings: list[ProblemRow]
    summary: str | None  # what the data holds, when it is valid


class Origin(Out, kw_only=True):
    id: str
    name: str
    fare_low: Decimal
    fare_typical: Decimal
    fare_high: Decimal
    currency: str
    source: str
    as_of: dt.date
    home_region: str | None
    default: bool


class Treatment(Out, kw_only=True):
    id: str
    name: str
    product: str
    programme_sessions: int
    interval_days_low: int | None
    interval_days_high: int | None
    source: str
    as_of: dt.date


class Addon(Out, kw_only=True):
    id: str
    name: str
    price_low: Decimal
    price_typical: Decimal
    price_high: Decimal
    currency: str
    source: str
    as_of: dt.date
    note: str | None


class Hotel(Out, kw_only=True):
    id: str
    name: str
    room_night_low: Decimal
    room_night_typical: Decimal
    room_night_high: Decimal
    currency: str
    source: str
    as_of: dt.date
    note: str | None
    default: bool


class Channel(Out, kw_only=True):
    id: str
    name: str
    cashback_rate: Decimal
    note: str | None
    source: str
    as_of: dt.date


class CitedSource(SourceEntry, kw_only=True):
    """A source of the data's figures: where it is (`url`, null when the data gives none),
    how old, and which figures cite it (`supports`: their places in the data)."""

    supports: list[str]


def _listing(name: str, entry: type[Out]) -> Any:
    """A data listing's document: its schema, the data's date, and the entries."""
    version = f"exocalc.{name}/1"
    shape: Any = msgspec.defstruct(
        name.capitalize(),
        [
            ("schema", Literal[version], version),
            ("data_as_of", dt.date),
            (name, list[entry]),  # type: ignore[valid-type]
        ],
        bases=(Out,),
        kw_only=True,
    )
    return shape


LISTINGS: dict[str, tuple[type[Out], type[Out]]] = {
    name: (entry, _listing(name, entry))
    for name, entry in (
        ("origins", Origin), ("treatments", Treatment), ("addons", Addon), ("hotels", Hotel),
        ("channels", Channel), ("sources", CitedSource),
    )
}  # fmt: skip
