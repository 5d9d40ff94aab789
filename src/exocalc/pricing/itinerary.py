"""`plan`'s day-by-day itinerary of a quote's way: arrival, sessions and after-care, recovery,
the VAT refund at the airport where a trip has one, the flight home, the visa a stay needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from exocalc.data.model import Dataset, Treatment
from exocalc.pricing.model import Quote, Trip
from exocalc.pricing.notes import visa_text
from exocalc.words import times

# Steps of one day, in the order they happen.
ORDER = ("visa", "arrive", "session", "recovery", "vat_refund", "depart")


@dataclass(frozen=True)
class Step:
    date: dt.date
    kind: str  # one of ORDER
    text: str


def itinerary(q: Quote, data: Dataset) -> list[Step]:
    """Day by day, with real dates, for every trip of the quote's way."""
    r = q.request
    treatment = data.treatments[q.calendar.series[0].treatment]
    counts = {s.treatment: s.count for s in q.calendar.series}
    one = len(q.calendar.series) == 1  # every person treated has the same one treatment
    had: dict[tuple[int, str], int] = {}
    where = data.clinics[r.clinic].name if r.clinic else f"a {r.tier}-tier clinic"
    aftercare = (
        ", ".join(data.addons[a].name for a in r.addon)
        if r.addon
        else "ask for LED or a cold mask: it cuts redness to a few hours"
    )
    trips = q.way.trips
    steps: list[Step] = []
    done = 0
    for number, (trip, dates) in enumerate(zip(trips, q.way.dates.trips, strict=True), start=1):
        label = f"trip {number}: " if len(trips) > 1 else ""
        deadline = q.vat.deadlines[number - 1]
        steps.append(Step(trip.arrive, "arrive", f"{label}arrive at Incheon; pick up a traveller "
                          "eSIM at the airport (passport only); check in"))  # fmt: skip
        papers = " and the VAT certificate" if deadline is not None else ""
        for session, who in zip(dates.sessions, dates.who, strict=True):
            done += 1
            if one:
                what = f"session {done} of {counts[who[0][1]]}"
            else:
                each = []
                for person, t in who:
                    had[person, t] = had.get((person, t), 0) + 1
                    each.append(f"person {person + 1}: {t} {had[person, t]} of {counts[t]}")
                what = "sessions (" + "; ".join(each) + ")"
            steps.append(Step(session, "session", f"{what} at {where}: "
                              f"bring your passport (registration{papers}); "
                              f"after-care: {aftercare}"))  # fmt: skip
            steps.append(
                Step(session + dt.timedelta(days=1), "recovery", _recovery(treatment, session))
            )
        if deadline is not None:
            steps.append(Step(trip.depart, "vat_refund", "at the airport, before check-in: claim "
                              "the VAT refund at a kiosk with the clinic's certificate and your "
                              f"passport (leave Korea by {deadline.isoformat()})"))  # fmt: skip
        steps.append(Step(trip.depart, "depart", _departure(treatment, trip)))
        visa = visa_text(data, trip.nights, len(trip.sessions))
        if visa:
            steps.append(Step(trip.arrive, "visa", visa))
    return sorted(steps, key=lambda s: (s.date, ORDER.index(s.kind)))


def _departure(treatment: Treatment, trip: Trip) -> str:
    hours = treatment.min_hours_before_flying
    after = (trip.depart - trip.sessions[-1]).days
    return (
        f"fly home after {times(trip.nights, 'night')} in Seoul, {times(after, 'day')} after the "
        f"last session (at least {times(hours, 'hour')}, to let the skin settle)"
    )


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
