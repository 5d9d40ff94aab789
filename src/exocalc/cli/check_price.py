"""`exocalc check-price`: is this quote fair? Where a clinic's price stands against the data's
ranges, in one line or JSON."""

from __future__ import annotations

from typing import Any

from exocalc.cli.common import (
    data_option,
    format_option,
    load,
    output_format,
    quiet_option,
    rate_option,
    reports_errors,
    today,
    warn_of,
)
from exocalc.cli.complete import completer
from exocalc.cli.environment import current
from exocalc.cli.params import Command, argument, option
from exocalc.errors import UsageError

EXAMPLES = """\b
Examples:
  exocalc check-price 450000                     # which tiers' ranges hold KRW 450,000
  exocalc check-price 2000000 --clinic forena    # against Forena's range: above, by how much
  exocalc check-price 300USD --treatment hair --tier premium
  exocalc check-price 450000 --format json | jq .position
"""


@reports_errors
def run(**values: Any) -> None:
    """Say where a price a clinic quoted you stands: within, below or above the clinic's range
    (or a tier's), by how much, and which tiers' ranges hold it."""
    from exocalc.errors import PlanError, UnknownName, pick
    from exocalc.output.check_price import write_check
    from exocalc.output.common import stale_rates
    from exocalc.pricing.fairness import check_given
    from exocalc.request import FIELD_BY_NAME

    fmt = output_format(values["format"], "check-price")
    dataset, rates = load(values["data"], values["rate"])
    try:
        amount = FIELD_BY_NAME["price"].parse(values["amount"])
        if amount.currency is not None and not rates.knows(amount.currency):
            raise UnknownName("currency", amount.currency, rates.currencies, "price")
    except PlanError as exc:  # the amount is an argument here, not --price
        raise UsageError(exc.shown(lambda field: "AMOUNT")) from None
    treatment = values["treatment"] or next(iter(dataset.treatments))
    treatment_id, _ = pick("treatment", treatment, dataset.treatments, "treatment")
    if values["clinic"] and values["tier"]:
        raise UsageError("give --tier or --clinic, not both: a clinic has its own tier")
    clinic_id = pick("clinic", values["clinic"], dataset.clinics, "clinic")[0] if values[
        "clinic"] else None  # fmt: skip
    tier_id = pick("tier", values["tier"], dataset.tiers, "tier")[0] if values["tier"] else None
    check = check_given(amount, dataset, rates, treatment_id, clinic_id, tier_id)
    stale = stale_rates(rates, today()) if amount.currency not in (None, "KRW") else None
    warn_of(fmt, [stale] if stale else [])  # the price was converted at these rates
    env = current()
    write_check(check, treatment_id, fmt, env.out, env.display, amount)


def command() -> Command:
    return Command(
        "check-price",
        params=[
            argument(
                "amount",
                metavar="AMOUNT",
                required=True,
                help="A price a session: in KRW (450000), or with its currency (300USD).",
            ),
            option(
                "--treatment",
                metavar="TREATMENT",
                complete=completer("treatment"),
                help="skin or hair. Default: skin (the data's first).",
            ),
            option(
                "--clinic",
                metavar="ID",
                complete=completer("clinic"),
                help="Compare with this clinic's range (its own, or its tier's).",
            ),
            option(
                "--tier",
                metavar="TIER",
                complete=completer("tier"),
                help="Compare with this tier's range. Default: every tier's.",
            ),
            format_option("check-price"),
            quiet_option(),
            data_option(),
            rate_option(),
        ],
        callback=run,
        help=run.__doc__,
        epilog=EXAMPLES,
    )
