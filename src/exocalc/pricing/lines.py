"""The lines of one trip, exact in KRW, in three scenarios: the domain brief's "How a quote is
built", steps 1 to 10. What a line is made of is prepared once per request (`Units`); a trip
is then a handful of products, so that every way of a programme is cheap to price.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from exocalc.money import Range3, sum_ranges
from exocalc.pricing.calendar import Who
from exocalc.pricing.prepared import LineFacts, Prepared, Priced
from exocalc.request import Resolved

# Every line a quote can have, in the order it shows them, with its short name (a chart's
# label); a line that does not apply is left out.
LINE_NAMES = {
    "treatment": "treatment",
    "addons": "add-ons",
    "couple_discount": "couple discount",
    "vat_refund": "VAT refund",
    "flights": "flights",
    "hotel": "hotel",
    "daily": "meals and transport",
    "esim": "eSIM",
    "contingency": "contingency",
}
LINE_IDS = tuple(LINE_NAMES)
ZERO = Decimal(0)


@dataclass(slots=True)
class Units:
    """What a trip's lines are made of, exact in KRW, for one request."""

    per_session: dict[str, Range3]  # each treatment, a session a person
    addons: Range3 | None  # the add-ons, a session a person
    couple: Range3 | None  # the discount rate per scenario (low takes the largest)
    together: int  # people treated the same day for the couple discount
    refund_share: Decimal  # of what was paid, a refunded session: the VAT less the fee
    fare: Range3  # a person
    room_night: Range3
    daily: Range3  # a person a day
    esim: Range3  # a person
    contingency: Decimal | None  # a fraction of the rest
    companions: int  # people on every trip, not treated


def prepare(r: Resolved, shared: Prepared, per_session: dict[str, Priced], fare: Priced) -> Units:
    """What this request's trips are made of: the data's prices as `shared` has them."""
    addons = shared.addons(r.addon)
    couple = shared.data.discounts.couple
    return Units(
        per_session={t: p.krw for t, p in per_session.items()},
        addons=addons[0] if addons else None,
        couple=shared.couple if r.travellers >= couple.min_travellers else None,
        together=couple.min_travellers,
        refund_share=shared.refund_share,
        fare=fare.krw,
        room_night=shared.hotels[r.hotel].krw,
        daily=shared.daily.krw,
        esim=shared.esim.krw,
        contingency=r.contingency / 100 if r.contingency else None,
        companions=r.companions,
    )


def on_trip(u: Units, who: tuple[Who, ...]) -> int:
    """The people on a trip: those with a session on it, and the companions."""
    first = who[0]
    if len(first) == 1 and (len(who) == 1 or all(day is first for day in who)):  # one person
        return 1 + u.companions
    if len(who) == 1 or all(day is first for day in who):  # the same people every day
        return len({p for p, _ in who[0]}) + u.companions
    return len({p for day in who for p, _ in day}) + u.companions


def rooms(people: int) -> int:
    """Rooms are shared two to a room."""
    return (people + 1) // 2


