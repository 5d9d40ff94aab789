"""`exocalc compare` output: one table of destinations, JSON, CSV."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from exocalc.money import Range3
from exocalc.output.charts import MARKER, bar_lines
from exocalc.output.common import (
    csv_provenance,
    provenance,
    scenarios,
    show,
    write_json,
    write_listing,
)
from exocalc.output.fmt import glyph, money_text, range_text
from exocalc.output.record import trust_fields
from exocalc.pricing.compare import Comparison, Destination
from exocalc.pricing.model import Quote
from exocalc.request import FIELDS

if TYPE_CHECKING:
    from rich.console import Console

SCHEMA = "exocalc.compare/2"


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


def destination_records(c: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "id": r.dest.id,
            "name": r.dest.name,
            "kind": r.dest.kind,
            "per_session": scenarios(r.per_session),
            "per_session_currency_quoted": r.dest.per_session.currency,
            "wait": r.dest.wait,
            "product": r.dest.product,
            "delivery": r.dest.delivery,
            "tourist_ease": r.dest.tourist_ease,
            "source": r.dest.source,
            "is_home": r.dest.is_home,
            "way": r.trip.way.label if r.trip else None,
            "trip_total": scenarios(r.trip.total) if r.trip else None,
            "savings": scenarios(r.trip.savings) if r.trip and r.trip.savings else None,
            "home_total": scenarios(r.home_total) if r.home_total else None,
            "break_even_per_session": (
                scenarios(r.trip.break_even_per_session) if r.trip else None
            ),
        }
        for r in rows_in(c)
    ]


def compare_document(c: Comparison, today: dt.date) -> dict[str, Any]:
    inputs = {f.name: v for f, v in zip(FIELDS, c.base.request.inputs().values(), strict=True)
              if not f.picks_clinic}  # fmt: skip
    return {
        "schema": SCHEMA,
        "currency": c.base.currency,
        "inputs": inputs,
        "destinations": destination_records(c),
        **trust_fields(c.base, today),
    }


CSV_HEADER = (
    "id",
    "name",
    "kind",
    "currency",
    "per_session_low",
    "per_session_typical",
    "per_session_high",
    "trip_low",
    "trip_typical",
    "trip_high",
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


# Below this width the qualitative columns move to a second table rather than wrap to shreds.
WIDE_TABLE_COLUMNS = 150


def draw_compare(con: Console, c: Comparison, today: dt.date, chart: bool) -> None:
    from rich import box
    from rich.table import Table

    base, p, currency = c.base, c.base.request, c.base.currency
    origin = p.origin.replace("_", " ").title()
    people = f"{p.travellers} traveller{'s' if p.travellers > 1 else ''}"
    title = (
        f"Exosome {p.treatment}, {p.sessions} session{'s' if p.sessions > 1 else ''}, {people}, "
        f"from {origin}, {base.way.label}, in {currency}"
    )
    wide = con.width >= WIDE_TABLE_COLUMNS
    rows = rows_in(c)
    table = Table(
        title=title,
        box=box.SIMPLE_HEAD,
        title_justify="left",
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("Destination", min_width=14)
    # Narrow: the typical price a session alone, so that long currency symbols still fit.
    table.add_column("Per session" if wide else "A session", justify="right", no_wrap=True)
    qualities = ("Wait", "Product", "Delivery", "Tourist ease")
    if wide:
        for name in qualities:
            table.add_column(name)
    table.add_column("All-in trip", justify="right", overflow="fold")
    table.add_column("Saves", justify="right", overflow="fold")
    for r in rows:
        d = r.dest
        if r.trip is not None:
            trip = _two_lines(r.trip.total, currency)
            savings = r.trip.savings
            saves = _two_lines(savings, currency) if savings else "no home price"
        elif r.home_total is not None:
            trip, saves = f"at home:\n{money_text(r.home_total.typical, currency)}", ""
        else:
            trip, saves = "", ""
        per_session = (
            range_text(r.per_session, currency)
            if wide
            else money_text(r.per_session.typical, currency)
        )
        cells = [d.name + (" (home)" if d.is_home else ""), per_session]
        if wide:
            cells += [d.wait, d.product, d.delivery, d.tourist_ease]
        table.add_row(*cells, trip, saves)
    con.print(table)
    con.print(
        "All-in trip: treatment, flights, hotel, meals and transport, eSIM; typical, then "
        "low-high. Saves: typical, then least-most."
    )
    seoul = [r for r in rows if r.trip is not None]
    even = ", ".join(
        f"{r.dest.name.removeprefix('Seoul ')} "
        f"{money_text(r.trip.break_even_per_session.typical, currency)}"
        for r in seoul
        if r.trip
    )
    con.print(f"Break-even home price a session (typical): {even}.")
    if chart:
        draw_compare_chart(con, rows, currency)
    if not wide:
        details = Table(
            title="\nWhat you get",
            box=box.SIMPLE_HEAD,
            title_justify="left",
            show_edge=False,
            pad_edge=False,
        )
        # Fixed widths that fit 80 columns; Product fits its longest word, "(investigational)".
        details.add_column("Where", width=9)
        for name, width in zip(qualities, (13, 17, 14, 14), strict=True):
            details.add_column(name, width=width, overflow="fold")
        seen: set[str] = set()
        for r in rows:
            key = f"{r.dest.wait}|{r.dest.product}|{r.dest.delivery}|{r.dest.tourist_ease}"
            if key in seen:  # the Seoul tiers share one description
                continue
            seen.add(key)
            name = "Seoul" if r.dest.kind != "region" else r.dest.name
            details.add_row(name, r.dest.wait, r.dest.product, r.dest.delivery, r.dest.tourist_ease)
        con.print(details)
    con.print(
        "Prices outside Seoul, and the qualities above, are one article's claims (source: seed)."
    )
    for line in provenance(base.prices_as_of, base.rates, today, base.vat.reason):
        con.print(line)


def _two_lines(r: Range3, currency: str) -> str:
    """The typical amount, and the range under it."""
    return f"{money_text(r.typical, currency)}\n{range_text(r, currency)}"


def draw_compare_chart(con: Console, rows: list[Row], currency: str) -> None:
    """The all-in cost of each Seoul trip as a bar, the price at home as a line across."""
    from rich.text import Text

    items = [(r.dest.name, r.trip.total.typical) for r in rows if r.trip is not None]
    home = next((r for r in rows if r.home_total is not None), None)
    marker = home.home_total.typical if home and home.home_total else None
    if home is not None and marker is not None:
        items.append((f"{home.dest.name}", marker))
    con.print(
        f"\nAll-in cost, typical, in {currency}"
        + (f" ({glyph(MARKER, '|')} the price at home)" if marker else "")
    )
    lines = bar_lines(
        items, currency, width=min(con.width, 100), marker=marker, marker_label="home"
    )
    for line in lines:
        con.print(Text(line), no_wrap=True, crop=False)


def write_compare(
    c: Comparison,
    fmt: str,
    out: IO[str],
    today: dt.date,
    chart: bool = False,
    export: Path | None = None,
) -> None:
    show(out, fmt, export, lambda con: draw_compare(con, c, today, chart))
    currency = c.base.currency
    if fmt == "json":
        write_json(compare_document(c, today), out)
    elif fmt in ("jsonl", "csv", "tsv"):
        records = ({**r, "currency": currency} for r in destination_records(c))
        rows = compare_rows(c)
        provenance = csv_provenance(c.base.rates, c.base.prices_as_of)
        write_listing(fmt, out, records, CSV_HEADER, rows, provenance)
