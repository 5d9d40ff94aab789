"""The pricing engine against totals worked out by hand from data/clinics.yaml and the ECB
snapshot (USD = 1,335.2667 KRW)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from exocalc.data.model import Dataset
from exocalc.errors import FieldError, UnknownName
from exocalc.money import Range3
from exocalc.pricing.compare import compare
from exocalc.pricing.model import PricedLine, Quote
from exocalc.rates import Rates
from exocalc.request import Request
from exocalc.request.values import Amount
from tests.conftest import TODAY_2026, notes_of, quote

D = Decimal
NOV_2026 = TODAY_2026


def lines_by_id(q: Quote) -> dict[str, PricedLine]:
    return {pl.id: pl for pl in q.lines}


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
    q = quote(data, rates)
    lines = lines_by_id(q)
    assert q.currency == "USD"
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
    assert q.home is not None and q.home.total.typical == D("4250.00")
    assert q.savings is not None and q.savings.typical == D("1877.40")
    # Least saved: cheapest home price (2,500.00) against the dearest trip (3,331.10).
    assert q.savings.low == D("-831.10")
    assert q.break_even_per_session.typical == D("2372.60")
    assert q.way.label == "one stay of 4 nights"


def test_couple_at_premium_gets_the_discount_and_shares_a_room(data: Dataset, rates: Rates) -> None:
    """Premium skin, 2 travellers: treatment 840,000 x 2 = 1,680,000 (low 960,000,
    high 2,400,000). Couple discount: low 15 % of 960,000 = 144,000; typical 12.5 % of
    1,680,000 = 210,000; high 10 % of 2,400,000 = 240,000. One room: hotel 225,000 x 4 x 1 =
    900,000. Daily 80,000 x 5 x 2 = 800,000. eSIM 32,500 x 2 = 65,000. Flights 2,300 USD x
    1,335.2667 = 3,071,113.41 -> 3,071,113.
    Typical total in KRW: 1,680,000 - 210,000 + 3,071,113 + 900,000 + 800,000 + 65,000
    = 6,306,113.
    """
    q = quote(data, rates, tier="premium", travellers=2, currency="KRW")
    assert q.way.trips[0].rooms == 1
    lines = lines_by_id(q)
    assert lines["treatment"].amount == Range3(D(960000), D(1680000), D(2400000))
    assert lines["couple_discount"].amount == Range3(D(-144000), D(-210000), D(-240000))
    assert lines["hotel"].amount.typical == D(900000)
    assert lines["daily"].amount.typical == D(800000)
    assert lines["esim"].amount.typical == D(65000)
    assert q.total.typical == D(6306113)


def test_three_travellers_need_two_rooms(data: Dataset, rates: Rates) -> None:
    """rooms = ceil(3 / 2) = 2: hotel typical 225,000 x 4 nights x 2 rooms = 1,800,000."""
    q = quote(data, rates, travellers=3, currency="KRW")
    assert q.way.trips[0].rooms == 2
    assert lines_by_id(q)["hotel"].amount.typical == D(1800000)


def test_hair_as_one_stay_when_asked(data: Dataset, rates: Rates) -> None:
    """Hair, 5 sessions at the standard tier, 1 traveller, one stay (trips 1). Sessions 14
    days apart (the shortest interval): arrive the day before the first, the last 56 days after
    it, two nights of recovery: 1 + 56 + 2 = 59 nights.
    Typical KRW: treatment 300,000 x 5 = 1,500,000; hotel 225,000 x 59 = 13,275,000;
    daily 80,000 x 60 days = 4,800,000; eSIM 32,500; flights 1,535,557.
    Total 1,500,000 + 1,535,557 + 13,275,000 + 4,800,000 + 32,500 = 21,143,057.
    """
    q = quote(data, rates, treatment="hair", trips=1, currency="KRW")
    assert q.request.sessions == 5
    assert [t.nights for t in q.way.trips] == [59]
    lines = lines_by_id(q)
    assert lines["treatment"].amount.typical == D(1500000)
    assert lines["hotel"].amount.typical == D(13275000)
    assert lines["daily"].amount.typical == D(4800000)
    assert q.total.typical == D(21143057)
    assert (
        "5 hair sessions 14-28 days apart (an estimate), priced 14 days apart: one stay of 59 "
        "nights, as asked (--trips 1), is KRW 5,302,772 (typical) dearer than the cheapest way, "
        "5 trips, 1 session each" in notes_of(q)  # 21,143,057 - 15,840,285
    )


def test_hair_is_quoted_the_cheapest_way(data: Dataset, rates: Rates) -> None:
    """Five trips of one session, each as the one-session skin trip but for the treatment:
    300,000 + 1,535,557 + 900,000 + 400,000 + 32,500 = 3,168,057 a trip, 15,840,285 in all,
    against 21,143,057 for one stay: the quote is the five trips, and says so."""
    q = quote(data, rates, treatment="hair", currency="KRW")
    assert q.way.label == "5 trips, 1 session each"
    assert q.total.typical == D(15840285)
    assert [w.label for w in q.ways] == [
        "one stay of 59 nights",
        "2 trips, 3 + 2 sessions",
        "3 trips, 2 + 2 + 1 sessions",
        "4 trips, 2 + 1 + 1 + 1 sessions",
        "5 trips, 1 session each",
    ]
    assert q.ways[0].total.typical == D(21143057)
    lines = lines_by_id(q)
    assert lines["flights"].label == "Flights from Los Angeles (5 trips x 1)"
    assert lines["hotel"].label == "Mid-range hotel (20 nights in 5 trips x 1 room)"
    assert lines["flights"].amount.typical == 5 * D(1535557)


def test_vat_refund_applies_in_2025_at_a_participating_clinic(
    participating: Dataset, rates: Rates
) -> None:
    """Forena (premium, confirmed participant in this test's dataset), 2025-06-01.
    Paid at the clinic: low 480,000, typical 840,000, high 1,200,000.
    Refund = paid x 10/110 x (1 - 0.10): low 39,272.73 -> 39,273; typical 68,727.27 ->
    68,727; high 98,181.82 -> 98,182.
    """
    q = quote(participating, rates, date=dt.date(2025, 6, 1), clinic="forena", currency="KRW")
    assert q.vat.applies
    assert "2016-04-01 to 2025-12-31" in q.vat.reason
    refund = lines_by_id(q)["vat_refund"]
    assert refund.amount == Range3(D(-39273), D(-68727), D(-98182))
    assert refund.label == "VAT refund, 1 session (paid x 10/110 less 10 % fee)"
    assert any("leave Korea by 2025-08-30" in note for note in notes_of(q))


def test_hair_programme_across_new_year_is_refunded_for_the_2025_sessions_only(
    participating_hair: Dataset, rates: Rates
) -> None:
    """Hair at Forena (premium: 480,000-1,200,000 a session, typical 840,000), a participant
    in this test's dataset, from 2025-12-01, 14 days apart: 2025-12-01, 12-15, 12-29, then
    2026-01-12 and 01-26, after the scheme ended on 2025-12-31.
    Five trips of one session: each 2025 session's refund is 840,000 x 10/110 x 0.9 =
    68,727.27 -> 68,727, three of them 206,181; the 2026 trips get none.
    One stay: paid 840,000 x 5 = 4,200,000, of which 3 sessions of 5 are refunded:
    4,200,000 x 3/5 x 10/110 x 0.9 = 206,181.82 -> 206,182."""
    trips = quote(
        participating_hair, rates, treatment="hair", clinic="forena",
        date=dt.date(2025, 12, 1), trips=5, currency="KRW",
    )  # fmt: skip
    assert [t.refunded for t in trips.way.trips] == [1, 1, 1, 0, 0]
    refund = lines_by_id(trips)["vat_refund"]
    assert refund.amount.typical == D(-206181)
    assert refund.label == "VAT refund, 3 of 5 sessions (paid x 10/110 less 10 % fee)"
    assert trips.vat.reason.startswith(
        "applied to 3 of 5 sessions (2025-12-01, 2025-12-15, 2025-12-29):"
    )
    assert "not to 2026-01-12, 2026-01-26: the refund for foreign patients ended 2025-12-31" in (
        trips.vat.reason
    )
    stay = quote(
        participating_hair, rates, treatment="hair", clinic="forena",
        date=dt.date(2025, 12, 1), trips=1, currency="KRW",
    )  # fmt: skip
    assert lines_by_id(stay)["vat_refund"].amount.typical == D(-206182)
    assert (stay.vat.refunded, stay.vat.sessions) == (3, 5)


def test_no_refund_when_the_trip_leaves_more_than_90_days_after_the_session(
    participating: Dataset, rates: Rates
) -> None:
    """2025-06-01 at Forena, a participant, with a 100-night stay: arrive 2025-05-31, leave
    2025-05-31 + 100 days = 2025-09-08, which is 99 days after the session; the rule wants
    departure within 90 days (by 2025-08-30). No refund, and the reason says why."""
    q = quote(participating, rates, date=dt.date(2025, 6, 1), clinic="forena", nights=100)
    assert not q.vat.applies
    assert "vat_refund" not in lines_by_id(q)
    assert q.vat.reason == (
        "not applied: the trip leaves Korea on 2025-09-08, more than 90 days after the session "
        "of 2025-06-01; the refund needs departure within 90 days"
    )
    forced = quote(participating, rates, date=dt.date(2025, 6, 1), nights=100, vat_refund="yes")
    assert not forced.vat.applies
    assert "more than 90 days after the session" in forced.vat.reason


def test_vat_refund_refused_for_2026_even_at_a_participating_clinic(
    participating: Dataset, rates: Rates
) -> None:
    q = quote(participating, rates, date=dt.date(2026, 3, 1), clinic="forena")
    assert not q.vat.applies
    assert q.vat.reason.startswith(
        "not applied: the refund for foreign patients ended 2025-12-31, before the treatment "
        "date 2026-03-01"
    )
    assert "vat_refund" not in lines_by_id(q)


def test_vat_refund_not_assumed_when_participation_is_unknown(data: Dataset, rates: Rates) -> None:
    q = quote(data, rates, date=dt.date(2025, 6, 1), clinic="xenia")
    assert not q.vat.applies
    assert "whether Xenia takes part is not known" in q.vat.reason


def test_vat_refund_forced_with_yes(data: Dataset, rates: Rates) -> None:
    """Standard tier forced: typical 300,000 x 10/110 x 0.9 = 24,545.45 -> 24,545."""
    q = quote(data, rates, vat_refund="yes", currency="KRW")
    assert q.vat.applies
    assert "keep the clinic's written confirmation" in q.vat.reason
    assert lines_by_id(q)["vat_refund"].amount.typical == D(-24545)


def test_cashback_is_reported_never_subtracted(data: Dataset, rates: Rates) -> None:
    with_points = quote(data, rates, booking="creatrip", currency="KRW")
    without = quote(data, rates, currency="KRW")
    assert with_points.total == without.total
    # 10 % of the typical clinic bill of 300,000.
    assert with_points.cashback.typical == D(30000)


def test_overrides_and_contingency(data: Dataset, rates: Rates) -> None:
    """--price 200,000, --flight 1,000 USD, 10 % contingency, in KRW at USD = 1,400:
    treatment 200,000; flights 1,400,000; hotel 900,000; daily 400,000; eSIM 32,500;
    subtotal 2,932,500; contingency 293,250; total 3,225,750."""
    q = quote(
        data, rates.with_overrides({"USD": D(1400)}), price=Amount(D(200000)),
        flight=Amount(D(1000)), contingency=D(10), currency="KRW",
    )  # fmt: skip
    lines = lines_by_id(q)
    assert lines["treatment"].amount == Range3.of(200000)
    assert lines["flights"].amount == Range3.of(1400000)
    assert lines["contingency"].amount.typical == D(293250)
    assert q.total.typical == D(3225750)
    assert not lines["flights"].estimate


def test_origin_without_home_price_shows_no_savings(data: Dataset, rates: Rates) -> None:
    q = quote(data, rates, origin="sydney")
    assert q.currency == "AUD"
    assert q.savings is None
    assert (
        "No home price for Sydney in the data: savings are left out; give --home-price AMOUNT "
        "(a session at home) to add them" in notes_of(q)
    )


def test_mistakes_name_the_field(data: Dataset, rates: Rates) -> None:
    with pytest.raises(UnknownName) as err:
        quote(data, rates, tier="luxury")
    assert err.value.field == "tier"
    assert str(err.value) == (
        "unknown tier 'luxury' (tier); valid tiers: factory, standard, premium"
    )
    assert err.value.shown(lambda f: "--" + f) == (
        "unknown tier 'luxury' (--tier); valid tiers: factory, standard, premium"
    )
    with pytest.raises(UnknownName, match="did you mean 'london'"):
        quote(data, rates, origin="londn")
    with pytest.raises(FieldError, match=r"^give tier or clinic, not both$"):
        quote(data, rates, tier="premium", clinic="forena")
    with pytest.raises(
        FieldError, match=r"^trips 2 is more trips than the 1 session: give from 1 to 1$"
    ):
        quote(data, rates, trips=2)


def test_a_trip_never_leaves_before_its_sessions_are_done(data: Dataset, rates: Rates) -> None:
    """One session needs 3 nights: arrive the day before, leave 48 hours after it."""
    with pytest.raises(FieldError) as err:
        quote(data, rates, nights=2)
    assert str(err.value) == (
        "nights 2 is too few: a trip needs at least 3 nights (arrive the day before a session, "
        "leave 48 hours after the last)"
    )
    # With 10 nights a trip, only trips of one session fit: each 10 nights, 14 days apart.
    q = quote(data, rates, treatment="hair", nights=10)
    assert q.way.label == "5 trips, 1 session each"
    for trip in q.way.trips:
        assert trip.arrive < trip.sessions[0]
        assert (trip.depart - trip.sessions[-1]).days >= 2
        assert trip.nights == 10


def test_compare_rows_are_the_quotes(data: Dataset, rates: Rates) -> None:
    c = compare(Request(date=NOV_2026), [], [], data, rates, NOV_2026)
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
    assert standard.total.typical == D("2372.60")
    named = compare(Request(date=NOV_2026), [], ["xenia", "forena"], data, rates, NOV_2026)
    assert [d.id for d in named.destinations][:2] == ["xenia", "forena"]
    xenia = named.destinations[0].quote
    assert xenia is not None
    assert xenia.total == quote(data, rates, clinic="xenia").total
