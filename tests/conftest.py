from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from exocalc.data.load import bundled_path, load_dataset
from exocalc.data.model import Dataset
from exocalc.pricing.model import Quote
from exocalc.pricing.quote import price
from exocalc.rates import Rates, bundled_rates
from exocalc.request import Request


@pytest.fixture(autouse=True)
def own_cache_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets an empty cache folder: a developer's own rates cache never leaks in,
    and no test writes to it. Subprocesses inherit the variable."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("EXOCALC_RATES_URL", raising=False)
    return folder


@pytest.fixture(scope="session")
def data() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="session")
def rates() -> Rates:
    return bundled_rates()


def bundled_document() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(bundled_path().read_text(encoding="utf-8"))
    return document


def write_dataset(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def participating_file(tmp_path: Path) -> Path:
    """The bundled dataset with one clinic (forena) confirmed as a VAT-refund participant."""
    document = bundled_document()
    document["clinics"]["forena"]["vat_refund"] = "yes"
    return write_dataset(tmp_path / "participating.yaml", document)


@pytest.fixture
def participating(participating_file: Path) -> Dataset:
    return load_dataset([participating_file])


@pytest.fixture
def participating_hair_file(tmp_path: Path) -> Path:
    """The bundled dataset with Forena a VAT-refund participant that also treats hair."""
    document = bundled_document()
    document["clinics"]["forena"]["vat_refund"] = "yes"
    document["clinics"]["forena"]["treatments"] = ["skin", "hair"]
    return write_dataset(tmp_path / "participating-hair.yaml", document)


@pytest.fixture
def participating_hair(participating_hair_file: Path) -> Dataset:
    return load_dataset([participating_hair_file])


TODAY_2026 = dt.date(2026, 11, 28)


@pytest.fixture
def rates_not_old(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today (EXOCALC_TODAY) a day the bundled rates are under 30 days old: a test of one
    warning gets no other about their age, whatever the calendar says."""
    monkeypatch.setenv("EXOCALC_TODAY", TODAY_2026.isoformat())


def quote(data: Dataset, rates: Rates, **fields: Any) -> Quote:
    """The quote every command gives for these request fields, treatment day 2026-11-28
    unless `date` says otherwise."""
    fields.setdefault("date", TODAY_2026)
    return price(Request(**fields), data, rates, TODAY_2026)


def notes_of(q: Quote) -> list[str]:
    """A quote's notes in words, as every view writes them."""
    from exocalc.output.common import note_text

    return [note_text(n) for n in q.notes]


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty config folder of the test's own and no EXOCALC_* defaults of the developer's:
    the path of its config.toml (its folder made, the file not)."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    for key in ("ORIGIN", "CURRENCY", "TRAVELLERS", "HOTEL", "BOOKING"):
        monkeypatch.delenv(f"EXOCALC_{key}", raising=False)
    path = folder / "exocalc" / "config.toml"
    path.parent.mkdir(parents=True)
    return path
