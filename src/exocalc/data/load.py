"""Loading datasets that cannot be abused, and saying exactly where each problem is.

A dataset is one or more YAML files in layers: the first is a complete dataset (the bundled one
when the first file given is an overlay), and each file that declares `overlay: true` adds
entries to, or changes fields of, what comes before it, by id. Every file is read with a safe
loader, refused before parsing when over 1 MiB, refused when its aliases would expand past a
limit ("billion laughs"), and refused for duplicate keys. Every problem found, in every file,
is counted, and the first MAX_PROBLEMS by place reported at once as
`file:line:column: field.path: message`.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exocalc.errors import DatasetError, Problem, Problems
from exocalc.store import FileRefused, read_capped

if TYPE_CHECKING:
    from exocalc.data.read import Layer

Report = Callable[[Problem], None]

BUNDLED_NAME = "clinics.yaml"
MAX_BYTES = 1024 * 1024  # 5,000 clinics; a file this size loads in about 1.5 s (cached after)
DATA_VARIABLE = "EXOCALC_DATA"


MAX_LAYERS = 8  # data files in layers: a dataset and a few overlays
MAX_PROBLEMS = 20  # problems told: the first, by place in the files; the rest are counted
MAX_TOTAL_BYTES = 3 * MAX_BYTES  # all of them together


def bundled_path() -> Path:
    """The dataset shipped inside the package (or data/ of a source checkout)."""
    here = Path(__file__).resolve().parent  # the wheel puts the file beside this module
    packaged = here / BUNDLED_NAME
    if packaged.is_file():
        return packaged
    return here.parents[2] / "data" / BUNDLED_NAME  # editable install: the repository's file


def load_dataset(
    paths: Sequence[Path] = (),
    currencies: Collection[str] | None = None,
    today: dt.date | None = None,
    cache_folder: Path | None = None,
) -> Any:
    """The validated Dataset from these files in layers; the bundled one when none.
    Raises DatasetError naming every problem's file, line, column and field. A dataset
    validated before, from the same bytes, comes from the cache (datacache.py)."""
    from exocalc.data import cache as datacache

    today = today or dt.date.today()  # a caller outside the CLI (which passes the run's)
    if len(paths) > MAX_LAYERS:
        return load_layers(paths, currencies, today)  # it says how many are too many
    files = [bundled_path(), *paths]
    raws = [raw_bytes(path) for path in files]
    if any(isinstance(raw, str) for raw in raws):
        return load_layers(paths, currencies, today)  # it reports the file that cannot be read
    read = {str(path): raw for path, raw in zip(files, raws, strict=True) if isinstance(raw, bytes)}
    # Every layer, in order: a file given twice is a layer twice.
    entry = datacache.key([raw for raw in raws if isinstance(raw, bytes)], currencies)
    dataset = datacache.load(entry, currencies, today, cache_folder)
    if dataset is None:
        dataset = load_layers(paths, currencies, today, read=read)
        datacache.store(entry, dataset, cache_folder)
    return dataset


def data_paths(given: Sequence[Path] | None) -> list[Path]:
    """EXOCALC_DATA's paths (os.pathsep between them), then those given with --data."""
    from_env = [Path(p) for p in os.environ.get(DATA_VARIABLE, "").split(os.pathsep) if p]
    return [*from_env, *(given or [])]


def load_layers(
    paths: Sequence[Path],
    currencies: Collection[str] | None = None,
    today: dt.date | None = None,
    read: dict[str, bytes] | None = None,
) -> Any:
    """The validated Dataset from these layers (the bundled dataset alone when none)."""
    dataset, problems = check_layers(paths, currencies, today, read)
    if problems or dataset is None:
        raise DatasetError(problems)
    return dataset


