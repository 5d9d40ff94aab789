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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from exocalc.data.model import Dataset
from exocalc.errors import FieldError, Named, pick
from exocalc.money import Range3, quantum
from exocalc.pricing.model import Quote, Way
from exocalc.pricing.quote import build_quote
from exocalc.rates import Rates
from exocalc.request import MAX_NIGHTS, Resolved

DEFAULT_MAX_NIGHTS = 10
DEFAULT_TOP = 5
SCENARIOS = ("low", "typical", "high")
BY = ("typical", "low", "high", "per-person", "days-away")
DEFAULT_BY = "typical"
DEFAULT_BUDGET_AT = "high"
# The searched choices, in the order "what moves the total" lists a tie.
DIMENSIONS = ("clinic", "hotel", "nights", "trips", "booking")
# The limits, in the order a refusal names them.
CONSTRAINTS = ("budget", "max_trips", "max_days_away", "min_tier")
_SCENARIO = {"low": 0, "typical": 1, "high": 2}


@dataclass(frozen=True, slots=True)
class Choice:
    """Who treats: a tier (its default pricing) or a named clinic."""

    tier: str | None
    clinic: str | None

    @property
    def id(self) -> str:
        found = self.clinic or self.tier
        assert found is not None
        return found


@dataclass(frozen=True)
class Search:
    """The sets searched: each a choice left open, or the one value given."""

    choices: tuple[Choice, ...]
    hotels: tuple[str, ...]
    bookings: tuple[str | None, ...]
    nights: tuple[int, ...]  # tried in turn: those no way fits are left out
    trips: tuple[int, ...] | None  # None: every way that fits
    open: frozenset[str]  # the dimensions searched (not fixed by the traveller)

    @property
    def pieces(self) -> int:
        """Quotes to price: one each (tier or clinic, hotel, nights)."""
        return len(self.choices) * len(self.hotels) * len(self.nights)


@dataclass(frozen=True)
class Budget:
    amount: Decimal
    currency: str
    at: str  # low, typical or high: the total it is kept against


@dataclass(frozen=True)
class Limits:
    budget: Budget | None = None
    max_trips: int | None = None
    max_days_away: int | None = None
    min_tier: str | None = None

    def given(self) -> tuple[str, ...]:
        return tuple(name for name in CONSTRAINTS if getattr(self, name) is not None)


@dataclass(slots=True)
class Option:
    """One combination: its choices and the way, priced (the way's total is the total of
    `exocalc quote` with these choices and `--trips` its trips)."""

    choice: Choice
    hotel: str
    booking: str | None
    nights: int
    way: Way
    order: int  # its place in the search, the last tie-break
    cashback_rate: Decimal
    broken: tuple[str, ...] = ()  # the limits it breaks

    @property
    def total(self) -> Range3:
        return self.way.total

    @property
    def trips(self) -> int:
        return self.way.long_haul

    @property
    def days_away(self) -> int:
        return self.way.days_away

    def value(self, dimension: str) -> str | int | None:
        """Its value of one searched choice."""
        if dimension == "clinic":
            return self.choice.id
        if dimension == "trips":
            return self.trips
        found: str | int | None = getattr(self, dimension)
        return found


@dataclass(frozen=True)
class Shift:
    """A value of one choice, the others kept as the first option's: its typical total and the
    change from the first option's."""

    value: str | int | None
    typical: Decimal
    change: Decimal


@dataclass(frozen=True)
class Move:
    """How far the typical total moves when one choice alone changes from the first option's
    over every value searched (the limits aside)."""

    dimension: str
    best: str | int | None
    cheapest: Shift
    dearest: Shift
    values: int  # the values this choice takes beside the first option's others

    @property
    def span(self) -> Decimal:
        return self.dearest.change - self.cheapest.change


@dataclass(frozen=True)
class Shown:
    """A listed option and its quote, exactly as `exocalc quote` makes it with its inputs."""

    option: Option
    request: Resolved
    quote: Quote


@dataclass(frozen=True)
class Best:
    base: Resolved
    search: Search
    limits: Limits
    by: str
    combinations: int  # every combination priced
    fitting: int  # of those, the ones within the limits
    cut: dict[str, int]  # each limit given: the combinations it alone leaves out
    options: tuple[Option, ...]  # within the limits, ranked; a channel that gives the same
    # total with no more points than another is not listed apart
    shown: tuple[Shown, ...]  # the first `top`, quoted in full
    moves: tuple[Move, ...]  # largest span first
    nights_left_out: tuple[int, ...]  # nights searched that no way fits
    data: Dataset

    @property
    def currency(self) -> str:
        currency: str = self.base.currency
        return currency


class NothingFits(Exception):
    """No combination keeps every limit. `without` names the limits that cut deepest (one,
    or more when it alone is not enough), `cheapest` the cheapest trip without them."""

    def __init__(self, without: tuple[str, ...], cheapest: Shown, limits: Limits) -> None:
        super().__init__(f"nothing fits {', '.join(without)}")
        self.without, self.cheapest, self.limits = without, cheapest, limits


