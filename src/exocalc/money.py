"""Money: currencies' minor units and symbols, three-scenario ranges, rounding at the minor unit.

Every layer uses these; nothing here does I/O. Amounts stay exact Decimals until they are shown:
`round_to_minor` is the one place where an amount is rounded, at its currency's minor unit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

# ISO 4217 minor units for the currencies exocalc knows; every other one has 2.
PIVOT_CURRENCY = "KRW"

_ZERO_DECIMAL = frozenset({"KRW", "JPY", "ISK", "CLP", "VND", "PYG", "UGX", "XAF", "XOF"})

# Symbols a reader recognises at a glance. "₩" for the won: forex-python's "W" is wrong.
SYMBOLS: dict[str, str] = {
    "KRW": "₩",
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "AUD": "A$",
    "CAD": "C$",
    "SGD": "S$",
    "HKD": "HK$",
    "NZD": "NZ$",
    "CNY": "CN¥",
    "INR": "₹",
    "ILS": "₪",
    "PHP": "₱",
    "THB": "฿",
    "TRY": "₺",
    "MXN": "MX$",
    "BRL": "R$",
}


def minor_digits(currency: str) -> int:
    """How many digits after the decimal point the currency's amounts carry."""
    return 0 if currency in _ZERO_DECIMAL else 2


@functools.cache
def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_digits(currency))


def round_to_minor(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the currency's minor unit (whole won, cents)."""
    return amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)


class Range3(NamedTuple):
    """One figure in the three scenarios of a quote: low, typical and high."""

    low: Decimal
    typical: Decimal
    high: Decimal

    @classmethod
    def of(cls, value: Decimal | int) -> Range3:
        v = Decimal(value)
        return cls(v, v, v)

    @classmethod
    def zero(cls) -> Range3:
        return cls.of(0)

    def map(self, f: Callable[[Decimal], Decimal]) -> Range3:
        return Range3(f(self.low), f(self.typical), f(self.high))

    def __add__(self, other: object) -> Range3:
        if not isinstance(other, Range3):
            return NotImplemented
        return Range3(self.low + other.low, self.typical + other.typical, self.high + other.high)

    def __neg__(self) -> Range3:
        return Range3(-self.low, -self.typical, -self.high)

    def scale(self, factor: Decimal | int) -> Range3:
        f = Decimal(factor)
        return Range3(self.low * f, self.typical * f, self.high * f)


def sum_ranges(ranges: list[Range3]) -> Range3:
    total = Range3.zero()
    for r in ranges:
        total = total + r
    return total
