"""Totals worked out by hand, on a dataset of round numbers (tests/fixtures/round.yaml) at
1 USD = 1,000 KRW: every line and every total, each derivation written beside it. None of these
tests reads the bundled dataset, so its prices can change without breaking them.

The round data, typical (low, high): a standard session 200,000 (100,000, 300,000); the LED
add-on 40,000 (20,000, 60,000) a session; the couple discount 15 % (the low scenario takes 20 %,
the high one 10 %); the refund paid x 10/110 x (1 - 12 %) = paid x 0.08; a fare from Near
USD 1,000 (500, 1,500); a room-night 100,000 (50,000, 150,000); meals and transport 50,000
(30,000, 70,000) a person a day; an eSIM 20,000 (10,000, 30,000); at home USD 3,000
(2,000, 4,000) a session.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.round_data import IN_THE_REFUND, cli_json, hide_bundled_data, krw, quote, r3, round_data


@pytest.fixture(autouse=True)
def no_bundled_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_bundled_data(monkeypatch, tmp_path)


def test_the_round_dataset_replaces_the_bundled_one() -> None:
    data = round_data()
    assert set(data.tiers) == {"standard", "premium"}
    assert set(data.clinics) == {"taking_part", "not_known"}
    assert set(data.trip.origins) == {"near", "tie_town", "won_city"}


def test_one_skin_session_every_line_and_the_total() -> None:
    q = quote(round_data())  # standard tier, from Near, 1 traveller, 2026-12-01, 4 nights
    assert krw(q) == {
        "treatment": r3(100_000, 200_000, 300_000),  # 1 session x 1 person x 200,000
        "flights": r3(500_000, 1_000_000, 1_500_000),  # 1 x USD 1,000 x 1,000
        "hotel": r3(200_000, 400_000, 600_000),  # 4 nights x 1 room x 100,000
        "daily": r3(150_000, 250_000, 350_000),  # (4 + 1) days x 1 x 50,000
        "esim": r3(10_000, 20_000, 30_000),  # 1 x 20,000
    }
    # 200,000 + 1,000,000 + 400,000 + 250,000 + 20,000 = 1,870,000 (no refund after 2025)
    assert q.total_krw == r3(960_000, 1_870_000, 2_780_000)
    assert q.total == r3("960.00", "1870.00", "2780.00")  # USD, the origin's currency
    # At home, 1 session: USD 2,000 - 4,000, typical 3,000. Least saved 2,000 - 2,780;
    # typical 3,000 - 1,870; most 4,000 - 960.
    assert q.savings == r3("-780.00", "1130.00", "3040.00")
    assert not q.vat.applies


def test_a_couple_with_the_discount_the_refund_and_an_add_on() -> None:
    q = quote(
        round_data(), clinic="taking_part", travellers=2, addon=("led",), booking="app",
        date=IN_THE_REFUND,
    )  # fmt: skip
    assert krw(q) == {
        "treatment": r3(200_000, 400_000, 600_000),  # 1 session x 2 people x 200,000
        "addons": r3(40_000, 80_000, 120_000),  # 1 session x 2 people x 40,000
        # -(treatment + add-ons) x rate: low 240,000 x 20 %; typical 480,000 x 15 %;
        # high 720,000 x 10 %
        "couple_discount": r3(-48_000, -72_000, -72_000),
        # paid (192,000, 408,000, 648,000) x 0.08
        "vat_refund": r3(-15_360, -32_640, -51_840),
        "flights": r3(1_000_000, 2_000_000, 3_000_000),  # 2 x 1,000,000
        "hotel": r3(200_000, 400_000, 600_000),  # 4 nights x ceil(2 / 2) = 1 room x 100,000
        "daily": r3(300_000, 500_000, 700_000),  # 5 days x 2 x 50,000
        "esim": r3(20_000, 40_000, 60_000),  # 2 x 20,000
    }
    # 400,000 + 80,000 - 72,000 - 32,640 + 2,000,000 + 400,000 + 500,000 + 40,000
    assert q.total_krw == r3(1_696_640, 3_315_360, 4_956_160)
    assert q.total == r3("1696.64", "3315.36", "4956.16")
    assert q.per_person == r3("848.32", "1657.68", "2478.08")  # the total / 2
    # Points beside the total, never off it: 10 % of what the clinic is paid.
    assert q.cashback == r3("19.20", "40.80", "64.80")


def test_a_hair_programme_as_one_stay() -> None:
    q = quote(round_data(), treatment="hair", trips=1)
    # Sessions 2026-12-01 + 0, 14, 28, 42, 56 days; arrive the day before the first, leave
    # 2 days (48 hours) after the last: 56 + 1 + 2 = 59 nights.
    assert [t.nights for t in q.way.trips] == [59]
    assert krw(q) == {
        "treatment": r3(500_000, 1_000_000, 1_500_000),  # 5 sessions x 200,000
        "flights": r3(500_000, 1_000_000, 1_500_000),  # 1 trip x 1,000,000
        "hotel": r3(2_950_000, 5_900_000, 8_850_000),  # 59 nights x 100,000
        "daily": r3(1_800_000, 3_000_000, 4_200_000),  # 60 days x 50,000
        "esim": r3(10_000, 20_000, 30_000),
    }
    # 1,000,000 + 1,000,000 + 5,900,000 + 3,000,000 + 20,000
    assert q.total_krw == r3(5_760_000, 10_920_000, 16_080_000)


def test_a_hair_programme_as_five_trips_is_the_cheapest_way() -> None:
    q = quote(round_data(), treatment="hair")
    # Five trips of one session, each 4 nights (the default; 1 + 2 would do).
    assert [t.nights for t in q.way.trips] == [4, 4, 4, 4, 4]
    assert krw(q) == {
        "treatment": r3(500_000, 1_000_000, 1_500_000),  # 5 x 200,000
        "flights": r3(2_500_000, 5_000_000, 7_500_000),  # 5 trips x 1,000,000
        "hotel": r3(1_000_000, 2_000_000, 3_000_000),  # 5 x 4 nights x 100,000
        "daily": r3(750_000, 1_250_000, 1_750_000),  # 5 x 5 days x 50,000
        "esim": r3(50_000, 100_000, 150_000),  # 5 x 20,000
    }
    # 1,000,000 + 5,000,000 + 2,000,000 + 1,250,000 + 100,000
    assert q.total_krw == r3(4_800_000, 9_350_000, 13_900_000)
    # Every way, typical: one stay 10,920,000 (above); 2 trips (31 + 17 nights)
    # 1,000,000 + 2,000,000 + 4,800,000 + 50 x 50,000 + 40,000 = 10,340,000; 3 trips (17 + 17
    # + 4) 1,000,000 + 3,000,000 + 3,800,000 + 41 x 50,000 + 60,000 = 9,910,000; 4 trips
    # (17 + 4 + 4 + 4) 1,000,000 + 4,000,000 + 2,900,000 + 33 x 50,000 + 80,000 = 9,630,000.
    typicals = [10_920_000, 10_340_000, 9_910_000, 9_630_000, 9_350_000]
    assert [w.exact_typical for w in q.ways] == typicals


def test_the_command_line_gives_the_same_figures() -> None:
    document = cli_json(
        "quote", "--rate", "USD=1000", "--clinic", "taking_part", "--travellers", "2",
        "--addon", "led", "--booking", "app", "--date", "2025-06-01",
    )  # fmt: skip
    lines = {line["id"]: line["typical"] for line in document["lines"]}
    assert lines == {
        "treatment": Decimal("400.00"),
        "addons": Decimal("80.00"),
        "couple_discount": Decimal("-72.00"),
        "vat_refund": Decimal("-32.64"),
        "flights": Decimal("2000.00"),
        "hotel": Decimal("400.00"),
        "daily": Decimal("500.00"),
        "esim": Decimal("40.00"),
    }
    assert document["total"] == {
        "low": Decimal("1696.64"), "typical": Decimal("3315.36"), "high": Decimal("4956.16")
    }  # fmt: skip
    assert document["total_krw"] == {"low": 1_696_640, "typical": 3_315_360, "high": 4_956_160}


def test_the_command_line_in_won_from_an_origin_priced_in_won() -> None:
    # From Won City (fare KRW 1,000,000), in KRW: no rate is used at all.
    # 200,000 + 1,000,000 + 400,000 + 250,000 + 20,000 = 1,870,000
    document = cli_json("quote", "--origin", "won_city", "--date", "2026-12-01")
    assert document["currency"] == "KRW"
    assert document["total"] == {"low": 960_000, "typical": 1_870_000, "high": 2_780_000}
    assert document["savings"] is None  # Won City has no home price


def test_the_command_line_hair_programme_lists_every_way() -> None:
    document = cli_json(
        "quote", "--rate", "USD=1000", "--treatment", "hair", "--date", "2026-12-01"
    )
    options = {o["trips"]: o["total"]["typical"] for o in document["programme"]["options"]}
    assert options == {1: 10_920, 2: 10_340, 3: 9_910, 4: 9_630, 5: 9_350}
    assert document["programme"]["recommended"] == "5 trips, 1 session each"
    assert document["total"]["typical"] == Decimal("9350.00")
