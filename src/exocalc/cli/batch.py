"""`exocalc batch`: quote many trips from CSV or JSON Lines, streaming, one result per row."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import typer

from exocalc.cli.common import (
    EXIT_DATA,
    UsageError,
    choice,
    data_option,
    load,
    no_color_option,
    rate_option,
    reports_errors,
    say,
    today,
)
from exocalc.cli.params import Command, argument, option
from exocalc.errors import PlanError, UnknownName
from exocalc.rates import RatesError
from exocalc.request import FIELDS, canonical

EXAMPLES = f"""\b
Examples:
  exocalc batch plans.csv > quotes.jsonl
  exocalc batch plans.csv --format csv > quotes.csv
  printf '{{"tier":"premium","travellers":2}}\\n' | exocalc batch - | jq .total.typical
  exocalc quote --format json | jq -c .inputs | exocalc batch -   # a saved quote, again
  exocalc batch plans.jsonl --fail-fast

\b
Input: a CSV whose header row names quote's options, as columns:
{textwrap.fill(", ".join(f.name for f in FIELDS), 76)}
and optionally id; or JSON Lines, one object a line, same names (the `inputs` of a
quote's JSON is one). Empty cells take quote's defaults. Exit status: 0 when every row
was quoted, 1 when any row failed (its record says why), 2 for a mistake on the command
line or in the header.
"""


INPUT_FORMATS = ("csv", "jsonl")
BATCH_FORMATS = ("jsonl", "csv")
COLUMNS = (*(f.name for f in FIELDS), "id")
EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
PROGRESS_EVERY = 200  # rows between progress updates: cheap enough for the hot loop
CACHE_ROWS = 4096  # distinct rows remembered at once


@dataclass(frozen=True)
class Row:
    number: int  # 1 for the first data row; blank lines do not count
    values: dict[str, Any] | None
    error: str | None = None
    key: Any = None  # the values as a cache key, when already known


@reports_errors
def run(**values: Any) -> None:
    """Quote many trips: one result per input row, in input order, streamed."""
    from exocalc.output.batch import BatchWriter  # deferred: light start-up
    from exocalc.pricing.quote import price
    from exocalc.request import Request

    input_format = values["input"]
    if input_format is not None:
        input_format = choice(input_format, INPUT_FORMATS, "--input")
    fmt = choice(values["format"], BATCH_FORMATS, "--format")
    dataset, rates = load(values["data"], values["rate"])  # once, for every row
    source = values["source"]
    stream, path = _open(source)
    lines: Iterator[str] = iter(stream)
    if input_format is None:
        input_format, lines = _detect(source, lines)
    rows = _csv_rows(lines) if input_format == "csv" else _jsonl_rows(lines)
    day = today()
    writer = BatchWriter(fmt, sys.stdout, day)

    def outcome(values: dict[str, Any]) -> tuple[bool, str | tuple[Any, ...]]:
        """(quoted?, the rendered record or the error message) for one row's values."""
        try:
            request = Request.from_values({k: v for k, v in values.items() if k != "id"})
            return True, writer.render(price(request, dataset, rates, day))
        except PlanError as exc:
            return False, exc.shown(str)  # a batch names the field as its column
        except RatesError as exc:
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
                if values["fail_fast"]:
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


def _detect(source: str, lines: Iterator[str]) -> tuple[str, Iterator[str]]:
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
    kind = "jsonl" if seen and seen[-1].lstrip().startswith("{") else "csv"
    return kind, itertools.chain(seen, lines)


def _csv_rows(lines: Iterator[str]) -> Iterator[Row]:
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
            header = _header(cells)
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


def _header(cells: list[str]) -> list[str]:
    names = [canonical(cell) for cell in cells]
    for given, name in zip(cells, names, strict=True):
        if name not in COLUMNS:
            raise UnknownName("column", given.strip(), list(COLUMNS), "CSV header")
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise UsageError(f"the CSV header names {', '.join(duplicated)} more than once")
    return names


def _jsonl_rows(lines: Iterator[str]) -> Iterator[Row]:
    known = frozenset(COLUMNS)
    # Numbers exactly as written: 1500.50 is Decimal('1500.50'), never a binary float.
    decode = json.JSONDecoder(parse_float=Decimal).decode

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
            problem = UnknownName("field", unknown, list(COLUMNS), f"line {line_number}")
            yield Row(number, values, str(problem))
        else:
            key = (names, *(given[i] for i in keyed))
            if any(isinstance(v, list) for v in given):
                key = (names, *(tuple(v) if isinstance(v, list) else v for v in key[1:]))
            yield Row(number, values, key=key)


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


def command() -> Command:
    return Command(
        "batch",
        params=[
            argument(
                "source",
                metavar="FILE|-",
                default="-",
                help="A CSV or JSON Lines file; - (the default) for standard input.",
            ),
            option(
                "--input",
                metavar="csv|jsonl",
                help="The input's format. Default: from the file's extension, or for "
                "standard input from its first line.",
            ),
            option(
                "--format",
                "-f",
                metavar="jsonl|csv",
                default="jsonl",
                help="Output: JSON Lines (default) or CSV.",
            ),
            option("--fail-fast", flag=True, help="Stop at the first row that cannot be quoted."),
            no_color_option(),
            data_option(),
            rate_option(),
        ],
        callback=run,
        help=run.__doc__,
        epilog=EXAMPLES,
    )
