"""Loading datasets that cannot be abused, and saying exactly where each problem is.

A dataset is one or more YAML files in layers: the first is a complete dataset (the bundled one
when the first file given is an overlay), and each file that declares `overlay: true` adds
entries to, or changes fields of, what comes before it, by id. Every file is read with a safe
loader, refused before parsing when over 5 MB, refused when its aliases would expand past a
limit ("billion laughs"), and refused for duplicate keys. Every problem found, in every file,
is reported at once as `file:line:column: field.path: message`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from exocalc.errors import DatasetError, Problem

BUNDLED_NAME = "clinics.yaml"
MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000  # the bundled dataset has about 1,500; a billion laughs has 10^9
OVERLAY_KEY = "overlay"
DATA_VARIABLE = "EXOCALC_DATA"

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser


@dataclass
class Layer:
    """A parsed file: its document, where each field path stands in it, and its problems."""

    shown: str
    document: Any = None
    positions: dict[tuple[Any, ...], tuple[str, int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def overlay(self) -> bool:
        return isinstance(self.document, dict) and self.document.get(OVERLAY_KEY) is True


def bundled_path() -> Path:
    """The dataset shipped inside the package (or data/ of a source checkout)."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / BUNDLED_NAME
    if packaged.is_file():
        return packaged
    return here.parent.parent / "data" / BUNDLED_NAME  # editable install: the repository's file


def load_dataset(paths: Sequence[Path] = (), currencies: Collection[str] | None = None) -> Any:
    """The validated Dataset from these files in layers; the bundled one when none.
    Raises DatasetError naming every problem's file, line, column and field."""
    return load_layers(paths, currencies)


def data_paths(given: Sequence[Path] | None) -> list[Path]:
    """EXOCALC_DATA's paths (os.pathsep between them), then those given with --data."""
    from_env = [Path(p) for p in os.environ.get(DATA_VARIABLE, "").split(os.pathsep) if p]
    return [*from_env, *(given or [])]


def load_layers(
    paths: Sequence[Path], currencies: Collection[str] | None = None, today: dt.date | None = None
) -> Any:
    """The validated Dataset from these layers (the bundled dataset alone when none)."""
    dataset, problems = check_layers(paths, currencies, today)
    if problems or dataset is None:
        raise DatasetError(problems)
    return dataset


def check_layers(
    paths: Sequence[Path], currencies: Collection[str] | None = None, today: dt.date | None = None
) -> tuple[Any, list[Problem]]:
    """(Dataset or None, every problem found). Each complete file is checked on its own; each
    overlay is checked merged onto what comes before it."""
    today = today or dt.date.today()
    layers = [read_layer(p) for p in paths]
    if not layers or layers[0].overlay:
        layers.insert(0, read_layer(bundled_path(), shown="bundled dataset"))
    problems: list[Problem] = []
    merged: Layer | None = None
    dataset = None
    for layer in layers:
        problems += layer.problems
        if layer.document is None:  # unreadable: nothing to check, nothing to lay on
            merged = None
            continue
        if layer.overlay:
            if merged is None:
                continue  # nothing sound to lay it on: its own problems are reported
            merged = merge(merged, layer)
        else:
            merged = layer
        dataset, found = validate_layer(merged, currencies, today)
        # A bad date or a duplicate key is already reported where it stands: not twice.
        taken = {(p.file, p.line, p.column) for p in problems}
        problems += [p for p in found if (p.file, p.line, p.column) not in taken]
    if problems:
        return None, sorted(dict.fromkeys(problems), key=Problem.sort_key)
    return dataset, []


def read_layer(path: Path, shown: str | None = None) -> Layer:
    shown = shown or str(path)
    layer = Layer(shown)

    def fail(message: str, line: int = 0, column: int = 0) -> Layer:
        layer.problems.append(Problem(shown, line, column, "", message))
        return layer

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return fail(f"the file is {size:,} bytes; a dataset may be at most {MAX_BYTES:,}")
        raw = path.read_bytes()
    except OSError as exc:
        return fail(f"cannot read the file: {exc.strerror or exc}")
    if len(raw) > MAX_BYTES:  # grew since stat, or not a regular file
        return fail(f"the file is over {MAX_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", line, column)
    if not text.strip():
        return fail("the file is empty")
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return fail(f"YAML syntax error: {exc.problem or exc.context}", line, column)
    except yaml.YAMLError as exc:
        return fail(f"YAML error: {exc}")
    except RecursionError:
        return fail("the document is nested too deeply")
    if node is None:
        return fail("the file is empty")
    expanded = _expanded_size(node, {})
    if expanded > MAX_NODES:
        mark = node.start_mark
        return fail(
            f"refused: its aliases expand to over {MAX_NODES:,} values (a 'billion laughs'?)",
            mark.line + 1,
            mark.column + 1,
        )
    constructor = _Constructor(shown)
    try:
        document = constructor.document(node)
    except (yaml.YAMLError, RecursionError, TypeError, ValueError) as exc:
        return fail(f"cannot read the YAML values: {exc}")
    _positions(node, (), shown, layer.positions, set())
    # A forbidden tag makes the whole file suspect: it is reported, nothing else is checked.
    if not constructor.refused:
        if isinstance(document, dict):
            layer.document = document
        else:
            fail("the top level must be a mapping of sections", 1, 1)
    # The constructor knows where a problem is, not which field: find the field by its place.
    fields = {(line, column): loc for loc, (_, line, column) in layer.positions.items()}
    for problem in constructor.problems:
        loc = fields.get((problem.line, problem.column))
        where = _dotted(loc) if loc else ""
        layer.problems.append(replace(problem, where=where))
    return layer


