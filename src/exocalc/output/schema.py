"""The JSON Schema of what exocalc reads and writes, generated from pydantic models.

The dataset's models are the ones that validate it (exocalc.data.model). The quote's are written
here to describe `exocalc quote --format json` (docs/json.md); a test validates real output
against them, so they cannot drift from what is written.
"""

from __future__ import annotations

import datetime as dt
import typing
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from exocalc.pricing.lines import LINE_IDS
from exocalc.request import FIELDS, Resolved
from exocalc.request.values import Amount


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Scenarios(_Out):
    """An amount in three scenarios, with the currency's minor-unit digits."""

    low: float
    typical: float
    high: float


class PricePerSession(Scenarios):
    currency: str
    source: str


def _json_type(annotation: Any) -> Any:
    """The JSON shape of a request field's settled type: numbers for Decimals, lists for
    tuples."""
    args = typing.get_args(annotation)
    if annotation is Decimal:
        return float
    if annotation is Amount:  # a number in the field's own currency, or "900 GBP"
        return float | str
    if typing.get_origin(annotation) is tuple:
        return list[args[0]]  # type: ignore[valid-type]
    if args and type(None) in args:
        inner = [a for a in args if a is not type(None)]
        return _json_type(inner[0]) | None
    return annotation


# The settled trip request, field by field from the request's one table (exocalc.request).
Inputs = create_model(  # type: ignore[call-overload]
    "Inputs",
    __base__=_Out,
    **{f.name: (_json_type(typing.get_type_hints(Resolved)[f.name]), ...) for f in FIELDS},
)


class Way(_Out):
    label: str
    trips: int
    sessions_per_trip: list[int]
    nights: list[int]


class QuoteLine(Scenarios):
    id: Literal[LINE_IDS]  # type: ignore[valid-type]
    label: str
    krw: Scenarios
    estimate: bool
    sources: list[str]


class Home(Scenarios):
    region: str
    name: str


class Cashback(Scenarios):
    channel: str
    rate: float


class VatRefund(_Out):
    applies: bool
    sessions: int  # refunded
    of: int
    reason: str


class RateOrigin(_Out):
    """Where one currency's rate came from: `from` in a word, who published it (`source`), the
    rates' own date (`as_of`, null for a --rate), why it kept the snapshot's (`note`)."""

    from_: Literal["snapshot", "override", "bundled", "cached", "live"] = Field(alias="from")
    source: str
    as_of: dt.date | None
    note: str | None
    label: str


class RatesUsed(_Out):
    source: str
    kind: Literal["bundled", "cached", "live"]
    as_of: dt.date
    label: str
    overrides: dict[str, float]
    krw_per_unit: dict[str, float]
    origins: dict[str, RateOrigin]


class ProgrammeOption(_Out):
    way: Literal["stay", "trips"]
    label: str
    trips: int
    sessions_per_trip: list[int]
    nights: int
    total: Scenarios


class ProgrammeInfo(_Out):
    """A programme of several sessions priced every way it fits: one stay, or trips."""

    sessions: list[dt.date]
    interval_days: int
    options: list[ProgrammeOption]
    recommended: str
    chosen: str
    saves_typical: float | None
    left_out: list[str]


class PerPerson(Scenarios):
    """Each traveller's share of the total; `rounding` says how the shares were rounded."""

    travellers: int
    rounding: str


class Also(_Out):
    """The total in another currency (--also-currency): total x rate, rounded once."""

    currency: str
    rate: float  # units of `currency` per unit of the quote's currency
    krw_per_unit: float
    total: Scenarios


class PriceCheck(_Out):
    """Where a given price (--price, check-price) stands against the data's ranges, in KRW."""

    price_krw: float
    against: str
    low: float
    high: float
    position: Literal["below", "within", "above"]
    by_krw: float
    by_percent: float
    tiers: list[str]
    text: str


class Trust(_Out):
    """How every quote, plan and comparison ends: the home price, the refund, rates, notes."""

    home: Home | None
    vat_refund: VatRefund
    rates: RatesUsed
    prices_as_of: dt.date | None
    notes: list[str]


class QuoteDocument(Trust):
    """`exocalc quote --format json` (and each record of `exocalc batch`, with row and id)."""

    schema_: Literal["exocalc.quote/3"] = Field(alias="schema")
    currency: str
    inputs: Inputs  # type: ignore[valid-type]
    price_per_session: PricePerSession
    way: Way
    lines: list[QuoteLine]
    total: Scenarios
    total_krw: Scenarios
    per_person: PerPerson | None
    also: list[Also]
    savings: Scenarios | None
    break_even_per_session: Scenarios
    cashback_points: Cashback
    programme: ProgrammeInfo | None
    price_check: PriceCheck | None
