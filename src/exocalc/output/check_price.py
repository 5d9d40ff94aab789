"""`exocalc check-price` output: one line, or the JSON of the check."""

from __future__ import annotations

from typing import IO, Any

from exocalc.output.common import note_text, write_json
from exocalc.pricing.model import PriceCheck
from exocalc.request.values import Amount

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
        "text": note_text(check.note),
    }


def write_check(
    check: PriceCheck, treatment: str, fmt: str, out: IO[str], given: Amount | None = None
) -> None:
    """The check; a price given in another currency than KRW is echoed first, as typed."""
    if fmt == "json":
        document = check_document(check, treatment)
        document["given"] = given.json() if given is not None else check.price_krw
        write_json(document, out)
        return
    echo = ""
    if given is not None and given.currency not in (None, "KRW"):
        echo = f"{given.currency} {given.value:,f} is "
    out.write(echo + note_text(check.note) + ".\n")
