"""The trip request on the command line: one option per field of the request's table
(exocalc.request), for `quote`, `plan` and `compare` alike, and the request read back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from exocalc.cli.common import own_default
from exocalc.cli.complete import completer
from exocalc.cli.params import TextOption, option
from exocalc.request import FIELDS, Field, Request


def field_option(field: Field) -> TextOption:
    named = (field.name,) if field.flag else ()  # the value keeps the field's name
    return option(
        *named,
        field.option,
        metavar=field.metavar,
        help=field.help,
        many=field.many,
        complete=completer(field.names) if field.names else None,
    )


def trip_options(fields: Iterable[Field] = FIELDS) -> list[TextOption]:
    return [field_option(f) for f in fields]


def request_from(values: dict[str, Any], fields: Iterable[Field] = FIELDS) -> Request:
    """The request the options spell, the user's own defaults (environment, config file)
    filling what they leave out; an option given empty (`--price ''`) is a mistake, not the
    default."""
    given = {f.name: values.pop(f.name) for f in fields}
    for name, value in given.items():
        # --person says how many are treated: one's own default travellers stays out of it.
        if value is None and not (name == "travellers" and given.get("people")):
            given[name] = own_default(name)
    return Request.from_values(given, blank_is_default=False)
