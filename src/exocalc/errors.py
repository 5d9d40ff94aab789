"""The errors a user can cause, in a module light enough for the CLI to import at start-up."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

# Control characters (C0 but tab and newline, DEL, C1): in a terminal they move the cursor,
# clear the screen or retitle the window; the bidirectional overrides show a line in another
# order than it is written. Never shown as they are.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str, one_line: bool = False) -> str:
    """The text with its control characters written as escapes (\\x1b), so that text from a
    file or a command line never acts on a terminal; `one_line` escapes line breaks and tabs
    too (a message is one line)."""
    pattern = _LINE_BREAKS if one_line else _CONTROL
    return pattern.sub(_escape, text)


def json_inert(text: str) -> str:
    """JSON text with what a terminal would act on (DEL, C1 controls, bidirectional overrides:
    JSON escapes only C0) written as \\u escapes: the same value to any JSON reader."""
    return _CONTROL.sub(_json_escape, text)


def _json_escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found[0]):04x}"


def _escape(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True)
class Problem:
    """One fault in a dataset file, where it is: `file:line:column: field.path: message`."""

    file: str
    line: int  # 1-based; 0 when the fault is the file's as a whole
    column: int
    where: str  # the field path, e.g. clinics.xenia.prices.skin.low
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = (
            f"{place}: {self.where}: {self.message}" if self.where else f"{place}: {self.message}"
        )
        return visible(text, one_line=True)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.where)


class Problems(list[Problem]):
    """A dataset's first problems, by place in its files, and how many it has in all
    (`total`): a file of 10,000 faults is told by its first few and a count."""

    def __init__(self, first: Iterable[Problem] = (), total: int | None = None) -> None:
        super().__init__(first)
        self.total = len(self) if total is None else total

    @property
    def more(self) -> int:
        """How many are counted, not shown."""
        return self.total - len(self)


class DatasetError(Exception):
    """A dataset that cannot be used; `problems` names each fault's file, line and field (the
    first of them, when there are many: `problems.total` counts them all)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems if isinstance(problems, Problems) else Problems(problems)
        super().__init__("\n".join(str(p) for p in problems))


class PlanError(ValueError):
    """A plan the user asked for that cannot be priced; the message says what to change."""

    def shown(self, name: Callable[[str], str]) -> str:
        """The message with each field named as the reader knows it (an option, a column)."""
        return str(self)


@dataclass(frozen=True)
class Named:
    """A field's name inside a message, filled in by whoever shows the message."""

    field: str


class FieldError(PlanError):
    """A value of a trip's field that cannot be used. The engine names the field; the command
    line shows it as its option (`--travellers`), a batch as its column (`travellers`)."""

    def __init__(self, field: str, *parts: str | Named) -> None:
        self.field = field
        self.parts = parts
        super().__init__(self.shown(str))

    def shown(self, name: Callable[[str], str]) -> str:
        return "".join(name(p.field) if isinstance(p, Named) else p for p in self.parts)


def normalise_id(text: str) -> str:
    """'Los Angeles' and 'los-angeles' name the id los_angeles."""
    return "_".join(text.strip().lower().replace("-", " ").split())


def plural(kind: str) -> str:
    return kind[:-1] + "ies" if kind.endswith("y") else kind + "s"


class UnknownName(FieldError):
    """A name that is not in the data: the message lists the valid ones and the closest."""

    def __init__(self, kind: str, value: str, valid: list[str], field: str) -> None:
        self.kind, self.value, self.valid = kind, value, valid
        by_lower = {v.lower(): v for v in valid}
        close = difflib.get_close_matches(normalise_id(value), list(by_lower), n=1, cutoff=0.5)
        hint = f"; did you mean {by_lower[close[0]]!r}?" if close else ""
        listed = ", ".join(valid) or "none"
        super().__init__(
            field,
            f"unknown {kind} {value!r} (",
            Named(field),
            f"); valid {plural(kind)}: {listed}{hint}",
        )


T = TypeVar("T")


def pick(kind: str, value: str, known: Mapping[str, T], field: str) -> tuple[str, T]:
    found = known.get(value)
    if found is not None:  # the id itself: most names are given so
        return value, found
    key = normalise_id(value)
    if key in known:
        return key, known[key]
    raise UnknownName(kind, value, list(known), field)


class UsageError(Exception):
    """A value on the command line (or a batch's header) that cannot be used: exit 2."""
