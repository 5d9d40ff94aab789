"""`exocalc clinics`: list and filter the clinics; `exocalc clinics show ID`: one, with sources."""

from __future__ import annotations

from typing import Any

from exocalc.cli.common import (
    currency_code,
    data_option,
    format_option,
    load,
    no_color_option,
    output_format,
    quiet_option,
    rate_option,
    reports_errors,
)
from exocalc.cli.complete import completer
from exocalc.cli.environment import current
from exocalc.cli.params import Command, Group, argument, current_context, option
from exocalc.errors import normalise_id, pick

EXAMPLES = """\b
Examples:
  exocalc clinics
  exocalc clinics --tier premium --currency GBP
  exocalc clinics show forena
  exocalc clinics --format csv > clinics.csv
"""
FILTER_HINT = "`exocalc clinics` lists every clinic, with its tier and area."
CURRENCY_HELP = (
    "Show prices in this currency (ISO code: USD, GBP, KRW...). "
    "Default: yours (exocalc config), or your origin's, or USD."
)


@reports_errors
def list_clinics(**values: Any) -> None:
    if current_context().invoked_subcommand is not None:
        return
    from exocalc.output.clinics import write_clinics

    fmt = output_format(values["format"], "clinics")
    dataset, rates = load(values["data"], values["rate"])
    ids = list(dataset.clinics)
    tier, area, treatment = values["tier"], values["area"], values["treatment"]
    if tier is not None:
        if normalise_id(tier) == "unknown":
            ids = [c for c in ids if dataset.clinics[c].tier is None]
        else:
            tier_id, _ = pick("tier", tier, dataset.tiers, "tier")
            ids = [c for c in ids if dataset.clinics[c].tier == tier_id]
    if area is not None:
        areas = sorted({c.area for c in dataset.clinics.values() if c.area})
        wanted = area.strip().lower()
        if wanted not in {a.lower() for a in areas}:
            pick("area", area, {a.lower(): a for a in areas}, "area")
        ids = [c for c in ids if (dataset.clinics[c].area or "").lower() == wanted]
    hint = ""
    if treatment is not None:
        treatment_id, _ = pick("treatment", treatment, dataset.treatments, "treatment")
        ids = [c for c in ids if treatment_id in dataset.clinics[c].treatments]
        hint = (
            f"`exocalc quote --treatment {treatment_id}` prices it from the tiers' ranges; "
            "`exocalc clinics` lists every clinic."
        )
    filters = ", ".join(f"--{name} {values[name]}" for name in ("tier", "area", "treatment")
                        if values[name] is not None)  # fmt: skip
    code = currency_code(values["currency"], rates, dataset)
    env = current()
    write_clinics(
        dataset, ids, rates, code, fmt, env.out, env.display, filters, hint or FILTER_HINT
    )


@reports_errors
def show_clinic(**values: Any) -> None:
    from exocalc.output.clinics import write_clinic

    fmt = output_format(values["format"], "clinics")
    dataset, rates = load(values["data"], values["rate"])
    cid, _ = pick("clinic", values["clinic_id"], dataset.clinics, "clinic ID")
    code = currency_code(values["currency"], rates, dataset)
    env = current()
    write_clinic(dataset, cid, rates, code, fmt, env.out, env.display)


def _common() -> list[Any]:
    return [
        option("--currency", metavar="CODE", complete=completer("currency"), help=CURRENCY_HELP),
        format_option("clinics"), no_color_option(), data_option(), rate_option(),
        quiet_option(),
    ]  # fmt: skip


def command() -> Group:
    show = Command(
        "show",
        params=[
            argument(
                "clinic_id",
                metavar="ID",
                required=True,
                complete=completer("clinic"),
                help="A clinic id, e.g. forena.",
            ),
            *_common(),
        ],
        callback=show_clinic,
        help="Show one clinic with its prices and sources.",
    )
    return Group(
        {},
        name="clinics",
        commands={"show": show},
        invoke_without_command=True,
        callback=list_clinics,
        params=[
            option(
                "--tier",
                metavar="TIER",
                complete=completer("tier"),
                help="Only this tier (or 'unknown').",
            ),
            option("--area", metavar="AREA", help="Only this area, e.g. Gangnam."),
            option(
                "--treatment",
                metavar="TREATMENT",
                complete=completer("treatment"),
                help="Only clinics offering it.",
            ),
            *_common(),
        ],
        help="List and filter the clinics; `exocalc clinics show ID` shows one with its sources.",
        epilog=EXAMPLES,
    )
