"""The lines of one trip, exact in KRW, in three scenarios: the domain brief's "How a quote is
built", steps 1 to 10. What a line is made of is prepared once per request (`Units`); a trip
is then a handful of products, so that every way of a programme is cheap to price.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from exocalc.data.model import PriceRange, VatRefundRule
from exocalc.money import Range3, sum_ranges
from exocalc.pricing.prepared import OWN_SOURCES, LineFacts, Prepared
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


def prepare(r: Resolved, shared: Prepared, per_session: PriceRange, fare: PriceRange) -> Units:
    data = shared.data
    trip = data.trip
    return Units(
        per_session=shared.krw(per_session),
        addons=shared.addons(r.addon),
        couple=shared.couple if r.travellers >= data.discounts.couple.min_travellers else None,
        refund_share=shared.refund_share,
        fare=shared.krw(fare),
        room_night=shared.krw(trip.hotels[r.hotel].price_per_room_night),
        daily=shared.krw(trip.daily_per_person),
        esim=shared.krw(trip.esim_per_person),
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
    r: Resolved, shared: Prepared, per_session: PriceRange, fare: PriceRange
) -> dict[str, LineFacts]:
    """What each line of this request rests on; the same for every request of the same
    prices, hotel and add-ons."""
    key = ("facts", _price_key(per_session), _price_key(fare), r.hotel, r.addon)
    found: dict[str, LineFacts] = shared.memo(
        key, lambda: _line_facts(r, shared, per_session, fare)
    )
    return found


def _price_key(price: PriceRange) -> object:
    """A price as what its facts depend on: the data's own by identity, a user's by source."""
    return price.source if price.source in OWN_SOURCES else id(price)


def _line_facts(
    r: Resolved, shared: Prepared, per_session: PriceRange, fare: PriceRange
) -> dict[str, LineFacts]:
    data = shared.data
    rule = data.rules.vat_refund
    couple = data.discounts.couple.rate
    trip = data.trip
    facts = {
        "treatment": shared.facts(per_session),
        "couple_discount": shared.memo(
            "couple facts",
            lambda: LineFacts(shared.estimate((couple.source,)), (couple.source,), couple.as_of),
        ),
        "vat_refund": shared.memo("refund facts", lambda: _refund_facts(shared, rule)),
        "flights": shared.facts(fare),
        "hotel": shared.facts(trip.hotels[r.hotel].price_per_room_night),
        "daily": shared.facts(trip.daily_per_person),
        "esim": shared.facts(trip.esim_per_person),
        "contingency": NO_FACTS,
    }
    if r.addon:
        facts["addons"] = shared.facts(*(data.addons[a].price for a in r.addon))
    return facts


NO_FACTS = LineFacts(False, (), None)


def _refund_facts(shared: Prepared, rule: VatRefundRule) -> LineFacts:
    """The rule's sources, and the operator's fee's where it has its own (an estimate)."""
    fee = (rule.operator_fee_source,) if rule.operator_fee_source else ()
    sources = tuple(dict.fromkeys((*rule.sources, *fee)))
    return LineFacts(shared.estimate(sources), sources, rule.as_of)
