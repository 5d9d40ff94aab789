"""`exocalc clinics` output: the list, one clinic with its sources; table, JSON, CSV."""

from __future__ import annotations

import dataclasses
from typing import IO, Any

from exocalc.dataset import Clinic, Dataset
from exocalc.money import PIVOT_CURRENCY
from exocalc.output.common import (
    console,
    csv_provenance,
    rates_json,
    scenarios,
    write_json,
    write_listing,
)
from exocalc.output.fmt import range_text
from exocalc.pricing.compare import shown_per_session
from exocalc.pricing.quote import clinic_price
from exocalc.rates import Rates

SCHEMA = "exocalc.clinics/1"


def _prices(data: Dataset, clinic: Clinic, rates: Rates, currency: str) -> dict[str, Any]:
    out = {}
    for treatment in clinic.treatments:
        price, basis = clinic_price(data, clinic, treatment)
        out[treatment] = {
            **scenarios(shown_per_session(price, rates, currency)),
            "basis": basis,
            "source": price.source,
            "as_of": price.as_of,
        }
    return out


def clinic_record(
    data: Dataset, cid: str, rates: Rates, currency: str, with_sources: bool = False
) -> dict[str, Any]:
    c = data.clinics[cid]
    record: dict[str, Any] = {
        "id": cid,
        "name": c.name,
        "tier": c.tier,
        "area": c.area,
        "treatments": list(c.treatments),
        "vat_refund": c.vat_refund,
        "booking": list(c.booking),
        "per_session": _prices(data, c, rates, currency),
        "as_of": c.as_of,
        "note": c.note,
    }
    if with_sources:
        record["sources"] = [{"id": s, **dataclasses.asdict(data.sources[s])} for s in c.sources]
    else:
        record["sources"] = list(c.sources)
    return record


def write_clinics(
    data: Dataset, ids: list[str], rates: Rates, currency: str, fmt: str, out: IO[str]
) -> None:
    if fmt == "json":
        write_json(
            {
                "schema": SCHEMA,
                "currency": currency,
                "clinics": [clinic_record(data, cid, rates, currency) for cid in ids],
                "data_as_of": data.as_of,
                "rates": rates_json(rates, [currency]),
            },
            out,
        )
        return
    if fmt in ("jsonl", "csv", "tsv"):
        records = [clinic_record(data, cid, rates, currency) for cid in ids]
        treatments = list(data.treatments)
        header = ["id", "name", "tier", "area", "treatments", "vat_refund", "booking", "currency"]
        header += [f"{t}_{s}" for t in treatments for s in ("low", "typical", "high")]
        header += ["sources", "as_of"]
        rows = []
        for r in records:
            prices = []
            for t in treatments:
                p = r["per_session"].get(t)
                prices += [p["low"], p["typical"], p["high"]] if p else [None] * 3
            rows.append([
                r["id"], r["name"], r["tier"], r["area"], " ".join(r["treatments"]),
                r["vat_refund"], " ".join(r["booking"]), currency, *prices,
                " ".join(r["sources"]), r["as_of"],
            ])  # fmt: skip
        jsonl = ({**r, "currency": currency} for r in records)
        write_listing(fmt, out, jsonl, header, rows, csv_provenance(rates, data.as_of))
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=box.SIMPLE_HEAD,
        title=f"Clinics ({len(ids)}), price per session in {currency}",
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("Clinic (id)", min_width=18)
    table.add_column("Tier", min_width=8)
    table.add_column("Area", min_width=9)
    table.add_column("Treats", min_width=6)
    table.add_column("VAT", min_width=7)
    table.add_column("Per session", justify="right", no_wrap=True)
    assumed = False
    for cid in ids:
        c = data.clinics[cid]
        price, basis = clinic_price(data, c, c.treatments[0])
        shown = range_text(shown_per_session(price, rates, currency), currency)
        if c.tier is None and basis != "clinic":
            shown, assumed = shown + " *", True
        table.add_row(
            Text.assemble(c.name, "\n", (cid, "dim")),
            c.tier or "unknown",
            c.area or "unknown",
            ", ".join(c.treatments),
            c.vat_refund,
            shown,
        )
    con = console(out)
    con.print(table)
    if assumed:
        con.print("* tier unknown: the standard tier's price. VAT: takes part in the refund scheme")
    con.print(
        f"Data as of {data.as_of.isoformat()}; rates {rates.label}. "
        "Details and sources: exocalc clinics show ID"
    )


def write_clinic(
    data: Dataset, cid: str, rates: Rates, currency: str, fmt: str, out: IO[str]
) -> None:
    record = clinic_record(data, cid, rates, currency, with_sources=True)
    if fmt == "json":
        write_json(
            {
                "schema": "exocalc.clinic/1",
                "currency": currency,
                "clinic": record,
                "rates": rates_json(rates, [currency]),
            },
            out,
        )
        return
    if fmt in ("jsonl", "csv", "tsv"):
        flat = _flat(record)
        jsonl = [{**record, "currency": currency}]
        write_listing(fmt, out, jsonl, ["field", "value"], flat, csv_provenance(rates, data.as_of))
        return
    from rich.table import Table

    c = data.clinics[cid]
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    tier = c.tier or "unknown"
    if c.tier:
        tier += f": {data.tiers[c.tier].description}"
    table.add_row("Clinic", f"{c.name} ({cid})")
    table.add_row("Tier", tier)
    table.add_row("Area", c.area or "unknown")
    for t in c.treatments:
        price, basis = clinic_price(data, c, t)
        krw = range_text(price.range3(), PIVOT_CURRENCY)
        shown = range_text(shown_per_session(price, rates, currency), currency)
        table.add_row(
            f"Per session, {t}",
            f"{shown} ({krw}; {basis}; source {price.source}, as of {price.as_of.isoformat()})",
        )
    table.add_row("VAT refund", f"participation {c.vat_refund}")
    table.add_row("Booking", ", ".join(data.booking_channels[b].name for b in c.booking))
    if c.note:
        table.add_row("Note", c.note)
    for s in c.sources:
        src = data.sources[s]
        table.add_row(
            "Source",
            f"{s}: {src.title}"
            + (f" <{src.url}>" if src.url else "")
            + f" (as of {src.as_of.isoformat()})",
        )
    table.add_row("As of", c.as_of.isoformat())
    con = console(out)
    con.print(table)
    con.print(f"Data as of {data.as_of.isoformat()}; rates {rates.label}.")


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
