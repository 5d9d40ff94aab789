"""What a quote's figures used: the currencies whose rates they rest on, and where those rates
came from (as a CSV row, a page, a footer say it). Light: the CSV path imports it, no JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from exocalc.money import PIVOT_CURRENCY
from exocalc.rates import Rates

if TYPE_CHECKING:
    from exocalc.data.model import Dataset
    from exocalc.pricing.model import Quote


def quote_currencies(q: Quote, data: Dataset | None) -> tuple[str, ...]:
    """Every currency whose rate the quote's figures rest on: its own first, then the others in
    alphabetical order (KRW, always 1, only when it is the quote's): the session's price, the
    fare, the hotel, the daily costs, the eSIM and the add-ons (as the data or the user gives
    them), the home price, and the totals in other currencies. Without the dataset (`None`),
    those the quote itself names."""
    r = q.request
    own, flight, addons = r.currency, r.flight, r.addon
    found = {q.price_per_session.currency, *r.also_currency}
    if q.home is not None:
        found.add(q.home.per_session.currency)
    for given in (r.price, flight, r.home_price):
        if given is not None and given.currency is not None:
            found.add(given.currency)
    if data is not None:
        trip = data.trip
        if flight is None or flight.currency is None:
            found.add(trip.origins[r.origin].fare.currency)
        found.add(trip.hotels[r.hotel].price_per_room_night.currency)
        found.add(trip.daily_per_person.currency)
        found.add(trip.esim_per_person.currency)
        if addons:
            found.update([data.addons[a].price.currency for a in addons])
    found.discard(PIVOT_CURRENCY)
    found.discard(own)
    return (own, *sorted(found)) if found else (own,)


def rates_provenance(rates: Rates, currencies: Iterable[str]) -> tuple[str, dt.date | None]:
    """Which rates `currencies` were priced at, as people read it, and their date: the origin's
    label when every one came from the same place ('ECB 2026-10-30, bundled'), else each
    origin after the currencies it gave, `|` between them ('GBP, USD: 127.0.0.1 2026-11-27,
    cached | AUD: ECB 2026-10-30, bundled; the live answer had none'); the date is the oldest
    of theirs (None when every rate was given with --rate, which has none). KRW's rate, always
    1, comes from nowhere: figures all in KRW rest on no rates ('', None)."""
    groups: dict[str, list[str]] = {}
    dates = []
    for code in dict.fromkeys(currencies):
        if code == PIVOT_CURRENCY:
            continue
        origin = rates.origin(code)
        groups.setdefault(origin.label, []).append(code)
        if origin.as_of is not None:
            dates.append(origin.as_of)
    if len(groups) <= 1:
        label = next(iter(groups), "")
    else:
        label = " | ".join(f"{', '.join(codes)}: {label}" for label, codes in groups.items())
    return label, min(dates, default=None)
