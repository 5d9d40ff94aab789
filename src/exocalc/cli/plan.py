"""`exocalc plan`: the quoted trip day by day."""

from __future__ import annotations

from typing import Any

from exocalc.cli.common import (
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
from exocalc.cli.environment import current
from exocalc.cli.params import Command
from exocalc.cli.trip import request_from, trip_options

EXAMPLES = """\b
Examples:
  exocalc plan
  exocalc plan --treatment hair --date 2026-04-06
  exocalc plan --treatment hair --trips 1 --format plain
  exocalc plan --date 2025-06-02 --vat-refund yes --format json | jq '.itinerary[]'
  exocalc plan --treatment hair --export plan.html
"""


@reports_errors
def run(**values: Any) -> None:
    from exocalc.output.common import warnings
    from exocalc.output.plan import write_plan
    from exocalc.pricing.itinerary import itinerary
    from exocalc.pricing.quote import price

    request = request_from(values)
    fmt = output_format(values["format"], "plan")
    export = export_path(values["export"], values["force"])
    dataset, rates = load(values["data"], values["rate"])
    day = today()
    quote = price(request, dataset, rates, day)
    undated = request.date is None  # the first session tomorrow: said to be the default
    warn_of(fmt, warnings([quote], day, undated))
    env = current()
    steps = itinerary(quote, dataset)
    write_plan(quote, steps, fmt, env.out, day, env.display, export, undated, dataset)
    exported(export)


def command() -> Command:
    return Command(
        "plan",
        params=[
            *trip_options(),
            format_option("plan"),
            export_option(),
            force_option(),
            no_color_option(),
            quiet_option(),
            data_option(),
            rate_option(),
            rates_file_option(),
        ],
        callback=run,
        help="Plan the trip `exocalc quote` prices, day by day: arrival, sessions and "
        "after-care, recovery, the flight home at least 48 hours after the last session, the "
        "VAT refund at the airport where it applies; for a programme, every trip of the way.",
        epilog=EXAMPLES,
    )
