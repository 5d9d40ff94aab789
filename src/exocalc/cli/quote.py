"""`exocalc quote`: one concrete trip, line by line. Its options are also `exocalc plan`'s:
`trip_command` makes a command with them that hands the plan to a renderer."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from exocalc.cli.common import (
    ChartOption,
    CurrencyOption,
    DataOption,
    DateOption,
    ExportOption,
    HomePriceOption,
    NoColorOption,
    OriginOption,
    QuoteFormat,
    RateOption,
    SessionsOption,
    TravellersOption,
    TreatmentOption,
    export_path,
    exported,
    load,
    reports_errors,
)
from exocalc.cli.complete import names

if TYPE_CHECKING:
    from exocalc.dataset import Dataset
    from exocalc.pricing import Plan
    from exocalc.rates import Rates

EXAMPLES = """\b
Examples:
  exocalc quote
  exocalc quote --tier premium --travellers 2 --hotel luxury --origin london
  exocalc quote --clinic xenia --price 180000 --flight 950 --addon led
  exocalc quote --travellers 2 --tier premium --format json | jq .total.typical
  exocalc quote --date 2025-06-01 --vat-refund yes
"""


class VatRefund(StrEnum):
    auto = "auto"
    yes = "yes"
    no = "no"


@dataclass(frozen=True)
class TripRequest:
    """A parsed trip command line, for a renderer."""

    plan: Plan
    currency: str | None
    data: Dataset
    rates: Rates
    format: str
    chart: bool
    export: Path | None
    today: dt.date


def trip_command(render: Callable[[TripRequest], None]) -> Callable[..., None]:
    """A command with quote's options that hands the parsed plan to `render`."""

    @reports_errors
    def command(
        treatment: TreatmentOption = "skin",
        tier: Annotated[
            str | None,
            typer.Option(
                metavar="TIER",
                autocompletion=names("tier"),
                help="factory, standard or premium. Default: standard.",
            ),
        ] = None,
        clinic: Annotated[
            str | None,
            typer.Option(
                metavar="ID",
                autocompletion=names("clinic"),
                help="A clinic id from `exocalc clinics` (instead of --tier).",
            ),
        ] = None,
        price_krw: Annotated[
            str | None,
            typer.Option(
                "--price", metavar="KRW", help="A quote the clinic gave you: KRW per session."
            ),
        ] = None,
        sessions: SessionsOption = None,
        travellers: TravellersOption = "1",
        origin: OriginOption = None,
        nights: Annotated[
            str | None,
            typer.Option(
                metavar="N", help="Nights in Seoul. Default: 4, or what the sessions need."
            ),
        ] = None,
        hotel: Annotated[
            str | None,
            typer.Option(
                metavar="HOTEL",
                autocompletion=names("hotel"),
                help="budget, mid or luxury. Default: mid.",
            ),
        ] = None,
        flight: Annotated[
            str | None,
            typer.Option(
                metavar="AMOUNT", help="Round-trip fare per person, in the origin's currency."
            ),
        ] = None,
        currency: CurrencyOption = None,
        date: DateOption = None,
        vat_refund: Annotated[
            VatRefund,
            typer.Option(
                help="auto: apply the refund only where its dated rule allows; yes: the clinic "
                "confirmed it; no: leave it out."
            ),
        ] = VatRefund.auto,
        addon: Annotated[
            list[str] | None,
            typer.Option(
                metavar="NAME",
                autocompletion=names("addon"),
                help="An add-on: led, cold_mask, thulium_laser (repeatable).",
            ),
        ] = None,
        booking: Annotated[
            str | None,
            typer.Option(
                metavar="CHANNEL",
                autocompletion=names("booking"),
                help="How you book: direct, creatrip, unni_global, gangnam_unni.",
            ),
        ] = None,
        contingency: Annotated[
            str | None, typer.Option(metavar="PCT", help="Add this percentage of the subtotal.")
        ] = None,
        home_price: HomePriceOption = None,
        chart: ChartOption = False,
        export: ExportOption = None,
        format: Annotated[QuoteFormat, typer.Option("--format", "-f")] = QuoteFormat.table,
        no_color: NoColorOption = False,
        data: DataOption = None,
        rate: RateOption = None,
    ) -> None:
        from exocalc.cli.plans import plan_from_values  # deferred: start-up stays light

        dataset, rates = load(data, rate)
        options = {
            "treatment": treatment,
            "tier": tier,
            "clinic": clinic,
            "price": price_krw,
            "sessions": sessions,
            "travellers": travellers,
            "origin": origin,
            "nights": nights,
            "hotel": hotel,
            "flight": flight,
            "currency": currency,
            "date": date,
            "vat_refund": vat_refund.value,
            "addon": addon,
            "booking": booking,
            "contingency": contingency,
            "home_price": home_price,
        }
        today = dt.date.today()
        plan, code = plan_from_values(options, today, prefix="--")
        render(TripRequest(plan, code, dataset, rates, format.value, chart, export, today))

    return command


def render_quote(request: TripRequest) -> None:
    from exocalc.cli.plans import price
    from exocalc.output.quote import write_quote
    from exocalc.programme import programme

    r = request
    priced = price(r.plan, r.currency, r.data, r.rates)
    several = programme(r.plan, r.data, r.rates)
    write_quote(priced, r.format, sys.stdout, r.today, several, r.chart, export_path(r.export))
    exported(r.export)


def register(app: typer.Typer) -> None:
    app.command(
        "quote",
        epilog=EXAMPLES,
        help="Price one trip line by line, in KRW and your currency: low, typical and high.",
    )(trip_command(render_quote))
