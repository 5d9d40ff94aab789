"""What a search for the best trip is (pricing/best.py searches): the sets searched, the
limits, an option (one combination, priced), how one choice moves the total, and the findings.
Data only, and the sets a search is made of, checked against the data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from exocalc.data.model import Dataset
from exocalc.errors import FieldError, Named, pick
from exocalc.money import Range3
from exocalc.pricing.model import Quote, Way
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
SCENARIO_INDEX = {"low": 0, "typical": 1, "high": 2}


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
    max_nights: int | None = None  # the nights were not given: 1 to this

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
    treatments: tuple[str, ...],
    tiers: Iterable[str] | None,
    clinics: Iterable[str] | None,
    priced: bool = False,
) -> tuple[Choice, ...]:
    """The tiers and clinics to search: those named, or (neither named) every tier and every
    clinic that offers each of the party's treatments. A clinic named that does not offer
    one is refused, unless the traveller gives its price (`priced`)."""
    if tiers is None and clinics is None:
        found = [Choice(t, None) for t in data.tiers]
        found += [
            Choice(None, c)
            for c, x in data.clinics.items()
            if all(t in x.treatments for t in treatments)
        ]
        return tuple(found)
    found = [Choice(pick("tier", t, data.tiers, "tier")[0], None) for t in tiers or ()]
    for name in clinics or ():
        clinic_id, clinic = pick("clinic", name, data.clinics, "clinic")
        lacking = [t for t in treatments if t not in clinic.treatments]
        if lacking and not priced:
            raise FieldError(
                "clinic", f"{clinic.name} lists no {' or '.join(lacking)} treatment in the data "
                f"(it lists: {', '.join(clinic.treatments)}); leave it out, or give ",
                Named("price"),
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
