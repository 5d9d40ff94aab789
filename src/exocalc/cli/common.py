"""What the commands share: the common options, loading the data and rates, turning errors into
one line on stderr and an exit code. No arithmetic here: that is the engine's."""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import functools
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from exocalc.cli.environment import TodayError, current
from exocalc.cli.params import TextOption, option
from exocalc.errors import DatasetError, PlanError, UsageError, visible
from exocalc.rates import Rates, RatesError, bundled_rates, parse_override, rates_in_use
from exocalc.rates.model import MAX_JUMP, jump
from exocalc.rates.pinned import EMPTY, RatesFileError
from exocalc.settings import ConfigError, Setting

if TYPE_CHECKING:
    from exocalc.data.model import Dataset

EXIT_DATA = 1  # a dataset or file that cannot be used
EXIT_USAGE = 2  # something the user typed
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def option_name(field: str) -> str:
    """How the command line names a field: `vat_refund` is `--vat-refund`; a field whose value
    came from your own settings is named where it came from (`EXOCALC_ORIGIN`). A place that
    is not a field (`CSV header`) stays as it is."""
    from_settings = current().from_settings
    if field in from_settings:
        return from_settings[field]
    from exocalc.request import FIELD_BY_NAME  # a field's own option: people is --person

    found = FIELD_BY_NAME.get(field)
    if found is not None:
        return found.option
    return "--" + field.replace("_", "-") if field.isidentifier() else field


def own_settings() -> dict[str, Setting]:
    """Your own defaults (environment, config file), read once a run (the run environment's)."""
    return current().settings


def own_default(field: str) -> str | None:
    """Your default for a field, if there is one; a mistake in it is then named by where it
    came from."""
    return current().own_default(field)


def choice(value: str, valid: tuple[str, ...], name: str) -> str:
    """One of `valid`, in any case; else a usage error naming the valid ones and the closest."""
    wanted = value.strip().lower()
    if wanted in valid:
        return wanted
    close = difflib.get_close_matches(wanted, valid, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UsageError(f"{name} {value!r} is not one of: {', '.join(valid)}{hint}")


# --- options every command of a kind takes ---------------------------------------------------


def format_option(command: str) -> TextOption:
    """`--format`, as the one table of formats (output/formats.py) gives it to `command`."""
    from exocalc.output.formats import default, formats

    taken = formats(command)
    return option(
        "--format", "-f", metavar="|".join(taken), default=default(command),
        help=f"Output: {', '.join(taken)}. Default: {default(command)}.",
        complete=lambda typed: [name for name in taken if name.startswith(typed.lower())],
    )  # fmt: skip


def output_format(value: str, command: str) -> str:
    """The `--format` given, one of those `command` takes (in any case), else a usage error."""
    from exocalc.output.formats import formats

    return choice(value, formats(command), "--format")


def _no_color(ctx: Any, param: Any, value: bool) -> bool:
    if value:
        current().color = False  # the run's Display, made after, has no colour
    return value


def no_color_option() -> TextOption:
    return option(
        "--no-color", flag=True, callback=_no_color,
        help="No colours or styles, even on a terminal (NO_COLOR=1 does the same).",
    )  # fmt: skip


def _quiet_option(ctx: Any, param: Any, value: bool) -> bool:
    if value:
        current().quiet = True
    return value


def quiet_option() -> TextOption:
    """`--quiet`/`-q`, for every command that can warn: the run environment owns it (warn())."""
    return option(
        "--quiet", "-q", flag=True, callback=_quiet_option, expose=False,
        help="No warnings on stderr (an old date, an assumed price, old rates...); errors "
        "are still said.",
    )  # fmt: skip


def data_option() -> TextOption:
    return option(
        "--data", metavar="FILE", many=True,
        help="A dataset file of your own (docs/dataset.md): a complete one replaces the bundled "
        "data, one with `overlay: true` changes it. Repeatable; EXOCALC_DATA lists more.",
    )  # fmt: skip


def rate_option() -> TextOption:
    return option(
        "--rate", metavar="CODE=KRW", many=True,
        help="Override an exchange rate in KRW per unit, e.g. --rate USD=1400 (repeatable).",
    )  # fmt: skip


def _rates_file(ctx: Any, param: Any, value: str | None) -> None:
    if value is not None:
        current().rates_file = value  # the run environment owns where the rates come from


def rates_file_option() -> TextOption:
    """`--rates FILE`, for every command that prices a trip: `load()` reads it from the run
    environment, so a command takes it by listing this option, nothing more."""
    return option(
        "--rates", metavar="FILE", callback=_rates_file, expose=False,
        help="Price at the rates of a file: a saved quote's JSON (its rates) or `exocalc rates "
        "--format json`; a saved quote then replays to the unit, whatever was refreshed since.",
    )  # fmt: skip


def chart_option() -> TextOption:
    return option("--chart", flag=True, help="Draw the costs as bars, below the table.")


def export_option() -> TextOption:
    return option(
        "--export", metavar="FILE.html|FILE.svg",
        help="Also write what the table shows to an HTML or SVG file, to share. An existing "
        "file is replaced only with --force.",
    )  # fmt: skip


def force_option() -> TextOption:
    return option("--force", flag=True, help="With --export: replace a file that exists.")


def export_path(text: str | None, force: bool = False) -> Path | None:
    """Where --export writes, checked before anything is written: an .html or .svg name, not
    a file that exists (unless --force) and never a device, a folder or a pipe."""
    if text is None:
        return None
    path = Path(text)
    if path.suffix.lower() not in (".html", ".htm", ".svg"):
        raise UsageError(f"--export {text!r}: the file must end in .html or .svg")
    try:
        kind = path.lstat().st_mode
    except FileNotFoundError:
        if not path.parent.is_dir():  # said before the table is drawn, not after
            raise OSError(0, "no such folder", str(path.parent)) from None
        return path
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, text) from None
    if stat.S_ISLNK(kind) and path.exists():
        kind = path.stat().st_mode
    if not (stat.S_ISREG(kind) or stat.S_ISLNK(kind)):
        raise OSError(0, "not a regular file: --export writes pages, not devices or folders", text)
    if not force:
        raise UsageError(f"--export {text!r}: the file exists; give --force to replace it")
    return path


