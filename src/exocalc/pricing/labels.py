"""The words of a quote's lines: what each line counts, over every trip of the way."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from exocalc.data.model import Dataset
from exocalc.pricing.prepared import Prepared
from exocalc.request import Resolved, origin_name

if TYPE_CHECKING:
    from exocalc.pricing.model import Way


def times(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).normalize():f}"


def clinic_text(r: Resolved, data: Dataset) -> str:
    """What prices the treatment: the clinic's name, or the tier."""
    what = data.clinics[r.clinic].name if r.clinic else f"{r.tier} tier"
    return f"{what}, your price" if r.price is not None else what


def line_label(line_id: str, r: Resolved, shared: Prepared, way: Way) -> str:
    """The line's words; the same words for the same counts are made once per dataset."""
    trips = len(way.trips)
    key: tuple[Any, ...]
    if line_id == "treatment":
        key = (r.treatment, r.tier, r.clinic, r.price is None, r.sessions)
    elif line_id in ("hotel", "daily"):
        key = (r.hotel, sum(t.nights for t in way.trips), trips, r.rooms)
    elif line_id == "vat_refund":
        key = (way.vat.refunded, way.vat.sessions)
    elif line_id == "addons":
        key = (r.addon, r.sessions)
    elif line_id == "contingency":
        key = (r.contingency,)
    else:  # flights, eSIM, the couple discount
        key = (r.origin, trips)
    key = (line_id, r.travellers, *key)
    found: str | None = shared.labels.get(key)
    if found is None:
        found = shared.labels[key] = _label(line_id, r, shared.data, way)
    return found


def _label(line_id: str, r: Resolved, data: Dataset, way: Way) -> str:
    trips = len(way.trips)
    each = f"{trips} trips x " if trips > 1 else "x "
    people = r.travellers
    if line_id == "treatment":
        return (
            f"{r.treatment.capitalize()} treatment, {clinic_text(r, data)} "
            f"({times(r.sessions, 'session')} x {times(people, 'person', 'people')})"
        )
    if line_id == "addons":
        names = ", ".join(data.addons[a].name for a in r.addon)
        return f"Add-ons: {names} (x {r.sessions * people})"
    if line_id == "couple_discount":
        rate = data.discounts.couple.rate
        return f"Couple discount ({pct(rate.low)}-{pct(rate.high)} %)"
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
    if line_id == "flights":
        return f"Flights from {origin_name(data, r.origin)} ({each}{people})"
    nights = sum(t.nights for t in way.trips)
    if line_id == "hotel":
        spread = f" in {trips} trips" if trips > 1 else ""
        return (
            f"{data.trip.hotels[r.hotel].name} ({times(nights, 'night')}{spread} "
            f"x {times(r.rooms, 'room')})"
        )
    if line_id == "daily":
        return f"Meals, transport ({times(nights + trips, 'day')} x {people})"
    if line_id == "esim":
        return f"eSIM ({each}{people})"
    return f"Contingency ({(r.contingency or Decimal(0)).normalize():f} % of the rest)"
