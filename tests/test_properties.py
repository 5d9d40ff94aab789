"""Invariants of every quote, over generated plans (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from exocalc.dataset import load_dataset
from exocalc.money import minor_digits, sum_ranges
from exocalc.pricing import Plan, build_quote
from exocalc.rates import bundled_rates

DATA = load_dataset()
RATES = bundled_rates()


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    use_clinic = draw(st.booleans())
    return Plan(
        date=draw(st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31))),
        treatment=draw(st.sampled_from(sorted(DATA.treatments))),
        tier=None if use_clinic else draw(st.sampled_from(sorted(DATA.tiers))),
        clinic=draw(st.sampled_from(sorted(DATA.clinics))) if use_clinic else None,
        price_krw=draw(st.none() | st.integers(0, 5_000_000).map(Decimal)),
        sessions=draw(st.integers(1, 8)),
        travellers=draw(st.integers(1, 7)),
        origin=draw(st.sampled_from(sorted(DATA.trip.origins))),
        nights=draw(st.none() | st.integers(0, 40)),
        hotel=draw(st.sampled_from(sorted(DATA.trip.hotels))),
        flight=draw(st.none() | st.decimals(0, 20000, places=2)),
        vat_refund=draw(st.sampled_from(["auto", "yes", "no"])),
        addons=tuple(draw(st.lists(st.sampled_from(sorted(DATA.addons)), max_size=3))),
        booking=draw(st.sampled_from(sorted(DATA.booking_channels))),
        contingency_pct=draw(st.none() | st.decimals(0, 50, places=1)),
    )


currencies = st.sampled_from(RATES.currencies)


def _quote(plan: Plan):  # type: ignore[no-untyped-def]
    if plan.clinic and plan.treatment not in DATA.clinics[plan.clinic].treatments:
        plan = Plan(**{**plan.__dict__, "price_krw": plan.price_krw or Decimal(100000)})
    return build_quote(plan, DATA, RATES)


@settings(max_examples=150, deadline=None)
@given(plans(), currencies)
def test_lines_add_up_and_scenarios_are_ordered(plan: Plan, currency: str) -> None:
    q = _quote(plan).in_currency(currency)
    assert sum_ranges([pl.amount for pl in q.lines]) == q.total
    assert sum_ranges([pl.krw for pl in q.lines]) == q.total_krw
    assert q.total.low <= q.total.typical <= q.total.high
    assert q.total_krw.low <= q.total_krw.typical <= q.total_krw.high
    digits = minor_digits(currency)
    for pl in q.lines:
        for amount in pl.amount:
            assert -amount.as_tuple().exponent <= digits  # type: ignore[operator]
        for won in pl.krw:
            assert won == won.to_integral_value()


@settings(max_examples=150, deadline=None)
@given(plans())
def test_refund_within_vat_and_discount_within_price(plan: Plan) -> None:
    q = _quote(plan)
    lines = {ln.id: ln.krw for ln in q.lines}
    paid = sum_ranges([lines[i] for i in ("treatment", "addons", "couple_discount") if i in lines])
    clinic_bill = sum_ranges([lines[i] for i in ("treatment", "addons") if i in lines])
    if "vat_refund" in lines:
        for refund, paid_amount in zip(lines["vat_refund"], paid, strict=True):
            assert refund <= 0
            assert -refund <= paid_amount * Decimal(10) / Decimal(110)
    if "couple_discount" in lines:
        for discount, price in zip(lines["couple_discount"], clinic_bill, strict=True):
            assert discount <= 0
            assert -discount <= price


@settings(max_examples=100, deadline=None)
@given(st.decimals(0, 10**9, places=0), currencies)
def test_krw_to_any_currency_and_back_within_a_minor_unit(amount: Decimal, currency: str) -> None:
    from exocalc.money import round_to_minor

    there = round_to_minor(RATES.convert(amount, "KRW", currency), currency)
    back = RATES.convert(there, currency, "KRW")
    # One minor unit of the target currency, expressed in won.
    one_unit = RATES.krw_per(currency) * Decimal(1).scaleb(-minor_digits(currency))
    assert abs(back - amount) <= one_unit
