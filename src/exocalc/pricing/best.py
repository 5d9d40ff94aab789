"""The best trip for a traveller: every combination of the choices a request leaves open (the
tier or clinic, the hotel, the booking channel, the nights, the way of fitting the sessions in),
priced, kept to the traveller's limits, ranked; and what moves the total most.

Each (tier or clinic, hotel, nights) is priced once, as `exocalc quote` prices it
(`build_quote(..., figures_only=True)`), and that one quote prices every way of the programme:
each way is an option, its total the total of `quote --trips N` with the same choices. The
booking channel changes the cashback points alone, never the total (pricing/quote.py), so one
pricing serves every channel. The shared pieces (every price of the data in KRW) are the
dataset's and the rates' (`Prepared`), made once. No I/O and no text here: the output layer
words what this finds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from exocalc.data.model import Dataset
from exocalc.errors import FieldError, Named
from exocalc.pricing.model import Way
from exocalc.pricing.options import (
    CONSTRAINTS,
    DEFAULT_BY,
    DEFAULT_TOP,
    DIMENSIONS,
    SCENARIO_INDEX,
    Best,
    Budget,
    Choice,
    Limits,
    Move,
    NothingFits,
    Option,
    Search,
    Shift,
    Shown,
)
from exocalc.pricing.quote import build_quote
from exocalc.rates import Rates
from exocalc.request import Resolved


def search(
    base: Resolved,
    data: Dataset,
    rates: Rates,
    today: dt.date,
    space: Search,
    limits: Limits,
    by: str = DEFAULT_BY,
    top: int | None = DEFAULT_TOP,
    advance: Callable[[int], None] | None = None,
) -> Best:
    """Price every combination of `space` for the request `base`, keep `limits`, rank by `by`
    and quote the first `top` in full (None: all). `advance(done)` is told the quotes priced so
    far, now and then. Raises NothingFits when no combination keeps the limits."""
    priced = _Priced(base, data, rates, today, space, limits, advance)
    for nights in space.nights:
        priced.nights(nights)
    if advance is not None:
        advance(priced.done)
    options = priced.options
    if not options and priced.fitting:  # ways fit, but none of the trips asked for
        raise priced.too_few_nights()
    if not options:
        raise _no_nights(space, priced.failure)
    key = _rank_key(by, base.travellers)
    fitting = sorted((o for o in options if not o.broken), key=key)
    cut = {name: sum(1 for o in options if name in o.broken) for name in limits.given()}
    if not fitting:
        raise _nothing_fits(base, data, rates, today, options, cut, limits, key)
    kept = _best_channels(fitting)
    moves = _moves(kept[0], space, priced.ways)
    shown = tuple(_shown(o, base, data, rates, today) for o in kept[: top or len(kept)])
    searched = dataclasses.replace(space, nights=tuple(priced.fitting))
    return Best(
        base, searched, limits, by, len(options), len(fitting), cut, tuple(kept), shown,
        moves, tuple(priced.left_out), data,
    )  # fmt: skip


class _Priced:
    """Every combination of a search, priced night count by night count: one quote (figures
    only) each tier or clinic and hotel, every way of it an option with every channel."""

    def __init__(
        self,
        base: Resolved,
        data: Dataset,
        rates: Rates,
        today: dt.date,
        space: Search,
        limits: Limits,
        advance: Callable[[int], None] | None,
    ) -> None:
        self.base, self.data, self.rates, self.today = base, data, rates, today
        self.space, self.limits, self.advance = space, limits, advance
        self.tier_rank = {t: n for n, t in enumerate(data.tiers)}
        channels = data.booking_channels
        self.rate_of = {b: channels[b].cashback_rate if b else Decimal(0) for b in space.bookings}
        # The channel a trip is priced with: any would do (the total is the same).
        self.listed = space.bookings[0]
        self.budget = _budget_in(limits.budget, base.currency, rates)
        self.ways: dict[tuple[str, str, int, int], Way] = {}
        self.options: list[Option] = []
        self.fitting: list[int] = []
        self.left_out: list[int] = []
        self.failure: FieldError | None = None
        self.done = 0

    def nights(self, nights: int) -> None:
        """Every combination of these nights; none when no way fits them (the first quote
        says so, for every tier or clinic and hotel alike)."""
        for choice in self.space.choices:
            for hotel in self.space.hotels:
                if not self.quote(choice, hotel, nights):
                    self.left_out.append(nights)
                    return
        self.fitting.append(nights)

    def quote(self, choice: Choice, hotel: str, nights: int) -> bool:
        r = dataclasses.replace(
            self.base, tier=choice.tier, clinic=choice.clinic, hotel=hotel, nights=nights,
            booking=self.listed,
        )  # fmt: skip
        try:
            q = build_quote(r, self.data, self.rates, self.today, figures_only=True)
        except FieldError as exc:
            if exc.field not in ("nights", "trips"):
                raise
            self.failure = exc
            return False
        self.done += 1
        if self.advance is not None and self.done % 64 == 0:
            self.advance(self.done)
        trips, options = self.space.trips, self.options
        for way in q.ways:
            if trips is not None and len(way.trips) not in trips:
                continue
            self.ways[choice.id, hotel, nights, len(way.trips)] = way
            broken = _broken(self.limits, way, choice, self.data, self.tier_rank, self.budget)
            for booking in self.space.bookings:
                options.append(
                    Option(choice, hotel, booking, nights, way, len(options),
                           self.rate_of[booking], broken)
                )  # fmt: skip
        return True

    def too_few_nights(self) -> FieldError:
        """The trips asked for fit none of the nights searched: the least nights they need (a
        quote with those trips and its own nights says)."""
        assert self.space.trips is not None
        needs = {}
        for trips in self.space.trips:
            r = dataclasses.replace(self.base, trips=trips, nights=None)
            try:
                q = build_quote(r, self.data, self.rates, self.today, figures_only=True)
            except FieldError:
                continue
            needs[trips] = max(t.nights for t in q.way.trips)
        if not needs:
            return FieldError("trips", Named("trips"), " fits no way of this programme")
        trips, least = min(needs.items(), key=lambda found: found[1])
        nights = "nights" if self.space.max_nights is None else "max_nights"
        return FieldError(
            "trips", Named("trips"), f" {trips} needs {least} nights a trip: give ",
            Named(nights), f" {least} or more",
        )  # fmt: skip


def request_of(option: Option, base: Resolved) -> Resolved:
    """The request `exocalc quote` prices this option by: the base with its choices, and its
    way's trips."""
    c = option.choice
    changed: Resolved = dataclasses.replace(
        base, tier=c.tier, clinic=c.clinic, hotel=option.hotel, booking=option.booking,
        nights=option.nights, trips=option.trips,
    )  # fmt: skip
    return changed


