"""The lines of one trip, exact in KRW, in three scenarios: the domain brief's "How a quote is
built", steps 1 to 10. What a line is made of is prepared once per request (`Units`); a trip
is then a handful of products, so that every way of a programme is cheap to price.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from exocalc.dataset import Dataset, PriceRange
from exocalc.money import PIVOT_CURRENCY, Range3, sum_ranges
from exocalc.rates import Rates
from exocalc.request import Resolved

# Every line a quote can have, in the order it shows them; a line that does not apply is left out.
LINE_IDS = (
    "treatment",
    "addons",
    "couple_discount",
    "vat_refund",
    "flights",
    "hotel",
    "daily",
    "esim",
    "contingency",
)
ZERO = Decimal(0)


@dataclass(frozen=True)
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


def krw_of(price: PriceRange, rates: Rates) -> Range3:
    return price.range3().map(lambda v: rates.convert(v, price.currency, PIVOT_CURRENCY))


def prepare(
    r: Resolved, data: Dataset, rates: Rates, per_session: PriceRange, fare: PriceRange
) -> Units:
    addon_prices = [data.addons[a].price for a in r.addon]
    couple = data.discounts.couple
    rate = couple.rate.range3()
    rule = data.rules.vat_refund
    share = rule.vat_rate / (1 + rule.vat_rate) if rule.included_in_price else rule.vat_rate
    return Units(
        per_session=krw_of(per_session, rates),
        addons=sum_ranges([krw_of(p, rates) for p in addon_prices]) if addon_prices else None,
        couple=(
            Range3(rate.high, rate.typical, rate.low)
            if r.travellers >= couple.min_travellers
            else None
        ),
        refund_share=share * (1 - rule.operator_fee_rate),
        fare=krw_of(fare, rates),
        room_night=krw_of(data.trip.hotels[r.hotel].price_per_room_night, rates),
        daily=krw_of(data.trip.daily_per_person, rates),
        esim=krw_of(data.trip.esim_per_person, rates),
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
        discount = Range3(
            clinic.low * u.couple.low,
            clinic.typical * u.couple.typical,
            clinic.high * u.couple.high,
        )
        lines.append(("couple_discount", -discount))
        paid = clinic + -discount
    if refunded:
        # Each refunded session's share of what was paid: paid x refunded / sessions.
        lines.append(("vat_refund", -paid.scale(u.refund_share * refunded / sessions)))
    lines.append(("flights", u.fare.scale(people)))
    lines.append(("hotel", u.room_night.scale(nights * u.rooms)))
    lines.append(("daily", u.daily.scale((nights + 1) * people)))
    lines.append(("esim", u.esim.scale(people)))
    if u.contingency:
        lines.append(("contingency", sum_ranges([a for _, a in lines]).scale(u.contingency)))
    return lines


def paid_at_clinic(lines: list[tuple[str, Range3]]) -> Range3:
    """What the clinic is paid: the treatment and add-ons, less the couple discount."""
    return sum_ranges([a for i, a in lines if i in ("treatment", "addons", "couple_discount")])


@dataclass(frozen=True)
class LineFacts:
    """What a line rests on: whether it is an estimate, its sources, its as-of date."""

    estimate: bool
    sources: tuple[str, ...]
    as_of: dt.date | None


def line_facts(
    r: Resolved, data: Dataset, per_session: PriceRange, fare: PriceRange
) -> dict[str, LineFacts]:
    def of(*prices: PriceRange) -> LineFacts:
        ids = tuple(dict.fromkeys(p.source for p in prices))
        own = {"your_quote", "your_flight"}
        dates = [p.as_of for p in prices if p.source not in own]
        return LineFacts(_estimate(data, ids), ids, min(dates) if dates else None)

    couple = data.discounts.couple.rate
    rule = data.rules.vat_refund
    trip = data.trip
    facts = {
        "treatment": of(per_session),
        "couple_discount": LineFacts(
            _estimate(data, (couple.source,)), (couple.source,), couple.as_of
        ),
        "vat_refund": LineFacts(
            _estimate(data, tuple(rule.sources)), tuple(rule.sources), rule.as_of
        ),
        "flights": of(fare),
        "hotel": of(trip.hotels[r.hotel].price_per_room_night),
        "daily": of(trip.daily_per_person),
        "esim": of(trip.esim_per_person),
        "contingency": LineFacts(False, (), None),
    }
    if r.addon:
        facts["addons"] = of(*(data.addons[a].price for a in r.addon))
    return facts


def _estimate(data: Dataset, source_ids: tuple[str, ...]) -> bool:
    sources = data.sources
    return any(sources[s].kind == "estimate" for s in source_ids if s in sources)
