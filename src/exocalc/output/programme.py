"""A programme of several sessions, for `quote` and `plan`: every way it fits, priced."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exocalc.output.fmt import Display, money_text
from exocalc.output.layout import Column, Row, draw_table, say
from exocalc.pricing.model import Quote
from exocalc.words import times

if TYPE_CHECKING:
    from rich.console import Console

    from exocalc.request import Resolved


def treated_words(p: Resolved) -> str:
    """What the party has done: `hair`, `skin and hair`."""
    return " and ".join(p.treatments)


def party_words(p: Resolved) -> str:
    """Who travels: `1 traveller`, `2 travellers`, or each kind of person counted."""
    people = f"{len(p.people)} traveller{'s' if len(p.people) > 1 else ''}"
    if p.treatment and not p.companions:
        return people
    kinds: dict[str, int] = {}
    for person in p.people:
        kind = "+".join(person) or ("companion" if p.companions == 1 else "companions")
        kinds[kind] = kinds.get(kind, 0) + 1
    return f"{people}: " + ", ".join(f"{n} {kind}" for kind, n in kinds.items())


def draw_programme(con: Console, q: Quote, display: Display) -> None:
    """Every way, with what it costs in money and in time (a person's days away and long-haul
    round trips); the cheapest marked, and what the quoted way costs more when it is not."""
    cal, cur = q.calendar, q.currency
    best, runner_up = q.cheapest, q.runner_up
    con.print()
    lead = cal.series[0].treatment if len(cal.series) > 1 else ""
    say(
        con,
        f"The programme: {len(cal.sessions)} {lead + ' ' if lead else ''}sessions "
        f"{times(cal.interval_days, 'day')} apart, {cal.sessions[0].isoformat()} to "
        f"{cal.sessions[-1].isoformat()}",
    )
    rows = []
    for way in q.ways:
        marks = [m for m, on in (("cheapest", way is best), ("quoted", way is q.way)) if on]
        mark = f" ({', '.join(marks)})" if marks else ""
        cells = [str(way.days_away), str(way.long_haul)]
        rows.append(
            Row(way.label + mark, [*cells, *(money_text(v, cur, display) for v in way.total)])
        )
    # Nothing drops out: a narrow terminal gets a card a way, its time beside its cost.
    columns = [Column(name) for name in ("Days away", "Flights", "Low", "Typical", "High")]
    draw_table(con, [], "Way", columns, rows)
    dearer = q.dearer
    if dearer is not None:
        say(
            con,
            f"Quoted: {q.way.label}, {money_text(dearer, cur, display)} (typical) dearer than "
            f"the cheapest way, {best.label}.",
        )
    elif runner_up is not None:
        saves = runner_up.total.typical - best.total.typical
        say(
            con,
            f"Cheapest: {best.label}, by {money_text(saves, cur, display)} (typical) against "
            f"{runner_up.label}.",
        )
    say(
        con,
        "Days away and flights are those of a person who goes on every trip (long-haul "
        "round trips). Every trip is priced in full: flights, hotel, meals, eSIM.",
    )
    if cal.left_out:
        say(con, "Left out: " + "; ".join(cal.left_out.values()) + ".")
