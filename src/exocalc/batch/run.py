"""Running a batch: rows in chunks, priced by worker processes on every core when the input
is long, written in input order as they come back; memory stays flat whatever the length.

Workers are forked from this process once the dataset and rates are loaded, so they share
them; they ignore Ctrl-C, SIGTERM and SIGHUP (a closed terminal sends it to them too): this
process answers them, and ends once its workers have, with whole records written. A short
input, `--fail-fast`, or a system that cannot fork is priced here, in one process, row by row
as it is read.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from types import FrameType
from typing import IO

from exocalc.batch.records import Batch
from exocalc.batch.rows import JsonLine, Row

Item = Row | JsonLine  # a row read, or a line of JSON Lines to decode where it is priced
CHUNK = 400  # rows a worker prices at a time
AHEAD = 3  # chunks in flight a worker: enough to keep it busy, few enough to keep memory flat
# Input text a chunk may hold: rows of 64 KB each (ids of 60,000 characters) would otherwise
# put 25 MB in every chunk in flight.
CHUNK_TEXT = 256 * 1024

_batch: Batch | None = None  # the worker's own, inherited from the parent when it forks


def _work(rows: list[Item]) -> tuple[str, int, bool]:
    assert _batch is not None
    return _batch.chunk(rows)


# Signals that end a batch (SIGHUP: the terminal closed), besides Ctrl-C's SIGINT.
ENDING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(Exception):
    """SIGTERM or SIGHUP ended the batch; the records written so far are whole."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _quiet() -> None:
    for signum in (signal.SIGINT, *ENDING):
        signal.signal(signum, signal.SIG_IGN)


class _Signals:
    """Ctrl-C, SIGTERM and SIGHUP, answered by this process while a batch runs: by an exception
    (KeyboardInterrupt, Stopped) where the batch waits (for input, for a worker's chunk); held
    back while a record is written or a chunk handed to the workers, and answered once that is
    done, so that what was written ends with a whole line. A signal ignored (`nohup`) stays so."""

    def __init__(self) -> None:
        self.holding = False
        self.pending: int | None = None
        self.owner = os.getpid()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending is not None:
            _stop(self.pending)

    def _answer(self, signum: int, frame: FrameType | None) -> None:
        if os.getpid() != self.owner:
            return  # a worker just forked, before it ignores signals: this process answers
        if self.holding:
            self.pending = signum
        else:
            _stop(signum)

    @contextlib.contextmanager
    def answered(self) -> Iterator[None]:
        before = {}
        for signum in (signal.SIGINT, *ENDING):
            try:
                if signal.getsignal(signum) != signal.SIG_IGN:
                    before[signum] = signal.signal(signum, self._answer)
            except ValueError:  # not the main thread (a test runner's): signals stay as they are
                break
        try:
            yield
        finally:
            for signum, handler in before.items():
                signal.signal(signum, handler)


def _stop(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)


def workers() -> int:
    """How many processes to price with: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(
    batch: Batch,
    rows: Iterator[Item],
    out: IO[str],
    fail_fast: bool,
    advance: Callable[[int], None],
) -> tuple[int, int]:
    """Write every row's record to `out`, in order: (how many rows failed, of how many).
    SIGTERM or SIGHUP raises Stopped (Ctrl-C, KeyboardInterrupt) once the workers have ended,
    with whole records written."""
    signals = _Signals()

    def write(text: str) -> None:
        with signals.held():
            out.write(text)

    with signals.answered():
        write(batch.header())
        first = list(itertools.islice(rows, CHUNK))
        cores = workers()
        forks = "fork" in multiprocessing.get_all_start_methods()
        if len(first) < CHUNK or fail_fast or cores < 2 or not forks:
            return _here(batch, itertools.chain(first, rows), write, fail_fast, advance)
        return _in_workers(batch, itertools.chain(first, rows), write, signals, cores, advance)


def _here(
    batch: Batch,
    rows: Iterator[Item],
    write: Callable[[str], None],
    fail_fast: bool,
    advance: Callable[[int], None],
) -> tuple[int, int]:
    """Row by row, in this process: each record written as soon as it is made."""
    failed = done = 0
    for done, row in enumerate(rows, start=1):
        text, bad, stopped = batch.chunk([row], stop_at_failure=fail_fast)
        write(text)
        failed += bad
        if done % 200 == 0:
            advance(done)
        if stopped:
            break
    return failed, done


def _in_workers(
    batch: Batch,
    rows: Iterator[Item],
    write: Callable[[str], None],
    signals: _Signals,
    cores: int,
    advance: Callable[[int], None],
) -> tuple[int, int]:
    global _batch
    _batch = batch
    context = multiprocessing.get_context("fork")
    failed = done = 0
    pending: deque[tuple[int, Future[tuple[str, int, bool]]]] = deque()
    with ProcessPoolExecutor(cores, mp_context=context, initializer=_quiet) as pool:
        try:
            for chunk in _chunks(rows):
                with signals.held():  # the pool's own state, never left half changed
                    pending.append((len(chunk), pool.submit(_work, chunk)))
                while len(pending) >= cores * AHEAD:
                    failed, done = _write(pending.popleft(), write, failed, done, advance)
            while pending:
                failed, done = _write(pending.popleft(), write, failed, done, advance)
        except BaseException:
            # Stopped, Ctrl-C, an error: the chunks not begun are dropped, the workers finish
            # the one each has in hand and end (a worker killed mid-answer would leave the pool
            # waiting for the rest of it for ever), and only then does this process end.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return failed, done


def _chunks(rows: Iterator[Item]) -> Iterator[list[Item]]:
    """Rows in chunks of at most CHUNK rows and about CHUNK_TEXT characters of input."""
    chunk: list[Item] = []
    size = 0
    for row in rows:
        chunk.append(row)
        size += _size(row)
        if len(chunk) >= CHUNK or size >= CHUNK_TEXT:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _size(row: Item) -> int:
    if isinstance(row, JsonLine):
        return len(row.text)
    values = row.values or {}
    return 64 + sum(len(v) if isinstance(v, str) else 8 for v in values.values())


def _write(
    item: tuple[int, Future[tuple[str, int, bool]]],
    write: Callable[[str], None],
    failed: int,
    done: int,
    advance: Callable[[int], None],
) -> tuple[int, int]:
    size, future = item
    text, bad, _ = future.result()
    write(text)
    advance(done + size)
    return failed + bad, done + size
