"""The pricing engine against totals worked out by hand from data/clinics.yaml and the ECB
snapshot (USD = 1,335.2667 KRW)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from exocalc.dataset import Dataset
from exocalc.errors import PlanError, UnknownName
from exocalc.money import Range3
from exocalc.pricing import Plan, build_quote, compare
from exocalc.rates import Rates

D = Decimal
NOV_2026 = dt.date(2026, 11, 28)


def lines_by_id(quote_in_currency):  # type: ignore[no-untyped-def]
    return {pl.line.id: pl for pl in quote_in_currency.lines}


def test_one_traveller_standard_skin(data: Dataset, rates: Rates) -> None:
    """Standard tier, skin, 1 session, 1 traveller from Los Angeles, 4 nights, mid hotel.

    typical, KRW: treatment 300,000; flights 1,150 USD x 1,335.2667 = 1,535,556.71 -> 1,535,557;
    hotel 225,000 x 4 nights x 1 room = 900,000; daily 80,000 x 5 days x 1 = 400,000;
    eSIM 32,500. Total of the rounded lines: 3,168,057.
    typical, USD: 300,000 / 1,335.2667 = 224.67; flights 1,150.00; 900,000 -> 674.02;
    400,000 -> 299.57; 32,500 -> 24.34. Total 2,372.60.
    low, USD: 150,000 -> 112.34; 800.00; 600,000 -> 449.35; 200,000 -> 149.78;
    20,000 -> 14.98. Total 1,526.45.
    Home (USA/UK) typical 4,250.00, so typical savings 4,250.00 - 2,372.60 = 1,877.40.
    """
    q = build_quote(Plan(date=NOV_2026), data, rates).in_currency("USD")
    lines = lines_by_id(q)
    assert list(lines) == ["treatment", "flights", "hotel", "daily", "esim"]
    assert [pl.krw.typical for pl in q.lines] == [300000, 1535557, 900000, 400000, 32500]
    assert q.total_krw.typical == D(3168057)
    assert [pl.amount.typical for pl in q.lines] == [
        D("224.67"),
        D("1150.00"),
        D("674.02"),
        D("299.57"),
        D("24.34"),
    ]
    assert q.total == Range3(D("1526.45"), D("2372.60"), D("3331.10"))
    assert q.home_total is not None and q.home_total.typical == D("4250.00")
    assert q.savings is not None and q.savings.typical == D("1877.40")
    # Least saved: cheapest home price (2,500.00) against the dearest trip (3,331.10).
    assert q.savings.low == D("-831.10")
    assert q.break_even_per_session.typical == D("2372.60")


def test_couple_at_premium_gets_the_discount_and_shares_a_room(data: Dataset, rates: Rates) -> None:
    """Premium skin, 2 travellers: treatment 840,000 x 2 = 1,680,000 (low 960,000,
    high 2,400,000). Couple discount: low 15 % of 960,000 = 144,000; typical 12.5 % of
    1,680,000 = 210,000; high 10 % of 2,400,000 = 240,000. One room: hotel 225,000 x 4 x 1 =
    900,000. Daily 80,000 x 5 x 2 = 800,000. eSIM 32,500 x 2 = 65,000. Flights 2,300 USD x
    1,335.2667 = 3,071,113.41 -> 3,071,113.
    Typical total in KRW: 1,680,000 - 210,000 + 3,071,113 + 900,000 + 800,000 + 65,000
    = 6,306,113.
    """
    q = build_quote(Plan(date=NOV_2026, tier="premium", travellers=2), data, rates)
    assert q.plan.rooms == 1
    krw = q.in_currency("KRW")
    lines = lines_by_id(krw)
    assert lines["treatment"].amount == Range3(D(960000), D(1680000), D(2400000))
    assert lines["couple_discount"].amount == Range3(D(-144000), D(-210000), D(-240000))
    assert lines["hotel"].amount.typical == D(900000)
    assert lines["daily"].amount.typical == D(800000)
    assert lines["esim"].amount.typical == D(65000)
    assert krw.total.typical == D(6306113)


def test_three_travellers_need_two_rooms(data: Dataset, rates: Rates) -> None:
    """rooms = ceil(3 / 2) = 2: hotel typical 225,000 x 4 nights x 2 rooms = 1,800,000."""
    q = build_quote(Plan(date=NOV_2026, travellers=3), data, rates)
    assert q.plan.rooms == 2
    assert lines_by_id(q.in_currency("KRW"))["hotel"].amount.typical == D(1800000)


def test_hair_programme_of_five_sessions(data: Dataset, rates: Rates) -> None:
    """Hair, 5 sessions at the standard tier, 1 traveller. Sessions 14 days apart (the
    shortest interval): arrive, session on night 1, last session on night 1 + 4 x 14 = 57,
    two nights of recovery: 59 nights.
    Typical KRW: treatment 300,000 x 5 = 1,500,000; hotel 225,000 x 59 = 13,275,000;
    daily 80,000 x 60 days = 4,800,000; eSIM 32,500; flights 1,535,557.
    Total 1,500,000 + 1,535,557 + 13,275,000 + 4,800,000 + 32,500 = 21,143,057.
    """
    q = build_quote(Plan(date=NOV_2026, treatment="hair"), data, rates)
    assert q.plan.sessions == 5
    assert q.plan.nights == 59
    krw = q.in_currency("KRW")
    lines = lines_by_id(krw)
    assert lines["treatment"].amount.typical == D(1500000)
    assert lines["hotel"].amount.typical == D(13275000)
    assert lines["daily"].amount.typical == D(4800000)
    assert krw.total.typical == D(21143057)
    assert (
        "5 sessions 14-28 days apart: one stay of 59 nights, sessions 14 days apart; "
        "pass --nights to change it" in q.notes
    )


def test_vat_refund_applies_in_2025_at_a_participating_clinic(
    participating: Dataset, rates: Rates
) -> None:
    """Forena (premium, confirmed participant in this test's dataset), 2025-06-01.
    Paid at the clinic: low 480,000, typical 840,000, high 1,200,000.
    Refund = paid x 10/110 x (1 - 0.10): low 39,272.73 -> 39,273; typical 68,727.27 ->
    68,727; high 98,181.82 -> 98,182.
    """
    q = build_quote(Plan(date=dt.date(2025, 6, 1), clinic="forena"), participating, rates)
    assert q.vat.applies
    assert "2016-04-01 to 2025-12-31" in q.vat.reason
    refund = lines_by_id(q.in_currency("KRW"))["vat_refund"].amount
    assert refund == Range3(D(-39273), D(-68727), D(-98182))
    assert any("leave Korea by 2025-08-30" in note for note in q.notes)


def test_vat_refund_refused_for_2026_even_at_a_participating_clinic(
    participating: Dataset, rates: Rates
) -> None:
    q = build_quote(Plan(date=dt.date(2026, 3, 1), clinic="forena"), participating, rates)
    assert not q.vat.applies
    assert q.vat.reason.startswith(
        "not applied: the refund for foreign patients ended 2025-12-31, before the treatment "
        "date 2026-03-01"
    )
    assert "vat_refund" not in lines_by_id(q.in_currency("USD"))


def test_vat_refund_not_assumed_when_participation_is_unknown(data: Dataset, rates: Rates) -> None:
    q = build_quote(Plan(date=dt.date(2025, 6, 1), clinic="xenia"), data, rates)
    assert not q.vat.applies
    assert "whether Xenia takes part is not known" in q.vat.reason


def test_vat_refund_forced_with_yes(data: Dataset, rates: Rates) -> None:
    """Standard tier forced: typical 300,000 x 10/110 x 0.9 = 24,545.45 -> 24,545."""
    q = build_quote(Plan(date=NOV_2026, vat_refund="yes"), data, rates)
    assert q.vat.applies
    assert "keep the clinic's written confirmation" in q.vat.reason
    assert lines_by_id(q.in_currency("KRW"))["vat_refund"].amount.typical == D(-24545)


def test_cashback_is_reported_never_subtracted(data: Dataset, rates: Rates) -> None:
    with_points = build_quote(Plan(date=NOV_2026, booking="creatrip"), data, rates)
    without = build_quote(Plan(date=NOV_2026), data, rates)
    assert with_points.in_currency("KRW").total == without.in_currency("KRW").total
    # 10 % of the typical clinic bill of 300,000.
    assert with_points.in_currency("KRW").cashback.typical == D(30000)


def test_overrides_and_contingency(data: Dataset, rates: Rates) -> None:
    """--price 200,000, --flight 1,000 USD, 10 % contingency, in KRW at USD = 1,400:
    treatment 200,000; flights 1,400,000; hotel 900,000; daily 400,000; eSIM 32,500;
    subtotal 2,932,500; contingency 293,250; total 3,225,750."""
    plan = Plan(date=NOV_2026, price_krw=D(200000), flight=D(1000), contingency_pct=D(10))
    q = build_quote(plan, data, rates.with_overrides({"USD": D(1400)})).in_currency("KRW")
    lines = lines_by_id(q)
    assert lines["treatment"].amount == Range3.of(200000)
    assert lines["flights"].amount == Range3.of(1400000)
    assert lines["contingency"].amount.typical == D(293250)
    assert q.total.typical == D(3225750)
    assert not lines["flights"].line.estimate


def test_origin_without_home_price_shows_no_savings(data: Dataset, rates: Rates) -> None:
    q = build_quote(Plan(date=NOV_2026, origin="sydney"), data, rates).in_currency("AUD")
    assert q.savings is None
    assert (
        "No home price for Sydney in the data: savings are not shown (--home-price gives yours)"
        in q.quote.notes
    )


def test_unknown_names_and_bad_numbers(data: Dataset, rates: Rates) -> None:
    with pytest.raises(UnknownName) as err:
        build_quote(Plan(date=NOV_2026, tier="luxury"), data, rates)
    assert str(err.value) == (
        "unknown tier 'luxury' (--tier); valid tiers: factory, standard, premium"
    )
    with pytest.raises(UnknownName, match="did you mean 'london'"):
        build_quote(Plan(date=NOV_2026, origin="londn"), data, rates)
    with pytest.raises(PlanError, match="--travellers must be a whole number from 1 to 50"):
        build_quote(Plan(date=NOV_2026, travellers=0), data, rates)
    with pytest.raises(PlanError, match="give --tier or --clinic, not both"):
        build_quote(Plan(date=NOV_2026, tier="premium", clinic="forena"), data, rates)


def test_compare_rows(data: Dataset, rates: Rates) -> None:
    c = compare(Plan(date=NOV_2026), data, rates)
    assert [d.id for d in c.destinations] == [
        "seoul_factory",
        "seoul_standard",
        "seoul_premium",
        "usa_uk",
        "japan",
    ]
    assert [d.is_home for d in c.destinations] == [False, False, False, True, False]
    standard = c.destinations[1].quote
    assert standard is not None
    assert standard.in_currency("USD").total.typical == D("2372.60")


def test_too_few_nights_is_a_warning_not_an_error(data: Dataset, rates: Rates) -> None:
    q = build_quote(Plan(date=NOV_2026, treatment="hair", nights=3), data, rates)
    assert (
        "Warning: 3 nights are too few for 5 sessions 14 days apart and 48 hours in Seoul after "
        "the last session before flying (at least 59 nights)" in q.notes
    )
    one = build_quote(Plan(date=NOV_2026, nights=1), data, rates)
    assert (
        "Warning: 1 night is too few for 48 hours in Seoul after the last session before "
        "flying (at least 3 nights)" in one.notes
    )
