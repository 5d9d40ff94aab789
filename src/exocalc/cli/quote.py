"""`exocalc quote`: one trip, line by line, in KRW and your currency."""

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
from exocalc.cli.environment import current
from exocalc.cli.params import Command
from exocalc.cli.trip import request_from, trip_options

EXAMPLES = """\b
Examples:
  exocalc quote
  exocalc quote --tier premium --travellers 2 --hotel luxury --origin london
  exocalc quote --clinic xenia --price 180000 --flight 950 --addon led
  exocalc quote --treatment hair --trips 1       # one long stay, not the cheapest way
  exocalc quote --travellers 2 --tier premium --format json | jq .total.typical
  exocalc quote --date 2025-06-01 --vat-refund yes
"""


@reports_errors
def run(**values: Any) -> None:
    from exocalc.output.common import warnings
    from exocalc.output.quote import write_quote
    from exocalc.pricing.quote import price

    request = request_from(values)
    fmt = output_format(values["format"], "quote")
    export = export_path(values["export"], values["force"])
    dataset, rates = load(values["data"], values["rate"])
    day = today()
    quote = price(request, dataset, rates, day)
    undated = request.date is None  # the first session tomorrow: said to be the default
    warn_of(fmt, warnings([quote], day, undated))
    env = current()
    write_quote(quote, fmt, env.out, day, env.display, values["chart"], export, undated, dataset)
    exported(export)


def command() -> Command:
    return Command(
        "quote",
        params=[
            *trip_options(),
            format_option("quote"),
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
        help="Price one trip line by line, in KRW and your currency: low, typical and high. "
        "A programme of several sessions is priced every way it fits (one stay, or trips), "
        "and quoted the cheapest way unless --trips says otherwise.",
        epilog=EXAMPLES,
    )
