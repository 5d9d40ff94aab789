"""JSON Lines as `exocalc batch` reads it: whole JSON values, a line each as a rule, or one
written over several lines (as jq writes it); and what makes a row's text unusable, whatever
its format (too long, not UTF-8)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from exocalc.batch.rows import JsonLine, Row

MAX_ROW = 64 * 1024  # a row of every field takes under 1 KB
# A line too long to read, as the csv module is given it: a row of it becomes an error record.
TOO_LONG = "\0too long\0"


def unreadable(text: str) -> str | None:
    """Why a row's text cannot be used: too long, or not UTF-8 (None when it can)."""
    if TOO_LONG in text:
        return f"longer than {MAX_ROW:,} bytes"
    if text.isascii():  # most rows: nothing to look for
        return None
    bad = _NOT_UTF8.search(text)
    if bad is not None:
        return f"not UTF-8 text (byte 0x{ord(bad.group()) - 0xDC00:02x})"
    return None


_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, as _lines keeps them


def jsonl_rows(lines: Iterator[str]) -> Iterator[Row | JsonLine]:
    """Whole JSON values, numbered, blank lines left out: decoded where they are priced. A line
    that is one value is the common case, read as it comes; a value written over several lines
    (as jq and `json.dumps(..., indent=2)` write one) is read to its closing bracket, within
    MAX_ROW. One that never closes costs its first line only: an error record, and the lines
    after it are read again as rows."""
    number = 0
    feed = _Lines(lines)
    for line_number, line in feed:
        text = line.strip()
        if not text:
            continue
        number += 1
        why = unreadable(text)
        if why is not None:
            yield Row(number, None, f"line {line_number}: {why}")
        elif text.endswith("}") or not text.startswith(("{", "[")):  # one line: most rows
            yield JsonLine(number, line_number, text)
        else:
            yield _spread(number, line_number, text, feed)


def _spread(number: int, first: int, text: str, feed: _Lines) -> Row | JsonLine:
    """A value whose first line is `text`, read on to the line that closes it."""
    state = _depth(text, _OUTSIDE)
    if state[0] <= 0:  # closed on its own line, something after it: the decoder says what
        return JsonLine(number, first, text)
    record, size, taken = [text], len(text), []
    for line_number, line in feed:
        taken.append((line_number, line))
        size += len(line)
        if size > MAX_ROW or unreadable(line) is not None:
            break
        state = _depth(line, state)
        record.append(line.strip())
        if state[0] <= 0:
            return JsonLine(number, first, "\n".join(record), line_number)
    feed.again(taken)
    more = "; the lines after it are read as rows" if taken else ""
    return Row(number, None, f"line {first}: a JSON value that is never closed{more}")


# Where a JSON text leaves off: the brackets open, inside a string or not, after a backslash.
_State = tuple[int, bool, bool]
_OUTSIDE: _State = (0, False, False)


def _depth(text: str, state: _State) -> _State:
    depth, quoted, escaped = state
    for char in text:
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth <= 0:
                return depth, quoted, escaped
    return depth, quoted, escaped


class _Lines:
    """The input's lines, numbered from 1, with lines given back read again first."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.numbered = enumerate(lines, start=1)
        self.back: list[tuple[int, str]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> tuple[int, str]:
        if self.back:
            return self.back.pop()
        return next(self.numbered)

    def again(self, taken: list[tuple[int, str]]) -> None:
        self.back.extend(reversed(taken))
