"""What a reader of a quote should know, as typed notes: assumptions, estimates, the way chosen
and why, the visa the stay needs, the refund's deadline, the age of the data. Words and dates
here; the amounts they name are Money, which the output layer writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from exocalc.data.model import Clinic, Dataset, PriceRange
from exocalc.pricing.calendar import Calendar
from exocalc.pricing.labels import pct
from exocalc.pricing.lines import LINE_NAMES
from exocalc.pricing.model import Money, Note
from exocalc.pricing.prepared import Prepared
from exocalc.request import Resolved, default_tier, origin_name
from exocalc.words import times

if TYPE_CHECKING:
    from exocalc.pricing.model import Home, PricedLine, Way

# Data older than this, counted back from the treatment date, gets a note.
STALE_DATA_DAYS = 180


def first_notes(
    r: Resolved, data: Dataset, clinic: Clinic | None, way: Way, today: dt.date
) -> tuple[Note, ...]:
    """The notes that change what the total means, said first: a trip in the past, a clinic
    priced at a tier it may not be in. (The other two such, the visa and an assumed price,
    are the quote's caveats.)"""
    notes = []
    arrive = way.trips[0].arrive
    if arrive < today:
        notes.append(
            _note(
                "past",
                f"The trip arrives {arrive.isoformat()}, before today ({today.isoformat()}): a "
                "trip already under way, or a quote kept for the record; give --date for a trip "
                "to come",
            )
        )
    unpriced = any(t not in clinic.prices for t in r.treatments) if clinic else False
    if clinic and clinic.tier is None and r.price is None and unpriced:
        notes.append(
            _note(
                "tier",
                f"{clinic.name}'s tier is not known: priced at the {default_tier(data)} tier; "
                "pass --price with the clinic's own quote",
            )
        )
    return tuple(notes)


def quote_notes(
    r: Resolved,
    shared: Prepared,
    clinic: Clinic | None,
    cal: Calendar,
    way: Way,
    ways: Sequence[Way],
    lines: Sequence[PricedLine],
    home: Home | None,
    first: tuple[Note, ...],
    caveats: tuple[Note, ...],
) -> tuple[Note, ...]:
    data = shared.data
    notes = list(first)
    if r.travellers >= data.discounts.couple.min_travellers and any(
        ln.id == "couple_discount" for ln in lines
    ):
        together = r.travellers if r.treatment else None
        notes.append(shared.memo(("couple note", together), lambda: _couple(together)))
    notes += _refund_notes(data, way)
    estimated = tuple(ln.id for ln in lines if ln.facts.estimate)
    if estimated:
        notes.append(shared.memo(("estimates note", estimated), lambda: _estimates(estimated)))
    if len(cal.sessions) > 1:
        notes += _way_notes(r, shared, cal, way, ways)
    if r.interval is not None:
        notes += _interval_notes(r, data, cal)
    notes += caveats
    age = (r.date - data.as_of).days
    if age > STALE_DATA_DAYS:
        notes.append(
            _note(
                "stale_data",
                f"The data is from {data.as_of.isoformat()}, {age} days before the treatment "
                "date: prices may have changed since; check them with the clinic",
            )
        )
    home_region = home.region if home else None
    notes += shared.memo(("home note", r.origin, home_region), lambda: _home_notes(r, data, home))
    notes += shared.memo(
        ("channel notes", r.booking, r.clinic), lambda: _channel_notes(r, data, clinic)
    )
    return tuple(notes)


def _note(kind: str, *parts: str | Money) -> Note:
    return Note(kind, parts)


def _couple(travellers: int | None) -> Note:
    who = f"{travellers} of you" if travellers else "those of you treated the same day"
    return _note(
        "couple",
        f"The couple discount assumes {who} book the same time slot; "
        "the seed says many clinics, not all, give it",
    )


def _estimates(estimated: tuple[str, ...]) -> Note:
    return _note(
        "estimates",
        f"Estimates (*), not quotes: {', '.join(LINE_NAMES[i] for i in estimated)} "
        "(override with --price, --flight, --hotel, --nights)",
    )


def _channel_notes(r: Resolved, data: Dataset, clinic: Clinic | None) -> list[Note]:
    notes = []
    channel = data.booking_channels[r.booking] if r.booking else None
    if channel is not None and channel.cashback_rate:
        notes.append(
            _note(
                "channel",
                f"{channel.name} cashback: {pct(channel.cashback_rate)} % of the clinic bill as "
                "points for meals or hotels; reported, never subtracted from the total",
            )
        )
    elif channel is not None and r.booking != "direct":
        # Booking through an app changes nothing in the data's prices: say so, and why.
        why = "an assumption" if data.sources[channel.source].kind == "estimate" else "the data"
        notes.append(
            _note(
                "channel",
                f"Booking through {channel.name}: no cashback ({why}), and the clinic's own "
                "prices; ask the app for its quote",
            )
        )
    listed = clinic is None or channel is None or r.booking in (*clinic.booking, "direct")
    if clinic is not None and channel is not None and not listed:
        notes.append(_note("channel", f"{clinic.name} is not listed on {channel.name} in the data"))
    return notes


def _refund_notes(data: Dataset, way: Way) -> list[Note]:
    deadlines = [(n, d) for n, d in enumerate(way.vat.deadlines, start=1) if d is not None]
    if not deadlines:
        return []
    if len(way.trips) == 1:
        by = deadlines[0][1].isoformat()
    else:
        by = ", ".join(f"{d.isoformat()} (trip {n})" for n, d in deadlines)
    rule = data.rules.vat_refund
    return [
        _note(
            "refund",
            f"To claim the refund: leave Korea by {by} with the clinic's certificate and your "
            "passport; refunds at airport kiosks, or downtown under ",
            Money("KRW", rule.downtown_limit_krw),
        )
    ]


def _way_notes(
    r: Resolved, shared: Prepared, cal: Calendar, way: Way, ways: Sequence[Way]
) -> list[Note]:
    data = shared.data
    lead = cal.series[0]
    interval = data.treatments[lead.treatment].interval_days
    count = len(cal.sessions)
    if interval is None:
        spacing = f"{count} {lead.treatment} sessions {times(cal.interval_days, 'day')} apart"
    else:
        spacing = (
            f"{count} {lead.treatment} sessions {interval.low}-{interval.high} days apart"
            f"{_said_by(data, interval.source)}, priced {times(cal.interval_days, 'day')} apart"
        )
    if len(cal.series) > 1:
        spacing += ", the party's other sessions on days of the same trips"
    cheapest = min(ways, key=lambda w: w.rank()) if r.trips is not None else way
    parts: list[str | Money] = []
    if way is not cheapest:
        dearer = way.total.typical - cheapest.total.typical
        parts = [
            f"{spacing}: {way.label}, as asked (--trips {r.trips}), is ",
            Money(r.currency, dearer, whole=False),
            f" (typical) dearer than the cheapest way, {cheapest.label}",
        ]
    elif r.trips is not None:
        parts = [f"{spacing}: {way.label}, as asked (--trips {r.trips}), the cheapest way"]
    elif len(ways) > 1:
        parts = [f"{spacing}: {way.label} is the cheapest of {len(ways)} ways (--trips N "
                 "prices another)"]  # fmt: skip
    else:
        parts = [f"{spacing}: {way.label}, the one way that fits"]
    notes = [_note("way", *parts)]
    limits = r.max_trips is not None or r.max_days_away is not None
    if cal.left_out and (limits or (r.nights is not None and r.trips is None)):
        left_out = "; ".join(cal.left_out.values())
        given = f"With {times(r.nights, 'night')} a trip, left" if r.nights is not None else "Left"
        notes.append(_note("way", f"{given} out: {left_out}"))
    return notes


def _said_by(data: Dataset, source_id: str | None) -> str:
    """Whose an interval is: ours (an estimate), or an estimate citing a source."""
    source = data.sources.get(source_id or "")
    if source is None:
        return ""
    if source.kind == "estimate":
        return " (an estimate)"
    return f" (an estimate citing {source.title.split(':')[0]})"


def _interval_notes(r: Resolved, data: Dataset, cal: Calendar) -> list[Note]:
    """A warning where --interval puts a treatment's sessions outside the data's range."""
    if r.interval is None:
        return []
    notes = []
    for s in cal.series:
        found = data.treatments[s.treatment].interval_days
        if s.count < 2 or found is None or found.low <= r.interval <= found.high:
            continue
        what = "shorter" if r.interval < found.low else "longer"
        said = _said_by(data, found.source)
        notes.append(
            _note(
                "interval",
                f"--interval {r.interval}: {s.treatment} sessions {times(r.interval, 'day')} "
                f"apart, {what} than the {found.low}-{found.high} days the data gives{said}",
            )
        )
    return notes


def given_notes(
    r: Resolved, shared: Prepared, price: PriceRange, fare: PriceRange, home: Home | None
) -> tuple[Note, ...]:
    """Each amount the user gave in another currency than the quote's (and than KRW, which
    the lines show beside it), and what it came to."""
    given = [("Your price a session", price, r.price), ("Your fare a person", fare, r.flight)]
    if home is not None:
        given.append(("Your home price a session", home.per_session, r.home_price))
    notes = []
    for what, amount, asked in given:
        # In KRW, a line's won column shows it as given already.
        if asked is not None and amount.currency not in (r.currency, "KRW"):
            shown = shared.rounder(r.currency).amount(shared.krw(amount)).typical
            notes.append(
                _note(
                    "given",
                    f"{what}: ",
                    Money(amount.currency, amount.low, whole=False),
                    " = ",
                    Money(r.currency, shown, whole=False),
                )
            )
    return tuple(notes)


def assumed_price(r: Resolved, price: PriceRange, shared: Prepared, treatment: str) -> Note | None:
    """The treatment's price, where it is an assumption of ours rather than a source's."""
    if r.price is not None or not shared.estimate((price.source,)):
        return None
    # The data's note says why ("An assumption: the seed gives no scalp price, ..."): its
    # reason, after the colon, is what the note needs.
    reason = (price.note or "").removeprefix("An assumption:").strip().rstrip(".")
    why = f": {reason[:1].lower()}{reason[1:]}" if reason else ""
    return _note(
        "assumed_price",
        f"The {treatment} price per session is an assumption, not a quote{why} "
        "(--price gives the clinic's)",
    )


def visa_text(data: Dataset, nights: int, sessions: int = 1) -> str | None:
    """What a stay of this many nights (with this many sessions) needs, when it is more than
    the visa-free days: one sentence, true for the stay (quote's note and plan's step)."""
    visa = data.visa
    if visa is None or nights <= visa.visa_free_days:
        return None
    stay = f"A stay of {times(nights, 'night')} is longer than "
    stay += times(visa.visa_free_days, "visa-free day")
    if nights <= visa.medical_visa_days:
        return (
            f"{stay}: it needs a {visa.medical_visa} medical visa (the clinic issues a Letter of "
            f"Reservation; it covers up to {times(visa.medical_visa_days, 'day')})"
        )
    return (
        f"{stay}, and than the {visa.medical_visa} medical visa's "
        f"{times(visa.medical_visa_days, 'day')}: "
        + ("split the programme into trips (--trips N)" if sessions > 1 else "a shorter stay "
           "(--nights N)") + ", or check the visa your passport allows"
    )  # fmt: skip


def _home_notes(r: Resolved, data: Dataset, home: Home | None) -> list[Note]:
    if home is None:
        return [
            _note(
                "no_home",
                f"No home price for {origin_name(data, r.origin)} in the data: savings are left "
                "out; give --home-price AMOUNT (a session at home) to add them",
            )
        ]
    if home.region == "your_price":
        return []
    region = data.regions[home.region]
    p = region.price_per_session
    return [
        _note(
            "home_claim",
            f"The home price for {region.name} (",
            Money(p.currency, p.low, p.high),
            f" a session) is one article's claim (source: {region.source}), not a quote",
        )
    ]
