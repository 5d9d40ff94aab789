"""The data layer: the dataset's pydantic models, and loading a YAML file safely into them.

Every price is a `PriceRange` with a currency, a source id and an as-of date. Cross-references
(a clinic's tier, a price's source, an origin's home region...) are checked after the models
validate, so that each problem is reported with the path of the field that holds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from exocalc.errors import DatasetError
from exocalc.money import Range3

SCHEMA_VERSION = 1
BUNDLED_NAME = "clinics.yaml"

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
# Bounded so that every sum stays within Decimal's 28 digits.
NonNegative = Annotated[Decimal, Field(ge=0, le=10**12, allow_inf_nan=False)]
Fraction = Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)]


class _Model(BaseModel):
    # Unknown keys are refused: a misspelt field name must not be silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Span(_Model):
    """low, an optional typical and high; typical defaults to the midpoint."""

    low: Decimal
    typical: Decimal | None = None
    high: Decimal

    @model_validator(mode="after")
    def _ordered(self) -> _Span:
        _check_order(self.low, self.typical, self.high)
        return self

    def range3(self) -> Range3:
        typical = self.typical if self.typical is not None else (self.low + self.high) / 2
        return Range3(self.low, typical, self.high)


class PriceRange(_Span):
    low: NonNegative
    typical: NonNegative | None = None
    high: NonNegative
    currency: CurrencyCode
    source: Id
    as_of: dt.date
    note: str | None = None


class RateRange(_Span):
    low: Fraction
    typical: Fraction | None = None
    high: Fraction
    source: Id
    as_of: dt.date


class DayRange(_Model):
    low: Annotated[int, Field(ge=0)]
    high: Annotated[int, Field(ge=0)]
    source: Id | None = None
    as_of: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DayRange:
        _check_order(Decimal(self.low), None, Decimal(self.high))
        return self


def _check_order(low: Decimal, typical: Decimal | None, high: Decimal) -> None:
    if low > high:
        raise ValueError(f"low must not exceed high ({low} > {high})")
    if typical is not None and not low <= typical <= high:
        raise ValueError(f"typical must lie between low and high ({low} <= {typical} <= {high})")


class Source(_Model):
    title: str
    url: str | None = None
    kind: str
    as_of: dt.date
    note: str | None = None


class Treatment(_Model):
    name: str
    product: str
    delivery: list[str]
    session_minutes: DayRange
    programme_sessions: Annotated[int, Field(ge=1, le=100)]
    interval_days: DayRange | None = None
    min_hours_before_flying: Annotated[int, Field(ge=0)]
    source: Id
    as_of: dt.date
    note: str | None = None


class Tier(_Model):
    name: str
    description: str
    prices: dict[Id, PriceRange]


class Clinic(_Model):
    name: str
    tier: Id | None
    area: str | None
    treatments: list[Id]
    vat_refund: Literal["yes", "no", "unknown"]
    booking: list[Id]
    sources: list[Id]
    as_of: dt.date
    note: str | None = None
    # A clinic's own per-session prices, when a source gives them; otherwise its tier's.
    prices: dict[Id, PriceRange] = Field(default_factory=dict)


class Region(_Model):
    name: str
    price_per_session: PriceRange
    wait: str
    product: str
    delivery: str
    tourist_ease: str
    changes_2026: str
    source: Id
    as_of: dt.date


class CoupleDiscount(_Model):
    name: str
    min_travellers: Annotated[int, Field(ge=2)]
    rate: RateRange


class Discounts(_Model):
    couple: CoupleDiscount


class BookingChannel(_Model):
    name: str
    cashback_rate: Fraction
    note: str | None = None
    source: Id
    as_of: dt.date


class VatRefundRule(_Model):
    name: str
    valid_from: dt.date
    valid_until: dt.date
    depart_within_days: Annotated[int, Field(ge=0)]
    vat_rate: Fraction
    included_in_price: bool
    operator_fee_rate: Fraction
    downtown_limit_krw: NonNegative
    covers: list[str]
    sources: list[Id]
    as_of: dt.date
    note: str | None = None

    @model_validator(mode="after")
    def _window(self) -> VatRefundRule:
        if self.valid_from > self.valid_until:
            raise ValueError(
                f"valid_from must not be after valid_until ({self.valid_from} > {self.valid_until})"
            )
        return self


class Rules(_Model):
    vat_refund: VatRefundRule


class Addon(_Model):
    name: str
    price: PriceRange
    note: str | None = None


class Hotel(_Model):
    name: str
    price_per_room_night: PriceRange


class Origin(_Model):
    name: str
    fare: PriceRange
    home_region: Id | None


class Trip(_Model):
    default_nights: Annotated[int, Field(ge=0)]
    default_hotel: Id
    default_origin: Id
    hotels: dict[Id, Hotel]
    daily_per_person: PriceRange
    esim_per_person: PriceRange
    origins: dict[Id, Origin]


class Dataset(_Model):
    schema_version: Literal[1]
    as_of: dt.date
    sources: dict[Id, Source]
    treatments: dict[Id, Treatment]
    tiers: dict[Id, Tier]
    clinics: dict[Id, Clinic]
    regions: dict[Id, Region]
    discounts: Discounts
    booking_channels: dict[Id, BookingChannel]
    rules: Rules
    addons: dict[Id, Addon]
    trip: Trip


def bundled_path() -> Path:
    """The dataset shipped inside the package (or data/ of a source checkout)."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / BUNDLED_NAME
    if packaged.is_file():
        return packaged
    return here.parent.parent / "data" / BUNDLED_NAME  # editable install: the repository's file


