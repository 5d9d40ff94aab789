"""From a price to a plan: itineraries, programmes, break-even, charts, shared files."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from exocalc.cli import app
from exocalc.dataset import Dataset
from exocalc.output.charts import FULL, bar_lines
from exocalc.pricing import Plan, build_quote
from exocalc.programme import itinerary, one_stay, programme
from exocalc.rates import Rates

runner = CliRunner()
D = Decimal


def run(*args: str, columns: int = 80) -> Any:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_one_session_itinerary(data: Dataset, rates: Rates) -> None:
    """Arrive the day before, the session, recovery, fly home 4 nights after arriving; the
    earliest sensible day is 48 hours after the session."""
    stay = one_stay(Plan(date=dt.date(2026, 11, 28)), data, rates)
    steps = itinerary(stay, data)
    assert [(s.date.isoformat(), s.kind) for s in steps] == [
        ("2026-11-27", "arrive"),
        ("2026-11-28", "session"),
        ("2026-11-29", "recovery"),
        ("2026-12-01", "depart"),
    ]
    assert "no vitamin C or retinol until 2026-12-01" in steps[2].text
    assert "the earliest sensible day is 2026-11-30, 48 hours after" in steps[3].text


def test_five_sessions_in_one_stay(data: Dataset, rates: Rates) -> None:
    """Hair: sessions 14 days apart from 2026-04-06; the stay ends 2 days after the last."""
    stay = one_stay(Plan(date=dt.date(2026, 4, 6), treatment="hair"), data, rates)
    steps = itinerary(stay, data)
    sessions = [s.date.isoformat() for s in steps if s.kind == "session"]
    assert sessions == ["2026-04-06", "2026-04-20", "2026-05-04", "2026-05-18", "2026-06-01"]
    depart = next(s for s in steps if s.kind == "depart")
    assert depart.date == dt.date(2026, 6, 3)  # arrive 04-05 + 59 nights
    assert "the earliest sensible day is 2026-06-03" in depart.text


def test_repeated_trips_win_by_hand(data: Dataset, rates: Rates) -> None:
    """Hair, 5 sessions, from Los Angeles, mid hotel, in KRW (typical).
    One stay of 59 nights: 1,500,000 + flights 1,535,557 + hotel 225,000 x 59 = 13,275,000
    + daily 80,000 x 60 = 4,800,000 + eSIM 32,500 = 21,143,057.
    Five trips of one session: 300,000 + 1,535,557 + 900,000 + 400,000 + 32,500 = 3,168,057
    each, 15,840,285 in all. Trips win by 5,302,772."""
    prog = programme(Plan(date=dt.date(2026, 4, 6), treatment="hair"), data, rates)
    assert prog is not None
    assert prog.stay.total("KRW").typical == D(21143057)
    best, other, saves = prog.cheaper("KRW")
    assert best.label == "5 trips, 1 session each"
    assert best.total("KRW").typical == D(15840285)
    assert other is prog.stay
    assert saves == D(5302772)


def test_one_stay_wins_by_hand(data: Dataset, rates: Rates) -> None:
    """Hair, 5 sessions, a USD 5,000 fare, budget hotel (100,000 a night), in KRW (typical).
    Flights 5,000 x 1,335.2667 = 6,676,333.5 -> 6,676,334 a trip.
    One stay, 59 nights: 1,500,000 + 6,676,334 + 5,900,000 + 4,800,000 + 32,500 = 18,908,834.
    Best repeated trips: 3 + 2 sessions. 3 sessions, 31 nights: 900,000 + 6,676,334 +
    3,100,000 + 2,560,000 + 32,500 = 13,268,834; 2 sessions, 17 nights: 600,000 + 6,676,334
    + 1,700,000 + 1,440,000 + 32,500 = 10,448,834; 23,717,668 in all.
    The stay wins by 4,808,834."""
    plan = Plan(date=dt.date(2026, 4, 6), treatment="hair", flight=D(5000), hotel="budget")
    prog = programme(plan, data, rates)
    assert prog is not None
    best, other, saves = prog.cheaper("KRW")
    assert best is prog.stay
    assert best.total("KRW").typical == D(18908834)
    assert other is not None and other.label == "2 trips, up to 3 sessions each"
    assert other.total("KRW").typical == D(23717668)
    assert saves == D(4808834)


def test_break_even_and_home_price_by_hand(data: Dataset, rates: Rates) -> None:
    """The trip's typical total is 2,372.60 USD for one session: a home price of 2,372.60 a
    session breaks even. With --home-price 3,000: savings 3,000.00 - 2,372.60 = 627.40."""
    base = build_quote(Plan(date=dt.date(2026, 11, 28)), data, rates).in_currency("USD")
    assert base.break_even_per_session.typical == D("2372.60")
    mine = build_quote(
        Plan(date=dt.date(2026, 11, 28), home_price=D(3000), home_currency="USD"), data, rates
    ).in_currency("USD")
    assert mine.savings is not None and mine.savings.typical == D("627.40")
    # Two travellers, two sessions: break-even is the total over four sessions.
    two = build_quote(Plan(date=dt.date(2026, 11, 28), travellers=2, sessions=2), data, rates)
    shown = two.in_currency("USD")
    assert shown.break_even_per_session.typical == (shown.total.typical / 4).quantize(D("0.01"))


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


def test_plan_acceptance_hair_2026() -> None:
    out = run("plan", "--treatment", "hair", "--date", "2026-04-06").stdout
    for day in ("2026-04-06", "2026-04-20", "2026-05-04", "2026-05-18", "2026-06-01"):
        assert day in out
    assert "one stay of 59 nights" in out
    assert "5 trips, 1 session each (cheaper)" in out
    assert "Cheaper: 5 trips, 1 session each, by $3,971.33 (typical)" in out
    assert "claim the VAT refund" not in out
    document = json.loads(
        run("plan", "--treatment", "hair", "--date", "2026-04-06", "--format", "json").stdout
    )
    assert [s["date"] for s in document["itinerary"] if s["kind"] == "session"] == [
        "2026-04-06", "2026-04-20", "2026-05-04", "2026-05-18", "2026-06-01",
    ]  # fmt: skip
    assert document["programme"]["recommended"] == "5 trips, 1 session each"
    assert not any(s["kind"] == "vat_refund" for s in document["itinerary"])


def test_plan_acceptance_2025_forced_refund_has_its_deadline() -> None:
    document = json.loads(
        run("plan", "--date", "2025-06-02", "--vat-refund", "yes", "--format", "json").stdout
    )
    refund = [s for s in document["itinerary"] if s["kind"] == "vat_refund"]
    assert len(refund) == 1
    assert refund[0]["date"] == "2025-06-05"
    assert "leave Korea by 2025-08-31" in refund[0]["text"]


def test_long_stays_get_the_medical_visa_note(data: Dataset, rates: Rates) -> None:
    plan = Plan(date=dt.date(2026, 4, 6), treatment="hair", nights=120)
    steps = itinerary(one_stay(plan, data, rates), data)
    visa = [s for s in steps if s.kind == "visa"]
    assert len(visa) == 1
    assert "longer than 90 visa-free days: apply for a C-3-3 medical visa" in visa[0].text


def test_bars_are_proportional_to_the_amounts() -> None:
    lines = bar_lines([("a", D(100)), ("b", D(50)), ("c", D(25))], "USD", width=60)
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
    result = runner.invoke(app, ["quote", "--export", "q.pdf"])
    assert result.exit_code == 2
    assert result.stderr == (
        "exocalc: error: --export 'q.pdf': the file must end in .html or .svg\n"
    )
