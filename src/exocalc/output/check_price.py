"""`exocalc check-price` output: one line, or the JSON of the check."""

from __future__ import annotations

from typing import IO

from exocalc.output import shapes
from exocalc.output.common import Views, note_text, write
from exocalc.output.fmt import Display
from exocalc.output.record import fixed
from exocalc.pricing.model import PriceCheck
from exocalc.request.values import Amount


def check_document(check: PriceCheck, treatment: str, given: Amount | None) -> shapes.CheckPrice:
    return shapes.CheckPrice(
        treatment=treatment, price_krw=fixed(check.price_krw), against=check.against,
        low=fixed(check.low), high=fixed(check.high), position=check.position,  # type: ignore[arg-type]
        by_krw=fixed(check.by_krw), by_percent=fixed(check.by_pct), tiers=list(check.tiers),
        text=note_text(check.note),
        given=given.json() if given is not None else fixed(check.price_krw),  # type: ignore[arg-type]
    )  # fmt: skip


def write_check(
    check: PriceCheck,
    treatment: str,
    fmt: str,
    out: IO[str],
    display: Display,
    given: Amount | None = None,
) -> None:
    """The check; a price given in another currency than KRW is echoed first, as typed."""
    echo = ""
    if given is not None and given.currency not in (None, "KRW"):
        echo = f"{given.currency} {given.value:,f} is "
    views = Views(
        document=lambda: check_document(check, treatment, given),
        plain=lambda: echo + note_text(check.note) + ".\n",  # the one line, for people
    )
    write(fmt, out, views, display)
