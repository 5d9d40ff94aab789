"""`exocalc batch`'s input: rows of trip plans from CSV or JSON Lines, one at a time.

CSV as spreadsheets export it (a byte-order mark, Windows line endings, quoted fields, blank
lines), or JSON Lines; from a file or standard input. A row that cannot be read becomes a row
with an error, and the rows around it are read on.
"""

from __future__ import annotations

import csv
import io
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from exocalc.cli.common import UsageError, say
from exocalc.errors import UnknownName
from exocalc.request import canonical
from exocalc.rows import COLUMNS, JsonLine, Row

EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def rows(source: str, input_format: str | None) -> tuple[Iterator[Row | JsonLine], Path | None]:
    """The rows of a file or of standard input (`-`), and the file's path (for progress)."""
    stream, path = _open(source)
    lines: Iterator[str] = iter(stream)
    if input_format is None:
        input_format, lines = _detect(source, lines)
    return (_csv_rows(lines) if input_format == "csv" else _jsonl_rows(lines)), path


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


def _csv_rows(lines: Iterator[str]) -> Iterator[Row | JsonLine]:
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


def _jsonl_rows(lines: Iterator[str]) -> Iterator[Row | JsonLine]:
    """Lines of JSON Lines, numbered, blank ones left out: decoded where they are priced."""
    number = 0
    for line_number, line in enumerate(lines, start=1):
        text = line.strip()
        if text:
            number += 1
            yield JsonLine(number, line_number, text)


def _count_lines(path: Path) -> int:
    """Lines in the file (about its rows), counted in binary: fast even for a million."""
    count = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            count += chunk.count(b"\n")
    return max(count - 1, 1)


class progress:
    """A progress bar on stderr, only when stderr is a terminal and the input a file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.progress: Any = None

    def __enter__(self) -> Any:
        if self.path is None or not sys.stderr.isatty():
            return lambda done: None
        from rich.progress import Progress

        from exocalc.output.common import console

        # No refresh thread: workers may be forked while the bar is shown.
        self.progress = Progress(console=console(sys.stderr), transient=True, auto_refresh=False)
        self.progress.start()
        task = self.progress.add_task("quoting", total=_count_lines(self.path))
        return lambda done: self.progress.update(task, completed=done, refresh=True)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()
