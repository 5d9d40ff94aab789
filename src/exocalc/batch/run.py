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
from errno import EPIPE
from types import FrameType
from typing import IO, Any

from exocalc.batch.records import Batch
from exocalc.batch.rows import JsonLine, Row

Item = Row | JsonLine  # a row read, or a line of JSON Lines to decode where it is priced
CHUNK = 400  # rows a worker prices at a time
AHEAD = 3  # chunks in flight a worker: enough to keep it busy, few enough to keep memory flat
# Input text a chunk may hold: rows of 64 KB each (ids of 60,000 characters) would otherwise
# put 25 MB in every chunk in flight.
CHUNK_TEXT = 256 * 1024

# What a worker's chunk comes to: (its text, if the worker could not write it; rows failed;
# the error that stopped writing; rows with no date).
Result = tuple[str | None, int, tuple[int, str] | None, int]
_batch: Batch | None = None  # the worker's own, inherited from the parent when it forks
_turns: _Turns | None = None  # likewise: whose chunk is written next


class _Turns:
    """Workers write their own records to the standard output they inherit, chunk after chunk
    in input order: the main process hands each chunk a number, and a worker writes its
    chunk's text only once the chunk before it is out, then hands the turn on. The main process
    only reads the input and counts: no record travels back to it.

    `stopped` is set once the batch ends early (a signal, a closed pipe, a full disk): the
    chunks whose turn comes after it are not written, so what is out ends with a whole line
    and has no gap."""

    def __init__(self, context: Any, fd: int, encoding: str, errors: str) -> None:
        self.fd, self.encoding, self.errors = fd, encoding, errors
        self.turn = context.Condition()
        self.next = context.RawValue("q", 0)  # the number of the chunk to be written next
        self.stopped = context.RawValue("b", 0)

    def write(self, number: int, data: bytes | None) -> tuple[int, str] | None:
        """Write chunk `number`'s records in its turn, and hand the turn on: None, or the
        error that stopped it (errno, its words). No records (None: the chunk failed) stop the
        batch there."""
        with self.turn:
            self.turn.wait_for(lambda: self.next.value == number)
            try:
                if data is None:
                    self.stopped.value = 1
                elif not self.stopped.value:
                    _write_all(self.fd, data)
                return None
            except OSError as exc:
                self.stopped.value = 1
                return exc.errno or 0, exc.strerror or str(exc)
            finally:
                self.next.value = number + 1
                self.turn.notify_all()


def _write_all(fd: int, data: bytes) -> None:
    """All of `data` to `fd`, however many writes it takes (a pipe takes 64 KB at a time)."""
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view) :]
        except InterruptedError:  # retried by os.write itself since PEP 475; kept for clarity
            continue


def _work(number: int, rows: list[Item]) -> Result:
    """Price a chunk: (its text when this worker has no stdout of its own to write it to, how
    many rows failed, the error that stopped writing, how many rows gave no date)."""
    assert _batch is not None
    undated = _batch.undated
    if _turns is None:
        text, failed, _ = _batch.chunk(rows)
        return text, failed, None, _batch.undated - undated
    data = None
    try:
        text, failed, _ = _batch.chunk(rows)
        data = text.encode(_turns.encoding, _turns.errors)
    finally:  # the turn handed on whatever happened, or the chunks after this one wait for ever
        error = _turns.write(number, data)
    return None, failed, error, _batch.undated - undated


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

    def shown(done: int) -> None:  # the progress display, never left half drawn
        with signals.held():
            advance(done)

    with signals.answered():
        # The first row read reads the input's header too: a header that cannot be used is
        # refused before anything is written.
        first = list(itertools.islice(rows, 1))
        write(batch.header())
        first += itertools.islice(rows, CHUNK - 1)
        cores = workers()
        forks = "fork" in multiprocessing.get_all_start_methods()
        if len(first) < CHUNK or fail_fast or cores < 2 or not forks:
            return _here(batch, itertools.chain(first, rows), write, fail_fast, shown)
        out.flush()  # the header out before any worker writes
        context = multiprocessing.get_context("fork")
        fd = _fd(out)
        encoding = getattr(out, "encoding", None) or "utf-8"
        errors = getattr(out, "errors", None) or "strict"
        turns = None if fd is None else _Turns(context, fd, encoding, errors)
        return _in_workers(
            batch, itertools.chain(first, rows), write, signals, cores, context, turns, shown
        )


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


def _fd(out: IO[str]) -> int | None:
    """The file descriptor behind `out`, for workers to write to; None when it has none (a
    test runner's buffer): the records then come back to this process to be written."""
    try:
        return out.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation is both
        return None


def _in_workers(
    batch: Batch,
    rows: Iterator[Item],
    write: Callable[[str], None],
    signals: _Signals,
    cores: int,
    context: Any,
    turns: _Turns | None,
    advance: Callable[[int], None],
) -> tuple[int, int]:
    global _batch, _turns
    _batch, _turns = batch, turns
    failed = done = 0
    pending: deque[tuple[int, Future[Result]]] = deque()
    try:
        with ProcessPoolExecutor(cores, mp_context=context, initializer=_quiet) as pool:
            try:
                for number, chunk in enumerate(_chunks(rows)):
                    with signals.held():  # the pool's own state, never left half changed
                        pending.append((len(chunk), pool.submit(_work, number, chunk)))
                    while len(pending) >= cores * AHEAD:
                        failed, done = _written(
                            batch, pending.popleft(), write, failed, done, advance
                        )
                while pending:
                    failed, done = _written(batch, pending.popleft(), write, failed, done, advance)
            except BaseException:
                # Stopped, Ctrl-C, a closed pipe, an error: the chunks not begun are dropped,
                # those in hand are not written, the workers end (a worker killed mid-answer
                # would leave the pool waiting for the rest of it for ever), and only then does
                # this process end.
                if _turns is not None:
                    _turns.stopped.value = 1
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        _batch = _turns = None
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


def _written(
    batch: Batch,
    item: tuple[int, Future[Result]],
    write: Callable[[str], None],
    failed: int,
    done: int,
    advance: Callable[[int], None],
) -> tuple[int, int]:
    """A chunk's outcome, once its worker has written it (or sent it back to be written); the
    rows it had with no date counted in `batch`, this process's."""
    size, future = item
    text, bad, error, undated = future.result()
    batch.undated += undated
    if error is not None:
        errno, words = error
        if errno == EPIPE:
            raise BrokenPipeError(errno, words)  # the reader has gone: end quietly, as ever
        raise OSError(errno, words)
    if text is not None:
        write(text)
    advance(done + size)
    return failed + bad, done + size
