"""`exocalc batch`: quote many trips from CSV or JSON Lines, streaming, one result per row."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import itertools
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from exocalc.cli.common import (
    EXIT_DATA,
    DataOption,
    NoColorOption,
    RateOption,
    UsageError,
    load,
    reports_errors,
    say,
)
from exocalc.errors import PlanError, UnknownName
from exocalc.rates import RatesError

EXAMPLES = """\b
Examples:
  exocalc batch plans.csv > quotes.jsonl
  exocalc batch plans.csv --format csv > quotes.csv
  printf '{"tier":"premium","travellers":2}\\n' | exocalc batch - | jq .total.typical
  exocalc batch plans.jsonl --fail-fast

\b
Input: a CSV whose header row names quote's options (treatment, tier, clinic, price,
sessions, travellers, origin, nights, hotel, flight, currency, date, vat_refund, addon,
booking, contingency) and optionally id; or JSON Lines, one object a line, same names.
Empty cells take quote's defaults. Exit status: 0 when every row was quoted, 1 when any
row failed (its record says why), 2 for a mistake on the command line or in the header.
"""


class InputFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


class BatchFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


EXTENSIONS = {".csv": InputFormat.csv, ".jsonl": InputFormat.jsonl, ".ndjson": InputFormat.jsonl}
PROGRESS_EVERY = 200  # rows between progress updates: cheap enough for the hot loop
CACHE_ROWS = 4096  # distinct rows remembered at once


@dataclass(frozen=True)
class Row:
    number: int  # 1 for the first data row; blank lines do not count
    values: dict[str, Any] | None
    error: str | None = None
    key: Any = None  # the values as a cache key, when already known


@reports_errors
def batch_command(
    source: Annotated[
        str, typer.Argument(metavar="FILE|-", help="A CSV or JSON Lines file; - for stdin.")
    ] = "-",
    input_format: Annotated[
        InputFormat | None,
        typer.Option("--input", help="The input's format. Default: from the file's extension."),
    ] = None,
    format: Annotated[BatchFormat, typer.Option("--format", "-f")] = BatchFormat.jsonl,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="Stop at the first row that cannot be quoted.")
    ] = False,
    no_color: NoColorOption = False,
    data: DataOption = None,
    rate: RateOption = None,
) -> None:
    """Quote many trips: one result per input row, in input order, streamed."""
    from exocalc.cli.plans import FIELDS, plan_from_values, price  # deferred: light start-up
    from exocalc.output.batch import BatchWriter
    from exocalc.programme import programme

    dataset, rates = load(data, rate)  # once, for every row
    stream, path = _open(source)
    lines: Iterator[str] = iter(stream)
    if input_format is None:
        input_format, lines = _detect(source, lines)
    if input_format is InputFormat.csv:
        rows = _csv_rows(lines, FIELDS)
    else:
        rows = _jsonl_rows(lines, FIELDS)
    today = dt.date.today()
    writer = BatchWriter(format.value, sys.stdout, today)

    def outcome(values: dict[str, Any]) -> tuple[bool, str | tuple[Any, ...]]:
        """(quoted?, the rendered record or the error message) for one row's values."""
        try:
            plan, currency = plan_from_values(values, today)
            several = programme(plan, dataset, rates) if format is BatchFormat.jsonl else None
            return True, writer.render(price(plan, currency, dataset, rates), several)
        except (UsageError, PlanError, RatesError) as exc:
            return False, str(exc)

    # Rows that ask for the same thing (a season of identical trips, an agency's packages)
    # are parsed, priced and rendered once. Keyed by the row's own values, so that a repeated
    # row costs a dictionary look-up; bounded, so that memory stays flat however long the input.
    cache: dict[Any, tuple[bool, str | tuple[Any, ...]]] = {}

    def cached(key: Any, values: dict[str, Any]) -> tuple[bool, str | tuple[Any, ...]]:
        try:
            return cache[key]
        except KeyError:
            pass
        found = cache[key] = outcome(values)
        if len(cache) > CACHE_ROWS:
            del cache[next(iter(cache))]  # the oldest first: memory stays bounded
        return found

    failed = False
    result: str | tuple[Any, ...]
    with _progress(path) as advance:
        for row in rows:
            row_id = _row_id(row)
            if row.error is not None or row.values is None:
                ok, result = False, row.error or "no values"
            else:
                try:
                    key = row.key if row.key is not None else _key(row.values)
                    ok, result = cached(key, row.values)
                except TypeError:  # a value that cannot be a key: price it uncached
                    ok, result = outcome(row.values)
            if ok:
                writer.quote(row.number, row_id, result)
            else:
                failed = True
                writer.error(row.number, row_id, str(result))
                if fail_fast:
                    break
            if row.number % PROGRESS_EVERY == 0:
                advance(row.number)
    if failed:
        raise typer.Exit(EXIT_DATA)


def _key(values: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The row's values as a cache key, its id aside (the record carries the id apart). A
    nested object makes the key unhashable: the look-up's TypeError says not to cache it."""
    return tuple(
        sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items() if k != "id")
    )


