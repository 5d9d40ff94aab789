"""The errors a user can cause, in a module light enough for the CLI to import at start-up."""

from __future__ import annotations

import difflib
from typing import TypeVar


class DatasetError(Exception):
    """A dataset that cannot be used; `problems` holds one line per fault, naming file and field."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}: {p}" for p in problems))


class PlanError(ValueError):
    """A plan the user asked for that cannot be priced; the message says what to change."""


def normalise_id(text: str) -> str:
    """'Los Angeles' and 'los-angeles' name the id los_angeles."""
    return "_".join(text.strip().lower().replace("-", " ").split())


class UnknownName(PlanError):
    """A name that is not in the data: the message lists the valid ones and the closest."""

    def __init__(self, kind: str, value: str, valid: list[str], option: str) -> None:
        self.kind, self.value, self.valid = kind, value, valid
        by_lower = {v.lower(): v for v in valid}
        close = difflib.get_close_matches(normalise_id(value), list(by_lower), n=1, cutoff=0.5)
        hint = f"; did you mean {by_lower[close[0]]!r}?" if close else ""
        kinds = kind[:-1] + "ies" if kind.endswith("y") else kind + "s"
        super().__init__(
            f"unknown {kind} {value!r} ({option}); valid {kinds}: {', '.join(valid)}{hint}"
        )


T = TypeVar("T")


def pick(kind: str, value: str, known: dict[str, T], option: str) -> tuple[str, T]:
    key = normalise_id(value)
    if key in known:
        return key, known[key]
    raise UnknownName(kind, value, list(known), option)
