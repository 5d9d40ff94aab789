"""The exported page in a real browser: Debian's Chromium, headless. At a phone's width (375 px)
and a desktop's (1280 px): no horizontal scrolling, and every amount of the quote's JSON visible
and whole in the rendered text (each on one line, inside the page). Printed to PDF on A4 (and on
Letter): every amount in the PDF's text.

The page is opened in an iframe of the width asked for, inside a harness page of the test's own
(the page itself has no script): the iframe is the viewport the page's styles see, so a width
below the smallest window headless Chromium draws is measured as it is. Without Chromium these
tests are skipped, saying why."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.runner import run
from tests.test_page import RESTS_ON, TODAY, TRIP, WARNINGS, amounts, shown, sources

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium): the page is not "
    "tested in a browser",
)

HARNESS = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="page" src="{src}" style="width:{width}px;height:900px;border:0"></iframe>
<pre id="measured"></pre>
<script>
document.getElementById("page").onload = function () {{
  var w = this.contentWindow, d = w.document, bad = [];
  d.querySelectorAll(".amount").forEach(function (a) {{
    var boxes = a.getClientRects(), box = a.getBoundingClientRect();
    if (boxes.length !== 1 || box.width === 0 || box.left < 0 || box.right > w.innerWidth)
      bad.push(a.textContent + " (" + boxes.length + " boxes, " + box.left + " to "
               + box.right + ")");
  }});
  document.getElementById("measured").textContent = JSON.stringify({{
    innerWidth: w.innerWidth, scrollWidth: d.documentElement.scrollWidth,
    text: d.body.innerText, amounts: d.querySelectorAll(".amount").length, bad: bad}});
}};
</script></body></html>
"""


def chromium(*args: str, folder: Path) -> str:
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--allow-file-access-from-files", f"--user-data-dir={folder / 'profile'}",
         "--virtual-time-budget=5000", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def measured(page: Path, width: int) -> dict[str, Any]:
    harness = page.parent / f"harness-{width}.html"
    harness.write_text(HARNESS.format(src=page.name, width=width), encoding="utf-8")
    dom = chromium("--window-size=1400,1000", "--dump-dom", harness.as_uri(), folder=page.parent)
    found = dom.split('<pre id="measured">', 1)[1].split("</pre>", 1)[0]
    result: dict[str, Any] = json.loads(html.unescape(found))
    return result


# `exocalc best`'s page: the issue's search, and the same in rupiah (the widest amounts).
BEST = {
    "best": ("--treatment", "hair", "--origin", "london", "--travellers", "2", "--budget",
             "18000GBP", "--also-currency", "EUR"),
    "best-idr": ("--treatment", "hair", "--origin", "london", "--travellers", "2",
                 "--currency", "IDR", "--top", "all"),
}  # fmt: skip


def best_amounts(document: dict[str, Any]) -> list[tuple[Any, str]]:
    """Every amount of a search's JSON the page shows: each option's totals, its share and
    points at the typical total, how far it is from the first; each move."""
    cur = document["currency"]
    found = []
    for o in document["options"]:
        found += [(o["total"][k], cur) for k in ("low", "typical", "high")]
        found += [(o["cashback_points"]["typical"], cur), (o["change_typical"], cur)]
        found += [(o["per_person"]["typical"], cur)] if o["per_person"] else []
        found += [(a["total"]["typical"], a["currency"]) for a in o.get("also", [])]
    for m in document["moves"]:
        found += [(m["span"], cur), (m["cheapest"]["change"], cur), (m["dearest"]["change"], cur)]
    return found


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("pages")
    found = {}
    for command in ("quote", "plan"):
        path = folder / f"{command}.html"
        run(command, *TRIP, "--export", str(path), "-q", today=TODAY)
        document = run("quote", *TRIP, "--format", "json", "-q", today=TODAY).stdout
        found[command] = (path, json.loads(document))
    for name, args in BEST.items():
        path = folder / f"{name}.html"
        run("best", *args, "--export", str(path), "-q", today=TODAY)
        document = run("best", *args, "--format", "json", "-q", today=TODAY).stdout
        found[name] = (path, json.loads(document))
    return found


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("command", ["quote", "plan"])
def test_no_horizontal_scrolling_and_every_amount_whole(
    pages: dict[str, tuple[Path, dict[str, Any]]], command: str, width: int
) -> None:
    page, document = pages[command]
    seen = measured(page, width)
    assert seen["innerWidth"] == width
    assert seen["scrollWidth"] <= seen["innerWidth"]
    assert seen["bad"] == []  # every amount on one line, inside the page
    text = seen["text"]
    assert seen["amounts"] >= len({shown(v, c) for v, c in amounts(document)})
    assert [shown(v, c) for v, c in amounts(document) if shown(v, c) not in text] == []
    assert all(w in " ".join(text.split()) for w in WARNINGS)
    listed = sources()
    assert all(listed[s]["title"] in " ".join(text.split()) for s in RESTS_ON)


