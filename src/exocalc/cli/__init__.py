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
        _closed_streams()
        from exocalc.cli.root import ExocalcGroup

        ExocalcGroup().main(prog_name="exocalc")
    except KeyboardInterrupt:  # Ctrl-C before the command runs: while the modules load
        sys.stderr.write("exocalc: interrupted\n")
        sys.exit(INTERRUPTED)


def run(args: list[str], env: Environment | None = None) -> int:
    """Run the whole program once against a run environment (cli/environment.py): what it
    reads and writes is the environment's streams, the process's are left alone. The exit
    code, as `main` would end with."""
    from exocalc.cli.environment import Environment
    from exocalc.cli.root import ExocalcGroup
    from exocalc.cli.session import run_main

    env = env if env is not None else Environment()
    code: int = run_main(ExocalcGroup(), args, "exocalc", {"standalone_mode": False}, env)
    return code


def _closed_streams() -> None:
    """A standard stream the shell closed (`exocalc quote >&-`, `<&-`, `2>&-`) is None in sys,
    and its descriptor is free for the next file opened to take. Each takes /dev/null at its
    number; stderr writes there (messages have nowhere to go: the run goes on); stdin and
    stdout become streams that say they are closed when used, so a command that needs one is
    one line and exit 1 (`cannot use standard output: it is closed`), and one that does not
    (`config set`) runs."""
    import contextlib
    import io
    import os

    class Closed(io.TextIOBase):
        encoding = "utf-8"

        def __init__(self, stream: str) -> None:
            self.stream = stream

        def closed_error(self) -> OSError:
            import errno

            return OSError(errno.EBADF, "it is closed", self.stream)

        def write(self, text: str, /) -> int:
            raise self.closed_error()

        @property
        def buffer(self) -> io.BufferedIOBase:
            raise self.closed_error()

        def isatty(self) -> bool:
            return False

        def flush(self) -> None:  # nothing was written: nothing to say at exit
            pass

    for name, stream in (("stdin", "input"), ("stdout", "output"), ("stderr", "error")):
        if getattr(sys, name) is not None:
            continue
        with contextlib.suppress(OSError):
            os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
        if name == "stderr":
            sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        else:
            setattr(sys, name, Closed(f"standard {stream}"))


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
