"""The JSON Schemas of every output but the quote's own (output/schema.py): plan, compare, a
batch record, clinics, rates, config, check-price and the data listings. `exocalc schema NAME`
prints them; the tests validate real output against each."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field, RootModel

from exocalc.output.schema import (
    Also,
    Inputs,
    PerPerson,
    PriceCheck,
    ProgrammeInfo,
    QuoteDocument,
    RateOrigin,
    RatesUsed,
    Scenarios,
    Trust,
    _Out,
)


class Step(_Out):
    date: dt.date
    weekday: str
    kind: str
    text: str


class PlanTrip(_Out):
    arrive: dt.date
    depart: dt.date
    sessions: list[dt.date]
    nights: int
    vat_refund_sessions: int
    leave_korea_by: dt.date | None
    total: Scenarios


class PlanDocument(Trust):
    """`exocalc plan --format json`: the quote's way, day by day."""

    schema_: Literal["exocalc.plan/3"] = Field(alias="schema")
    currency: str
    inputs: Inputs
    way: str
    itinerary: list[Step]
    trips: list[PlanTrip]
    total: Scenarios
    per_person: PerPerson | None
    also: list[Also]
    programme: ProgrammeInfo | None


class Destination(_Out):
    """A row of a comparison: a Seoul tier or clinic (a whole trip), or a region (its price)."""

    id: str
    name: str
    kind: str
    per_session: Scenarios
    per_session_currency_quoted: str
    wait: str
    product: str
    delivery: str
    tourist_ease: str
    source: str
    is_home: bool
    way: str | None
    total: Scenarios | None  # the whole trip (Seoul rows)
    per_person: PerPerson | None
    also: list[Also]
    savings: Scenarios | None
    home: Scenarios | None  # the same sessions at home (the home region's row)
    break_even_per_session: Scenarios | None


class CompareDocument(Trust):
    """`exocalc compare --format json`."""

    schema_: Literal["exocalc.compare/3"] = Field(alias="schema")
    currency: str
    inputs: dict[str, Any]  # the quote's inputs less tier, clinic and price
    destinations: list[Destination]


class BatchQuote(QuoteDocument):
    """A record of `exocalc batch`: the quote, with its input row's number and id."""

    row: int
    id: str | int | float | None = None  # the row's own id, as given


class BatchError(_Out):
    row: int
    id: str | int | float | None = None
    error: str


class BatchRecord(RootModel[BatchQuote | BatchError]):
    """One line of `exocalc batch` (JSON Lines): a quote, or why the row failed."""


class ClinicPrice(Scenarios):
    basis: str
    source: str
    as_of: dt.date


class SourceEntry(_Out):
    id: str
    title: str
    url: str | None
    kind: str
    as_of: dt.date
    note: str | None


class ClinicRecord(_Out):
    id: str
    name: str
    tier: str | None
    area: str | None
    treatments: list[str]
    vat_refund: str
    booking: list[str]
    per_session: dict[str, ClinicPrice]
    as_of: dt.date
    note: str | None
    sources: list[str] | list[SourceEntry]


class ClinicsDocument(_Out):
    """`exocalc clinics --format json`."""

    schema_: Literal["exocalc.clinics/1"] = Field(alias="schema")
    currency: str
    clinics: list[ClinicRecord]
    data_as_of: dt.date
    rates: RatesUsed


class ClinicDocument(_Out):
    """`exocalc clinics show ID --format json`."""

    schema_: Literal["exocalc.clinic/1"] = Field(alias="schema")
    currency: str
    clinic: ClinicRecord
    rates: RatesUsed


class RateRow(RateOrigin):
    currency: str
    krw_per_unit: float


class RateChange(_Out):
    currency: str
    old: float
    new: float
    percent: float


class Against(_Out):
    label: str
    as_of: dt.date