def _row_id(row: Row) -> Any:
    """The row's own id, as the user gave it (surrounding spaces trimmed), or None."""
    value = row.values.get("id") if row.values else None
    if isinstance(value, str):
        return value.strip() or None
    return value


def _open(source: str) -> tuple[IO[str], Path | None]:
    """A text stream that reads UTF-8 with or without a byte-order mark, keeping CR LF for
    the csv module to handle; and the file's path (None for stdin), for the progress bar."""
    if source == "-":
        if sys.stdin.isatty():  # a person, not a pipe: say what is awaited
            say("reading plans from standard input (CSV or JSON Lines); end with Ctrl-D")
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline=""), None
    path = Path(source)
    try:
        return path.open(encoding="utf-8-sig", newline=""), path
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None


def _detect(source: str, lines: Iterator[str]) -> tuple[InputFormat, Iterator[str]]:
    """The format from the file's extension; for stdin, from its first line ('{': JSON Lines).
    The lines read to tell are given back, in front of the rest."""
    suffix = Path(source).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix], lines
    if source != "-":
        raise UsageError(f"cannot tell the format of {source} from its name: give --input")
    seen: list[str] = []
    for line in lines:
        seen.append(line)
        if line.strip():
            break
    kind = InputFormat.jsonl if seen and seen[-1].lstrip().startswith("{") else InputFormat.csv
    return kind, itertools.chain(seen, lines)


def _csv_rows(lines: Iterator[str], fields: tuple[str, ...]) -> Iterator[Row]:
    from exocalc.cli.plans import canonical

    reader = csv.reader(lines)
    header: list[str] | None = None
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if header is None:
                raise UsageError(f"the CSV header cannot be read: {exc}") from None
            number += 1
            yield Row(number, None, f"line {reader.line_num}: malformed CSV ({exc})")
            continue
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, as spreadsheets leave them
        if header is None:
            header = _header(cells, fields, canonical)
            continue
        number += 1
        if len(cells) != len(header):
            yield Row(
                number,
                None,
                f"line {reader.line_num}: {len(cells)} fields where the header has {len(header)}",
            )
            continue
        yield Row(number, dict(zip(header, cells, strict=True)))


def _header(cells: list[str], fields: tuple[str, ...], canonical: Any) -> list[str]:
    names = [canonical(cell) for cell in cells]
    known = (*fields, "id")
    for given, name in zip(cells, names, strict=True):
        if name not in known:
            raise UnknownName("column", given.strip(), list(known), "CSV header")
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise UsageError(f"the CSV header names {', '.join(duplicated)} more than once")
    return names


def _jsonl_rows(lines: Iterator[str], fields: tuple[str, ...]) -> Iterator[Row]:
    from exocalc.cli.plans import canonical

    known = frozenset((*fields, "id"))
    decode = json.JSONDecoder().decode

    # Rows of one file mostly share their field names: each set of names is checked once.
    @functools.lru_cache(maxsize=256)
    def names_of(given: tuple[str, ...]) -> tuple[tuple[str, ...], str | None, tuple[int, ...]]:
        names = tuple(canonical(str(name)) for name in given)
        unknown = next((n for n in names if n not in known), None)
        # Where the values that make the cache key stand, in name order, the id left out.
        keyed = tuple(sorted((i for i, n in enumerate(names) if n != "id"), key=names.__getitem__))
        return names, unknown, keyed

    number = 0
    for line_number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        number += 1
        try:
            value = decode(text)
        except json.JSONDecodeError as exc:
            yield Row(
                number, None, f"line {line_number}: not JSON ({exc.msg} at column {exc.colno})"
            )
            continue
        if not isinstance(value, dict):
            yield Row(number, None, f"line {line_number}: a plan must be a JSON object")
            continue
        names, unknown, keyed = names_of(tuple(value))
        given = list(value.values())
        values = dict(zip(names, given, strict=True))
        if unknown is not None:
            problem = UnknownName("field", unknown, sorted(known, key=_field_order(fields)),
                                  f"line {line_number}")  # fmt: skip
            yield Row(number, values, str(problem))
        else:
            key = (names, *(given[i] for i in keyed))
            if any(isinstance(v, list) for v in given):
                key = (names, *(tuple(v) if isinstance(v, list) else v for v in key[1:]))
            yield Row(number, values, key=key)


def _field_order(fields: tuple[str, ...]) -> Any:
    order = {name: i for i, name in enumerate((*fields, "id"))}
    return order.__getitem__


def _count_lines(path: Path) -> int:
    """Lines in the file (about its rows), counted in binary: fast even for a million."""
    count = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            count += chunk.count(b"\n")
    return max(count - 1, 1)


class _progress:
    """A progress bar on stderr, only when stderr is a terminal and the input a file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.progress: Any = None

    def __enter__(self) -> Any:
        if self.path is None or not sys.stderr.isatty():
            return lambda done: None
        from rich.progress import Progress

        from exocalc.output.common import console

        self.progress = Progress(console=console(sys.stderr), transient=True)
        self.progress.start()
        task = self.progress.add_task("quoting", total=_count_lines(self.path))
        return lambda done: self.progress.update(task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()


def register(app: typer.Typer) -> None:
    app.command("batch", epilog=EXAMPLES)(batch_command)
