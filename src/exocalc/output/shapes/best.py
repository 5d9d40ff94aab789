"""The shapes of `exocalc best`'s JSON, JSON Lines and their schema (`exocalc schema best`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from exocalc.output.shapes.trip import Also, Cashback, Inputs, Out, PerPerson, RatesUsed, Three

Value = str | int | None  # a choice's value: a tier, clinic, hotel or channel id; nights; trips
Scenario = Literal["low", "typical", "high"]


class BestBudget(Out, kw_only=True):
    """`--budget`: the amount as given, in its currency, and the total it is kept against."""

    amount: Decimal
    currency: str
    at: Scenario


class BestLimits(Out, kw_only=True):
    budget: BestBudget | None
    max_trips: int | None
    max_days_away: int | None
    min_tier: str | None


class BestSearch(Out, kw_only=True):
    """The sets searched; `open` names the choices left open (searched, not given as one)."""

    tiers: list[str]
    clinics: list[str]
    hotels: list[str]
    bookings: list[str | None]
    nights: list[int]  # those some way fits
    trips: list[int] | None  # null: every way that fits
    open: list[str]


class BestApart(Out, kw_only=True):
    """A choice in which an option differs from the first: its value, and the first's."""

    choice: str
    value: Value
    first: Value


class BestOption(Out, kw_only=True):
    """An option: its choices, its total (what `exocalc quote` gives with its `inputs`), its
    cost in time and its cashback points, never counted in the total."""

    rank: int
    tier: str | None
    clinic: str | None
    name: str
    hotel: str
    booking: str | None
    nights: int
    trips: int
    way: str
    days_away: int
    long_haul: int
    total: Three
    also: list[Also]  # the total in each --also-currency, as a quote's
    per_person: PerPerson | None
    cashback_points: Cashback
    change_typical: Decimal  # from the first option's typical total
    apart: list[BestApart]
    inputs: Inputs


class BestOptionLine(BestOption, kw_only=True):
    """`best --format jsonl`: an option a line, with its currency (schema `best-row`)."""

    currency: str


class BestShift(Out, kw_only=True):
    value: Value
    typical: Decimal
    change: Decimal


class BestMove(Out, kw_only=True):
    """How far the typical total moves when one choice alone changes from the first option's,
    over every value searched (the limits aside)."""

    choice: str
    best: Value
    cheapest: BestShift
    dearest: BestShift
    span: Decimal
    values: int


class Best(Out, kw_only=True):
    """`exocalc best --format json`: `exocalc.best/1`."""

    schema: Literal["exocalc.best/1"] = "exocalc.best/1"
    currency: str
    by: Literal["typical", "low", "high", "per-person", "days-away"]
    search: BestSearch
    limits: BestLimits
    combinations: int
    fitting: int
    left_out: dict[str, int]
    options: list[BestOption]
    moves: list[BestMove]
    rates: RatesUsed
    prices_as_of: dt.date | None
    notes: list[str]
