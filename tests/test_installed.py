"""The installed program, run the way a user runs it: a real process, from another folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / ("exocalc.exe" if os.name == "nt" else "exocalc")


@pytest.mark.skipif(not SCRIPT.exists(), reason="the exocalc script is not installed here")
def test_installed_exocalc_compare_from_another_folder(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(SCRIPT), "compare"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Seoul standard" in result.stdout
    assert "Rates: ECB 2026-10-30, bundled" in result.stdout


def test_python_dash_m_quote_json(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "exocalc", "quote", "--travellers", "2", "--tier", "premium",
         "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout, parse_float=Decimal)
    for scenario in ("low", "typical", "high"):
        assert sum(line[scenario] for line in document["lines"]) == document["total"][scenario]


def test_no_colour_codes_when_piped(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "exocalc", "quote"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout


def test_tier_error_has_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "exocalc", "quote", "--tier", "luxury"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "exocalc: error: unknown tier 'luxury' (--tier); valid tiers: factory, standard, premium"
    ]
