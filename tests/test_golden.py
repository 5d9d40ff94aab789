"""Nothing the speed work does may change a figure: a few hundred varied plans (tests/golden)
answered now exactly as they were answered when the golden file was made, byte for byte."""

from __future__ import annotations

import pytest

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
