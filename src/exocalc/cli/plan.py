"""`exocalc plan`: the trip day by day, with quote's options."""

from __future__ import annotations

import sys

import typer

from exocalc.cli.common import currency_code, export_path, exported
from exocalc.cli.quote import TripRequest, trip_command

EXAMPLES = """\b
Examples:
  exocalc plan
  exocalc plan --treatment hair --date 2026-04-06
  exocalc plan --date 2025-06-02 --vat-refund yes --format json | jq '.itinerary[]'
  exocalc plan --treatment hair --export plan.html
"""


def render_plan(request: TripRequest) -> None:
    from exocalc.output.plan import write_plan
    from exocalc.programme import itinerary, one_stay, programme

    r = request
    prog = programme(r.plan, r.data, r.rates)
    stay = prog.stay if prog else one_stay(r.plan, r.data, r.rates)  # priced once
    origin_currency = r.data.trip.origins[stay.trips[0].quote.plan.origin].fare.currency
    currency = currency_code(r.currency, r.rates, origin_currency)
    option = prog.cheaper(currency)[0] if prog else stay
    steps = itinerary(option, r.data)
    write_plan(option, steps, prog, currency, r.format, sys.stdout, r.today, export_path(r.export))
    exported(r.export)


def register(app: typer.Typer) -> None:
    app.command(
        "plan",
        epilog=EXAMPLES,
        help="Plan the trip day by day: arrival, sessions and after-care, recovery, the "
        "earliest sensible flight home, the VAT refund at the airport when it applies; for a "
        "programme of several sessions, one long stay against repeated trips.",
    )(trip_command(render_plan))
