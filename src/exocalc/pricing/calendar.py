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
from typing import Any

from exocalc.data.model import Dataset, Treatment
from exocalc.errors import FieldError, Named
from exocalc.request import Resolved
from exocalc.words import times

ONE_DAY = dt.timedelta(days=1)


# Who has a session on a day: (person, treatment) pairs, the person an index of the party.
Who = tuple[tuple[int, str], ...]


@dataclass(slots=True)
class TripDates:
    arrive: dt.date
    depart: dt.date
    sessions: tuple[dt.date, ...]  # the days with sessions, in order
    who: tuple[Who, ...]  # who has which session on each of those days
    count: int  # sessions on this trip, every person's

    @property
    def nights(self) -> int:
        return (self.depart - self.arrive).days


@dataclass(slots=True)
class WayDates:
    """One way of fitting the programme in: its trips, in order."""

    trips: tuple[TripDates, ...]
    _label: str | None = None
    _days_away: int = 0

    @property
    def sizes(self) -> tuple[int, ...]:
        """Days with sessions, a trip."""
        return tuple(len(t.sessions) for t in self.trips)

    @property
    def days_away(self) -> int:
        """Days in Seoul over all the way's trips, the days of arrival and departure counted:
        what the way costs in time to whoever goes on every trip (someone always does)."""
        if not self._days_away:
            self._days_away = sum(t.nights + 1 for t in self.trips)
        return self._days_away

    @property
    def long_haul(self) -> int:
        """Long-haul round trips that person flies."""
        return len(self.trips)

    @property
    def label(self) -> str:
        if self._label is None:
            self._label = self._words()
        return self._label

    def _words(self) -> str:
        if len(self.trips) == 1:
            return f"one stay of {times(self.trips[0].nights, 'night')}"
        sizes = self.sizes
        if len(set(sizes)) == 1:
            each = f"{times(sizes[0], 'session')} each"
        else:
            each = " + ".join(str(s) for s in sizes) + " sessions"
        return f"{len(self.trips)} trips, {each}"


@dataclass(slots=True)
class Series:
    """One treatment's sessions for the people who have it: `count` sessions `gap` days
    apart, at most `most` days apart where they are fitted into another treatment's trips."""

    treatment: str
    people: tuple[int, ...]
    count: int
    gap: int
    most: int

    @property
    def span(self) -> int:
        return (self.count - 1) * self.gap


@dataclass(slots=True)
class Calendar:
    """The programme's dates and every way that fits, fewest trips first. The ways are cut
    from the lead series (the one that takes longest); the others are fitted into its trips."""

    sessions: tuple[dt.date, ...]  # the lead series' days
    interval_days: int  # between the lead's sessions
    recovery_days: int  # from the last session of a trip to its earliest flight home
    ways: tuple[WayDates, ...]
    left_out: dict[int, str]  # the ways that do not fit, by their number of trips, and why
    series: tuple[Series, ...] = ()
    count: int = 1  # sessions, every person's


def interval_days(treatment: Treatment, asked: int | None = None) -> int:
    """Days between sessions: the asked interval, else the treatment's shortest; on
    consecutive days when the data gives none."""
    if asked is not None:
        return asked
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


@dataclass(slots=True)
class Party:
    """The party's series and what the calendar needs of them, worked out once a party."""

    series: tuple[Series, ...]  # the lead first
    recovery: int  # days: the longest any treatment needs before flying
    count: int  # sessions, every person's
    together: Who  # who has a session on each of the lead's days
    others: tuple[Series, ...]  # the series fitted into the lead's trips, way by way


_PARTIES: dict[tuple[Any, ...], tuple[Dataset, Party]] = {}


def party_of(r: Resolved, data: Dataset) -> Party:
    """The party's series, the lead (the one that takes longest; a tie goes to more sessions,
    then to the party's order) first. Parties repeat row after row: each is worked out once a
    dataset."""
    key = (id(data), r.people, r.sessions, r.interval)
    found = _PARTIES.get(key)
    if found is not None and found[0] is data:
        return found[1]
    series = _series(r, data)
    lead = series[0]
    made = Party(
        series,
        max(recovery_days(data.treatments[s.treatment]) for s in series),
        sum(s.count * len(s.people) for s in series),
        tuple((p, s.treatment) for s in series if _same_days(s, lead) for p in s.people),
        tuple(s for s in series if not _same_days(s, lead)),
    )
    if len(_PARTIES) >= 4096:
        _PARTIES.clear()
    _PARTIES[key] = (data, made)  # the data kept beside it: its id cannot be reused
    return made


