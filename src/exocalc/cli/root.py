"""The root of the command tree: the group of commands, `help`, --version and shell completion.
Imported by `main` (exocalc.cli), inside its guard against an early Ctrl-C."""

from __future__ import annotations

import os
from typing import Any

import click

from exocalc import __version__
from exocalc.cli.environment import current
from exocalc.cli.params import (
    COMPLETE_VARIABLE,
    Command,
    Group,
    TextOption,
    UnknownCommand,
    argument,
    option,
)

HELP = (
    "What an exosome skin or scalp treatment in Seoul really costs, all in, in your currency, "
    "against having it done at home.\n\nStart with: exocalc compare"
)
COMMANDS = {
    **{
        name: f"exocalc.cli.{name.replace('-', '_')}"
        for name in (
            "compare", "quote", "plan", "best", "check-price", "clinics", "rates", "batch",
            "config", "schema", "validate",
        )
    },
    # What the data knows, listed: one module builds the five (`module:function`).
    **{name: f"exocalc.cli.listings:{name}"
       for name in ("origins", "treatments", "addons", "hotels", "channels", "sources")},
    "help": "exocalc.cli.root:help_command",
}  # fmt: skip
SHELLS = ("bash", "zsh", "fish")


def _version(ctx: click.Context, param: Any, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        current().stdout.write(f"exocalc {__version__}\n")
        ctx.exit()


def completion_script(shell: str, group: click.Command) -> str:
    """The script that makes `shell` complete exocalc's words (click's, for this program)."""
    from click.shell_completion import get_completion_class

    if shell not in SHELLS:
        raise click.BadParameter(f"{shell!r} is not one of: {', '.join(SHELLS)}")
    kind = get_completion_class(shell)
    assert kind is not None  # one of SHELLS: click knows each
    return kind(group, {}, "exocalc", COMPLETE_VARIABLE).source()


def _own_shell() -> str:
    return os.path.basename(os.environ.get("SHELL", "")) or "bash"


def _show_completion(ctx: click.Context, param: Any, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    shell = value or _own_shell()
    current().stdout.write(completion_script(shell, ctx.command))
    ctx.exit()


def _install_completion(ctx: click.Context, param: Any, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from pathlib import Path

    shell = _own_shell()
    script = completion_script(shell, ctx.command)
    home = Path.home()
    if shell == "fish":
        path = home / ".config" / "fish" / "completions" / "exocalc.fish"
    else:
        path = home / f".exocalc-complete.{shell}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(script, encoding="utf-8")
    if shell != "fish":
        rc = home / f".{shell}rc"
        line = f"source {path}"
        text = rc.read_text(encoding="utf-8") if rc.exists() else ""
        if line not in text:
            with rc.open("a", encoding="utf-8") as handle:
                handle.write(f"\n{line}\n")
    current().stderr.write(
        f"exocalc: {shell} completion installed in {path}; open a new shell to use it\n"
    )
    ctx.exit()


class ExocalcGroup(Group):
    """The root: the commands, `help`, --version and shell completion."""

    def __init__(self, **attrs: Any) -> None:
        attrs.setdefault("name", "exocalc")
        super().__init__(COMMANDS, **{**attrs, "help": HELP, "no_args_is_help": True})
        # A value that may be left out (`--show-completion` alone is your shell's).
        show = TextOption(
            ["--show-completion"], metavar="[SHELL]", is_flag=False, flag_value="",
            callback=_show_completion, is_eager=True, expose_value=False,
            help="Print the shell completion script (bash, zsh or fish; default: your "
            "shell), to copy it or customise the installation.",
        )  # fmt: skip
        self.params += [
            option("--version", help="Print the version.", flag=True, callback=_version,
                   eager=True, expose=False),
            option("--install-completion", help="Install completion for the current shell.",
                   flag=True, callback=_install_completion, eager=True, expose=False),
            show,
        ]  # fmt: skip

    def main(  # type: ignore[override]
        self, args: Any = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        from exocalc.cli.session import run_main

        return run_main(self, args, prog_name or "exocalc", extra)


def _help(name: str | None) -> None:
    ctx = click.get_current_context()
    root = ctx.find_root()
    group = root.command
    if name is None:
        click.echo(root.get_help(), file=current().stdout, color=ctx.color)
        return
    assert isinstance(group, click.Group)
    command = group.get_command(root, name)
    if command is None:
        raise UnknownCommand(name, group.list_commands(root), root)
    with command.make_context(name, ["--help"], parent=root) as sub:  # prints, then exits
        command.invoke(sub)


def help_command() -> Command:
    return Command(
        "help",
        params=[
            argument(
                "name",
                metavar="[COMMAND]",
                help="A command, e.g. quote.",
                complete=lambda typed: [name for name in COMMANDS if name.startswith(typed)],
            )
        ],
        callback=_help,
        help="Show the help: exocalc's, or one command's (`exocalc help quote`).",
    )


app = ExocalcGroup()
