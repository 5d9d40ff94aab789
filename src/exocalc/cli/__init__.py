"""The command-line interface: a thin `main`, one module per command (as pipx does).

Only the command that runs is built: the root group (cli/root.py) knows each command's module
by name, and imports it when the command is asked for. This module imports nothing heavy: a
Ctrl-C while the rest loads is caught in `main` (not even `typing`: every import before the
guard is a moment a Ctrl-C would show a traceback).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing's, without importing typing (see above)
if TYPE_CHECKING:
    from exocalc.cli.environment import Environment

INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C (cli/common.py's, not loaded yet)


def main() -> None:
    sys.unraisablehook = _unraisable
    # One name however it is started (the script, `python -m exocalc`): usage lines and
    # shell completion (_EXOCALC_COMPLETE) depend on it.
    try:
        from exocalc.cli.root import ExocalcGroup

        ExocalcGroup().main(prog_name="exocalc")
    except KeyboardInterrupt:  # Ctrl-C before the command runs: while the modules load
        sys.stderr.write("exocalc: interrupted\n")
        sys.exit(INTERRUPTED)


def run(args: list[str], env: Environment | None = None) -> int:
    """Run the whole program once against a run environment (cli/environment.py): its
    streams stand for the process's while it runs. The exit code, as `main` would end with."""
    import contextlib

    from exocalc.cli.environment import Environment
    from exocalc.cli.root import ExocalcGroup
    from exocalc.cli.run import run_main

    env = env if env is not None else Environment()
    stdin, stdout, stderr = env.streams()
    saved_stdin = sys.stdin
    sys.stdin = stdin
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code: int = run_main(ExocalcGroup(), args, "exocalc", {"standalone_mode": False}, env)
    finally:
        sys.stdin = saved_stdin
    return code


def _unraisable(info: sys.UnraisableHookArgs) -> None:
    """A Ctrl-C that lands in a callback Python cannot raise from (the import machinery's
    module locks) would be printed as "Exception ignored" and the run go on: end it as any
    Ctrl-C ends, one line and 130, keeping what was written."""
    if not issubclass(info.exc_type, KeyboardInterrupt):
        sys.__unraisablehook__(info)
        return
    import contextlib
    import os

    # A closed pipe, or the interrupt came in the middle of a write: nothing more to keep.
    with contextlib.suppress(OSError, ValueError, RuntimeError):
        sys.stdout.flush()
    sys.stderr.write("exocalc: interrupted\n")
    sys.stderr.flush()
    os._exit(INTERRUPTED)


def __getattr__(name: str) -> object:
    """The root's names (`app`, `COMMANDS`...), from cli/root.py when first asked for."""
    if name in ("app", "ExocalcGroup", "COMMANDS", "HELP"):
        from exocalc.cli import root

        return getattr(root, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
