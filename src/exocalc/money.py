"""Money: currencies' minor units and symbols, three-scenario ranges, rounding at the minor unit.

Every layer uses these; nothing here does I/O. Amounts stay exact Decimals until they are shown:
`round_to_minor` is the one place where an amount is rounded, at its currency's minor unit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Context, Decimal
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
        return _new(cls, (v, v, v))

    @classmethod
    def zero(cls) -> Range3:
        return ZERO3

    def map(self, f: Callable[[Decimal], Decimal]) -> Range3:
        return _new(Range3, (f(self[0]), f(self[1]), f(self[2])))

    def __add__(self, other: object) -> Range3:
        if not isinstance(other, Range3):
            return NotImplemented
        return _new(Range3, (self[0] + other[0], self[1] + other[1], self[2] + other[2]))

    def __neg__(self) -> Range3:
        return _new(Range3, (-self[0], -self[1], -self[2]))

    def scale(self, factor: Decimal | int) -> Range3:
        return _new(Range3, (self[0] * factor, self[1] * factor, self[2] * factor))


# Ranges are made on every line of every quote: the tuple's own constructor, not NamedTuple's
# Python-level __new__.
_new = tuple.__new__
ZERO3 = Range3(Decimal(0), Decimal(0), Decimal(0))


def sum_ranges(ranges: Iterable[Range3]) -> Range3:
    low = typical = high = Decimal(0)
    for r in ranges:
        low += r[0]
        typical += r[1]
        high += r[2]
    return _new(Range3, (low, typical, high))


class Rounder:
    """Rounds exact KRW into one currency at its minor unit, and into whole won: the one
    rounding every shown amount goes through. Prepared once per currency: its quantum, its
    rate and a context that rounds half up, so that a line's six roundings are six calls of
    the context's own methods (no keywords to parse, no current context to look up)."""

    def __init__(self, currency: str, krw_per_unit: Decimal) -> None:
        self.currency = currency
        self.quantum = quantum(currency)
        self.per_unit = krw_per_unit
        nothing = Decimal(0).quantize(self.quantum)
        self.zero = _new(Range3, (nothing, nothing, nothing))
        self._pivot = currency == PIVOT_CURRENCY
        # The division keeps the default context's precision and rounding (28 digits, half
        # even), as `krw / per_unit` does; only the quantising rounds half up.
        self._divide = Context().divide
        self._half_up = Context(rounding=ROUND_HALF_UP).quantize

    def both(self, krw: Range3) -> tuple[Range3, Range3]:
        """(the amount in the currency, in whole won), each rounded once, half up."""
        up, one = self._half_up, _ONE
        k0, k1, k2 = krw
        won = _new(Range3, (up(k0, one), up(k1, one), up(k2, one)))
        if self._pivot:
            return won, won
        q, d, divide = self.quantum, self.per_unit, self._divide
        return _new(Range3, (up(divide(k0, d), q), up(divide(k1, d), q), up(divide(k2, d), q))), won

    def amount(self, krw: Range3) -> Range3:
        return self.both(krw)[0]

    def round(self, amount: Decimal) -> Decimal:
        """An amount already in this currency, at its minor unit."""
        return self._half_up(amount, self.quantum)


def shares(total: Range3, count: int, currency: str) -> Range3:
    """`total` split in `count` equal shares, each rounded half up to the currency's minor
    unit; one share is the total itself (already at its minor unit)."""
    if count == 1:
        return total
    up, q = _HALF_UP.quantize, quantum(currency)
    return _new(Range3, (up(total[0] / count, q), up(total[1] / count, q), up(total[2] / count, q)))


_ONE = Decimal(1)
_HALF_UP = Context(rounding=ROUND_HALF_UP)
