"""Words for counts, one owner for plurals: `1 day`, `2 days`, `1 person`, `3 people`."""

from __future__ import annotations


def times(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
