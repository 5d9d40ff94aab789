"""From a price to a plan: itineraries, programmes, break-even, charts, shared files."""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from exocalc.data.model import Dataset
from exocalc.output.charts import FULL, bar_lines
from exocalc.output.fmt import Display
from exocalc.pricing.itinerary import Step, itinerary
from exocalc.pricing.model import Quote
from exocalc.pricing.quote import price
from exocalc.rates import Rates
from exocalc.request import Request
from exocalc.request.values import Amount
from tests.conftest import notes_of
from tests.runner import run

D = Decimal


def plan_of(data: Dataset, rates: Rates, **fields: Any) -> tuple[Quote, list[Step]]:
    q = price(Request(**fields), data, rates, dt.date(2026, 11, 28))
    return q, itinerary(q, data)


def test_one_session_itinerary(data: Dataset, rates: Rates) -> None:
    """Arrive the day before, the session, recovery, fly home 4 nights after arriving: three
    days after the session, more than its 48 hours."""
    _, steps = plan_of(data, rates, date=dt.date(2026, 11, 28))
    assert [(s.date.isoformat(), s.kind) for s in steps] == [
        ("2026-11-27", "arrive"),
        ("2026-11-28", "session"),
        ("2026-11-29", "recovery"),
        ("2026-12-01", "depart"),
    ]
    assert "no vitamin C or retinol until 2026-12-01" in steps[2].text
    assert steps[1].text.endswith(
        "bring your passport (registration); after-care: ask for LED or a cold mask: it cuts "
        "redness to a few hours"
    )
    assert steps[3].text == (
        "fly home after 4 nights in Seoul, 3 days after the last session (at least 48 hours, "
        "to let the skin settle)"
    )


def test_five_sessions_in_one_stay(data: Dataset, rates: Rates) -> None:
    """Hair in one stay: sessions 14 days apart from 2026-04-06; leave 2 days after the last."""
    _, steps = plan_of(data, rates, date=dt.date(2026, 4, 6), treatment="hair", trips=1)
    sessions = [s.date.isoformat() for s in steps if s.kind == "session"]
    assert sessions == ["2026-04-06", "2026-04-20", "2026-05-04", "2026-05-18", "2026-06-01"]
    depart = next(s for s in steps if s.kind == "depart")
    assert depart.date == dt.date(2026, 6, 3)  # arrive 04-05 + 59 nights


def test_repeated_trips_win_by_hand(data: Dataset, rates: Rates) -> None:
    """Hair, 5 sessions, from Los Angeles, mid hotel, in KRW (typical).
    A one-session trip (4 nights): 300,000 + 1,535,557 + 900,000 + 400,000 + 32,500 =
    3,168,057; five of them 15,840,285.
    The next cheapest, 4 trips of 2 + 1 + 1 + 1 sessions: the two-session trip needs
    1 + 14 + 2 = 17 nights: 600,000 + 1,535,557 + 3,825,000 + 1,440,000 + 32,500 =
    7,433,057; with three one-session trips 16,937,228. Five trips win by 1,096,943.
    One stay of 59 nights: 1,500,000 + 1,535,557 + 13,275,000 + 4,800,000 + 32,500 =
    21,143,057."""
    q, _ = plan_of(data, rates, date=dt.date(2026, 4, 6), treatment="hair", currency="KRW")
    assert q.way is q.cheapest
    assert q.way.label == "5 trips, 1 session each"
    assert q.total.typical == D(15840285)
    runner_up = q.runner_up
    assert runner_up is not None and runner_up.label == "4 trips, 2 + 1 + 1 + 1 sessions"
    assert runner_up.total.typical == D(16937228)
    assert q.ways[0].total.typical == D(21143057)


