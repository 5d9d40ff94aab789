"""`exocalc config`: your own defaults (origin, currency, travellers, hotel, booking), where
each comes from; `exocalc config set KEY VALUE` and `unset KEY` change the config file."""

from __future__ import annotations

from typing import Any

import click

from exocalc.cli.common import (
    EXIT_DATA,
    choice,
    format_option,
    load,
    no_color_option,
    option_name,
    output_format,
    quiet_option,
    reports_errors,
    say,
    today,
)
from exocalc.cli.environment import current
from exocalc.cli.params import Command, Group, argument, current_context
from exocalc.errors import UsageError

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


@reports_errors
def show(**values: Any) -> None:
    """Show your own defaults: each setting, its value, and where it comes from. A value that
    cannot be used is named, and the command exits 1."""
    if current_context().invoked_subcommand is not None:
        return
    from exocalc.output.config import write_config
    from exocalc.settings import config_path, settings

    fmt = output_format(values["format"], "config")
    dataset, rates = load(None, None)
    found = settings()
    problems = {}
    for setting in found:
        if setting.value is not None:
            try:
                _normalised(setting.key, setting.value, dataset, rates)
            except UsageError as exc:
                problems[setting.key] = str(exc)
    env = current()
    write_config(found, config_path(), dataset, fmt, env.out, problems, env.display)
    if problems:
        raise click.exceptions.Exit(EXIT_DATA)


@reports_errors
def set_value(key: str, value: str) -> None:
    """Set one default in the config file (written atomically; comments kept)."""
    from exocalc.settings import config_path, write_setting

    name = _key(key)
    if not value.strip():  # never read as "not given", which would write the data's default
        raise UsageError(
            f"{name}: the value is empty; `exocalc config unset {name}` goes back to the "
            "data's default"
        )
    dataset, rates = load(None, None)
    settled = _normalised(name, value, dataset, rates)
    path = config_path()
    write_setting(path, name, settled)
    say(f"{name} = {settled} (in {path})")


@reports_errors
def unset_value(key: str) -> None:
    """Remove one default from the config file: the data's default applies again."""
    from exocalc.settings import config_path, write_setting

    name = _key(key)
    path = config_path()
    if write_setting(path, name, None):
        say(f"{name} removed (from {path})")
    else:
        say(f"{name} was not set (in {path}): nothing to remove")


def _key(key: str) -> str:
    from exocalc.settings import KEYS

    return choice(key, KEYS, "setting")


def _normalised(name: str, value: str, dataset: Any, rates: Any) -> str:
    """The value as the trip's own field settles it (`LONDON` is `london`, `eur` is `EUR`),
    checked against the data; a mistake is a UsageError naming the setting."""
    from exocalc.errors import PlanError
    from exocalc.request import Request, resolve

    try:
        settled = resolve(Request.from_values({name: value}), dataset, rates.currencies, today())
    except PlanError as exc:
        shown = exc.shown(lambda field: field if field == name else option_name(field))
        raise UsageError(shown) from None
    return str(getattr(settled, name))


def command() -> Group:
    key = argument("key", metavar="KEY", required=True, help="origin, currency, travellers, "
                   "hotel or booking.")  # fmt: skip
    set_command = Command(
        "set",
        params=[
            key,
            argument("value", metavar="VALUE", required=True, help="Its value."),
            quiet_option(),
        ],
        callback=set_value,
        help=set_value.__doc__,
    )
    unset_command = Command(
        "unset", params=[key, quiet_option()], callback=unset_value, help=unset_value.__doc__
    )
    return Group(
        {},
        name="config",
        commands={"set": set_command, "unset": unset_command},
        invoke_without_command=True,
        callback=show,
        params=[format_option("config"), no_color_option(), quiet_option()],
        help=show.__doc__,
        epilog=EXAMPLES,
    )
