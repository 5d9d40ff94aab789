"""Files exocalc reads and writes for itself: reads of regular files only, capped; writes that
are atomic; the user's cache folder.

A read is refused before a byte is read when the path is not a regular file (a FIFO, a device
such as /dev/zero, a folder), and stops one byte past its limit, so that no file, however it
grows, costs more memory than the limit. A write goes to a temporary file beside the target,
then is renamed over it: a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

APP = "exocalc"


class FileRefused(OSError):
    """A file that is not one exocalc will read: not a regular file, or too large (`size`,
    its size when known)."""

    size: int | None = None


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Raises FileRefused (not a
    regular file, too large) or OSError (missing, unreadable), naming the file."""
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise FileRefused(0, "not a regular file (a pipe, a device or a folder?)", str(path))
        if status.st_size > limit:
            refused = FileRefused(0, f"larger than {limit:,} bytes", str(path))
            refused.size = status.st_size
            raise refused
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise FileRefused(0, f"larger than {limit:,} bytes", str(path))
    return b"".join(chunks)


def cache_dir() -> Path:
    from platformdirs import user_cache_dir  # honours XDG_CACHE_HOME

    return Path(user_cache_dir(APP, appauthor=False))


def write_atomic(path: Path, data: bytes, shared: bool = False) -> None:
    """Write `data` to `path` by way of a temporary file beside it; OSError to the caller,
    with the temporary file removed. `shared`: readable as the user's umask allows (a page
    to send), not only by the user (a cache)."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if shared:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(temporary, 0o666 & ~mask)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
