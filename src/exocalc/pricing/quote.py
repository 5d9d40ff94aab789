"""One trip request priced: every way of fitting its sessions in, the cheapest recommended
(or the one asked for), its lines, totals and notes, rounded into the output currency.

Each trip's lines are exact in KRW until `_round`, the one step that rounds: line by line, at
the currency's minor unit. A trip's total is the sum of its rounded lines, a way's the sum of
its trips', and a quote's lines are the way's trips' rounded lines added up by kind, so every
figure shown adds up to the totals shown.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from exocalc.dataset import Clinic, Dataset, PriceRange
from exocalc.money import PIVOT_CURRENCY, Range3, round_to_minor, sum_ranges
from exocalc.pricing import calendar, vat
from exocalc.pricing.calendar import WayDates
from exocalc.pricing.labels import line_label
from exocalc.pricing.lines import LINE_IDS, Units, line_facts, paid_at_clinic, prepare, trip_lines
from exocalc.pricing.model import Home, PricedLine, Quote, Trip, Way
from exocalc.pricing.notes import quote_notes
from exocalc.rates import Rates
from exocalc.request import Request, Resolved, resolve


def price(request: Request, data: Dataset, rates: Rates, today: dt.date) -> Quote:
    """Settle the request's defaults, then price it: the one way every command quotes."""
    return build_quote(resolve(request, data, rates.currencies, today), data, rates, today)


def build_quote(r: Resolved, data: Dataset, rates: Rates, today: dt.date) -> Quote:
    """Price every way that fits; recommend the cheapest by typical total (a tie goes to fewer
    trips), or take the one asked for."""
    treatment = data.treatments[r.treatment]
    clinic = data.clinics[r.clinic] if r.clinic else None
    per_session = session_price(r, data, clinic)
    origin = data.trip.origins[r.origin]
    fare = origin.fare
    if r.flight is not None:
        fare = _given(r.flight, fare.currency, "your_flight", r.date)
    cal = calendar.plan(r, treatment, data.trip.default_nights)
    units = prepare(r, data, rates, per_session, fare)
    shapes: dict[tuple[int, int, int], tuple[tuple[str, Range3, Range3], ...]] = {}
    exact: dict[tuple[int, int, int], list[tuple[str, Range3]]] = {}
    ways = tuple(_price_way(w, r, data, clinic, units, rates, shapes, exact) for w in cal.ways)
    way = min(ways, key=Way.rank)
    facts = line_facts(r, data, per_session, fare)
    lines = tuple(
        PricedLine(
            line_id, line_label(line_id, r, data, way, per_session), amount, won,
            facts[line_id].estimate, facts[line_id].sources, facts[line_id].as_of,
        )
        for line_id, amount, won in _sum_by_line(way.trips)
    )  # fmt: skip
    paid = sum_ranges([t.paid_krw for t in way.trips])
    channel = data.booking_channels[r.booking] if r.booking else None
    rate = channel.cashback_rate if channel else Decimal(0)
    home = _home(r, data, rates)
    cashback = paid.scale(rate).map(lambda v: _in(v, rates, r.currency))
    notes = quote_notes(r, data, clinic, cal, way, ways, lines, home, today)
    return Quote(r, rates, cal, way, ways, lines, per_session, home, rate, cashback, notes)


def session_price(r: Resolved, data: Dataset, clinic: Clinic | None) -> PriceRange:
    if r.price is not None:
        return _given(r.price, PIVOT_CURRENCY, "your_quote", r.date)
    if clinic is not None:
        return clinic_price(data, clinic, r.treatment)[0]
    return data.tiers[r.tier or ""].prices[r.treatment]


def clinic_price(data: Dataset, clinic: Clinic, treatment: str) -> tuple[PriceRange, str]:
    """A clinic's per-session price and what it rests on: its own, its tier's, or (tier
    unknown) the standard tier's."""
    if treatment in clinic.prices:
        return clinic.prices[treatment], "clinic"
    if clinic.tier is not None:
        return data.tiers[clinic.tier].prices[treatment], f"tier {clinic.tier}"
    return data.tiers["standard"].prices[treatment], "tier unknown: standard tier assumed"


def _given(amount: Decimal, currency: str, source: str, as_of: dt.date) -> PriceRange:
    return PriceRange(low=amount, high=amount, currency=currency, source=source, as_of=as_of)


def _in(krw: Decimal, rates: Rates, currency: str) -> Decimal:
    return round_to_minor(rates.convert(krw, PIVOT_CURRENCY, currency), currency)


def _price_way(
    dates: WayDates,
    r: Resolved,
    data: Dataset,
    clinic: Clinic | None,
    units: Units,
    rates: Rates,
    shapes: dict[tuple[int, int, int], tuple[tuple[str, Range3, Range3], ...]],
    exact: dict[tuple[int, int, int], list[tuple[str, Range3]]],
) -> Way:
    decision, refunded = vat.decide(data.rules.vat_refund, clinic, r.vat_refund, dates.trips)
    trips = []
    exact_typical = Decimal(0)
    for trip, refunds in zip(dates.trips, refunded, strict=True):
        # Trips of one shape have the same lines: priced once, however many there are.
        shape = (len(trip.sessions), trip.nights, refunds)
        if shape not in shapes:
            exact[shape] = trip_lines(units, *shape)
            shapes[shape] = _round(exact[shape], rates, r.currency)
        amounts = shapes[shape]
        exact_typical += sum(a.typical for _, a in exact[shape])
        trips.append(
            Trip(
                trip.arrive, trip.depart, trip.sessions, refunds, amounts,
                sum_ranges([a for _, a, _ in amounts]), sum_ranges([w for _, _, w in amounts]),
                paid_at_clinic(exact[shape]),
            )
        )  # fmt: skip
    return Way(
        dates, tuple(trips), decision,
        sum_ranges([t.total for t in trips]), sum_ranges([t.total_krw for t in trips]),
        exact_typical,
    )  # fmt: skip


def _round(
    lines: list[tuple[str, Range3]], rates: Rates, currency: str
) -> tuple[tuple[str, Range3, Range3], ...]:
    """The one rounding: each line, at the minor unit of the currency and of the won."""
    return tuple(
        (
            line_id,
            krw.map(lambda v: _in(v, rates, currency)),
            krw.map(lambda v: round_to_minor(v, PIVOT_CURRENCY)),
        )
        for line_id, krw in lines
    )


def _sum_by_line(trips: tuple[Trip, ...]) -> list[tuple[str, Range3, Range3]]:
    """The way's lines: each kind of line added up over its trips, in the quote's order."""
    amounts: dict[str, tuple[Range3, Range3]] = {}
    for trip in trips:
        for line_id, amount, won in trip.amounts:
            if line_id in amounts:
                had, had_won = amounts[line_id]
                amounts[line_id] = (had + amount, had_won + won)
            else:
                amounts[line_id] = (amount, won)
    return [(i, *amounts[i]) for i in LINE_IDS if i in amounts]


def _home(r: Resolved, data: Dataset, rates: Rates) -> Home | None:
    count = r.sessions * r.travellers
    origin = data.trip.origins[r.origin]
    if r.home_price is not None:
        given = _given(r.home_price, r.currency, "your_home_price", r.date)
        region, name = "your_price", "your home price"
    elif origin.home_region is not None:
        given = data.regions[origin.home_region].price_per_session
        region, name = origin.home_region, data.regions[origin.home_region].name
    else:
        return None
    total = (
        given.range3()
        .scale(count)
        .map(lambda v: round_to_minor(rates.convert(v, given.currency, r.currency), r.currency))
    )
    return Home(region, name, given, total)
