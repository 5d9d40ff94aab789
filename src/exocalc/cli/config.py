"""`exocalc config`: your own defaults (origin, currency, travellers, hotel, booking), where
each comes from; `exocalc config set KEY VALUE` and `unset KEY` change the config file."""

from __future__ import annotations

import sys
from typing import Any

from exocalc.cli.common import (
    UsageError,
    choice,
    format_option,
    load,
    no_color_option,
    option_name,
    reports_errors,
    say,
    today,
)
from exocalc.cli.params import Command, Group, argument, current_context

EXAMPLES = """\b
Examples:
  exocalc config                       # each setting, its value and where it comes from
  exocalc config set origin london     # quotes from London, in GBP, from now on
  exocalc config set currency EUR
  exocalc config unset currency
  EXOCALC_TRAVELLERS=2 exocalc quote   # the environment, for one command

\b
Precedence: the command line, then EXOCALC_ORIGIN, EXOCALC_CURRENCY, EXOCALC_TRAVELLERS,
EXOCALC_HOTEL and EXOCALC_BOOKING, then the config file, then the data's defaults. `batch`
reads none of them: a batch file says what it means, row by row.
"""
CONFIG_FORMATS = ("table", "json")


@reports_errors
def show(**values: Any) -> None:
    """Show your own defaults: each setting, its value, and where it comes from."""
    if current_context().invoked_subcommand is not None:
        return
    from exocalc.output.config import write_config
    from exocalc.settings import config_path, settings

    fmt = choice(values["format"], CONFIG_FORMATS, "--format")
    dataset, _ = load(None, None)
    write_config(settings(), config_path(), dataset, fmt, sys.stdout)


@reports_errors
def set_value(key: str, value: str) -> None:
    """Set one default in the config file (written atomically)."""
    from exocalc.settings import config_path, write_setting

    name = _key(key)
    _check(name, value)
    path = config_path()
    write_setting(path, name, value.strip())
    say(f"{name} = {value.strip()} (in {path})")


@reports_errors
def unset_value(key: str) -> None:
    """Remove one default from the config file: the data's default applies again."""
    from exocalc.settings import config_path, write_setting

    name = _key(key)
    path = config_path()
    write_setting(path, name, None)
    say(f"{name} removed (from {path})")


def _key(key: str) -> str:
    from exocalc.settings import KEYS

    return choice(key, KEYS, "setting")


def _check(name: str, value: str) -> None:
    """A value is checked as the trip's own field, against the data, before it is written."""
    from exocalc.errors import PlanError
    from exocalc.request import Request, resolve

    dataset, rates = load(None, None)
    try:
        resolve(Request.from_values({name: value}), dataset, rates.currencies, today())
    except PlanError as exc:
        shown = exc.shown(lambda field: field if field == name else option_name(field))
        raise UsageError(shown) from None


def command() -> Group:
    key = argument("key", metavar="KEY", required=True, help="origin, currency, travellers, "
                   "hotel or booking.")  # fmt: skip
    set_command = Command(
        "set",
        params=[key, argument("value", metavar="VALUE", required=True, help="Its value.")],
        callback=set_value,
        help=set_value.__doc__,
    )
    unset_command = Command("unset", params=[key], callback=unset_value, help=unset_value.__doc__)
    return Group(
        {},
        name="config",
        commands={"set": set_command, "unset": unset_command},
        invoke_without_command=True,
        callback=show,
        params=[format_option(CONFIG_FORMATS), no_color_option()],
        help=show.__doc__,
        epilog=EXAMPLES,
    )
