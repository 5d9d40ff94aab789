"""`exocalc plan` output: the quote's way day by day, and every way the programme fits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, TYPE_CHECKING

from exocalc.output.common import (
    Views,
    csv_provenance,
    default_date,
    note_text,
    provenance,
    write,
)
from exocalc.output.fmt import Display, money_text, range_text
from exocalc.output.layout import Column, Row, draw_table, note, say
from exocalc.output.programme import draw_programme, party_words, treated_words
from exocalc.output.used import quote_currencies
from exocalc.pricing.itinerary import Step
from exocalc.pricing.model import Quote
from exocalc.words import times

if TYPE_CHECKING:
    from rich.console import Console

    from exocalc.data.model import Dataset
    from exocalc.output import shapes

# Notes plan leaves out: the lines and the home price are quote's to show, and the visa is a
# step of the plan already.
QUOTE_ONLY = frozenset({"estimates", "home_claim", "visa"})


def plan_document(
    q: Quote, steps: list[Step], today: dt.date, data: Dataset | None = None
) -> shapes.Plan:
    from exocalc.output import shapes  # msgspec: only for JSON, a table starts without
    from exocalc.output.record import Records, also, inputs, per_person, programme, three

    return shapes.Plan(
        currency=q.currency,
        inputs=inputs(q.request),
        way=q.way.label,
        itinerary=[
            shapes.Step(date=s.date, weekday=f"{s.date:%a}", kind=s.kind, text=s.text)
            for s in steps
        ],
        trips=[
            shapes.PlanTrip(
                arrive=t.arrive, depart=t.depart, sessions=list(t.sessions), nights=t.nights,
                vat_refund_sessions=t.refunded, leave_korea_by=deadline, people=t.people,
                total=three(t.total),
            )
            for t, deadline in zip(q.way.trips, q.vat.deadlines, strict=True)
        ],
        total=three(q.total),
        per_person=per_person(q),
        also=also(q),
        programme=programme(q),
        **Records(today, data).trust(q),
    )  # fmt: skip


def draw_plan(
    con: Console,
    q: Quote,
    steps: list[Step],
    today: dt.date,
    display: Display,
    undated: bool = False,
) -> None:
    p, cur = q.request, q.currency
    title = [
        f"Plan: exosome {treated_words(p)} from {p.origin.replace('_', ' ').title()}",
        times(p.sessions if p.sessions is not None else q.calendar.count, "session"),
        *([party_words(p)] if len(p.people) > 1 else []),
        q.way.label,
        f"in {cur}",
    ]
    columns = [Column("Day"), Column("What", wraps=True, min_width=20)]
    styles = {"session": "bold", "vat_refund": "bold", "visa": "bold"}
    rows = [
        Row(step.date.isoformat(), [f"{step.date:%a}", step.text], style=styles.get(step.kind, ""))
        for step in steps
    ]
    subtitle = default_date(p.date) if undated else ""
    draw_table(con, title, "Date", columns, rows, label_min=10, subtitle=subtitle)
    share = q.per_person
    each = f"; {money_text(share.typical, cur, display)} each" if share is not None else ""
    others = "".join(f"; {money_text(a.total.typical, a.currency, display)}" for a in q.also)
    say(
        con,
        f"Cost, all in: {money_text(q.total.typical, cur, display)} typical "
        f"({range_text(q.total, cur, display)})"
        f"{others}{each}; `exocalc quote` with the same options has the lines.",
    )
    if len(q.calendar.sessions) > 1:
        draw_programme(con, q, display)
    for n in q.notes:
        if n.kind not in QUOTE_ONLY:
            note(con, note_text(n))
    for line in provenance(q.prices_as_of, q.rates, today, q.vat.reason, q.currency):
        say(con, line)


def _page(q: Quote, data: Dataset, today: dt.date, steps: list[Step]) -> str:
    from exocalc.output.page import quote_page

    return quote_page(q, data, today, steps, plan=True)


def write_plan(
    q: Quote,
    steps: list[Step],
    fmt: str,
    out: IO[str],
    today: dt.date,
    display: Display,
    export: Path | None = None,
    undated: bool = False,
    data: Dataset | None = None,
) -> None:
    """The plan in `fmt`; `undated`: no --date was given (the table's header says so)."""
    views = Views(
        draw=lambda con: draw_plan(con, q, steps, today, display, undated),
        document=lambda: plan_document(q, steps, today, data),
        rows=lambda: (
            ["date", "weekday", "kind", "what"],
            [[s.date, f"{s.date:%a}", s.kind, s.text] for s in steps],
            csv_provenance(q.rates, q.prices_as_of, quote_currencies(q, data)),
        ),
        plain=lambda: "".join(f"{s.date.isoformat()}  {s.text}\n" for s in steps),  # a day a line
        page=None if data is None else lambda: _page(q, data, today, steps),
    )
    write(fmt, out, views, display, export)
