"""Nothing the speed work does may change a figure: a few hundred varied plans (tests/golden)
answered now exactly as they were answered when the golden file was made, byte for byte."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from exocalc.cli.batch_run import CHUNK
from tests.golden import generate


@pytest.mark.parametrize("fmt", sorted(generate.ANSWERS))
def test_golden_plans_are_answered_as_before(fmt: str) -> None:
    expected = generate.ANSWERS[fmt].read_bytes()
    answered = generate.answers(fmt)
    if answered != expected:
        got, want = answered.decode().splitlines(), expected.decode().splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
            min(len(got), len(want)),
        )
        pytest.fail(
            f"answer {first + 1} changed:\n  was: {want[first] if first < len(want) else None}"
            f"\n  now: {got[first] if first < len(got) else None}"
        )


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