class RatesDocument(_Out):
    """`exocalc rates --format json` (with `against` and `changes` after --refresh or --diff)."""

    schema_: Literal["exocalc.rates/1"] = Field(alias="schema")
    base: Literal["KRW"]
    source: str
    kind: Literal["bundled", "cached", "live"]
    as_of: dt.date
    fetched_at: dt.datetime | None
    label: str
    overrides: dict[str, float]
    rates: list[RateRow]
    against: Against | None = None
    changes: list[RateChange] | None = None


class SettingRow(_Out):
    key: Literal["origin", "currency", "travellers", "hotel", "booking"]
    value: str
    source: Literal["environment", "config file", "default"]
    where: str | None
    problem: str | None  # why the value cannot be used (the command then exits 1)


class ConfigDocument(_Out):
    """`exocalc config --format json`: each default of one's own and where it comes from."""

    schema_: Literal["exocalc.config/1"] = Field(alias="schema")
    file: str
    file_exists: bool
    settings: list[SettingRow]


class PriceCheckDocument(PriceCheck):
    """`exocalc check-price --format json`."""

    schema_: Literal["exocalc.price_check/1"] = Field(alias="schema")
    treatment: str
    given: float | str  # the price as typed: KRW, or text with its currency ("300 USD")


class Origin(_Out):
    id: str
    name: str
    fare_low: float
    fare_typical: float
    fare_high: float
    currency: str
    source: str
    as_of: dt.date
    home_region: str | None
    default: bool


class Treatment(_Out):
    id: str
    name: str
    product: str
    programme_sessions: int
    interval_days_low: int | None
    interval_days_high: int | None
    source: str
    as_of: dt.date


class Addon(_Out):
    id: str
    name: str
    price_low: float
    price_typical: float
    price_high: float
    currency: str
    source: str
    as_of: dt.date
    note: str | None


class Hotel(_Out):
    id: str
    name: str
    room_night_low: float
    room_night_typical: float
    room_night_high: float
    currency: str
    source: str
    as_of: dt.date
    note: str | None
    default: bool


class Channel(_Out):
    id: str
    name: str
    cashback_rate: float
    note: str | None
    source: str
    as_of: dt.date


class OriginsDocument(_Out):
    schema_: Literal["exocalc.origins/1"] = Field(alias="schema")
    data_as_of: dt.date
    origins: list[Origin]


class TreatmentsDocument(_Out):
    schema_: Literal["exocalc.treatments/1"] = Field(alias="schema")
    data_as_of: dt.date
    treatments: list[Treatment]


class AddonsDocument(_Out):
    schema_: Literal["exocalc.addons/1"] = Field(alias="schema")
    data_as_of: dt.date
    addons: list[Addon]


class HotelsDocument(_Out):
    schema_: Literal["exocalc.hotels/1"] = Field(alias="schema")
    data_as_of: dt.date
    hotels: list[Hotel]


class ChannelsDocument(_Out):
    schema_: Literal["exocalc.channels/1"] = Field(alias="schema")
    data_as_of: dt.date
    channels: list[Channel]


MODELS: dict[str, type[BaseModel]] = {
    "quote": QuoteDocument,
    "batch": BatchRecord,
    "plan": PlanDocument,
    "compare": CompareDocument,
    "clinics": ClinicsDocument,
    "clinic": ClinicDocument,
    "rates": RatesDocument,
    "config": ConfigDocument,
    "check-price": PriceCheckDocument,
    "origins": OriginsDocument,
    "treatments": TreatmentsDocument,
    "addons": AddonsDocument,
    "hotels": HotelsDocument,
    "channels": ChannelsDocument,
}


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one output (`exocalc schema KIND`), or of a dataset file."""
    if kind == "dataset":
        from pydantic import TypeAdapter

        from exocalc.data.model import Dataset

        document: dict[str, Any] = TypeAdapter(Dataset).json_schema()
        return document
    found: dict[str, Any] = MODELS[kind].model_json_schema(by_alias=True)
    return found
