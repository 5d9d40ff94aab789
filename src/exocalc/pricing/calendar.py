"""When things happen: the sessions' dates, and every way of fitting them into trips that can
really happen. No prices here.

A trip arrives the day before its first session and leaves no earlier than the treatment's
recovery time after its last; the nights it is priced for are the nights between arrival and
departure. Trips of one way never overlap. A way that cannot keep these rules is not a way.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass

from exocalc.data.model import Treatment
from exocalc.errors import FieldError, Named
from exocalc.request import Resolved

ONE_DAY = dt.timedelta(days=1)


@dataclass(slots=True)
class TripDates:
    arrive: dt.date
    depart: dt.date
    sessions: tuple[dt.date, ...]

    @property
    def nights(self) -> int:
        return (self.depart - self.arrive).days


@dataclass(slots=True)
class WayDates:
    """One way of fitting the programme in: its trips, in order."""

    trips: tuple[TripDates, ...]
    _label: str | None = None

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(t.sessions) for t in self.trips)

    @property
    def label(self) -> str:
        if self._label is None:
            self._label = self._words()
        return self._label

    def _words(self) -> str:
        if len(self.trips) == 1:
            nights = self.trips[0].nights
            return f"one stay of {nights} night{'s' if nights != 1 else ''}"
        sizes = self.sizes
        if len(set(sizes)) == 1:
            each = f"{sizes[0]} session{'s' if sizes[0] > 1 else ''} each"
        else:
            each = " + ".join(str(s) for s in sizes) + " sessions"
        return f"{len(self.trips)} trips, {each}"


@dataclass(slots=True)
class Calendar:
    """The programme's dates and every way that fits, fewest trips first."""

    sessions: tuple[dt.date, ...]
    interval_days: int  # between sessions
    recovery_days: int  # from the last session of a trip to its earliest flight home
    ways: tuple[WayDates, ...]
    left_out: tuple[str, ...]  # the ways that do not fit, and why, for a note


def interval_days(treatment: Treatment) -> int:
    """Sessions at the treatment's shortest interval; on consecutive days when it has none."""
    return treatment.interval_days.low if treatment.interval_days else 1


def recovery_days(treatment: Treatment) -> int:
    return math.ceil(treatment.min_hours_before_flying / 24)


def nights_needed(sessions: tuple[dt.date, ...], recovery: int) -> int:
    """Arrive the day before the first session, leave `recovery` days after the last."""
    return (sessions[-1] - sessions[0]).days + 1 + recovery


def split(count: int, trips: int) -> list[int]:
    """Sessions a trip, as even as can be, the larger trips first: 5 in 2 is 3 + 2."""
    base, extra = divmod(count, trips)
    return [base + 1] * extra + [base] * (trips - extra)


def plan(r: Resolved, treatment: Treatment, default_nights: int) -> Calendar:
    """Every way of fitting the request's sessions into trips (only the one asked for, with
    `trips`), or a FieldError naming what to change when none fits."""
    gap = interval_days(treatment)
    recovery = recovery_days(treatment)
    if r.sessions == 1:  # most trips: one session, one way
        sessions: tuple[dt.date, ...] = (r.date,)
        needed = 1 + recovery
        if r.nights is None or r.nights >= needed:
            stay = r.nights if r.nights is not None else max(default_nights, needed)
            arrive = r.date - ONE_DAY
            trip = TripDates(arrive, arrive + dt.timedelta(days=stay), sessions)
            return Calendar(sessions, gap, recovery, (WayDates((trip,)),), ())
    sessions = tuple(r.date + dt.timedelta(days=i * gap) for i in range(r.sessions))
    counts = [r.trips] if r.trips is not None else list(range(1, r.sessions + 1))
    ways: list[WayDates] = []
    left_out: list[str] = []
    for count in counts:
        way = _way(sessions, count, r.nights, default_nights, recovery)
        if isinstance(way, WayDates):
            ways.append(way)
        else:
            left_out.append(way)
    if not ways:
        raise _nothing_fits(r, sessions, gap, recovery, treatment, left_out)
    return Calendar(sessions, gap, recovery, tuple(ways), tuple(left_out))


def _way(
    sessions: tuple[dt.date, ...], count: int, nights: int | None, default: int, recovery: int
) -> WayDates | str:
    trips: list[TripDates] = []
    start = 0
    for size in split(len(sessions), count):
        chunk = sessions[start : start + size]
        start += size
        needed = nights_needed(chunk, recovery)
        if nights is not None and nights < needed:
            return f"{_trips(count)} need{'s' if count == 1 else ''} at least {needed} nights"
        arrive = chunk[0] - ONE_DAY
        stay = nights if nights is not None else max(default, needed)
        trips.append(TripDates(arrive, arrive + dt.timedelta(days=stay), chunk))
    for before, after in itertools.pairwise(trips):
        if before.depart >= after.arrive:
            return f"{_trips(count)} would overlap"
    return WayDates(tuple(trips))


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _trips(count: int) -> str:
    return "one stay" if count == 1 else f"{count} trips"


def _nothing_fits(
    r: Resolved,
    sessions: tuple[dt.date, ...],
    gap: int,
    recovery: int,
    treatment: Treatment,
    why: list[str],
) -> FieldError:
    hours = treatment.min_hours_before_flying
    shortest = nights_needed(sessions[:1], recovery)
    rule = f"arrive the day before a session, leave {hours} hours after the last"
    if r.nights is not None and r.nights < shortest:
        return FieldError(
            "nights", Named("nights"), f" {r.nights} is too few: a trip needs at least "
            f"{shortest} nights ({rule})",
        )  # fmt: skip
    programme = f"{len(sessions)} sessions {_days(gap)} apart" if len(sessions) > 1 else "a session"
    if r.trips is not None:
        given = (" with ", Named("nights"), f" {r.nights}") if r.nights is not None else ()
        return FieldError(
            "trips", Named("trips"), f" {r.trips}", *given, f" does not fit {programme}: "
            f"{why[0]} ({rule})",
        )  # fmt: skip
    whole = nights_needed(sessions, recovery)
    advice = f"give at least {whole}"
    if gap - 1 >= shortest:  # trips of one session fit when they end before the next begins
        advice = f"trips of {r.nights} would overlap; {advice}, or at most {gap - 1} a trip"
    return FieldError(
        "nights", Named("nights"), f" {r.nights} fits no way of doing {programme}: one stay "
        f"needs at least {whole} nights; {advice}",
    )  # fmt: skip
