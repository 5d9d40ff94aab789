"""`exocalc compare` output: one table of destinations, JSON, CSV."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from exocalc.money import PIVOT_CURRENCY, Range3
from exocalc.output.charts import MARKER, bar_lines
from exocalc.output.common import (
    Views,
    csv_provenance,
    default_date,
    note_text,
    provenance,
    write,
)
from exocalc.output.fmt import (
    Display,
    folded,
    money_text,
    range_text,
    saving_text,
    savings_range_text,
)
from exocalc.output.layout import Cell, Column, draw_table, note, say
from exocalc.output.layout import Row as LayoutRow
from exocalc.output.programme import party_words, treated_words
from exocalc.output.used import quote_currencies
from exocalc.pricing.compare import Comparison, Destination
from exocalc.pricing.model import Quote

if TYPE_CHECKING:
    from rich.console import Console

    from exocalc.data.model import Dataset
    from exocalc.output import shapes


@dataclass(frozen=True)
class Row:
    """A destination with its amounts rounded into the output currency."""

    dest: Destination
    per_session: Range3
    trip: Quote | None
    home_total: Range3 | None  # only on the row of the traveller's home region


def rows_in(c: Comparison) -> list[Row]:
    home = c.base.home
    return [
        Row(
            dest=d,
            per_session=d.per_session_shown,
            trip=d.quote,
            home_total=home.total if d.is_home and home is not None else None,
        )
        for d in c.destinations
    ]


def destination_records(c: Comparison, line: bool = False) -> list[Any]:
    """The comparison's rows; as lines of `compare --format jsonl`, each with its `currency`."""
    from exocalc.output import shapes  # msgspec: only for JSON, a table starts without
    from exocalc.output.record import also, per_person, three

    shape = shapes.DestinationLine if line else shapes.Destination
    more = {"currency": c.base.currency} if line else {}
    records = []
    for r in rows_in(c):
        d, trip = r.dest, r.trip
        records.append(
            shape(
                id=d.id, name=d.name, kind=d.kind, per_session=three(r.per_session),
                per_session_currency_quoted=d.per_session.currency, wait=d.wait,
                product=d.product, delivery=d.delivery, tourist_ease=d.tourist_ease,
                source=d.source, is_home=d.is_home,
                way=trip.way.label if trip else None,
                total=three(trip.total) if trip else None,
                per_person=per_person(trip) if trip else None,
                also=also(trip) if trip else [],
                savings=three(trip.savings) if trip and trip.savings else None,
                home=three(r.home_total) if r.home_total else None,
                break_even_per_session=three(trip.break_even_per_session) if trip else None,
                **more,
            )
        )  # fmt: skip
    return records


def compare_currencies(c: Comparison, data: Dataset | None) -> tuple[str, ...]:
    """The currencies of every row's rates: each Seoul trip's, and each price a session as it
    is quoted; the comparison's own first, then the others in alphabetical order."""
    codes = [*quote_currencies(c.base, data)]
    for d in c.destinations:
        codes += [*(quote_currencies(d.quote, data) if d.quote else ()), d.per_session.currency]
    first, *rest = dict.fromkeys(codes)
    return (first, *sorted(code for code in rest if code != PIVOT_CURRENCY))


def compare_document(c: Comparison, today: dt.date, data: Dataset | None = None) -> shapes.Compare:
    from exocalc.output import shapes
    from exocalc.output.record import Records, inputs

    return shapes.Compare(
        currency=c.base.currency,
        inputs=inputs(c.base.request, compared=True),
        destinations=destination_records(c),
        **Records(today, data).trust(c.base, compare_currencies(c, data)),
    )


CSV_HEADER = (
    "id",
    "name",
    "kind",
    "currency",
    "per_session_low",
    "per_session_typical",
    "per_session_high",
    "total_low",
    "total_typical",
    "total_high",
    "savings_low",
    "savings_typical",
    "savings_high",
    "home_low",
    "home_typical",
    "home_high",
    "wait",
    "product",
    "delivery",
    "tourist_ease",
    "source",
)