def test_one_stay_wins_by_hand(data: Dataset, rates: Rates) -> None:
    """Hair, 5 sessions, a USD 5,000 fare, budget hotel (100,000 a night), in KRW (typical).
    Flights 5,000 x 1,335.2667 = 6,676,333.5 -> 6,676,334 a trip.
    One stay, 59 nights: 1,500,000 + 6,676,334 + 5,900,000 + 4,800,000 + 32,500 = 18,908,834.
    Next cheapest, 2 trips of 3 + 2 sessions. 3 sessions, 31 nights: 900,000 + 6,676,334 +
    3,100,000 + 2,560,000 + 32,500 = 13,268,834; 2 sessions, 17 nights: 600,000 + 6,676,334
    + 1,700,000 + 1,440,000 + 32,500 = 10,448,834; 23,717,668 in all.
    The stay wins by 4,808,834."""
    q, _ = plan_of(
        data, rates, date=dt.date(2026, 4, 6), treatment="hair", flight=Amount(D(5000)),
        hotel="budget", currency="KRW",
    )  # fmt: skip
    assert q.way.label == "one stay of 59 nights"
    assert q.total.typical == D(18908834)
    runner_up = q.runner_up
    assert runner_up is not None and runner_up.label == "2 trips, 3 + 2 sessions"
    assert runner_up.total.typical == D(23717668)
    assert runner_up.total.typical - q.total.typical == D(4808834)


def test_break_even_and_home_price_by_hand(data: Dataset, rates: Rates) -> None:
    """The trip's typical total is 2,372.60 USD for one session: a home price of 2,372.60 a
    session breaks even. With --home-price 3,000: savings 3,000.00 - 2,372.60 = 627.40."""
    base, _ = plan_of(data, rates, date=dt.date(2026, 11, 28))
    assert base.break_even_per_session.typical == D("2372.60")
    mine, _ = plan_of(data, rates, date=dt.date(2026, 11, 28), home_price=Amount(D(3000)))
    assert mine.savings is not None and mine.savings.typical == D("627.40")
    # Two travellers, two sessions: break-even is the total over four sessions.
    two, _ = plan_of(data, rates, date=dt.date(2026, 11, 28), travellers=2, sessions=2)
    assert two.break_even_per_session.typical == (two.total.typical / 4).quantize(
        D("0.01"), ROUND_HALF_UP
    )


def test_sydney_has_no_home_price_unless_given() -> None:
    document = json.loads(run("quote", "--origin", "sydney", "--format", "json").stdout)
    assert document["savings"] is None
    assert any("No home price for Sydney" in n for n in document["notes"])
    given = json.loads(
        run("quote", "--origin", "sydney", "--home-price", "2800", "--format", "json").stdout
    )
    assert given["home"]["name"] == "your home price"
    assert given["home"]["typical"] == 2800
    assert given["savings"]["typical"] == round(2800 - given["total"]["typical"], 2)


def test_plan_hair_2026_lays_out_the_cheapest_way() -> None:
    out = run("plan", "--treatment", "hair", "--date", "2026-04-06", columns=120).stdout
    for day in ("2026-04-06", "2026-04-20", "2026-05-04", "2026-05-18", "2026-06-01"):
        assert day in out
    assert "one stay of 59 nights" in out
    assert "5 trips, 1 session each (cheapest, quoted)" in out
    assert "Cheapest: 5 trips, 1 session each, by $821.53 (typical) against 4 trips" in out
    assert "claim the VAT refund" not in out
    document = json.loads(
        run("plan", "--treatment", "hair", "--date", "2026-04-06", "--format", "json").stdout
    )
    assert document["schema"] == "exocalc.plan/4"
    assert [s["date"] for s in document["itinerary"] if s["kind"] == "session"] == [
        "2026-04-06", "2026-04-20", "2026-05-04", "2026-05-18", "2026-06-01",
    ]  # fmt: skip
    assert document["way"] == "5 trips, 1 session each"
    assert document["programme"]["recommended"] == "5 trips, 1 session each"
    assert len(document["trips"]) == 5
    assert not any(s["kind"] == "vat_refund" for s in document["itinerary"])


