"""JSON whose numbers keep their Decimal digits: 2841.50 stays 2841.50, never 2841.5.

The standard library's C encoder does the work (it is many times faster than an encoder of
ours, which matters to `batch`); each Decimal goes through it as a marked string, and the
marks and quotes around it are then taken off, leaving the number as written.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from exocalc.errors import json_inert

_MARK = "\x00"  # never in our data: a control character JSON must escape as \u0000
_OPEN, _CLOSE = '"\\u0000', '\\u0000"'  # how the encoder writes a marked string's ends


def _default(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{_MARK}{value:f}{_MARK}"
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(value: Any, indent: int | None = 2) -> str:
    """Pretty JSON, or with indent=None one compact line (for JSON Lines)."""
    separators = (",", ":") if indent is None else None
    text = json.dumps(
        value, default=_default, ensure_ascii=False, indent=indent, separators=separators
    )
    return json_inert(text.replace(_OPEN, "").replace(_CLOSE, ""))
