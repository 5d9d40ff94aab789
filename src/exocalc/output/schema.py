"""The JSON Schema of what exocalc reads and writes, generated from pydantic models.

The dataset's models are the ones that validate it (exocalc.dataset). The quote's are written
here to describe `exocalc quote --format json` (docs/json.md); a test validates real output
against them, so they cannot drift from what is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from exocalc.pricing import LINE_IDS


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Scenarios(_Out):
    """An amount in three scenarios, with the currency's minor-unit digits."""

    low: float
    typical: float
    high: float


class PricePerSession(Scenarios):
    currency: str
    source: str


class Inputs(_Out):
    treatment: str
    tier: str | None
    clinic: str | None
    price_per_session: PricePerSession
    sessions: int
    travellers: int
    origin: str
    nights: int
    hotel: str
    rooms: int
    date: dt.date
    vat_refund: Literal["auto", "yes", "no"]
    addons: list[str]
    booking: str
    contingency_pct: float | None


class QuoteLine(Scenarios):
    id: Literal[LINE_IDS]  # type: ignore[valid-type]
    label: str
    krw: Scenarios
    estimate: bool
    sources: list[str]


class Home(Scenarios):
    region: str
    name: str


class Cashback(Scenarios):
    channel: str
    rate: float


class VatRefund(_Out):
    applies: bool
    reason: str


class RatesUsed(_Out):
    source: str
    kind: Literal["bundled", "cached", "live"]
    as_of: dt.date
    label: str
    overrides: dict[str, float]
    krw_per_unit: dict[str, float]


class ProgrammeOption(_Out):
    way: Literal["stay", "trips"]
    label: str
    sessions_per_trip: int
    trips: int
    nights: int
    total: Scenarios


class ProgrammeInfo(_Out):
    """A multi-session programme priced both ways: one long stay, repeated trips."""

    sessions: list[dt.date]
    interval_days: int
    options: list[ProgrammeOption]
    recommended: str
    saves_typical: float


class QuoteDocument(_Out):
    """`exocalc quote --format json` (and each record of `exocalc batch`, with row and id)."""

    schema_: Literal["exocalc.quote/1"] = Field(alias="schema")
    currency: str
    inputs: Inputs
    lines: list[QuoteLine]
    total: Scenarios
    total_krw: Scenarios
    savings: Scenarios | None
    break_even_per_session: Scenarios
    cashback_points: Cashback
    home: Home | None
    programme: ProgrammeInfo | None
    vat_refund: VatRefund
    rates: RatesUsed
    prices_as_of: dt.date | None
    notes: list[str]


def schema(kind: str) -> dict[str, Any]:
    if kind == "dataset":
        from exocalc.dataset import Dataset

        return Dataset.model_json_schema()
    return QuoteDocument.model_json_schema(by_alias=True)
