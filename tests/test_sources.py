"""`exocalc sources`: every source a figure of the data cites, with its address, its as-of date
and the figures it supports; no source that nothing cites; table, CSV and JSON from the one
format table, the JSON as `exocalc schema sources` says."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.runner import run

CITED = [
    "seed", "gangnam_yann", "egg_skin", "independent_2025", "medinkorea_2026",
    "khidi_visitkorea", "park_asce_2023", "estimate",
]  # fmt: skip
ECB = {
    "id": "ecb_rates",
    "title": "European Central Bank: euro foreign exchange reference rates",
    "url": "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates"
    "/html/index.en.html",
    "kind": "official",
    "as_of": "2026-10-30",
    "note": "European Central Bank euro reference rates: units of each currency per euro, as "
    "published; exocalc derives KRW per unit from them (KRW per euro / units per euro) when it "
    "loads them",
    "supports": ["exchange rates (bundled snapshot)"],
}

OVERLAY = """overlay: true
sources:
  my_quote: {title: "Forena's quote <by chat> & more", url: "https://example.com/q?a=1&b=2",
             kind: clinic, as_of: 2026-11-20}
  nobody: {title: "A source nothing cites", kind: news, as_of: 2026-11-01}
clinics:
  forena:
    prices:
      skin: {low: 650000, high: 650000, currency: KRW, source: my_quote, as_of: 2026-11-20}
"""


def test_every_cited_source_with_its_address_date_and_figures() -> None:
    document = json.loads(run("sources", "--format", "json").stdout)
    assert document["schema"] == "exocalc.sources/1"
    assert [s["id"] for s in document["sources"]] == [*CITED, "ecb_rates"]
    assert document["sources"][-1] == ECB  # the rates' source: the ECB, its snapshot's date
    yann = document["sources"][1]
    assert yann == {
        "id": "gangnam_yann",
        "title": "Gangnam Yann Skin Clinic: exosome treatment in Seoul",
        "url": "https://www.gangnamskincareclinic.com/exosome-seoul",
        "kind": "clinic",
        "as_of": "2026-10-30",
        "note": "Cited by the seed for pricing and procedure details.",
        "supports": ["clinics.gangnam_yann"],
    }
    refund = {s["id"]: s["supports"] for s in document["sources"]}
    assert refund["medinkorea_2026"] == ["rules.vat_refund"]
    assert "trip.origins.london.fare" in refund["estimate"]
    assert "visa.visa_free_days" in refund["estimate"]  # a field's own `*_source`
    assert "tiers.standard.prices.skin" in refund["seed"]
    jsonschema.validate(document, json.loads(run("schema", "sources").stdout))


def test_an_uncited_source_is_not_listed_and_a_cited_one_of_yours_is(tmp_path: Path) -> None:
    overlay = tmp_path / "mine.yaml"
    overlay.write_text(OVERLAY, encoding="utf-8")
    document = json.loads(run("sources", "--format", "json", "--data", str(overlay)).stdout)
    ids = [s["id"] for s in document["sources"]]
    assert ids == [*CITED, "my_quote", "ecb_rates"]
    assert "nobody" not in ids
    mine = document["sources"][-2]
    assert mine["url"] == "https://example.com/q?a=1&b=2"
    assert mine["supports"] == ["clinics.forena.prices.skin"]


def test_csv_and_table() -> None:
    rows = list(csv.reader(io.StringIO(run("sources", "--format", "csv").stdout)))
    assert rows[0] == ["id", "title", "url", "kind", "as_of", "note", "supports"]
    assert [r[0] for r in rows[1:]] == [*CITED, "ecb_rates"]
    assert rows[3][2] == "https://www.gangnamskinandlaser.com/exosome-seoul-korea"
    assert rows[4][6] == "rules.vat_refund"  # a list is one cell, `;` between its items
    assert rows[1][6].startswith("treatments.skin;treatments.hair;")
    table = run("sources", columns=100).stdout
    assert table.startswith("Sources (9)\n")
    assert "none in the data" in table  # the seed gives no address
    assert "2025-12-31" in table


@pytest.mark.parametrize("columns", [60, 80, 200])
def test_the_table_never_splits_an_address_or_a_figure_s_path(columns: int, tmp_path: Path) -> None:
    """An address must be copyable from the table, and a figure's path searchable: each is
    whole on one line at every width, and no line is wider than the terminal but an address
    alone on its line that is wider still (the ECB's, 104 characters)."""
    overlay = tmp_path / "mine.yaml"
    overlay.write_text(OVERLAY, encoding="utf-8")
    listed = json.loads(run("sources", "--format", "json", "--data", str(overlay)).stdout)
    table = run("sources", "--data", str(overlay), columns=columns).stdout
    lines = table.splitlines()
    for source in listed["sources"]:
        if source["url"] is not None:
            assert any(source["url"] in line for line in lines), (source["url"], table)
        for path in source["supports"]:
            assert any(re.search(rf"(^|\s){re.escape(path)}(,|\s|$)", ln) for ln in lines), path
    addresses = {s["url"] for s in listed["sources"]}
    assert [ln for ln in lines if len(ln) > columns and ln.strip() not in addresses] == []
