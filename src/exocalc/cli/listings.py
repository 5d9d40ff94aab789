"""`exocalc origins`, `treatments`, `addons`, `hotels`, `channels`: what the data knows, each
listed in every format `clinics` has. One module for the five: they differ only in their rows
(output/listings.py)."""

from __future__ import annotations

from typing import Any

from exocalc.cli.common import (
    data_option,
    format_option,
    load,
    no_color_option,
    output_format,
    quiet_option,
    reports_errors,
)
from exocalc.cli.environment import current
from exocalc.cli.params import Command

HELP = {
    "origins": "List the origins: where you can fly from, the fare's range in the origin's "
    "currency, and the region whose home price a quote compares with.",
    "treatments": "List the treatments: product, sessions of a programme, days between them.",
    "addons": "List the add-ons (--addon): what each costs a session, in KRW.",
    "hotels": "List the hotels (--hotel): a room a night, in KRW.",
    "channels": "List the booking channels (--booking): cashback, as points, never subtracted.",
    "sources": "List the sources of the data's figures: title, address, as-of date, and which "
    "figures cite each (a source nothing cites is not listed).",
}


def _command(name: str) -> Command:
    @reports_errors
    def run(**values: Any) -> None:
        from exocalc.output.listings import LISTINGS, write_data_listing

        fmt = output_format(values["format"], name)
        dataset, _ = load(values["data"], None)
        env = current()
        write_data_listing(LISTINGS[name], dataset, fmt, env.out, env.display)

    examples = f"""\b
Examples:
  exocalc {name}
  exocalc {name} --format csv > {name}.csv
  exocalc {name} --format json | jq '.{name}[].id'
"""
    return Command(
        name,
        params=[format_option(name), no_color_option(), data_option(), quiet_option()],
        callback=run,
        help=HELP[name],
        epilog=examples,
    )


def origins() -> Command:
    return _command("origins")


def treatments() -> Command:
    return _command("treatments")


def addons() -> Command:
    return _command("addons")


def hotels() -> Command:
    return _command("hotels")


def channels() -> Command:
    return _command("channels")


def sources() -> Command:
    return _command("sources")
