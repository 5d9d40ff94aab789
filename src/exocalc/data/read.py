"""Reading one dataset file safely, and saying exactly where each problem is.

Only a regular file of at most 1 MiB is read (checked before a byte is read); YAML is parsed
with a safe loader; aliases that would expand past a limit ("billion laughs") and duplicate keys
are refused; every problem is given with its line and column, and every field path with its
place in the file. yaml is imported here alone: a command whose dataset comes from the cache
never loads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from exocalc.errors import Problem

MAX_ALIASED = 100_000  # values aliases may add: the bundled dataset has none; a billion laughs 10^9
MAX_DEPTH = 64  # levels of nesting: a dataset needs 6
MAX_VALUES = 200_000  # values in all: the bundled dataset has about 1,000
MAX_ENTRIES = 10_000  # entries of one mapping or list: clinics, origins...
_ENDLESS = 10**18
OVERLAY_KEY = "overlay"

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


class _Refused(Exception):
    """Why a file cannot be read at all, and where."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def read_layer(path: Path, raw: bytes | str, shown: str | None = None) -> Layer:
    """One file's layer from its bytes (or why they could not be read: dataload.raw_bytes)."""
    shown = shown or str(path)
    layer = Layer(shown)
    try:
        if isinstance(raw, str):
            raise _Refused(raw)
        text = _decoded(raw)
        node = _composed(text)
        depth = _positions(node, shown, layer.positions)
        if depth > MAX_DEPTH:
            raise _Refused(
                f"refused: nested deeper than {MAX_DEPTH} levels; a dataset needs 6", 1, 1
            )
        constructor = _Constructor(shown)
        try:
            document = constructor.document(node)
        except (yaml.YAMLError, RecursionError, TypeError, ValueError) as exc:
            raise _Refused(f"cannot read the YAML values: {exc}") from None
    except _Refused as exc:
        layer.problems.append(Problem(shown, exc.line, exc.column, "", exc.message))
        return layer
    # A forbidden tag makes the whole file suspect: it is reported, nothing else is checked.
    if not constructor.refused:
        if isinstance(document, dict):
            layer.document = document
        else:
            layer.problems.append(
                Problem(shown, 1, 1, "", "the top level must be a mapping of sections")
            )
    # The constructor knows where a problem is, not which field: find the field by its place.
    fields = {(line, column): loc for loc, (_, line, column) in layer.positions.items()}
    for problem in constructor.problems:
        loc = fields.get((problem.line, problem.column))
        where = _dotted(loc) if loc else ""
        layer.problems.append(replace(problem, where=where))
    return layer


