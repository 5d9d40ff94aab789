"""The one JSON writer: a shape of output/shapes.py (or a list of them) as JSON text.

msgspec encodes it: every Decimal as a JSON number with its own digits (2841.50 stays
2841.50; amounts come already rounded to their minor unit), text as UTF-8 with what JSON must
escape escaped (a NUL is \\u0000). What a terminal would act on besides is escaped too
(errors.json_inert).
"""

from __future__ import annotations

from typing import Any

import msgspec

from exocalc.errors import json_inert

_encoder = msgspec.json.Encoder(decimal_format="number")


def compact(shape: Any) -> str:
    """One line, no spaces: a record of JSON Lines (without its line break)."""
    text = _encoder.encode(shape).decode("utf-8")
    if text.isascii() and "\x7f" not in text:  # nothing to escape: the common case, fast
        return text
    return json_inert(text)


def once(shape: Any) -> msgspec.Raw:
    """A part many records share, encoded once by this writer and written as it is wherever
    it recurs (a Struct's field may hold it: it is the Struct's own JSON)."""
    return msgspec.Raw(_encoder.encode(shape))


class Lines:
    """Records of JSON Lines encoded one after another into one buffer, made text once:
    `compact` for many records at a time."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def add(self, shape: Any) -> None:
        buffer = self._buffer
        _encoder.encode_into(shape, buffer, -1)
        buffer += b"\n"

    def text(self) -> str:
        text = self._buffer.decode("utf-8")
        if text.isascii() and "\x7f" not in text:
            return text
        return json_inert(text)


def dumps(shape: Any, indent: int | None = 2) -> str:
    """Pretty JSON, two spaces an indent; with indent=None one compact line."""
    if indent is None:
        return compact(shape)
    text = msgspec.json.format(_encoder.encode(shape), indent=indent)
    return json_inert(text.decode("utf-8"))
