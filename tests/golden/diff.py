"""What changed between two batch answers (jsonl or csv), field by field, in words a person reads
at a glance: `row 3 (g3): lines[flights].typical: was 1679.25, now 1679.26`, rather than two
3 KB lines to compare by eye."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

MAX_FIELDS = 20  # differing fields listed; the rest are counted
MAX_VALUE = 120  # characters of a value shown (a whole record, when a row is new or gone)

Record = dict[str, str]  # field path -> its value as shown
_WHOLE, _ID = "\0whole", "\0id"  # a record's own text and id, beside its fields


def differences(fmt: str, was: str, now: str, limit: int = MAX_FIELDS) -> str:
    """The difference between two answers in one format, '' when they are the same text."""
    if was == now:
        return ""
    before, after = _records(fmt, was), _records(fmt, now)
    changed: list[str] = []
    rows = 0
    for key in sorted(before.keys() | after.keys(), key=_row_order):
        old, new = before.get(key), after.get(key)
        found = _changed_fields(old, new)
        if found:
            rows += 1
            ident = (new or old or {}).get(_ID)
            label = f"row {key} ({ident})" if ident else f"row {key}"
            changed += [f"{label}: {field}" for field in found]
    if not changed:  # the same fields, written otherwise: key order, spacing, line ends
        return _first_line(was, now)
    shown = "\n".join(f"  {line}" for line in changed[:limit])
    more = len(changed) - limit
    tail = f"\n  ... and {more} more field{'s' if more > 1 else ''}" if more > 0 else ""
    counted = f"{rows} of {max(len(before), len(after))} rows differ"
    fields = f"{len(changed)} field{'s' if len(changed) > 1 else ''}"
    return f"{fmt}: {counted}, {fields}:\n{shown}{tail}"


def _changed_fields(old: Record | None, new: Record | None) -> list[str]:
    if old is None:
        return [f"a new row: {_clip(new[_WHOLE]) if new else ''}"]
    if new is None:
        return [f"gone: was {_clip(old[_WHOLE])}"]
    out = []
    for field in _union(old, new):
        a, b = old.get(field), new.get(field)
        if a != b:
            out.append(f"{field}: was {_clip(a) if a is not None else '(absent)'}, "
                       f"now {_clip(b) if b is not None else '(absent)'}")  # fmt: skip
    return out


def _union(old: Record, new: Record) -> list[str]:
    """Both records' fields, in the order the new one writes them, then those it lost."""
    fields = [*new, *(f for f in old if f not in new)]
    return [f for f in fields if f not in (_WHOLE, _ID)]


def _records(fmt: str, text: str) -> dict[str, Record]:
    """Each row's fields by row number: '3' -> {'lines[flights].typical': '1679.25', ...}."""
    return _csv_records(text) if fmt == "csv" else _jsonl_records(text)


def _csv_records(text: str) -> dict[str, Record]:
    out: dict[str, Record] = {}
    for n, row in enumerate(csv.DictReader(io.StringIO(text)), 1):
        cells = {k or "(no header)": _csv_cell(v) for k, v in row.items()}
        cells[_WHOLE] = ",".join(f"{k}={v}" for k, v in cells.items() if v != '""')
        cells[_ID] = row.get("id") or ""
        out[_key(row.get("row"), n)] = cells
    return out


def _jsonl_records(text: str) -> dict[str, Record]:
    out: dict[str, Record] = {}
    for n, line in enumerate(text.splitlines(), 1):
        try:
            value = json.loads(line, parse_float=Decimal)
        except ValueError:
            value = None
        if not isinstance(value, dict):  # not a record: the line itself is the field
            out[_key(None, n)] = {"(line)": line, _WHOLE: line}
            continue
        fields: Record = {}
        _flatten(value, "", fields)
        fields[_WHOLE] = line
        fields[_ID] = str(value.get("id") or "")
        out[_key(value.get("row"), n)] = fields
    return out


def _key(row: object, n: int) -> str:
    """A record's row number (the batch's), else its line's."""
    return str(row) if isinstance(row, int | str) and str(row).isdigit() else f"line {n}"


def _row_order(key: str) -> tuple[int, str]:
    return (int(key), key) if key.isdigit() else (1 << 30, key)


def _flatten(value: Any, path: str, out: Record) -> None:
    """Leaf values by path: `a.b`, `list[2]`, and a list of objects with ids by id:
    `lines[flights].typical` (a line moved in the list is still the same line)."""
    if isinstance(value, dict):
        if not value:
            out[path] = "{}"
        for k, v in value.items():
            _flatten(v, f"{path}.{k}" if path else str(k), out)
    elif isinstance(value, list):
        if not value:
            out[path] = "[]"
        ids = [v.get("id") for v in value if isinstance(v, dict)]
        by_id = len(ids) == len(value) and all(isinstance(i, str) for i in ids)
        by_id = by_id and len(set(ids)) == len(ids)
        for i, v in enumerate(value):
            _flatten(v, f"{path}[{v['id'] if by_id else i}]", out)
    else:
        out[path] = _shown(value)


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _csv_cell(value: str | list[str] | None) -> str:
    if value is None:
        return "(no cell)"
    if isinstance(value, list):  # cells beyond the header
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False) if value == "" else value


def _clip(text: str | None) -> str:
    text = "" if text is None else text
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 3] + "..."


def _first_line(was: str, now: str) -> str:
    """The first line that differs, when the fields are the same but the bytes are not."""
    old, new = was.splitlines(keepends=True), now.splitlines(keepends=True)
    for n, (a, b) in enumerate(zip(old, new, strict=False), 1):
        if a != b:
            return f"line {n} is written otherwise (same fields):\n  was: {a!r}\n  now: {b!r}"
    n = min(len(old), len(new)) + 1
    return f"the answers differ in length from line {n}: {len(old)} lines before, {len(new)} now"
