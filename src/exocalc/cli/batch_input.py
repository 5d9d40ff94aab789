"""`exocalc batch`'s input: rows of trip plans from CSV or JSON Lines, one at a time.

CSV as spreadsheets export it (a byte-order mark, Windows line endings, quoted fields, blank
lines), or JSON Lines; from a file or standard input. A row that cannot be read becomes a row
with an error, and the rows around it are read on.
"""

from __future__ import annotations

import csv
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from exocalc.cli.common import UsageError, say
from exocalc.errors import UnknownName
from exocalc.request import canonical
from exocalc.rows import COLUMNS, JsonLine, Row

EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def rows(source: str, input_format: str | None) -> tuple[Iterator[Row | JsonLine], IO[bytes]]:
    """The rows of a file or of standard input (`-`), and the stream they are read from (for
    the progress display)."""
    stream = _open(source)
    lines = _lines(stream)
    if input_format is None:
        input_format, lines = _detect(source, lines)
    return (_csv_rows(lines) if input_format == "csv" else _jsonl_rows(lines)), stream


MAX_ROW = 64 * 1024  # a row of every field takes under 1 KB
# A line too long to read, as the csv module is given it: a row of it becomes an error record.
TOO_LONG = "\0too long\0"


def _open(source: str) -> IO[bytes]:
    """The input's bytes: a file, a FIFO or standard input; a device (/dev/zero) or a folder is
    refused at once."""
    if source == "-":
        if sys.stdin.isatty():  # a person, not a pipe: say what is awaited
            say("reading plans from standard input (CSV or JSON Lines); end with Ctrl-D")
        return sys.stdin.buffer
    path = Path(source)
    try:
        kind = path.stat().st_mode
        if not (stat.S_ISREG(kind) or stat.S_ISFIFO(kind)):
            raise OSError(0, "not a file or a pipe (a device or a folder?)", source)
        return path.open("rb")
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), source) from None


def _lines(stream: IO[bytes]) -> Iterator[str]:
    """The input's lines as text, line endings kept (the csv module reads CR LF itself): each
    at most MAX_ROW bytes, whatever the input (a line past it is TOO_LONG, its rest skipped);
    bytes that are not UTF-8 kept as surrogates, for the row to be refused by its number."""
    first = True
    while line := stream.readline(MAX_ROW + 1):
        if len(line) > MAX_ROW and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_ROW)) and not rest.endswith(b"\n"):
                pass
            line = TOO_LONG.encode() + b"\n"
        if first:
            line, first = line.removeprefix(b"\xef\xbb\xbf"), False  # a byte-order mark
        yield line.decode("utf-8", "surrogateescape")


def unreadable(text: str) -> str | None:
    """Why a row's text cannot be used: too long, or not UTF-8 (None when it can)."""
    if TOO_LONG in text:
        return f"longer than {MAX_ROW:,} bytes"
    bad = next((c for c in text if "\udc80" <= c <= "\udcff"), None)
    if bad is not None:
        return f"not UTF-8 text (byte 0x{ord(bad) - 0xDC00:02x})"
    return None


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
    # A quoted field may hold line breaks; one that is never closed would swallow the lines
    # after it: no field may be longer than a row, so at most MAX_ROW of them are lost, named.
    csv.field_size_limit(MAX_ROW)
    reader = csv.reader(lines)
    header: list[str] | None = None
    number = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if header is None:
                raise UsageError(f"the CSV header cannot be read: {exc}") from None
            number += 1
            where = f"line {start}" if reader.line_num <= start else (
                f"lines {start}-{reader.line_num}")  # fmt: skip
            reason = "a quoted field never closed?" if "field limit" in str(exc) else str(exc)
            yield Row(number, None, f"{where}: malformed CSV ({reason})")
            continue
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, as spreadsheets leave them
        why = unreadable("".join(cells))
        if header is None:
            if why is not None:
                raise UsageError(f"the CSV header cannot be read: {why}")
            header = _header(cells)
            continue
        number += 1
        if why is not None:
            yield Row(number, None, f"line {reader.line_num}: {why}")
        elif len(cells) != len(header):
            yield Row(
                number,
                None,
                f"line {reader.line_num}: {len(cells)} fields where the header has {len(header)}",
            )
        else:
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
            why = unreadable(text)
            if why is not None:
                yield Row(number, None, f"line {line_number}: {why}")
            else:
                yield JsonLine(number, line_number, text)


def _total(stream: IO[bytes]) -> int | None:
    """About how many rows a regular file holds, counted in binary through its descriptor
    (fast even for a million, and without moving the reader); None for anything else (a pipe,
    a FIFO, a terminal), which is read once, as it comes: never read ahead to count it."""
    if not _regular(stream):
        return None
    fd, count, offset = stream.fileno(), 0, 0
    try:
        while chunk := os.pread(fd, 1 << 20, offset):
            count += chunk.count(b"\n")
            offset += len(chunk)
    except OSError:
        return None
    return max(count - 1, 1)


class progress:
    """A progress display on stderr while the rows are quoted: a bar for a file, a count of the
    rows for a pipe or a FIFO. Only when stderr is a terminal and the records go to a file: in a
    pipe they may reach the same terminal (`| jq`), and a display drawn among them would cut
    into them. Never while a person types the input. It never takes stdout: the records go
    there, and only there."""

    def __init__(self, stream: IO[bytes], out: IO[str]) -> None:
        self.stream = stream
        self.out = out
        self.progress: Any = None

    def __enter__(self) -> Callable[[int], None]:
        if not _terminal(sys.stderr) or not _regular(self.out) or _terminal(self.stream):
            return lambda done: None
        from rich.progress import Progress, TextColumn, TimeElapsedColumn

        from exocalc.output.common import console

        total = _total(self.stream)
        columns = (
            Progress.get_default_columns()
            if total is not None
            else (TextColumn("quoting {task.completed:,.0f} rows"), TimeElapsedColumn())
        )
        # No refresh thread: workers may be forked while the display is shown.
        self.progress = Progress(
            *columns,
            console=console(sys.stderr),
            transient=True,
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.progress.start()
        task = self.progress.add_task("quoting", total=total)
        return lambda done: self.progress.update(task, completed=done, refresh=True)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()


def _terminal(stream: IO[Any]) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):  # closed, or a test runner's buffer
        return False


def _regular(stream: IO[Any]) -> bool:
    """Whether a stream is a file on disk (not a pipe, a FIFO, a terminal, a device)."""
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError):  # closed, or a test runner's buffer
        return False
