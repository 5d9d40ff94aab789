"""`--export quote.html` (and plan's): a page for a client, self-contained, whose text holds every
amount of the quote's JSON, the sources it rests on with their addresses, both of the seed's
safety warnings, when the quote was made and how long its prices hold; every text from the data
escaped. (How it renders in a real browser, at a phone's width and printed:
tests/test_browser.py.)"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from exocalc.output.fmt import Display, money_text
from tests.runner import run

TODAY = "2026-11-30"
TRIP = ("--treatment", "hair", "--travellers", "2", "--origin", "london", "--also-currency", "EUR")
WARNINGS = (
    "No exosome injections at non-medical spas",
    "permanent inflammatory nodules",
    "Korea's drug screening is zero-tolerance",
    "CBD and THC included",
)


class Text(HTMLParser):
    """A page's text, as a reader sees it (no tags, entities read); its links."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"
        self.links += [v or "" for k, v in attrs if k == "href"]

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def page_text(path: Path) -> Text:
    found = Text()
    found.feed(path.read_text(encoding="utf-8"))
    return found


def _three(part: dict[str, Any] | None) -> Iterator[Any]:
    if part:
        yield from (part["low"], part["typical"], part["high"])


def amounts(document: dict[str, Any]) -> Iterator[tuple[Any, str]]:
    """Every amount of a quote's JSON, with its currency."""
    cur = document["currency"]
    for line in document["lines"]:
        yield from ((v, cur) for v in _three(line))
        yield from ((v, "KRW") for v in _three(line["krw"]))
    for key in ("total", "per_person", "savings", "break_even_per_session", "home"):
        yield from ((v, cur) for v in _three(document[key]))
    yield from ((v, "KRW") for v in _three(document["total_krw"]))
    yield from ((v, cur) for v in _three(document["cashback_points"]))
    for other in document["also"]:
        yield from ((v, other["currency"]) for v in _three(other["total"]))
    for option in (document["programme"] or {"options": []})["options"]:
        yield from ((v, cur) for v in _three(option["total"]))
    price = document["price_per_session"]
    yield from ((v, price["currency"]) for v in _three(price))


def shown(value: Any, currency: str) -> str:
    """A JSON amount as people read it: with its symbol and its minor unit's digits."""
    return money_text(Decimal(str(value)), currency, Display(color=False, encoding="utf-8"))


def exported(tmp_path: Path, command: str = "quote", *args: str) -> tuple[Path, dict[str, Any]]:
    path = tmp_path / f"{command}.html"
    done = run(command, *TRIP, *args, "--export", str(path), "-q", today=TODAY)
    assert done.stderr == f"exocalc: wrote {path}\n"
    document = json.loads(run("quote", *TRIP, *args, "--format", "json", "-q", today=TODAY).stdout)
    return path, document


