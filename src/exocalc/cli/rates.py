"""`exocalc rates`: the exchange rates in use; `--refresh` fetches current ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from exocalc.cli.common import (
    EXIT_DATA,
    format_option,
    no_color_option,
    output_format,
    quiet_option,
    reports_errors,
    say,
    today,
    warn,
)
from exocalc.cli.complete import completer
from exocalc.cli.environment import current
from exocalc.cli.params import Command, option
from exocalc.errors import UnknownName, UsageError
from exocalc.output.formats import ROWS
from exocalc.rates import Rates, rates_in_use
from exocalc.rates.model import changes

EXAMPLES = """\b
Examples:
  exocalc rates
  exocalc rates --currency USD,GBP,JPY
  exocalc rates --refresh                # what changed: old, new, change in percent
  exocalc rates --diff                   # the cache against the bundled snapshot
  exocalc rates --refresh --timeout 2 --format json | jq '.rates[] | select(.currency=="USD")'
"""

MAX_TIMEOUT = 120.0


@reports_errors
def run(**values: Any) -> None:
    """Show the exchange rates in use (KRW per unit), where they come from and how old they
    are. Quotes never touch the network: --refresh is the only command that does."""
    from exocalc.output.rates import write_rates  # deferred: start-up stays light

    fmt = output_format(values["format"], "rates")
    timeout = _timeout(values["timeout"])
    rates, warnings = rates_in_use(None, today(), current().cache_dir)
    for warning in warnings:
        warn(warning)
    codes = _codes(list(values["currency"]), rates)
    if values["refresh"] and values["diff"]:
        raise UsageError("give --refresh or --diff, not both: --refresh shows what it changed")
    against = None
    if values["refresh"]:
        against, rates = rates, _refresh(rates, timeout, current().cache_dir)
    elif values["diff"]:
        against = _cached_or_say(rates)
    found = changes(against, rates) if against is not None else None
    if values["refresh"] and fmt in ROWS:
        found = None  # a refresh lists the new rates; --diff lists what changed
    env = current()
    write_rates(rates, codes, fmt, env.out, today(), env.display, found, against)


def _cached_or_say(rates: Rates) -> Rates:
    """--diff: the snapshot, to compare the cache in use with (or with itself: no change)."""
    from exocalc.rates import bundled_rates

    if rates.kind != "cached":
        say("no cached rates in use (run `exocalc rates --refresh`): nothing differs")
    return bundled_rates().with_overrides({})


def _timeout(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= MAX_TIMEOUT:  # NaN fails this too
        raise UsageError(
            f"--timeout {text!r}: give seconds, more than 0 and at most {MAX_TIMEOUT:g}"
        )
    return seconds


def _codes(given: list[str] | None, rates: Rates) -> list[str]:
    if not given:
        return rates.currencies
    codes = []
    for item in given:
        for part in item.split(","):
            code = part.strip().upper()
            if not rates.knows(code):
                raise UnknownName("currency", part.strip(), rates.currencies, "currency")
            codes.append(code)
    return list(dict.fromkeys(codes))


def _refresh(in_use: Rates, timeout: float, folder: Path) -> Rates:
    from exocalc.rates import bundled_rates
    from exocalc.rates.cache import write_cache
    from exocalc.rates.live import LiveRatesError, fetch_live_rates

    still = f"still using {in_use.source} {in_use.as_of.isoformat()}"
    try:
        fresh, refused = fetch_live_rates(bundled_rates(), timeout)
    except LiveRatesError as exc:
        current().stderr.write(f"exocalc: could not refresh rates: {exc}; {still}\n")
        raise click.exceptions.Exit(EXIT_DATA) from None
    try:
        path = write_cache(fresh, folder)
    except OSError as exc:
        reason = f"cannot write the cache ({exc.strerror or exc}: {exc.filename or ''})"
        current().stderr.write(f"exocalc: could not refresh rates: {reason}; {still}\n")
        raise click.exceptions.Exit(EXIT_DATA) from None
    if refused:
        listed = "; ".join(f"{code}: {why}" for code, why in sorted(refused.items()))
        warn(f"refused live rates, kept the snapshot's: {listed}")
    live = len(fresh.krw_per_unit) - len(fresh.from_snapshot) - 1  # KRW itself is no rate
    say(f"refreshed {live} rates of {fresh.as_of} from {fresh.source}; cached in {path}")
    snapshot = bundled_rates()
    if fresh.as_of <= snapshot.as_of:
        warn(
            f"the rates {fresh.source} sent are dated {fresh.as_of}, not after the bundled "
            f"snapshot's ({snapshot.label}): quotes go on using the snapshot"
        )
    return fresh


def command() -> Command:
    return Command(
        "rates",
        params=[
            option(
                "--currency",
                metavar="CODE",
                many=True,
                complete=completer("currency"),
                help="Only these currencies (repeatable, or comma-separated: USD,GBP).",
            ),
            option(
                "--refresh",
                flag=True,
                help="Fetch current rates (forex-python) and cache them for later quotes.",
            ),
            option(
                "--diff",
                flag=True,
                help="Compare the rates in use (the last refresh's) with the bundled snapshot: "
                "old, new and the change in percent, for each currency that changed.",
            ),
            option(
                "--timeout",
                metavar="SECONDS",
                default="5",
                help="With --refresh: give up after this long. Default: 5.",
            ),
            format_option("rates"),
            no_color_option(),
            quiet_option(),
        ],
        callback=run,
        help=run.__doc__,
        epilog=EXAMPLES,
    )
