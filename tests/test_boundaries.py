"""The rules' edges, on the round dataset (tests/fixtures/round.yaml), never the bundled one:
the last day to leave Korea with the refund, the refund window's first and last days, a tie
between ways of doing a programme, an amount on exactly half a minor unit. Each test here
fails when its rule is moved by one: `>` for `>=` in a date comparison, a tie going to more
trips, rounding half to even."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from exocalc.money import round_to_minor
from exocalc.request.values import parse_money
from tests.conftest import notes_of
from tests.round_data import cli_json, hide_bundled_data, krw, quote, r3, round_data


@pytest.fixture(autouse=True)
def no_bundled_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_bundled_data(monkeypatch, tmp_path)


# --- leaving Korea within 90 days of a session -----------------------------------------------

SESSION = dt.date(2025, 6, 1)  # inside the refund's window, at a clinic that takes part


@pytest.mark.parametrize(
    ("nights", "depart", "refunded"),
    [
        (90, dt.date(2025, 8, 29), True),  # 89 days after the session
        (91, dt.date(2025, 8, 30), True),  # exactly 90 days: still within
        (92, dt.date(2025, 8, 31), False),  # 91 days: too late
    ],
)
def test_leaving_90_days_after_the_session_keeps_the_refund_91_loses_it(
    nights: int, depart: dt.date, refunded: bool
) -> None:
    # Arrive 2025-05-31, the day before the session; leave `nights` later.
    q = quote(round_data(), clinic="taking_part", date=SESSION, nights=nights)
    assert q.way.trips[0].depart == depart
    assert q.vat.applies is refunded
    # The refund: 200,000 paid x 10/110 x (1 - 12 %) = 16,000 (100,000 and 300,000: 8,000
    # and 24,000).
    assert krw(q).get("vat_refund") == (r3(-8_000, -16_000, -24_000) if refunded else None)
    if not refunded:
        assert "more than 90 days after the session of 2025-06-01" in q.vat.reason


def test_leaving_on_the_90th_day_is_the_deadline_the_quote_gives() -> None:
    q = quote(round_data(), clinic="taking_part", date=SESSION, nights=91)
    assert q.vat.deadlines == (dt.date(2025, 8, 30),)
    assert "leave Korea by 2025-08-30" in " ".join(notes_of(q))


def test_a_forced_refund_also_needs_departure_within_90_days() -> None:
    # --vat-refund yes (the clinic confirmed it) skips the window, never the departure rule.
    on_time = quote(round_data(), date=SESSION, nights=91, vat_refund="yes")
    late = quote(round_data(), date=SESSION, nights=92, vat_refund="yes")
    assert krw(on_time)["vat_refund"] == r3(-8_000, -16_000, -24_000)
    assert "vat_refund" not in krw(late)


# --- the refund window: 2016-04-01 to 2025-12-31, both days included -------------------------


@pytest.mark.parametrize(
    ("session", "refunded"),
    [
        (dt.date(2016, 3, 31), False),
        (dt.date(2016, 4, 1), True),  # the window's first day
        (dt.date(2025, 12, 31), True),  # its last day
        (dt.date(2026, 1, 1), False),
    ],
)
def test_the_refund_window_holds_its_first_and_last_days(session: dt.date, refunded: bool) -> None:
    q = quote(round_data(), clinic="taking_part", date=session)
    assert q.vat.applies is refunded
    assert krw(q).get("vat_refund") == (r3(-8_000, -16_000, -24_000) if refunded else None)
    # 200,000 + 1,000,000 + 400,000 + 250,000 + 20,000, less 16,000 when refunded
    assert q.total_krw.typical == (1_854_000 if refunded else 1_870_000)


def test_a_session_on_the_last_day_of_the_window_is_refunded_by_the_command_line() -> None:
    document = cli_json(
        "quote", "--rate", "USD=1000", "--clinic", "taking_part", "--date", "2025-12-31"
    )
    assert document["vat_refund"]["applies"] is True
    assert document["total"]["typical"] == Decimal("1854.00")  # 1,870 - 16
    after = cli_json(
        "quote", "--rate", "USD=1000", "--clinic", "taking_part", "--date", "2026-01-01"
    )
    assert after["vat_refund"]["applies"] is False
    assert "ended 2025-12-31" in after["vat_refund"]["reason"]


def test_a_programme_across_the_window_end_refunds_only_the_sessions_inside() -> None:
    # Hair from 2025-12-03, one stay: sessions 12-03, 12-17, 12-31 are inside the window,
    # 2026-01-14 and 01-28 are not: 3 of 5 sessions. Paid 5 x 200,000 = 1,000,000; refunded
    # 1,000,000 x 3/5 x 0.08 = 48,000. Leaving 2026-01-30: 30 days after 12-31.
    q = quote(round_data(), clinic="taking_part", treatment="hair", trips=1,
              date=dt.date(2025, 12, 3))  # fmt: skip
    assert q.vat.refunded == 3
    assert krw(q)["vat_refund"] == r3(-24_000, -48_000, -72_000)


# --- a tie between ways goes to fewer trips ----------------------------------------------------


def test_a_tie_between_one_stay_and_two_trips_goes_to_the_one_stay() -> None:
    # From Tie Town (fare USD 1,580 = 1,580,000), hair, 5 sessions 14 days apart, typical:
    # one stay, 59 nights: 1,000,000 + 1,580,000 + 59 x 100,000 + 60 x 50,000 + 20,000
    #   = 11,500,000
    # two trips, 3 + 2 sessions, 31 + 17 nights: 1,000,000 + 2 x 1,580,000 + 48 x 100,000
    #   + (32 + 18) x 50,000 + 2 x 20,000 = 11,500,000
    q = quote(round_data(), treatment="hair", origin="tie_town")
    one_stay, two_trips = q.ways[0], q.ways[1]
    assert [len(one_stay.trips), len(two_trips.trips)] == [1, 2]
    assert one_stay.exact_typical == two_trips.exact_typical == 11_500_000
    assert all(w.exact_typical > 11_500_000 for w in q.ways[2:])
    assert len(q.way.trips) == 1  # the quote's way: the tie goes to fewer trips
    assert q.cheapest is one_stay
    assert q.runner_up is two_trips
    assert q.total_krw.typical == 11_500_000


def test_the_tie_goes_to_fewer_trips_on_the_command_line() -> None:
    document = cli_json(
        "quote", "--rate", "USD=1000", "--treatment", "hair", "--origin", "tie_town",
        "--date", "2026-12-01",
    )  # fmt: skip
    assert document["way"]["trips"] == 1
    assert document["programme"]["recommended"] == "one stay of 59 nights"
    assert document["programme"]["saves_typical"] == 0
    assert document["total"]["typical"] == Decimal("11500.00")


# --- half a minor unit rounds half up (away from zero) -----------------------------------------


def test_half_a_cent_rounds_up() -> None:
    # At 1 USD = 1,280 KRW, the eSIM's 20,000 is USD 15.625 exactly: half a cent, rounded up
    # to 15.63 (half to even would give 15.62). Its low and high are no ties: 10,000 / 1,280 =
    # 7.8125, 30,000 / 1,280 = 23.4375.
    q = quote(round_data(), usd=1280)
    esim = next(line for line in q.lines if line.id == "esim")
    assert esim.amount == r3("7.81", "15.63", "23.44")
    assert esim.krw == r3(10_000, 20_000, 30_000)


def test_half_a_won_of_a_discount_rounds_away_from_zero() -> None:
    # Two people at a quoted 200,015 a session: 400,030 x 15 % = 60,004.5 off, typical: the
    # discount is -60,005 (half to even would give -60,004). Low 400,030 x 20 % = 80,006, high
    # 400,030 x 10 % = 40,003: whole won.
    q = quote(round_data(), travellers=2, price=parse_money("price", "200015"), currency="KRW")
    assert krw(q)["couple_discount"] == r3(-80_006, -60_005, -40_003)
    assert next(ln.amount for ln in q.lines if ln.id == "couple_discount") == r3(
        -80_006, -60_005, -40_003
    )


def test_round_to_minor_takes_half_up() -> None:
    assert round_to_minor(Decimal("0.125"), "USD") == Decimal("0.13")
    assert round_to_minor(Decimal("-0.125"), "USD") == Decimal("-0.13")
    assert round_to_minor(Decimal("2.5"), "KRW") == Decimal(3)
