"""What every output shares: formats, the provenance footer, the console, CSV and JSON writers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from exocalc.errors import visible
from exocalc.money import PIVOT_CURRENCY
from exocalc.output.fmt import Display, age_text, days_old
from exocalc.output.used import rates_provenance
from exocalc.rates import Rates

if TYPE_CHECKING:
    from rich.console import Console

    from exocalc.output import shapes
    from exocalc.pricing.model import Money, Note, Quote

# Rates older than this get a note suggesting a refresh.
STALE_RATES_DAYS = 30


def origin_of(rates: Rates, code: str) -> str:
    """In a word, where this one currency's rate came from: `override`, `snapshot` (the live
    answer or the cache lacked it, or it was refused), or the rates' own kind."""
    if code in rates.overrides:
        return "override"
    if code in rates.from_snapshot:
        return "snapshot"
    found = rates.own.get(code)
    return found.kind if found is not None else rates.kind


def rate_origin(rates: Rates, code: str) -> shapes.RateOrigin:
    """Where this one currency's rate came from, in full: `from` (as `origin_of`), `source`
    and `as_of` (who published it and the rates' own date), `note` (why a currency kept the
    snapshot's rate, else null) and `label` (all of it, as people read it)."""
    from exocalc.output import shapes  # the shapes and msgspec: only for JSON (validate's text)

    origin = rates.origin(code)
    return shapes.RateOrigin(
        from_=origin_of(rates, code), source=origin.source, as_of=origin.as_of,  # type: ignore[arg-type]
        note=origin.note, label=origin.label,
    )  # fmt: skip


def rates_used(rates: Rates, currencies: Iterable[str]) -> shapes.RatesUsed:
    """The rates of `currencies` (every one the figures rest on), with their origins and the
    ECB's published figures they were derived from: all a later `--rates FILE` needs to
    price the same figures again."""
    from exocalc.output import shapes

    codes = list(dict.fromkeys(currencies))
    published = {c: found for c in codes if (found := rates.per_eur(c)) is not None}
    if published and (krw := rates.published.get(PIVOT_CURRENCY)) is not None:
        published = {PIVOT_CURRENCY: krw, **published}
    return shapes.RatesUsed(
        source=rates.source, kind=rates.kind,  # type: ignore[arg-type]
        as_of=rates.as_of, label=rates.label, overrides=dict(sorted(rates.overrides.items())),
        krw_per_unit={c: rates.krw_per(c) for c in codes},
        origins={c: rate_origin(rates, c) for c in codes},
        per_eur=published,
    )  # fmt: skip


def note_text(note: Note) -> str:
    """A note in words: its amounts written by currency code, to whole units ("KRW 2,000,000",
    "USD 2,500-6,000") or, a converted amount, to every digit it has ("GBP 1,234.56")."""
    parts = note.parts
    if len(parts) == 1 and type(parts[0]) is str:
        return parts[0]
    # A note the engine shares between quotes (the home price's claim), or one written twice
    # (the price check, a note and a member of its own), is written once: by the note itself,
    # kept beside its text so that its id cannot be taken by another.
    found = _written.get(id(note))
    if found is not None and found[0] is note:
        return found[1]
    text = "".join([part if isinstance(part, str) else _money_text(part) for part in parts])
    if len(_written) >= 4096:
        _written.clear()
    _written[id(note)] = (note, text)
    return text


_written: dict[int, tuple[Note, str]] = {}


def _money_text(m: Money) -> str:
    if m.high is not None:
        return f"{m.currency} {m.value:,.0f}-{m.high:,.0f}"
    if m.whole:
        return f"{m.currency} {m.value:,.0f}"
    return f"{m.currency} {m.value:,f}"


