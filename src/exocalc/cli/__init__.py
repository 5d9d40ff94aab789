"""The command-line interface: a thin `main`, one module per command (as pipx does)."""

from __future__ import annotations

from typing import Annotated

import typer

from exocalc import __version__

app = typer.Typer(
    name="exocalc",
    help=(
        "What an exosome skin or scalp treatment in Seoul really costs, all in, in your "
        "currency, against having it done at home.\n\n"
        "Start with: exocalc compare"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain click help and errors: no boxes to break in pipes, and rich stays unimported.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"exocalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """What an exosome skin or scalp treatment in Seoul really costs, all in."""


from exocalc.cli import (  # noqa: E402  (each registers its command)
    batch,
    clinics,
    compare,
    plan,
    quote,
    rates,
    schema,
    validate,
)

compare.register(app)
quote.register(app)
plan.register(app)
clinics.register(app)
rates.register(app)
batch.register(app)
schema.register(app)
validate.register(app)


def main() -> None:
    # One name however it is started (the script, `python -m exocalc`): usage lines and
    # shell completion (_EXOCALC_COMPLETE) depend on it.
    app(prog_name="exocalc")
