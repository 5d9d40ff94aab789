"""Multi-session programmes: the dates of the sessions, one long stay against repeated trips,
and the day-by-day itinerary. Pure functions over the pricing engine: no I/O, no terminal."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from decimal import Decimal

from exocalc.dataset import Dataset, Treatment
from exocalc.money import Range3, sum_ranges
from exocalc.pricing import Plan, PricedQuote, Quote, build_quote, default_nights, resolve
from exocalc.rates import Rates


@dataclass(frozen=True)
class Trip:
    arrive: dt.date
    depart: dt.date
    sessions: tuple[dt.date, ...]
    quote: Quote


@dataclass(frozen=True)
class Option:
    """One way to fit the programme in: `per_trip` sessions a trip."""

    per_trip: int
    trips: tuple[Trip, ...]

    @property
    def label(self) -> str:
        if len(self.trips) == 1:
            return f"one stay of {self.trips[0].quote.plan.nights} nights"
        each = "1 session" if self.per_trip == 1 else f"up to {self.per_trip} sessions"
        return f"{len(self.trips)} trips, {each} each"

    def total(self, currency: str) -> Range3:
        """The sum of the trips' shown totals: what is shown adds up."""
        return sum_ranges([t.quote.in_currency(currency).total for t in self.trips])

    def priced(self, currency: str) -> list[PricedQuote]:
        return [t.quote.in_currency(currency) for t in self.trips]


@dataclass(frozen=True)
class Programme:
    sessions: tuple[dt.date, ...]
    interval_days: int
    options: tuple[Option, ...]  # one stay first, then repeated trips, fewest sessions a trip first

    @property
    def stay(self) -> Option:
        return self.options[0]

    @property
    def best_trips(self) -> Option | None:
        trips = self.options[1:]
        return min(trips, key=lambda o: o.total(_PIVOT).typical) if trips else None

    def cheaper(self, currency: str) -> tuple[Option, Option | None, Decimal]:
        """(the cheaper way, the other, by how much in the typical scenario)."""
        other = self.best_trips
        if other is None:
            return self.stay, None, Decimal(0)
        a, b = self.stay.total(currency).typical, other.total(currency).typical
        return (self.stay, other, b - a) if a <= b else (other, self.stay, a - b)


_PIVOT = "KRW"


def session_dates(plan: Plan, data: Dataset) -> tuple[tuple[dt.date, ...], int]:
    """The sessions' dates from the first (--date), at the treatment's shortest interval."""
    r = resolve(plan, data)
    interval = data.treatments[r.treatment].interval_days
    gap = interval.low if interval else 1
    return tuple(r.date + dt.timedelta(days=i * gap) for i in range(r.sessions)), gap


def programme(plan: Plan, data: Dataset, rates: Rates) -> Programme | None:
    """Every way to fit a multi-session programme in, priced; None for a single session or a
    treatment without an interval between sessions."""
    r = resolve(plan, data)
    if r.sessions < 2 or data.treatments[r.treatment].interval_days is None:
        return None
    dates, gap = session_dates(plan, data)
    options = [_option(plan, data, rates, dates, r.sessions, stay=True)]
    for per_trip in range(1, r.sessions):
        options.append(_option(plan, data, rates, dates, per_trip, stay=False))
    return Programme(dates, gap, tuple(options))


def one_stay(plan: Plan, data: Dataset, rates: Rates) -> Option:
    """The whole plan as one trip: every session in one stay."""
    dates, _ = session_dates(plan, data)
    return _option(plan, data, rates, dates, len(dates), stay=True)