def check_layers(
    paths: Sequence[Path],
    currencies: Collection[str] | None = None,
    today: dt.date | None = None,
    read: dict[str, bytes] | None = None,
    warnings: list[Problem] | None = None,
) -> tuple[Any, Problems]:
    """(Dataset or None, the problems found: the first MAX_PROBLEMS, and their count). Each
    complete file is checked on its own; each overlay is checked merged onto what comes
    before it. `read`: files' bytes already read.
    `warnings`, when given, gets what the data does not source: figures, and sources unused."""
    from exocalc.data.read import read_layer

    today = today or dt.date.today()
    read = read or {}

    total = 0

    def layer_of(path: Path, shown: str | None = None) -> Layer:
        nonlocal total
        raw = read.get(str(path)) or raw_bytes(path)
        total += len(raw) if isinstance(raw, bytes) else 0
        if total > MAX_TOTAL_BYTES:  # layers of 1 MiB each, without end, would still cost
            raw = f"refused: the data files add up to over {MAX_TOTAL_BYTES:,} bytes"
        return read_layer(path, raw, shown)

    if len(paths) > MAX_LAYERS:
        listed = f"{len(paths)} data files (--data, EXOCALC_DATA)"
        return None, Problems([
            Problem(str(paths[MAX_LAYERS]), 0, 0, "", f"refused: {listed}; at most {MAX_LAYERS}")
        ])  # fmt: skip
    layers = [layer_of(p) for p in paths]
    if not layers or layers[0].overlay:
        layers.insert(0, layer_of(bundled_path(), "bundled dataset"))
    found = _Found()
    merged: Layer | None = None
    dataset = None
    for layer in layers:
        for problem in layer.problems:
            found.add(problem)
        if layer.document is None:  # unreadable: nothing to check, nothing to lay on
            merged = None
            continue
        if layer.overlay:
            if merged is None:
                continue  # nothing sound to lay it on: its own problems are reported
            merged = merge(merged, layer)
        else:
            merged = layer
        dataset = validate_layer(merged, currencies, today, found.beside())
    if found.total:
        return None, found.problems()
    if warnings is not None and merged is not None:
        from exocalc.data.check import source_warnings
        from exocalc.data.read import layer_problem

        notes = [
            layer_problem(merged, loc, message) for loc, message in source_warnings(merged.document)
        ]
        warnings += sorted(notes, key=Problem.sort_key)
    return dataset, Problems()


class _Found:
    """Problems as they are found: each counted once, the first MAX_PROBLEMS by place in the
    files kept. Memory does not grow with their number: an overlay of 10,000 unknown ids
    costs a count, not 10,000 messages."""

    def __init__(self) -> None:
        self.first: list[Problem] = []
        self.seen: set[int] = set()  # each problem's hash: each is counted once
        self.places: set[tuple[str, int, int]] = set()
        self.total = 0

    def add(self, problem: Problem) -> None:
        key = hash(problem)
        if key in self.seen:
            return
        self.seen.add(key)
        self.places.add((problem.file, problem.line, problem.column))
        self.total += 1
        self.first.append(problem)
        if len(self.first) >= 4 * MAX_PROBLEMS:
            self.first = sorted(self.first, key=Problem.sort_key)[:MAX_PROBLEMS]

    def beside(self) -> Callable[[Problem], None]:
        """`add`, for what validation finds: a bad date or a duplicate key already reported
        where it stands is not reported again as a wrong value."""
        taken = frozenset(self.places)

        def add(problem: Problem) -> None:
            if (problem.file, problem.line, problem.column) not in taken:
                self.add(problem)

        return add

    def problems(self) -> Problems:
        return Problems(sorted(self.first, key=Problem.sort_key)[:MAX_PROBLEMS], self.total)


def raw_bytes(path: Path) -> bytes | str:
    """A dataset file's bytes, or why it cannot be read: only a regular file, at most
    MAX_BYTES (checked before a byte is read, and again while reading: a file that grows)."""
    try:
        return read_capped(path, MAX_BYTES)
    except FileRefused as exc:
        if exc.size is not None:
            return f"the file is {exc.size:,} bytes; a dataset may be at most {MAX_BYTES:,}"
        if "larger" in (exc.strerror or ""):
            return f"the file is over {MAX_BYTES:,} bytes; a dataset may be at most that"
        return f"cannot read the file: {exc.strerror}"
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"


