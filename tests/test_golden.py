"""Nothing the speed work does may change a figure: a few hundred varied plans (tests/golden)
answered now exactly as they were answered when the golden file was made, byte for byte."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from exocalc.batch.run import CHUNK
from tests.golden import generate
from tests.golden.diff import differences


@pytest.mark.parametrize("fmt", sorted(generate.ANSWERS))
def test_golden_plans_are_answered_as_before(fmt: str) -> None:
    expected = generate.ANSWERS[fmt].read_bytes()
    answered = generate.answers(fmt)
    if answered != expected:
        pytest.fail(differences(fmt, expected.decode(), answered.decode()), pytrace=False)


def test_long_batches_priced_by_worker_processes_answer_the_same(tmp_path: Path) -> None:
    """Over CHUNK rows, batch prices in worker processes (on a machine with more than one
    core): the records are the golden ones, in input order, row numbers running on."""
    plans = generate.PLANS.read_text().splitlines()
    copies = 3
    assert len(plans) * copies > CHUNK
    long = tmp_path / "long.jsonl"
    long.write_text("\n".join(plans * copies) + "\n")
    env = {**os.environ, "EXOCALC_TODAY": generate.TODAY, "EXOCALC_DATA": ""}
    done = subprocess.run(
        [sys.executable, "-m", "exocalc", "batch", str(long), "--data", str(generate.OVERLAY)],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # the golden plans hold some mistakes
    expected = generate.ANSWERS["jsonl"].read_text().splitlines()
    renumbered = [
        re.sub(r'^\{"row":(\d+),', lambda m, k=k: f'{{"row":{int(m[1]) + k * len(plans)},', line)
        for k in range(copies)
        for line in expected
    ]
    assert done.stdout.splitlines() == renumbered


# --- the message when an answer changed ---------------------------------------------------------

ONE = (
    '{"row":1,"id":"g1","currency":"USD","lines":[{"id":"treatment","typical":200.00},'
    '{"id":"flights","typical":1000.00}],"total":{"typical":1200.00}}\n'
    '{"row":2,"id":"g2","error":"no such tier"}\n'
)


def test_a_changed_answer_is_told_field_by_field() -> None:
    now = ONE.replace('"flights","typical":1000.00', '"flights","typical":1000.01')
    now = now.replace('"total":{"typical":1200.00}', '"total":{"typical":1200.01}')
    assert differences("jsonl", ONE, now) == (
        "jsonl: 1 of 2 rows differ, 2 fields:\n"
        "  row 1 (g1): lines[flights].typical: was 1000.00, now 1000.01\n"
        "  row 1 (g1): total.typical: was 1200.00, now 1200.01"
    )


def test_a_field_gone_a_row_gone_and_a_line_moved() -> None:
    moved = (
        '{"row":1,"id":"g1","currency":"USD","lines":[{"id":"flights","typical":1000.00},'
        '{"id":"treatment","typical":200.00}],"total":{"typical":1200.00}}\n'
    )
    assert differences("jsonl", ONE, moved) == (
        "jsonl: 1 of 2 rows differ, 1 field:\n"
        '  row 2 (g2): gone: was {"row":2,"id":"g2","error":"no such tier"}'
    )
    no_currency = ONE.replace('"currency":"USD",', "")
    assert differences("jsonl", ONE, no_currency) == (
        'jsonl: 1 of 2 rows differ, 1 field:\n  row 1 (g1): currency: was "USD", now (absent)'
    )


def test_csv_answers_are_told_by_column_and_counted_past_the_limit() -> None:
    was = "row,id,total_typical,esim_typical\n1,g1,10.00,1.00\n2,g2,20.00,2.00\n3,g3,30.00,\n"
    now = "row,id,total_typical,esim_typical\n1,g1,10.00,1.00\n2,g2,20.50,2.50\n3,g3,30.00,3\n"
    assert differences("csv", was, now, limit=2) == (
        "csv: 2 of 3 rows differ, 3 fields:\n"
        "  row 2 (g2): total_typical: was 20.00, now 20.50\n"
        "  row 2 (g2): esim_typical: was 2.00, now 2.50\n"
        "  ... and 1 more field"
    )


def test_the_same_fields_written_otherwise_show_the_line() -> None:
    spaced = ONE.replace('"row":2,', '"row": 2,')
    assert differences("jsonl", ONE, spaced) == (
        "line 2 is written otherwise (same fields):\n"
        """  was: '{"row":2,"id":"g2","error":"no such tier"}\\n'\n"""
        """  now: '{"row": 2,"id":"g2","error":"no such tier"}\\n'"""
    )
    assert differences("jsonl", ONE, ONE) == ""