def _option(
    plan: Plan, data: Dataset, rates: Rates, dates: tuple[dt.date, ...], per_trip: int, stay: bool
) -> Option:
    trips = []
    for start in range(0, len(dates), per_trip):
        chunk = dates[start : start + per_trip]
        # One stay keeps the nights the user asked for; repeated trips take what each needs.
        nights = plan.nights if stay and plan.nights is not None else None
        trip_plan = replace(plan, sessions=len(chunk), nights=nights, date=chunk[0])
        if nights is None:
            trip_plan = replace(
                trip_plan,
                nights=default_nights(data, resolve(trip_plan, data).treatment, len(chunk)),
            )
        quote = build_quote(trip_plan, data, rates)
        arrive = chunk[0] - dt.timedelta(days=1)
        trips.append(Trip(arrive, arrive + dt.timedelta(days=quote.plan.nights), chunk, quote))
    return Option(per_trip, tuple(trips))


@dataclass(frozen=True)
class Step:
    date: dt.date
    kind: str  # one of _ORDER
    text: str


def itinerary(option: Option, data: Dataset) -> list[Step]:
    """Day by day, with real dates: arrival, sessions and after-care, recovery, the earliest
    sensible departure, and the VAT refund at the airport when it applies."""
    steps: list[Step] = []
    total = sum(len(t.sessions) for t in option.trips)
    done = 0
    for number, trip in enumerate(option.trips, start=1):
        q = trip.quote
        treatment = data.treatments[q.plan.treatment]
        clinic = data.clinics[q.plan.clinic].name if q.plan.clinic else None
        where = clinic or f"a {q.plan.tier}-tier clinic"
        label = f"trip {number}: " if len(option.trips) > 1 else ""
        aftercare = (
            ", ".join(data.addons[a].name for a in q.plan.addons)
            if q.plan.addons
            else "ask for LED or a cold mask: it cuts redness to a few hours"
        )
        steps.append(Step(trip.arrive, "arrive", f"{label}arrive at Incheon; pick up a traveller "
                          "eSIM at the airport (passport only); check in"))  # fmt: skip
        for session in trip.sessions:
            done += 1
            steps.append(Step(session, "session", f"session {done} of {total} at {where}: bring "
                              "your passport (registration and the VAT certificate); "
                              f"after-care: {aftercare}"))  # fmt: skip
            next_day = session + dt.timedelta(days=1)
            steps.append(Step(next_day, "recovery", _recovery(treatment, session)))
        hours = treatment.min_hours_before_flying
        earliest = trip.sessions[-1] + dt.timedelta(days=math.ceil(hours / 24))
        if q.vat.applies:
            deadline = trip.sessions[0] + dt.timedelta(
                days=data.rules.vat_refund.depart_within_days
            )
            steps.append(Step(trip.depart, "vat_refund", "at the airport, before check-in: claim "
                              "the VAT refund at a kiosk with the clinic's certificate and your "
                              f"passport (leave Korea by {deadline.isoformat()})"))  # fmt: skip
        late = " (too early: stay longer)" if trip.depart < earliest else ""
        steps.append(Step(trip.depart, "depart", f"fly home{late}; the earliest sensible day is "
                          f"{earliest.isoformat()}, {hours} hours after the last "
                          "session"))  # fmt: skip
        visa = data.visa
        if visa is not None and q.plan.nights > visa.visa_free_days:
            steps.append(Step(trip.arrive, "visa", f"a stay of {q.plan.nights} nights is longer "
                              f"than {visa.visa_free_days} visa-free days: apply for a "
                              f"{visa.medical_visa} medical visa (the clinic issues a Letter of "
                              f"Reservation; up to {visa.medical_visa_days} days)"))  # fmt: skip
    return sorted(steps, key=lambda s: (s.date, _ORDER.index(s.kind)))


_ORDER = ("visa", "arrive", "session", "recovery", "vat_refund", "depart")


def _recovery(treatment: Treatment, session: dt.date) -> str:
    parts = ["recovery"]
    if treatment.redness_hours:
        parts.append(
            f"redness lasts {treatment.redness_hours.low}-{treatment.redness_hours.high} hours"
        )
    if treatment.avoid_actives_days:
        until = session + dt.timedelta(days=treatment.avoid_actives_days)
        parts.append(f"no vitamin C or retinol until {until.isoformat()}")
    return "; ".join(parts)
