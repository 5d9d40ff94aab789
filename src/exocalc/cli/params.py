"""Options, arguments and commands on click's public classes, declared as data.

exocalc parses every value itself (request.py names the field in its errors), so options and
arguments hand their text over as typed: no type conversion. The parser's own mistakes are
raised as types exocalc names (an unknown command, an extra argument), never told apart by
their English text (cli/usage.py words them). Commands are built only when they run: the root
group imports a command's module when its name is asked for.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import click

Complete = Callable[[str], list[str]]
# What the shell sets to ask for completion (`bash_complete`) or the script (`bash_source`).
COMPLETE_VARIABLE = "_EXOCALC_COMPLETE"


class UnknownCommand(click.UsageError):
    """A command name the group does not know: the name and the group's own commands."""

    def __init__(self, name: str, known: list[str], ctx: click.Context) -> None:
        super().__init__(f"unknown command {name!r}", ctx)
        self.name = name
        self.known = known


class ExtraArguments(click.UsageError):
    """Words on the command line that no argument takes."""

    def __init__(self, extra: list[str], ctx: click.Context) -> None:
        super().__init__(f"unexpected argument {extra[0]!r}", ctx)
        self.extra = extra


def _completion(complete: Complete | None) -> Any:
    if complete is None:
        return None
    return lambda ctx, param, incomplete: complete(incomplete)


class TextOption(click.Option):
    """An option whose text goes to exocalc as typed (a tuple of texts when repeatable)."""


class TextArgument(click.Argument):
    """An argument shown by its metavar alone: `ID`, `[PATH]...`, never a type's name."""


def option(
    *decls: str,
    metavar: str | None = None,
    help: str,
    many: bool = False,
    flag: bool = False,
    default: Any = None,
    complete: Complete | None = None,
    callback: Callable[..., Any] | None = None,
    eager: bool = False,
    expose: bool = True,
) -> TextOption:
    """`--name` (and short forms): text, several texts with `many`, or a `flag`."""
    return TextOption(
        list(decls),
        type=click.BOOL if flag else click.STRING,
        default=False if flag else default,
        is_flag=flag,
        multiple=many,
        metavar=None if flag else metavar,
        help=help,
        shell_complete=_completion(complete),
        callback=callback,
        is_eager=eager,
        expose_value=expose,
    )


def argument(
    name: str,
    *,
    metavar: str,
    help: str,
    many: bool = False,
    default: Any = None,
    required: bool = False,
    complete: Complete | None = None,
) -> TextArgument:
    given = {"default": default} if default is not None else {}  # else click's "no default"
    return TextArgument(
        [name],
        type=click.STRING,
        **given,
        required=required,
        nargs=-1 if many else 1,
        metavar=metavar,
        help=help,
        shell_complete=_completion(complete),
    )


CONTEXT = {"help_option_names": ["-h", "--help"]}


def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """--help: the help on the run's stdout (the run environment's, not the process's)."""
    if not value or ctx.resilient_parsing:
        return
    from exocalc.cli.environment import current

    click.echo(ctx.get_help(), file=current().stdout, color=ctx.color)
    ctx.exit()


def _help_to_the_run(found: click.Option | None) -> click.Option | None:
    if found is not None:
        found.callback = _show_help
    return found


@contextlib.contextmanager
def _in(ctx: click.Context) -> Iterator[None]:
    """The parser's mistakes know the command they were made in (`exocalc quote --help`)."""
    try:
        yield
    except click.UsageError as exc:
        if exc.ctx is None:
            exc.ctx = ctx
        raise


class Command(click.Command):
    """A command: its options, and words past its arguments said as an ExtraArguments."""

    def __init__(self, name: str, params: Sequence[Any], **attrs: Any) -> None:
        attrs["context_settings"] = {**CONTEXT, **attrs.get("context_settings", {})}
        super().__init__(name, params=list(params), **attrs)
        self.allow_extra_args = True  # kept, to be named in exocalc's words below

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_to_the_run(super().get_help_option(ctx))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        with _in(ctx):
            rest = super().parse_args(ctx, args)
        if ctx.args and not ctx.resilient_parsing:
            raise ExtraArguments(list(ctx.args), ctx)
        return rest


def short_help(command: click.Command) -> str:
    """A command's summary: its first sentence, whole (never cut to fit with '...')."""
    return command.get_short_help_str(limit=10**6)


class Group(click.Group):
    """A group whose commands are built when they are asked for: `lazy` maps each command's
    name to the module whose `command()` builds it."""

    def __init__(self, lazy: dict[str, str], **attrs: Any) -> None:
        attrs["context_settings"] = {**CONTEXT, **attrs.get("context_settings", {})}
        super().__init__(**attrs)
        self.lazy = lazy

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_to_the_run(super().get_help_option(ctx))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        with _in(ctx):
            return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(dict.fromkeys([*self.lazy, *self.commands]))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module_name, _, builder = self.lazy[cmd_name].partition(":")
            module = importlib.import_module(module_name)
            self.commands[cmd_name] = getattr(module, builder or "command")()
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            if ctx.resilient_parsing:  # completing: nothing to say
                return None, None, args[1:]
            raise UnknownCommand(name, self.list_commands(ctx), ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its summary whole, wrapped to the width, never cut."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, short_help(command)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def current_context() -> click.Context:
    return click.get_current_context()
