"""Where a trip flies from: an origin the data lists, or any other place whose fare is given
with its currency (`--origin jakarta --flight 9000000IDR`); a name close to a listed one is
taken for a misspelling of it, whatever the fare."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from exocalc.errors import FieldError, Named, UnknownName, normalise_id, pick

if TYPE_CHECKING:
    from exocalc.data.model import Dataset
    from exocalc.request.values import Amount

# How close a name must be to a listed origin to be taken for a misspelling of it (londn,
# tokio, sidney: 0.8 and over) rather than a place of its own (jakarta is 0.5 of frankfurt).
MISSPELT = 0.75
# A place's name, once normalised (normalise_id): a letter first, then letters, digits, '.',
# "'", '-', '_'; at most 60 characters.
_PLACE = re.compile(r"[^\W\d_][\w.'-]{0,59}")


def settle_origin(given: str, flight: Amount | None, data: Dataset) -> str:
    """The origin's id: a listed one, or (with the fare and its currency given) a place the
    data does not list, as given, normalised (`Jakarta`: jakarta). A name close to a listed
    one, or that is no place's name, is refused with the listed ones (and the closest)."""
    origins = data.trip.origins
    try:
        return pick("origin", given, origins, "origin")[0]
    except UnknownName:
        key = normalise_id(given)
        if not _PLACE.fullmatch(key) or difflib.get_close_matches(key, origins, 1, MISSPELT):
            raise
    if flight is not None and flight.currency is not None:
        return key
    if flight is None:
        why, example = "give its round-trip fare with its currency", "1200USD"
    else:
        why, example = "give the fare's currency too", f"{flight.value:f}USD"
    raise FieldError(
        "origin", Named("origin"), f" {given!r} is not in the data: {why}, e.g. ",
        Named("flight"), f" {example} (listed origins: exocalc origins)",
    )  # fmt: skip


def own_fare_currency(origin: str, flight: Amount | None, data: Dataset) -> str | None:
    """The currency shown by default for a place the data does not list: its fare's (which
    `settle_origin` made sure it has); None for a listed origin (the data's fare's)."""
    if origin in data.trip.origins or flight is None:
        return None
    return flight.currency


def origin_name(data: Dataset, origin: str) -> str:
    """How an origin is named in words: the data's name, or for a place it does not list, the
    id as given (`jakarta`: Jakarta)."""
    listed = data.trip.origins.get(origin)
    return listed.name if listed is not None else origin.replace("_", " ").title()
