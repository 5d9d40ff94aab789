"""One trip request priced: every way of fitting its sessions in, the cheapest recommended
(or the one asked for), its lines, totals and notes, rounded into the output currency.

Each trip's lines are exact in KRW until `_round`, the one step that rounds: line by line, at
the currency's minor unit. A trip's total is the sum of its rounded lines, a way's the sum of
its trips', and a quote's lines are the way's trips' rounded lines added up by kind, so every
figure shown adds up to the totals shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from exocalc.data.model import Clinic, Dataset, PriceRange
from exocalc.errors import FieldError, Named
from exocalc.money import PIVOT_CURRENCY, Range3, Rounder, round_to_minor, sum_ranges
from exocalc.pricing import calendar, vat
from exocalc.pricing.calendar import WayDates
from exocalc.pricing.fairness import check_price
from exocalc.pricing.labels import line_label
from exocalc.pricing.lines import (
    AT_CLINIC,
    LINE_IDS,
    Units,
    line_facts,
    on_trip,
    prepare,
    trip_lines,
)
from exocalc.pricing.model import Also, Home, Note, PricedLine, Quote, Trip, Way
from exocalc.pricing.notes import (
    assumed_price,
    first_notes,
    given_notes,
    quote_notes,
    visa_text,
)
from exocalc.pricing.prepared import Prepared, Priced, prepared
from exocalc.rates import Rates
from exocalc.request import Request, Resolved, default_tier, resolve


def price(
    request: Request, data: Dataset, rates: Rates, today: dt.date, figures_only: bool = False
) -> Quote:
    """Settle the request's defaults, then price it: the one way every command quotes."""
    r = resolve(request, data, rates.currencies, today)
    return build_quote(r, data, rates, today, figures_only)


def build_quote(
    r: Resolved, data: Dataset, rates: Rates, today: dt.date, figures_only: bool = False
) -> Quote:
    """Price every way that fits; recommend the cheapest by typical total (a tie goes to fewer
    trips), or take the one asked for. `figures_only`: the currency, the totals, the lines'
    amounts and what they rest on, the home price and the totals in other currencies (what a
    CSV row of `batch` prints), without the words and the checks no figure rests on (lines
    unlabelled; no notes, no cashback points, no price check)."""
    shared = prepared(data, rates)
    clinic = data.clinics[r.clinic] if r.clinic else None
    cal = calendar.plan(r, data, data.trip.default_nights)
    lead = cal.series[0].treatment
    sessions = _sessions(r, shared, clinic, lead)
    session, flight = sessions[lead], _fare(r, shared)
    per_session, fare = session.price, flight.price
    pricer = _Pricer(prepare(r, shared, sessions, flight), shared.rounder(r.currency))
    rule = data.rules.vat_refund
    ways = tuple(pricer.way(w, vat.decide(rule, clinic, r.vat_refund, w.trips)) for w in cal.ways)
    way = _chosen(r, ways, cal)
    facts = line_facts(r, shared, sessions, flight)
    also = tuple(
        _also(way.total, r.currency, code, rates, way.total_krw) for code in r.also_currency
    )
    if figures_only:
        lines = tuple(
            PricedLine(line_id, "", amount, won, facts[line_id])
            for line_id, amount, won in _sum_by_line(way.trips)
        )
        home = _home(r, data, shared, cal.count)
        zero = pricer.rounder.zero
        return Quote(r, rates, cal, way, ways, lines, per_session, home, _ZERO, zero, (), (), also)
    lines = tuple(
        PricedLine(line_id, line_label(line_id, r, shared, way), amount, won, facts[line_id])
        for line_id, amount, won in _sum_by_line(way.trips)
    )
    channel = data.booking_channels[r.booking] if r.booking else None
    rate = channel.cashback_rate if channel else _ZERO
    if rate:
        cashback = pricer.rounder.amount(sum_ranges(t.paid_krw for t in way.trips).scale(rate))
    else:  # no points: most bookings
        cashback = pricer.rounder.zero
    home = _home(r, data, shared, cal.count)
    stay = max(way.trips, key=lambda t: t.nights)
    key = ("visa", stay.nights, len(stay.sessions) > 1)
    visa: Note | None = shared.memo(key, lambda: _visa_note(data, stay.nights, len(stay.sessions)))
    caveats = tuple(c for c in (visa, assumed_price(r, per_session, shared, lead)) if c)
    first = first_notes(r, data, clinic, way, today)
    notes = quote_notes(r, shared, clinic, cal, way, ways, lines, home, first, caveats)
    if r.price is not None or r.flight is not None or r.home_price is not None:
        notes += given_notes(r, shared, per_session, fare, home)
    check = None
    if r.price is not None:
        won = round_to_minor(session.krw.typical, PIVOT_CURRENCY)
        check = check_price(won, data, lead, r.clinic, r.tier)
        notes += (check.note,)
    return Quote(
        r, rates, cal, way, ways, lines, per_session, home, rate, cashback, notes, caveats, also,
        check,
    )  # fmt: skip


