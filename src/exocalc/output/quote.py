"""`exocalc quote` output: a line-item table, the JSON contract (docs/json.md), CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from exocalc.money import PIVOT_CURRENCY, Range3
from exocalc.output.charts import bar_lines
from exocalc.output.common import (
    csv_provenance,
    provenance,
    scenarios,
    show,
    trust_fields,
    write_csv,
    write_json,
)
from exocalc.output.fmt import money_text
from exocalc.output.programme import draw_programme, programme_document
from exocalc.pricing import PricedQuote
from exocalc.programme import Programme

if TYPE_CHECKING:
    from rich.console import Console

SCHEMA = "exocalc.quote/1"


def quote_document(
    pq: PricedQuote, today: dt.date, prog: Programme | None = None
) -> dict[str, Any]:
    q = pq.quote
    p = q.plan
    price = p.price_per_session
    return {
        "schema": SCHEMA,
        "currency": pq.currency,
        "inputs": {
            "treatment": p.treatment,
            "tier": p.tier,
            "clinic": p.clinic,
            "price_per_session": {
                **scenarios(price.range3()),
                "currency": price.currency,
                "source": price.source,
            },
            "sessions": p.sessions,
            "travellers": p.travellers,
            "origin": p.origin,
            "nights": p.nights,
            "hotel": p.hotel,
            "rooms": p.rooms,
            "date": p.date,
            "vat_refund": p.vat_refund,
            "addons": list(p.addons),
            "booking": p.booking,
            "contingency_pct": p.contingency_pct,
        },
        "lines": [
            {
                "id": pl.line.id,
                "label": pl.line.label,
                **scenarios(pl.amount),
                "krw": scenarios(pl.krw),
                "estimate": pl.line.estimate,
                "sources": list(pl.line.sources),
            }
            for pl in pq.lines
        ],
        "total": scenarios(pq.total),
        "total_krw": scenarios(pq.total_krw),
        "savings": scenarios(pq.savings) if pq.savings else None,
        "break_even_per_session": scenarios(pq.break_even_per_session),
        "cashback_points": {
            "channel": p.booking,
            "rate": q.cashback_rate,
            **scenarios(pq.cashback),
        },
        "programme": programme_document(prog, pq.currency) if prog else None,
        **trust_fields(pq, today),
    }


CSV_HEADER = (
    "id",
    "label",
    "currency",
    "low",
    "typical",
    "high",
    "krw_low",
    "krw_typical",
    "krw_high",
)


def write_quote_csv(pq: PricedQuote, out: IO[str]) -> None:
    rows: list[list[Any]] = [
        [pl.line.id, pl.line.label, pq.currency, *pl.amount, *pl.krw] for pl in pq.lines
    ]
    rows.append(["total", "Total", pq.currency, *pq.total, *pq.total_krw])
    if pq.home_total is not None and pq.savings is not None and pq.quote.home:
        no_krw = (None, None, None)
        rows.append(
            ["home", f"At home ({pq.quote.home.name})", pq.currency, *pq.home_total, *no_krw]
        )
        rows.append(["savings", "Savings against home", pq.currency, *pq.savings, *no_krw])
    write_csv(CSV_HEADER, rows, out, csv_provenance(pq.quote.rates, pq.quote.prices_as_of))


# From this width the table shows KRW low, typical and high too, not only the typical.
WIDE_TABLE_COLUMNS = 120


def draw_quote(
    con: Console, pq: PricedQuote, today: dt.date, prog: Programme | None, chart: bool
) -> None:
    from rich import box
    from rich.table import Table

    q, p, cur = pq.quote, pq.quote.plan, pq.currency
    in_krw = cur == PIVOT_CURRENCY
    krw_columns = (
        ()
        if in_krw
        else ("Low ₩", "Typical ₩", "High ₩")
        if con.width >= WIDE_TABLE_COLUMNS
        else ("Typical ₩",)
    )
    people = f"{p.travellers} traveller{'s' if p.travellers > 1 else ''}"
    title = (
        f"Exosome {p.treatment} in Seoul from {p.origin.replace('_', ' ').title()}, {people}, "
        f"treatment {p.date.isoformat()}, in {cur}"
    )
    table = Table(
        title=title, box=box.SIMPLE_HEAD, title_justify="left", show_edge=False, pad_edge=False
    )
    table.add_column("Item", ratio=1, min_width=18)
    for name in krw_columns:
        table.add_column(name, justify="right", no_wrap=True)
    for name in ("Low", "Typical", "High"):
        table.add_column(name, justify="right", no_wrap=True)

    def row(label: str, amounts: Range3, krw: Range3 | None, style: str = "") -> None:
        krw_cells: list[str] = []
        if krw is not None and len(krw_columns) == 3:
            krw_cells = [money_text(v, PIVOT_CURRENCY) for v in krw]
        elif krw is not None and krw_columns:
            krw_cells = [money_text(krw.typical, PIVOT_CURRENCY)]
        else:
            krw_cells = [""] * len(krw_columns)
        table.add_row(label, *krw_cells, *(money_text(v, cur) for v in amounts), style=style)

    for pl in pq.lines:
        row(pl.line.label + (" *" if pl.line.estimate else ""), pl.amount, pl.krw)
    table.add_section()
    row("Total", pq.total, pq.total_krw, style="bold")
    if q.home is not None and pq.home_total is not None and pq.savings is not None:
        row(f"At home ({q.home.name})", pq.home_total, None)
        row("Savings (least, typical, most)", pq.savings, None, style="bold")
    row("Break-even home price a session", pq.break_even_per_session, None)
    if q.cashback_rate:
        row(f"Cashback points ({p.booking}), not subtracted", pq.cashback, None)

    con.print(table)
    if chart:
        draw_cost_chart(con, pq)
    if prog is not None:
        draw_programme(con, prog, cur)
    for note in q.notes:
        con.print(f"- {note}")
    for line in provenance(q.prices_as_of, q.rates, today, q.vat.reason):
        con.print(line)


def draw_cost_chart(con: Console, pq: PricedQuote) -> None:
    """The typical cost of each line as a bar: where the money goes."""
    from rich.text import Text

    items = [(pl.line.id.replace("_", " "), pl.amount.typical) for pl in pq.lines]
    con.print(f"\nWhere the money goes (typical, {pq.currency}):")
    for line in bar_lines(items, pq.currency, width=min(con.width, 100)):
        con.print(Text(line), no_wrap=True, crop=False)


def write_quote(
    pq: PricedQuote,
    fmt: str,
    out: IO[str],
    today: dt.date,
    prog: Programme | None = None,
    chart: bool = False,
    export: Path | None = None,
) -> None:
    if fmt == "json":
        write_json(quote_document(pq, today, prog), out)
    elif fmt == "csv":
        write_quote_csv(pq, out)
    elif fmt == "plain":
        out.write(format(pq.total.typical, "f") + "\n")
    show(out, fmt, export, lambda con: draw_quote(con, pq, today, prog, chart))
