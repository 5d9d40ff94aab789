"""What every quote of one dataset at one set of rates shares, worked out once, when the first
quote is: each price of the data in exact KRW with what a line of it rests on, by the names a
request gives, and the rounding of each currency. A batch of a million rows prices each of
them against these, not against the data anew.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from exocalc.data.model import Dataset, PriceRange
from exocalc.money import PIVOT_CURRENCY, Range3, Rounder, sum_ranges
from exocalc.rates import Rates

MEMO = 20_000
_MISSING = object()

# The sources a user's own figures cite (--price, --flight, --home-price): never an estimate,
# and no as-of date of the data's.
OWN_SOURCES = frozenset({"your_quote", "your_flight", "your_home_price"})


@dataclass(frozen=True)
class LineFacts:
    """What a line rests on: whether it is an estimate, its sources, its as-of date."""

    estimate: bool
    sources: tuple[str, ...]
    as_of: dt.date | None


# A user's own figure rests on its source alone: one facts object each, for every row.
_OWN_FACTS = {source: LineFacts(False, (source,), None) for source in OWN_SOURCES}


@dataclass(slots=True)
class Priced:
    """One price, worked out once: the price, in exact KRW, and what a line of it rests on
    (a user's own is made for its row)."""

    price: PriceRange
    krw: Range3
    facts: LineFacts


class Prepared:
    """The shared pieces for one dataset and one set of rates, made once (see `prepared`):
    every price of the data, by the names a request gives (hotel, origin, tier or clinic and
    treatment, add-on), already in KRW with its facts."""

    def __init__(self, data: Dataset, rates: Rates) -> None:
        self.data, self.rates = data, rates
        self._rounders: dict[str, Rounder] = {}
        self._memo: dict[Any, Any] = {}
        self.labels: BoundedDict = BoundedDict()  # the words of lines, by what they count
        rule = data.rules.vat_refund
        share = rule.vat_rate / (1 + rule.vat_rate) if rule.included_in_price else rule.vat_rate
        # Of what was paid for a refunded session: the VAT in it, less the operator's fee.
        self.refund_share = share * (1 - rule.operator_fee_rate)
        rate = data.discounts.couple.rate.range3()
        # The low scenario takes the largest discount, the high one the smallest.
        self.couple = Range3(rate.high, rate.typical, rate.low)
        trip = data.trip
        self.hotels = {h: self.priced(x.price_per_room_night) for h, x in trip.hotels.items()}
        self.fares = {o: self.priced(x.fare) for o, x in trip.origins.items()}
        self.daily = self.priced(trip.daily_per_person)
        self.esim = self.priced(trip.esim_per_person)
        self.tiers = {
            (t, treatment): self.priced(p)
            for t, tier in data.tiers.items()
            for treatment, p in tier.prices.items()
        }
        self.clinics = {
            (c, treatment): self.priced(p)
            for c, clinic in data.clinics.items()
            for treatment, p in clinic.prices.items()
        }
        self.addon_prices = {a: self.priced(x.price) for a, x in data.addons.items()}

    def priced(self, price: PriceRange) -> Priced:
        """A price in exact KRW with its facts: a user's own figure rests on its source alone
        (never an estimate, no date of the data's)."""
        if price.source in OWN_SOURCES:
            return Priced(price, self.krw(price), _OWN_FACTS[price.source])
        facts = LineFacts(self.estimate((price.source,)), (price.source,), price.as_of)
        return Priced(price, self.krw(price), facts)

    def krw(self, price: PriceRange) -> Range3:
        """A price range in exact KRW."""
        exact = price.range3()
        if price.currency == PIVOT_CURRENCY:
            return exact
        return exact.scale(self.rates.krw_per(price.currency))

    def addons(self, ids: tuple[str, ...]) -> tuple[Range3, LineFacts] | None:
        """The add-ons a session, together, in exact KRW, and what they rest on."""
        if not ids:
            return None
        found: tuple[Range3, LineFacts] = self.memo(("addons", ids), lambda: self._addons(ids))
        return found

    def _addons(self, ids: tuple[str, ...]) -> tuple[Range3, LineFacts]:
        each = [self.addon_prices[a] for a in ids]
        sources = tuple(dict.fromkeys(s for p in each for s in p.facts.sources))
        facts = LineFacts(self.estimate(sources), sources, min(p.price.as_of for p in each))
        return sum_ranges(p.krw for p in each), facts

    def estimate(self, source_ids: tuple[str, ...]) -> bool:
        sources = self.data.sources
        return any(sources[s].kind == "estimate" for s in source_ids if s in sources)

    def rounder(self, currency: str) -> Rounder:
        found = self._rounders.get(currency)
        if found is None:
            found = self._rounders[currency] = Rounder(currency, self.rates.krw_per(currency))
        return found

    def memo(self, key: Any, make: Any) -> Any:
        """A value quotes of this dataset share (a label, a note), made once. Bounded: an
        input of a million different rows makes no more than MEMO of them at a time."""
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            if len(self._memo) >= MEMO:
                self._memo.clear()
            found = self._memo[key] = make()
        return found


class BoundedDict(dict[Any, Any]):
    """A dict that empties itself past MEMO entries: what a long input keeps stays bounded."""

    def __setitem__(self, key: Any, value: Any) -> None:
        if len(self) >= MEMO:
            self.clear()
        super().__setitem__(key, value)


_last: list[Prepared] = []


def prepared(data: Dataset, rates: Rates) -> Prepared:
    """The shared pieces of this dataset and these rates: made by the first quote, kept while
    the same data and rates are priced (a process prices one dataset at one set of rates)."""
    for found in _last:
        if found.data is data and found.rates is rates:
            return found
    made = Prepared(data, rates)
    _last[:] = [made, *_last[:3]]
    return made
