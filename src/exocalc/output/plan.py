"""`exocalc plan` output: the itinerary day by day, the programme's cost both ways."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from exocalc.output.common import (
    csv_provenance,
    provenance,
    scenarios,
    show,
    trust_fields,
    write_csv,
    write_json,
)
from exocalc.output.fmt import money_text, range_text
from exocalc.output.programme import draw_programme, programme_document
from exocalc.programme import Option, Programme, Step

if TYPE_CHECKING:
    from rich.console import Console

SCHEMA = "exocalc.plan/1"


def plan_document(
    option: Option, steps: list[Step], prog: Programme | None, currency: str, today: dt.date
) -> dict[str, Any]:
    first = option.trips[0].quote.in_currency(currency)
    return {
        "schema": SCHEMA,
        "currency": currency,
        "way": option.label,
        "itinerary": [
            {"date": s.date, "weekday": f"{s.date:%a}", "kind": s.kind, "text": s.text}
            for s in steps
        ],
        "trips": [
            {
                "arrive": t.arrive,
                "depart": t.depart,
                "sessions": list(t.sessions),
                "nights": t.quote.plan.nights,
                "total": scenarios(t.quote.in_currency(currency).total),
            }
            for t in option.trips
        ],
        "total": scenarios(option.total(currency)),
        "programme": programme_document(prog, currency) if prog else None,
        **trust_fields(first, today),
    }


def draw_plan(
    con: Console,
    option: Option,
    steps: list[Step],
    prog: Programme | None,
    currency: str,
    today: dt.date,
) -> None:
    from rich import box
    from rich.table import Table

    q = option.trips[0].quote
    p = q.plan
    sessions = sum(len(t.sessions) for t in option.trips)
    con.print(
        f"Plan: exosome {p.treatment} from {p.origin.replace('_', ' ').title()}, "
        f"{sessions} session{'s' if sessions > 1 else ''}, {option.label}, in {currency}"
    )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Day", no_wrap=True)
    table.add_column("What", ratio=1)
    styles = {"session": "bold", "vat_refund": "bold", "visa": "bold"}
    for step in steps:
        table.add_row(
            step.date.isoformat(), f"{step.date:%a}", step.text, style=styles.get(step.kind, "")
        )
    con.print(table)
    total = option.total(currency)
    con.print(
        f"Cost, all in: {money_text(total.typical, currency)} typical "
        f"({range_text(total, currency)}); `exocalc quote` with the same options has the lines."
    )
    if prog is not None:
        draw_programme(con, prog, currency)
    for line in provenance(q.prices_as_of, q.rates, today, q.vat.reason):
        con.print(line)


def write_plan(
    option: Option,
    steps: list[Step],
    prog: Programme | None,
    currency: str,
    fmt: str,
    out: IO[str],
    today: dt.date,
    export: Path | None = None,
) -> None:
    if fmt == "json":
        write_json(plan_document(option, steps, prog, currency, today), out)
    elif fmt == "csv":
        rows = [[s.date, f"{s.date:%a}", s.kind, s.text] for s in steps]
        q = option.trips[0].quote
        write_csv(
            ["date", "weekday", "kind", "what"], rows, out, csv_provenance(q.rates, q.prices_as_of)
        )
    elif fmt == "plain":
        for s in steps:
            out.write(f"{s.date.isoformat()}  {s.text}\n")
    show(out, fmt, export, lambda con: draw_plan(con, option, steps, prog, currency, today))
