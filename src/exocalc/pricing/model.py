"""What a priced trip request is: its lines, its trips, its ways, the quote. Data only; the
builder is `quote.py`. Values: made once and never changed (not frozen, because a frozen
dataclass costs several times as much to make, and a batch makes these for every row)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from exocalc.data.model import PriceRange
from exocalc.money import Range3, shares
from exocalc.pricing.calendar import Calendar, WayDates
from exocalc.pricing.prepared import LineFacts
from exocalc.pricing.vat import VatDecision
from exocalc.rates import Rates
from exocalc.request import Resolved


@dataclass(slots=True)
class PricedLine:
    id: str
    label: str
    amount: Range3  # rounded, in the output currency
    krw: Range3  # rounded, whole won
    facts: LineFacts  # what it rests on

    @property
    def estimate(self) -> bool:
        return self.facts.estimate

    @property
    def sources(self) -> tuple[str, ...]:
        return self.facts.sources

    @property
    def as_of(self) -> dt.date | None:
        return self.facts.as_of


@dataclass(slots=True)
class Trip:
    arrive: dt.date
    depart: dt.date
    sessions: tuple[dt.date, ...]
    refunded: int  # sessions of this trip that get the VAT refund
    amounts: tuple[tuple[str, Range3, Range3], ...]  # (line id, rounded amount, rounded won)
    total: Range3
    total_krw: Range3
    paid_krw: Range3  # exact: what the clinic is paid, for the cashback points
    people: int = 1  # on this trip: those with a session on it, and the companions
    count: int = 1  # sessions on it, every person's

    @property
    def nights(self) -> int:
        return (self.depart - self.arrive).days

    @property
    def rooms(self) -> int:
        return (self.people + 1) // 2


@dataclass(slots=True)
class Way:
    """One way of fitting the programme in, priced."""

    dates: WayDates
    trips: tuple[Trip, ...]
    vat: VatDecision
    total: Range3
    total_krw: Range3
    exact_typical: Decimal  # the typical total in exact KRW: how ways are ranked
    people: tuple[int, ...] = (1,)  # on each trip

    @property
    def label(self) -> str:
        return self.dates.label

    @property
    def days_away(self) -> int:
        """What the way costs in time, per person: the days in Seoul of whoever goes on
        every trip (calendar.WayDates, its one owner)."""
        return self.dates.days_away

    @property
    def long_haul(self) -> int:
        """Long-haul round trips that person flies."""
        return self.dates.long_haul

    def rank(self) -> tuple[Decimal, int]:
        """The cheapest by typical total first; a tie goes to fewer trips."""
        return self.exact_typical, len(self.trips)


@dataclass(slots=True)
class Home:
    """What the same sessions would cost at home (the origin's region, or the user's price)."""

    region: str
    name: str
    per_session: PriceRange
    total: Range3  # in the output currency, every session of every traveller


@dataclass(frozen=True, slots=True)
class Also:
    """The total in another currency (`--also-currency`), at the rate it names: the total in
    the quote's currency times `rate`, rounded once to the other currency's minor unit."""

    currency: str
    rate: Decimal  # units of `currency` per unit of the quote's currency, 10 significant digits
    krw_per_unit: Decimal
    total: Range3


@dataclass(slots=True)
class Money:
    """An amount a note names, or a range (`high` given); the output layer writes it: to whole
    units ("KRW 2,000,000", "USD 2,500-6,000"), or an amount to every digit it has."""

    currency: str
    value: Decimal  # the amount, or the range's low end
    high: Decimal | None = None
    whole: bool = True  # False: every digit it has (a converted amount)


# What a note is about: a closed set, which views choose by (plan leaves out what the lines
# and the visa step say already).
NOTE_KINDS = frozenset({
    "past",  # the trip arrives before today
    "tier",  # a clinic of unknown tier, priced at the default tier
    "visa",  # the stay is longer than the visa-free days
    "assumed_price",  # the session price is an assumption of ours
    "couple",  # the couple discount's condition
    "refund",  # how to claim the VAT refund, by when
    "estimates",  # which lines are estimates
    "way",  # how the sessions are spread, and why this way
    "stale_data",  # the data is old against the treatment date
    "no_home",  # no home price to compare with
    "home_claim",  # the home price is one article's claim
    "channel",  # the booking channel: its cashback, its listing
    "given",  # an amount the user gave in another currency, converted
    "price_check",  # where the user's price stands against the data's ranges
    "interval",  # --interval outside the range the data gives
})  # fmt: skip
# The notes that change what the total means (or leave a figure out: no home price, no
# savings): output without room for notes warns of them.
WARNING_KINDS = frozenset({"past", "tier", "visa", "assumed_price", "no_home", "interval"})


@dataclass(slots=True)
class Note:
    """What a reader of a quote should know: its kind, and its words with the amounts they
    name in place (the output layer writes the amounts: `output.common.note_text`). Made
    once and never changed; not frozen, as the other values a row makes (see above)."""

    kind: str
    parts: tuple[str | Money, ...]

    @property
    def warns(self) -> bool:
        return self.kind in WARNING_KINDS


@dataclass(frozen=True, slots=True)
class PriceCheck:
    """Where a price the user gives (`--price`) stands against the data's ranges, in KRW."""

    price_krw: Decimal
    against: str  # "Forena's range", "the standard tier's range"
    low: Decimal
    high: Decimal
    position: str  # below, within, above
    by_krw: Decimal  # how far outside the range (0 within)
    by_pct: Decimal  # the same, as a percentage of the nearer end, one decimal
    tiers: tuple[str, ...]  # the tiers whose range holds the price
    note: Note  # the same, in words