def _series(r: Resolved, data: Dataset) -> tuple[Series, ...]:
    found: dict[str, list[int]] = {}
    for n, person in enumerate(r.people):
        for t in person:
            found.setdefault(t, []).append(n)
    series = []
    for t, people in found.items():
        treatment = data.treatments[t]
        gap = interval_days(treatment, r.interval)
        count = r.sessions if r.sessions is not None else treatment.programme_sessions
        most = max(gap, treatment.interval_days.high if treatment.interval_days else gap)
        series.append(Series(t, tuple(people), count, gap, most))
    series.sort(key=lambda s: (-s.span, -s.count))
    return tuple(series)


def plan(r: Resolved, data: Dataset, default_nights: int) -> Calendar:
    """Every way of fitting the party's sessions into trips, or a FieldError naming what to
    change when none fits. Every way is worked out, whatever `trips` asks: the quote says
    what the others cost."""
    cast = party_of(r, data)
    series, recovery, count = cast.series, cast.recovery, cast.count
    # The series that keep the lead's days, together; the others are fitted in, way by way.
    together, others = cast.together, cast.others
    lead = series[0]
    gap = lead.gap
    if lead.count == 1 and not others:  # most trips: one session, one way
        sessions: tuple[dt.date, ...] = (r.date,)
        needed = 1 + recovery
        if r.nights is None or r.nights >= needed:
            stay = r.nights if r.nights is not None else max(default_nights, needed)
            arrive = r.date - ONE_DAY
            depart = arrive + dt.timedelta(days=stay)
            trip = TripDates(arrive, depart, sessions, (together,), len(together))
            return Calendar(sessions, gap, recovery, (WayDates((trip,)),), {}, series, count)
    sessions = tuple(r.date + dt.timedelta(days=i * gap) for i in range(lead.count))
    ways: list[WayDates] = []
    left_out: dict[int, str] = {}  # by the number of trips
    for trips in range(1, lead.count + 1):
        way = _way(sessions, trips, r.nights, default_nights, recovery, together)
        if isinstance(way, WayDates) and others:
            way = _fit(way, others, r.date, recovery)
        if isinstance(way, WayDates):
            ways.append(way)
        else:
            left_out[trips] = way
    if not ways or (r.trips is not None and r.trips in left_out):
        raise _nothing_fits(r, sessions, gap, recovery, left_out)
    if r.max_trips is not None or r.max_days_away is not None:
        ways = _within_limits(r, ways, left_out)
    return Calendar(sessions, gap, recovery, tuple(ways), left_out, series, count)


def _within_limits(r: Resolved, ways: list[WayDates], left_out: dict[int, str]) -> list[WayDates]:
    """The ways within --max-trips and --max-days-away; the others left out, with why. None
    left: a FieldError naming the limit."""
    kept = []
    for way in ways:
        trips, days = len(way.trips), way.days_away
        if r.max_trips is not None and trips > r.max_trips:
            left_out[trips] = f"{_trips(trips)}: more than --max-trips {r.max_trips}"
        elif r.max_days_away is not None and days > r.max_days_away:
            left_out[trips] = (
                f"{_trips(trips)}: {_days(days)} away, more than --max-days-away {r.max_days_away}"
            )
        else:
            kept.append(way)
    if kept:
        return kept
    trips_fit = [w for w in ways if r.max_trips is None or len(w.trips) <= r.max_trips]
    if r.max_days_away is None:
        fewest = min(len(w.trips) for w in ways)
        raise FieldError(
            "max_trips", Named("max_trips"), f" {r.max_trips} leaves no way: the fewest trips "
            f"that fit are {fewest}",
        )  # fmt: skip
    least = min(w.days_away for w in trips_fit or ways)
    if not trips_fit or (r.max_trips is not None and len(trips_fit) < len(ways)):
        shortest = min(w.days_away for w in ways)
        if shortest <= r.max_days_away and r.max_trips is not None:
            raise FieldError(
                "max_days_away", Named("max_trips"), f" {r.max_trips} and ", Named("max_days_away"),
                f" {r.max_days_away} leave no way together: within {r.max_trips} trips, the "
                f"shortest is {_days(least)} away",
            )  # fmt: skip
        least = shortest
    raise FieldError(
        "max_days_away", Named("max_days_away"), f" {r.max_days_away} leaves no way: the "
        f"shortest is {_days(least)} away",
    )  # fmt: skip


