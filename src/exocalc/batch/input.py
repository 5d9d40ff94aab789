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
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from exocalc.batch.jsonl import MAX_ROW, TOO_LONG, jsonl_rows, unreadable
from exocalc.batch.rows import COLUMNS, JsonLine, Row, id_problem, same_field
from exocalc.errors import UnknownName, UsageError
from exocalc.request import canonical

if TYPE_CHECKING:
    from exocalc.output.fmt import Display

EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def rows(
    source: str,
    input_format: str | None,
    say: Callable[[str], None],
    stdin: IO[str],
    stdout: IO[str],
) -> tuple[Iterator[Row | JsonLine], IO[bytes]]:
    """The rows of a file or of the run's `stdin` (`-`), and the stream they are read from (for
    the progress display); a file that is also its `stdout` is refused. `say` tells a person."""
    stream = _open(source, say, stdin)
    _not_the_output(stream, source, stdout)
    lines = _lines(stream)
    if input_format is None:
        input_format, lines = _detect(source, lines)
    return (_csv_rows(lines) if input_format == "csv" else jsonl_rows(lines)), stream


def _open(source: str, say: Callable[[str], None], stdin: IO[str]) -> IO[bytes]:
    """The input's bytes: a file, a FIFO or standard input; a device (/dev/zero) or a folder is
    refused at once."""
    if source == "-":
        if _terminal(stdin):  # a person, not a pipe: say what is awaited
            say("reading plans from standard input (CSV or JSON Lines); end with Ctrl-D")
        return stdin.buffer  # type: ignore[attr-defined,no-any-return]
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
    # A quoted field may hold a line break (spreadsheets write them), within one row's cap.
    # A malformed record, or a quote never closed, costs its own row only: the lines after its
    # first are read again as rows (_Feed). A record past the cap is one error record.
    csv.field_size_limit(MAX_ROW)
    feed = _Feed(lines)
    reader = csv.reader(feed, strict=True)
    header: list[str] | None = None
    number = 0
    while True:
        feed.start()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (_TooLong, csv.Error) as exc:
            broken = feed.broken(exc)
            if header is None:
                raise UsageError(f"the CSV header cannot be read: {broken}") from None
            number += 1
            yield Row(number, None, broken)
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
        at = feed.where()
        if why is not None:
            yield Row(number, None, f"{at}: {why}")
        elif len(cells) != len(header):
            yield Row(number, None, f"{at}: {len(cells)} fields where the header has {len(header)}")
        else:
            values = dict(zip(header, cells, strict=True))
            why = id_problem(values["id"].strip()) if "id" in values else None
            yield Row(number, None, f"{at}: {why}") if why else Row(number, values)


NEVER_CLOSED = "a quote is never closed, or closed where no field ends"
TOO_BIG = f"one record of more than {MAX_ROW:,} bytes (at most {MAX_ROW // 1024} KB a row)"


class _TooLong(Exception):
    """A record grew past MAX_ROW: the csv module asked for more lines than a row may hold."""