def exported(path: Path | None) -> None:
    if path is not None:
        say(f"wrote {visible(str(path), True)}")


# --- errors: one line on stderr, an exit code ------------------------------------------------

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn what a user can get wrong into one line on stderr and an exit code: no traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
            current().stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
            return result
        except BrokenPipeError:
            # The reader stopped early (`| head -1`): what it wanted, it has. End quietly.
            silence_stdout(current().stdout)
            raise click.exceptions.Exit(0) from None
        except KeyboardInterrupt:
            current().stderr.write("exocalc: interrupted\n")
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except OSError as exc:  # a file the user named (--export, batch input), or stdout
            fail(os_error_text(exc, current().stdout), EXIT_DATA)
        except DatasetError as exc:
            if len(exc.problems) == 1:
                fail(f"broken dataset: {exc.problems[0]}", EXIT_DATA)
            found = exc.problems
            listed = f"the first {len(found)}" if found.more else "exocalc validate lists them"
            lines = [f"broken dataset: {found.total:,} problems ({listed})"]
            lines += [f"  {p}" for p in found]
            if found.more:
                lines.append(f"  ... and {found.more:,} more: mend these, then validate again")
            fail("\n".join(lines), EXIT_DATA)
        except PlanError as exc:
            # A value from the config file that cannot be used: the file is broken, exit 1.
            from_file = getattr(exc, "field", None) in current().from_file
            fail(exc.shown(option_name), EXIT_DATA if from_file else EXIT_USAGE)
        except ConfigError as exc:
            fail(f"broken config: {exc}", EXIT_DATA)
        except RatesFileError as exc:  # a file the user named: like a dataset's, exit 1
            fail(str(exc), EXIT_DATA)
        except (RatesError, UsageError, TodayError) as exc:
            fail(str(exc), EXIT_USAGE)

    return wrapper  # type: ignore[return-value]


