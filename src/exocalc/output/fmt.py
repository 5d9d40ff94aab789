"""Text for people: money with its symbol and minor-unit digits, ranges, ages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from exocalc.money import SYMBOLS, Range3, minor_digits, round_to_minor


def money_text(amount: Decimal, currency: str) -> str:
    """'₩300,000', '$224.67', '-$75.00', 'CHF 1,234.00'."""
    digits = minor_digits(currency)
    value = round_to_minor(amount, currency)
    sign = "-" if value < 0 else ""
    number = f"{abs(value):,.{digits}f}"
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{currency} {number}"


def range_text(r: Range3, currency: str) -> str:
    if r.low == r.high:
        return money_text(r.low, currency)
    return f"{money_text(r.low, currency)}–{money_text(r.high, currency)}"


def days_old(as_of: dt.date, today: dt.date) -> str:
    days = (today - as_of).days
    if days < 0:
        return "in the future"
    if days == 0:
        return "today"
    return f"{days} day{'s' if days != 1 else ''} old"


def age_text(as_of: dt.date, today: dt.date) -> str:
    return f"{as_of.isoformat()} ({days_old(as_of, today)})"