def test_plan_2025_forced_refund_has_its_deadline() -> None:
    document = json.loads(
        run("plan", "--date", "2025-06-02", "--vat-refund", "yes", "--format", "json").stdout
    )
    refund = [s for s in document["itinerary"] if s["kind"] == "vat_refund"]
    assert len(refund) == 1
    assert refund[0]["date"] == "2025-06-05"
    assert "leave Korea by 2025-08-31" in refund[0]["text"]
    assert document["trips"][0]["leave_korea_by"] == "2025-08-31"


def test_one_refund_step_per_trip_that_has_one(participating_hair_file: Path) -> None:
    """Five trips from 2025-12-01: the three of 2025 each get a refund step, at their own
    departure, with their own deadline (90 days after their session)."""
    document = json.loads(
        run("plan", "--treatment", "hair", "--clinic", "forena", "--date", "2025-12-01",
            "--trips", "5", "--data", str(participating_hair_file), "--format", "json").stdout
    )  # fmt: skip
    refunds = [s for s in document["itinerary"] if s["kind"] == "vat_refund"]
    assert [s["date"] for s in refunds] == ["2025-12-04", "2025-12-18", "2026-01-01"]
    assert [t["leave_korea_by"] for t in document["trips"]] == [
        "2026-03-01", "2026-03-15", "2026-03-29", None, None,
    ]  # fmt: skip


def test_long_stays_get_a_visa_note_true_for_the_stay(data: Dataset, rates: Rates) -> None:
    q, steps = plan_of(data, rates, date=dt.date(2026, 4, 6), treatment="hair", nights=120, trips=1)
    visa = [s for s in steps if s.kind == "visa"]
    assert len(visa) == 1
    assert visa[0].text == (
        "A stay of 120 nights is longer than 90 visa-free days, and than the C-3-3 medical "
        "visa's 90 days: split the programme into trips (--trips N), or check the visa your "
        "passport allows"
    )
    assert visa[0].text in notes_of(q)
    _, shorter = plan_of(data, rates, date=dt.date(2026, 4, 6), treatment="hair", trips=1)
    assert not [s for s in shorter if s.kind == "visa"]  # 59 nights: visa-free


def test_bars_are_proportional_to_the_amounts() -> None:
    lines = bar_lines([("a", D(100)), ("b", D(50)), ("c", D(25))], "USD", Display(), width=60)
    lengths = [line.count(FULL) for line in lines]
    assert lengths[0] == 2 * lengths[1] == 4 * lengths[2]


def test_quote_chart_lines_follow_the_quote() -> None:
    out = run("quote", "--chart").stdout
    chart = out.split("Where the money goes (typical, USD):")[1].splitlines()[1:6]
    by_line = {row.split()[0]: row.count(FULL) for row in chart}
    # flights 1,150.00 and hotel 674.02: the bars keep their ratio (within a cell).
    assert abs(by_line["flights"] / by_line["hotel"] - 1150 / 674.02) < 0.05


def test_compare_chart_fits_80_columns() -> None:
    out = run("compare", "--chart", columns=80).stdout
    assert "All-in cost, typical, in USD" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "home $4,250.00" in out


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_export_html_shows_the_same_totals(tmp_path: Path) -> None:
    page = tmp_path / "q.html"
    result = run("quote", "--export", str(page))
    assert result.stderr == f"exocalc: wrote {page}\n"
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    text = "".join(parser.text)
    terminal_total = next(line for line in result.stdout.splitlines() if line.startswith("Total"))
    for amount in terminal_total.split()[1:]:
        assert amount in text
    svg = tmp_path / "c.svg"
    run("compare", "--format", "json", "--export", str(svg))
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_export_needs_html_or_svg() -> None:
    result = run("quote", "--export", "q.pdf", code=2)
    assert result.exit_code == 2
    assert result.stderr == (
        "exocalc: error: --export 'q.pdf': the file must end in .html or .svg\n"
    )
