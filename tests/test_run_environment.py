"""One run environment (cli/environment.py): the whole program run against one, one "today"
for every layer, `exocalc help`, and the root's help listing every command's summary whole."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from exocalc.cli import run as run_program
from exocalc.cli.environment import Environment
from exocalc.rates.cache import FORMAT, cache_path
from tests.runner import run

COMMANDS = (
    "compare, quote, plan, best, check-price, clinics, rates, batch, config, schema, validate, "
    "origins, treatments, addons, hotels, channels, sources, help"
)


def test_the_whole_program_runs_against_an_environment_of_its_own() -> None:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, stdout_isatty=False, today=None)
    assert run_program(["--version"], env=env) == 0
    assert (out.getvalue().startswith("exocalc "), err.getvalue()) == (True, "")


def test_the_environment_s_today_is_the_run_s() -> None:
    given = json.loads(run("quote", "--format", "json", "--quiet", today="2026-11-28").stdout)
    named = json.loads(
        run("quote", "--format", "json", "--quiet", EXOCALC_TODAY="2026-11-28").stdout
    )
    assert given == named


def test_a_today_that_is_no_date_is_one_line_and_exit_2() -> None:
    done = run("quote", code=2, EXOCALC_TODAY="soon")
    assert done.stderr == (
        "exocalc: error: EXOCALC_TODAY 'soon' is not a date; write it as YYYY-MM-DD\n"
    )


def test_the_rates_cache_is_judged_by_the_run_s_today_not_the_clock() -> None:
    """A cache dated after the clock's today but before EXOCALC_TODAY's is not 'in the future':
    the rates cache has the same today as the rest of the run."""
    path = cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "format": FORMAT,
                "source": "theratesapi.com",
                "as_of": "2099-06-01",
                "fetched_at": "2099-06-01T08:00:00+00:00",
                "krw_per_unit": {"USD": "1400"},
            }
        )
    )
    done = run("quote", "--format", "json", EXOCALC_TODAY="2099-06-02")
    assert "in the future" not in done.stderr
    rates = json.loads(done.stdout)["rates"]
    assert (rates["source"], rates["as_of"]) == ("theratesapi.com", "2099-06-01")


def test_help_is_a_command() -> None:
    assert run("help").stdout == run("--help").stdout
    assert run("help", "quote").stdout == run("quote", "--help").stdout
    assert run("help", "clinics").stdout == run("clinics", "--help").stdout


def test_help_for_a_command_that_is_not_one_is_one_line_and_a_hint() -> None:
    done = run("help", "quot", code=2)
    assert (done.stdout, done.stderr) == (
        "",
        f"exocalc: error: unknown command 'quot'; commands: {COMMANDS}; did you mean 'quote'?\n"
        "exocalc: try 'exocalc --help'\n",
    )


def test_the_root_help_gives_every_command_s_summary_whole_at_80_columns() -> None:
    shown = run("--help", columns=80).stdout
    listed = shown.split("\nCommands:\n", 1)[1]
    assert "..." not in listed
    assert max(len(line) for line in shown.splitlines()) <= 80
    flat = " ".join(listed.split())
    for name in COMMANDS.split(", "):
        summary = run(name, "--help").stdout.split("\n\n", 2)[1]
        first = " ".join(summary.split()).split(". ")[0]
        assert f"{name} {first}" in flat


def test_an_extra_argument_a_value_for_a_flag_and_a_missing_value() -> None:
    assert run("quote", "extra", code=2).stderr == (
        "exocalc: error: unexpected argument 'extra' for exocalc quote\n"
        "exocalc: try 'exocalc quote --help'\n"
    )
    assert run("quote", "--chart=yes", code=2).stderr == (
        "exocalc: error: --chart takes no value for exocalc quote\n"
        "exocalc: try 'exocalc quote --help'\n"
    )
    assert run("quote", "--format", code=2).stderr == (
        "exocalc: error: --format needs a value (table|json|csv|plain)\n"
        "exocalc: try 'exocalc quote --help'\n"
    )


def test_shell_completion_scripts_for_each_shell() -> None:
    for shell, marker in (("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete ")):
        done = run("--show-completion", shell)
        assert "_EXOCALC_COMPLETE" in done.stdout and marker in done.stdout, shell
    done = run("--show-completion", "tcsh", code=2)
    assert done.stderr == (
        "exocalc: error: --show-completion: 'tcsh' is not one of: bash, zsh, fish\n"
        "exocalc: try 'exocalc --help'\n"
    )


def test_a_terminal_is_an_environment_that_says_so() -> None:
    """Styles on a terminal, none on a pipe, none with --no-color or NO_COLOR: a terminal is
    an Environment with stdout_isatty, no pseudo-terminal needed."""
    assert "\x1b[" in run("quote", isatty=True, today="2026-11-28").stdout
    assert "\x1b[" not in run("quote", isatty=False, today="2026-11-28").stdout
    assert "\x1b[" not in run("quote", "--no-color", isatty=True, today="2026-11-28").stdout
    assert "\x1b[" not in run("quote", isatty=True, today="2026-11-28", NO_COLOR="1").stdout


def test_the_environment_s_cache_folder_is_where_the_rates_cache_is_read(tmp_path: Path) -> None:
    """An Environment names its own cache folder: the rates cache there is the one used,
    whatever XDG_CACHE_HOME says."""
    (tmp_path / "rates.json").write_text(
        json.dumps(
            {
                "format": FORMAT,
                "source": "theratesapi.com",
                "as_of": "2026-11-20",
                "fetched_at": "2026-11-20T08:00:00+00:00",
                "krw_per_unit": {"USD": "1400"},
            }
        )
    )
    out, err = io.StringIO(), io.StringIO()
    env = Environment(
        stdout=out, stderr=err, cache_dir=tmp_path, today=dt.date(2026, 11, 28), environ={}
    )
    assert run_program(["quote", "--format", "json"], env=env) == 0, err.getvalue()
    rates = json.loads(out.getvalue())["rates"]
    assert (rates["source"], rates["as_of"], rates["krw_per_unit"]) == (
        "theratesapi.com",
        "2026-11-20",
        {"USD": 1400},
    )
    assert not cache_path().exists()  # the user's folder (XDG_CACHE_HOME) was not the one


def _quote_in(encoding: str, color: bool) -> tuple[str, str]:
    """`exocalc quote --currency KRW` on a terminal, against an environment whose output has
    `encoding` and `color`: stdout as its bytes read back, and stderr."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding=encoding, newline="")
    err = io.StringIO()
    env = Environment(
        stdin=io.StringIO(), stdout=out, stderr=err, stdin_isatty=False, stdout_isatty=True,
        stderr_isatty=True, encoding=encoding, color=color, today=dt.date(2026, 11, 28),
    )  # fmt: skip
    code = run_program(["quote", "--currency", "KRW"], env=env)
    out.flush()
    assert code == 0, err.getvalue()
    return raw.getvalue().decode(encoding), err.getvalue()


