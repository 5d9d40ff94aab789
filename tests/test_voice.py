"""Errors in one voice (issue 13): every usage mistake, the parser's own included, is one
line `exocalc: error: ...` and at most one hint line, exit 2; output that cannot encode a
symbol gets the currency code; a suspicious --rate is named on stderr; a batch's failures
are counted on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXOCALC = [sys.executable, "-m", "exocalc"]
LIBRARY_WORDS = ("Usage:", "Error:", "Invalid value", "Value error", "Try '", "No such option")


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*EXOCALC, *args], capture_output=True, text=True, timeout=60,
        env={**os.environ, "COLUMNS": "80", **env},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["quote", "--format", "tsv"],
         "exocalc: error: --format 'tsv' is not one of: table, json, csv, plain;"
         " did you mean 'csv'?"),
        (["quote", "--json"],
         "exocalc: error: unknown option '--json' for exocalc quote;"
         " did you mean '--format json'?"),
        (["compare", "--bogus"],
         "exocalc: error: unknown option '--bogus' for exocalc compare; did you mean '--booking'?"),
        (["quote", "--travellers"], "exocalc: error: --travellers needs a value (N)"),
        (["frob"], "exocalc: error: unknown command 'frob'; commands: compare, quote, plan, best,"
                   " check-price, clinics, rates, batch, config, schema, validate, origins,"
                   " treatments, addons, hotels, channels, sources, help"),
        (["quote", "extra"], "exocalc: error: unexpected argument 'extra' for exocalc quote"),
        (["quote", "--date", "2026-02-30"],
         "exocalc: error: --date '2026-02-30' is not a day of the calendar"),
    ],
)  # fmt: skip
def test_usage_mistakes_are_one_line_and_a_hint(args: list[str], first: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0] == first
    assert len(lines) <= 2
    if len(lines) == 2:
        assert lines[1].startswith("exocalc: try 'exocalc")
    assert not any(word in done.stderr for word in LIBRARY_WORDS)


def test_choices_are_case_insensitive_like_currencies() -> None:
    done = run("quote", "--format", "JSON", "--currency", "usd", "--tier", "Premium")
    assert done.returncode == 0, done.stderr
    assert '"tier": "premium"' in done.stdout


def test_output_that_cannot_encode_the_won_sign_gets_the_code() -> None:
    done = run("quote", "--currency", "KRW", PYTHONIOENCODING="cp1252")
    assert done.returncode == 0
    assert "Traceback" not in done.stderr
    assert "₩" not in done.stdout
    assert "KRW 300,000" in done.stdout


def test_a_rate_far_from_the_snapshot_is_named_and_still_used() -> None:
    done = run("quote", "--rate", "USD=0.00075", "--format", "json", "--date", "2026-12-01")
    assert done.returncode == 0
    warning = done.stderr.splitlines()
    assert len(warning) == 1
    assert warning[0].startswith("exocalc: warning: --rate USD=0.00075 is ")
    assert "1,335.2667 KRW per USD" in warning[0]
    assert json.loads(done.stdout)["rates"]["krw_per_unit"] == {"USD": 0.00075}


def test_a_close_rate_says_nothing() -> None:
    done = run("quote", "--rate", "USD=1400", "--format", "json", "--date", "2026-12-01")
    assert done.returncode == 0
    assert done.stderr == ""


def test_a_batch_file_that_cannot_be_used_exits_1(tmp_path: Path) -> None:
    done = run("batch", str(tmp_path / "nofile.csv"))
    assert done.returncode == 1
    assert done.stderr.startswith("exocalc: error: cannot use ")
    assert "No such file or directory" in done.stderr