def _decoded(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _Refused(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", line, column) from None
    if not text.strip():
        raise _Refused("the file is empty")
    return text


def _composed(text: str) -> Any:
    """The YAML node tree, or why there is none; refused when its aliases would expand it."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise _Refused(f"YAML syntax error: {exc.problem or exc.context}", line, column) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. NUL
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise _Refused(f"the character U+{code:04X} is not allowed in YAML", line, column) from None
    except yaml.YAMLError as exc:
        raise _Refused(f"YAML error: {exc}") from None
    except RecursionError:
        raise _Refused("the document is nested too deeply") from None
    if node is None:
        raise _Refused("the file is empty")
    _check_size(node)
    # Aliases need an anchor, and an anchor an '&': a file without one cannot expand.
    if "&" in text and _aliased(node) > MAX_ALIASED:
        mark = node.start_mark
        raise _Refused(
            f"refused: its aliases add over {MAX_ALIASED:,} values (a 'billion laughs'?)",
            mark.line + 1,
            mark.column + 1,
        )
    return node


def _compose(text: str) -> Any:
    loader = _ResolvingOnce(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class _ResolvingOnce(_Loader):  # type: ignore[misc]
    """libyaml's parser, with each plain value's type worked out once per file: a large
    dataset says "unknown" or "2026-10-30" tens of thousands of times, and working out the
    type is most of what composing it costs."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._types: dict[tuple[Any, ...], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode:
            return str(super().resolve(kind, value, implicit))
        key = (value, *implicit)
        found = self._types.get(key)
        if found is None:
            found = self._types[key] = str(super().resolve(kind, value, implicit))
        return found


def _check_size(root: Any) -> None:
    """Refuse a document of more values, or a mapping or list of more entries, than any
    dataset needs: within the size limit, 80,000 empty clinics would still cost a gigabyte of
    error reports. Each node is counted once (an alias is the node again)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if len(seen) > MAX_VALUES:
            raise _Refused(f"refused: over {MAX_VALUES:,} values; a dataset needs a few thousand")
        children = _children(node)
        if len(node.value if isinstance(node.value, list) else ()) > MAX_ENTRIES:
            mark = node.start_mark
            raise _Refused(
                f"refused: over {MAX_ENTRIES:,} entries in one mapping or list",
                mark.line + 1, mark.column + 1,
            )  # fmt: skip
        stack.extend(children)


def _aliased(root: Any) -> int:
    """How many values the document's aliases add once expanded, from the node graph, where
    an alias is the same node again: each node is visited once, so a billion laughs costs
    nothing to measure, and no nesting can exhaust the stack."""
    size: dict[int, int] = {}  # expanded size of each node's tree
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            size[key] = 1 + sum(size.get(id(c), _ENDLESS) for c in _children(node))
        elif key not in size:
            size[key] = _ENDLESS  # a node that contains itself expands without end
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
    return size[id(root)] - len(size)


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


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

    def construct_yaml_int(self, node: Any) -> Any:
        try:
            value = super().construct_yaml_int(node)
        except ValueError:
            digits = sum(c.isdigit() for c in node.value)
            self.problem(node, f"a number of {digits:,} digits: too long to be a figure")
            return None
        refused = _yaml11_form(node, value)
        if refused is not None:
            self.problem(node, refused)
            return None
        return value

    def construct_yaml_float(self, node: Any) -> Any:
        """A number with a point: a float where the float is the decimal written (0.10), else
        the decimal itself, never a float that drops digits without a word: 40 digits, or
        1.0e-999999999, which a float reads as 0 (dataset.Figure refuses both)."""
        value = super().construct_yaml_float(node)
        if ":" in node.value:
            self.problem(node, str(_yaml11_form(node, value)))
            return None
        if value != value or value in (_INFINITY, -_INFINITY):
            return value  # .nan and .inf: the shape refuses them
        written = Decimal(node.value.replace("_", ""))
        return value if Decimal(repr(value)) == written else written

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
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)

_INFINITY = float("inf")
_OCTAL = re.compile(r"[-+]?0[0-7_]*[1-7][0-7_]*")
_OTHER_BASE = re.compile(r"[-+]?0[xXbB][0-9a-fA-F_]+")  # hexadecimal, binary


def _yaml11_form(node: Any, read: Any) -> str | None:
    """Why a number that YAML 1.1 reads in a base the writer seldom means is refused (`read`,
    what YAML makes of it): colons (base 60: 2:30:00 is 9000), a leading 0 (octal: 0150000
    is 53248), 0x or 0b (hexadecimal, binary) or underscores (1_000). None: it is read as the
    decimal written."""
    text = node.value
    if ":" in text:
        return f"{text} is read by YAML as a base-60 number ({read}): write the number itself"
    if _OCTAL.fullmatch(text):
        sign = text[0] if text[0] in "+-" else ""
        decimal = sign + text.lstrip("+-").lstrip("0_").replace("_", "")
        return f"{text} is read by YAML as an octal number ({read}): write {decimal}"
    if _OTHER_BASE.fullmatch(text):
        return f"{text} is read by YAML as a number in another base ({read}): write {read}"
    if "_" in text:  # 1_000: YAML 1.1 drops the underscores, a reader may not
        return f"{text} is read by YAML as {read}: write it without underscores"
    return None


def _positions(root: Any, shown: str, out: dict[tuple[Any, ...], tuple[str, int, int]]) -> int:
    """Where each field path stands in the file (and each key's own place, where a duplicate
    key is reported); how deep the document nests (it stops past MAX_DEPTH)."""
    deepest = 0
    stack: list[tuple[Any, tuple[Any, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        mark = node.start_mark
        out[path] = (shown, mark.line + 1, mark.column + 1)
        if len(path) > deepest:
            deepest = len(path)
            if deepest > MAX_DEPTH:
                break
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = key_node.value
                    stack.append((value_node, (*path, key)))
                    at = key_node.start_mark
                    out[(*path, key, "<key>")] = (shown, at.line + 1, at.column + 1)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*path, i)) for i, child in enumerate(node.value))
    return deepest + 1


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


def layer_problem(layer: Layer, loc: tuple[Any, ...], message: str) -> Problem:
    """A problem at the nearest position the files know for this field path."""
    where = _dotted(loc)
    for end in range(len(loc), -1, -1):
        prefix = loc[:end]
        if prefix in layer.positions:
            shown, line, column = layer.positions[prefix]
            return Problem(shown, line, column, where, message)
    return Problem(layer.shown, 0, 0, where, message)