def provenance(
    prices_as_of: dt.date | None,
    rates: Rates,
    today: dt.date,
    vat_reason: str | None = None,
    currency: str | None = None,
) -> list[str]:
    """The footer: how old the prices and the rates are, and the VAT refund's status. The
    output's currency, when its rate is not the rates' own (the snapshot's), says so."""
    lines = []
    if prices_as_of is not None:
        lines.append(f"Prices: as of {age_text(prices_as_of, today)}.")
    own = ""
    if currency is not None and origin_of(rates, currency) == "snapshot":
        own = f"; {currency}: {rates.origin(currency).label}"
    lines.append(f"Rates: {rates.label} ({days_old(rates.as_of, today)}){own}.")
    stale = stale_rates(rates, today)
    if stale is not None:
        lines.append(f"{stale}.")
    if vat_reason is not None:
        lines.append(f"VAT refund: {vat_reason}.")
    return lines


def stale_rates(rates: Rates, today: dt.date) -> str | None:
    """What to say of rates over STALE_RATES_DAYS old (none given by hand)."""
    if (today - rates.as_of).days <= STALE_RATES_DAYS or rates.overrides:
        return None
    if rates.kind == "pinned":  # old on purpose: a saved quote's, priced again
        return None
    return (
        f"Rates are over {STALE_RATES_DAYS} days old: run `exocalc rates --refresh`, "
        "or pass --rate CODE=KRW_PER_UNIT"
    )


# --- the first session's day, when no --date was given: the default, said to be one ------


def default_date(first: dt.date) -> str:
    """What is said when no --date was given: a table's header says it under the title, the
    formats without a header (plain, CSV, JSON) warn of it."""
    return f"The first session is tomorrow, {first.isoformat()}, as no --date was given"


def default_dates_warning(rows: int, first: dt.date) -> str:
    """A batch's rows that give no date, said once for the run."""
    who = "1 row gives no date: its" if rows == 1 else f"{rows:,} rows give no date: their"
    return f"{who} first session is tomorrow, {first.isoformat()}; a date (YYYY-MM-DD) sets it"


def warnings(quotes: Iterable[Quote], today: dt.date, undated: bool = False) -> list[str]:
    """What output without room for notes (every format but a table) warns of: the first
    session's day when it is the default (`undated`: no --date was given), each note that
    changes what a total means, once, and rates over STALE_RATES_DAYS old."""
    found: dict[str, None] = {}
    rates = None
    for q in quotes:
        if undated and rates is None:  # the first quote: every quote has the same date
            found[default_date(q.request.date)] = None
        found.update(dict.fromkeys(note_text(n) for n in q.warnings))
        rates = q.rates
    stale = stale_rates(rates, today) if rates is not None else None
    return [*found, *([stale] if stale else [])]


def write_json(document: Any, out: IO[str]) -> None:
    """A document (a shape of output/shapes.py), pretty, on its own."""
    from exocalc.output import jsonfmt

    out.write(jsonfmt.dumps(document) + "\n")


def csv_provenance(
    rates: Rates, prices_as_of: dt.date | None, currencies: Iterable[str] | None = None
) -> dict[str, Any]:
    """Columns that say, on every row, which rates and prices the figures rest on: the rates of
    `currencies` (every one the figures rest on: rates_provenance), else the rates in use."""
    label: str = rates.label
    as_of: dt.date | None = rates.as_of
    if currencies is not None:
        label, as_of = rates_provenance(rates, currencies)
    return {"rates": label, "rates_as_of": as_of, "prices_as_of": prices_as_of}


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
    if isinstance(value, str):
        return csv_text(value)
    return value


