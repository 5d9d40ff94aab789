"""A priced quote as its typed record (output/shapes.py): what `quote --format json` writes,
each record of `batch`, and the parts a plan and a comparison share with it.

`Records` builds the records of quotes made on one day (`today`, the day ages are counted to):
what is the same on every row of a batch (the rates, the age of the prices) is built once a
run. Every amount is already rounded to its minor unit by the engine and written as it is.
"""

from __future__ import annotations

import datetime as dt
import operator
import typing
from decimal import Decimal
from typing import Any

import msgspec

from exocalc.data.model import Dataset, PriceRange
from exocalc.money import Range3
from exocalc.output import shapes
from exocalc.output.common import note_text, provenance, rates_used
from exocalc.output.jsonfmt import once
from exocalc.output.used import quote_currencies
from exocalc.pricing.model import Home, PricedLine, Quote, Way
from exocalc.request import FIELDS, Resolved
from exocalc.request.values import Amount

_NAMES = tuple(f.name for f in FIELDS)
_inputs_of = operator.attrgetter(*_NAMES)
_KEPT = tuple(not f.picks_clinic for f in FIELDS)  # a comparison's inputs
_PARTY = next(n for n, f in enumerate(FIELDS) if f.party)
# The fields written otherwise than as they are: money fields and Decimals.
_AMOUNTS = tuple(
    n for n, f in enumerate(FIELDS)
    if typing.get_type_hints(Resolved)[f.name] in (Amount | None, Decimal | None, Amount, Decimal)
)  # fmt: skip

SHARES = (
    "the total split evenly (discounts and shared rooms included), each share rounded half up "
    "to the minor unit: shares x travellers may differ from the total by half a minor unit a "
    "traveller"
)


def fixed(v: Decimal) -> Decimal:
    """A figure as the data gives it, written without an exponent (`1.5E+5` is 150000)."""
    if "E+" not in str(v):  # the common case, told fast
        return v
    return v.quantize(1)


def three(r: Range3) -> shapes.Three:
    return shapes.Three(*r)


def _input(v: Any) -> Any:
    """A money field or a Decimal, as JSON writes it."""
    if type(v) is Amount:
        given = v.json()
        return fixed(given) if isinstance(given, Decimal) else given
    return fixed(v)


def inputs(request: Resolved, compared: bool = False) -> Any:
    """The settled request, one key per field; a comparison's without the fields that pick a
    clinic."""
    values = list(_inputs_of(request))
    for n in _AMOUNTS:  # names, counts, dates and lists are written as they are
        if values[n] is not None:
            values[n] = _input(values[n])
    values[_PARTY] = _party(values[_PARTY])
    if compared:
        return shapes.CompareInputs(*(v for v, keep in zip(values, _KEPT, strict=True) if keep))
    return shapes.Inputs(*values)


_PEOPLE: dict[tuple[tuple[str, ...], ...], list[shapes.Person]] = {}


def _party(people: tuple[tuple[str, ...], ...]) -> list[shapes.Person]:
    """The party as JSON writes it: a person an object. Parties repeat row after row."""
    found = _PEOPLE.get(people)
    if found is None:
        found = [shapes.Person(treatments=list(person)) for person in people]
        if len(_PEOPLE) < 4096:
            _PEOPLE[people] = found
    return found


def per_person(q: Quote) -> shapes.PerPerson | None:
    """Each traveller's share; None for one traveller."""
    s = q.per_person
    if s is None:
        return None
    return shapes.PerPerson(s[0], s[1], s[2], q.travellers, SHARES)


def also(q: Quote) -> list[shapes.Also]:
    """The total in each `--also-currency`, with the rate that made it."""
    return [
        shapes.Also(currency=a.currency, rate=a.rate, krw_per_unit=a.krw_per_unit,
                    total=three(a.total))
        for a in q.also
    ]  # fmt: skip


