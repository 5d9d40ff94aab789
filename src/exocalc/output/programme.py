"""A programme of several sessions, for `quote` and `plan`: every way it fits, priced."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exocalc.output.fmt import money_text
from exocalc.pricing.model import Quote

if TYPE_CHECKING:
    from rich.console import Console


def draw_programme(con: Console, q: Quote) -> None:
    from rich import box
    from rich.table import Table

    cal, cur = q.calendar, q.currency
    best, runner_up = q.cheapest, q.runner_up
    con.print(
        f"\nThe programme: {len(cal.sessions)} sessions {cal.interval_days} days apart, "
        f"{cal.sessions[0].isoformat()} to {cal.sessions[-1].isoformat()}"
    )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Way", ratio=1)
    for name in ("Low", "Typical", "High"):
        table.add_column(name, justify="right", no_wrap=True)
    for way in q.ways:
        marks = [m for m, on in (("cheapest", way is best), ("quoted", way is q.way)) if on]
        mark = f" ({', '.join(marks)})" if marks else ""
        table.add_row(way.label + mark, *(money_text(v, cur) for v in way.total))
    con.print(table)
    if runner_up is not None:
        saves = runner_up.total.typical - best.total.typical
        con.print(
            f"Cheapest: {best.label}, by {money_text(saves, cur)} (typical) against "
            f"{runner_up.label}. Every trip is priced in full: flights, hotel, meals, eSIM."
        )
