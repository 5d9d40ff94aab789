"""The run of the command tree, in exocalc's voice: shell completion, the parser's mistakes,
Ctrl-C, a closed pipe, output that cannot be written. Each is one line and an exit code."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any

import click

from exocalc.cli.common import (
    EXIT_DATA,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    os_error_text,
    silence_stdout,
)
from exocalc.cli.environment import Environment
from exocalc.cli.params import COMPLETE_VARIABLE
from exocalc.errors import visible


def run_main(
    group: Any,
    args: Any,
    prog_name: str,
    extra: dict[str, Any],
    env: Environment | None = None,
) -> Any:
    """Run the command tree against one run environment (built here unless given): the
    parser's mistakes (an unknown option, a missing value) are one line and a hint, exit 2;
    a reader that closes the pipe early (`exocalc --help | head -1`) ends it quietly, exit 0;
    output that cannot be written (a full disk) is one line, exit 1."""
    standalone = extra.pop("standalone_mode", True)
    args = list(sys.argv[1:] if args is None else args)
    env = env if env is not None else Environment()
    _writable_output(env)
    try:
        code = _complete(group, prog_name, extra, env)
        if code is None:
            code = _invoke(group, args, prog_name, extra, env)
        env.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            silence_stdout(env.stdout)  # the reader has what it wanted
            code = 0
        else:
            env.stderr.write(f"exocalc: error: {os_error_text(exc, env.stdout)}\n")
            code = EXIT_DATA
    code = code if isinstance(code, int) else 0
    if standalone:
        sys.exit(code)
    return code


def _complete(group: Any, prog_name: str, extra: dict[str, Any], env: Environment) -> int | None:
    """Shell completion, when the shell asks for it (_EXOCALC_COMPLETE=bash_complete, as the
    script `--show-completion` prints sets it): its exit code. What the shell passes that
    cannot be read is one line, exit 2."""
    instruction = os.environ.get(extra.pop("complete_var", None) or COMPLETE_VARIABLE)
    if not instruction:
        return None
    from click.shell_completion import get_completion_class

    shell, _, action = instruction.partition("_")
    kind = get_completion_class(shell)
    if kind is None or action not in ("complete", "source"):
        env.stderr.write(
            f"exocalc: error: shell completion: {visible(instruction, True)!r} is not one of "
            "bash_complete, zsh_complete, fish_complete (or _source)\n"
        )
        return EXIT_USAGE
    completion = kind(group, {}, prog_name, COMPLETE_VARIABLE)
    try:
        env.stdout.write(completion.source() if action == "source" else completion.complete())
        if action == "complete":
            env.stdout.write("\n")
    except (KeyError, ValueError, IndexError) as exc:
        cword = os.environ.get("COMP_CWORD", "")
        if isinstance(exc, KeyError):
            detail = f"{exc.args[0]} is not set"
        elif not cword.lstrip("-").isdigit():
            detail = f"COMP_CWORD {visible(cword, True)!r} is not a number"
        else:
            detail = visible(str(exc), True)
        env.stderr.write(
            f"exocalc: error: shell completion needs COMP_WORDS and COMP_CWORD, as the shell "
            f"sets them: {detail}\n"
        )
        return EXIT_USAGE
    return 0


def _invoke(
    group: Any, args: list[str], prog_name: str, extra: dict[str, Any], env: Environment
) -> Any:
    """Parse and run the command; the parser's mistakes in exocalc's words."""
    try:
        with group.make_context(prog_name, args, obj=env, **extra) as ctx:
            return group.invoke(ctx)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.NoArgsIsHelpError as exc:  # `exocalc` alone: the help, as asked
        env.stdout.write(exc.format_message() + "\n")
        return 0
    except click.UsageError as exc:
        from exocalc.cli.usage import usage_message

        env.stderr.write(f"exocalc: error: {usage_message(exc, group)}\n")
        if exc.ctx is not None:
            env.stderr.write(f"exocalc: try '{exc.ctx.command_path} --help'\n")
        return EXIT_USAGE
    except click.ClickException as exc:
        env.stderr.write(f"exocalc: error: {visible(exc.format_message(), True)}\n")
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        env.stderr.write("exocalc: interrupted\n")
        return EXIT_INTERRUPTED


def _writable_output(env: Environment) -> None:
    """Write what stdout's encoding can: money in currency codes where its symbols cannot be
    written (Windows' cp1252, redirected), anything else escaped, never a traceback."""
    if not env.encoding.lower().replace("-", "").startswith("utf"):
        for stream in (env.stdout, env.stderr):
            # A test runner's buffer may not be reconfigurable: nothing to do then.
            with contextlib.suppress(AttributeError, ValueError):
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
