"""The round-number dataset (tests/fixtures/round.yaml) and what tests of hand-derived figures
share: rates of 1 USD = 1,000 KRW, a quote on that data, the command line run on it. Nothing
here reads the bundled dataset: `hide_bundled_data` makes sure of it."""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from exocalc.data.load import load_dataset
from exocalc.data.model import Dataset
from exocalc.money import Range3
from exocalc.pricing.model import Quote
from exocalc.pricing.quote import price
from exocalc.rates import Rates
from exocalc.request import Request
from tests.runner import run

ROUND = Path(__file__).resolve().parent / "fixtures" / "round.yaml"
TODAY = dt.date(2026, 11, 28)
AFTER_THE_REFUND = dt.date(2026, 12, 1)  # the refund's window ended 2025-12-31
IN_THE_REFUND = dt.date(2025, 6, 1)


def hide_bundled_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Point the bundled dataset at a file that does not exist: a test that still passes
    read nothing of it, so editing data/clinics.yaml cannot break it."""
    import exocalc.data.load

    missing = tmp_path / "no-bundled-data" / "clinics.yaml"
    monkeypatch.setattr(exocalc.data.load, "bundled_path", lambda: missing)
    monkeypatch.setenv("EXOCALC_DATA", "")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no defaults of one's own
    for key in [k for k in os.environ if k.startswith("EXOCALC_") and k != "EXOCALC_DATA"]:
        monkeypatch.delenv(key)


def round_data() -> Dataset:
    """The round dataset, complete: it replaces the bundled one rather than laying over it."""
    data: Dataset = load_dataset([ROUND])
    return data


def rates(usd: int | str = 1000) -> Rates:
    """KRW per unit: 1 USD = `usd` KRW."""
    per_unit = {"KRW": Decimal(1), "USD": Decimal(usd)}
    return Rates(per_unit, "test", dt.date(2026, 10, 30), "test")


def quote(data: Dataset, usd: int | str = 1000, **fields: Any) -> Quote:
    """The quote of these request fields on the round data; first session 2026-12-01 unless
    `date` says otherwise."""
    fields.setdefault("date", AFTER_THE_REFUND)
    return price(Request(**fields), data, rates(usd), TODAY)


def krw(q: Quote) -> dict[str, Range3]:
    """Each line of the quote, in whole won."""
    return {line.id: line.krw for line in q.lines}


def r3(low: int | str, typical: int | str, high: int | str) -> Range3:
    return Range3(Decimal(low), Decimal(typical), Decimal(high))


def cli_json(*args: str) -> Any:
    """`exocalc ARGS --data round.yaml --format json` on 2026-11-28, parsed (numbers as
    Decimal); the command must succeed."""
    result = run(*args, "--data", str(ROUND), "--format", "json", today=TODAY, columns=100)
    return json.loads(result.stdout, parse_float=Decimal)
