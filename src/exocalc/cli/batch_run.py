"""Running a batch: rows in chunks, priced by worker processes on every core when the input
is long, written in input order as they come back; memory stays flat whatever the length.

Workers are forked from this process once the dataset and rates are loaded, so they share
them; they ignore Ctrl-C (this process answers it for them). A short input, `--fail-fast`, or
a system that cannot fork is priced here, in one process, row by row as it is read.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO

from exocalc.output.batch import Batch
from exocalc.rows import JsonLine, Row

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


def _quiet() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
    """Write every row's record to `out`, in order: (how many rows failed, of how many)."""
    out.write(batch.header())
    first = list(itertools.islice(rows, CHUNK))
    cores = workers()
    parallel = cores > 1 and not fail_fast and "fork" in multiprocessing.get_all_start_methods()
    if len(first) < CHUNK or not parallel:
        return _here(batch, itertools.chain(first, rows), out, fail_fast, advance)
    return _in_workers(batch, itertools.chain(first, rows), out, cores, advance)


def _here(
    batch: Batch,
    rows: Iterator[Item],
    out: IO[str],
    fail_fast: bool,
    advance: Callable[[int], None],
) -> tuple[int, int]:
    """Row by row, in this process: each record written as soon as it is made."""
    failed = done = 0
    for done, row in enumerate(rows, start=1):
        text, bad, stopped = batch.chunk([row], stop_at_failure=fail_fast)
        out.write(text)
        failed += bad
        if done % 200 == 0:
            advance(done)
        if stopped:
            break
    return failed, done


def _in_workers(
    batch: Batch,
    rows: Iterator[Item],
    out: IO[str],
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
                pending.append((len(chunk), pool.submit(_work, chunk)))
                while len(pending) >= cores * AHEAD:
                    failed, done = _write(pending.popleft(), out, failed, done, advance)
            while pending:
                failed, done = _write(pending.popleft(), out, failed, done, advance)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
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
    out: IO[str],
    failed: int,
    done: int,
    advance: Callable[[int], None],
) -> tuple[int, int]:
    size, future = item
    text, bad, _ = future.result()
    out.write(text)
    advance(done + size)
    return failed + bad, done + size
