"""A batch's rows: what one row asks for, by field name, or why it cannot be read.

A row of JSON Lines is decoded here, where it is priced (in a worker process, for a long
input), so that the process reading the input only splits it into lines.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from exocalc.errors import UnknownName
from exocalc.request import FIELDS, canonical

COLUMNS = (*(f.name for f in FIELDS), "id")
_KNOWN = frozenset(COLUMNS)
MAX_ID = 100  # characters of a row's id: it is written back as given, in every record


class Written(Decimal):
    """A JSON number with a point or an exponent, as a Decimal and as the text it was
    written: an id is written back as given (1e999999999), never as the billion digits it
    stands for."""

    text: str


def _number(text: str) -> Written:
    number = Written(text)
    number.text = text
    return number


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


class _Twice(ValueError):
    """A JSON object that names a field twice: the decoder would keep the last in silence."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) < len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _Twice(name)
            seen.add(name)
    return found


# Numbers exactly as written: 1500.50 is Decimal('1500.50'), never a binary float; NaN and
# Infinity, which Python's decoder would take, are refused; a field given twice is refused.
_decoder = json.JSONDecoder(
    parse_float=_number, parse_constant=_no_constant, object_pairs_hook=_object
)
_decode = _decoder.decode  # with the decoder's words for what is wrong
# The decoder's C scanner alone (typeshed leaves it out): a line that is one JSON value.
_scan: Callable[[str, int], tuple[Any, int]] = _decoder.scan_once  # type: ignore[attr-defined]


def _value(text: str) -> Any:
    """The JSON value a line holds. A well-formed line is read by the scanner alone, without
    the decoder's checks around it (whitespace, what follows); any other is read again by the
    decoder, which says what is wrong, as it words it."""
    try:
        value, end = _scan(text, 0)
    except (StopIteration, ValueError, RecursionError):  # _Twice, JSONDecodeError among them
        value, end = None, -1
    return value if end == len(text) else _decode(text)


def id_problem(value: Any) -> str | None:
    """Why a row's id cannot be used (None when it can): text or a number, of at most MAX_ID
    characters as written."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | Written):
        return "id must be text or a number"
    size = len(id_text(value))
    if size > MAX_ID:
        return f"id is {size:,} characters long; an id may be at most {MAX_ID:,}"
    return None


def id_text(value: str | int | Written) -> str:
    """A row's id as the text it was given."""
    if isinstance(value, Written):
        return value.text
    return value if isinstance(value, str) else str(value)


@dataclass(slots=True)
class Row:
    """One row of the input: its number (1 for the first data row), its values by field
    name, or why it could not be read."""

    number: int
    values: dict[str, Any] | None
    error: str | None = None

    @property
    def id(self) -> Any:
        """The row's own id, as the user gave it (surrounding spaces trimmed), or None."""
        value = self.values.get("id") if self.values else None
        if isinstance(value, str):
            return value.strip() or None
        return value


@dataclass(slots=True)
class JsonLine:
    """A line of JSON Lines not decoded yet (or a value written over several lines, to
    `last_line`): its row number and its line number."""

    number: int
    line_number: int
    text: str
    last_line: int = 0

    def row(self) -> Row:
        """The row, read: at once for the common case (an object of known, distinct fields,
        its id absent or short text, no escaped characters); else as _checked reads it."""
        try:
            value = _value(self.text)
            if type(value) is dict and "\\u" not in self.text:  # most rows
                row_id = value.get("id")
                if row_id is None or (type(row_id) is str and len(row_id) <= MAX_ID):
                    names, unknown, twice = _names_of(tuple(value))
                    if unknown is None and twice is None:
                        if names is not None:
                            value = dict(zip(names, value.values(), strict=True))
                        return Row(self.number, value)
        except (ValueError, RecursionError):  # said below, as the line is read again
            pass
        return self._checked()

    def _checked(self) -> Row:
        """The row, each thing that can be wrong with it checked, in turn, and said."""
        start, end = self.line_number, self.last_line
        at = f"lines {start}-{end}" if end > start else f"line {start}"
        try:
            value = _value(self.text)
        except _Twice as exc:
            return Row(self.number, None, f"{at}: {str(exc)!r} is given twice: give it once")
        except json.JSONDecodeError as exc:
            return Row(self.number, None, f"{at}: not JSON ({exc.msg} at column {exc.colno})")
        except ValueError as exc:  # a number of thousands of digits, NaN
            why = "a number too long" if "digits" in str(exc) else str(exc)
            return Row(self.number, None, f"{at}: not JSON we take ({why})")
        except RecursionError:
            return Row(self.number, None, f"{at}: not JSON we take (nested too deeply)")
        if not isinstance(value, dict):
            return Row(self.number, None, f"{at}: a plan must be a JSON object")
        # A lone surrogate ("\ud800") decodes to text no output can write: refused here, as
        # an error record, rather than failing the batch where the record is written.
        if "\\u" in self.text and not _writable(value):
            why = "text with a lone surrogate, \\ud800 to \\udfff"
            return Row(self.number, None, f"{at}: not JSON we take ({why})")
        row_id = value.get("id")
        why_not = id_problem(row_id.strip() if isinstance(row_id, str) else row_id)
        if why_not is not None:
            return Row(self.number, None, f"{at}: {why_not}")
        names, unknown, twice = _names_of(tuple(value))
        if twice is not None:
            first, second = twice
            message = f"{at}: {first!r} and {second!r} are the same field: give it once"
            return Row(self.number, None, message)
        values = value if names is None else dict(zip(names, value.values(), strict=True))
        if unknown is not None:
            problem = UnknownName("field", unknown, list(COLUMNS), f"line {self.line_number}")
            return Row(self.number, values, str(problem))
        return Row(self.number, values)


def _writable(value: Any) -> bool:
    """Whether every text in a decoded row can be written as UTF-8."""
    try:
        json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@functools.lru_cache(maxsize=256)
def _names_of(
    given: tuple[str, ...],
) -> tuple[tuple[str, ...] | None, str | None, tuple[str, str] | None]:
    """The fields these names mean (None: the names as given, the common case), the first
    unknown one, the first two spellings of one field (tier and TIER, addon and addons): rows
    of one file mostly share their names, and each set is checked once."""
    names = tuple(canonical(str(name)) for name in given)
    unknown = next((n for n in names if n not in _KNOWN), None)
    return None if names == given else names, unknown, same_field(given, names)


def same_field(given: Sequence[str], names: Sequence[str]) -> tuple[str, str] | None:
    """The first two of `given` that name one field (`names`, the fields they mean)."""
    if len(set(names)) == len(names):
        return None
    first: dict[str, str] = {}
    for spelt, name in zip(given, names, strict=True):
        if name in first:
            return first[name], spelt
        first[name] = spelt
    return None
