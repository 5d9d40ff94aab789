"""The installed program in a pseudo-terminal, as a person types it: where each byte goes.

Each test gives the program a terminal of its own (`os.openpty`, in a session of its own), so
the suite needs no terminal itself and runs the same as a background job. The records a
command writes to a file or a pipe are compared byte for byte with what the same command
writes when no terminal is anywhere near (stdin, stdout and stderr not terminals); the
terminal must show none of them.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(sys.executable).parent / "exocalc"

pytestmark = [
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc"),
    pytest.mark.skipif(not SCRIPT.exists(), reason="the exocalc script is not installed here"),
]

# Generous: the machine may be busy. The one tight limit is the one tested (workers gone 2 s
# after the batch ends).
DEADLINE = 120.0
# A fixed day and width: the run in the terminal and the one without must write the same bytes.
ENV = {"EXOCALC_TODAY": "2026-11-28", "COLUMNS": "80"}
# The program starts with SIGTERM and SIGHUP at their defaults even when the suite runs where
# they are ignored (`nohup`): a disposition set before exec is kept through it.
DEFAULT_SIGNALS = (
    "import os, signal, sys\n"
    "for s in (signal.SIGTERM, signal.SIGHUP):\n"
    "    signal.signal(s, signal.SIG_DFL)\n"
    "os.execv(sys.argv[1], sys.argv[1:])\n"
)


class Terminal:
    """A pseudo-terminal, 80 columns by 24 lines: what programs draw on it is read as it comes,
    until the last of them has closed it."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.shown = bytearray()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: no program has the terminal open any more
                return
            if not data:
                return
            self.shown += data

    def start(
        self, args: list[str], cwd: Path, stdin: int | None = None, stdout: Any = None
    ) -> Any:
        """Start a program in a session of its own, with the terminal as its stdin, stdout
        and stderr (unless others are given)."""
        try:
            return subprocess.Popen(
                args,
                cwd=cwd,
                stdin=self.slave if stdin is None else stdin,
                stdout=self.slave if stdout is None else stdout,
                stderr=self.slave,
                start_new_session=True,
                env={**os.environ, **ENV},
            )
        finally:
            os.close(self.slave)  # the programs hold it now: it ends when they have all ended

    def screen(self) -> bytes:
        """All that was drawn, once every program has let go of the terminal."""
        self.reader.join(DEADLINE)
        assert not self.reader.is_alive(), "a process still holds the terminal"
        os.close(self.master)
        return bytes(self.shown)


def in_terminal(command: str, cwd: Path) -> tuple[int, bytes]:
    """A shell command line, typed in a terminal: its status and what the terminal showed."""
    terminal = Terminal()
    process = terminal.start(["sh", "-c", command], cwd)
    try:
        code = process.wait(DEADLINE)
    finally:
        stop(process)
    return code, terminal.screen()


def stop(process: Any) -> None:
    """A program still running when the test gives up on it is killed, with its session."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def without_terminal(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The same program with no terminal anywhere: the bytes it should write."""
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env={**os.environ, **ENV},
        timeout=DEADLINE,
    )


def plans(path: Path, rows: int) -> Path:
    """Trip plans as JSON Lines, ids trip-1, trip-2...: distinct, and easy to look for."""
    tiers = ("standard", "premium", "factory")
    path.write_text(
        "".join(
            json.dumps({"id": f"trip-{n}", "tier": tiers[n % 3], "travellers": 1 + n % 2}) + "\n"
            for n in range(1, rows + 1)
        )
    )
    return path


def plans_csv(path: Path, rows: int) -> Path:
    # Each with its date: a row without one is a warning on stderr, the terminal (issue 19).
    rows_ = (f"trip-{n},premium,{1 + n % 2},2026-12-15" for n in range(1, rows + 1))
    lines = ["id,tier,travellers,date", *rows_]
    path.write_text("\n".join(lines) + "\n")
    return path


# --- batch: the records go to stdout, and only there ------------------------------------------


