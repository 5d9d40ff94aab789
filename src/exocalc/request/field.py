"""A field of the trip request's one table (exocalc.request): how every interface shows it,
and how a value given as text, a JSON value or a list is read and checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from exocalc.errors import FieldError, Named
from exocalc.request.party import people_items
from exocalc.request.values import Amount, parse_amount, parse_count, parse_money


@dataclasses.dataclass(frozen=True)
class Field:
    """One field of a trip request, as every interface shows it."""

    name: str
    metavar: str
    help: str
    parser: Callable[[str, str], Any]
    least: int | Decimal | dt.date | None = None
    most: int | Decimal | dt.date | None = None
    many: bool = False  # repeatable: a list in JSON, several options on the command line
    party: bool = False  # the people: each item a person (a JSON object, or `skin+hair`)
    names: str | None = None  # the kind of data name it takes, for completion
    choices: tuple[str, ...] = ()
    picks_clinic: bool = False  # tier, clinic, price: compare picks its rows its own way
    settled: bool = False  # `resolve` always gives it a value (a default from the data)
    kind: Any = None  # its type once resolved: `Resolved` is made from it
    flag: str | None = None  # the option's name where it is not the field's (--person)

    # Texts already read, and their values: names, dates and choices come back row after
    # row in a batch (amounts are seldom the same twice, and are not kept).
    _seen: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def option(self) -> str:
        return "--" + (self.flag or self.name).replace("_", "-")

    def value(self, given: Any) -> Any:
        """The value of what a row or an option gives: text, a JSON number, a list."""
        if self.party:  # two people with the same treatments are two people
            return tuple(self.parse(item) for item in people_items(self.name, given))
        if self.many:
            if type(given) is str:  # a cell or a JSON text: the same one row after row
                found = self._seen.get(given)
                if found is None:
                    found = tuple(dict.fromkeys(self.parse(i) for i in _items(self, given)))
                    if len(self._seen) < 4096:
                        self._seen[given] = found
                return found
            return tuple(dict.fromkeys(self.parse(item) for item in _items(self, given)))
        if type(given) is str:
            found = self._seen.get(given)
            if found is None:
                found = self.parse(given)
                if self.parser not in (parse_amount, parse_money) and len(self._seen) < 4096:
                    self._seen[given] = found
            return found
        if type(given) is int and self.parser is parse_count:  # a JSON number, as is
            return self._within(given)
        return self.parse(_scalar(self, given))

    def parse(self, text: str) -> Any:
        """The value of one piece of text, checked against the field's own limits."""
        text = text.strip()
        if not text:
            raise FieldError(self.name, Named(self.name), " is empty: give a value or leave it out")
        return self._within(self.parser(self.name, text))

    def _within(self, given: Any) -> Any:
        low, high = self.least, self.most
        value: Any = given.value if isinstance(given, Amount) else given
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"from {_shown(low)} to" if low is not None else "at most"
            raise FieldError(
                self.name,
                Named(self.name),
                f" must be {bounds} {_shown(high)}, not {_shown(value)}",
            )
        return given


def _shown(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value:,f}"
    return str(value)


def spec(metavar: str, help: str, parser: Callable[[str, str], Any], **more: Any) -> Any:
    default: Any = () if more.get("many") else None
    spec = {"metavar": metavar, "help": help, "parser": parser, **more}
    return dataclasses.field(default=default, metadata={"spec": spec})


def blank(value: Any) -> bool:
    if type(value) is str:
        return not value.strip()
    return isinstance(value, list | tuple) and not value


def _scalar(spec: Field, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return str(value)
    raise FieldError(spec.name, Named(spec.name), f" {value!r} is not a single value")


def _items(spec: Field, value: Any) -> list[str]:
    """A list (JSON, several options) or one cell with names separated by ';', ',', '+' or
    spaces."""
    items = list(value) if isinstance(value, list | tuple) else [value]
    if not all(isinstance(item, str) for item in items):
        raise FieldError(spec.name, Named(spec.name), f": {value!r} must be names")
    return [part for item in items for part in re.split(r"[;,+\s]+", item.strip()) if part]
