"""`exocalc rates` output: KRW per unit of each currency, and where each rate came from."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from exocalc.output.common import console, write_json, write_listing
from exocalc.output.fmt import days_old, symbol
from exocalc.output.layout import Column, Row, draw_table, say
from exocalc.rates import Rates

SCHEMA = "exocalc.rates/1"


def origin_of(rates: Rates, code: str) -> str:
    """Where this one currency's rate came from."""
    if code in rates.overrides:
        return "override"
    if code in rates.from_snapshot:
        return "snapshot"
    return rates.kind


def rates_document(rates: Rates, codes: list[str]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "base": "KRW",
        "source": rates.source,
        "kind": rates.kind,
        "as_of": rates.as_of,
        "fetched_at": rates.fetched_at.isoformat() if rates.fetched_at else None,
        "label": rates.label,
        "overrides": dict(sorted(rates.overrides.items())),
        "rates": [
            {"currency": c, "krw_per_unit": rates.krw_per(c), "from": origin_of(rates, c)}
            for c in codes
        ],
    }


def write_rates(rates: Rates, codes: list[str], fmt: str, out: IO[str], today: dt.date) -> None:
    if fmt == "json":
        write_json(rates_document(rates, codes), out)
        return
    if fmt in ("jsonl", "csv", "tsv"):
        extra = {"source": rates.source, "as_of": rates.as_of}
        records = [{**r, **extra} for r in rates_document(rates, codes)["rates"]]
        rows = [[c, rates.krw_per(c), origin_of(rates, c)] for c in codes]
        write_listing(fmt, out, records, ["currency", "krw_per_unit", "from"], rows, extra)
        return
    table: list[Row] = []
    for code in codes:
        mark = symbol(code)
        table.append(
            Row(
                f"{code} ({mark})" if mark else code,
                [f"{symbol('KRW') or 'KRW '}{rates.krw_per(code):,.4f}", origin_of(rates, code)],
            )
        )
    con = console(out)
    title = [f"Exchange rates in use: {rates.label} ({days_old(rates.as_of, today)})"]
    draw_table(con, title, "Currency", [Column("KRW per unit"), Column("From")], table, label_min=8)
    if rates.from_snapshot & set(codes):
        say(con, "snapshot: the live source lacked this rate, or it was refused; the ECB's kept")
    if rates.fetched_at:
        say(con, f"Fetched {rates.fetched_at:%Y-%m-%d %H:%M} UTC.")
