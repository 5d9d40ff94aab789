"""What the commands share: the common options, loading the data and rates, turning errors into
one line on stderr and an exit code. No arithmetic here: that is the engine's."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from exocalc.cli.params import TextOption, option
from exocalc.errors import DatasetError, PlanError, visible
from exocalc.rates import Rates, RatesError, bundled_rates, parse_override, rates_in_use
from exocalc.rates.model import MAX_JUMP, jump
from exocalc.settings import ConfigError, Setting

if TYPE_CHECKING:
    from exocalc.dataset import Dataset

EXIT_DATA = 1  # a dataset or file that cannot be used
EXIT_USAGE = 2  # something the user typed
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C

LISTING_FORMATS = ("table", "json", "jsonl", "csv", "tsv")
QUOTE_FORMATS = ("table", "json", "csv", "plain")


class UsageError(Exception):
    """A value on the command line that cannot be used."""


# Fields whose value came from the user's own defaults, and where (`EXOCALC_ORIGIN`...): a
# mistake in one is named there, not as an option that was never typed.
_from_settings: dict[str, str] = {}
_from_file: set[str] = set()


def option_name(field: str) -> str:
    """How the command line names a field: `vat_refund` is `--vat-refund`. A place that is
    not a field (`CSV header`) stays as it is."""
    if field in _from_settings:
        return _from_settings[field]
    return "--" + field.replace("_", "-") if field.isidentifier() else field


@functools.cache
def own_settings() -> dict[str, Setting]:
    """The user's defaults (environment, config file), read once a run."""
    from exocalc.settings import settings

    return {s.key: s for s in settings()}


def own_default(field: str) -> str | None:
    """The user's default for a field, if there is one; a mistake in it is then named by
    where it came from."""
    setting = own_settings().get(field)
    if setting is None or setting.value is None:
        return None
    _from_settings[field] = setting.label
    if setting.source == "config file":
        _from_file.add(field)
    return setting.value