def test_the_page_says_everything_a_client_needs(tmp_path: Path) -> None:
    path, document = exported(tmp_path)
    page = page_text(path)
    text = page.text
    missing = [shown(v, c) for v, c in amounts(document) if shown(v, c) not in text]
    assert missing == []
    assert "£14,899.80" in text and "€17,869.75" in text  # the total; in EUR
    assert "Each of the 2 travellers' share: £7,449.90" in text
    # The sources it rests on, each with its as-of date: every one its lines cite, the VAT
    # rule's, the home price's claim's and the safety warnings' (the seed); no other.
    listed = sources()
    cited = {s for line in document["lines"] for s in line["sources"]}
    assert cited <= set(RESTS_ON)
    after = text[text.index("Sources this quote rests on") :]
    assert [s for s in listed if listed[s]["title"] in after] == [*RESTS_ON, "ecb_rates"]
    assert all(f"({listed[s]['kind']}; as of {listed[s]['as_of']})" in after for s in RESTS_ON)
    assert not any(listed[s]["url"] in text for s in ("gangnam_yann", "egg_skin"))
    # The rates it used: the ECB's snapshot, with the ECB's address.
    assert (
        "Exchange rates: ECB 2026-10-30, bundled (as of 2026-10-30, 31 days old); European "
        f"Central Bank: euro foreign exchange reference rates: {listed['ecb_rates']['url']}"
        in after
    )
    assert listed["ecb_rates"]["url"] in page.links
    assert all(w in text for w in WARNINGS)
    assert (
        "Quote made 2026-11-30; prices as of 2026-10-30 (31 days old), taken to hold 180 "
        "days from their date, to 2027-04-28" in text
    )
    assert "Quote: Exosome scalp treatment in Seoul, from London" in text
    assert "Who2 travellers" in text  # the page's text: a term, then its value
    assert "Person 2Exosome scalp treatment (5 sessions)" in text
    assert (
        "Not applied (0 of 10 sessions refunded). Why: not applied: the refund for foreign "
        "patients ended 2025-12-31" in text
    )
    assert "5 trips, 1 session each (cheapest, quoted)" in text
    assert "one stay of 59 nights" in text  # a way considered, not quoted
    assert "Mon 2026-11-30" in text and "fly home after 4 nights in Seoul" in text
    assert "Flights from London (5 trips x 2) * estimate" in text


def sources() -> dict[str, dict[str, Any]]:
    """`exocalc sources`, by id."""
    listed = json.loads(run("sources", "--format", "json").stdout)["sources"]
    return {s["id"]: s for s in listed}


# What a standard-tier hair quote from London rests on: the seed (the home price's claim, the
# safety warnings), the VAT rule's three sources, exocalc's estimates; no clinic's page.
RESTS_ON = ["seed", "independent_2025", "medinkorea_2026", "khidi_visitkorea", "estimate"]


def test_a_clinic_s_page_is_a_source_of_its_quote_alone(tmp_path: Path) -> None:
    """The page's sources are those its quote rests on: a quote at Gangnam Yann cites the
    clinic's page, with its address as text and as a link; EGG Skin's page is not cited."""
    path = tmp_path / "yann.html"
    run("quote", "--clinic", "gangnam_yann", "--export", str(path), "-q", today=TODAY)
    page = page_text(path)
    yann, egg = sources()["gangnam_yann"], sources()["egg_skin"]
    assert yann["url"] in page.text and yann["url"] in page.links
    assert f"{yann['title']} (clinic; as of {yann['as_of']}): {yann['url']}" in page.text
    assert egg["url"] not in page.text and egg["title"] not in page.text


