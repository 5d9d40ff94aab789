"""The validated dataset, kept in the user's cache folder so that a command does not parse YAML
and validate it again while nothing has changed.

The entry is keyed by a hash of everything validation depends on: the bytes of every layer's
file (the bundled one too), the currencies the rates know, exocalc's version and the code of the
dataset's shape. It is read back with an unpickler that builds nothing but the dataset's own
classes, Decimals and dates, and only from a regular file of bounded size; anything else (a
missing, truncated, corrupt or foreign entry) is ignored without a word, and the dataset is
loaded and validated from its files as if there were no cache. One entry is kept: the last
dataset validated.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from exocalc import __version__
from exocalc.store import cache_dir, read_capped, write_atomic

FILE_NAME = "dataset.pickle"
HEADER = b"exocalc-dataset/1\n"
MAX_BYTES = 4 * 1024 * 1024  # a dataset of 1 MiB pickles smaller than this
_ALLOWED = {("decimal", "Decimal"), ("datetime", "date")}
CHECKED_BY = ("dataset.py", "datacheck.py", "datafile.py", "dataload.py")


def key(raw_layers: Sequence[bytes], currencies: Collection[str] | None) -> bytes:
    # What decides whether data is valid and what it becomes: a change to any of these files
    # (a new check, a new field) makes every entry of an older build miss.
    here = Path(__file__).parent
    shape = b"".join((here / name).read_bytes() for name in CHECKED_BY)
    digest = hashlib.sha256(__version__.encode() + b"\0" + shape)
    digest.update(repr(sorted(currencies) if currencies is not None else None).encode())
    for raw in raw_layers:
        digest.update(len(raw).to_bytes(8, "big") + raw)
    return digest.hexdigest().encode()


def load(entry_key: bytes) -> Any | None:
    """The cached dataset for this key, or None."""
    try:
        data = read_capped(cache_dir() / FILE_NAME, MAX_BYTES)
        head = HEADER + entry_key + b"\n"
        if not data.startswith(head):
            return None
        return _DatasetUnpickler(io.BytesIO(data[len(head) :])).load()
    except Exception:  # a cache is a convenience: any fault means "not cached"
        return None


def store(entry_key: bytes, dataset: Any) -> None:
    """Keep the dataset for next time; a cache that cannot be written is no error."""
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        blob = pickle.dumps(dataset, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(folder / FILE_NAME, HEADER + entry_key + b"\n" + blob)
    except Exception:
        pass


class _DatasetUnpickler(pickle.Unpickler):
    """Builds the dataset's own classes, Decimals and dates; refuses every other name."""

    def find_class(self, module: str, name: str) -> Any:
        from exocalc import dataset

        if module == "exocalc.dataset" and isinstance(getattr(dataset, name, None), type):
            found = getattr(dataset, name)
            if hasattr(found, "__dataclass_fields__"):
                return found
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a dataset")