def price_check(q: Quote) -> shapes.PriceCheck | None:
    c = q.price_check
    if c is None:
        return None
    return shapes.PriceCheck(
        price_krw=fixed(c.price_krw), against=c.against, low=fixed(c.low), high=fixed(c.high),
        position=c.position,  # type: ignore[arg-type]
        by_krw=fixed(c.by_krw), by_percent=fixed(c.by_pct),
        tiers=list(c.tiers), text=note_text(c.note),
    )  # fmt: skip


def programme(q: Quote) -> shapes.Programme | None:
    """Every way the sessions fit, priced, with what each costs in time; None for one
    session."""
    if len(q.calendar.sessions) < 2:
        return None
    best, runner_up = q.cheapest, q.runner_up
    options = [
        shapes.ProgrammeOption(
            way="stay" if len(w.trips) == 1 else "trips", label=w.label, trips=len(w.trips),
            sessions_per_trip=list(w.dates.sizes), nights=sum(t.nights for t in w.trips),
            days_away=w.days_away, long_haul_round_trips=w.long_haul, cheapest=w is best,
            quoted=w is q.way,
            dearer_typical=None if w is best else w.total[1] - best.total[1],
            total=three(w.total),
        )
        for w in q.ways
    ]  # fmt: skip
    return shapes.Programme(
        sessions=list(q.calendar.sessions), interval_days=q.calendar.interval_days,
        options=options, recommended=best.label, chosen=q.way.label,
        saves_typical=runner_up.total[1] - best.total[1] if runner_up else None,
        dearer_typical=None if q.way is best else q.way.total[1] - best.total[1],
        left_out=list(q.calendar.left_out.values()),
    )  # fmt: skip


def _price_per_session(price: PriceRange) -> shapes.PricePerSession:
    low, typical, high = (fixed(v) for v in price.range3())
    return shapes.PricePerSession(
        low=low, typical=typical, high=high, currency=price.currency, source=price.source
    )


def _home(home: Home) -> msgspec.Raw:
    low, typical, high = home.total
    return once(
        shapes.Home(region=home.region, name=home.name, low=low, typical=typical, high=high)
    )


VatRefund = shapes.VatRefund
_QUOTE = shapes.Quote.__struct_fields__
_SCHEMA = msgspec.structs.fields(shapes.Quote)[0].default
_BatchQuote = shapes.positional(shapes.BatchQuote)