def _shown(option: Option, base: Resolved, data: Dataset, rates: Rates, today: dt.date) -> Shown:
    r = request_of(option, base)
    return Shown(option, r, build_quote(r, data, rates, today))


def _budget_in(budget: Budget | None, currency: str, rates: Rates) -> tuple[int, Decimal] | None:
    """The budget in the quote's currency, exact, and the scenario it is kept against."""
    if budget is None:
        return None
    amount = budget.amount
    if budget.currency != currency:
        amount = amount * rates.krw_per(budget.currency) / rates.krw_per(currency)
    return SCENARIO_INDEX[budget.at], amount


def _broken(
    limits: Limits,
    way: Way,
    choice: Choice,
    data: Dataset,
    tier_rank: dict[str, int],
    budget: tuple[int, Decimal] | None,
) -> tuple[str, ...]:
    broken = []
    if budget is not None and way.total[budget[0]] > budget[1]:
        broken.append("budget")
    if limits.max_trips is not None and way.long_haul > limits.max_trips:
        broken.append("max_trips")
    if limits.max_days_away is not None and way.days_away > limits.max_days_away:
        broken.append("max_days_away")
    if limits.min_tier is not None:
        tier = choice.tier or data.clinics[choice.clinic or ""].tier
        # A clinic whose tier the data does not know cannot be said to reach it.
        if tier is None or tier_rank[tier] < tier_rank[limits.min_tier]:
            broken.append("min_tier")
    return tuple(broken)


