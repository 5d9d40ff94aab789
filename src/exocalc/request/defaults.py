"""The defaults of the data's own, here and nowhere else: `resolve` settles a request with
them, and `exocalc config` and the listings show what they come to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from exocalc.data.model import Dataset

DEFAULT_TREATMENT = "skin"
DEFAULT_TIER = "standard"  # the seed's average session: the brief's "standard" tier
DEFAULT_BOOKING = "direct"
DEFAULT_TRAVELLERS = 1
DEFAULT_VAT_REFUND = "auto"


def shown_currency(data: Dataset, currency: str | None, origin: str | None) -> str:
    """The currency amounts are shown in: the one asked for, else the origin's (the data's
    default origin's when `origin` names none it knows)."""
    if currency is not None:
        return currency.upper()
    trip = data.trip
    return (trip.origins.get(origin or "") or trip.origins[trip.default_origin]).fare.currency


def default_date(today: dt.date) -> dt.date:
    """The first session's day when none is given: tomorrow (the trip arrives today)."""
    return today + dt.timedelta(days=1)


def default_treatment(data: Dataset) -> str:
    return _first(data.treatments, DEFAULT_TREATMENT)


def default_tier(data: Dataset) -> str:
    """The tier a quote is priced at when none is given, and a clinic of unknown tier: the
    standard tier where the data has it, else the data's first."""
    return _first(data.tiers, DEFAULT_TIER)


def default_booking(data: Dataset) -> str | None:
    return DEFAULT_BOOKING if DEFAULT_BOOKING in data.booking_channels else None


def own_defaults(data: Dataset, origin: str | None) -> dict[str, str]:
    """What applies where one's own default (exocalc config) is not set, as text: the data's
    defaults for origin, currency, travellers, hotel and booking (`origin`: one's own, which
    decides the currency)."""
    return {
        "origin": data.trip.default_origin,
        "currency": shown_currency(data, None, origin),
        "travellers": str(DEFAULT_TRAVELLERS),
        "hotel": data.trip.default_hotel,
        "booking": default_booking(data) or "",
    }


def _first(known: Mapping[str, Any], preferred: str) -> str:
    """The preferred default where the data has it, else the data's first: any valid dataset
    works, not only the bundled one."""
    return preferred if preferred in known else next(iter(known))