def choices(
    data: Dataset,
    treatment: str,
    tiers: Iterable[str] | None,
    clinics: Iterable[str] | None,
    priced: bool = False,
) -> tuple[Choice, ...]:
    """The tiers and clinics to search: those named, or (neither named) every tier and every
    clinic that offers the treatment. A clinic named that does not offer it is refused, unless
    the traveller gives its price (`priced`)."""
    if tiers is None and clinics is None:
        found = [Choice(t, None) for t in data.tiers]
        found += [Choice(None, c) for c, x in data.clinics.items() if treatment in x.treatments]
        return tuple(found)
    found = [Choice(pick("tier", t, data.tiers, "tier")[0], None) for t in tiers or ()]
    for name in clinics or ():
        clinic_id, clinic = pick("clinic", name, data.clinics, "clinic")
        if treatment not in clinic.treatments and not priced:
            raise FieldError(
                "clinic", f"{clinic.name} lists no {treatment} treatment in the data (it lists: "
                f"{', '.join(clinic.treatments)}); leave it out, or give ", Named("price"),
            )  # fmt: skip
        found.append(Choice(None, clinic_id))
    return tuple(dict.fromkeys(found))


def names(
    kind: str, given: Iterable[str] | None, known: Iterable[str], field: str
) -> tuple[str, ...]:
    """The names of a set given (each checked against the data), or every one it knows."""
    every = {k: k for k in known}
    if given is None:
        return tuple(every)
    return tuple(dict.fromkeys(pick(kind, name, every, field)[0] for name in given))


def nights_range(given: Iterable[int] | None, max_nights: int) -> tuple[int, ...]:
    """The nights to try: those given, or 1 to `max_nights` (those no way fits drop out: the
    search starts at the least a trip needs)."""
    if given is not None:
        return tuple(sorted(set(given)))
    if not 1 <= max_nights <= MAX_NIGHTS:
        raise FieldError(
            "max_nights", Named("max_nights"), f" must be from 1 to {MAX_NIGHTS}, not {max_nights}"
        )
    return tuple(range(1, max_nights + 1))


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
    tier_rank = {t: n for n, t in enumerate(data.tiers)}
    channels = data.booking_channels
    rate_of = {b: channels[b].cashback_rate if b else Decimal(0) for b in space.bookings}
    # The channels giving the most points: each trip is listed with the first of them.
    most = max(rate_of.values())
    listed = next(b for b in space.bookings if rate_of[b] == most)
    ways: dict[tuple[str, str, int, int], Way] = {}
    options: list[Option] = []
    fitting_nights: list[int] = []
    left_out: list[int] = []
    failure: FieldError | None = None
    done = 0
    budget = _budget_in(limits.budget, base.currency, rates)
    for nights in space.nights:
        fits = False
        for choice in space.choices:
            if not fits and choice is not space.choices[0]:
                break  # no way fits these nights: the first choice said so
            for hotel in space.hotels:
                r = dataclasses.replace(
                    base, tier=choice.tier, clinic=choice.clinic, hotel=hotel, nights=nights,
                    booking=listed,
                )  # fmt: skip
                try:
                    q = build_quote(r, data, rates, today, figures_only=True)
                except FieldError as exc:
                    if exc.field not in ("nights", "trips"):
                        raise
                    failure = exc
                    break
                fits = True
                done += 1
                if advance is not None and done % 64 == 0:
                    advance(done)
                for way in q.ways:
                    if space.trips is not None and len(way.trips) not in space.trips:
                        continue
                    ways[choice.id, hotel, nights, len(way.trips)] = way
                    broken = _broken(limits, way, choice, data, tier_rank, budget)
                    for booking in space.bookings:
                        options.append(
                            Option(choice, hotel, booking, nights, way, len(options),
                                   rate_of[booking], broken)
                        )  # fmt: skip
        (fitting_nights if fits else left_out).append(nights)
    if advance is not None:
        advance(done)
    if not options:
        raise _no_nights(space, failure)
    key = _rank_key(by, base.travellers)
    fitting = sorted((o for o in options if not o.broken), key=key)
    cut = {name: sum(1 for o in options if name in o.broken) for name in limits.given()}
    if not fitting:
        raise _nothing_fits(base, data, rates, today, options, cut, limits, key)
    kept = _best_channels(fitting)
    first = kept[0]
    moves = _moves(first, space, ways, options)
    shown = tuple(_shown(o, base, data, rates, today) for o in kept[: top or len(kept)])
    searched = dataclasses.replace(space, nights=tuple(fitting_nights))
    return Best(
        base, searched, limits, by, len(options), len(fitting), cut, tuple(kept), shown,
        moves, tuple(left_out), data,
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


def per_person(total: Range3, currency: str, people: int) -> Range3 | None:
    """Each traveller's share, as a quote rounds it (half up); None for one traveller."""
    if people < 2:
        return None
    q = quantum(currency)
    return total.map(lambda v: (v / people).quantize(q, ROUND_HALF_UP))


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
    return _SCENARIO[budget.at], amount


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
            first = total[_SCENARIO[by]]
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
    options: list[Option],
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
    """No way fits any of the nights searched: the calendar's reason, for the most nights."""
    assert failure is not None
    if "nights" in space.open:
        most = space.nights[-1]
        return FieldError(
            "max_nights", Named("max_nights"), f" {most} is too few for any way: ",
            *failure.parts,
        )  # fmt: skip
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
        at = _SCENARIO[limits.budget.at]
        cheapest = min(found, key=lambda o: (o.total[at], key(o)))
    else:
        cheapest = min(found, key=key)
    return NothingFits(tuple(without), _shown(cheapest, base, data, rates, today), limits)