def load_dataset(path: Path | None = None) -> Dataset:
    """Read, parse and validate a dataset; raise DatasetError naming the file and the fields."""
    path = path or bundled_path()
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DatasetError(shown, [f"cannot read the file: {exc.strerror or exc}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DatasetError(shown, [f"not UTF-8 text (byte {exc.start})"]) from None
    document = _parse_yaml(text, shown)
    return validate_document(document, shown)


def _parse_yaml(text: str, shown: str) -> Any:
    import yaml  # deferred: only commands that read a dataset pay for it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C loader when present
    try:
        return yaml.load(text, Loader=loader)  # a safe loader: plain data only
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DatasetError(shown, [f"{where}YAML syntax error: {problem}"]) from None


def validate_document(document: Any, shown: str) -> Dataset:
    if document is None:
        raise DatasetError(shown, ["the file is empty"])
    if not isinstance(document, dict):
        raise DatasetError(shown, ["the top level must be a mapping of sections"])
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        raise DatasetError(
            shown, [f"schema_version: this exocalc reads version {SCHEMA_VERSION}, not {version!r}"]
        )
    try:
        dataset = Dataset.model_validate(document)
    except ValidationError as exc:
        raise DatasetError(shown, [_describe(e) for e in exc.errors()]) from None
    problems = [f"{where}: {what}" for where, what in reference_problems(dataset)]
    if problems:
        raise DatasetError(shown, problems)
    return dataset


def _describe(error: Any) -> str:
    where = _dotted(error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _dotted(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def reference_problems(d: Dataset) -> Iterator[tuple[str, str]]:
    """Every id that names something the dataset does not have, as (field path, message)."""

    def ref(where: str, value: str, known: dict[str, Any], what: str) -> Iterator[tuple[str, str]]:
        if value not in known:
            yield where, f"unknown {what} {value!r} (known: {', '.join(sorted(known))})"

    def prices(where: str, p: PriceRange) -> Iterator[tuple[str, str]]:
        yield from ref(f"{where}.source", p.source, d.sources, "source")

    for tid, t in d.treatments.items():
        yield from ref(f"treatments.{tid}.source", t.source, d.sources, "source")
        if t.interval_days and t.interval_days.source:
            yield from ref(
                f"treatments.{tid}.interval_days.source",
                t.interval_days.source,
                d.sources,
                "source",
            )
    for tier_id, tier in d.tiers.items():
        for tid in d.treatments:
            if tid not in tier.prices:
                yield f"tiers.{tier_id}.prices", f"no price for treatment {tid!r}"
        for tid, p in tier.prices.items():
            yield from ref(f"tiers.{tier_id}.prices.{tid}", tid, d.treatments, "treatment")
            yield from prices(f"tiers.{tier_id}.prices.{tid}", p)
    for cid, c in d.clinics.items():
        at = f"clinics.{cid}"
        if c.tier is not None:
            yield from ref(f"{at}.tier", c.tier, d.tiers, "tier")
        for i, tid in enumerate(c.treatments):
            yield from ref(f"{at}.treatments[{i}]", tid, d.treatments, "treatment")
        for i, bid in enumerate(c.booking):
            yield from ref(f"{at}.booking[{i}]", bid, d.booking_channels, "booking channel")
        for i, sid in enumerate(c.sources):
            yield from ref(f"{at}.sources[{i}]", sid, d.sources, "source")
        for tid, p in c.prices.items():
            yield from ref(f"{at}.prices.{tid}", tid, d.treatments, "treatment")
            yield from prices(f"{at}.prices.{tid}", p)
    for rid, r in d.regions.items():
        yield from ref(f"regions.{rid}.source", r.source, d.sources, "source")
        yield from prices(f"regions.{rid}.price_per_session", r.price_per_session)
    yield from ref(
        "discounts.couple.rate.source", d.discounts.couple.rate.source, d.sources, "source"
    )
    for bid, b in d.booking_channels.items():
        yield from ref(f"booking_channels.{bid}.source", b.source, d.sources, "source")
    for i, sid in enumerate(d.rules.vat_refund.sources):
        yield from ref(f"rules.vat_refund.sources[{i}]", sid, d.sources, "source")
    for aid, a in d.addons.items():
        yield from prices(f"addons.{aid}.price", a.price)
        if a.price.currency != "KRW":
            yield f"addons.{aid}.price.currency", "add-ons are paid at the clinic, in KRW"
    trip = d.trip
    yield from ref("trip.default_hotel", trip.default_hotel, trip.hotels, "hotel")
    yield from ref("trip.default_origin", trip.default_origin, trip.origins, "origin")
    for hid, h in trip.hotels.items():
        yield from prices(f"trip.hotels.{hid}.price_per_room_night", h.price_per_room_night)
    yield from prices("trip.daily_per_person", trip.daily_per_person)
    yield from prices("trip.esim_per_person", trip.esim_per_person)
    for oid, o in trip.origins.items():
        yield from prices(f"trip.origins.{oid}.fare", o.fare)
        if o.home_region is not None:
            yield from ref(f"trip.origins.{oid}.home_region", o.home_region, d.regions, "region")
    for tier_id, tier in d.tiers.items():
        for tid, p in tier.prices.items():
            if p.currency != "KRW":
                yield f"tiers.{tier_id}.prices.{tid}.currency", "Seoul prices are kept in KRW"