def test_a_cited_address_is_shown_whole_on_a_phone(tmp_path: Path) -> None:
    """The address of a source the quote cites (the clinic's page) is in the rendered text,
    whole, at 375 px, with no horizontal scrolling."""
    page = tmp_path / "yann.html"
    run("quote", "--clinic", "gangnam_yann", "--export", str(page), "-q", today=TODAY)
    seen = measured(page, 375)
    assert seen["scrollWidth"] <= seen["innerWidth"]
    assert sources()["gangnam_yann"]["url"] in seen["text"]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", list(BEST))
def test_best_s_page_no_horizontal_scrolling_and_every_amount_whole(
    pages: dict[str, tuple[Path, dict[str, Any]]], name: str, width: int
) -> None:
    page, document = pages[name]
    seen = measured(page, width)
    assert seen["innerWidth"] == width
    assert seen["scrollWidth"] <= seen["innerWidth"]
    assert seen["bad"] == []  # every amount on one line, inside the page
    text = seen["text"]
    wanted = best_amounts(document)
    assert seen["amounts"] >= len({shown(v, c) for v, c in wanted})
    assert [shown(v, c) for v, c in wanted if shown(v, c) not in text] == []
    assert "What moves the total" in text and "The search" in text
    assert "Korea's drug screening is zero-tolerance" in " ".join(text.split())


@pytest.mark.parametrize(("paper", "points"), [("A4", (595, 842)), ("letter", (612, 792))])
def test_printed_every_amount_is_in_the_pdf(
    pages: dict[str, tuple[Path, dict[str, Any]]], paper: str, points: tuple[int, int]
) -> None:
    """The paper is chosen as a print dialog would: by the test, not by the page."""
    from pypdf import PdfReader

    page, document = pages["quote"]
    printed = page.parent / f"print-{paper}.html"
    printed.write_text(
        page.read_text(encoding="utf-8").replace(
            "</head>", f"<style>@page{{size:{paper}}}</style></head>", 1
        ),
        encoding="utf-8",
    )
    pdf = page.parent / f"quote-{paper}.pdf"
    chromium(
        f"--print-to-pdf={pdf}", "--no-pdf-header-footer", printed.as_uri(), folder=page.parent
    )
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == points
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert [shown(v, c) for v, c in amounts(document) if shown(v, c) not in text] == []
    assert "Korea's drug screening is zero-tolerance" in " ".join(text.split())


def test_best_s_page_printed_on_a4_has_every_amount(
    pages: dict[str, tuple[Path, dict[str, Any]]],
) -> None:
    from pypdf import PdfReader

    page, document = pages["best"]
    printed = page.parent / "best-A4.html"
    printed.write_text(
        page.read_text(encoding="utf-8").replace(
            "</head>", "<style>@page{size:A4}</style></head>", 1
        ),
        encoding="utf-8",
    )
    pdf = page.parent / "best-A4.pdf"
    chromium(
        f"--print-to-pdf={pdf}", "--no-pdf-header-footer", printed.as_uri(), folder=page.parent
    )
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert [shown(v, c) for v, c in best_amounts(document) if shown(v, c) not in text] == []
