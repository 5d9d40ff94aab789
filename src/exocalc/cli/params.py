"""Options, arguments and commands on typer's own classes, declared as data.

Typer coerces each option's text through a pydantic adapter built per option at every run; a
trip command has two dozen options and exocalc parses every value itself (request.py names the
field in its errors), so these classes hand the text over untouched. Help, completion, usage
errors and the command tree stay typer's. Commands are built only when they run: the root
group imports a command's module when its name is asked for.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Sequence
from typing import Any

from typer._coercion import TypeDescriptor, resolve_type_descriptor
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.models import ArgumentInfo, OptionInfo

Complete = Callable[[str], list[str]]


@functools.cache
def _descriptor(annotation: Any, argument: bool = False) -> TypeDescriptor:
    info = ArgumentInfo() if argument else OptionInfo()
    return resolve_type_descriptor(annotation=annotation, parameter_info=info)


class TextOption(TyperOption):
    """An option whose text goes to exocalc as typed (a tuple of texts when repeatable)."""

    def process_value(self, ctx: Any, value: Any) -> Any:
        if self.multiple:
            value = tuple(value or ())
        if self.callback is not None:
            value = self.callback(ctx, self, value)
        return value


class TextArgument(TyperArgument):
    """An argument shown by its metavar alone: `ID`, `[PATH]...`, never a type's name."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        return str(self.metavar)

    def _rich_display_name(self) -> str:
        return str(self.metavar)

    def process_value(self, ctx: Any, value: Any) -> Any:
        if self.nargs == -1:
            value = tuple(value or ())
        elif self.required and value is None:
            from typer._click.exceptions import MissingParameter

            raise MissingParameter(ctx=ctx, param=self)
        if self.callback is not None:
            value = self.callback(ctx, self, value)
        return value


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
    kind: Any = bool if flag else (list[str] if many else str)
    return TextOption(
        param_decls=list(decls),
        type_descriptor=_descriptor(kind),
        default=False if flag else default,
        is_flag=flag,
        multiple=many,
        metavar=None if flag else metavar,
        help=help,
        autocompletion=(lambda ctx, args, incomplete: complete(incomplete)) if complete else None,
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
    return TextArgument(
        param_decls=[name],
        type_descriptor=_descriptor(list[str] if many else str, argument=True),
        default=default,
        required=required,
        nargs=-1 if many else None,
        metavar=metavar,
        help=help,
        show_default=False,
        autocompletion=(lambda ctx, args, incomplete: complete(incomplete)) if complete else None,
    )


def _show_help(ctx: Any, param: Any, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from typer._click.utils import echo

        echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class _HelpOption:
    """-h/--help without typer's adapter for a boolean."""

    add_help_option: bool
    _help_option: Any

    def get_help_option(self, ctx: Any) -> Any:
        if not self.add_help_option:
            return None
        if self._help_option is None:
            self._help_option = option(
                "-h", "--help", help="Show this message and exit.", flag=True,
                callback=_show_help, eager=True, expose=False,
            )  # fmt: skip
        return self._help_option


class Command(_HelpOption, TyperCommand):
    def __init__(self, name: str, params: Sequence[Any], **attrs: Any) -> None:
        super().__init__(name, params=list(params), rich_markup_mode=None, **attrs)


class Group(_HelpOption, TyperGroup):
    """A group whose commands are built when they are asked for: `lazy` maps each command's
    name to the module whose `command()` builds it."""

    def __init__(self, lazy: dict[str, str], **attrs: Any) -> None:
        super().__init__(**{**attrs, "rich_markup_mode": None})
        self.lazy = lazy

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.lazy, *self.commands]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module_name, _, builder = self.lazy[cmd_name].partition(":")
            module = importlib.import_module(module_name)
            self.commands[cmd_name] = getattr(module, builder or "command")()
        return self.commands.get(cmd_name)


def current_context() -> Any:
    from typer._click.globals import get_current_context

    return get_current_context()
