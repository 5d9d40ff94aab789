"""`exocalc clinics` output: the list, one clinic with its sources; table, JSON, CSV."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

import msgspec

from exocalc.data.model import Clinic, Dataset
from exocalc.money import PIVOT_CURRENCY
from exocalc.output import shapes
from exocalc.output.common import Cells, Views, csv_provenance, rates_used, write
from exocalc.output.fmt import Display, folded, money_text, range_text
from exocalc.output.layout import Column, Row, draw_fields, draw_table, say
from exocalc.pricing.compare import shown_per_session
from exocalc.pricing.quote import clinic_price
from exocalc.rates import Rates

if TYPE_CHECKING:
    from rich.console import Console


def _prices(
    data: Dataset, clinic: Clinic, rates: Rates, currency: str
) -> dict[str, shapes.ClinicPrice]:
    out = {}
    for treatment in clinic.treatments:
        price, basis = clinic_price(data, clinic, treatment)
        low, typical, high = shown_per_session(price, rates, currency)
        out[treatment] = shapes.ClinicPrice(low=low, typical=typical, high=high, basis=basis,
                                            source=price.source, as_of=price.as_of)  # fmt: skip
    return out


def clinic_record(
    data: Dataset,
    cid: str,
    rates: Rates,
    currency: str,
    with_sources: bool = False,
    line: bool = False,
) -> Any:
    """A clinic's record; with its sources spelt out (`clinics show`); as a line of JSON Lines
    (`line`), with the currency."""
    c = data.clinics[cid]
    sources: list[Any] = list(c.sources)
    if with_sources:
        sources = [shapes.SourceEntry(id=s, **dataclasses.asdict(data.sources[s]))
                   for s in c.sources]  # fmt: skip
    more = {"currency": currency} if line else {}
    return (shapes.ClinicLine if line else shapes.Clinic)(
        id=cid, name=c.name, tier=c.tier, area=c.area, treatments=list(c.treatments),
        vat_refund=c.vat_refund, booking=list(c.booking),
        per_session=_prices(data, c, rates, currency), as_of=c.as_of, note=c.note,
        sources=sources, **more,
    )  # fmt: skip


def write_clinics(
    data: Dataset,
    ids: list[str],
    rates: Rates,
    currency: str,
    fmt: str,
    out: IO[str],
    display: Display,
    filters: str = "",
    hint: str = "",
) -> None:
    """The clinics of `ids`; where none is left, the table says which `filters` left none out,
    and a `hint`."""
    views = Views(
        draw=lambda con: draw_clinics(con, data, ids, rates, currency, filters, hint, display),
        document=lambda: shapes.Clinics(
            currency=currency,
            clinics=[clinic_record(data, cid, rates, currency) for cid in ids],
            data_as_of=data.as_of,
            rates=rates_used(rates, [currency]),
        ),
        records=lambda: [clinic_record(data, cid, rates, currency, line=True) for cid in ids],
        rows=lambda: clinic_cells(data, ids, rates, currency),
    )
    write(fmt, out, views, display)


def clinic_cells(data: Dataset, ids: list[str], rates: Rates, currency: str) -> Cells:
    """A clinic a row, a price's three figures in a column each, treatment by treatment."""
    treatments = list(data.treatments)
    header = ["id", "name", "tier", "area", "treatments", "vat_refund", "booking", "currency"]
    header += [f"{t}_{s}" for t in treatments for s in ("low", "typical", "high")]
    header += ["sources", "as_of"]
    rows = []
    for r in (clinic_record(data, cid, rates, currency) for cid in ids):
        prices = []
        for t in treatments:
            p = r.per_session.get(t)
            prices += [p.low, p.typical, p.high] if p else [None] * 3
        rows.append([
            r.id, r.name, r.tier, r.area, " ".join(r.treatments), r.vat_refund,
            " ".join(r.booking), currency, *prices, " ".join(r.sources), r.as_of,
        ])  # fmt: skip
    return header, rows, csv_provenance(rates, data.as_of)