def _same_days(s: Series, lead: Series) -> bool:
    return s.count == lead.count and (s.gap == lead.gap or s.count == 1)


def _way(
    sessions: tuple[dt.date, ...],
    count: int,
    nights: int | None,
    default: int,
    recovery: int,
    together: Who,
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
        depart = arrive + dt.timedelta(days=stay)
        trips.append(TripDates(arrive, depart, chunk, (together,) * size, size * len(together)))
    for before, after in itertools.pairwise(trips):
        if before.depart >= after.arrive:
            return f"{_trips(count)} would overlap"
    return WayDates(tuple(trips))


def _fit(
    way: WayDates, others: tuple[Series, ...], first: dt.date, recovery: int
) -> WayDates | str:
    """The other series fitted into the way's trips: each session on the first day of a trip
    at least its gap after the one before (the first on the first day), and no more than its
    `most` days after it; else the way does not fit."""
    booked: dict[dt.date, list[tuple[int, str]]] = {}
    count = len(way.trips)
    for s in others:
        before: dt.date | None = None
        for n in range(s.count):
            earliest = first if before is None else before + dt.timedelta(days=s.gap)
            day = _first_day(way.trips, earliest, recovery)
            if day is None or (before is not None and (day - before).days > s.most):
                return (
                    f"{_trips(count)} leave{'s' if count == 1 else ''} no day for {s.treatment} "
                    f"session {n + 1} within {_days(s.most)} of the one before"
                )
            booked.setdefault(day, []).extend((p, s.treatment) for p in s.people)
            before = day
    trips = []
    for trip in way.trips:
        days = dict(zip(trip.sessions, trip.who, strict=True))
        for day, who in booked.items():
            if trip.arrive < day <= trip.depart:
                days[day] = days.get(day, ()) + tuple(who)
        order = sorted(days)
        each = tuple(days[d] for d in order)
        count = sum(len(day) for day in each)
        trips.append(TripDates(trip.arrive, trip.depart, tuple(order), each, count))
    return WayDates(tuple(trips))


def _first_day(trips: tuple[TripDates, ...], earliest: dt.date, recovery: int) -> dt.date | None:
    """The first day from `earliest` on which a trip can hold a session: after its arrival,
    `recovery` days before it leaves."""
    for trip in trips:
        day = max(earliest, trip.arrive + ONE_DAY)
        if day <= trip.depart - dt.timedelta(days=recovery):
            return day
    return None


def _days(n: int) -> str:
    return times(n, "day")


def _trips(count: int) -> str:
    return "one stay" if count == 1 else f"{count} trips"


def _nothing_fits(
    r: Resolved,
    sessions: tuple[dt.date, ...],
    gap: int,
    recovery: int,
    left_out: dict[int, str],
) -> FieldError:
    why = list(left_out.values())
    hours = recovery * 24
    shortest = nights_needed(sessions[:1], recovery)
    rule = f"arrive the day before a session, leave {times(hours, 'hour')} after the last"
    if r.nights is not None and r.nights < shortest:
        return FieldError(
            "nights", Named("nights"), f" {r.nights} is too few: a trip needs at least "
            f"{shortest} nights ({rule})",
        )  # fmt: skip
    programme = f"{len(sessions)} sessions {_days(gap)} apart" if len(sessions) > 1 else "a session"
    if r.trips is not None:
        given = (" with ", Named("nights"), f" {r.nights}") if r.nights is not None else ()
        asked = left_out.get(r.trips, why[0])
        return FieldError(
            "trips", Named("trips"), f" {r.trips}", *given, f" does not fit {programme}: "
            f"{asked} ({rule})",
        )  # fmt: skip
    if r.nights is None:  # a party whose other treatments fit no trips of the lead's
        return FieldError(
            "people", Named("people"), f" fit no way of doing {programme}: {why[0]}; give "
            "a longer stay with ", Named("nights"), " or another ", Named("interval"),
        )  # fmt: skip
    whole = nights_needed(sessions, recovery)
    advice = f"give at least {whole}"
    if gap - 1 >= shortest:  # trips of one session fit when they end before the next begins
        advice = f"trips of {r.nights} would overlap; {advice}, or at most {gap - 1} a trip"
    return FieldError(
        "nights", Named("nights"), f" {r.nights} fits no way of doing {programme}: one stay "
        f"needs at least {whole} nights; {advice}",
    )  # fmt: skip
