"""The parser's own mistakes (an unknown option, a missing value, an unknown command) in
exocalc's words: the bad value, what is valid, the closest; never the parser library's."""

from __future__ import annotations

import difflib
from typing import Any

import click


def usage_message(exc: click.UsageError, group: Any) -> str:
    """A mistake the parser caught, in exocalc's words: the bad value, what is valid, the
    closest; never the parser library's wording. Told apart by type, never by its text."""
    from exocalc.cli.params import ExtraArguments, UnknownCommand
    from exocalc.errors import visible

    ctx = exc.ctx
    command = ctx.command if ctx is not None else group
    where = f" for {ctx.command_path}" if ctx is not None else ""
    if isinstance(exc, click.NoSuchOption):
        given = exc.option_name
        return f"unknown option {visible(given, True)!r}{where}{_closest_option(given, command)}"
    if isinstance(exc, click.BadOptionUsage):
        param = _options(command).get(exc.option_name)
        if param is not None and getattr(param, "is_flag", False):
            return f"{exc.option_name} takes no value{where}"
        return f"{exc.option_name} needs a value{_metavar(exc.option_name, command)}"
    if isinstance(exc, click.MissingParameter) and exc.param is not None and ctx is not None:
        return f"{ctx.command_path} needs {exc.param.metavar or exc.param.name}"
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        name = exc.param.opts[0] if exc.param.opts else exc.param.name
        return f"{name}: {visible(exc.message, True)}"
    if isinstance(exc, UnknownCommand):
        close = difflib.get_close_matches(exc.name, exc.known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        place = f" of {ctx.command_path}" if ctx is not None and ctx.parent is not None else ""
        listed = ", ".join(exc.known)
        return f"unknown command {visible(exc.name, True)!r}{place}; commands: {listed}{hint}"
    if isinstance(exc, ExtraArguments):
        return f"unexpected argument {visible(exc.extra[0], True)!r}{where}"
    return visible(exc.format_message(), True)


def _options(command: Any) -> dict[str, Any]:
    return {opt: p for p in getattr(command, "params", []) for opt in getattr(p, "opts", [])}


def _closest_option(given: str, command: Any) -> str:
    """'; did you mean ...?': `--json` is `--format json`, else the nearest option's name."""
    options = _options(command)
    formats = options.get("--format")
    word = given.lstrip("-").lower()
    if formats is not None and word in (formats.metavar or "").split("|"):
        return f"; did you mean '--format {word}'?"
    if given in ("--chart", "--export", "--force") and given not in options:
        return f" (quote and compare have {given}; this command has none)"
    close = difflib.get_close_matches(given, [o for o in options if o.startswith("--")], n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _metavar(option: str, command: Any) -> str:
    param = _options(command).get(option)
    return f" ({param.metavar})" if param is not None and param.metavar else ""
