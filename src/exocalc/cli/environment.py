"""The run environment: everything about one run that is not an argument (httpie's
`Environment` is the model). The standard streams and whether each is a terminal, the output's
encoding, colour, today, your own settings with where each came from, the cache folder and the
data paths. Built once a run (cli/session.py), reached by the commands through the click context,
never kept in a module global. A test runs the whole program against one of its own:

    run(["quote"], env=Environment(stdout=io.StringIO(), stdout_isatty=True, today=...))

Each attribute is a class default read from the process when first asked; a keyword given to
the constructor overrides it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from exocalc.output.fmt import Display
    from exocalc.settings import Setting

TODAY_VARIABLE = "EXOCALC_TODAY"
_UNSET: Any = object()


class TodayError(Exception):
    """EXOCALC_TODAY names no day exocalc can use (said as a usage error, exit 2)."""


class Stream:
    """A stream as the run environment says it is: a terminal or not (`isatty`), whatever it
    is underneath (a test's buffer stands for a terminal this way)."""

    def __init__(self, stream: Any, tty: bool) -> None:
        self._stream = stream
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __iter__(self) -> Any:
        return iter(self._stream)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a test's buffer, a closed stream
        return False


class Environment:
    """One run's surroundings. Attributes not given are the process's own, read lazily."""

    def __init__(
        self,
        *,
        stdin: IO[str] | None = None,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        stdin_isatty: bool | None = None,
        stdout_isatty: bool | None = None,
        stderr_isatty: bool | None = None,
        encoding: str | None = None,
        color: bool | None = None,
        today: dt.date | None = None,
        settings: dict[str, Setting] | None = None,
        cache_dir: Path | None = None,
        data_paths: list[Path] | None = None,
        environ: dict[str, str] | None = None,
    ) -> None:
        self.environ = dict(os.environ) if environ is None else environ
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.stdin_isatty = _isatty(self.stdin) if stdin_isatty is None else stdin_isatty
        self.stdout_isatty = _isatty(self.stdout) if stdout_isatty is None else stdout_isatty
        self.stderr_isatty = _isatty(self.stderr) if stderr_isatty is None else stderr_isatty
        self.encoding = encoding or getattr(self.stdout, "encoding", None) or "utf-8"
        # NO_COLOR (any value) or --no-color: no colours nor styles.
        self.color = not self.environ.get("NO_COLOR") if color is None else color
        self.quiet = False  # --quiet
        # --rates FILE: the rates pinned for this run (a saved output's), instead of the
        # cache's or the snapshot's. The one place every command that prices reads it from.
        self.rates_file: str | None = None
        self._today = today if today is not None else _UNSET
        self._settings = settings
        self._cache_dir = cache_dir
        self._data_paths = data_paths
        # Fields whose value came from your own settings, and where (`EXOCALC_ORIGIN`...): a
        # mistake in one is named there, not as an option that was never typed.
        self.from_settings: dict[str, str] = {}
        self.from_file: set[str] = set()

    @property
    def input(self) -> Any:
        """stdin, a terminal or not as this environment says."""
        return Stream(self.stdin, self.stdin_isatty)

    @property
    def out(self) -> Any:
        """Where the commands write what they were asked for: stdout, a terminal or not as
        this environment says."""
        return Stream(self.stdout, self.stdout_isatty)

    @property
    def err(self) -> Any:
        """Where the messages go: stderr, a terminal or not as this environment says."""
        return Stream(self.stderr, self.stderr_isatty)

    @property
    def display(self) -> Display:
        """How this run's output is drawn, as a value passed down to what draws: its colour
        (after --no-color) and what its encoding can write (money by currency code where '₩'
        cannot be: Windows' cp1252, redirected)."""
        from exocalc.output.fmt import Display

        return Display(color=self.color, encoding=self.encoding)

    @property
    def today(self) -> dt.date:
        """Today, or the day EXOCALC_TODAY names (YYYY-MM-DD): the default treatment day and
        the day the age of prices and rates is counted to, fixed for output that must not
        change. The one source of "today" for every layer: it is passed down from here."""
        if self._today is _UNSET:
            self._today = self._read_today()
        day: dt.date = self._today
        return day

    def _read_today(self) -> dt.date:
        from exocalc.request import FIRST_DATE, LAST_DATE

        text = self.environ.get(TODAY_VARIABLE)
        if not text:
            return dt.date.today()
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError:
            raise TodayError(
                f"{TODAY_VARIABLE} {text!r} is not a date; write it as YYYY-MM-DD"
            ) from None
        if not FIRST_DATE <= day <= LAST_DATE:  # the dates a trip can be planned for
            raise TodayError(
                f"{TODAY_VARIABLE} must be from {FIRST_DATE} to {LAST_DATE}, not {day.isoformat()}"
            )
        return day

    @property
    def settings(self) -> dict[str, Setting]:
        """Your own defaults (environment, config file), each with where it came from; read
        once a run, when first asked."""
        if self._settings is None:
            from exocalc.settings import settings

            self._settings = {s.key: s for s in settings()}
        return self._settings

    @property
    def cache_dir(self) -> Path:
        """Your cache folder (XDG_CACHE_HOME is honoured)."""
        if self._cache_dir is None:
            from exocalc.store import cache_dir

            self._cache_dir = cache_dir()
        return self._cache_dir

    @property
    def data_paths(self) -> list[Path]:
        """EXOCALC_DATA's dataset files (os.pathsep between them); --data adds its own."""
        if self._data_paths is None:
            from exocalc.data.load import DATA_VARIABLE

            text = self.environ.get(DATA_VARIABLE, "")
            self._data_paths = [Path(p) for p in text.split(os.pathsep) if p]
        return self._data_paths

    def own_default(self, field: str) -> str | None:
        """Your default for a field, if there is one; a mistake in it is then named by where
        it came from."""
        setting = self.settings.get(field)
        if setting is None or setting.value is None:
            return None
        self.from_settings[field] = setting.label
        if setting.source == "config file":
            self.from_file.add(field)
        return setting.value


def current() -> Environment:
    """This run's environment, from the click context (`ctx.obj`); outside a run (a test
    calling a command's function), one read from the process."""
    import click

    ctx = click.get_current_context(silent=True)
    found = ctx.find_object(Environment) if ctx is not None else None
    return found if found is not None else Environment()