def draw_clinics(
    con: Console,
    data: Dataset,
    ids: list[str],
    rates: Rates,
    currency: str,
    filters: str,
    hint: str,
    display: Display,
) -> None:
    if not ids:
        say(con, f"No clinic matches {filters}." if filters else "The data has no clinics.")
        if hint:
            say(con, hint)
        return
    columns = [
        Column("Tier", wraps=True, min_width=8),
        Column("Area", wraps=True, min_width=9),
        Column("Treats", wraps=True, min_width=6, drop=1),
        Column("VAT", wraps=True, min_width=7),
        Column("Per session"),
    ]
    table_rows: list[Row] = []
    assumed = False
    for cid in ids:
        c = data.clinics[cid]
        prices: list[str] = []
        for t in c.treatments:
            price, basis = clinic_price(data, c, t)
            amounts = shown_per_session(price, rates, currency)
            shown = (
                f"{money_text(amounts.typical, currency, display)}\n"
                f"{range_text(amounts, currency, display)}"
            )
            if c.tier is None and basis != "clinic":
                shown, assumed = shown + " *", True
            prices.append(f"{t} {shown}" if len(c.treatments) > 1 else shown)
        cells = [c.tier or "unknown", c.area or "unknown", ", ".join(c.treatments), c.vat_refund]
        narrow = [folded(text, display) for text in prices]
        table_rows.append(Row(f"{c.name}\n{cid}", [*cells, ("\n".join(prices), "\n".join(narrow))]))
    title = [f"Clinics ({len(ids)})", f"price per session in {currency}"]
    draw_table(con, title, "Clinic (id)", columns, table_rows, label_min=14)
    say(con, "Per session: typical, then low-high. VAT: takes part in the refund scheme.")
    if assumed:
        say(con, "* tier unknown: the standard tier's price.")
    say(
        con,
        f"Data as of {data.as_of.isoformat()}; rates {rates.label}. "
        "Details and sources: exocalc clinics show ID",
    )


def write_clinic(
    data: Dataset,
    cid: str,
    rates: Rates,
    currency: str,
    fmt: str,
    out: IO[str],
    display: Display,
) -> None:
    """One clinic, its sources spelt out; in rows, a field a row (`per_session.skin.low`)."""
    record = clinic_record(data, cid, rates, currency, with_sources=True)
    views = Views(
        draw=lambda con: draw_clinic(con, data, cid, rates, currency, display),
        document=lambda: shapes.OneClinic(
            currency=currency, clinic=record, rates=rates_used(rates, [currency])
        ),
        records=lambda: [clinic_record(data, cid, rates, currency, True, line=True)],
        rows=lambda: (
            ["field", "value"],
            _flat(msgspec.to_builtins(record, builtin_types=(Decimal, dt.date))),
            csv_provenance(rates, data.as_of),
        ),
    )
    write(fmt, out, views, display)


def draw_clinic(
    con: Console, data: Dataset, cid: str, rates: Rates, currency: str, display: Display
) -> None:
    c = data.clinics[cid]
    tier = c.tier or "unknown"
    if c.tier:
        tier += f": {data.tiers[c.tier].description}"
    fields = [("Clinic", f"{c.name} ({cid})"), ("Tier", tier), ("Area", c.area or "unknown")]
    for t in c.treatments:
        price, basis = clinic_price(data, c, t)
        krw = range_text(price.range3(), PIVOT_CURRENCY, display)
        amounts = shown_per_session(price, rates, currency)
        shown = (
            f"{money_text(amounts.typical, currency, display)} "
            f"({range_text(amounts, currency, display)}"
        )
        krw = "" if currency == PIVOT_CURRENCY else f"; {krw}"
        fields.append((
            f"Per session, {t}",
            f"{shown}{krw}; {basis}; source {price.source}, as of {price.as_of.isoformat()})",
        ))  # fmt: skip
    fields.append(("VAT refund", f"participation {c.vat_refund}"))
    fields.append(("Booking", ", ".join(data.booking_channels[b].name for b in c.booking)))
    if c.note:
        fields.append(("Note", c.note))
    for s in c.sources:
        src = data.sources[s]
        link = f" <{src.url}>" if src.url else ""
        fields.append(("Source", f"{s}: {src.title}{link}; as of {src.as_of.isoformat()}"))
    fields.append(("As of", c.as_of.isoformat()))
    draw_fields(con, fields)
    say(con, f"Data as of {data.as_of.isoformat()}; rates {rates.label}.")


def _flat(value: Any, prefix: str = "") -> list[list[Any]]:
    if isinstance(value, dict):
        rows = []
        for k, v in value.items():
            rows += _flat(v, f"{prefix}.{k}" if prefix else str(k))
        return rows
    if isinstance(value, list):
        rows = []
        for i, v in enumerate(value):
            rows += _flat(v, f"{prefix}[{i}]")
        return rows
    return [[prefix, value]]