def test_the_page_needs_no_network(tmp_path: Path) -> None:
    raw = exported(tmp_path)[0].read_text(encoding="utf-8")
    assert raw.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(|src=", raw, re.IGNORECASE)
    assert "@page" in raw and "@media print" in raw and "white-space:nowrap" in raw


def test_the_plan_page_too(tmp_path: Path) -> None:
    path, document = exported(tmp_path, "plan")
    text = page_text(path).text
    assert text.index("The itinerary") < text.index("The costs, line by line")
    assert "Plan: Exosome scalp treatment in Seoul, from London" in text
    assert [shown(v, c) for v, c in amounts(document) if shown(v, c) not in text] == []
    assert all(w in text for w in WARNINGS)


HOSTILE = """overlay: true
sources:
  my_quote: {title: "Quote by chat <b>bold</b> & co", url: "javascript:alert(1)", kind: clinic,
             as_of: 2026-11-20}
clinics:
  forena:
    name: "<script>alert('x')</script> Forena & Sons"
    prices:
      skin: {low: 650000, high: 650000, currency: KRW, source: my_quote, as_of: 2026-11-20}
"""


def test_every_text_from_the_data_is_escaped(tmp_path: Path) -> None:
    overlay = tmp_path / "hostile.yaml"
    overlay.write_text(HOSTILE, encoding="utf-8")
    for command in ("quote", "plan"):
        path = tmp_path / f"{command}.html"
        args = ("--clinic", "forena", "--data", str(overlay), "--export", str(path), "-q")
        run(command, *args, today=TODAY)
        raw = path.read_text(encoding="utf-8")
        assert "<script" not in raw.lower() and "<b>" not in raw
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Forena &amp; Sons" in raw
        assert "Quote by chat &lt;b&gt;bold&lt;/b&gt; &amp; co" in raw
        page = page_text(path)
        assert "<script>alert('x')</script> Forena & Sons" in page.text  # shown as written
        assert "javascript:alert(1)" in page.text
        assert not any(link.startswith("javascript") for link in page.links)  # never a link


def test_the_page_names_each_person_of_a_party(tmp_path: Path) -> None:
    """A couple with different treatments and a companion: each person as they travel."""
    path = tmp_path / "party.html"
    run("quote", "--person", "hair", "--person", "skin", "--companions", "1", "--origin",
        "london", "--export", str(path), "-q", today=TODAY)  # fmt: skip
    text = page_text(path).text  # a term, then its value
    assert "Quote: Exosome scalp treatment and Exosome skin treatment in Seoul" in text
    assert "Who3 travellers: 1 hair, 1 skin, 1 companion" in text
    assert "Person 1Exosome scalp treatment (5 sessions)" in text
    assert "Person 2Exosome skin treatment (1 session)" in text
    assert "Person 3travels along, not treated" in text


BEST = ("--treatment", "hair", "--origin", "london", "--travellers", "2", "--budget", "18000GBP")


def test_best_s_page_is_a_page_for_a_client_like_the_quote_s(tmp_path: Path) -> None:
    """`exocalc best --export FILE.html`: the quote's page's styles, never a terminal's dump;
    the search, every option's totals, share, points and difference, what moves the total (a
    table and bars), the notes and the dates."""
    path = tmp_path / "best.html"
    done = run("best", *BEST, "--export", str(path), "-q", today=TODAY)
    assert done.stderr == f"exocalc: wrote {path}\n"
    document = json.loads(run("best", *BEST, "--format", "json", "-q", today=TODAY).stdout)
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith("<!DOCTYPE html>") and "<pre" not in raw
    assert "@media print" in raw and "@media (max-width:40em)" in raw
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(|src=", raw, re.IGNORECASE)
    text = " ".join(page_text(path).text.split())
    cur = document["currency"]
    for o in document["options"]:
        for v in (
            *o["total"].values(),
            o["per_person"]["typical"],
            o["cashback_points"]["typical"],
        ):
            assert shown(v, cur) in text
        assert o["rank"] == 1 or f"+{shown(o['change_typical'], cur)}" in text
    for m in document["moves"]:
        assert shown(m["span"], cur) in text
    assert raw.count("class='bars'") == len(document["moves"])
    for words in (
        "The best trips: exosome hair in Seoul from London",
        "Who2 travellers",
        "--budget £18,000.00, kept against the high total",
        "12 of 288 combinations (--budget leaves out 276); 3 options",
        "Against the first",
        "What moves the total",
        "prices as of 2026-10-30",
        "Rates: ECB 2026-10-30, bundled",
        "The hair price per session is an assumption",
    ):
        assert words in text, words
    assert all(w in text for w in WARNINGS)


def test_best_s_page_escapes_every_text_from_the_data(tmp_path: Path) -> None:
    overlay = tmp_path / "hostile.yaml"
    overlay.write_text(HOSTILE, encoding="utf-8")
    path = tmp_path / "best.html"
    run("best", "--clinic", "forena", "--data", str(overlay), "--export", str(path), "-q",
        today=TODAY)  # fmt: skip
    raw = path.read_text(encoding="utf-8")
    assert "<script" not in raw.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Forena &amp; Sons" in raw
    assert "<script>alert('x')</script> Forena & Sons" in page_text(path).text
