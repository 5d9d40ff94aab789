"""The party: who travels and who is treated, settled from --person (`people`), or from the
shorthands --treatment, --travellers and --companions, and checked against the data."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Protocol

from exocalc.errors import FieldError, Named, pick
from exocalc.request.defaults import DEFAULT_TRAVELLERS, default_treatment

if TYPE_CHECKING:
    from exocalc.data.model import Dataset


class Request(Protocol):
    """What a request says of its party (exocalc.request.Request)."""

    treatment: tuple[str, ...]
    travellers: int | None
    companions: int | None
    people: tuple[tuple[str, ...], ...]
    sessions: int | None


Person = tuple[str, ...]  # a person of the party: their treatments, () for a companion


def people_items(name: str, value: Any) -> list[str]:
    """The people of a party, each as text (`skin+hair`, `none`): from a JSON list of
    objects (`{"treatments": ["hair"]}`) or of texts, several options, or one cell of them
    separated by ';' or ',' (a person: treatments joined by '+')."""
    items = list(value) if isinstance(value, list | tuple) else [value]
    people: list[str] = []
    for item in items:
        if isinstance(item, dict) and set(item) == {"treatments"}:
            names = item["treatments"]
            names = [names] if isinstance(names, str) else names
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise FieldError(
                    name, Named(name), ': a person\'s "treatments" must be a list of names '
                    '(["hair"], ["skin", "hair"], [] for a companion)',
                )  # fmt: skip
            people.append("+".join(names) or "none")
        elif isinstance(item, dict):
            other = ", ".join(f'"{k}"' for k in sorted(map(str, item)) if k != "treatments")
            raise FieldError(
                name, Named(name), f': a person takes only "treatments" (not {other}); '
                "sessions, add-ons and a price are the party's (sessions, addon, price)",
            )  # fmt: skip
        elif isinstance(item, str):
            people += _cell(name, item)
        else:
            raise FieldError(
                name, Named(name), f": {_kind(item)} is not a person: give "
                '{"treatments": ["hair"]} or hair, skin, skin+hair, none',
            )  # fmt: skip
    return people


def _cell(name: str, text: str) -> list[str]:
    """The people one text names: `hair`, or several separated by ';' or ',' (`hair;skin;
    none`). An empty one is refused: a companion is `none`, never a blank."""
    parts = [part.strip() for part in re.split(r"[;,]", text)]
    if not all(parts):
        raise FieldError(
            name, Named(name), f" {text.strip()!r} names an empty person: give hair, skin, "
            "skin+hair, or none for a companion",
        )  # fmt: skip
    return [word for part in parts for word in part.split()]


def _kind(value: Any) -> str:
    """What a JSON value is, in JSON's words, for a message that cannot quote it whole."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "a list" if isinstance(value, list | tuple) else "a number"


def _person(data: Dataset, names: Collection[str], field: str) -> Person:
    """A person's treatments, each a name of the data's, in the data's order."""
    picked = {pick("treatment", name, data.treatments, field)[0] for name in names}
    return tuple(t for t in data.treatments if t in picked)


def party(r: Request, data: Dataset) -> tuple[tuple[Person, ...], Person]:
    """The people who travel, each with their treatments (companions last when counted by
    --companions), and the treatments every treated person has (() when they differ).

    --travellers and --treatment are shorthands: N people with the same treatments. Given
    beside --person, they must say the same party (a saved JSON `inputs` gives all three);
    a contradiction is refused, naming both."""
    treatment = _person(data, r.treatment, "treatment") if r.treatment else None
    if not r.people:
        each = treatment or _person(data, (default_treatment(data),), "treatment")
        count = r.travellers if r.travellers is not None else DEFAULT_TRAVELLERS
        return (each,) * count + ((),) * (r.companions or 0), each
    people = tuple(_person(data, person, "people") for person in r.people)
    treated = [person for person in people if person]
    if not treated:
        raise FieldError(
            "people", Named("people"), " treats no one: give at least one person a treatment "
            "(hair, skin, skin+hair)",
        )  # fmt: skip
    if treatment is not None and any(person != treatment for person in treated):
        raise FieldError(
            "people", "give ", Named("treatment"), " or ", Named("people"), ", not both: "
            f"{'+'.join(treatment)} is not every treated person's treatment",
        )  # fmt: skip
    if r.travellers is not None and r.travellers != len(treated):
        raise FieldError(
            "people", Named("travellers"), f" {r.travellers} and ", Named("people"),
            f" ({len(treated)} treated) say different parties: give one of them",
        )  # fmt: skip
    alone = len(people) - len(treated)
    if r.companions is not None and r.companions != alone:
        if alone:
            raise FieldError(
                "people", Named("companions"), f" {r.companions} and ", Named("people"),
                f" ({alone} not treated) say different parties: give one of them",
            )  # fmt: skip
        people += ((),) * r.companions
    shared = treated[0] if all(person == treated[0] for person in treated) else ()
    return people, shared


def sessions_of(r: Request, data: Dataset, treatments: tuple[str, ...]) -> int | None:
    """Each treated person's sessions, for a party of one treatment; None when it has
    several (each follows its programme)."""
    if len(treatments) == 1:
        given = r.sessions
        return given if given is not None else data.treatments[treatments[0]].programme_sessions
    if r.sessions is not None:
        raise FieldError(
            "sessions", Named("sessions"), f" sets the sessions of one treatment; this party "
            f"has {' and '.join(treatments)}, each of which follows its programme: leave it out",
        )  # fmt: skip
    return None
