"""The trip request: the one table of a trip's fields, and the one step that settles them.

`Request` holds what a traveller asked for, None meaning "the default". Each of its fields
carries its spec (metavar, help, parser, limits), and `FIELDS` is read from them: the options of
`quote`, `plan` and `compare`, the columns of `batch`, the JSON `inputs` and its schema all come
from this one table, so a field added here appears everywhere under one name, with one default
and one check. `resolve` fills in the defaults from the data, once, and checks what depends on
the data; a problem is a FieldError that names the field, which the command line shows as its
option and a batch as its column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import typing
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from exocalc.errors import FieldError, Named, UnknownName, pick
from exocalc.request.defaults import (
    DEFAULT_TRAVELLERS,
    DEFAULT_VAT_REFUND,
    default_booking,
    default_date,
    default_tier,
    default_treatment,
    own_defaults,
    shown_currency,
)
from exocalc.request.origin import origin_name, own_fare_currency, settle_origin
from exocalc.request.values import (
    VAT_MODES,
    Amount,
    parse_amount,
    parse_count,
    parse_currency,
    parse_date,
    parse_money,
    parse_name,
    parse_vat_mode,
)

if TYPE_CHECKING:
    from exocalc.data.model import Dataset

MAX_SESSIONS = 100
MAX_TRAVELLERS = 20
MAX_NIGHTS = 366
# Keeps every sum within Decimal's 28 digits, whatever the currency.
MAX_AMOUNT = Decimal(10) ** 12
# Dates a trip can be planned for: far enough to hold any programme without overflow.
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)


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
    names: str | None = None  # the kind of data name it takes, for completion
    choices: tuple[str, ...] = ()
    picks_clinic: bool = False  # tier, clinic, price: compare picks its rows its own way
    settled: bool = False  # `resolve` always gives it a value (a default from the data)
    kind: Any = None  # its type once resolved: `Resolved` is made from it

    # Texts already read, and their values: names, dates and choices come back row after
    # row in a batch (amounts are seldom the same twice, and are not kept).
    _seen: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    def value(self, given: Any) -> Any:
        """The value of what a row or an option gives: text, a JSON number, a list."""
        if self.many:
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


def _spec(metavar: str, help: str, parser: Callable[[str, str], Any], **more: Any) -> Any:
    default: Any = () if more.get("many") else None
    spec = {"metavar": metavar, "help": help, "parser": parser, **more}
    return dataclasses.field(default=default, metadata={"spec": spec})


@dataclasses.dataclass(slots=True)
class Request:
    """What the traveller asks for; None (or no add-ons) means the default."""

    treatment: str | None = _spec(
        "TREATMENT", "The treatment: skin or hair. Default: skin (the data's first).",
        parse_name, names="treatment", settled=True,
    )  # fmt: skip
    tier: str | None = _spec(
        "TIER", "factory, standard or premium. Default: standard.", parse_name, names="tier",
        picks_clinic=True,
    )  # fmt: skip
    clinic: str | None = _spec(
        "ID", "A clinic id from `exocalc clinics` (instead of a tier).", parse_name, names="clinic",
        picks_clinic=True,
    )  # fmt: skip
    price: Amount | None = _spec(
        "AMOUNT", "A price the clinic quoted you, per session: in KRW, or with its currency "
        "(300000, '200 USD'). Default: the data's range.",
        parse_money, least=Decimal(0), most=MAX_AMOUNT, picks_clinic=True,
    )  # fmt: skip
    sessions: int | None = _spec(
        "N", "Sessions per traveller. Default: the treatment's programme (hair: 5).",
        parse_count, least=1, most=MAX_SESSIONS, settled=True,
    )  # fmt: skip
    trips: int | None = _spec(
        "N", "Fit the sessions into this many trips (1: one stay). Default: the cheapest way.",
        parse_count, least=1, most=MAX_SESSIONS,
    )  # fmt: skip
    travellers: int | None = _spec(
        "N", "How many of you travel and are treated. Default: yours (exocalc config), else 1.",
        parse_count, least=1, most=MAX_TRAVELLERS, settled=True,
    )  # fmt: skip
    origin: str | None = _spec(
        "ORIGIN", "Where you fly from: los_angeles, london, tokyo, sydney... (exocalc origins), "
        "or a place not listed, with --flight and its currency (jakarta --flight 9000000IDR). "
        "Default: yours (exocalc config), else los_angeles.",
        parse_name, names="origin", settled=True,
    )  # fmt: skip
    nights: int | None = _spec(
        "N", "Nights in Seoul each trip. Default: 4, or what the trip's sessions need.",
        parse_count, most=MAX_NIGHTS,  # the least a trip needs depends on its sessions: calendar.py
    )  # fmt: skip
    hotel: str | None = _spec(
        "HOTEL", "budget, mid or luxury. Default: yours (exocalc config), else mid.", parse_name,
        names="hotel", settled=True,
    )  # fmt: skip
    flight: Amount | None = _spec(
        "AMOUNT", "Round-trip fare per person: in the origin's currency, or with its currency "
        "(900GBP), which an origin not listed needs. Default: the data's estimate for the origin.",
        parse_money, least=Decimal(0), most=MAX_AMOUNT,
    )  # fmt: skip
    currency: str | None = _spec(
        "CODE", "Show amounts in this currency (ISO code: USD, GBP, KRW...). "
        "Default: yours (exocalc config), else the origin's (for an origin not listed, the "
        "fare's).", parse_currency, names="currency",
        settled=True,
    )  # fmt: skip
    date: dt.date | None = _spec(
        "YYYY-MM-DD", "The first session's day (it decides the VAT refund). Default: "
        "tomorrow (arrive today), and the output says so.",
        parse_date, least=FIRST_DATE, most=LAST_DATE, settled=True,
    )  # fmt: skip
    vat_refund: str | None = _spec(
        "auto|yes|no", "auto: the refund only where its dated rule allows; yes: the clinic "
        "confirmed it; no: leave it out. Default: auto.", parse_vat_mode, choices=VAT_MODES,
        settled=True,
    )  # fmt: skip
    addon: tuple[str, ...] = _spec(
        "NAME", "An add-on: led, cold_mask, thulium_laser (repeatable).",
        parse_name, many=True, names="addon",
    )  # fmt: skip
    booking: str | None = _spec(
        "CHANNEL", "How you book: direct, creatrip, unni_global, gangnam_unni. Default: yours "
        "(exocalc config), else direct.",
        parse_name, names="booking",
    )  # fmt: skip
    contingency: Decimal | None = _spec(
        "PCT", "Add this percentage of the rest as a contingency. Default: none.",
        parse_amount, least=Decimal(0), most=Decimal(100),
    )  # fmt: skip
    also_currency: tuple[str, ...] = _spec(
        "CODE", "Also show the totals in this currency (repeatable): a client's currency "
        "beside yours. Default: none.", parse_currency, many=True, names="currency",
    )  # fmt: skip
    home_price: Amount | None = _spec(
        "AMOUNT", "What a session costs at home: in the shown currency (--currency), or with "
        "its currency (4000USD). Default: the data's price for the origin's region; none for an "
        "origin it does not list (savings left out).",
        parse_money, least=Decimal(0), most=MAX_AMOUNT,
    )  # fmt: skip

    @classmethod
    def from_values(cls, values: Mapping[str, Any], blank_is_default: bool = True) -> Request:
        """A request from named values (a batch row, a JSON `inputs`, the command line's
        options): text or JSON scalars, a list for add-ons; None is the default, and so is a
        blank cell unless `blank_is_default` is False (the command line: `--price ''`)."""
        parsed: dict[str, Any] = {}
        for name, value in values.items():
            if value is None or (blank_is_default and _blank(value)):
                continue
            parsed[name] = FIELD_BY_NAME[name].value(value)
        return cls(**parsed)


def _blank(value: Any) -> bool:
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
    """A list (JSON, several options) or one cell with names separated by ';', ',' or spaces."""
    items = list(value) if isinstance(value, list | tuple) else [value]
    if not all(isinstance(item, str) for item in items):
        raise FieldError(spec.name, Named(spec.name), f": {value!r} must be names")
    return [part for item in items for part in re.split(r"[;,\s]+", item.strip()) if part]


def _settled_kind(name: str, hint: Any, settled: bool) -> Any:
    """A field's type once resolved: the request's, without None where `resolve` settles it."""
    if not settled:
        return hint
    kinds = [k for k in typing.get_args(hint) if k is not type(None)]
    return kinds[0] if len(kinds) == 1 else hint


_HINTS = typing.get_type_hints(Request)
FIELDS: tuple[Field, ...] = tuple(
    Field(
        name=f.name,
        kind=_settled_kind(f.name, _HINTS[f.name], f.metadata["spec"].get("settled", False)),
        **f.metadata["spec"],
    )
    for f in dataclasses.fields(Request)
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
MONEY_FIELDS = tuple(f.name for f in FIELDS if f.parser is parse_money)


def _rooms(self: Any) -> int:
    travellers: int = self.travellers
    return math.ceil(travellers / 2)


# The request with every default settled from the data: the one input of pricing, made by
# `resolve`. Its fields are the table's, in its order, each of its settled type (the JSON
# `inputs` is this, field by field); `tier` is None when a clinic is named (the clinic's own
# tier prices it), `trips` None for the cheapest way, `nights` None for each trip's own need.
if TYPE_CHECKING:
    Resolved = Any
else:
    Resolved = dataclasses.make_dataclass(
        "Resolved",
        [(f.name, f.kind) for f in FIELDS],
        slots=True,
        namespace={"rooms": property(_rooms), "__module__": __name__},
    )


def resolve(
    request: Request, data: Dataset, currencies: Collection[str], today: dt.date
) -> Resolved:
    """Fill in every default from the data and check what depends on it, once."""
    r = request
    treatment_id, treatment = pick(
        "treatment", _or(r.treatment, default_treatment(data)), data.treatments,
        "treatment",
    )  # fmt: skip
    tier_id, clinic_id = _tier_or_clinic(r, data, treatment_id)
    sessions = r.sessions if r.sessions is not None else treatment.programme_sessions
    if r.trips is not None and r.trips > sessions:
        raise FieldError(
            "trips", Named("trips"), f" {r.trips} is more trips than the {sessions} "
            f"session{'s' if sessions > 1 else ''}: give from 1 to {sessions}",
        )  # fmt: skip
    trip = data.trip
    origin_id = settle_origin(_or(r.origin, trip.default_origin), r.flight, data)
    hotel_id, _ = pick("hotel", _or(r.hotel, trip.default_hotel), trip.hotels, "hotel")
    own = own_fare_currency(origin_id, r.flight, data)  # a place not listed: its fare's
    currency = shown_currency(data, r.currency or own, origin_id)
    if currency not in currencies:
        field = "currency" if r.currency or own is None else "flight"
        raise UnknownName("currency", r.currency or currency, sorted(currencies), field)
    for name in MONEY_FIELDS:
        given = getattr(r, name)
        if given is not None and given.currency is not None and given.currency not in currencies:
            raise UnknownName("currency", given.currency, sorted(currencies), name)
    also = tuple(dict.fromkeys(code.upper() for code in r.also_currency))
    for code in also:
        if code not in currencies:
            raise UnknownName("currency", code, sorted(currencies), "also_currency")
    addons = tuple(pick("add-on", a, data.addons, "addon")[0] for a in r.addon)
    booking = r.booking if r.booking is not None else default_booking(data)
    booking_id = (
        pick("booking channel", booking, data.booking_channels, "booking")[0] if booking else None
    )
    return Resolved(
        treatment=treatment_id,
        tier=tier_id,
        clinic=clinic_id,
        price=r.price,
        sessions=sessions,
        trips=r.trips,
        travellers=r.travellers if r.travellers is not None else DEFAULT_TRAVELLERS,
        origin=origin_id,
        nights=r.nights,
        hotel=hotel_id,
        flight=r.flight,
        currency=currency,
        date=r.date if r.date is not None else default_date(today),
        vat_refund=r.vat_refund or DEFAULT_VAT_REFUND,
        addon=tuple(dict.fromkeys(addons)),
        booking=booking_id,
        contingency=r.contingency,
        also_currency=also,
        home_price=r.home_price,
    )


def _tier_or_clinic(r: Request, data: Dataset, treatment_id: str) -> tuple[str | None, str | None]:
    """(tier, None) for a tier quote, (None, clinic) when a clinic is named."""
    if r.clinic is None:
        return pick("tier", _or(r.tier, default_tier(data)), data.tiers, "tier")[0], None
    if r.tier is not None:
        raise FieldError("clinic", "give ", Named("tier"), " or ", Named("clinic"), ", not both")
    clinic_id, clinic = pick("clinic", r.clinic, data.clinics, "clinic")
    if treatment_id not in clinic.treatments and r.price is None:
        raise FieldError(
            "clinic", f"{clinic.name} lists no {treatment_id} treatment in the data (it lists: "
            f"{', '.join(clinic.treatments)}); give ", Named("price"), " with its quote",
        )  # fmt: skip
    return None, clinic_id


__all__ = ["default_date", "default_tier", "origin_name", "own_defaults", "shown_currency"]


def _or(given: str | None, default: str) -> str:
    return default if given is None else given


# Spellings a spreadsheet or a script may use for a field: `vat-refund`, `addons`.
ALIASES = {"addons": "addon", "traveller": "travellers"}


def canonical(name: str) -> str:
    """A column's name as the field it means: trimmed, lower case, '-' as '_', aliases."""
    key = name.strip().lower().replace("-", "_")
    return ALIASES.get(key, key)
