"""The data layer: the dataset's pydantic models, and the checks they cannot make alone.

Every price is a `PriceRange` with a currency, a source id and an as-of date. Cross-references
(a clinic's tier, a price's source, an origin's home region...) are checked after the models
validate, so that each problem is reported with the path of the field that holds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from exocalc.money import Range3

SCHEMA_VERSION = 1

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
    redness_hours: DayRange | None = None
    avoid_actives_days: Annotated[int, Field(ge=0)] | None = None
    source: Id
    as_of: dt.date
    note: str | None = None


class Visa(_Model):
    visa_free_days: Annotated[int, Field(ge=0)]
    medical_visa: str
    medical_visa_days: Annotated[int, Field(ge=0)]
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
    treatments: Annotated[list[Id], Field(min_length=1)]
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
    hotels: Annotated[dict[Id, Hotel], Field(min_length=1)]
    daily_per_person: PriceRange
    esim_per_person: PriceRange
    origins: Annotated[dict[Id, Origin], Field(min_length=1)]


class Dataset(_Model):
    schema_version: Literal[1]
    as_of: dt.date
    sources: dict[Id, Source]
    treatments: Annotated[dict[Id, Treatment], Field(min_length=1)]
    tiers: Annotated[dict[Id, Tier], Field(min_length=1)]
    clinics: dict[Id, Clinic]
    regions: dict[Id, Region]
    visa: Visa | None = None
    discounts: Discounts
    booking_channels: dict[Id, BookingChannel]
    rules: Rules
    addons: dict[Id, Addon]
    trip: Trip


def reference_problems(
    doc: dict[str, Any], currencies: Collection[str] | None, today: dt.date
) -> Iterator[tuple[tuple[Any, ...], str]]:
    """What the models cannot see on their own, on the raw document so that it can be checked
    beside their errors: ids that name nothing, currencies without a rate, dates to come."""

    def section(*keys: str) -> dict[str, Any]:
        node: Any = doc
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        return node if isinstance(node, dict) else {}

    known = {
        "source": section("sources"),
        "treatment": section("treatments"),
        "tier": section("tiers"),
        "region": section("regions"),
        "booking channel": section("booking_channels"),
        "hotel": section("trip", "hotels"),
        "origin": section("trip", "origins"),
    }

    def ref(loc: tuple[Any, ...], value: Any, kind: str) -> Iterator[tuple[tuple[Any, ...], str]]:
        if isinstance(value, str) and value not in known[kind]:
            listed = ", ".join(sorted(map(str, known[kind]))) or "none"
            yield loc, f"unknown {kind} {value!r} (known: {listed})"

    def refs(loc: tuple[Any, ...], values: Any, kind: str) -> Iterator[tuple[tuple[Any, ...], str]]:
        if isinstance(values, list):
            for i, value in enumerate(values):
                yield from ref((*loc, i), value, kind)

    # Everywhere: a price's source and currency; any source, sources; dates not yet come.
    for loc, node in _walk(doc, ()):
        if not isinstance(node, dict):
            continue
        yield from ref((*loc, "source"), node.get("source"), "source")
        yield from refs((*loc, "sources"), node.get("sources"), "source")
        currency = node.get("currency")
        code = currency if isinstance(currency, str) and len(currency) == 3 else None
        if code and code.isupper() and currencies is not None and code not in currencies:
            yield (*loc, "currency"), f"unknown currency {code!r}: exocalc has no rate for it"
        as_of = node.get("as_of")
        if isinstance(as_of, dt.date) and as_of > today:
            yield (*loc, "as_of"), f"{as_of.isoformat()} is in the future (today is {today})"

    for tier_id, tier in section("tiers").items():
        prices = tier.get("prices") if isinstance(tier, dict) else None
        if not isinstance(prices, dict):
            continue
        for treatment in known["treatment"]:
            if treatment not in prices:
                yield ("tiers", tier_id, "prices"), f"no price for treatment {treatment!r}"
        for treatment, price in prices.items():
            yield from ref(("tiers", tier_id, "prices", treatment), treatment, "treatment")
            if isinstance(price, dict) and price.get("currency") not in (None, "KRW"):
                loc = ("tiers", tier_id, "prices", treatment, "currency")
                yield loc, "Seoul prices are kept in KRW"
    for clinic_id, clinic in section("clinics").items():
        if not isinstance(clinic, dict):
            continue
        at = ("clinics", clinic_id)
        if clinic.get("tier") is not None:
            yield from ref((*at, "tier"), clinic.get("tier"), "tier")
        elif known["tier"] and "standard" not in known["tier"] and not _own_prices(clinic):
            # A clinic of unknown tier is priced at the standard tier's price.
            yield (*at, "tier"), "no tier given, and no 'standard' tier to price it by"
        yield from refs((*at, "treatments"), clinic.get("treatments"), "treatment")
        yield from refs((*at, "booking"), clinic.get("booking"), "booking channel")
        for treatment in clinic.get("prices") or {}:
            yield from ref((*at, "prices", treatment), treatment, "treatment")
    for addon_id, addon in section("addons").items():
        price = addon.get("price") if isinstance(addon, dict) else None
        if isinstance(price, dict) and price.get("currency") not in (None, "KRW"):
            yield (
                ("addons", addon_id, "price", "currency"),
                "add-ons are paid at the clinic, in KRW",
            )
    trip = section("trip")
    yield from ref(("trip", "default_hotel"), trip.get("default_hotel"), "hotel")
    yield from ref(("trip", "default_origin"), trip.get("default_origin"), "origin")
    for origin_id, origin in section("trip", "origins").items():
        if isinstance(origin, dict) and origin.get("home_region") is not None:
            loc = ("trip", "origins", origin_id, "home_region")
            yield from ref(loc, origin.get("home_region"), "region")


def _own_prices(clinic: dict[str, Any]) -> bool:
    """Whether a clinic prices every treatment it offers itself."""
    prices = clinic.get("prices") or {}
    treatments = clinic.get("treatments") or []
    return isinstance(prices, dict) and all(t in prices for t in treatments)


def _walk(node: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield loc, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*loc, i))
