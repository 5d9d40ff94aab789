"""What every quote of one dataset at one set of rates shares, worked out once: each price of
the data in exact KRW, what each line rests on, the rounding of each currency. A batch of a
million rows prices each of them against these, not against the data anew.
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


class Prepared:
    """The shared pieces for one dataset and one set of rates; see `prepared`."""

    def __init__(self, data: Dataset, rates: Rates) -> None:
        self.data, self.rates = data, rates
        self._krw: dict[int, Range3] = {}
        self._facts: dict[tuple[object, ...], LineFacts] = {}
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

    def krw(self, price: PriceRange) -> Range3:
        """A price range in exact KRW; the data's own prices are converted once."""
        if price.source in OWN_SOURCES:
            return self._convert(price)
        found = self._krw.get(id(price))
        if found is None:
            found = self._krw[id(price)] = self._convert(price)
        return found

    def _convert(self, price: PriceRange) -> Range3:
        exact = price.range3()
        if price.currency == PIVOT_CURRENCY:
            return exact
        return exact.scale(self.rates.krw_per(price.currency))

    def addons(self, ids: tuple[str, ...]) -> Range3 | None:
        """The add-ons a session, together, in exact KRW."""
        if not ids:
            return None
        key = ("addons", ids)
        if key not in self._memo:
            self._memo[key] = sum_ranges(self.krw(self.data.addons[a].price) for a in ids)
        found: Range3 = self._memo[key]
        return found

    def facts(self, *prices: PriceRange) -> LineFacts:
        # A user's own figure rests on its source alone (no date of the data's).
        key = tuple(p.source if p.source in OWN_SOURCES else id(p) for p in prices)
        found = self._facts.get(key)
        if found is None:
            sources = tuple(dict.fromkeys(p.source for p in prices))
            dates = [p.as_of for p in prices if p.source not in OWN_SOURCES]
            found = LineFacts(self.estimate(sources), sources, min(dates) if dates else None)
            self._facts[key] = found
        return found

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