@dataclass(slots=True)
class Quote:
    request: Resolved
    rates: Rates
    calendar: Calendar
    way: Way  # the recommended way (or the one asked for): the quote's lines and total
    ways: tuple[Way, ...]  # every way that fits, fewest trips first
    lines: tuple[PricedLine, ...]
    price_per_session: PriceRange
    home: Home | None
    cashback_rate: Decimal
    cashback: Range3
    notes: tuple[Note, ...]
    # What every view of the trip says, the comparison's included: the visa, an assumed price.
    caveats: tuple[Note, ...] = ()
    also: tuple[Also, ...] = ()
    price_check: PriceCheck | None = None

    @property
    def warnings(self) -> tuple[Note, ...]:
        """The notes that change what the total means (a trip in the past, a stay beyond the
        visa-free days, an assumed price or tier): output without room for notes warns of
        them."""
        return tuple(n for n in self.notes if n.warns)

    @property
    def currency(self) -> str:
        currency: str = self.request.currency
        return currency

    @property
    def cheapest(self) -> Way:
        return min(self.ways, key=Way.rank)

    @property
    def runner_up(self) -> Way | None:
        """The next cheapest way, to say what the cheapest saves."""
        cheapest = self.cheapest
        others = [w for w in self.ways if w is not cheapest]
        return min(others, key=Way.rank) if others else None

    @property
    def total(self) -> Range3:
        return self.way.total

    @property
    def total_krw(self) -> Range3:
        return self.way.total_krw

    @property
    def vat(self) -> VatDecision:
        return self.way.vat

    @property
    def savings(self) -> Range3 | None:
        """The honest range: least saved is the cheapest home price against the dearest trip."""
        if self.home is None:
            return None
        home, trip = self.home.total, self.way.total
        return Range3._make((home[0] - trip[2], home[1] - trip[1], home[2] - trip[0]))

    @property
    def dearer(self) -> Decimal | None:
        """How much more the quoted way costs than the cheapest, typical; None when it is the
        cheapest."""
        cheapest = self.cheapest
        if self.way is cheapest:
            return None
        return self.way.total.typical - cheapest.total.typical

    @property
    def travellers(self) -> int:
        """The people who travel: those treated and their companions."""
        return len(self.request.people)

    @property
    def break_even_per_session(self) -> Range3:
        return shares(self.way.total, self.calendar.count, self.currency)

    @property
    def per_person(self) -> Range3 | None:
        """Each traveller's share of the total (the couple discount and a shared room split
        evenly over the people who travel, companions included), rounded half up to the minor
        unit: the shares times the travellers differ from the total by at most half a minor
        unit per traveller. None for one traveller."""
        n = self.travellers
        return shares(self.way.total, n, self.currency) if n > 1 else None

    @property
    def prices_as_of(self) -> dt.date | None:
        """The oldest as-of date among the prices this quote used (a rule is not a price)."""
        dates = [ln.as_of for ln in self.lines if ln.as_of is not None and ln.id != "vat_refund"]
        return min(dates) if dates else None