def compare_rows(c: Comparison) -> list[list[Any]]:
    currency = c.base.currency
    empty = (None, None, None)
    rows = []
    for r in rows_in(c):
        d = r.dest
        rows.append(
            [
                d.id,
                d.name,
                d.kind,
                currency,
                *r.per_session,
                *(r.trip.total if r.trip else empty),
                *(r.trip.savings if r.trip and r.trip.savings else empty),
                *(r.home_total or empty),
                d.wait,
                d.product,
                d.delivery,
                d.tourist_ease,
                d.source,
            ]
        )
    return rows


QUALITIES = ("Wait", "Product", "Delivery", "Tourist ease")
# What each quality needs to wrap into readable lines; Product's longest word is
# "(investigational)".
QUALITY_WIDTHS = (12, 17, 12, 12)


def compare_title(c: Comparison) -> list[str]:
    p = c.base.request
    return [
        f"Exosome {treated_words(p)} from {p.origin.replace('_', ' ').title()}",
        *([f"{p.sessions} sessions"] if p.sessions is not None and p.sessions > 1 else []),
        party_words(p),
        c.base.way.label,
        f"in {c.base.currency}",
    ]


def compare_table(c: Comparison, display: Display) -> tuple[list[Column], list[LayoutRow]]:
    currency = c.base.currency
    columns = [Column("Per session")]
    columns += [Column(name, wraps=True, min_width=width, drop=1)
                for name, width in zip(QUALITIES, QUALITY_WIDTHS, strict=True)]  # fmt: skip
    columns += [Column("All-in trip"), Column("Saves")]
    rows = []
    for r in rows_in(c):
        d = r.dest
        trip: Cell = ""
        saves = ""
        if r.trip is not None:
            trip = _two_lines(r.trip.total, currency, display)
            trip = _with_share(trip, r.trip.per_person, currency, display)
            savings = r.trip.savings
            saves = (
                f"{saving_text(savings.typical, currency, display)}\n"
                f"{savings_range_text(savings, currency, display)}"
                if savings
                else "no home price"
            )
        elif r.home_total is not None:
            trip = _two_lines(r.home_total, currency, display)
        per_session = _two_lines(r.per_session, currency, display)
        cells: list[Cell] = [per_session, d.wait, d.product, d.delivery, d.tourist_ease, trip,
                             saves]  # fmt: skip
        home = " (home)" if d.is_home and "home" not in d.name.lower() else ""
        rows.append(LayoutRow(d.name + home, cells))
    return columns, rows


def draw_compare(
    con: Console,
    c: Comparison,
    today: dt.date,
    chart: bool,
    display: Display,
    undated: bool = False,
) -> None:
    base, currency = c.base, c.base.currency
    columns, table_rows = compare_table(c, display)
    subtitle = default_date(base.request.date) if undated else ""
    title = compare_title(c)
    shown = draw_table(con, title, "Destination", columns, table_rows, subtitle=subtitle)
    say(
        con,
        "Per session and all-in trip (treatment, flights, hotel, meals and transport, eSIM): "
        "typical, then low-high. Saves: typical, then least-most.",
    )
    rows = rows_in(c)
    even = ", ".join(
        f"{r.dest.name.removeprefix('Seoul ')} "
        f"{money_text(r.trip.break_even_per_session.typical, currency, display)} "
        f"({range_text(r.trip.break_even_per_session, currency, display)})"
        for r in rows
        if r.trip
    )
    say(con, f"Break-even home price a session, typical (low-high): {even}.")
    for line in _also_lines(rows, currency, display):
        say(con, line)
    if chart:
        draw_compare_chart(con, rows, currency, display)
    if shown is None or 1 not in shown:
        draw_qualities(con, rows)
    for caveat in base.caveats:
        note(con, note_text(caveat))
    for n in base.notes:  # how to add the savings the table leaves out
        if n.kind == "no_home":
            note(con, note_text(n))
    say(
        con,
        "Prices outside Seoul, and the qualities above, are one article's claims (source: seed).",
    )
    for line in provenance(base.prices_as_of, base.rates, today, base.vat.reason, base.currency):
        say(con, line)


