"""The one runner of the suite: the whole program, run in this process against a run
environment of its own (exocalc.cli.environment.Environment), as httpie's tests swap theirs.

    done = run("quote", "--format", "json")             # exit 0 asserted
    done = run("quote", "--bogus", code=2)              # another code asserted
    done = run("batch", "-", stdin="...", columns=100, today="2026-11-28", NO_COLOR="1")

`done.stdout`, `done.stderr`: what landed on each stream; `done.exit_code` the exit code. No
run leaves a traceback on either stream. Variables given by keyword (`EXOCALC_ORIGIN="london"`)
are set in the process for the run alone, as a shell sets them for one command.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from exocalc.cli import run as run_program
from exocalc.cli.environment import Environment


@dataclass(frozen=True)
class Done:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def returncode(self) -> int:  # as subprocess names it
        return self.exit_code

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _stream(text: str = "") -> io.TextIOWrapper:
    """A text stream over bytes, as the process's are (stdin's `.buffer` is read by batch)."""
    return io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8", newline="")


def _read(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer.getvalue()  # type: ignore[attr-defined]
    return str(raw.decode("utf-8"))


@contextlib.contextmanager
def _variables(values: dict[str, str | None]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    try:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run(
    *args: str,
    code: int | None = 0,
    stdin: str | None = None,
    columns: int | None = 80,
    today: str | dt.date | None = None,
    isatty: bool = False,
    **variables: str | None,
) -> Done:
    """Run `exocalc ARGS...` once. `code`: the exit code expected (None: any). `today`: the
    run's today (else EXOCALC_TODAY's, else the clock's). `isatty`: stdout and stderr are
    terminals. `columns`: the terminal's width (None: as the process has it). A variable given
    as None is unset for the run."""
    given: dict[str, str | None] = dict(variables)
    if columns is not None:
        given["COLUMNS"] = str(columns)
    stdout, stderr = _stream(), _stream()
    with _variables(given):
        env = Environment(
            stdin=_stream(stdin or ""),
            stdout=stdout,
            stderr=stderr,
            stdin_isatty=False,
            stdout_isatty=isatty,
            stderr_isatty=isatty,
            today=dt.date.fromisoformat(today) if isinstance(today, str) else today,
        )
        exit_code = run_program(list(args), env=env)
    done = Done(exit_code, _read(stdout), _read(stderr))
    if code is not None:
        assert done.exit_code == code, (done.exit_code, done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def options_of(inputs: dict[str, Any]) -> list[str]:
    """A JSON `inputs` (a quote's, a best option's) as the command line gives it: each field
    under its own option, a list as the option repeated, a person as `--person hair+skin`."""
    from exocalc.request import FIELD_BY_NAME

    args: list[str] = []
    for name, value in inputs.items():
        for item in value if isinstance(value, list) else [value]:
            if name == "people":
                item = "+".join(item["treatments"]) or "none"
            if item is not None:
                args += [FIELD_BY_NAME[name].option, str(item)]
    return args
