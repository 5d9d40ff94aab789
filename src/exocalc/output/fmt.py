"""Text for people: money with its symbol and minor-unit digits, ranges, ages."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from exocalc.money import SYMBOLS, Range3, minor_digits, round_to_minor


@dataclass(frozen=True)
class Display:
    """How this run's output is drawn, made once a run by the CLI from its environment and
    passed down to what draws: `color` (no colours nor styles without it: --no-color,
    NO_COLOR) and `encoding`, what the output can write. Where it cannot take '₩' (Windows'
    cp1252, redirected), money shows its currency code instead."""

    color: bool = True
    encoding: str = "utf-8"

    def shows(self, text: str) -> bool:
        """Whether the output can write this text."""
        return _shows(self.encoding, text)

    def glyph(self, wanted: str, plain: str) -> str:
        """A character the output can write: `wanted` if it can, else `plain`."""
        return wanted if self.shows(wanted) else plain

    def symbol(self, currency: str) -> str | None:
        found = SYMBOLS.get(currency)
        return found if found is not None and self.shows(found) else None


@functools.cache
def _shows(encoding: str, text: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def money_text(amount: Decimal, currency: str, display: Display) -> str:
    """'₩300,000', '$224.67', '-$75.00', 'CHF 1,234.00' (and 'KRW 300,000' where '₩' cannot
    be written)."""
    digits = minor_digits(currency)
    value = round_to_minor(amount, currency)
    sign = "-" if value < 0 else ""
    number = f"{abs(value):,.{digits}f}"
    mark = display.symbol(currency)
    return f"{sign}{mark}{number}" if mark else f"{sign}{currency} {number}"


def range_text(r: Range3, currency: str, display: Display) -> str:
    if r.low == r.high:
        return money_text(r.low, currency, display)
    low, high = money_text(r.low, currency, display), money_text(r.high, currency, display)
    return f"{low}{display.glyph('–', '-')}{high}"


def folded(text: str, display: Display) -> str:
    """A range ('$112.34–$449.35') on two lines, broken after its dash: where columns are
    tight, each amount stays whole."""
    dash = display.glyph("–", "-")
    return text.replace(dash, dash + "\n")


def days_old(as_of: dt.date, today: dt.date) -> str:
    days = (today - as_of).days
    if days < 0:
        return "in the future"
    if days == 0:
        return "today"
    return f"{days} day{'s' if days != 1 else ''} old"


def age_text(as_of: dt.date, today: dt.date) -> str:
    return f"{as_of.isoformat()} ({days_old(as_of, today)})"


def saving_text(amount: Decimal, currency: str, display: Display) -> str:
    """A saving for people: '$1,836.21', or 'costs $262.51 more' when Seoul costs more."""
    if round_to_minor(amount, currency) < 0:
        return f"costs {money_text(-amount, currency, display)} more"
    return money_text(amount, currency, display)


def savings_range_text(r: Range3, currency: str, display: Display) -> str:
    """The least and the most saved, in words where either is a loss."""
    if round_to_minor(r.low, currency) >= 0:
        return range_text(r, currency, display)
    if round_to_minor(r.high, currency) < 0:
        costs = Range3(-r.high, -r.typical, -r.low)
        return f"costs {range_text(costs, currency, display)} more"
    return (
        f"costs up to {money_text(-r.low, currency, display)} more,\n"
        f"or saves up to {money_text(r.high, currency, display)}"
    )
