"""The lines of one trip, exact in KRW, in three scenarios: the domain brief's "How a quote is
built", steps 1 to 10. What a line is made of is prepared once per request (`Units`); a trip
is then a handful of products, so that every way of a programme is cheap to price.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from exocalc.money import Range3, sum_ranges
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

    per_session: Range3  # the treatment, a session a person
    addons: Range3 | None  # the add-ons, a session a person
    couple: Range3 | None  # the discount rate per scenario (low takes the largest)
    refund_share: Decimal  # of what was paid, a refunded session: the VAT less the fee
    fare: Range3  # a person
    room_night: Range3
    daily: Range3  # a person a day
    esim: Range3  # a person
    contingency: Decimal | None  # a fraction of the rest
    travellers: int
    rooms: int


def prepare(r: Resolved, shared: Prepared, per_session: Priced, fare: Priced) -> Units:
    """What this request's trips are made of: the data's prices as `shared` has them."""
    addons = shared.addons(r.addon)
    return Units(
        per_session=per_session.krw,
        addons=addons[0] if addons else None,
        couple=shared.couple
        if r.travellers >= shared.data.discounts.couple.min_travellers
        else None,
        refund_share=shared.refund_share,
        fare=fare.krw,
        room_night=shared.hotels[r.hotel].krw,
        daily=shared.daily.krw,
        esim=shared.esim.krw,
        contingency=r.contingency / 100 if r.contingency else None,
        travellers=r.travellers,
        rooms=r.rooms,
    )


def trip_lines(u: Units, sessions: int, nights: int, refunded: int) -> list[tuple[str, Range3]]:
    """(line id, exact KRW) of one trip of `sessions` sessions and `nights` nights, of which
    `refunded` sessions get the VAT refund."""
    people = u.travellers
    treatment = u.per_session.scale(sessions * people)
    lines = [("treatment", treatment)]
    clinic = treatment
    if u.addons is not None:
        addons = u.addons.scale(sessions * people)
        lines.append(("addons", addons))
        clinic = clinic + addons
    paid = clinic
    if u.couple is not None:
        rate = u.couple
        discount = Range3(-clinic[0] * rate[0], -clinic[1] * rate[1], -clinic[2] * rate[2])
        lines.append(("couple_discount", discount))
        paid = clinic + discount
    if refunded:
        # Each refunded session's share of what was paid: paid x refunded / sessions.
        lines.append(("vat_refund", paid.scale(-u.refund_share * refunded / sessions)))
    lines.append(("flights", u.fare.scale(people)))
    lines.append(("hotel", u.room_night.scale(nights * u.rooms)))
    lines.append(("daily", u.daily.scale((nights + 1) * people)))
    lines.append(("esim", u.esim.scale(people)))
    if u.contingency:
        lines.append(("contingency", sum_ranges(a for _, a in lines).scale(u.contingency)))
    return lines


# What the clinic is paid: the treatment and add-ons, less the couple discount.
AT_CLINIC = frozenset({"treatment", "addons", "couple_discount"})


def line_facts(
    r: Resolved, shared: Prepared, per_session: Priced, fare: Priced
) -> dict[str, LineFacts]:
    """What each line of this request rests on."""
    facts = {
        "treatment": per_session.facts,
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