class _Feed:
    """The input's lines as the csv module reads them, numbered, the current record's kept
    (at most MAX_ROW bytes) so that a broken record costs its own row only:
    - malformed (a stray quote), or a quote never closed: its first line is the error, and the
      lines after it are read again as rows;
    - well formed but past MAX_ROW: the rest of it is skipped, one error record for all of it.
    While a quote is followed to its end, the lines skipped wait in a temporary file, in case
    it never closes and they are rows after all: memory stays within MAX_ROW."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.source: Iterator[str] = lines
        self.number = 0  # the last line read
        self.record: list[str] = []  # the lines of the record being read
        self.size = 0
        self.first = 1  # the record's first line
        self.ended = False  # the input has no more lines

    def start(self) -> None:
        self.record, self.size, self.first = [], 0, self.number + 1

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        try:
            line = next(self.source)
        except StopIteration:
            self.ended = True
            raise
        self.number += 1
        self.record.append(line)
        self.size += len(line)
        if self.size > MAX_ROW:
            raise _TooLong
        return line

    def where(self) -> str:
        last = self.first + len(self.record) - 1
        return f"line {self.first}" if last <= self.first else f"lines {self.first}-{last}"

    def broken(self, exc: Exception) -> str:
        """What went wrong with the record just read, with where; the input set to go on
        after it."""
        if isinstance(exc, _TooLong):
            end = self._skip()
            if end is not None:
                return f"lines {self.first}-{end}: {TOO_BIG}"
            reason = NEVER_CLOSED  # _skip gave its lines back
        else:
            # Broken past its first line, or by the input's end: a quote opened and not closed
            # where a field ends.
            broken_quote = len(self.record) > 1 or self.ended
            reason = NEVER_CLOSED if broken_quote else f"malformed CSV ({exc})"
            if len(self.record) > 1:  # read again what came after the record's first line
                self.source = itertools.chain(self.record[1:], self.source)
                self.number = self.first
        if len(self.record) > 1:
            reason += "; the lines after it are read as rows"
        return f"line {self.first}: {reason}"

    def _skip(self) -> int | None:
        """Follow a quoted field past MAX_ROW to its end: the line its record ends on (the
        rest is skipped), or None when it never closes, or a stray quote shows it was never a
        field (the lines are then given back, to be read as rows)."""
        # Closed here when the record ends, else by _closing once its lines are read again.
        spill = tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
        number = self.number
        state = "open"  # the csv module asks for another line only inside a quoted field
        for line in self.source:
            number += 1
            spill.write(line)
            state = _quoted_from(line)
            if state != "open":
                break
        if state == "closed":
            spill.close()
            self.number = number
            return number
        spill.seek(0)
        self.source = itertools.chain(self.record[1:], _closing(spill), self.source)
        self.number = self.first
        return None


def _quoted_from(line: str) -> str:
    """Where a line that starts inside a quoted field leaves its record, as strict CSV reads
    it: "open" (still inside a quote), "closed" (the record ends on it) or "malformed" (a
    closing quote followed by anything but a comma or the line's end)."""
    i = 0
    while True:  # inside a quoted field, from i
        i = line.find('"', i) + 1
        if i == 0:
            return "open"
        after = line[i : i + 1]
        if after == '"':  # a quote written twice: a quote in the text
            i += 1
            continue
        if after in ("", "\r", "\n"):
            return "closed"
        if after != ",":
            return "malformed"
        while True:  # the next field, after its comma
            i += 1
            if line.startswith('"', i):
                i += 1
                break
            i = line.find(",", i)
            if i < 0:
                return "closed"


def _closing(spill: IO[str]) -> Iterator[str]:
    with spill:
        yield from spill


def _header(cells: list[str]) -> list[str]:
    names = [canonical(cell) for cell in cells]
    for given, name in zip(cells, names, strict=True):
        if name not in COLUMNS:
            raise UnknownName("column", given.strip(), list(COLUMNS), "CSV header")
    twice = same_field([cell.strip() for cell in cells], names)
    if twice is not None:
        first, second = twice
        raise UsageError(f"the CSV header names one field twice: {first!r} and {second!r}")
    return names


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

    def __init__(self, stream: IO[bytes], out: IO[str], err: IO[str], display: Display) -> None:
        self.stream = stream
        self.out = out
        self.err = err
        self.display = display
        self.progress: Any = None

    def __enter__(self) -> Callable[[int], None]:
        if not _terminal(self.err) or not _regular(self.out) or _terminal(self.stream):
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
            console=console(self.err, self.display),
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


def _not_the_output(stream: IO[bytes], source: str, stdout: IO[str]) -> None:
    """A file that is also where the records go (`exocalc batch plans.jsonl >> plans.jsonl`)
    would have its own records read back as plans, without end, until the disk is full:
    refused before a byte is read or written, as cat refuses it."""
    if not _regular(stream):
        return
    try:
        read, written = os.fstat(stream.fileno()), os.fstat(stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no descriptor: a test runner's buffer
        return
    if (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino):
        name = "standard input" if source == "-" else source
        raise UsageError(
            f"{name} is also the output: its records would be read back as plans without end; "
            "write them to another file"
        )


def _regular(stream: IO[Any]) -> bool:
    """Whether a stream is a file on disk (not a pipe, a FIFO, a terminal, a device)."""
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError):  # closed, or a test runner's buffer
        return False
