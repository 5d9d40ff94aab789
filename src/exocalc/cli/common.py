"""What the commands share: option types, loading the data and rates, turning errors into
one line on stderr and an exit code. No arithmetic here: that is the engine's."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from exocalc.cli.complete import currencies, names
from exocalc.errors import DatasetError, PlanError, UnknownName
from exocalc.rates import Rates, RatesError, bundled_rates, parse_override, rates_in_use

if TYPE_CHECKING:
    from exocalc.dataset import Dataset

EXIT_DATA = 1  # a dataset or file that cannot be used
EXIT_USAGE = 2  # something the user typed


class UsageError(Exception):
    """A value on the command line that cannot be used."""


class ListingFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


class QuoteFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    plain = "plain"


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _no_color(value: bool) -> bool:
    from exocalc.output.common import use_color

    use_color(not value)
    return value


NoColorOption = Annotated[
    bool,
    typer.Option(
        "--no-color",
        help="No colours or styles, even on a terminal (NO_COLOR=1 does the same).",
        callback=_no_color,
    ),
]
HomePriceOption = Annotated[
    str | None,
    typer.Option(
        "--home-price",
        metavar="AMOUNT",
        help="What a session costs at home, in the shown currency (overrides the data's).",
    ),
]
ChartOption = Annotated[
    bool, typer.Option("--chart", help="Draw the costs as bars, beside the table.")
]
ExportOption = Annotated[
    Path | None,
    typer.Option(
        "--export",
        metavar="FILE.html|FILE.svg",
        help="Also write what the table shows to an HTML or SVG file, to share.",
        dir_okay=False,
    ),
]


def export_path(path: Path | None) -> Path | None:
    if path is not None and path.suffix.lower() not in (".html", ".htm", ".svg"):
        raise UsageError(f"--export {str(path)!r}: the file must end in .html or .svg")
    return path


def exported(path: Path | None) -> None:
    if path is not None:
        say(f"wrote {path}")


SessionsOption = Annotated[
    str | None,
    typer.Option(
        "--sessions",
        metavar="N",
        help="Sessions per traveller. Default: the treatment's programme.",
    ),
]
TravellersOption = Annotated[
    str,
    typer.Option("--travellers", metavar="N", help="How many of you travel and are treated."),
]
OriginOption = Annotated[
    str | None,
    typer.Option(
        metavar="ORIGIN",
        autocompletion=names("origin"),
        help="Where you fly from: los_angeles (default), london, tokyo, sydney...",
    ),
]
TreatmentOption = Annotated[
    str,
    typer.Option(metavar="skin|hair", help="The treatment.", autocompletion=names("treatment")),
]
DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        help="A dataset file of your own (docs/dataset.md): a complete one replaces the bundled "
        "data, one with `overlay: true` changes it. Repeatable; EXOCALC_DATA lists more.",
        metavar="FILE",
    ),
]
CurrencyOption = Annotated[
    str | None,
    typer.Option(
        metavar="CODE",
        autocompletion=currencies,
        help="Show amounts in this currency (ISO code, e.g. USD, GBP, KRW). "
        "Default: the origin's currency.",
    ),
]
RateOption = Annotated[
    list[str] | None,
    typer.Option(
        "--rate",
        metavar="CODE=KRW",
        help="Override an exchange rate in KRW per unit, e.g. --rate USD=1400 (repeatable).",
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        metavar="YYYY-MM-DD",
        help="Treatment day (decides whether the VAT refund rule applies). Default: today.",
    ),
]

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
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"cannot write or read {where}{exc.strerror or exc}", EXIT_DATA)
        except DatasetError as exc:
            if len(exc.problems) == 1:
                fail(f"broken dataset: {exc.problems[0]}", EXIT_DATA)
            lines = [f"broken dataset: {len(exc.problems)} problems (exocalc validate lists them)"]
            lines += [f"  {p}" for p in exc.problems]
            fail("\n".join(lines), EXIT_DATA)
        except (PlanError, RatesError, UsageError) as exc:
            fail(str(exc), EXIT_USAGE)

    return wrapper  # type: ignore[return-value]


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


def load(data_paths: list[Path] | None, overrides: list[str] | None) -> tuple[Dataset, Rates]:
    """The dataset (EXOCALC_DATA's files, then --data's, in layers) and the rates in use
    (--rate, then the cache, then the snapshot)."""
    from exocalc.dataload import data_paths as layered  # pydantic: only for commands that price
    from exocalc.dataset import load_dataset

    known = bundled_rates().currencies
    parsed = dict(parse_override(text, known) for text in overrides or [])
    rates, warnings = rates_in_use(parsed)
    for warning in warnings:
        warn(warning)
    return load_dataset(layered(data_paths), rates.currencies), rates


def currency_code(value: str | None, rates: Rates, default: str) -> str:
    if value is None:
        return default
    code = value.strip().upper()
    if not rates.knows(code):
        raise UnknownName("currency", value, rates.currencies, "--currency")
    return code


def parse_date(value: str | None, option: str = "--date") -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD") from None


def parse_count(option: str, value: str | None) -> int | None:
    """A whole number from the command line, with an error that names the bad value."""
    if value is None:
        return None
    text = value.strip().replace("_", "")
    if not text.lstrip("+-").isdigit():
        raise UsageError(f"{option} {value!r} is not a whole number")
    return int(text)


def parse_amount(option: str, value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value.strip().replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise UsageError(f"{option} {value!r} is not a number") from None
    if not amount.is_finite():
        raise UsageError(f"{option} {value!r} is not a finite number")
    return amount
