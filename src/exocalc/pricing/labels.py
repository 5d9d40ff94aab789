"""The words of a quote's lines: what each line counts, over every trip of the way."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from exocalc.data.model import Dataset
from exocalc.pricing.prepared import Prepared
from exocalc.request import Resolved, origin_name
from exocalc.words import times

if TYPE_CHECKING:
    from exocalc.pricing.model import Way


def pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).normalize():f}"


def clinic_text(r: Resolved, data: Dataset) -> str:
    """What prices the treatment: the clinic's name, or the tier."""
    what = data.clinics[r.clinic].name if r.clinic else f"{r.tier} tier"
    return f"{what}, your price" if r.price is not None else what


def line_label(line_id: str, r: Resolved, shared: Prepared, way: Way) -> str:
    """The line's words; the same words for the same counts are made once per dataset."""
    key: tuple[Any, ...]
    if line_id == "treatment":
        counts = _counts(r, way) if r.sessions is None else ()
        key = (r.treatment, r.tier, r.clinic, r.price is None, r.sessions, counts)
    elif line_id in ("hotel", "daily"):
        trips = way.trips
        nights = (trips[0].nights,) if len(trips) == 1 else tuple(t.nights for t in trips)
        key = (r.hotel, nights, way.people)
    elif line_id == "vat_refund":
        key = (way.vat.refunded, way.vat.sessions)
    elif line_id == "addons":
        key = (r.addon, sum(t.count for t in way.trips))
    elif line_id == "contingency":
        key = (r.contingency,)
    else:  # flights, eSIM, the couple discount
        key = (r.origin, len(way.trips), way.people)
    key = (line_id, r.travellers, *key)
    found: str | None = shared.labels.get(key)
    if found is None:
        found = shared.labels[key] = _label(line_id, r, shared.data, way)
    return found


def _counts(r: Resolved, way: Way) -> tuple[tuple[str, int], ...]:
    """Sessions of each treatment over the way, when the party has several (else ())."""
    if r.sessions is not None:
        return ()
    counts: dict[str, int] = {}
    for trip in way.dates.trips:
        for day in trip.who:
            for _, t in day:
                counts[t] = counts.get(t, 0) + 1
    return tuple(counts.items())


def _label(line_id: str, r: Resolved, data: Dataset, way: Way) -> str:
    trips = len(way.trips)
    people = {t.people for t in way.trips}
    same = len(people) == 1  # the same people on every trip
    each = f"{trips} trips x " if trips > 1 else "x "
    if line_id == "treatment":
        if r.sessions is None:  # several treatments: each its own programme
            counts = ", ".join(f"{t} x {times(n, 'session')}" for t, n in _counts(r, way))
            return f"Treatment, {clinic_text(r, data)} ({counts})"
        return (
            f"{' and '.join(r.treatment).capitalize()} treatment, {clinic_text(r, data)} "
            f"({times(r.sessions, 'session')} x {times(r.travellers, 'person', 'people')})"
        )
    if line_id == "addons":
        names = ", ".join(data.addons[a].name for a in r.addon)
        return f"Add-ons: {names} (x {sum(t.count for t in way.trips)})"
    if line_id == "couple_discount":
        rate = data.discounts.couple.rate
        return f"Couple discount ({pct(rate.low)}-{pct(rate.high)} %, sessions treated together)"
    if line_id == "vat_refund":
        rule = data.rules.vat_refund
        decision = way.vat
        covers = (
            times(decision.sessions, "session")
            if decision.refunded == decision.sessions
            else f"{decision.refunded} of {decision.sessions} sessions"
        )
        return (
            f"VAT refund, {covers} (paid x {pct(rule.vat_rate)}/{pct(1 + rule.vat_rate)} "
            f"less {pct(rule.operator_fee_rate)} % fee)"
        )
    travelling = (
        f"{each}{way.trips[0].people}"
        if same
        else times(sum(t.people for t in way.trips), "person-trip")
    )
    if line_id == "flights":
        return f"Flights from {origin_name(data, r.origin)} ({travelling})"
    nights = sum(t.nights for t in way.trips)
    if line_id == "hotel":
        spread = f" in {trips} trips" if trips > 1 else ""
        rooms = {t.rooms for t in way.trips}
        if len(rooms) == 1:
            return (
                f"{data.trip.hotels[r.hotel].name} ({times(nights, 'night')}{spread} "
                f"x {times(way.trips[0].rooms, 'room')})"
            )
        room_nights = sum(t.nights * t.rooms for t in way.trips)
        return (
            f"{data.trip.hotels[r.hotel].name} ({times(nights, 'night')}{spread}, "
            f"{times(room_nights, 'room-night')})"
        )
    if line_id == "daily":
        if same:
            return f"Meals, transport ({times(nights + trips, 'day')} x {way.trips[0].people})"
        person_days = sum((t.nights + 1) * t.people for t in way.trips)
        return f"Meals, transport ({times(person_days, 'person-day')})"
    if line_id == "esim":
        return f"eSIM ({travelling})"
    return f"Contingency ({(r.contingency or Decimal(0)).normalize():f} % of the rest)"
