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
    NoColorOption,
    OriginOption,
    RateOption,
    SessionsOption,
    TravellersOption,
    TreatmentOption,
    currency_code,
    load,
    parse_count,
    parse_date,
    reports_errors,
)
from exocalc.errors import pick

EXAMPLES = """\b
Examples:
  exocalc compare
  exocalc compare --treatment hair --origin london
  exocalc compare --travellers 2 --currency EUR --format json | jq '.destinations[0]'
"""


@reports_errors
def compare_command(
    treatment: TreatmentOption = "skin",
    sessions: SessionsOption = None,
    travellers: TravellersOption = "1",
    origin: OriginOption = None,
    currency: CurrencyOption = None,
    date: DateOption = None,
    format: Annotated[ListingFormat, typer.Option("--format", "-f")] = ListingFormat.table,
    no_color: NoColorOption = False,
    data: DataOption = None,
    rate: RateOption = None,
) -> None:
    """Compare Seoul's factory, standard and premium clinics with the USA/UK and Japan:
    price per session and, for Seoul, the whole trip against the price at home."""
    from exocalc.output.compare import write_compare  # deferred: start-up stays light
    from exocalc.pricing import Plan, compare

    dataset, rates = load(data, rate)
    plan = Plan(
        date=parse_date(date),
        treatment=treatment,
        sessions=parse_count("--sessions", sessions),
        travellers=parse_count("--travellers", travellers) or 0,
        origin=origin,
    )
    result = compare(plan, dataset, rates)
    _, origin_data = pick("origin", result.base.plan.origin, dataset.trip.origins, "--origin")
    code = currency_code(currency, rates, origin_data.fare.currency)
    write_compare(result, code, format.value, sys.stdout, dt.date.today())


def register(app: typer.Typer) -> None:
    app.command("compare", epilog=EXAMPLES)(compare_command)