@pytest.mark.parametrize("rows", [2, 1000])  # one process; workers (400 rows or more)
@pytest.mark.parametrize("way", ["> got", "| cat > got"])
def test_batch_records_go_where_stdout_was_sent(tmp_path: Path, rows: int, way: str) -> None:
    """`exocalc batch plans.csv --format csv > q.csv`, typed in a terminal: every record in
    q.csv, as without a terminal; none on the terminal. The progress is drawn there only for a
    file: a pipe's reader may draw on the same terminal (`| jq`)."""
    plans_csv(tmp_path / "plans.csv", rows)
    expected = without_terminal(["batch", "plans.csv", "--format", "csv"], tmp_path)
    assert expected.returncode == 0 and expected.stderr == b""
    assert expected.stdout.count(b"\n") == rows + 1

    code, screen = in_terminal(f"{SCRIPT} batch plans.csv --format csv {way}", tmp_path)

    assert code == 0
    got = (tmp_path / "got").read_bytes()
    assert got == expected.stdout
    # Read by position, as a script reads them: the row's number first, every record there.
    firsts = [line.split(b",", 1)[0] for line in got.splitlines()]
    assert firsts == [b"row", *(str(n).encode() for n in range(1, rows + 1))]
    assert b"trip-" not in screen and b"total_typical" not in screen
    if way == "> got":
        assert b"quoting" in screen  # the progress, on stderr: the terminal
        assert b"\x1b[?25h" in screen  # the cursor given back when it is gone
    else:
        assert screen == b""


@pytest.mark.parametrize("rows", [2, 1000])
def test_batch_piped_to_a_reader_that_draws_on_the_terminal(tmp_path: Path, rows: int) -> None:
    """`exocalc batch plans.csv | jq`: the terminal shows the reader's lines, nothing between
    them or over them."""
    plans_csv(tmp_path / "plans.csv", rows)
    expected = without_terminal(["batch", "plans.csv", "--format", "csv"], tmp_path)

    code, screen = in_terminal(f"{SCRIPT} batch plans.csv --format csv | cat", tmp_path)

    assert code == 0
    assert screen == expected.stdout.replace(b"\n", b"\r\n")


def test_batch_from_a_fifo_in_a_terminal_gives_every_record(tmp_path: Path) -> None:
    """A FIFO is read once, as it comes: never opened again to count its lines. The progress
    counts the rows, without a total."""
    plans(tmp_path / "rows.jsonl", 1000)
    expected = without_terminal(["batch", "rows.jsonl"], tmp_path)
    assert expected.returncode == 0 and expected.stdout.count(b"\n") == 1000
    os.mkfifo(tmp_path / "p.jsonl")

    code, screen = in_terminal(
        f"cat rows.jsonl > p.jsonl & {SCRIPT} batch p.jsonl > out; status=$?; wait; exit $status",
        tmp_path,
    )

    assert code == 0
    assert (tmp_path / "out").read_bytes() == expected.stdout
    assert b"quoting 1,000 rows" in screen
    assert b"%" not in screen  # no bar, no percentage: the total is not known
    assert b"trip-" not in screen


def test_batch_from_standard_input_in_a_terminal(tmp_path: Path) -> None:
    plans(tmp_path / "rows.jsonl", 1000)
    expected = without_terminal(["batch", "rows.jsonl"], tmp_path)

    code, screen = in_terminal(f"cat rows.jsonl | {SCRIPT} batch - > got", tmp_path)

    assert code == 0
    assert (tmp_path / "got").read_bytes() == expected.stdout
    assert b"trip-" not in screen and b"quoting 1,000 rows" in screen


def test_batch_with_its_records_on_the_terminal_draws_no_progress(tmp_path: Path) -> None:
    """The records on the terminal are the progress: no display drawn over them."""
    plans_csv(tmp_path / "plans.csv", 1000)
    expected = without_terminal(["batch", "plans.csv", "--format", "csv"], tmp_path)

    code, screen = in_terminal(f"{SCRIPT} batch plans.csv --format csv", tmp_path)

    assert code == 0
    assert screen == expected.stdout.replace(b"\n", b"\r\n")


