"""Random command lines: whatever a user types, exit 0, 1 or 2 and never a traceback."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from exocalc.cli import app

runner = CliRunner()

OPTIONS = [
    "--treatment", "--tier", "--clinic", "--price", "--sessions", "--travellers", "--origin",
    "--nights", "--hotel", "--flight", "--currency", "--date", "--vat-refund", "--addon",
    "--booking", "--contingency", "--format", "--rate", "--area",
]  # fmt: skip
VALUES = [
    "skin", "hair", "premium", "luxury", "xenia", "forena", "0", "-1", "1", "2", "50", "51",
    "1e30", "nan", "-0", "abc", "", "london", "sydney", "USD", "krw", "XXX", "2025-06-01",
    "2026-02-30", "yes", "no", "json", "csv", "plain", "table", "USD=1400", "USD=0", "=",
    "led", "creatrip", "100", "101", "1,000", "Gangnam", "☃", "--help",
]  # fmt: skip
COMMANDS = [["compare"], ["quote"], ["clinics"], ["clinics", "show"], []]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(COMMANDS),
    st.lists(st.tuples(st.sampled_from(OPTIONS), st.sampled_from(VALUES)), max_size=5),
    st.lists(st.sampled_from(VALUES), max_size=2),
)
def test_random_command_lines_never_crash(
    command: list[str], pairs: list[tuple[str, str]], loose: list[str]
) -> None:
    args = [*command, *[item for pair in pairs for item in pair], *loose]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert "Traceback" not in result.output
