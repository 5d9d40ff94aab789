"""A batch's rows: what one row asks for, by field name, or why it cannot be read.

A row of JSON Lines is decoded here, where it is priced (in a worker process, for a long
input), so that the process reading the input only splits it into lines.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from exocalc.errors import UnknownName
from exocalc.request import FIELDS, canonical

COLUMNS = (*(f.name for f in FIELDS), "id")
_IDS = (str, int, Decimal)
_KNOWN = frozenset(COLUMNS)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


# Numbers exactly as written: 1500.50 is Decimal('1500.50'), never a binary float; NaN and
# Infinity, which Python's decoder would take, are refused.
_decode = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant).decode


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
    """A line of JSON Lines not decoded yet: its row number and its line number."""

    number: int
    line_number: int
    text: str

    def row(self) -> Row:
        at = f"line {self.line_number}"
        try:
            value = _decode(self.text)
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
        if row_id is not None and (isinstance(row_id, bool) or not isinstance(row_id, _IDS)):
            return Row(self.number, None, f"{at}: id must be text or a number")
        names, unknown = _names_of(tuple(value))
        values = dict(zip(names, value.values(), strict=True))
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
def _names_of(given: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    """Rows of one file mostly share their field names: each set of names is checked once."""
    names = tuple(canonical(str(name)) for name in given)
    return names, next((n for n in names if n not in _KNOWN), None)