def _rank_key(by: str, people: int) -> Callable[[Option], tuple[Decimal | int, ...]]:
    """How options are ranked: by the measure asked for, then the typical total, then more
    points, fewer trips, fewer days away, the search's order."""

    def key(o: Option) -> tuple[Decimal | int, ...]:
        total = o.way.total
        if by == "per-person":
            first: Decimal | int = total.typical / people
        elif by == "days-away":
            first = o.days_away
        else:
            first = total[SCENARIO_INDEX[by]]
        return (first, total.typical, -o.cashback_rate, o.trips, o.days_away, o.order)

    return key


def _best_channels(ranked: list[Option]) -> list[Option]:
    """The options, a trip listed once: with the channel that gives it the most points (the
    first of them in the search). A channel never changes the total."""
    seen: set[tuple[str, str, int, int]] = set()
    kept = []
    for o in ranked:
        trip = (o.choice.id, o.hotel, o.nights, o.trips)
        if trip not in seen:
            seen.add(trip)
            kept.append(o)
    return kept


def _moves(
    first: Option,
    space: Search,
    ways: dict[tuple[str, str, int, int], Way],
) -> tuple[Move, ...]:
    """For each choice searched, the typical total as it alone changes from the first
    option's, over every value searched (the limits aside)."""
    at = (first.choice.id, first.hotel, first.nights, first.trips)
    base = first.total.typical
    moves = []
    for n, dimension in enumerate(DIMENSIONS):
        if dimension not in space.open:
            continue
        if dimension == "booking":  # the points change, never the total
            shifts = [Shift(b, base, base - base) for b in space.bookings]
        else:
            slot = ("clinic", "hotel", "nights", "trips").index(dimension)
            values: Iterable[Any] = {
                "clinic": [c.id for c in space.choices],
                "hotel": space.hotels,
                "nights": sorted({k[2] for k in ways}),
                "trips": sorted({k[3] for k in ways}),
            }[dimension]
            shifts = []
            for value in values:
                key = (*at[:slot], value, *at[slot + 1 :])
                way = ways.get(key)
                if way is not None:
                    typical = way.total.typical
                    shifts.append(Shift(value, typical, typical - base))
        cheapest = min(shifts, key=lambda s: s.change)
        dearest = max(shifts, key=lambda s: s.change)
        moves.append((n, Move(dimension, first.value(dimension), cheapest, dearest, len(shifts))))
    moves.sort(key=lambda m: (-m[1].span, m[0]))
    return tuple(m for _, m in moves)


def _no_nights(space: Search, failure: FieldError | None) -> FieldError:
    """No way fits any of the nights searched: the calendar's reason for the most of them,
    said of --max-nights when the nights were left open."""
    assert failure is not None
    parts = failure.parts
    if space.max_nights is not None and parts[:1] == (Named("nights"),):
        return FieldError("max_nights", Named("max_nights"), *parts[1:])
    return failure


def _nothing_fits(
    base: Resolved,
    data: Dataset,
    rates: Rates,
    today: dt.date,
    options: list[Option],
    cut: dict[str, int],
    limits: Limits,
    key: Callable[[Option], tuple[Decimal | int, ...]],
) -> NothingFits:
    """The limits that cut deepest (the one that leaves out the most combinations alone; then
    the next, while nothing fits without them) and the cheapest trip without them: for a
    budget, the one nearest to it."""
    deepest = sorted(cut, key=lambda name: (-cut[name], CONSTRAINTS.index(name)))
    without: list[str] = []
    found: list[Option] = []
    for name in deepest:
        without.append(name)
        found = [o for o in options if set(o.broken) <= set(without)]
        if found:
            break
    if "budget" in without and limits.budget is not None:
        at = SCENARIO_INDEX[limits.budget.at]
        cheapest = min(found, key=lambda o: (o.total[at], key(o)))
    else:
        cheapest = min(found, key=key)
    return NothingFits(tuple(without), _shown(cheapest, base, data, rates, today), limits)
