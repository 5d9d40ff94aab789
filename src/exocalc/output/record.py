"""A quote as JSON (`exocalc.quote/3`, docs/json.md), written straight from its pieces.

This is the one definition of the quote's JSON: `batch` writes it as it is, one compact line a
record; `quote --format json` and the plan's and comparison's shared parts read it back and
indent it. It is written by hand rather than through a dict and an encoder because a batch
writes one for every row: what is the same on every row (the rates, what a line rests on, the
age of the prices) is written once per run, and every amount, already rounded to its minor
unit, is written as its Decimal digits (2841.50 stays 2841.50).
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from decimal import Decimal
from json.encoder import encode_basestring  # what json.dumps uses with ensure_ascii=False
from typing import Any

from exocalc.money import Range3
from exocalc.output.common import note_text, provenance, rates_json
from exocalc.pricing.model import PricedLine, Quote
from exocalc.request import FIELDS
from exocalc.request.values import Amount

SCHEMA = "exocalc.quote/3"
_INPUT_KEYS = tuple(f'"{f.name}":' for f in FIELDS)
_inputs_of = operator.attrgetter(*(f.name for f in FIELDS))


def text(value: str) -> str:
    """A JSON string."""
    out: str = encode_basestring(value)
    return out


def value(v: Any) -> str:
    """Any value a record holds, as JSON."""
    if v is None:
        return "null"
    if isinstance(v, str):
        return text(v)
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dt.date):
        return f'"{v.isoformat()}"'
    if type(v) is Amount:
        return value(v.json())
    if isinstance(v, list | tuple):
        return "[" + ",".join(value(item) for item in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(text(k) + ":" + value(item) for k, item in v.items()) + "}"
    raise TypeError(f"cannot write {type(v).__name__} as JSON")


def three(r: Range3) -> str:
    """{"low":..,"typical":..,"high":..} of amounts already at their minor unit."""
    return '{"low":' + str(r[0]) + ',"typical":' + str(r[1]) + ',"high":' + str(r[2]) + "}"


def _exact_in(r: Range3) -> str:
    """Three figures as the data gives them, whatever their exponent."""
    low, typical, high = (format(v, "f") for v in r)
    return f'"low":{low},"typical":{typical},"high":{high}'


def _three_in(r: Range3) -> str:
    """The same three amounts inside an object that goes on."""
    return '"low":' + str(r[0]) + ',"typical":' + str(r[1]) + ',"high":' + str(r[2])


class Records:
    """Writes the JSON of quotes made on one day (`today`, the day ages are counted to)."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._memo: dict[Any, str] = {}
        self._footers: dict[Any, tuple[str, str]] = {}
        self._shown: dict[Any, str] = {}
        self._line_heads: dict[tuple[str, str], str] = {}
        # By the identity of what a line rests on (made once per dataset), the object kept
        # beside its text so that its id cannot be reused by another.
        self._facts: dict[int, tuple[Any, str]] = {}

    def _once(self, key: Any, make: Any) -> str:
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = make()
        return found

    def quote(self, q: Quote) -> str:
        """The whole record, compact, on one line."""
        return "{" + self.body(q)

    def body(self, q: Quote) -> str:
        """The record after its opening brace: a batch puts its row's head in front."""
        price = q.price_per_session
        way = q.way
        savings = q.savings
        return (
            f'"schema":"{SCHEMA}","currency":"{q.currency}","inputs":{self.inputs(q)}'
            f',"price_per_session":{{{_exact_in(price.range3())},"currency":'
            f'"{price.currency}","source":{text(price.source)}}}'
            f',"way":{{"label":{text(way.label)},"trips":{len(way.trips)},"sessions_per_trip":'
            f'[{",".join(str(len(t.sessions)) for t in way.trips)}],"nights":'
            f"[{','.join(str(t.nights) for t in way.trips)}]}}"
            f',"lines":[{",".join(self.line(pl) for pl in q.lines)}]'
            f',"total":{three(q.total)},"total_krw":{three(q.total_krw)}'
            f',"per_person":{per_person(q)},"also":{also(q)}'
            f',"savings":{three(savings) if savings else "null"}'
            f',"break_even_per_session":{three(q.break_even_per_session)}'
            f',"cashback_points":{{"channel":{value(q.request.booking)},"rate":'
            f"{format(q.cashback_rate, 'f')},{_three_in(q.cashback)}}}"
            f',"programme":{self.programme(q)},"price_check":{price_check(q)}'
            f",{self.trust(q)}}}\n"
        )

    def inputs(self, q: Quote) -> str:
        shown = self._shown
        parts = []
        for key, v in zip(_INPUT_KEYS, _inputs_of(q.request), strict=True):
            if type(v) is Decimal:  # amounts: seldom twice the same, and 1.0 == 1
                parts.append(key + format(v, "f"))
                continue
            if type(v) is Amount:  # a money field: the same, kept out of the memo
                parts.append(key + value(v))
                continue
            found = shown.get(v)  # names, dates, counts come back row after row
            if found is None:
                found = value(v)
                if len(shown) < 4096:
                    shown[v] = found
            parts.append(key + found)
        return "{" + ",".join(parts) + "}"

    def line(self, pl: PricedLine) -> str:
        head = self._line_heads.get((pl.id, pl.label))
        if head is None:
            head = self._line_heads[(pl.id, pl.label)] = (
                f'{{"id":"{pl.id}","label":{text(pl.label)},'
            )
        kept = self._facts.get(id(pl.facts))
        if kept is None:
            kept = self._facts[id(pl.facts)] = (pl.facts, _facts(pl))
        facts = kept[1]
        (a0, a1, a2), (w0, w1, w2) = pl.amount, pl.krw
        return (
            f'{head}"low":{a0!s},"typical":{a1!s},"high":{a2!s},"krw":{{"low":{w0!s},'
            f'"typical":{w1!s},"high":{w2!s}}},{facts}}}'
        )

    def programme(self, q: Quote) -> str:
        """Every way the sessions fit, priced; `null` for one session."""
        if q.request.sessions < 2:
            return "null"
        best, runner_up = q.cheapest, q.runner_up
        options = ",".join(
            f'{{"way":"{"stay" if len(w.trips) == 1 else "trips"}","label":{text(w.label)}'
            f',"trips":{len(w.trips)},"sessions_per_trip":[{",".join(map(str, w.dates.sizes))}]'
            f',"nights":{sum(t.nights for t in w.trips)},"total":{three(w.total)}}}'
            for w in q.ways
        )
        saves = runner_up.total[1] - best.total[1] if runner_up else None
        return (
            f'{{"sessions":{value(q.calendar.sessions)},"interval_days":'
            f"{q.calendar.interval_days},"
            f'"options":[{options}],"recommended":{text(best.label)},"chosen":'
            f'{text(q.way.label)},"saves_typical":{value(saves)},"left_out":'
            f"{value(q.calendar.left_out)}}}"
        )

    def trust(self, q: Quote) -> str:
        """What a quote, a plan and a comparison end with: the home price, the VAT refund's
        status, the rates, the age of the prices, and the notes (as members, no braces)."""
        home = q.home
        vat = q.vat
        as_of = q.prices_as_of
        head, ages = self._footers.get((as_of, id(q.rates), q.currency)) or self._footer(q, as_of)
        notes = "".join(text(note_text(note)) + "," for note in q.notes)
        home_json = (
            f'{{"region":{text(home.region)},"name":{text(home.name)},{_three_in(home.total)}}}'
            if home
            else "null"
        )
        return (
            f'"home":{home_json},"vat_refund":{{"applies":{value(vat.applies)},"sessions":'
            f'{vat.refunded},"of":{vat.sessions},"reason":{text(vat.reason)}}}'
            f",{head}{notes}{ages}"
        )

    def _footer(self, q: Quote, as_of: dt.date | None) -> tuple[str, str]:
        """The rates and the age of the prices, the same for every quote of a run."""
        rates = q.rates
        head = (
            f'"rates":{value(rates_json(rates, [q.currency]))},"prices_as_of":{value(as_of)}'
            ',"notes":['
        )
        ages = (
            ",".join(
                text(line) for line in provenance(as_of, rates, self.today, currency=q.currency)
            )
            + "]"
        )
        found = self._footers[(as_of, id(rates), q.currency)] = (head, ages)
        return found


