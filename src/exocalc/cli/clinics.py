"""`exocalc clinics`: list and filter the clinics; `exocalc clinics show ID`: one, with sources."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from exocalc.cli.common import (
    CurrencyOption,
    DataOption,
    ListingFormat,
    NoColorOption,
    RateOption,
    currency_code,
    load,
    reports_errors,
)
from exocalc.cli.complete import names
from exocalc.errors import normalise_id, pick

EXAMPLES = """\b
Examples:
  exocalc clinics
  exocalc clinics --tier premium --currency GBP
  exocalc clinics show forena
  exocalc clinics --format csv > clinics.csv
"""

clinics_app = typer.Typer(
    name="clinics",
    help="List and filter the clinics; `exocalc clinics show ID` shows one with its sources.",
    invoke_without_command=True,
    epilog=EXAMPLES,
)


@clinics_app.callback()
@reports_errors
def list_clinics(
    ctx: typer.Context,
    tier: Annotated[
        str | None,
        typer.Option(
            metavar="TIER", autocompletion=names("tier"), help="Only this tier (or 'unknown')."
        ),
    ] = None,
    area: Annotated[
        str | None, typer.Option(metavar="AREA", help="Only this area, e.g. Gangnam.")
    ] = None,
    treatment: Annotated[
        str | None, typer.Option(metavar="skin|hair", help="Only clinics offering it.")
    ] = None,
    currency: CurrencyOption = None,
    format: Annotated[ListingFormat, typer.Option("--format", "-f")] = ListingFormat.table,
    no_color: NoColorOption = False,
    data: DataOption = None,
    rate: RateOption = None,
) -> None:
    """List and filter the clinics the dataset knows."""
    if ctx.invoked_subcommand is not None:
        return
    from exocalc.output.clinics import write_clinics  # deferred: start-up stays light

    dataset, rates = load(data, rate)
    ids = list(dataset.clinics)
    if tier is not None:
        if normalise_id(tier) == "unknown":
            ids = [c for c in ids if dataset.clinics[c].tier is None]
        else:
            tier_id, _ = pick("tier", tier, dataset.tiers, "--tier")
            ids = [c for c in ids if dataset.clinics[c].tier == tier_id]
    if area is not None:
        areas = sorted({c.area for c in dataset.clinics.values() if c.area})
        wanted = area.strip().lower()
        if wanted not in {a.lower() for a in areas}:
            pick("area", area, {a.lower(): a for a in areas}, "--area")
        ids = [c for c in ids if (dataset.clinics[c].area or "").lower() == wanted]
    if treatment is not None:
        treatment_id, _ = pick("treatment", treatment, dataset.treatments, "--treatment")
        ids = [c for c in ids if treatment_id in dataset.clinics[c].treatments]
    default = dataset.trip.origins[dataset.trip.default_origin].fare.currency
    code = currency_code(currency, rates, default)
    write_clinics(dataset, ids, rates, code, format.value, sys.stdout)


@clinics_app.command("show")
@reports_errors
def show_clinic(
    clinic_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", autocompletion=names("clinic"), help="A clinic id, e.g. forena."
        ),
    ],
    currency: CurrencyOption = None,
    format: Annotated[ListingFormat, typer.Option("--format", "-f")] = ListingFormat.table,
    no_color: NoColorOption = False,
    data: DataOption = None,
    rate: RateOption = None,
) -> None:
    """Show one clinic with its prices and sources."""
    from exocalc.output.clinics import write_clinic

    dataset, rates = load(data, rate)
    cid, _ = pick("clinic", clinic_id, dataset.clinics, "ID")
    default = dataset.trip.origins[dataset.trip.default_origin].fare.currency
    code = currency_code(currency, rates, default)
    write_clinic(dataset, cid, rates, code, format.value, sys.stdout)


def register(app: typer.Typer) -> None:
    app.add_typer(clinics_app)