# An error writing with no file named: standard output's (`> /dev/full`).
_WRITE_ERRORS = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


def os_error_text(exc: OSError, stdout: Any) -> str:
    """What went wrong with a file, or with standard output (the run's `stdout`), in a few
    words."""
    if exc.filename:
        return f"cannot use {exc.filename}: {exc.strerror or exc}"
    if exc.errno in _WRITE_ERRORS:
        silence_stdout(stdout)  # nor at exit, when Python flushes what is left
        return f"cannot write the output: {exc.strerror}"
    return f"cannot use: {exc.strerror or exc}"


def silence_stdout(stdout: Any) -> None:
    """Point the run's stdout at /dev/null so that the final flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test runner's buffer): nothing to silence


def fail(message: str, code: int) -> None:
    current().stderr.write(f"exocalc: error: {visible(message)}\n")
    raise click.exceptions.Exit(code)


def say(message: str) -> None:
    """A message for the person: stderr, so that stdout carries only data. Text it quotes
    (a file's line, a variable's value) never acts on the terminal: escapes are shown."""
    current().stderr.write(f"exocalc: {visible(message)}\n")


def warn(message: str) -> None:
    """Something that changes what the output means: one line on stderr, unless --quiet.
    Its text may hold a dataset's names: escaped, never acting on a terminal."""
    if not current().quiet:
        say(f"warning: {visible(message, True)}")


def warn_of(fmt: str, texts: Iterable[str]) -> None:
    """Each note that changes what the output's numbers mean, as a warning, where the output
    has no room for notes: every format but the table, which shows them."""
    if fmt != "table":
        for text in texts:
            warn(text)


# --- the data and the rates ------------------------------------------------------------------


def today() -> dt.date:
    """Today, or the day EXOCALC_TODAY names: the run environment's (cli/environment.py), the
    one "today" every layer is given."""
    try:
        return current().today
    except TodayError as exc:
        raise UsageError(str(exc)) from None


def load(
    data_paths: tuple[str, ...] | None, overrides: tuple[str, ...] | None
) -> tuple[Dataset, Rates]:
    """The dataset (EXOCALC_DATA's files, then --data's, in layers) and the rates in use
    (--rate, then the cache, then the snapshot)."""
    from exocalc.data.load import load_dataset

    snapshot = bundled_rates()
    parsed = dict(parse_override(text, snapshot.currencies) for text in overrides or ())
    for code, rate in parsed.items():
        usual = snapshot.krw_per(code)
        if jump(rate, usual) > MAX_JUMP:
            why = "is it upside down?" if rate < usual else "a typo?"
            warn(
                f"--rate {code}={rate} is {jump(rate, usual):.0%} away from the snapshot's "
                f"{usual:,.4f} KRW per {code} ({snapshot.source} {snapshot.as_of}); a rate is KRW "
                f"per {code}: {why} Used as given"
            )
    day, env = today(), current()
    pinned = None
    if env.rates_file is not None:
        if not env.rates_file.strip():  # Path('') would be the current folder
            raise UsageError(EMPTY)
        pinned = Path(env.rates_file)
    rates, warnings = rates_in_use(parsed, day, env.cache_dir, pinned)
    for warning in warnings:
        warn(warning)
    paths = [*env.data_paths, *(Path(p) for p in data_paths or ())]
    return load_dataset(paths, rates.currencies, day, env.cache_dir), rates


def currency_code(value: str | None, rates: Rates, data: Dataset) -> str:
    """A currency for the listings (clinics): the given one, known to the rates; else your
    own default (EXOCALC_CURRENCY, the config file), or your origin's, or the data's."""
    from exocalc.errors import UnknownName
    from exocalc.request import shown_currency

    value = value if value is not None else own_default("currency")
    if value is None:
        return shown_currency(data, None, own_default("origin"))
    code = shown_currency(data, value.strip(), None)
    if not rates.knows(code):
        raise UnknownName("currency", value, rates.currencies, "currency")
    return code