def per_person(q: Quote) -> str:
    """Each traveller's share; null for one traveller."""
    share = q.per_person
    if share is None:
        return "null"
    return f'{{{_three_in(share)},"travellers":{q.request.travellers},"rounding":{_SHARES}}}'


_SHARES = text(
    "the total split evenly (discounts and shared rooms included), each share rounded half up "
    "to the minor unit: shares x travellers may differ from the total by half a minor unit a "
    "traveller"
)


def also(q: Quote) -> str:
    """The total in each `--also-currency`, with the rate that made it."""
    return (
        "["
        + ",".join(
            f'{{"currency":"{a.currency}","rate":{a.rate:f},"krw_per_unit":{a.krw_per_unit:f}'
            f',"total":{three(a.total)}}}'
            for a in q.also
        )
        + "]"
    )


def price_check(q: Quote) -> str:
    """Where a given price stands against the data's ranges; null without `--price`."""
    c = q.price_check
    if c is None:
        return "null"
    return (
        f'{{"price_krw":{c.price_krw:f},"against":{text(c.against)},"low":{c.low:f},'
        f'"high":{c.high:f},"position":"{c.position}","by_krw":{c.by_krw:f},'
        f'"by_percent":{c.by_pct:f},"tiers":{value(c.tiers)},"text":{text(note_text(c.note))}}}'
    )


def _facts(pl: PricedLine) -> str:
    sources = ",".join(text(s) for s in pl.sources)
    return f'"estimate":{"true" if pl.estimate else "false"},"sources":[{sources}]'


def parsed(text_: str) -> Any:
    """A record (or a part of one) read back for indenting: numbers as Decimals, so that their
    digits are written as they were."""
    return json.loads(text_, parse_float=Decimal, parse_int=Decimal)


def trust_fields(q: Quote, today: dt.date) -> dict[str, Any]:
    """The quote's closing members (home, VAT refund, rates, prices' age, notes), for a plan
    and a comparison to end with too."""
    found: dict[str, Any] = parsed("{" + Records(today).trust(q) + "}")
    return found


def programme_document(q: Quote) -> Any:
    return parsed(Records(q.request.date).programme(q))
