"""Invariants of every quote, over generated plans (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from exocalc.data.load import load_dataset
from exocalc.errors import FieldError
from exocalc.money import minor_digits, sum_ranges
from exocalc.pricing.model import Quote
from exocalc.pricing.quote import price
from exocalc.rates import bundled_rates
from exocalc.request import Request
from exocalc.request.values import Amount

DATA = load_dataset()
RATES = bundled_rates()


@st.composite
def requests(draw: st.DrawFn) -> Request:
    use_clinic = draw(st.booleans())
    treatment = draw(st.sampled_from(sorted(DATA.treatments)))
    clinic = draw(st.sampled_from(sorted(DATA.clinics))) if use_clinic else None
    given = draw(st.none() | st.integers(0, 5_000_000).map(Decimal))
    if clinic and treatment not in DATA.clinics[clinic].treatments:
        given = given or Decimal(100000)  # a clinic without the treatment needs a price
    return Request(
        date=draw(st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31))),
        treatment=treatment,
        tier=None if use_clinic else draw(st.sampled_from(sorted(DATA.tiers))),
        clinic=clinic,
        price=Amount(given) if given is not None else None,
        sessions=draw(st.integers(1, 8)),
        travellers=draw(st.integers(1, 7)),
        origin=draw(st.sampled_from(sorted(DATA.trip.origins))),
        nights=draw(st.none() | st.integers(3, 40)),
        hotel=draw(st.sampled_from(sorted(DATA.trip.hotels))),
        flight=draw(st.none() | st.decimals(0, 20000, places=2).map(Amount)),
        vat_refund=draw(st.sampled_from(["auto", "yes", "no"])),
        addon=tuple(draw(st.lists(st.sampled_from(sorted(DATA.addons)), max_size=3))),
        booking=draw(st.sampled_from(sorted(DATA.booking_channels))),
        contingency=draw(st.none() | st.decimals(0, 50, places=1)),
        currency=draw(st.sampled_from(RATES.currencies)),
    )


def _quote(request: Request) -> Quote | None:
    """The quote, or None when no way of fitting the sessions in can happen with these
    nights (the engine refuses it: tested by hand elsewhere)."""
    try:
        return price(request, DATA, RATES, dt.date(2026, 11, 28))
    except FieldError as exc:
        assert exc.field in ("nights", "trips"), exc
        return None


@settings(max_examples=150, deadline=None)
@given(requests())
def test_lines_add_up_and_scenarios_are_ordered(request: Request) -> None:
    q = _quote(request)
    if q is None:
        return
    assert sum_ranges([pl.amount for pl in q.lines]) == q.total
    assert sum_ranges([pl.krw for pl in q.lines]) == q.total_krw
    assert sum_ranges([t.total for t in q.way.trips]) == q.total
    assert q.total.low <= q.total.typical <= q.total.high
    assert q.total_krw.low <= q.total_krw.typical <= q.total_krw.high
    digits = minor_digits(q.currency)
    for pl in q.lines:
        for amount in pl.amount:
            assert -amount.as_tuple().exponent <= digits  # type: ignore[operator]
        for won in pl.krw:
            assert won == won.to_integral_value()


@settings(max_examples=150, deadline=None)
@given(requests())
def test_every_trip_can_happen_and_the_cheapest_is_quoted(request: Request) -> None:
    q = _quote(request)
    if q is None:
        return
    assert q.way is q.cheapest or request.trips is not None
    sessions = [s for t in q.way.trips for s in t.sessions]
    assert len(sessions) == q.request.sessions and sessions == sorted(sessions)
    for trip, after in zip(q.way.trips, [*q.way.trips[1:], None], strict=True):
        assert trip.arrive < trip.sessions[0]
        assert (trip.depart - trip.sessions[-1]).days * 24 >= 48
        if request.nights is not None:
            assert trip.nights == request.nights
        if after is not None:
            assert trip.depart < after.arrive


@settings(max_examples=150, deadline=None)
@given(requests())
def test_refund_within_vat_and_discount_within_price(request: Request) -> None:
    q = _quote(request)
    if q is None:
        return
    lines = {ln.id: ln.krw for ln in q.lines}
    paid = sum_ranges([lines[i] for i in ("treatment", "addons", "couple_discount") if i in lines])
    clinic_bill = sum_ranges([lines[i] for i in ("treatment", "addons") if i in lines])
    if "vat_refund" in lines:
        for refund, paid_amount in zip(lines["vat_refund"], paid, strict=True):
            assert refund <= 0
            # Each trip's refund is rounded to the won: at most half a won each above exact.
            slack = Decimal(len(q.way.trips)) / 2
            assert -refund <= paid_amount * Decimal(10) / Decimal(110) + slack
    if "couple_discount" in lines:
        for discount, amount in zip(lines["couple_discount"], clinic_bill, strict=True):
            assert discount <= 0
            assert -discount <= amount


@settings(max_examples=100, deadline=None)
@given(st.decimals(0, 10**9, places=0), st.sampled_from(RATES.currencies))
def test_krw_to_any_currency_and_back_within_a_minor_unit(amount: Decimal, currency: str) -> None:
    from exocalc.money import round_to_minor

    there = round_to_minor(RATES.convert(amount, "KRW", currency), currency)
    back = RATES.convert(there, currency, "KRW")
    # One minor unit of the target currency, expressed in won.
    one_unit = RATES.krw_per(currency) * Decimal(1).scaleb(-minor_digits(currency))
    assert abs(back - amount) <= one_unit
