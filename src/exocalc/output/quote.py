"""`exocalc quote` output: a line-item table, the JSON contract (docs/json.md), CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from exocalc.money import PIVOT_CURRENCY, Range3
from exocalc.output.charts import bar_lines
from exocalc.output.common import csv_provenance, provenance, show, write_csv, write_json
from exocalc.output.fmt import money_text, symbol
from exocalc.output.programme import draw_programme
from exocalc.output.record import Records, parsed
from exocalc.pricing.model import Quote

if TYPE_CHECKING:
    from rich.console import Console


def quote_document(q: Quote, today: dt.date) -> dict[str, Any]:
    """The quote's JSON record (output/record.py), read back: to indent it."""
    document: dict[str, Any] = parsed(Records(today).quote(q))
    return document


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


def write_quote_csv(q: Quote, out: IO[str]) -> None:
    cur = q.currency
    rows: list[list[Any]] = [[pl.id, pl.label, cur, *pl.amount, *pl.krw] for pl in q.lines]
    rows.append(["total", "Total", cur, *q.total, *q.total_krw])
    if q.home is not None and q.savings is not None:
        no_krw = (None, None, None)
        rows.append(["home", f"At home ({q.home.name})", cur, *q.home.total, *no_krw])
        rows.append(["savings", "Savings against home", cur, *q.savings, *no_krw])
    write_csv(CSV_HEADER, rows, out, csv_provenance(q.rates, q.prices_as_of))


# From this width the table shows KRW low, typical and high too, not only the typical.
WIDE_TABLE_COLUMNS = 120


def draw_quote(con: Console, q: Quote, today: dt.date, chart: bool) -> None:
    from rich import box
    from rich.table import Table

    p, cur = q.request, q.currency
    in_krw = cur == PIVOT_CURRENCY
    won = symbol(PIVOT_CURRENCY) or PIVOT_CURRENCY
    krw_columns = (
        ()
        if in_krw
        else (f"Low {won}", f"Typical {won}", f"High {won}")
        if con.width >= WIDE_TABLE_COLUMNS
        else (f"Typical {won}",)
    )
    people = f"{p.travellers} traveller{'s' if p.travellers > 1 else ''}"
    way = f"{q.way.label}, " if p.sessions > 1 else ""
    title = (
        f"Exosome {p.treatment} in Seoul from {p.origin.replace('_', ' ').title()}, {people}, "
        f"{way}treatment {p.date.isoformat()}, in {cur}"
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

    for pl in q.lines:
        row(pl.label + (" *" if pl.estimate else ""), pl.amount, pl.krw)
    table.add_section()
    row("Total", q.total, q.total_krw, style="bold")
    if q.home is not None and q.savings is not None:
        row(f"At home ({q.home.name})", q.home.total, None)
        row("Savings (least, typical, most)", q.savings, None, style="bold")
    row("Break-even home price a session", q.break_even_per_session, None)
    if q.cashback_rate:
        row(f"Cashback points ({p.booking}), not subtracted", q.cashback, None)

    con.print(table)
    if chart:
        draw_cost_chart(con, q)
    if p.sessions > 1:
        draw_programme(con, q)
    for note in q.notes:
        con.print(f"- {note}")
    for line in provenance(q.prices_as_of, q.rates, today, q.vat.reason):
        con.print(line)


def draw_cost_chart(con: Console, q: Quote) -> None:
    """The typical cost of each line as a bar: where the money goes."""
    from rich.text import Text

    items = [(pl.id.replace("_", " "), pl.amount.typical) for pl in q.lines]
    con.print(f"\nWhere the money goes (typical, {q.currency}):")
    for line in bar_lines(items, q.currency, width=min(con.width, 100)):
        con.print(Text(line), no_wrap=True, crop=False)


def write_quote(
    q: Quote,
    fmt: str,
    out: IO[str],
    today: dt.date,
    chart: bool = False,
    export: Path | None = None,
) -> None:
    if fmt == "json":
        write_json(quote_document(q, today), out)
    elif fmt == "csv":
        write_quote_csv(q, out)
    elif fmt == "plain":
        out.write(format(q.total.typical, "f") + "\n")
    show(out, fmt, export, lambda con: draw_quote(con, q, today, chart))
