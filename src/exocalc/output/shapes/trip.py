"""The shapes of the trip's JSON outputs (quote, batch, plan, compare) and of what they share;
the listings' are in lists.py.

Amounts are Decimals at their minor unit, written as JSON numbers (`1150.00`); the schema says
`number` for them. Fields keep the order they are written in.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

import msgspec
from msgspec import UNSET, Struct, UnsetType

from exocalc.pricing.lines import LINE_IDS
from exocalc.request import FIELDS, Field, Resolved
from exocalc.request.values import Amount

# Set to a Raw JSON number at run time (a batch row's id, written as it was given): the schema
# says what a reader gets, a string or a number.
RowId = str | int | float


class Out(Struct, forbid_unknown_fields=True):
    """An object of an output: no field but those declared (`additionalProperties: false`)."""


class Three(Out):
    """An amount in three scenarios, with the currency's minor-unit digits."""

    low: Decimal
    typical: Decimal
    high: Decimal


class PricePerSession(Out, kw_only=True):
    low: Decimal
    typical: Decimal
    high: Decimal
    currency: str
    source: str


class Way(Out, kw_only=True):
    label: str
    trips: int
    sessions_per_trip: list[int]  # days with sessions, a trip
    nights: list[int]
    people: list[int]  # on each trip: those with a session on it, and the companions
    days_away: int  # a person's days in Seoul, for whoever goes on every trip
    long_haul_round_trips: int  # that person's


class Line(Out):
    id: Literal[LINE_IDS]  # type: ignore[valid-type]
    label: str
    low: Decimal
    typical: Decimal
    high: Decimal
    krw: Three
    estimate: bool
    sources: list[str]


class PerPerson(Out):
    """Each traveller's share of the total; `rounding` says how the shares were rounded."""

    low: Decimal
    typical: Decimal
    high: Decimal
    travellers: int
    rounding: str


class Also(Out, kw_only=True):
    """The total in another currency (--also-currency): total x rate, rounded once."""

    currency: str
    rate: Decimal  # units of `currency` per unit of the quote's currency
    krw_per_unit: Decimal
    total: Three


class Cashback(Out, kw_only=True):
    channel: str | None
    rate: Decimal
    low: Decimal
    typical: Decimal
    high: Decimal


class ProgrammeOption(Out, kw_only=True):
    way: Literal["stay", "trips"]
    label: str
    trips: int
    sessions_per_trip: list[int]
    nights: int
    days_away: int
    long_haul_round_trips: int
    cheapest: bool
    quoted: bool
    dearer_typical: Decimal | None  # than the cheapest way; null for the cheapest
    total: Three


class Programme(Out, kw_only=True):
    """A programme of several sessions priced every way it fits: one stay, or trips."""

    sessions: list[dt.date]
    interval_days: int
    options: list[ProgrammeOption]
    recommended: str
    chosen: str
    saves_typical: Decimal | None  # the cheapest way against the next cheapest
    dearer_typical: Decimal | None  # the chosen way against the cheapest; null when the same
    left_out: list[str]


class PriceCheck(Out, kw_only=True):
    """Where a given price (--price, check-price) stands against the data's ranges, in KRW."""

    price_krw: Decimal
    against: str
    low: Decimal
    high: Decimal
    position: Literal["below", "within", "above"]
    by_krw: Decimal
    by_percent: Decimal
    tiers: list[str]
    text: str


class Home(Out, kw_only=True):
    region: str
    name: str
    low: Decimal
    typical: Decimal
    high: Decimal


class VatRefund(Out, kw_only=True):
    applies: bool
    sessions: int  # refunded
    of: int
    reason: str


RateFrom = Literal["snapshot", "override", "bundled", "cached", "live", "pinned"]


class RateOrigin(Out, kw_only=True):
    """Where one currency's rate came from: `from` in a word, who published it (`source`), the
    rates' own date (`as_of`, null for a --rate), why it kept the snapshot's (`note`)."""

    from_: RateFrom = msgspec.field(name="from")
    source: str
    as_of: dt.date | None
    note: str | None
    label: str


class RatesUsed(Out, kw_only=True):
    """Every rate the figures rest on (the output's currency first), each with its origin;
    `per_eur`: the ECB's own figures, units per euro as published (KRW's too), for the rates
    derived from them. `--rates FILE` reads this part back (`kind` is then `pinned`)."""

    source: str
    kind: Literal["bundled", "cached", "live", "pinned"]
    as_of: dt.date
    label: str
    overrides: dict[str, Decimal]
    krw_per_unit: dict[str, Decimal]
    origins: dict[str, RateOrigin]
    per_eur: dict[str, Decimal]


def _json_type(annotation: Any) -> Any:
    """The JSON shape of a request field's settled type: a number for a Decimal, a number or
    text for an amount (`"900 GBP"`), a list for a tuple."""
    args = typing.get_args(annotation)
    if annotation is Amount:  # written as a Decimal or text: a JSON number or a string
        return float | str
    if typing.get_origin(annotation) is tuple:
        return list[args[0]]  # type: ignore[valid-type]
    if args and type(None) in args:
        inner = [a for a in args if a is not type(None)]
        return _json_type(inner[0]) | None
    return annotation


