"""`exocalc compare`: Seoul's kinds of clinic against home and elsewhere, all in."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from exocalc.cli.common import (
    CurrencyOption,
    DataOption,
    DateOption,
    ListingFormat,
    RateOption,
    currency_code,
    load,
    parse_date,
    reports_errors,
)
from exocalc.output.compare import write_compare
from exocalc.pricing import Plan, compare, pick

EXAMPLES = """
Examples:

  exocalc compare

  exocalc compare --treatment hair --origin london

  exocalc compare --travellers 2 --currency EUR --format json | jq '.destinations[0]'
"""


@reports_errors
def compare_command(
    treatment: Annotated[str, typer.Option(help="skin or hair.")] = "skin",
    sessions: Annotated[
        int | None, typer.Option(help="Sessions per traveller. Default: the treatment's programme.")
    ] = None,
    travellers: Annotated[int, typer.Option(help="How many of you travel and are treated.")] = 1,
    origin: Annotated[
        str | None, typer.Option(help="Where you fly from, e.g. los_angeles, london, tokyo.")
    ] = None,
    currency: CurrencyOption = None,
    date: DateOption = None,
    format: Annotated[ListingFormat, typer.Option("--format", "-f")] = ListingFormat.table,
    data: DataOption = None,
    rate: RateOption = None,
) -> None:
    """Compare Seoul's factory, standard and premium clinics with the USA/UK and Japan:
    price per session and, for Seoul, the whole trip against the price at home."""
    dataset, rates = load(data, rate)
    plan = Plan(
        date=parse_date(date),
        treatment=treatment,
        sessions=sessions,
        travellers=travellers,
        origin=origin,
    )
    result = compare(plan, dataset, rates)
    _, origin_data = pick("origin", result.base.plan.origin, dataset.trip.origins, "--origin")
    code = currency_code(currency, rates, origin_data.fare.currency)
    write_compare(result, code, format.value, sys.stdout, dt.date.today())


def register(app: typer.Typer) -> None:
    app.command("compare", epilog=EXAMPLES)(compare_command)
