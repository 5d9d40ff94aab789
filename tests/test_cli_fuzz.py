"""Random command lines and batch rows: whatever a user types or a file holds, exit 0, 1 or 2,
never a traceback, and no escape code from the input on the terminal."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from exocalc.request import FIELDS
from tests.runner import run

OPTIONS = [
    *(f.option for f in FIELDS), "--format", "--rate", "--area", "--timeout", "--input",
    "--data", "--export",
]  # fmt: skip
VALUES = [
    "skin", "hair", "premium", "luxury", "xenia", "forena", "0", "-1", "1", "2", "20", "21",
    "1e30", "nan", "-0", "abc", "", "london", "sydney", "USD", "krw", "XXX", "2025-06-01",
    "2026-02-30", "9999-12-31", "0001-01-01", "2099-12-31", "yes", "no", "json", "csv",
    "plain", "table", "tsv", "jsonl", "USD=1400", "USD=0", "=", "led", "creatrip", "100",
    "101", "1,000", "1,0,0", "Gangnam", "☃", "--help", "²", "⁵", "٣", "1_000", "\x1b[2J",
    "\x1b]0;TITLE\x07", "[bold red]x[/]", "[link=file:///etc/passwd]x[/link]", "=HYPERLINK(1)",
    "/dev/zero", "x.pdf", "5", "366", "367", "0.5",
]  # fmt: skip
COMMANDS = [["compare"], ["quote"], ["plan"], ["clinics"], ["clinics", "show"], ["rates"],
            ["batch"], []]  # fmt: skip


def clean(result: Any, args: list[str]) -> None:
    assert result.exit_code in (0, 1, 2), (args, result.output)
    # An exception the program let out would have been raised by run(), in the test.
    assert "Traceback" not in result.output
    # Escape codes typed on the command line come back escaped, never as they are.
    assert "\x1b" not in result.output, (args, result.output)


@settings(max_examples=250, deadline=None)
@given(
    st.sampled_from(COMMANDS),
    st.lists(st.tuples(st.sampled_from(OPTIONS), st.sampled_from(VALUES)), max_size=5),
    st.lists(st.sampled_from(VALUES), max_size=2),
)
def test_random_command_lines_never_crash(
    command: list[str], pairs: list[tuple[str, str]], loose: list[str]
) -> None:
    args = [*command, *[item for pair in pairs for item in pair], *loose]
    if command == ["batch"]:
        args.insert(1, "-")
    clean(run(*args, code=None, stdin=""), args)


ROW_VALUES = st.one_of(
    st.sampled_from(VALUES),
    st.integers(-(10**6), 10**6),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**9),
    st.lists(st.sampled_from(VALUES), max_size=3),
    st.none(),
    st.booleans(),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from([f.name for f in FIELDS] + ["id"]), ROW_VALUES, max_size=6),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["jsonl", "csv"]),
)
def test_random_batch_rows_never_crash(rows: list[dict[str, Any]], fmt: str) -> None:
    stdin = "".join(json.dumps(row, default=str) + "\n" for row in rows)
    args = ["batch", "-", "--input", "jsonl", "--format", fmt]
    result = run(*args, code=None, stdin=stdin)
    clean(result, [*args, stdin])
    records = result.stdout.splitlines()
    assert len(records) == len(rows) + (fmt == "csv")