class Records:
    """Builds the records of quotes made on one day."""

    def __init__(self, today: dt.date, data: Dataset | None = None) -> None:
        self.today = today
        self.data = data  # what the rates part lists: every currency the figures rest on
        # The rates and the prices' age, the same for every quote of a run: by what they
        # rest on, the rates object kept beside them so that its id cannot be reused.
        self._footers: dict[Any, tuple[Any, msgspec.Raw, tuple[str, ...]]] = {}
        self._facts: dict[int, tuple[Any, bool, list[str]]] = {}
        self._made: dict[int, tuple[Any, Any]] = {}
        self._parts: dict[tuple[Any, ...], Any] = {}

    def _kept(self, made_from: Any, make: Any) -> Any:
        """What `make` makes of a figure of the data's, made once a run (by its identity; the
        object kept beside it, so that its id cannot be reused by another)."""
        found = self._made.get(id(made_from))
        if found is None:
            found = (made_from, make(made_from))
            if len(self._made) < 4096:
                self._made[id(made_from)] = found
        return found[1]

    def quote(self, q: Quote, shape: Any = shapes.Quote, **head: Any) -> Any:
        """The quote's record; a batch's has its row's `head` (row, id) in front."""
        return shape(**head, **dict(zip(_QUOTE, self._values(q), strict=True)))

    def batch(self, number: int, row_id: Any, q: Quote) -> Any:
        """A record of `batch`: the quote with its row's number and id (UNSET: none) in
        front, made by position (the same bytes as shapes.BatchQuote)."""
        return _BatchQuote(number, row_id, *self._values(q))

    def _values(self, q: Quote) -> tuple[Any, ...]:
        """The quote's record's values, in the order of shapes.Quote's fields."""
        price, way, savings, Three, line = (
            q.price_per_session,
            q.way,
            q.savings,
            shapes.Three,
            self.line,
        )
        return (
            _SCHEMA,
            q.currency,
            inputs(q.request),
            self._kept(price, _price_per_session),
            self._way(way),
            [line(pl) for pl in q.lines],
            Three(*way.total),
            Three(*way.total_krw),
            per_person(q),
            also(q) if q.also else [],
            Three(*savings) if savings else None,
            Three(*q.break_even_per_session),
            self._cashback(q),
            programme(q),
            price_check(q),
            *self.trust(q).values(),
        )  # fmt: skip

    def _same(self, key: tuple[Any, ...], make: Any) -> Any:
        """A part of a record many quotes share (the same way, refund, points), made and
        encoded once a run by what it says (a key that tells apart whatever is written
        otherwise), and written as those bytes."""
        found = self._parts.get(key)
        if found is None:
            found = once(make())
            if len(self._parts) < 4096:
                self._parts[key] = found
        return found

    def _way(self, way: Way) -> Any:
        trips = way.trips
        return self._same(
            (shapes.Way, way.label, *((len(t.sessions), t.nights, t.people) for t in trips)),
            lambda: shapes.Way(
                label=way.label, trips=len(trips),
                sessions_per_trip=[len(t.sessions) for t in trips],
                nights=[t.nights for t in trips], people=[t.people for t in trips],
                days_away=way.days_away, long_haul_round_trips=way.long_haul,
            ),
        )  # fmt: skip

    def _cashback(self, q: Quote) -> Any:
        channel, rate, (low, typical, high) = q.request.booking, q.cashback_rate, q.cashback
        # The currency in the key: equal Decimals may have other digits (0 and 0.00).
        return self._same(
            (shapes.Cashback, q.currency, channel, rate, low, typical, high),
            lambda: shapes.Cashback(
                channel=channel, rate=fixed(rate), low=low, typical=typical, high=high
            ),
        )

    def line(self, pl: PricedLine) -> shapes.Line:
        """A priced line. What it rests on (whether an estimate, its sources) is one object
        of the engine's, shared by every line that rests on it: written once a run."""
        facts = pl.facts
        kept = self._facts.get(id(facts))
        if kept is None:
            kept = self._facts[id(facts)] = (facts, facts.estimate, list(facts.sources))
        a0, a1, a2 = pl.amount
        return shapes.Line(pl.id, pl.label, a0, a1, a2, shapes.Three(*pl.krw), kept[1], kept[2])

    def trust(self, q: Quote, currencies: tuple[str, ...] | None = None) -> dict[str, Any]:
        """How a quote, a plan and a comparison end: the home price, the VAT refund's status,
        the rates (of `currencies`, else the quote's own), the age of the prices, the notes."""
        home, vat, as_of = q.home, q.vat, q.prices_as_of
        codes = currencies if currencies is not None else quote_currencies(q, self.data)
        key = (as_of, id(q.rates), codes)
        found = self._footers.get(key)
        if found is None:
            ages = provenance(as_of, q.rates, self.today, currency=q.currency)
            used = once(rates_used(q.rates, codes))
            if len(self._footers) >= 4096:
                self._footers.clear()
            found = self._footers[key] = (q.rates, used, tuple(ages))
        said = (VatRefund, vat.refunded, vat.sessions, vat.reason)  # applies: refunded > 0
        refund = self._parts.get(said)
        if refund is None:
            refund = self._same(said, lambda: VatRefund(
                applies=vat.applies, sessions=vat.refunded, of=vat.sessions, reason=vat.reason
            ))  # fmt: skip
        return {
            "home": self._kept(home, _home) if home else None,
            "vat_refund": refund,
            "rates": found[1],
            "prices_as_of": as_of,
            "notes": [*map(note_text, q.notes), *found[2]],
        }


def row_id(value: Any) -> Any:
    """A batch row's id as it was given: text, or a number written with its own digits
    (`1e999999999` stays those 11 characters)."""
    if type(value) is str:  # most ids
        return value
    text = getattr(value, "text", None)  # a number read from JSON Lines keeps its text
    return msgspec.Raw(text.encode("utf-8")) if isinstance(text, str) else value