class Person(Out, kw_only=True):
    """A person of the party: their treatments, [] for a companion (who travels, untreated)."""

    treatments: list[str]


def _inputs(name: str, fields: Iterable[Field]) -> Any:
    hints = typing.get_type_hints(Resolved)
    shape: Any = msgspec.defstruct(
        name,
        [(f.name, list[Person] if f.party else _json_type(hints[f.name])) for f in fields],
        bases=(Out,),
    )
    return shape


# The settled trip request, one key per field of the request's one table (exocalc.request).
Inputs = _inputs("Inputs", FIELDS)
# A comparison's: less the fields that pick a clinic (it chooses its rows itself).
CompareInputs = _inputs("CompareInputs", (f for f in FIELDS if not f.picks_clinic))


class Quote(Out, kw_only=True):
    """`exocalc quote --format json`: `exocalc.quote/4`."""

    schema: Literal["exocalc.quote/4"] = "exocalc.quote/4"
    currency: str
    inputs: Inputs  # type: ignore[valid-type]
    price_per_session: PricePerSession
    way: Way
    lines: list[Line]
    total: Three
    total_krw: Three
    per_person: PerPerson | None
    also: list[Also]
    savings: Three | None
    break_even_per_session: Three
    cashback_points: Cashback
    programme: Programme | None
    price_check: PriceCheck | None
    # How a quote, a plan and a comparison end: the home price, the refund, rates, notes.
    home: Home | None
    vat_refund: VatRefund
    rates: RatesUsed
    prices_as_of: dt.date | None
    notes: list[str]


class BatchError(Out, kw_only=True):
    """A row of `exocalc batch` that cannot be quoted, and why."""

    row: int
    id: RowId | UnsetType = UNSET
    error: str


class Step(Out, kw_only=True):
    date: dt.date
    weekday: str
    kind: str
    text: str


class PlanTrip(Out, kw_only=True):
    arrive: dt.date
    depart: dt.date
    sessions: list[dt.date]
    nights: int
    vat_refund_sessions: int
    leave_korea_by: dt.date | None
    people: int
    total: Three


class Plan(Out, kw_only=True):
    """`exocalc plan --format json`: the quote's way, day by day."""

    schema: Literal["exocalc.plan/4"] = "exocalc.plan/4"
    currency: str
    inputs: Inputs  # type: ignore[valid-type]
    way: str
    itinerary: list[Step]
    trips: list[PlanTrip]
    total: Three
    per_person: PerPerson | None
    also: list[Also]
    programme: Programme | None
    home: Home | None
    vat_refund: VatRefund
    rates: RatesUsed
    prices_as_of: dt.date | None
    notes: list[str]


class Destination(Out, kw_only=True):
    """A row of a comparison: a Seoul tier or clinic (a whole trip), or a region (its price)."""

    id: str
    name: str
    kind: str
    per_session: Three
    per_session_currency_quoted: str
    wait: str
    product: str
    delivery: str
    tourist_ease: str
    source: str
    is_home: bool
    way: str | None
    total: Three | None  # the whole trip (Seoul rows)
    per_person: PerPerson | None
    also: list[Also]
    savings: Three | None
    home: Three | None  # the same sessions at home (the home region's row)
    break_even_per_session: Three | None


class DestinationLine(Destination, kw_only=True):
    """`compare --format jsonl`: a destination a line, with the currency."""

    currency: str


class Compare(Out, kw_only=True):
    """`exocalc compare --format json`."""

    schema: Literal["exocalc.compare/4"] = "exocalc.compare/4"
    currency: str
    inputs: CompareInputs  # type: ignore[valid-type]
    destinations: list[Destination]
    home: Home | None
    vat_refund: VatRefund
    rates: RatesUsed
    prices_as_of: dt.date | None
    notes: list[str]


def _batch_quote() -> Any:
    """A record of `exocalc batch`: the row's number and id in front, then the quote."""
    quote = [
        (f.name, f.type, msgspec.field(default=f.default, name=f.encode_name))
        if f.default is not msgspec.NODEFAULT
        else (f.name, f.type)
        for f in msgspec.structs.fields(Quote)
    ]
    shape: Any = msgspec.defstruct(
        "BatchQuote", [("row", int), ("id", RowId | UnsetType, UNSET), *quote], bases=(Out,),
        kw_only=True,
    )  # fmt: skip
    return shape


BatchQuote = _batch_quote()


def positional(shape: Any) -> Any:
    """`shape` made by position: its fields in order, with their JSON names, every one given
    (UNSET leaves one out, as ever). It writes the bytes `shape` writes; `shape` alone declares
    the output and its schema. A batch makes a record for every row, and a call of twenty
    keywords costs Python a dict and msgspec a search for each name: ten times one by
    position."""
    fields = [
        (f.name, f.type, msgspec.field(name=f.encode_name)) for f in msgspec.structs.fields(shape)
    ]
    made: Any = msgspec.defstruct(shape.__name__, fields, bases=(Out,))
    return made
