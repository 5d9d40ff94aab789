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
import typing
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from exocalc.errors import FieldError, Named, UnknownName, pick
from exocalc.request.defaults import (
    DEFAULT_VAT_REFUND,
    default_booking,
    default_date,
    default_tier,
    own_defaults,
    shown_currency,
)
from exocalc.request.field import Field, blank, spec
from exocalc.request.origin import origin_name, own_fare_currency, settle_origin
from exocalc.request.party import party, sessions_of
from exocalc.request.values import (
    VAT_MODES,
    Amount,
    parse_amount,
    parse_count,
    parse_currency,
    parse_date,
    parse_money,
    parse_name,
    parse_person,
    parse_vat_mode,
)

if TYPE_CHECKING:
    from exocalc.data.model import Dataset

MAX_SESSIONS = 100
MAX_TRAVELLERS = 20
MAX_NIGHTS = 366
MAX_INTERVAL = 366
MAX_DAYS = 3660
# Keeps every sum within Decimal's 28 digits, whatever the currency.
MAX_AMOUNT = Decimal(10) ** 12
# Dates a trip can be planned for: far enough to hold any programme without overflow.
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)


@dataclasses.dataclass(slots=True)
class Request:
    """What the traveller asks for; None (or no add-ons) means the default."""

    treatment: tuple[str, ...] = spec(
        "TREATMENT", "The treatment of each person treated: skin or hair; repeated (or "
        "skin+hair), each person has both. Default: skin (the data's first).",
        parse_name, many=True, names="treatment",
    )  # fmt: skip
    tier: str | None = spec(
        "TIER", "factory, standard or premium. Default: standard.", parse_name, names="tier",
        picks_clinic=True,
    )  # fmt: skip
    clinic: str | None = spec(
        "ID", "A clinic id from `exocalc clinics` (instead of a tier).", parse_name, names="clinic",
        picks_clinic=True,
    )  # fmt: skip
    price: Amount | None = spec(
        "AMOUNT", "A price the clinic quoted you, per session: in KRW, or with its currency "
        "(300000, '200 USD'). Default: the data's range.",
        parse_money, least=Decimal(0), most=MAX_AMOUNT, picks_clinic=True,
    )  # fmt: skip
    sessions: int | None = spec(
        "N", "Sessions per person treated, for a party of one treatment. Default: the "
        "treatment's programme (hair: 5, skin: 1).",
        parse_count, least=1, most=MAX_SESSIONS,
    )  # fmt: skip
    interval: int | None = spec(
        "DAYS", "Days between a treatment's sessions. Default: the shortest the data gives "
        "(hair and skin: 14).",
        parse_count, least=1, most=MAX_INTERVAL,
    )  # fmt: skip
    trips: int | None = spec(
        "N", "Fit the sessions into this many trips (1: one stay). Default: the cheapest way.",
        parse_count, least=1, most=MAX_SESSIONS,
    )  # fmt: skip
    max_trips: int | None = spec(
        "N", "Leave out the ways of more trips than this. Default: no limit.",
        parse_count, least=1, most=MAX_SESSIONS,
    )  # fmt: skip
    max_days_away: int | None = spec(
        "N", "Leave out the ways that keep a person away longer than this many days, in "
        "Seoul. Default: no limit.",
        parse_count, least=1, most=MAX_DAYS,
    )  # fmt: skip
    travellers: int | None = spec(
        "N", "How many of you are treated (each the same treatment). Default: yours (exocalc "
        "config), else 1.",
        parse_count, least=1, most=MAX_TRAVELLERS, settled=True,
    )  # fmt: skip
    companions: int | None = spec(
        "N", "How many travel with you and are not treated. Default: 0.",
        parse_count, least=0, most=MAX_TRAVELLERS, settled=True,
    )  # fmt: skip
    people: tuple[tuple[str, ...], ...] = spec(
        "TREATMENTS", "A person of the party and their treatments: hair, skin, skin+hair, or "
        "none (a companion); repeatable, one a person (instead of --travellers, --treatment).",
        parse_person, many=True, party=True, names="treatment", flag="person",
    )  # fmt: skip
    origin: str | None = spec(
        "ORIGIN", "Where you fly from: los_angeles, london, tokyo, sydney... (exocalc origins), "
        "or a place not listed, with --flight and its currency (jakarta --flight 9000000IDR). "
        "Default: yours (exocalc config), else los_angeles.",
        parse_name, names="origin", settled=True,
    )  # fmt: skip
    nights: int | None = spec(
        "N", "Nights in Seoul each trip. Default: 4, or what the trip's sessions need.",
        parse_count, most=MAX_NIGHTS,  # the least a trip needs depends on its sessions: calendar.py
    )  # fmt: skip
    hotel: str | None = spec(
        "HOTEL", "budget, mid or luxury. Default: yours (exocalc config), else mid.", parse_name,
        names="hotel", settled=True,
    )  # fmt: skip
    flight: Amount | None = spec(
        "AMOUNT", "Round-trip fare per person: in the origin's currency, or with its currency "
        "(900GBP), which an origin not listed needs. Default: the data's estimate for the origin.",
        parse_money, least=Decimal(0), most=MAX_AMOUNT,
    )  # fmt: skip
    currency: str | None = spec(
        "CODE", "Show amounts in this currency (ISO code: USD, GBP, KRW...). "
        "Default: yours (exocalc config), else the origin's (for an origin not listed, the "
        "fare's).", parse_currency, names="currency",
        settled=True,
    )  # fmt: skip
    date: dt.date | None = spec(
        "YYYY-MM-DD", "The first session's day (it decides the VAT refund). Default: "
        "tomorrow (arrive today), and the output says so.",
        parse_date, least=FIRST_DATE, most=LAST_DATE, settled=True,
    )  # fmt: skip
    vat_refund: str | None = spec(
        "auto|yes|no", "auto: the refund only where its dated rule allows; yes: the clinic "
        "confirmed it; no: leave it out. Default: auto.", parse_vat_mode, choices=VAT_MODES,
        settled=True,
    )  # fmt: skip
    addon: tuple[str, ...] = spec(
        "NAME", "An add-on: led, cold_mask, thulium_laser (repeatable).",
        parse_name, many=True, names="addon",
    )  # fmt: skip
    booking: str | None = spec(
        "CHANNEL", "How you book: direct, creatrip, unni_global, gangnam_unni. Default: yours "
        "(exocalc config), else direct.",
        parse_name, names="booking",
    )  # fmt: skip
    contingency: Decimal | None = spec(
        "PCT", "Add this percentage of the rest as a contingency. Default: none.",
        parse_amount, least=Decimal(0), most=Decimal(100),
    )  # fmt: skip
    also_currency: tuple[str, ...] = spec(
        "CODE", "Also show the totals in this currency (repeatable): a client's currency "
        "beside yours. Default: none.", parse_currency, many=True, names="currency",
    )  # fmt: skip
    home_price: Amount | None = spec(
        "AMOUNT", "What a session costs at home: in the shown currency (--currency), or with "
        "its currency (4000USD). Default: the data's price for the origin's region; none for an "
        "origin it does not list (savings left out).",
        parse_money, least=Decimal(0), most=MAX_AMOUNT,
    )  # fmt: skip

    def __post_init__(self) -> None:
        if isinstance(
            self.treatment, str
        ):  # one treatment, named in code: Request(treatment="hair")
            self.treatment = (self.treatment,)

    @classmethod
    def from_values(cls, values: Mapping[str, Any], blank_is_default: bool = True) -> Request:
        """A request from named values (a batch row, a JSON `inputs`, the command line's
        options): text or JSON scalars, a list for add-ons; None is the default, and so is a
        blank cell unless `blank_is_default` is False (the command line: `--price ''`)."""
        parsed: dict[str, Any] = {}
        for name, value in values.items():
            if value is None or (blank_is_default and blank(value)):
                continue
            parsed[name] = FIELD_BY_NAME[name].value(value)
        return cls(**parsed)


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


