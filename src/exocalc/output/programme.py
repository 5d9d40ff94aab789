"""A programme of several sessions, for `quote` and `plan`: every way it fits, priced."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exocalc.output.fmt import Display, money_text
from exocalc.output.layout import Column, Row, draw_table, say
from exocalc.pricing.model import Quote

if TYPE_CHECKING:
    from rich.console import Console


def draw_programme(con: Console, q: Quote, display: Display) -> None:
    cal, cur = q.calendar, q.currency
    best, runner_up = q.cheapest, q.runner_up
    con.print()
    say(
        con,
        f"The programme: {len(cal.sessions)} sessions {cal.interval_days} days apart, "
        f"{cal.sessions[0].isoformat()} to {cal.sessions[-1].isoformat()}",
    )
    rows = []
    for way in q.ways:
        marks = [m for m, on in (("cheapest", way is best), ("quoted", way is q.way)) if on]
        mark = f" ({', '.join(marks)})" if marks else ""
        rows.append(Row(way.label + mark, [money_text(v, cur, display) for v in way.total]))
    columns = [Column(name) for name in ("Low", "Typical", "High")]
    draw_table(con, [], "Way", columns, rows)
    if runner_up is not None:
        saves = runner_up.total.typical - best.total.typical
        say(
            con,
            f"Cheapest: {best.label}, by {money_text(saves, cur, display)} (typical) against "
            f"{runner_up.label}. Every trip is priced in full: flights, hotel, meals, eSIM.",
        )