def _draws_as_its_own(text: str, encoding: str, color: bool) -> None:
    won = encoding == "utf-8"
    assert ("₩300,000" in text, "KRW 300,000" in text) == (won, not won), text
    assert ("\x1b[" in text) == color, text


def test_two_runs_in_one_process_each_draw_as_their_own_environment_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Colour and what the output can write are the run environment's, passed down: one run
    leaves nothing behind for the next, and no reset comes between them."""
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("NO_COLOR", "FORCE_COLOR", "COLORTERM", "PYTHONIOENCODING"):
        monkeypatch.delenv(name, raising=False)
    for encoding, color in (("utf-8", True), ("cp1252", False), ("utf-8", True), ("cp1252", True)):
        text, err = _quote_in(encoding, color)
        _draws_as_its_own(text, encoding, color)
        assert err == ""


def test_two_runs_at_once_each_draw_as_their_own_environment_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two runs in two threads, both set up before either draws: a setting of one run kept
    where the other reads it (a module global) would draw the other's table wrongly."""
    import exocalc.output.quote as quote_output

    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("NO_COLOR", "FORCE_COLOR", "COLORTERM", "PYTHONIOENCODING"):
        monkeypatch.delenv(name, raising=False)
    both_ready = threading.Barrier(2, timeout=20)
    draw = quote_output.draw_quote

    def when_both_are_ready(*args: Any) -> None:
        both_ready.wait()
        draw(*args)

    monkeypatch.setattr(quote_output, "draw_quote", when_both_are_ready)
    found: dict[tuple[str, bool], tuple[str, str]] = {}

    def one(encoding: str, color: bool) -> None:
        found[encoding, color] = _quote_in(encoding, color)

    saved = sys.stdin, sys.stdout, sys.stderr
    try:
        runs = [threading.Thread(target=one, args=a) for a in (("utf-8", True), ("cp1252", False))]
        for thread in runs:
            thread.start()
        for thread in runs:
            thread.join(60)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    assert sorted(found) == [("cp1252", False), ("utf-8", True)]
    for (encoding, color), (text, err) in found.items():
        _draws_as_its_own(text, encoding, color)
        assert err == ""
