"""`exocalc compare`: Seoul's kinds of clinic against home and elsewhere, all in."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from exocalc.cli.common import (
    ChartOption,
    CurrencyOption,
    DataOption,
    DateOption,
    ExportOption,
    HomePriceOption,
    ListingFormat,
    NoColorOption,
    OriginOption,
    RateOption,
    SessionsOption,
    TravellersOption,
    TreatmentOption,
    currency_code,
    export_path,
    exported,
    load,
    reports_errors,
)
from exocalc.errors import pick

EXAMPLES = """\b
Examples:
  exocalc compare
  exocalc compare --treatment hair --origin london
  exocalc compare --travellers 2 --currency EUR --format json | jq '.destinations[0]'
  exocalc compare --chart --home-price 3000
  exocalc compare --origin sydney --home-price 2800 --export compare.html
"""


@reports_errors
def compare_command(
    treatment: TreatmentOption = "skin",
    sessions: SessionsOption = None,
    travellers: TravellersOption = "1",
    origin: OriginOption = None,
    currency: CurrencyOption = None,
    date: DateOption = None,
    home_price: HomePriceOption = None,
    chart: ChartOption = False,
    export: ExportOption = None,
    format: Annotated[ListingFormat, typer.Option("--format", "-f")] = ListingFormat.table,
    no_color: NoColorOption = False,
    data: DataOption = None,
    rate: RateOption = None,
) -> None:
    """Compare Seoul's factory, standard and premium clinics with the USA/UK and Japan:
    price per session and, for Seoul, the whole trip against the price at home."""
    from exocalc.cli.plans import plan_from_values  # deferred: start-up stays light
    from exocalc.output.compare import write_compare
    from exocalc.pricing import compare

    dataset, rates = load(data, rate)
    today = dt.date.today()
    options = {
        "treatment": treatment,
        "sessions": sessions,
        "travellers": travellers,
        "origin": origin,
        "currency": currency,
        "date": date,
        "home_price": home_price,
    }
    plan, _ = plan_from_values(options, today, prefix="--")
    result = compare(plan, dataset, rates)
    _, origin_data = pick("origin", result.base.plan.origin, dataset.trip.origins, "--origin")
    code = currency_code(currency, rates, origin_data.fare.currency)
    write_compare(result, code, format.value, sys.stdout, today, chart, export_path(export))
    exported(export)


def register(app: typer.Typer) -> None:
    app.command("compare", epilog=EXAMPLES)(compare_command)
