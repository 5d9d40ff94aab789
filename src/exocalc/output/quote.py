"""`exocalc quote` output: a line-item table, the JSON contract (docs/json.md), CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from exocalc.money import PIVOT_CURRENCY, Range3
from exocalc.output.charts import bar_lines
from exocalc.output.common import (
    Views,
    csv_provenance,
    default_date,
    note_text,
    provenance,
    write,
)
from exocalc.output.fmt import Display, money_text
from exocalc.output.layout import Column, Row, draw_table, note, say
from exocalc.output.programme import draw_programme, party_words, treated_words
from exocalc.output.used import quote_currencies
from exocalc.pricing.lines import LINE_NAMES
from exocalc.pricing.model import Quote

if TYPE_CHECKING:
    from rich.console import Console

    from exocalc.data.model import Dataset
    from exocalc.output import shapes


def quote_document(q: Quote, today: dt.date, data: Dataset | None = None) -> shapes.Quote:
    """The quote's JSON record (output/record.py)."""
    from exocalc.output.record import Records  # msgspec: only for JSON, a table starts without

    record: shapes.Quote = Records(today, data).quote(q)
    return record


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


def quote_rows_csv(
    q: Quote, data: Dataset | None = None
) -> tuple[Sequence[str], list[list[Any]], dict[str, Any]]:
    """The quote's CSV: a line a row, then the total, the home price and the savings."""
    cur = q.currency
    rows: list[list[Any]] = [[pl.id, pl.label, cur, *pl.amount, *pl.krw] for pl in q.lines]
    rows.append(["total", "Total", cur, *q.total, *q.total_krw])
    if q.home is not None and q.savings is not None:
        no_krw = (None, None, None)
        rows.append(["home", f"At home ({q.home.name})", cur, *q.home.total, *no_krw])
        rows.append(["savings", "Savings against home", cur, *q.savings, *no_krw])
    return CSV_HEADER, rows, csv_provenance(q.rates, q.prices_as_of, quote_currencies(q, data))


def quote_title(q: Quote) -> list[str]:
    """The title's parts: what, from where, for whom, when, in what currency."""
    p = q.request
    several = len(q.calendar.sessions) > 1
    count = p.sessions if p.sessions is not None else q.calendar.count
    sessions = f"{count} sessions from " if several else ""
    return [
        f"Exosome {treated_words(p)} in Seoul from {p.origin.replace('_', ' ').title()}",
        party_words(p),
        f"{sessions}{p.date.isoformat()}",
        *([q.way.label] if several else []),
        f"in {q.currency}",
    ]


def quote_rows(q: Quote, display: Display) -> tuple[list[Column], list[Row]]:
    """The quote's lines and totals; KRW columns beside the output currency's, when they fit."""
    cur = q.currency
    won = display.symbol(PIVOT_CURRENCY) or PIVOT_CURRENCY
    columns = [Column(f"{name} {won}", drop=2 if name != "Typical" else 1)
               for name in ("Low", "Typical", "High")] if cur != PIVOT_CURRENCY else []  # fmt: skip
    columns += [Column(name) for name in ("Low", "Typical", "High")]
    rows: list[Row] = []

    def row(label: str, cells: Sequence[str], krw: Range3 | None, **how: Any) -> None:
        krw_cells = [
            money_text(v, PIVOT_CURRENCY, display) if krw else "" for v in krw or Range3.zero()
        ]
        rows.append(Row(label, [*krw_cells[: len(columns) - 3], *cells], **how))

    def money(r: Range3) -> list[str]:
        return [money_text(v, cur, display) for v in r]

    for pl in q.lines:
        row(pl.label + ("*" if pl.estimate else ""), money(pl.amount), pl.krw)  # never alone
    row("Total", money(q.total), q.total_krw, style="bold", rule=True)
    if q.per_person is not None:
        row(f"Per person ({q.travellers} travellers)", money(q.per_person), None)
    for a in q.also:
        label = f"Total in {a.currency} (1 {cur} = {a.rate:f} {a.currency})"
        row(label, [money_text(v, a.currency, display) for v in a.total], None)
    if q.home is not None and q.savings is not None:
        row(f"At home ({q.home.name})", money(q.home.total), None)
        # A loss is no negative saving: it is written on a row of its own, as what it costs.
        saves_some = any(v >= 0 for v in q.savings)
        if saves_some:
            saves = [money_text(v, cur, display) if v >= 0 else "" for v in q.savings]
            row("Saves (least, typical, most)", saves, None, style="bold")
        if any(v < 0 for v in q.savings):
            costs = [money_text(-v, cur, display) if v < 0 else "" for v in q.savings]
            label = "Or costs more than at home" if saves_some else "Costs more than at home"
            row(f"{label} (least, typical, most)", costs, None, style="bold")
    row("Break-even home price a session", money(q.break_even_per_session), None)
    if q.cashback_rate:
        row("Cashback points, not subtracted", money(q.cashback), None)
    return columns, rows


def draw_quote(
    con: Console, q: Quote, today: dt.date, chart: bool, display: Display, undated: bool = False
) -> None:
    columns, rows = quote_rows(q, display)
    subtitle = default_date(q.request.date) if undated else ""
    draw_table(con, quote_title(q), "Item", columns, rows, subtitle=subtitle)
    if chart:
        draw_cost_chart(con, q, display)
    if len(q.calendar.sessions) > 1:
        draw_programme(con, q, display)
    for text in q.notes:
        note(con, note_text(text))
    for line in provenance(q.prices_as_of, q.rates, today, q.vat.reason, q.currency):
        say(con, line)


def draw_cost_chart(con: Console, q: Quote, display: Display) -> None:
    """The typical cost of each line as a bar: where the money goes."""
    from rich.text import Text

    items = [(LINE_NAMES[pl.id], pl.amount.typical) for pl in q.lines]
    con.print()
    say(con, f"Where the money goes (typical, {q.currency}):")
    for line in bar_lines(items, q.currency, display, width=min(con.width, 100)):
        con.print(Text(line), no_wrap=True, crop=False)


def _page(q: Quote, data: Dataset, today: dt.date) -> str:
    from exocalc.output.page import quote_page
    from exocalc.pricing.itinerary import itinerary

    return quote_page(q, data, today, itinerary(q, data), plan=False)


def write_quote(
    q: Quote,
    fmt: str,
    out: IO[str],
    today: dt.date,
    display: Display,
    chart: bool = False,
    export: Path | None = None,
    undated: bool = False,
    data: Dataset | None = None,
) -> None:
    """The quote in `fmt`; `undated`: no --date was given (the table's header says so)."""
    views = Views(
        draw=lambda con: draw_quote(con, q, today, chart, display, undated),
        document=lambda: quote_document(q, today, data),
        rows=lambda: quote_rows_csv(q, data),
        plain=lambda: format(q.total.typical, "f") + "\n",  # the typical total alone
        page=None if data is None else lambda: _page(q, data, today),
    )
    write(fmt, out, views, display, export)
