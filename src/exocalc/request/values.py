"""The parsers of a trip request's fields: text in, a value out, or a FieldError that names
the field (the command line shows it as its option, a batch as its column)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import NamedTuple

from exocalc.errors import FieldError, Named

VAT_MODES = ("auto", "yes", "no")

_COUNT = re.compile(r"[+-]?[0-9]{1,9}", re.ASCII)
_AMOUNT = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,15})(?:\.[0-9]{1,10})?", re.ASCII)


def parse_name(field: str, text: str) -> str:
    return text


def parse_count(field: str, text: str) -> int:
    cleaned = text.replace("_", "")
    if not _COUNT.fullmatch(cleaned):
        raise FieldError(field, Named(field), f" {text!r} is not a whole number")
    return int(cleaned)


def parse_amount(field: str, text: str) -> Decimal:
    if not _AMOUNT.fullmatch(text.replace("_", "")):
        raise FieldError(field, Named(field), f" {text!r} is not an amount (e.g. 1500 or 1,500.50)")
    return Decimal(text.replace(",", "").replace("_", ""))


class Amount(NamedTuple):
    """A money option as given: '900', '900 GBP', 'GBP900'. No currency: the field's own
    (`--price` KRW, `--flight` the origin's, `--home-price` the shown one)."""

    value: Decimal
    currency: str | None = None

    def json(self) -> Decimal | str:
        """As the JSON `inputs` writes it: a number in the field's own currency, else text."""
        return self.value if self.currency is None else f"{self.value:f} {self.currency}"


_MONEY = re.compile(r"(?:([A-Za-z]{3}) ?)?([^A-Za-z ]+?) ?([A-Za-z]{3})?", re.ASCII)


def parse_money(field: str, text: str) -> Amount:
    found = _MONEY.fullmatch(text)
    if found is None or (found[1] and found[3]):
        raise FieldError(
            field, Named(field), f" {text!r} is not an amount (e.g. 1500, 1,500.50 or 900GBP)"
        )
    code = found[1] or found[3]
    try:
        value = parse_amount(field, found[2])
    except FieldError:  # the amount's own example would leave out the currency
        raise FieldError(
            field, Named(field), f" {text!r} is not an amount (e.g. 1500, 1,500.50 or 900GBP)"
        ) from None
    return Amount(value, code.upper() if code else None)


def parse_date(field: str, text: str) -> dt.date:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text, re.ASCII):
        raise FieldError(field, Named(field), f" {text!r} is not a date; write it as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError(field, Named(field), f" {text!r} is not a day of the calendar") from None


def parse_vat_mode(field: str, text: str) -> str:
    mode = text.lower()
    if mode not in VAT_MODES:
        raise FieldError(field, Named(field), f" {text!r} must be one of: {', '.join(VAT_MODES)}")
    return mode


def parse_currency(field: str, text: str) -> str:
    return text  # checked against the rates in `resolve`, where they are known


NO_TREATMENT = "none"


def parse_person(field: str, text: str) -> tuple[str, ...]:
    """A person of a party as their treatments: `skin+hair`, `hair`, or `none` (a companion,
    who travels and is not treated). The names are checked against the data in `resolve`."""
    names = [name.strip() for name in text.split("+")]
    if not all(names):
        raise FieldError(field, Named(field), f" {text!r} is not a person: name treatments "
                         "joined by '+' (skin+hair), or none")  # fmt: skip
    if NO_TREATMENT in (n.lower() for n in names):
        if len(names) > 1:
            raise FieldError(field, Named(field), f" {text!r}: none is a person without "
                             "treatments, not one of several")  # fmt: skip
        return ()
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise FieldError(
            field, Named(field), f" {text!r} names {', '.join(twice)} twice: a person has each "
            "treatment once (its programme gives the sessions)",
        )  # fmt: skip
    return tuple(names)