def _chosen(r: Resolved, ways: tuple[Way, ...], cal: calendar.Calendar) -> Way:
    """The way asked for (--trips), else the cheapest by typical total (a tie goes to fewer
    trips)."""
    if r.trips is None:
        return min(ways, key=Way.rank)
    for way in ways:
        if len(way.trips) == r.trips:
            return way
    why = cal.left_out.get(r.trips, "it does not fit")
    raise FieldError("trips", Named("trips"), f" {r.trips} is left out: {why}")


def _visa_note(data: Dataset, nights: int, sessions: int) -> Note | None:
    text = visa_text(data, nights, sessions)
    return Note("visa", (text,)) if text else None


def _also(total: Range3, currency: str, code: str, rates: Rates, total_krw: Range3) -> Also:
    """The total in another currency, at a rate of 10 significant digits it names; in KRW, the
    quote's own won total (the lines' won, added), not the converted total again."""
    with localcontext() as context:
        context.prec = 10
        rate = +(rates.krw_per(currency) / rates.krw_per(code))
    if code == PIVOT_CURRENCY:
        return Also(code, rate, rates.krw_per(code), total_krw)
    converted = total.map(lambda v: round_to_minor(v * rate, code))
    return Also(code, rate, rates.krw_per(code), converted)


@dataclass(slots=True)
class _Shape:
    """One trip of a shape, priced: its lines rounded, their totals, what the clinic is paid
    (exact, for the cashback) and the exact typical total (to rank the ways)."""

    amounts: _Amounts
    total: Range3
    total_krw: Range3
    paid: Range3
    typical: Decimal
    people: int  # on the trip


class _Pricer:
    """Prices the trips of every way of one request. Trips of one shape (sessions, nights,
    refunded sessions) have the same lines: each shape is priced and rounded once."""

    def __init__(self, units: Units, rounder: Rounder) -> None:
        self.units, self.rounder = units, rounder
        self.shapes: dict[tuple[Any, ...], _Shape] = {}

    def shape(self, key: tuple[Any, ...]) -> _Shape:
        found = self.shapes.get(key)
        if found is not None:
            return found
        both = self.rounder.both
        amounts = []
        a0 = a1 = a2 = w0 = w1 = w2 = p0 = p1 = p2 = typical = _ZERO
        for line_id, krw in trip_lines(self.units, *key):
            amount, won = both(krw)  # the one rounding
            amounts.append((line_id, amount, won))
            a0, a1, a2 = a0 + amount[0], a1 + amount[1], a2 + amount[2]
            w0, w1, w2 = w0 + won[0], w1 + won[1], w2 + won[2]
            typical += krw[1]
            if line_id in AT_CLINIC:
                p0, p1, p2 = p0 + krw[0], p1 + krw[1], p2 + krw[2]
        found = self.shapes[key] = _Shape(
            tuple(amounts), Range3(a0, a1, a2), Range3(w0, w1, w2), Range3(p0, p1, p2), typical,
            on_trip(self.units, key[1]),
        )  # fmt: skip
        return found

    def way(
        self, dates: WayDates, decided: tuple[vat.VatDecision, tuple[tuple[bool, ...], ...]]
    ) -> Way:
        decision, refunded = decided
        trips = []
        exact_typical = _ZERO
        for trip, refunds in zip(dates.trips, refunded, strict=True):
            shape = self.shape((trip.nights, trip.who, refunds))
            exact_typical += shape.typical
            refunded_here = (
                sum(len(w) for w, yes in zip(trip.who, refunds, strict=True) if yes)
                if True in refunds
                else 0
            )
            trips.append(
                Trip(
                    trip.arrive, trip.depart, trip.sessions, refunded_here, shape.amounts,
                    shape.total, shape.total_krw, shape.paid, shape.people, trip.count,
                )
            )  # fmt: skip
        return Way(
            dates, tuple(trips), decision, sum_ranges(t.total for t in trips),
            sum_ranges(t.total_krw for t in trips), exact_typical,
            (trips[0].people,) if len(trips) == 1 else tuple(t.people for t in trips),
        )  # fmt: skip


_Amounts = tuple[tuple[str, Range3, Range3], ...]
_ZERO = Decimal(0)


