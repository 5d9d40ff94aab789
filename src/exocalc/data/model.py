"""The data layer: the dataset's shape, and the checks its types cannot make alone.

Every price is a `PriceRange` with a currency, a source id and an as-of date. The shape is
plain frozen dataclasses, cheap to build and to read on every quote; pydantic validates a file
against them (dataload.py), reading each field's limits from the `Check` markers below only
then, so that pydantic is imported by a command that reads a file, not by every command.
Cross-references (a clinic's tier, a price's source, an origin's home region...) are checked
beside the types, by datacheck.py, so that each problem is reported with the path of the field
that holds it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal

from exocalc.money import Range3

SCHEMA_VERSION = 1


class Check:
    """A field's limits (pattern, ge, le, min_length...), added to the schema pydantic builds
    for the field's type when it validates a file."""

    def __init__(self, **limits: Any) -> None:
        self.limits = limits

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema.update(self.limits)
        return schema


MAX_PLACES = 10  # decimal places of a figure: a rate such as 0.0125 needs 4


class Figure:
    """A number written out, to at most MAX_PLACES decimal places. Its size alone (`le`) does
    not bound it: 1e-999999999 is small, 0e999999999 is 0, and either, written out in full,
    is a gigabyte of digits; 40 digits are more than any source gives, and more than Decimal
    keeps (28)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(_written_out, handler(source))


def _written_out(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_PLACES:
        shown = str(value) if len(str(value)) <= 30 else f"{str(value)[:24]}..."
        places = f"{MAX_PLACES} decimal places"
        raise ValueError(f"{shown} has more than {places}: write it with at most {places}")
    if isinstance(exponent, int) and exponent > 0 and not value:
        raise ValueError(f"{value} is a zero with an exponent: write 0")
    return value


Id = Annotated[str, Check(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
CurrencyCode = Annotated[str, Check(pattern=r"^[A-Z]{3}$")]
# Bounded so that every sum stays within Decimal's 28 digits (NaN and infinities are refused),
# and every figure's digits can be written out (Figure).
NonNegative = Annotated[Decimal, Check(ge=0, le=10**12), Figure()]
Fraction = Annotated[Decimal, Check(ge=0, le=1), Figure()]
# Day and hour counts, bounded so that no date they lead to leaves the calendar.
Days = Annotated[int, Check(ge=0, le=3660)]
Hours = Annotated[int, Check(ge=0, le=24 * 366)]
# Words for people: any text but control characters, which would act on a terminal, and the
# bidirectional overrides, which would show a line in another order than it is written.
Text = Annotated[
    str,
    Check(
        max_length=2000,
        pattern=r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]*$",
    ),
]

# Unknown keys are refused: a misspelt field name must not be silently ignored.
_STRICT = {"extra": "forbid"}


def _check_order(low: Any, typical: Any, high: Any) -> None:
    if low > high:
        raise ValueError(f"low must not exceed high ({low} > {high})")
    if typical is not None and not low <= typical <= high:
        raise ValueError(f"typical must lie between low and high ({low} <= {typical} <= {high})")


def _range3(low: Decimal, typical: Decimal | None, high: Decimal) -> Range3:
    """The three scenarios of a range: `typical` is the midpoint when not given."""
    if typical is None:
        typical = low if low == high else (low + high) / 2
    return Range3(low, typical, high)


@dataclass(frozen=True, kw_only=True, slots=True)
class PriceRange:
    """low, an optional typical (the midpoint when not given) and high, with a currency."""

    __pydantic_config__ = _STRICT
    low: NonNegative
    typical: NonNegative | None = None
    high: NonNegative
    currency: CurrencyCode
    source: Id
    as_of: dt.date
    note: Text | None = None

    def __post_init__(self) -> None:
        _check_order(self.low, self.typical, self.high)

    def range3(self) -> Range3:
        return _range3(self.low, self.typical, self.high)


@dataclass(frozen=True, kw_only=True, slots=True)
class RateRange:
    __pydantic_config__ = _STRICT
    low: Fraction
    typical: Fraction | None = None
    high: Fraction
    source: Id
    as_of: dt.date

    def __post_init__(self) -> None:
        _check_order(self.low, self.typical, self.high)

    def range3(self) -> Range3:
        return _range3(self.low, self.typical, self.high)


@dataclass(frozen=True, kw_only=True, slots=True)
class DayRange:
    __pydantic_config__ = _STRICT
    low: Days
    high: Days
    source: Id | None = None
    as_of: dt.date | None = None

    def __post_init__(self) -> None:
        _check_order(self.low, None, self.high)


@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    __pydantic_config__ = _STRICT
    title: Text
    url: Text | None = None
    kind: Text
    as_of: dt.date
    note: Text | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Treatment:
    __pydantic_config__ = _STRICT
    name: Text
    product: Text
    delivery: list[Text]
    session_minutes: DayRange
    programme_sessions: Annotated[int, Check(ge=1, le=100)]
    interval_days: DayRange | None = None
    min_hours_before_flying: Hours
    redness_hours: DayRange | None = None
    avoid_actives_days: Days | None = None
    source: Id
    as_of: dt.date
    note: Text | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Visa:
    __pydantic_config__ = _STRICT
    visa_free_days: Days
    visa_free_days_source: Id | None = None  # where it differs from the medical visa's
    medical_visa: Text
    medical_visa_days: Days
    source: Id
    as_of: dt.date
    note: Text | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Tier:
    __pydantic_config__ = _STRICT
    name: Text
    description: Text
    prices: dict[Id, PriceRange]


@dataclass(frozen=True, kw_only=True, slots=True)
class Clinic:
    __pydantic_config__ = _STRICT
    name: Text
    tier: Id | None
    area: Text | None
    treatments: Annotated[list[Id], Check(min_length=1)]
    vat_refund: Literal["yes", "no", "unknown"]
    booking: list[Id]
    sources: list[Id]
    as_of: dt.date
    note: Text | None = None
    # A clinic's own per-session prices, when a source gives them; otherwise its tier's.
    prices: dict[Id, PriceRange] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class Region:
    __pydantic_config__ = _STRICT
    name: Text
    price_per_session: PriceRange
    wait: Text
    product: Text
    delivery: Text
    tourist_ease: Text
    changes_2026: Text
    source: Id
    as_of: dt.date


@dataclass(frozen=True, kw_only=True, slots=True)
class CoupleDiscount:
    __pydantic_config__ = _STRICT
    name: Text
    min_travellers: Annotated[int, Check(ge=2, le=100)]
    rate: RateRange
    source: Id | None = None  # of min_travellers (the rate has its own)
    as_of: dt.date | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Discounts:
    __pydantic_config__ = _STRICT
    couple: CoupleDiscount


@dataclass(frozen=True, kw_only=True, slots=True)
class BookingChannel:
    __pydantic_config__ = _STRICT
    name: Text
    cashback_rate: Fraction
    note: Text | None = None
    source: Id
    as_of: dt.date


@dataclass(frozen=True, kw_only=True, slots=True)
class VatRefundRule:
    __pydantic_config__ = _STRICT
    name: Text
    valid_from: dt.date
    valid_until: dt.date
    depart_within_days: Days
    vat_rate: Fraction
    included_in_price: bool
    operator_fee_rate: Fraction
    operator_fee_source: Id | None = None  # where the fee differs from the rule's sources
    downtown_limit_krw: NonNegative
    covers: list[Text]
    sources: list[Id]
    as_of: dt.date
    note: Text | None = None

    def __post_init__(self) -> None:
        if self.valid_from > self.valid_until:
            raise ValueError(
                f"valid_from must not be after valid_until ({self.valid_from} > {self.valid_until})"
            )


@dataclass(frozen=True, kw_only=True, slots=True)
class Rules:
    __pydantic_config__ = _STRICT
    vat_refund: VatRefundRule


@dataclass(frozen=True, kw_only=True, slots=True)
class Addon:
    __pydantic_config__ = _STRICT
    name: Text
    price: PriceRange
    note: Text | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Hotel:
    __pydantic_config__ = _STRICT
    name: Text
    price_per_room_night: PriceRange


@dataclass(frozen=True, kw_only=True, slots=True)
class Origin:
    __pydantic_config__ = _STRICT
    name: Text
    fare: PriceRange
    home_region: Id | None


@dataclass(frozen=True, kw_only=True, slots=True)
class Trip:
    __pydantic_config__ = _STRICT
    default_nights: Annotated[int, Check(ge=0, le=366)]
    default_hotel: Id
    default_origin: Id
    hotels: Annotated[dict[Id, Hotel], Check(min_length=1)]
    daily_per_person: PriceRange
    esim_per_person: PriceRange
    origins: Annotated[dict[Id, Origin], Check(min_length=1)]
    source: Id | None = None  # of the defaults (default_nights)
    as_of: dt.date | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Dataset:
    __pydantic_config__ = _STRICT
    schema_version: Literal[1]
    as_of: dt.date
    sources: dict[Id, Source]
    treatments: Annotated[dict[Id, Treatment], Check(min_length=1)]
    tiers: Annotated[dict[Id, Tier], Check(min_length=1)]
    clinics: dict[Id, Clinic]
    regions: dict[Id, Region]
    visa: Visa | None = None
    discounts: Discounts
    booking_channels: dict[Id, BookingChannel]
    rules: Rules
    addons: dict[Id, Addon]
    trip: Trip