# What a spreadsheet reads as the start of a formula (and runs): =, +, -, @, tab, CR.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell as spreadsheet-safe CSV writers write it: a cell that would start a
    formula gets a leading apostrophe (a spreadsheet shows it as text, the apostrophe
    hidden); control characters are written as escapes. Numbers are never text cells, so a
    negative amount stays a number."""
    text = visible(text)
    return "'" + text if text.startswith(_FORMULA) else text


def write_jsonl(records: Iterable[Any], out: IO[str]) -> None:
    from exocalc.output import jsonfmt

    for record in records:
        out.write(jsonfmt.compact(record) + "\n")


def console(out: IO[str], display: Display, record: bool = False) -> Console:
    from rich.console import Console  # deferred: only tables need rich

    # No styles at all (not even bold) with --no-color or NO_COLOR (the run's `display.color`);
    # rich adds none to a pipe.
    plain = not display.color

    class PipeSafeConsole(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit 1 here; the CLI ends a closed pipe quietly, with 0.
            raise BrokenPipeError

    # Text from the data and the command line is shown as it is: never read as markup
    # ("[bold red]x[/]", "[link=...]") or emoji codes; styles are given as objects.
    shown = PipeSafeConsole(
        file=out,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        color_system=None if plain else "auto",
        record=record,
    )
    if shown.width < MIN_WIDTH:  # COLUMNS=0, or a sliver of a pane: draw for a narrow one
        shown.width = MIN_WIDTH
    return shown


# No table is drawn narrower: below it, nothing reads (COLUMNS=0 would print nothing at all).
MIN_WIDTH = 40
# Pages for --export are drawn this wide, whatever the terminal: nothing on them wraps.
EXPORT_WIDTH = 160


# CSV and TSV: the header, the rows, and the columns every row ends with (its provenance).
Cells = tuple[Sequence[str], Iterable[Sequence[Any]], dict[str, Any] | None]


@dataclass(frozen=True)
class Views:
    """What a command can show, one view a kind of format; each is made only when its format
    is asked for. `draw` is the view for people: the table, and the page of --export; a
    command whose view for people is a line or two of text (check-price, validate) has its
    `plain` text instead."""

    draw: Callable[[Console], None] | None = None
    document: Callable[[], Any] | None = None  # json: one shape of output/shapes
    records: Callable[[], Iterable[Any]] | None = None  # jsonl: a shape a line
    rows: Callable[[], Cells] | None = None  # csv and tsv
    plain: Callable[[], str] | None = None  # the figure alone
    page: Callable[[], str] | None = None  # --export FILE.html: a page for a client


def _rows(views: Views, out: IO[str], delimiter: str) -> None:
    assert views.rows is not None
    header, rows, extra = views.rows()
    write_csv(header, rows, out, extra, delimiter=delimiter)


def _records(views: Views, out: IO[str]) -> None:
    assert views.records is not None
    write_jsonl(views.records(), out)


def _document(views: Views, out: IO[str]) -> None:
    assert views.document is not None
    write_json(views.document(), out)


def _plain(views: Views, out: IO[str]) -> None:
    assert views.plain is not None
    out.write(views.plain())


# Each format's writer: the one place a format is chosen (output/formats.py names them).
WRITERS: dict[str, Callable[[Views, IO[str], Display], None]] = {
    "table": lambda views, out, display: (
        views.draw(console(out, display)) if views.draw else _plain(views, out)
    ),
    "json": lambda views, out, display: _document(views, out),
    "jsonl": lambda views, out, display: _records(views, out),
    "csv": lambda views, out, display: _rows(views, out, ","),
    "tsv": lambda views, out, display: _rows(views, out, "\t"),
    "plain": lambda views, out, display: _plain(views, out),
}


def write(
    fmt: str, out: IO[str], views: Views, display: Display, export: Path | None = None
) -> None:
    """The views in the format asked for on stdout; with `export`, the view for people in an
    HTML or SVG file as well, whatever the format (what a wide terminal would show)."""
    WRITERS[fmt](views, out, display)
    if export is None:
        return
    if views.page is not None and export.suffix.lower() in (".html", ".htm"):
        write_page(export, views.page())
    elif views.draw is not None:
        write_export(export, views.draw)


def write_export(path: Path, draw: Callable[[Console], None]) -> None:
    """What a wide terminal shows, drawn to an HTML or SVG file (`write_page`)."""
    from rich.console import Console

    page = Console(
        file=io.StringIO(), record=True, width=EXPORT_WIDTH, color_system="truecolor",
        markup=False, emoji=False, highlight=False, soft_wrap=False,
    )  # fmt: skip
    draw(page)
    svg = path.suffix.lower() == ".svg"
    write_page(path, page.export_svg(title="exocalc") if svg else page.export_html())


def write_page(path: Path, text: str) -> None:
    """A page written to a temporary file beside `path` and renamed over it: a link is
    replaced, never written through; a failed write leaves what was there."""
    from exocalc.store import write_atomic

    try:
        write_atomic(path, text.encode("utf-8"), shared=True)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
