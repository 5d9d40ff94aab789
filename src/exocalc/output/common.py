"""What every output shares: formats, the provenance footer, the console, CSV and JSON writers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from exocalc.money import Range3
from exocalc.output import jsonfmt
from exocalc.output.fmt import age_text, days_old
from exocalc.rates import Rates

if TYPE_CHECKING:
    from rich.console import Console

# Rates older than this get a note suggesting a refresh.
STALE_RATES_DAYS = 30

_color = True  # --no-color turns it off for the run; NO_COLOR and pipes are rich's to notice


def use_color(on: bool) -> None:
    global _color
    _color = on


def scenarios(r: Range3) -> dict[str, Decimal]:
    return {"low": r.low, "typical": r.typical, "high": r.high}


def rates_json(rates: Rates, currencies: Iterable[str]) -> dict[str, Any]:
    return {
        "source": rates.source,
        "kind": rates.kind,
        "as_of": rates.as_of,
        "label": rates.label,
        "overrides": {c: v for c, v in sorted(rates.overrides.items())},
        "krw_per_unit": {c: rates.krw_per(c) for c in dict.fromkeys(currencies)},
    }


def provenance(
    prices_as_of: dt.date | None, rates: Rates, today: dt.date, vat_reason: str | None = None
) -> list[str]:
    """The footer: how old the prices and the rates are, and the VAT refund's status."""
    lines = []
    if prices_as_of is not None:
        lines.append(f"Prices: as of {age_text(prices_as_of, today)}.")
    lines.append(f"Rates: {rates.label} ({days_old(rates.as_of, today)}).")
    if (today - rates.as_of).days > STALE_RATES_DAYS and not rates.overrides:
        lines.append(
            f"Rates are over {STALE_RATES_DAYS} days old: run `exocalc rates --refresh`, "
            "or pass --rate CODE=KRW_PER_UNIT."
        )
    if vat_reason is not None:
        lines.append(f"VAT refund: {vat_reason}.")
    return lines


def write_json(document: Any, out: IO[str]) -> None:
    out.write(jsonfmt.dumps(document) + "\n")


def csv_provenance(rates: Rates, prices_as_of: dt.date | None) -> dict[str, Any]:
    """Columns that say, on every row, which rates and prices the figures rest on."""
    return {"rates": rates.label, "rates_as_of": rates.as_of, "prices_as_of": prices_as_of}


def write_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    out: IO[str],
    provenance: dict[str, Any] | None = None,
    delimiter: str = ",",
) -> None:
    extra = provenance or {}
    writer = csv.writer(out, lineterminator="\n", delimiter=delimiter)
    writer.writerow([*header, *extra])
    for row in rows:
        writer.writerow([_cell(v) for v in (*row, *extra.values())])


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_jsonl(records: Iterable[Any], out: IO[str]) -> None:
    for record in records:
        out.write(jsonfmt.dumps(record, indent=None) + "\n")


def write_listing(
    fmt: str,
    out: IO[str],
    records: Iterable[Any],
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    provenance: dict[str, Any] | None = None,
) -> None:
    """The machine formats every listing command shares: jsonl (one record a line), csv, tsv."""
    if fmt == "jsonl":
        write_jsonl(records, out)
    else:
        write_csv(header, rows, out, provenance, delimiter="\t" if fmt == "tsv" else ",")


def console(out: IO[str], record: bool = False) -> Console:
    from rich.console import Console  # deferred: only tables need rich

    # No styles at all (not even bold) with --no-color or NO_COLOR; rich adds none to a pipe.
    plain = not _color or bool(os.environ.get("NO_COLOR"))

    class PipeSafeConsole(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit 1 here; the CLI ends a closed pipe quietly, with 0.
            raise BrokenPipeError

    return PipeSafeConsole(
        file=out,
        highlight=False,
        soft_wrap=False,
        color_system=None if plain else "auto",
        record=record,
    )


def show(out: IO[str], fmt: str, export: Path | None, draw: Callable[[Console], None]) -> None:
    """Draw the view for people on stdout (--format table), and into an HTML or SVG file
    (--export) whatever the format: the file holds what the terminal would show."""
    if fmt != "table" and export is None:
        return
    target = out if fmt == "table" else io.StringIO()
    con = console(target, record=export is not None)
    draw(con)
    if export is not None:
        if export.suffix.lower() == ".svg":
            con.save_svg(str(export), title="exocalc")
        else:
            con.save_html(str(export))