# --- quote and compare: the same bytes in a file or a pipe as anywhere ------------------------


@pytest.mark.parametrize(
    ("args", "way"),
    [
        (["quote"], "> got"),
        (["quote", "--format", "json"], "| cat > got"),
        (["compare"], "| cat > got"),
        (["compare", "--format", "csv"], "> got"),
    ],
)
def test_quote_and_compare_write_their_bytes_where_sent(
    tmp_path: Path, args: list[str], way: str
) -> None:
    expected = without_terminal(args, tmp_path)
    assert expected.returncode == 0 and expected.stdout

    code, screen = in_terminal(f"{SCRIPT} {' '.join(args)} {way}", tmp_path)

    assert code == 0
    assert (tmp_path / "got").read_bytes() == expected.stdout
    # stderr is the terminal: what the plain run said there, with the terminal's line ends.
    assert screen == expected.stderr.replace(b"\n", b"\r\n")


# --- a batch ended by SIGTERM or SIGHUP --------------------------------------------------------


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # ended meanwhile
                continue
            # pid (name) state ppid ...: the name may hold spaces, so split after its ')'
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether a process is still there and not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def endless_plans(fd: int) -> None:
    """Plans written to `fd` until the batch stops reading: it cannot end by itself."""
    lines = b'{"tier": "premium", "travellers": 2}\n' * 100
    try:
        while True:
            os.write(fd, lines)
    except OSError:  # EPIPE: the batch has ended
        pass
    finally:
        os.close(fd)


def wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("signum", "to_group"),
    [
        (signal.SIGTERM, False),  # `kill PID`
        (signal.SIGHUP, False),  # `kill -HUP PID`
        (signal.SIGHUP, True),  # the terminal closed: every process of the job gets it
    ],
)
def test_a_signal_ends_the_batch_and_its_workers_with_whole_lines(
    tmp_path: Path, signum: int, to_group: bool
) -> None:
    terminal = Terminal()
    out = tmp_path / "out.jsonl"
    read_end, write_end = os.pipe()
    try:
        with out.open("wb") as sink:
            args = [sys.executable, "-c", DEFAULT_SIGNALS, str(SCRIPT), "batch", "-"]
            process = terminal.start(args, tmp_path, stdin=read_end, stdout=sink)
    finally:
        os.close(read_end)
    feeder = threading.Thread(target=endless_plans, args=(write_end,), daemon=True)
    feeder.start()
    try:
        # Priced by workers (the first chunks are written), the input still coming.
        wait_for(lambda: out.stat().st_size > 200_000, "records written")
        workers = children(process.pid)
        assert workers or len(os.sched_getaffinity(0)) == 1, "no worker processes"
        if to_group:
            os.killpg(process.pid, signum)
        else:
            os.kill(process.pid, signum)
        code = process.wait(DEADLINE)
        ended = time.monotonic()
    finally:
        stop(process)
        feeder.join(DEADLINE)

    # No worker left behind, 2 s after the batch ended.
    while any(alive(w) for w in workers) and time.monotonic() < ended + 2:
        time.sleep(0.05)
    left = [w for w in workers if alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert left == []

    assert code == 128 + signum  # 143 for SIGTERM, 129 for SIGHUP, as a shell reports them
    written = out.read_bytes()
    assert written.endswith(b"\n")  # whole lines only
    numbers = [json.loads(line)["row"] for line in written.splitlines()]
    assert numbers == list(range(1, len(numbers) + 1))  # in order, none missing

    screen = terminal.screen()
    assert screen.endswith(f"exocalc: stopped by {signal.Signals(signum).name}\r\n".encode())
    assert b"Traceback" not in screen
    assert b"\x1b[?25h" in screen  # the progress display gave the cursor back
