"""`exocalc validate`: check datasets and report every problem at once, with where it is."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import click

from exocalc.cli.common import (
    EXIT_DATA,
    format_option,
    output_format,
    reports_errors,
    say,
    today,
)
from exocalc.cli.params import Command, argument
from exocalc.errors import Problem

EXAMPLES = """\b
Examples:
  exocalc validate                         # the bundled dataset
  exocalc validate my-clinics.yaml         # a complete dataset of your own
  exocalc validate my-quote.yaml           # an overlay: checked merged onto the bundled data
  exocalc validate base.yaml overlay.yaml  # layers, in order, as --data takes them
  exocalc validate my.yaml --format json | jq '.problems[].message'
"""


@reports_errors
def run(paths: tuple[str, ...], **values: Any) -> None:
    """Check datasets: every problem, each as file:line:column: field: message (exit 1);
    or one line saying what the data holds (exit 0). `--format json` gives all of it as
    JSON (`exocalc schema validate`)."""
    from exocalc.cli.environment import current
    from exocalc.data.load import check_layers
    from exocalc.output.validation import write_validation
    from exocalc.rates import bundled_rates

    fmt = output_format(values["format"], "validate")
    layers = [Path(p) for p in paths] if paths else current().data_paths
    warnings: list[Problem] = []
    dataset, problems = check_layers(layers, bundled_rates().currencies, today(), warnings=warnings)
    summary = None
    if not problems:
        names = ", ".join(str(p) for p in layers) or "the bundled dataset"
        rules = len(dataclasses.fields(dataset.rules))
        summary = (
            f"{names}: {len(dataset.clinics)} clinics, {len(dataset.tiers)} tiers, "
            f"{len(dataset.trip.origins)} origins, {rules} rule{'s' if rules != 1 else ''}; "
            f"data as of {dataset.as_of.isoformat()}"
        )
    total = problems.total if problems else 0
    files = [str(p) for p in layers]
    env = current()
    write_validation(
        files, list(problems or ()), total, warnings, summary, fmt, env.out, env.display
    )
    if problems:
        count = f"{problems.total:,} problem{'s' if problems.total > 1 else ''} found"
        say(f"{count}; the first {len(problems)} shown" if problems.more else count)
        raise click.exceptions.Exit(EXIT_DATA)


def command() -> Command:
    return Command(
        "validate",
        params=[
            argument(
                "paths",
                metavar="[PATH]...",
                many=True,
                help="Dataset files, in layers. Default: the bundled dataset.",
            ),
            format_option("validate"),
        ],
        callback=run,
        help=run.__doc__,
        epilog=EXAMPLES,
    )
