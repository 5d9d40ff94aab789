"""`exocalc check-price` output: one line, or the JSON of the check."""

from __future__ import annotations

from typing import IO, Any

from exocalc.output.common import write_json
from exocalc.pricing.model import PriceCheck

SCHEMA = "exocalc.price_check/1"


def check_document(check: PriceCheck, treatment: str) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "treatment": treatment,
        "price_krw": check.price_krw,
        "against": check.against,
        "low": check.low,
        "high": check.high,
        "position": check.position,
        "by_krw": check.by_krw,
        "by_percent": check.by_pct,
        "tiers": list(check.tiers),
        "text": check.text,
    }


def write_check(check: PriceCheck, treatment: str, fmt: str, out: IO[str]) -> None:
    if fmt == "json":
        write_json(check_document(check, treatment), out)
    else:
        out.write(check.text + ".\n")