def trip_lines(
    u: Units, nights: int, who: tuple[Who, ...], refunded: tuple[bool, ...]
) -> list[tuple[str, Range3]]:
    """(line id, exact KRW) of one trip of `nights` nights whose days with sessions have
    `who` treated, each day's sessions refunded or not: the domain brief's steps 1 to 10,
    the couple discount on the sessions of a day two or more people are treated, the refund
    on each refunded session's share of what was paid for it."""
    groups = _groups(who, refunded, u.couple is not None, u.together)
    treatment = addons = discount = refund_krw = None
    for (t, together, refund), n in groups:  # most trips: one group
        one = u.per_session[t]
        some = one.scale(n)
        treatment = some if treatment is None else treatment + some
        if u.addons is not None:
            one = one + u.addons
            some = u.addons.scale(n)
            addons = some if addons is None else addons + some
        if together and u.couple is not None:
            rate = u.couple
            off = Range3(-one[0] * rate[0], -one[1] * rate[1], -one[2] * rate[2])
            some = off.scale(n)
            discount = some if discount is None else discount + some
            one = one + off
        if refund:  # a session's share of what was paid for it
            some = one.scale(-u.refund_share * n)
            refund_krw = some if refund_krw is None else refund_krw + some
    assert treatment is not None  # a trip has sessions
    lines = [("treatment", treatment)]
    if addons is not None:
        lines.append(("addons", addons))
    if discount is not None:
        lines.append(("couple_discount", discount))
    if refund_krw is not None:
        lines.append(("vat_refund", refund_krw))
    people = on_trip(u, who)
    lines.append(("flights", u.fare.scale(people)))
    lines.append(("hotel", u.room_night.scale(nights * rooms(people))))
    lines.append(("daily", u.daily.scale((nights + 1) * people)))
    lines.append(("esim", u.esim.scale(people)))
    if u.contingency:
        lines.append(("contingency", sum_ranges(a for _, a in lines).scale(u.contingency)))
    return lines


_GROUPS: dict[tuple[Any, ...], tuple[tuple[tuple[str, bool, bool], int], ...]] = {}


def _groups(
    who: tuple[Who, ...], refunded: tuple[bool, ...], couple: bool, least: int
) -> tuple[tuple[tuple[str, bool, bool], int], ...]:
    """A trip's sessions by (treatment, discounted, refunded): a handful of products, however
    long the trip; the same days are counted once a run (a batch has them row after row)."""
    key = (who, refunded, couple, least)
    found = _GROUPS.get(key)
    if found is not None:
        return found
    groups: dict[tuple[str, bool, bool], int] = {}
    for day, refund in zip(who, refunded, strict=True):
        together = couple and len({p for p, _ in day}) >= least
        for _, t in day:
            groups[t, together, refund] = groups.get((t, together, refund), 0) + 1
    if len(_GROUPS) >= 4096:
        _GROUPS.clear()
    found = _GROUPS[key] = tuple(groups.items())
    return found


# What the clinic is paid: the treatment and add-ons, less the couple discount.
AT_CLINIC = frozenset({"treatment", "addons", "couple_discount"})


def line_facts(
    r: Resolved, shared: Prepared, per_session: dict[str, Priced], fare: Priced
) -> dict[str, LineFacts]:
    """What each line of this request rests on."""
    facts = {
        "treatment": _together([p.facts for p in per_session.values()]),
        "couple_discount": shared.memo("couple facts", lambda: _couple_facts(shared)),
        "vat_refund": shared.memo("refund facts", lambda: _refund_facts(shared)),
        "flights": fare.facts,
        "hotel": shared.hotels[r.hotel].facts,
        "daily": shared.daily.facts,
        "esim": shared.esim.facts,
        "contingency": NO_FACTS,
    }
    addons = shared.addons(r.addon)
    if addons is not None:
        facts["addons"] = addons[1]
    return facts


def _together(each: list[LineFacts]) -> LineFacts:
    """What a line of several prices rests on: all their sources, the oldest date."""
    if len(each) == 1:
        return each[0]
    sources = tuple(dict.fromkeys(s for f in each for s in f.sources))
    dates = [f.as_of for f in each if f.as_of is not None]
    return LineFacts(any(f.estimate for f in each), sources, min(dates) if dates else None)


def _couple_facts(shared: Prepared) -> LineFacts:
    couple = shared.data.discounts.couple.rate
    return LineFacts(shared.estimate((couple.source,)), (couple.source,), couple.as_of)


NO_FACTS = LineFacts(False, (), None)


def _refund_facts(shared: Prepared) -> LineFacts:
    """The rule's sources, and the operator's fee's where it has its own (an estimate)."""
    rule = shared.data.rules.vat_refund
    fee = (rule.operator_fee_source,) if rule.operator_fee_source else ()
    sources = tuple(dict.fromkeys((*rule.sources, *fee)))
    return LineFacts(shared.estimate(sources), sources, rule.as_of)
