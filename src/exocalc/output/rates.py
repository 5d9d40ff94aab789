"""`exocalc rates` output: KRW per unit of each currency, and where each rate came from."""

from __future__ import annotations

import datetime as dt
from typing import IO, TYPE_CHECKING, Any

from msgspec import UNSET

from exocalc.output import shapes
from exocalc.output.common import Views, origin_of, rate_origin, write
from exocalc.output.fmt import Display, days_old
from exocalc.output.layout import Column, Row, draw_table, say
from exocalc.rates import Rates
from exocalc.rates.model import Change

if TYPE_CHECKING:
    from rich.console import Console


def changes(found: list[Change]) -> list[shapes.RateChange]:
    return [shapes.RateChange(currency=c.currency, old=c.old, new=c.new, percent=c.percent)
            for c in found]  # fmt: skip


def rate_rows(rates: Rates, codes: list[str]) -> list[shapes.RateRow]:
    """Each currency's rate and where it came from."""
    rows = []
    for c in codes:
        o = rate_origin(rates, c)
        rows.append(
            shapes.RateRow(
                currency=c,
                krw_per_unit=rates.krw_per(c),
                from_=o.from_,
                source=o.source,
                as_of=o.as_of,
                note=o.note,
                label=o.label,
            )
        )
    return rows  # fmt: skip


def rates_document(
    rates: Rates, codes: list[str], found: list[Change] | None, against: Rates | None
) -> shapes.Rates:
    """The rates in use; with `found`, what changed against `against`."""
    compared = found is not None and against is not None
    return shapes.Rates(
        source=rates.source, kind=rates.kind,  # type: ignore[arg-type]
        as_of=rates.as_of,
        fetched_at=rates.fetched_at.isoformat() if rates.fetched_at else None,
        label=rates.label, overrides=dict(sorted(rates.overrides.items())),
        rates=rate_rows(rates, codes),
        against=shapes.Against(label=against.label, as_of=against.as_of) if compared else UNSET,  # type: ignore[union-attr]
        changes=changes(found) if compared else UNSET,  # type: ignore[arg-type]
    )  # fmt: skip


def write_rates(
    rates: Rates,
    codes: list[str],
    fmt: str,
    out: IO[str],
    today: dt.date,
    display: Display,
    found: list[Change] | None = None,
    against: Rates | None = None,
) -> None:
    """The rates in use; with `found`, what changed against `against` (--refresh, --diff):
    in rows, what changed alone (what --diff is asked for)."""
    views = Views(
        draw=lambda con: draw_rates(con, rates, codes, today, found, against, display),
        document=lambda: rates_document(rates, codes, found, against),
        records=lambda: change_lines(found, against, rates) if found is not None
        and against is not None else rate_rows(rates, codes),
        rows=lambda: change_cells(found, against, rates) if found is not None
        and against is not None else rate_cells(rates, codes),
    )  # fmt: skip
    write(fmt, out, views, display)


def change_lines(found: list[Change], against: Rates, rates: Rates) -> list[shapes.RateChangeLine]:
    return [
        shapes.RateChangeLine(currency=c.currency, old=c.old, new=c.new, percent=c.percent,
                              against=against.label, as_of=rates.as_of)
        for c in found
    ]  # fmt: skip


def change_cells(found: list[Change], against: Rates, rates: Rates) -> Any:
    """What changed, one currency a row."""
    extra = {"against": against.label, "as_of": rates.as_of}
    rows = [[c.currency, c.old, c.new, c.percent] for c in found]
    return ["currency", "old", "new", "percent"], rows, extra


def rate_cells(rates: Rates, codes: list[str]) -> Any:
    """Each currency's own source and date: a row is the provenance of its one rate."""
    header = ["currency", "krw_per_unit", "from", "source", "as_of", "note"]
    rows = [[r.currency, r.krw_per_unit, r.from_, r.source, r.as_of, r.note]
            for r in rate_rows(rates, codes)]  # fmt: skip
    return header, rows, None


def draw_rates(
    con: Console,
    rates: Rates,
    codes: list[str],
    today: dt.date,
    found: list[Change] | None,
    against: Rates | None,
    display: Display,
) -> None:
    table: list[Row] = []
    for code in codes:
        mark = display.symbol(code)
        table.append(
            Row(
                f"{code} ({mark})" if mark else code,
                [
                    f"{display.symbol('KRW') or 'KRW '}{rates.krw_per(code):,.4f}",
                    origin_of(rates, code),
                ],
            )
        )
    title = [f"Exchange rates in use: {rates.label} ({days_old(rates.as_of, today)})"]
    draw_table(con, title, "Currency", [Column("KRW per unit"), Column("From")], table, label_min=8)
    for code in codes:  # a rate that is not the title's says where it is from
        if code in rates.from_snapshot and code not in rates.overrides:
            say(con, f"{code}: {rates.origin(code).label}")
    if rates.fetched_at:  # kept in UTC whatever offset it was written with
        say(con, f"Fetched {rates.fetched_at:%Y-%m-%d %H:%M} UTC.")
    if found is not None and against is not None:
        draw_changes(con, found, against, display)


def draw_changes(con: Console, found: list[Change], against: Rates, display: Display) -> None:
    con.print()
    if not found:
        say(con, f"No rate differs from {against.label}.")
        return
    won = display.symbol("KRW") or "KRW "
    rows = [Row(c.currency, [f"{won}{c.old:,.4f}", f"{won}{c.new:,.4f}", f"{c.percent:+} %"])
            for c in found]  # fmt: skip
    columns = [Column("Was"), Column("Now"), Column("Change")]
    title = [f"Changed against {against.label}: {len(found)} rate{'s' if len(found) > 1 else ''}"]
    draw_table(con, title, "Currency", columns, rows, label_min=8)
