"""The root of the command tree: the group of commands, --version and shell completion.
Imported by `main` (exocalc.cli), inside its guard against an early Ctrl-C."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer

from exocalc import __version__
from exocalc.cli.params import Group, option

HELP = (
    "What an exosome skin or scalp treatment in Seoul really costs, all in, in your currency, "
    "against having it done at home.\n\nStart with: exocalc compare"
)
COMMANDS = {
    **{
        name: f"exocalc.cli.{name.replace('-', '_')}"
        for name in (
            "compare", "quote", "plan", "check-price", "clinics", "rates", "batch", "config",
            "schema", "validate",
        )
    },
    # What the data knows, listed: one module builds the five (`module:function`).
    **{name: f"exocalc.cli.listings:{name}"
       for name in ("origins", "treatments", "addons", "hotels", "channels")},
}  # fmt: skip


def _version(ctx: Any, param: Any, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        sys.stdout.write(f"exocalc {__version__}\n")
        ctx.exit()


def _completion(which: str) -> Any:
    def callback(ctx: Any, param: Any, value: bool) -> None:
        if not value or ctx.resilient_parsing:
            return
        from typer import completion
        from typer._completion_classes import completion_init

        completion_init()
        getattr(completion, f"{which}_callback")(ctx, param, value)

    return callback


class ExocalcGroup(Group):
    """The root: the commands, --version and shell completion."""

    def __init__(self, **attrs: Any) -> None:
        attrs.setdefault("name", "exocalc")
        super().__init__(COMMANDS, **{**attrs, "help": HELP, "no_args_is_help": True})
        self.params += [
            option("--version", help="Print the version.", flag=True, callback=_version,
                   eager=True, expose=False),
            option("--install-completion", help="Install completion for the current shell.",
                   flag=True, callback=_completion("install"), eager=True, expose=False),
            option("--show-completion", help="Show completion for the current shell, to copy "
                   "it or customise the installation.", flag=True,
                   callback=_completion("show"), eager=True, expose=False),
        ]  # fmt: skip

    def main(  # type: ignore[override]
        self, args: Any = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        from exocalc.cli.run import run_main

        if "_EXOCALC_COMPLETE" in os.environ:
            from typer._completion_classes import completion_init

            completion_init()
        return run_main(self, args, prog_name or "exocalc", extra)


app = typer.Typer(
    cls=ExocalcGroup,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root() -> None:
    """What an exosome skin or scalp treatment in Seoul really costs, all in."""
