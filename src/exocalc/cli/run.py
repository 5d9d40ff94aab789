"""The run of the command tree, in exocalc's voice: shell completion, the parser's mistakes,
Ctrl-C, a closed pipe, output that cannot be written. Each is one line and an exit code."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any

import typer

from exocalc.cli.common import (
    EXIT_DATA,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    fresh_run,
    os_error_text,
    silence_stdout,
)
from exocalc.errors import visible


def run_main(group: Any, args: Any, prog_name: str, extra: dict[str, Any]) -> Any:
    """Run the command tree (typer's own loop, in exocalc's voice): the parser's mistakes
    (an unknown option, a missing value) are one line and a hint, exit 2; a reader that
    closes the pipe early (`exocalc --help | head -1`) ends it quietly, exit 0; output that
    cannot be written (a full disk) is one line, exit 1."""
    standalone = extra.pop("standalone_mode", True)
    args = list(sys.argv[1:] if args is None else args)
    fresh_run()
    _writable_output()
    try:
        code = _complete(group, prog_name, extra)
        if code is None:
            code = _invoke(group, args, prog_name, extra)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            silence_stdout()  # the reader has what it wanted
            code = 0
        else:
            sys.stderr.write(f"exocalc: error: {os_error_text(exc)}\n")
            code = EXIT_DATA
    code = code if isinstance(code, int) else 0
    if standalone:
        sys.exit(code)
    return code


def _complete(group: Any, prog_name: str, extra: dict[str, Any]) -> int | None:
    """Shell completion, when the shell asks for it (_EXOCALC_COMPLETE): its exit code. What
    the shell passes that cannot be read is one line, exit 2."""
    try:
        group._main_shell_completion(extra, prog_name, extra.pop("complete_var", None))
    except SystemExit as exc:  # typer ends completion with sys.exit
        return exc.code if isinstance(exc.code, int) else 0
    except (KeyError, ValueError, IndexError) as exc:
        cword = os.environ.get("COMP_CWORD", "")
        if isinstance(exc, KeyError):
            detail = f"{exc.args[0]} is not set"
        elif not cword.lstrip("-").isdigit():
            detail = f"COMP_CWORD {visible(cword, True)!r} is not a number"
        else:
            detail = visible(str(exc), True)
        sys.stderr.write(
            f"exocalc: error: shell completion needs COMP_WORDS and COMP_CWORD, as the shell "
            f"sets them: {detail}\n"
        )
        return EXIT_USAGE
    return None


def _invoke(group: Any, args: list[str], prog_name: str, extra: dict[str, Any]) -> Any:
    """Parse and run the command; the parser's mistakes in exocalc's words."""
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
    from typer._click.exceptions import UsageError as ClickUsage

    try:
        with group.make_context(prog_name, args, **extra) as ctx:
            return group.invoke(ctx)
    except typer.Exit as exc:
        return exc.exit_code
    except NoArgsIsHelpError as exc:  # `exocalc` alone: the help, as asked
        sys.stdout.write(exc.format_message() + "\n")
        return 0
    except ClickUsage as exc:
        from exocalc.cli.usage import usage_message

        sys.stderr.write(f"exocalc: error: {usage_message(exc, group)}\n")
        if exc.ctx is not None:
            sys.stderr.write(f"exocalc: try '{exc.ctx.command_path} --help'\n")
        return EXIT_USAGE
    except ClickException as exc:
        sys.stderr.write(f"exocalc: error: {exc.format_message()}\n")
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("exocalc: interrupted\n")
        return EXIT_INTERRUPTED


def _writable_output() -> None:
    """Write what stdout's encoding can: money in currency codes where its symbols cannot be
    written (Windows' cp1252, redirected), anything else escaped, never a traceback."""
    from exocalc.output.fmt import use_encoding

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    use_encoding(encoding)
    if not encoding.lower().replace("-", "").startswith("utf"):
        for stream in (sys.stdout, sys.stderr):
            # A test runner's buffer may not be reconfigurable: nothing to do then.
            with contextlib.suppress(AttributeError, ValueError):
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
