"""JSON whose numbers keep their Decimal digits: 2841.50 stays 2841.50, never 2841.5."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any


def dumps(value: Any, indent: int | None = 2) -> str:
    return "".join(_encode(value, indent, 0))


def _encode(value: Any, indent: int | None, level: int) -> Any:
    if isinstance(value, Decimal):
        yield format(value, "f")
    elif value is None or isinstance(value, bool | int | float | str):
        yield json.dumps(value, ensure_ascii=False)
    elif isinstance(value, dt.date):
        yield json.dumps(value.isoformat())
    elif isinstance(value, Mapping):
        yield from _container("{", "}", list(value.items()), indent, level, keyed=True)
    elif isinstance(value, Sequence):
        yield from _container("[", "]", list(value), indent, level, keyed=False)
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _container(
    open_: str, close: str, items: list[Any], indent: int | None, level: int, keyed: bool
) -> Any:
    if not items:
        yield open_ + close
        return
    if indent is None:
        inner_sep, item_sep, pad, end = "", ", ", "", ""
    else:
        pad = "\n" + " " * (indent * (level + 1))
        inner_sep, item_sep, end = pad, "," + pad, "\n" + " " * (indent * level)
    yield open_ + inner_sep
    for i, item in enumerate(items):
        if i:
            yield item_sep
        if keyed:
            key, item = item
            yield json.dumps(str(key), ensure_ascii=False) + ": "
        yield from _encode(item, indent, level + 1)
    yield end + close