def choice(value: str, valid: tuple[str, ...], name: str) -> str:
    """One of `valid`, in any case; else a usage error naming the valid ones and the closest."""
    wanted = value.strip().lower()
    if wanted in valid:
        return wanted
    close = difflib.get_close_matches(wanted, valid, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UsageError(f"{name} {value!r} is not one of: {', '.join(valid)}{hint}")


# --- options every command of a kind takes ---------------------------------------------------


def format_option(formats: tuple[str, ...]) -> TextOption:
    return option(
        "--format", "-f", metavar="|".join(formats), default="table",
        help=f"Output: {', '.join(formats)}. Default: table.",
    )  # fmt: skip


def _no_color(ctx: Any, param: Any, value: bool) -> bool:
    from exocalc.output.common import use_color

    use_color(not value)
    return value


def no_color_option() -> TextOption:
    return option(
        "--no-color", flag=True, callback=_no_color,
        help="No colours or styles, even on a terminal (NO_COLOR=1 does the same).",
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
            sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
            return result
        except BrokenPipeError:
            # The reader stopped early (`| head -1`): what it wanted, it has. End quietly.
            _silence_stdout()
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            sys.stderr.write("exocalc: interrupted\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except OSError as exc:  # a file the user named: --export, batch input...
            where = f" {exc.filename}" if exc.filename else ""
            fail(f"cannot use{where}: {exc.strerror or exc}", EXIT_DATA)
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
            from_file = getattr(exc, "field", None) in _from_file
            fail(exc.shown(option_name), EXIT_DATA if from_file else EXIT_USAGE)
        except ConfigError as exc:
            fail(f"broken config: {exc}", EXIT_DATA)
        except (RatesError, UsageError) as exc:
            fail(str(exc), EXIT_USAGE)

    return wrapper  # type: ignore[return-value]


def run_main(group: Any, args: Any, prog_name: str, extra: dict[str, Any]) -> Any:
    """Run the command tree (typer's own loop, in exocalc's voice): the parser's mistakes
    (an unknown option, a missing value) are one line and a hint, exit 2; a reader that
    closes the pipe early (`exocalc --help | head -1`) ends it quietly, exit 0."""
    import errno

    from typer._click.exceptions import ClickException, NoArgsIsHelpError
    from typer._click.exceptions import UsageError as ClickUsage

    standalone = extra.pop("standalone_mode", True)
    args = list(sys.argv[1:] if args is None else args)
    own_settings.cache_clear()  # read afresh each run (a test runner runs many in one process)
    _from_settings.clear()
    _from_file.clear()
    _writable_output()
    group._main_shell_completion(extra, prog_name, extra.pop("complete_var", None))
    try:
        with group.make_context(prog_name, args, **extra) as ctx:
            code = group.invoke(ctx)
        sys.stdout.flush()
    except typer.Exit as exc:
        code = exc.exit_code
    except NoArgsIsHelpError as exc:  # `exocalc` alone: the help, as asked
        sys.stdout.write(exc.format_message() + "\n")
        code = 0
    except ClickUsage as exc:
        from exocalc.cli.usage import usage_message

        sys.stderr.write(f"exocalc: error: {usage_message(exc, group)}\n")
        if exc.ctx is not None:
            sys.stderr.write(f"exocalc: try '{exc.ctx.command_path} --help'\n")
        code = EXIT_USAGE
    except ClickException as exc:
        sys.stderr.write(f"exocalc: error: {exc.format_message()}\n")
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("exocalc: interrupted\n")
        code = EXIT_INTERRUPTED
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        _silence_stdout()  # the reader has what it wanted
        code = 0
    code = code if isinstance(code, int) else 0
    if standalone:
        sys.exit(code)
    return code


def _writable_output() -> None:
    """Write what stdout's encoding can: money in currency codes where its symbols cannot be
    written (Windows' cp1252, redirected), anything else escaped, never a traceback."""
    from exocalc.output.fmt import use_encoding

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    use_encoding(encoding)
    if not encoding.lower().replace("-", "").startswith("utf"):
        for stream in (sys.stdout, sys.stderr):
            # A test runner's buffer may not be reconfigurable: nothing to do then.
            with contextlib.suppress(AttributeError, ValueError):
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the final flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test runner's buffer): nothing to silence


def fail(message: str, code: int) -> None:
    sys.stderr.write(f"exocalc: error: {message}\n")
    raise typer.Exit(code)


def say(message: str) -> None:
    """A message for the person: stderr, so that stdout carries only data."""
    sys.stderr.write(f"exocalc: {message}\n")


def warn(message: str) -> None:
    say(f"warning: {message}")


# --- the data and the rates ------------------------------------------------------------------

TODAY_VARIABLE = "EXOCALC_TODAY"


def today() -> dt.date:
    """Today, or the day EXOCALC_TODAY names (YYYY-MM-DD): the default treatment day and the
    day the age of prices and rates is counted to, fixed for output that must not change."""
    text = os.environ.get(TODAY_VARIABLE)
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"{TODAY_VARIABLE} {text!r} is not a date; write it as YYYY-MM-DD"
        ) from None


def load(
    data_paths: tuple[str, ...] | None, overrides: tuple[str, ...] | None
) -> tuple[Dataset, Rates]:
    """The dataset (EXOCALC_DATA's files, then --data's, in layers) and the rates in use
    (--rate, then the cache, then the snapshot)."""
    from exocalc.dataload import data_paths as layered
    from exocalc.dataload import load_dataset

    snapshot = bundled_rates()
    parsed = dict(parse_override(text, snapshot.currencies) for text in overrides or ())
    for code, rate in parsed.items():
        usual = snapshot.krw_per(code)
        if jump(rate, usual) > MAX_JUMP:
            why = "is it upside down?" if rate < usual else "a typo?"
            warn(
                f"--rate {code}={rate} is {jump(rate, usual):.0%} away from the snapshot's "
                f"{usual:,} KRW per {code} ({snapshot.source} {snapshot.as_of}); a rate is KRW "
                f"per {code}: {why} Used as given"
            )
    rates, warnings = rates_in_use(parsed)
    for warning in warnings:
        warn(warning)
    paths = [Path(p) for p in data_paths or ()]
    return load_dataset(layered(paths), rates.currencies), rates


def currency_code(value: str | None, rates: Rates, data: Dataset) -> str:
    """A currency for the listings (clinics): the given one, known to the rates; else your
    own default (EXOCALC_CURRENCY, the config file), or your origin's, or the data's."""
    from exocalc.errors import UnknownName

    value = value if value is not None else own_default("currency")
    if value is None:
        from exocalc.request import origin_currency

        return origin_currency(data, own_default("origin"))
    code = value.strip().upper()
    if not rates.knows(code):
        raise UnknownName("currency", value, rates.currencies, "currency")
    return code
