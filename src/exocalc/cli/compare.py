"""`exocalc compare`: Seoul's kinds of clinic, or named clinics, against home and elsewhere."""

from __future__ import annotations

from typing import Any

from exocalc.cli.common import (
    chart_option,
    data_option,
    export_option,
    export_path,
    exported,
    force_option,
    format_option,
    load,
    no_color_option,
    output_format,
    quiet_option,
    rate_option,
    rates_file_option,
    reports_errors,
    today,
    warn_of,
)
from exocalc.cli.complete import completer
from exocalc.cli.environment import current
from exocalc.cli.params import Command, option
from exocalc.cli.trip import request_from, trip_options
from exocalc.request import FIELDS

# The trip's fields; which clinic prices it is compare's own question (--tier, --clinic).
TRIP_FIELDS = [f for f in FIELDS if not f.picks_clinic]

EXAMPLES = """\b
Examples:
  exocalc compare
  exocalc compare --treatment hair --origin london
  exocalc compare --nights 6 --hotel budget --addon led --travellers 2 --booking creatrip
  exocalc compare --clinic xenia --clinic forena
  exocalc compare --tier premium --clinic forena --currency EUR --format json
  exocalc compare --chart --home-price 3000 --export compare.html
"""


@reports_errors
def run(**values: Any) -> None:
    from exocalc.output.common import warnings
    from exocalc.output.compare import write_compare
    from exocalc.pricing.compare import compare

    request = request_from(values, TRIP_FIELDS)
    fmt = output_format(values["format"], "compare")
    export = export_path(values["export"], values["force"])
    dataset, rates = load(values["data"], values["rate"])
    day = today()
    result = compare(request, values["tier"], values["clinic"], dataset, rates, day)
    undated = request.date is None  # the first session tomorrow: said to be the default
    warn_of(fmt, warnings((d.quote for d in result.destinations if d.quote), day, undated))
    env = current()
    write_compare(result, fmt, env.out, day, env.display, values["chart"], export, undated, dataset)
    exported(export)


def command() -> Command:
    return Command(
        "compare",
        params=[
            option(
                "--tier",
                metavar="TIER",
                many=True,
                complete=completer("tier"),
                help="A tier to compare (repeatable). Default: every tier, unless clinics "
                "are named.",
            ),
            option(
                "--clinic",
                metavar="ID",
                many=True,
                complete=completer("clinic"),
                help="A clinic to compare, by id (repeatable): beside the tiers named, or alone.",
            ),
            *trip_options(TRIP_FIELDS),
            format_option("compare"),
            chart_option(),
            export_option(),
            force_option(),
            no_color_option(),
            quiet_option(),
            data_option(),
            rate_option(),
            rates_file_option(),
        ],
        callback=run,
        help="Compare Seoul's factory, standard and premium clinics (or the clinics you name) "
        "with the USA/UK and Japan: the price a session and, for Seoul, your whole trip (every "
        "option of `exocalc quote`) against the price at home.",
        epilog=EXAMPLES,
    )