def draw_qualities(con: Console, rows: list[Row]) -> None:
    """What you get where, when the main table had no room for it: the Seoul tiers share
    one description."""
    columns = [Column(name, wraps=True, min_width=width)
               for name, width in zip(QUALITIES, QUALITY_WIDTHS, strict=True)]  # fmt: skip
    seen: dict[tuple[str, ...], str] = {}
    for r in rows:
        key = (r.dest.wait, r.dest.product, r.dest.delivery, r.dest.tourist_ease)
        if any(key):  # a price of one's own has no qualities to show
            seen.setdefault(key, "Seoul" if r.dest.kind != "region" else r.dest.name)
    lines = [LayoutRow(name, list(key)) for key, name in seen.items()]
    con.print()
    draw_table(con, ["What you get"], "Where", columns, lines, label_min=9)


def _with_share(trip: Cell, share: Range3 | None, currency: str, display: Display) -> Cell:
    """The trip's cell, and each traveller's share under it when there are several."""
    if share is None:
        return trip
    each = f"\n{money_text(share.typical, currency, display)} each"
    return (trip[0] + each, trip[1] + each) if isinstance(trip, tuple) else trip + each


def _also_lines(rows: list[Row], currency: str, display: Display) -> list[str]:
    """Each Seoul trip's typical total in every `--also-currency`."""
    trips = [(r.dest.name.removeprefix("Seoul "), r.trip) for r in rows if r.trip is not None]
    lines = []
    for n, other in enumerate(trips[0][1].also if trips else ()):
        code = other.currency
        totals = ", ".join(
            f"{name} {money_text(q.also[n].total.typical, code, display)}" for name, q in trips
        )
        lines.append(
            f"All-in trip in {code} (1 {currency} = {other.rate:f} {code}), typical: {totals}."
        )
    return lines


def _range_cell(r: Range3, currency: str, display: Display) -> tuple[str, str]:
    """A range on one line, or on two where the columns are tight."""
    whole = range_text(r, currency, display)
    return (whole, folded(whole, display))


def _two_lines(r: Range3, currency: str, display: Display) -> Cell:
    """The typical amount, and the range under it (if there is one)."""
    typical = money_text(r.typical, currency, display)
    if r.low == r.high:
        return typical
    whole, narrow = _range_cell(r, currency, display)
    return f"{typical}\n{whole}", f"{typical}\n{narrow}"


def draw_compare_chart(con: Console, rows: list[Row], currency: str, display: Display) -> None:
    """The all-in cost of each Seoul trip as a bar, the price at home as a line across."""
    from rich.text import Text

    items = [(r.dest.name, r.trip.total.typical) for r in rows if r.trip is not None]
    home = next((r for r in rows if r.home_total is not None), None)
    marker = home.home_total.typical if home and home.home_total else None
    if home is not None and marker is not None:
        items.append((f"{home.dest.name}", marker))
    con.print(
        f"\nAll-in cost, typical, in {currency}"
        + (f" ({display.glyph(MARKER, '|')} the price at home)" if marker else "")
    )
    lines = bar_lines(
        items, currency, display, width=min(con.width, 100), marker=marker, marker_label="home"
    )
    for line in lines:
        con.print(Text(line), no_wrap=True, crop=False)


def write_compare(
    c: Comparison,
    fmt: str,
    out: IO[str],
    today: dt.date,
    display: Display,
    chart: bool = False,
    export: Path | None = None,
    undated: bool = False,
    data: Dataset | None = None,
) -> None:
    """The comparison in `fmt`; `undated`: no --date was given (the table's header says so)."""
    views = Views(
        draw=lambda con: draw_compare(con, c, today, chart, display, undated),
        document=lambda: compare_document(c, today, data),
        records=lambda: destination_records(c, line=True),
        rows=lambda: (
            CSV_HEADER,
            compare_rows(c),
            csv_provenance(c.base.rates, c.base.prices_as_of, compare_currencies(c, data)),
        ),
    )
    write(fmt, out, views, display, export)
