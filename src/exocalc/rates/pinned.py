"""Pinned rates (`--rates FILE`): the rates a saved output was made with, read back from it, so
that a saved quote prices again to the unit whatever has been refreshed since.

The file is a saved quote's, plan's or comparison's JSON (or a batch record: its `rates` part,
with `krw_per_unit` for every currency the figures rest on and each one's origin), or the output
of `exocalc rates --format json` (its `rates` list). Each rate keeps its digits (read as Decimal,
never as a float) and the source and date it was saved with. A currency the file lacks keeps the
snapshot's rate, and says so. A file that cannot be used is refused in one line naming it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from exocalc.errors import visible
from exocalc.rates.model import (
    PIVOT,
    SOURCE_NAME,
    Origin,
    Rates,
    RatesError,
    check_rate,
    fallback,
)
from exocalc.store import read_capped

KIND = "pinned"
FILE_LACKED = "the rates file had none"
MAX_BYTES = 4 * 1024 * 1024  # a quote's JSON is a few KB; a programme's a few tens
_CODE = re.compile(r"[A-Z]{3}")
WHAT = "a saved quote's JSON (its `rates`) or `exocalc rates --format json`"
# How to make a file --rates reads: said when none was given, or the one named is not there.
FILES = (
    "a saved quote's JSON (`exocalc quote ... --format json > saved.json`) or the rates in use "
    "(`exocalc rates --format json > rates.json`)"
)
EMPTY = f"--rates is empty: give a file: {FILES}"


class RatesFileError(Exception):
    """A --rates file that cannot be used: the file and what is wrong with it."""

    def __init__(self, path: Path | str, why: str) -> None:
        super().__init__(f"--rates {path}: {why}")


def pinned_rates(path: Path, snapshot: Rates) -> Rates:
    """The rates the file holds, over the snapshot's for the currencies it lacks; or
    RatesFileError."""
    try:
        raw = read_capped(path, MAX_BYTES)
    except FileNotFoundError:
        raise RatesFileError(path, f"no such file; give {FILES}") from None
    except OSError as exc:
        raise RatesFileError(path, exc.strerror or str(exc)) from None
    try:
        return parse_pinned(raw.decode("utf-8-sig"), snapshot)
    except UnicodeDecodeError as exc:
        raise RatesFileError(path, f"not UTF-8 text (byte {exc.start})") from None
    except RatesError as exc:
        raise RatesFileError(path, str(exc)) from None


def parse_pinned(text: str, snapshot: Rates) -> Rates:
    """The rates of a saved output's text, or RatesError: what is wrong with it."""
    if not text.strip():
        raise RatesError(f"the file is empty; expected {WHAT}")
    try:
        document: Any = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except json.JSONDecodeError as exc:
        raise RatesError(f"not JSON ({exc.msg} at line {exc.lineno}); expected {WHAT}") from None
    except (ValueError, RecursionError):  # a number of thousands of digits; nested too deep
        raise RatesError(f"not JSON that exocalc reads; expected {WHAT}") from None
    part = document.get("rates") if isinstance(document, dict) else None
    if isinstance(part, dict):  # a quote's, a plan's, a comparison's, a batch record's
        given, origins, published = _saved(part)
        top = part
    elif isinstance(part, list):  # `exocalc rates --format json`
        given, origins, published = _listed(part)
        top = document
    else:
        raise RatesError(f"no rates in it; expected {WHAT}")
    # The rates first (a rate that cannot be used is the file's worst fault), then who
    # published them and when.
    rates = {code: _rate(code, value) for code, value in given.items()}
    rates.pop(PIVOT, None)
    unknown = sorted(code for code in rates if not snapshot.knows(code))
    if unknown:
        raise RatesError(f"{unknown[0]} is not a currency exocalc knows (exocalc rates lists them)")
    if not rates:
        raise RatesError("it holds no exchange rates")
    source = _source(top.get("source"))
    if top.get("as_of") is None:
        raise RatesError("its rates have no `as_of` (their date, YYYY-MM-DD)")
    as_of = _date(top.get("as_of"), "as_of")
    own = {code: _origin(code, o) for code, o in origins.items() if code in rates}
    lacked = {
        code: fallback(snapshot, FILE_LACKED)
        for code in snapshot.krw_per_unit
        if code not in rates and code != PIVOT
    }
    return Rates(
        krw_per_unit={**snapshot.krw_per_unit, **rates},
        source=source,
        as_of=as_of,
        kind=KIND,
        fallbacks=lacked,
        own={c: o for c, o in own.items() if (o.source, o.as_of) != (source, as_of) or o.note},
        published={**snapshot.published, **published},
    )


def _saved(part: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A saved output's `rates`: its `krw_per_unit`, `origins` and `per_eur`."""
    given = part.get("krw_per_unit")
    if not isinstance(given, dict):
        raise RatesError("its `rates` has no `krw_per_unit` mapping")
    origins = part.get("origins")
    published = part.get("per_eur")
    return (
        given,
        {c: o for c, o in origins.items() if isinstance(o, dict)}
        if isinstance(origins, dict)
        else {},
        {c: v for c, v in published.items() if isinstance(v, Decimal) and v > 0}
        if isinstance(published, dict)
        else {},
    )


def _listed(rows: list[Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """`exocalc rates --format json`'s rows: a currency, its rate and its origin each."""
    given: dict[str, Any] = {}
    origins: dict[str, Any] = {}
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or "currency" not in row or "krw_per_unit" not in row:
            raise RatesError(f"rates[{n}] is not a currency with its krw_per_unit")
        code = row["currency"]
        given[code] = row["krw_per_unit"]
        origins[code] = row
    return given, origins, {}


def _origin(code: str, saved: Mapping[str, Any]) -> Origin:
    """Where a currency's rate came from, as the file saved it (a --rate given then: so)."""
    if saved.get("from") == "override":
        return Origin("--rate", None, KIND, "given with --rate")
    as_of = _date(saved.get("as_of"), f"{code}'s as_of", optional=True)
    return Origin(_source(saved.get("source"), code), as_of, KIND, _note(saved.get("note")))


def _rate(code: Any, value: Any) -> Decimal:
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise RatesError(f"{code!r} is not a currency code")
    if code == PIVOT:
        if value != 1:
            raise RatesError(f"KRW's rate is always 1, not {value}")
        return Decimal(1)
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise RatesError(f"{code}: {value!r} is not a number")
    if value <= 0:
        raise RatesError(f"{code}: {value} is not a positive rate")
    return check_rate(code, value)


def _source(value: Any, code: str | None = None) -> str:
    """Who published the rates (`code`: one currency's, as its saved origin says)."""
    if value is None:
        whose = "its rates have" if code is None else f"{code}'s origin has"
        raise RatesError(
            f"{whose} no `source` (who published them: ECB, or the host they came from)"
        )
    if not isinstance(value, str) or not SOURCE_NAME.fullmatch(value):
        shown = visible(repr(value), one_line=True)
        if len(shown) > 40:
            shown = shown[:37] + "..."
        whose = "its" if code is None else f"{code}'s"
        raise RatesError(
            f"{whose} source {shown} is not a plain name (letters, digits, '.', '-', spaces)"
        )
    return value


def _date(value: Any, name: str, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RatesError(f"{name} is not a date (YYYY-MM-DD): {value!r}") from None


_NOTE = re.compile(r"[ -~]{1,200}")


def _note(value: Any) -> str | None:
    return value if isinstance(value, str) and _NOTE.fullmatch(value) else None
