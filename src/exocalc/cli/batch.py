"""`exocalc batch`: quote many trips from CSV or JSON Lines, streaming, one result per row."""

from __future__ import annotations

import contextlib
import signal
import textwrap
from typing import Any, NoReturn

import click

from exocalc.cli.common import (
    EXIT_DATA,
    choice,
    data_option,
    format_option,
    load,
    no_color_option,
    output_format,
    quiet_option,
    rate_option,
    rates_file_option,
    reports_errors,
    say,
    silence_stdout,
    today,
    warn_of,
)
from exocalc.cli.environment import current
from exocalc.cli.params import Command, argument, option
from exocalc.output.formats import BATCH_COLUMNS as COLUMNS
from exocalc.request import FIELDS, default_date

EXAMPLES = f"""\b
Examples:
  exocalc batch plans.csv > quotes.jsonl
  exocalc batch plans.csv --format csv > quotes.csv
  printf '{{"tier":"premium","travellers":2}}\\n' | exocalc batch - | jq .total.typical
  exocalc quote --format json | jq -c .inputs | exocalc batch -   # a saved quote, again
  exocalc batch plans.jsonl --fail-fast

\b
Input: a CSV whose header row names quote's options, as columns:
{textwrap.fill(", ".join(f.name for f in FIELDS), 76)}
and optionally id; or JSON Lines, one object a line, same names (the `inputs` of a
quote's JSON is one). Empty cells take quote's defaults. Money columns (price, flight,
home_price) take a currency too: 900GBP. Exit status: 0 when every row was quoted; 1
when any row failed (its record says why; stderr counts them) or the file cannot be
used; 2 for a mistake on the command line or in the header.
"""


INPUT_FORMATS = ("csv", "jsonl")


@reports_errors
def run(**values: Any) -> None:
    """Quote many trips: one result per input row, in input order, streamed."""
    from exocalc.batch import run as batch_run  # deferred: light start-up
    from exocalc.batch.input import progress, rows
    from exocalc.batch.records import Batch
    from exocalc.output.common import default_dates_warning, stale_rates

    input_format = values["input"]
    if input_format is not None:
        input_format = choice(input_format, INPUT_FORMATS, "--input")
    fmt = output_format(values["format"], "batch")
    dataset, rates = load(values["data"], values["rate"])  # once, for every row
    env = current()
    plans, stream = rows(values["source"], input_format, say, env.input, env.out)
    day = today()
    columns = choice(values["columns"], COLUMNS, "--columns")
    batch = Batch(fmt, dataset, rates, day, columns)
    out = env.out  # the records' only way out: the progress display is drawn on stderr
    try:
        with progress(stream, out, env.err, env.display) as advance:
            failed, done = batch_run.run(batch, plans, out, values["fail_fast"], advance)
    except batch_run.Stopped as stopped:
        _stopped(stopped.signum)
    # What concerns every row is said once, when they are done; a row's notes are its own.
    stale = stale_rates(rates, day)
    undated = default_dates_warning(batch.undated, default_date(day))
    warn_of(fmt, [*([undated] if batch.undated else []), *([stale] if stale else [])])
    if failed:
        out.flush()
        s = "s" if done != 1 else ""
        say(f"{failed:,} of {done:,} row{s} failed; see the error records")
        raise click.exceptions.Exit(EXIT_DATA)


def _stopped(signum: int) -> NoReturn:
    """SIGTERM or SIGHUP: the whole records written so far out, a word on stderr (if a
    terminal is still there to show it), exit 128 + the signal's number, as shells report it."""
    stdout = current().stdout
    try:
        stdout.flush()
    except OSError:  # a terminal hung up, a reader gone: what could go out has gone out
        silence_stdout(stdout)
    with contextlib.suppress(OSError):
        say(f"stopped by {signal.Signals(signum).name}")
    raise click.exceptions.Exit(128 + signum)


def command() -> Command:
    return Command(
        "batch",
        params=[
            argument(
                "source",
                metavar="[FILE|-]",
                default="-",
                help="A CSV or JSON Lines file; - (the default) for standard input.",
            ),
            option(
                "--input",
                metavar="csv|jsonl",
                help="The input's format. Default: from the file's extension, or for "
                "standard input from its first line.",
            ),
            format_option("batch"),
            option(
                "--columns",
                metavar="|".join(COLUMNS),
                default=COLUMNS[0],
                help="CSV: each line's typical figure (typical, the default), or its low, "
                "typical and high (lines). Every row also says its rates and prices' dates.",
            ),
            option("--fail-fast", flag=True, help="Stop at the first row that cannot be quoted."),
            no_color_option(),
            quiet_option(),
            data_option(),
            rate_option(),
            rates_file_option(),
        ],
        callback=run,
        help=run.__doc__,
        epilog=EXAMPLES,
    )