def merge(base: Layer, overlay: Layer) -> Layer:
    """The overlay's fields over the base's, mapping by mapping: an entry with a new id is
    added, an existing one keeps what the overlay does not say. Lists and values replace."""
    from exocalc.data.read import OVERLAY_KEY, Layer

    document = _merged(base.document, overlay.document)
    document.pop(OVERLAY_KEY, None)
    positions = {**base.positions, **overlay.positions}
    return Layer(f"{base.shown} + {overlay.shown}", document, positions)


def _merged(base: Any, top: Any) -> Any:
    if isinstance(base, dict) and isinstance(top, dict):
        out = dict(base)
        for key, value in top.items():
            out[key] = _merged(base[key], value) if key in base else value
        return out
    return top


# What pydantic calls a mistake in a dataclass's fields, in the words of a data file.
_MESSAGES = {
    "unexpected_keyword_argument": "unknown field (a typo?)",
    "missing_keyword_only_argument": "missing: this field is required",
    "missing": "missing: this field is required",
    "missing_argument": "missing: this field is required",
    "date_from_datetime_inexact": "a date and time: write the date alone (2026-10-30)",
    "dict_type": "must be a mapping (names, each with its value under it), not a list or a value",
    "list_type": "must be a list ([a, b], or lines starting with '- ')",
    "decimal_type": "must be a number (150000, 12.5)",
    "decimal_parsing": "must be a number (150000, 12.5)",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_type": "must be a date (2026-10-30)",
    "date_parsing": "must be a date (2026-10-30)",
    "date_from_datetime_parsing": "must be a date (2026-10-30)",
}


def _message(error: Any) -> str:
    """pydantic's words for a fault, in the words of a data file."""
    if error["type"] == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if pattern.startswith("^[a-z]"):
            return f"{error['input']!r} is not an id: lower-case letters, digits and _"
        if pattern.startswith("^[A-Z]"):
            return f"{error['input']!r} is not a currency code (three capital letters)"
        return "control characters are not allowed in text"
    found = _MESSAGES.get(error["type"])
    return found or str(error["msg"]).removeprefix("Value error, ")


@functools.cache
def _validator() -> Any:
    """pydantic's validator of the dataset's dataclasses: built once, only when a file is
    validated (pydantic is imported here alone)."""
    from pydantic import TypeAdapter

    from exocalc.data.model import Dataset

    return TypeAdapter(Dataset)


def dataset_from(document: dict[str, Any]) -> Any:
    """A Dataset from a document already read (pydantic's ValidationError when it does not
    fit the shape)."""
    return _validator().validate_python(document)


def validate_layer(
    layer: Layer, currencies: Collection[str] | None, today: dt.date, report: Report
) -> Any:
    """The layer's Dataset, or None, each of its problems given to `report`."""
    from pydantic import ValidationError

    from exocalc.data.check import reference_problems
    from exocalc.data.model import SCHEMA_VERSION
    from exocalc.data.read import OVERLAY_KEY, layer_problem

    document = layer.document
    if document.get(OVERLAY_KEY) is not None and not layer.overlay:
        report(layer_problem(layer, (OVERLAY_KEY,), "must be true or left out"))
        return None
    document = {k: v for k, v in document.items() if k != OVERLAY_KEY}
    if document.get("schema_version") != SCHEMA_VERSION:
        given = document.get("schema_version")
        message = f"this exocalc reads version {SCHEMA_VERSION}, not {given!r}"
        report(layer_problem(layer, ("schema_version",), message))
        return None
    reported = 0
    dataset = None
    try:
        dataset = dataset_from(document)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if error["type"] == "unexpected_keyword_argument":
                loc = (*loc, "<key>")  # an unknown key is where the key is, not its value
            report(layer_problem(layer, loc, _message(error)))
            reported += 1
    for loc, message in reference_problems(document, currencies, today):
        report(layer_problem(layer, loc, message))
        reported += 1
    return None if reported else dataset