def _compose(text: str) -> Any:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _expanded_size(node: Any, memo: dict[int, int]) -> int:
    """How many values the document holds once every alias is expanded: computed on the node
    graph, where an alias is the same node again, so it costs nothing to find out."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = MAX_NODES + 1  # a node that contains itself expands without end
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            size += _expanded_size(child, memo)
            if size > MAX_NODES:
                break
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            size += _expanded_size(k, memo) + _expanded_size(v, memo)
            if size > MAX_NODES:
                break
    memo[key] = size
    return size


class _Constructor(yaml.SafeLoader):
    """Builds plain data from a node graph, noting duplicate keys and bad dates as problems
    (with their line and column) instead of stopping at the first."""

    def __init__(self, shown: str) -> None:
        super().__init__("")
        self.shown = shown
        self.problems: list[Problem] = []
        self.refused = False  # a forbidden tag was met

    def document(self, node: Any) -> Any:
        data = self.construct_document(node)
        self.dispose()
        return data

    def problem(self, node: Any, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.shown, mark.line + 1, mark.column + 1, "", message))

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                self.problem(key_node, "a key must be a plain value")
                continue
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.problem(key_node, f"duplicate key {key!r} (first on line {first})")
            seen[key] = key_node
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                mapping[key] = self.construct_object(value_node, deep=deep)
            except TypeError:
                continue
        return mapping

    def construct_undefined(self, node: Any) -> Any:
        # A tag such as !!python/object: refused, never run (this is a safe loader).
        self.problem(node, f"the tag {node.tag!r} is not allowed: plain data only")
        self.refused = True
        return None

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            self.problem(node, f"{node.value!r} is not a real date ({exc})")
            return None


_Constructor.add_constructor(None, _Constructor.construct_undefined)
_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp",
    _Constructor.construct_yaml_timestamp,
)


def _positions(
    node: Any,
    path: tuple[Any, ...],
    shown: str,
    out: dict[tuple[Any, ...], tuple[str, int, int]],
    active: set[int],
) -> None:
    if id(node) in active:
        return
    out[path] = (shown, node.start_mark.line + 1, node.start_mark.column + 1)
    active.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None:
                _positions(value_node, (*path, key), shown, out, active)
                # the key's own place too, where a duplicate key is reported
                mark = key_node.start_mark
                out[(*path, key, "<key>")] = (shown, mark.line + 1, mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _positions(child, (*path, i), shown, out, active)
    active.discard(id(node))


def merge(base: Layer, overlay: Layer) -> Layer:
    """The overlay's fields over the base's, mapping by mapping: an entry with a new id is
    added, an existing one keeps what the overlay does not say. Lists and values replace."""
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


def validate_layer(
    layer: Layer, currencies: Collection[str] | None, today: dt.date
) -> tuple[Any, list[Problem]]:
    from pydantic import ValidationError

    from exocalc.dataset import SCHEMA_VERSION, Dataset, reference_problems

    document = layer.document
    if document.get(OVERLAY_KEY) is not None and not layer.overlay:
        return None, [layer_problem(layer, (OVERLAY_KEY,), "must be true or left out")]
    document = {k: v for k, v in document.items() if k != OVERLAY_KEY}
    if document.get("schema_version") != SCHEMA_VERSION:
        found = document.get("schema_version")
        message = f"this exocalc reads version {SCHEMA_VERSION}, not {found!r}"
        return None, [layer_problem(layer, ("schema_version",), message)]
    problems: list[Problem] = []
    dataset = None
    try:
        dataset = Dataset.model_validate(document)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "unknown field (a typo?)"
            problems.append(layer_problem(layer, loc, message))
    for loc, message in reference_problems(document, currencies, today):
        problems.append(layer_problem(layer, loc, message))
    return (None if problems else dataset), problems


def layer_problem(layer: Layer, loc: tuple[Any, ...], message: str) -> Problem:
    """A problem at the nearest position the files know for this field path."""
    where = _dotted(loc)
    for end in range(len(loc), -1, -1):
        prefix = loc[:end]
        if prefix in layer.positions:
            shown, line, column = layer.positions[prefix]
            return Problem(shown, line, column, where, message)
    return Problem(layer.shown, 0, 0, where, message)


def _dotted(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if item == "<key>":
            continue
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)
