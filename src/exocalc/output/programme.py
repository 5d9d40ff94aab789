"""A multi-session programme, for `quote` and `plan`: one long stay against repeated trips."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from exocalc.output.common import scenarios
from exocalc.output.fmt import money_text
from exocalc.programme import Programme

if TYPE_CHECKING:
    from rich.console import Console


def programme_document(prog: Programme, currency: str) -> dict[str, Any]:
    best, _, saves = prog.cheaper(currency)
    return {
        "sessions": [d.isoformat() for d in prog.sessions],
        "interval_days": prog.interval_days,
        "options": [
            {
                "way": "stay" if len(o.trips) == 1 else "trips",
                "label": o.label,
                "sessions_per_trip": o.per_trip,
                "trips": len(o.trips),
                "nights": sum(t.quote.plan.nights for t in o.trips),
                "total": scenarios(o.total(currency)),
            }
            for o in prog.options
        ],
        "recommended": best.label,
        "saves_typical": saves,
    }


def draw_programme(con: Console, prog: Programme, currency: str) -> None:
    from rich import box
    from rich.table import Table

    best, other, saves = prog.cheaper(currency)
    con.print(
        f"\nThe programme: {len(prog.sessions)} sessions {prog.interval_days} days apart, "
        f"{prog.sessions[0].isoformat()} to {prog.sessions[-1].isoformat()}"
    )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Way", ratio=1)
    for name in ("Low", "Typical", "High"):
        table.add_column(name, justify="right", no_wrap=True)
    shown = [prog.stay] + ([other] if other is not None and other is not prog.stay else [])
    if best not in shown:
        shown.append(best)
    for option in shown:
        total = option.total(currency)
        mark = " (cheaper)" if option is best else ""
        table.add_row(option.label + mark, *(money_text(v, currency) for v in total))
    con.print(table)
    if other is not None:
        con.print(
            f"Cheaper: {best.label}, by {money_text(saves, currency)} (typical). Every trip "
            "is priced in full: flights, hotel, meals, eSIM."
        )