def _sessions(r: Resolved, shared: Prepared, clinic: Clinic | None, lead: str) -> dict[str, Priced]:
    """The price of a session of each treatment of the party."""
    treatments = r.treatments
    if len(treatments) == 1:  # most requests
        return {lead: _session(r, shared, clinic, lead)}
    return {t: _session(r, shared, clinic, t) for t in treatments}


def _session(r: Resolved, shared: Prepared, clinic: Clinic | None, treatment: str) -> Priced:
    """The price of a session of `treatment`, as `shared` has it (the user's own, worked out
    here: --price is the price of every session)."""
    if r.price is not None:
        return shared.priced(session_price(r, shared.data, clinic, treatment))
    if clinic is None:
        return shared.tiers[r.tier, treatment]
    found = shared.clinics.get((r.clinic, treatment))
    if found is not None:
        return found
    return shared.tiers[clinic.tier or default_tier(shared.data), treatment]


def _fare(r: Resolved, shared: Prepared) -> Priced:
    """The fare a person: the data's for the origin, or the user's (in the origin's currency
    unless it names its own; an origin the data does not list has the user's, with its
    currency: `resolve` made sure)."""
    data_fare = shared.fares.get(r.origin)
    if data_fare is not None and r.flight is None:
        return data_fare
    assert r.flight is not None
    currency = r.flight.currency or (data_fare.price.currency if data_fare else r.currency)
    return shared.priced(_given(r.flight.value, currency, "your_flight", r.date))


def session_price(r: Resolved, data: Dataset, clinic: Clinic | None, treatment: str) -> PriceRange:
    if r.price is not None:
        return _given(r.price.value, r.price.currency or PIVOT_CURRENCY, "your_quote", r.date)
    if clinic is not None:
        return clinic_price(data, clinic, treatment)[0]
    return data.tiers[r.tier or ""].prices[treatment]


def clinic_price(data: Dataset, clinic: Clinic, treatment: str) -> tuple[PriceRange, str]:
    """A clinic's per-session price and what it rests on: its own, its tier's, or (tier
    unknown) the standard tier's."""
    if treatment in clinic.prices:
        return clinic.prices[treatment], "clinic"
    if clinic.tier is not None:
        return data.tiers[clinic.tier].prices[treatment], f"tier {clinic.tier}"
    tier = default_tier(data)
    return data.tiers[tier].prices[treatment], f"tier unknown: {tier} tier assumed"


def _given(amount: Decimal, currency: str, source: str, as_of: dt.date) -> PriceRange:
    return PriceRange(low=amount, high=amount, currency=currency, source=source, as_of=as_of)


def _sum_by_line(trips: tuple[Trip, ...]) -> _Amounts | list[tuple[str, Range3, Range3]]:
    """The way's lines: each kind of line added up over its trips, in the quote's order."""
    if len(trips) == 1:
        return trips[0].amounts
    amounts: dict[str, tuple[Range3, Range3]] = {}
    for trip in trips:
        for line_id, amount, won in trip.amounts:
            if line_id in amounts:
                had, had_won = amounts[line_id]
                amounts[line_id] = (had + amount, had_won + won)
            else:
                amounts[line_id] = (amount, won)
    return [(i, *amounts[i]) for i in LINE_IDS if i in amounts]


def _home(r: Resolved, data: Dataset, shared: Prepared, count: int) -> Home | None:
    """The same sessions at home (`count`: every session of every person treated): the
    user's price, or the origin's region's (one article's claim), converted and rounded
    once."""
    if r.home_price is not None:
        currency = r.home_price.currency or r.currency
        given = _given(r.home_price.value, currency, "your_home_price", r.date)
        return Home("your_price", "your home price", given, _home_total(given, r, shared, count))
    origin = data.trip.origins.get(r.origin)  # None: a place the data does not list
    region_id = origin.home_region if origin is not None else None
    if region_id is None:
        return None
    home: Home = shared.memo(
        ("home", region_id, r.currency, count),
        lambda: _region_home(region_id, r, data, shared, count),
    )
    return home


def _region_home(region_id: str, r: Resolved, data: Dataset, shared: Prepared, count: int) -> Home:
    region = data.regions[region_id]
    given = region.price_per_session
    return Home(region_id, region.name, given, _home_total(given, r, shared, count))


def _home_total(given: PriceRange, r: Resolved, shared: Prepared, count: int) -> Range3:
    """Every session of every person treated at home, in the output currency, rounded once."""
    rounder = shared.rounder(r.currency)
    if given.currency == r.currency:
        return given.range3().scale(count).map(rounder.round)
    return rounder.amount(shared.krw(given).scale(count))