def _treated(self: Any) -> int:
    """How many of the party are treated."""
    return sum(1 for person in self.people if person)


def _party_treatments(self: Any) -> tuple[str, ...]:
    """Every treatment of the party, each once, in the order the people name them."""
    shared: tuple[str, ...] = self.treatment  # every treated person's, when they agree
    return shared or tuple(dict.fromkeys(t for person in self.people for t in person))


# The request with every default settled from the data: the one input of pricing, made by
# `resolve`. Its fields are the table's, in its order, each of its settled type (the JSON
# `inputs` is this, field by field); `tier` is None when a clinic is named (the clinic's own
# tier prices it), `trips` None for the cheapest way, `nights` None for each trip's own need.
# The party is `people`, always; `treatment` is what every treated person has (empty when
# they differ), `travellers` how many are treated, `companions` how many are not, and
# `sessions` each treated person's sessions when the party has one treatment (else None:
# each treatment follows its programme).
if TYPE_CHECKING:
    Resolved = Any
else:
    Resolved = dataclasses.make_dataclass(
        "Resolved",
        [(f.name, f.kind) for f in FIELDS],
        slots=True,
        namespace={
            "treated": property(_treated),
            "treatments": property(_party_treatments),
            "__module__": __name__,
        },
    )


def resolve(
    request: Request, data: Dataset, currencies: Collection[str], today: dt.date
) -> Resolved:
    """Fill in every default from the data and check what depends on it, once."""
    r = request
    people, shared_treatments = party(r, data)
    if shared_treatments and len(people) == 1:  # one person: most requests
        treatments = shared_treatments
    else:
        treatments = tuple(dict.fromkeys(t for person in people for t in person))
    tier_id, clinic_id = _tier_or_clinic(r, data, treatments)
    sessions = sessions_of(r, data, treatments)
    _check_trips(r, data, treatments, sessions)
    trip = data.trip
    origin_id = settle_origin(_or(r.origin, trip.default_origin), r.flight, data)
    hotel_id, _ = pick("hotel", _or(r.hotel, trip.default_hotel), trip.hotels, "hotel")
    own = own_fare_currency(origin_id, r.flight, data)  # a place not listed: its fare's
    currency = shown_currency(data, r.currency or own, origin_id)
    also = _known_currencies(r, currency, own, currencies)
    addons = tuple(pick("add-on", a, data.addons, "addon")[0] for a in r.addon)
    booking = r.booking if r.booking is not None else default_booking(data)
    booking_id = (
        pick("booking channel", booking, data.booking_channels, "booking")[0] if booking else None
    )
    treated = len(people) - people.count(())
    return Resolved(
        treatment=shared_treatments,
        tier=tier_id,
        clinic=clinic_id,
        price=r.price,
        sessions=sessions,
        interval=r.interval,
        trips=r.trips,
        max_trips=r.max_trips,
        max_days_away=r.max_days_away,
        travellers=treated,
        companions=len(people) - treated,
        people=people,
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


def _known_currencies(
    r: Request, currency: str, own: str | None, currencies: Collection[str]
) -> tuple[str, ...]:
    """Every currency the request names is one the rates know; the other currencies asked
    for (`also_currency`), in upper case, once each."""
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
    return also


def _check_trips(
    r: Request, data: Dataset, treatments: tuple[str, ...], sessions: int | None
) -> None:
    """--trips within the sessions (the lead treatment's, for a party of several) and within
    --max-trips."""
    most = sessions or max(data.treatments[t].programme_sessions for t in treatments)
    if r.trips is not None and r.trips > most:
        raise FieldError(
            "trips", Named("trips"), f" {r.trips} is more trips than the {most} "
            f"session{'s' if most > 1 else ''}: give from 1 to {most}",
        )  # fmt: skip
    if r.trips is not None and r.max_trips is not None and r.trips > r.max_trips:
        raise FieldError(
            "trips", Named("trips"), f" {r.trips} is more than ", Named("max_trips"),
            f" {r.max_trips}: give one of them",
        )  # fmt: skip


def _tier_or_clinic(
    r: Request, data: Dataset, treatments: tuple[str, ...]
) -> tuple[str | None, str | None]:
    """(tier, None) for a tier quote, (None, clinic) when a clinic is named."""
    if r.clinic is None:
        return pick("tier", _or(r.tier, default_tier(data)), data.tiers, "tier")[0], None
    if r.tier is not None:
        raise FieldError("clinic", "give ", Named("tier"), " or ", Named("clinic"), ", not both")
    clinic_id, clinic = pick("clinic", r.clinic, data.clinics, "clinic")
    missing = [t for t in treatments if t not in clinic.treatments]
    if missing and r.price is None:
        raise FieldError(
            "clinic", f"{clinic.name} lists no {' or '.join(missing)} treatment in the data (it "
            f"lists: {', '.join(clinic.treatments)}); give ", Named("price"), " with its quote",
        )  # fmt: skip
    return None, clinic_id


__all__ = ["Field", "default_date", "default_tier", "origin_name", "own_defaults", "shown_currency"]


def _or(given: str | None, default: str) -> str:
    return default if given is None else given


# Spellings a spreadsheet or a script may use for a field: `vat-refund`, `addons`.
ALIASES = {
    "addons": "addon", "traveller": "travellers", "treatments": "treatment", "person": "people",
    "companion": "companions",
}  # fmt: skip


def canonical(name: str) -> str:
    """A column's name as the field it means: trimmed, lower case, '-' as '_', aliases."""
    key = name.strip().lower().replace("-", "_")
    return ALIASES.get(key, key)
