"""The validated dataset, kept in the user's cache folder so that a command does not parse YAML
and validate it again while nothing has changed.

The entry is data, never code: `dataset.json`, two lines of header (the format,
`exocalc-dataset/2`, and the entry's key) and then the dataset as one JSON document, each
record's fields under their own names, amounts as strings of their exact digits and dates as
YYYY-MM-DD. The key is a hash of everything validation depends on: the bytes of every layer's
file (the bundled one too), the currencies the rates know, exocalc's version and the code of the
dataset's shape. Reading it back builds the dataset's own classes field by field from their
declared types, with the limits those types declare (patterns, bounds), then runs the dataset's
cross-reference checks on it (a clinic's tier, a price's source...). An entry that fails any of
it, or is missing, truncated, too large or not a regular file, is ignored without a word: the
dataset is loaded and validated from its files, and cached anew. One entry is kept: the last
dataset validated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
import sys
import types
import typing
from collections.abc import Callable, Collection, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from exocalc import __version__
from exocalc.data.model import Check
from exocalc.store import cache_dir, read_capped, write_atomic

FILE_NAME = "dataset.json"
OLD_FILES = ("dataset.pickle",)  # an older exocalc's entry: never read, removed on a write
HEADER = b"exocalc-dataset/2\n"
MAX_BYTES = 4 * 1024 * 1024  # a dataset of 1 MiB is written in less than this
CHECKED_BY = ("model.py", "check.py", "read.py", "load.py", "cache.py")


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


def load(
    entry_key: bytes,
    currencies: Collection[str] | None,
    today: dt.date,
    folder: Path | None = None,
) -> Any | None:
    """The cached dataset for this key, or None. `folder`: the run's cache folder (the
    user's when None)."""
    try:
        data = read_capped((folder or cache_dir()) / FILE_NAME, MAX_BYTES)
        head = HEADER + entry_key + b"\n"
        if not data.startswith(head):
            return None
        import json

        return checked(json.loads(data[len(head) :]), currencies, today)
    except Exception:  # a cache is a convenience: any fault means "not cached"
        return None


def store(entry_key: bytes, dataset: Any, folder: Path | None = None) -> None:
    """Keep the dataset for next time; a cache that cannot be written is no error."""
    try:
        import json

        folder = folder or cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        body = json.dumps(plain(dataset), ensure_ascii=False, separators=(",", ":"))
        write_atomic(folder / FILE_NAME, HEADER + entry_key + b"\n" + body.encode("utf-8"))
        for name in OLD_FILES:
            (folder / name).unlink(missing_ok=True)
    except Exception:
        pass


def plain(value: Any) -> Any:
    """The dataset as JSON's values: records as objects, amounts as their digits, dates ISO."""
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)  # exact: Decimal(str(d)) has d's digits and exponent
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class NotADataset(ValueError):
    """What a cached entry holds is not a dataset this exocalc would have validated."""


def checked(document: Any, currencies: Collection[str] | None, today: dt.date) -> Any:
    """The Dataset a cached document describes, built from the declared types; NotADataset
    when it does not fit them or fails the cross-reference checks."""
    from exocalc.data.check import reference_problems
    from exocalc.data.model import Dataset

    dataset = build(Dataset, document)
    problem = next(iter(reference_problems(document, currencies, today)), None)
    if problem is not None:
        loc, message = problem
        raise NotADataset(f"{'.'.join(map(str, loc))}: {message}")
    return dataset


def build(hint: Any, value: Any) -> Any:
    """`value`, a JSON value, as the type `hint` declares: NotADataset when it is not one.
    Dates are written back into the document as dates, for the checks that compare them."""
    return _builder(hint)(value)


Builder = Callable[[Any], Any]


@functools.cache
def _builder(hint: Any) -> Builder:
    """A function that builds one type from JSON, made once a run for each type."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Annotated:
        return _limited(_builder(args[0]), [m.limits for m in args[1:] if isinstance(m, Check)])
    if origin is typing.Union or origin is types.UnionType:
        options = [a for a in args if a is not type(None)]
        if len(options) != 1 or len(args) != 2:  # the dataset's unions are `X | None`
            raise NotADataset(f"a union this reader does not know: {hint}")
        inner = _builder(options[0])
        return lambda value: None if value is None else inner(value)
    if origin is typing.Literal:
        return functools.partial(_literal, args)
    if origin is dict:
        key, item = map(_builder, args)
        return lambda value: {key(k): item(v) for k, v in _of(dict, value).items()}
    if origin is list:
        item = _builder(args[0])
        return lambda value: [item(v) for v in _of(list, value)]
    if hint is Decimal:
        return _decimal
    if hint is dt.date:
        return lambda value: dt.date.fromisoformat(_of(str, value))
    if hint in (str, int, bool):
        return functools.partial(_of, hint)
    if dataclasses.is_dataclass(hint):
        return functools.partial(_record, hint)
    raise NotADataset(f"a type this reader does not know: {hint}")


@functools.cache
def _fields(cls: type) -> dict[str, Builder]:
    """Each field's builder. The annotations are text (postponed): each distinct one is
    evaluated once, in the dataset module, as typing.get_type_hints would."""
    module = vars(sys.modules[cls.__module__])
    return {name: _builder(_evaluated(text, module)) for name, text in cls.__annotations__.items()}


_evaluated_texts: dict[str, Any] = {}


def _evaluated(text: Any, module: dict[str, Any]) -> Any:
    if not isinstance(text, str):
        return text
    if text not in _evaluated_texts:
        _evaluated_texts[text] = eval(text, module)  # the dataset module's own annotations
    return _evaluated_texts[text]


def _record(cls: Any, value: Any) -> Any:
    fields = _of(dict, value)
    builders = _fields(cls)
    values = {}
    for name, item in fields.items():
        builder = builders.get(name)
        if builder is None:
            raise NotADataset(f"{cls.__name__}: unknown field {name!r}")
        values[name] = built = builder(item)
        if isinstance(built, dt.date):
            fields[name] = built
    try:
        return cls(**values)  # a missing field, or low above high, is refused here
    except (TypeError, ValueError) as exc:
        raise NotADataset(f"{cls.__name__}: {exc}") from None


def _literal(allowed: tuple[Any, ...], value: Any) -> Any:
    if any(type(v) is type(value) and v == value for v in allowed):
        return value
    raise NotADataset(f"{value!r} is not one of {allowed}")


def _decimal(value: Any) -> Decimal:
    number = Decimal(_of(str, value))
    if not number.is_finite():
        raise NotADataset(f"{value!r} is not a number")
    return number


def _of(kind: type, value: Any) -> Any:
    if type(value) is not kind:  # exactly: True is not a whole number here
        raise NotADataset(f"{value!r} is not {kind.__name__}")
    return value


def _limited(inner: Builder, limits: list[dict[str, Any]]) -> Builder:
    """The limits a type declares (dataset.Check), as pydantic checks them, or stricter: an
    entry this refuses is only rebuilt from its files."""
    checks = [_check(name, limit) for each in limits for name, limit in each.items()]

    def built(value: Any) -> Any:
        out = inner(value)
        for check in checks:
            if not check(out):
                raise NotADataset(f"{out!r} is outside the limits of its field")
        return out

    return built


def _check(name: str, limit: Any) -> Callable[[Any], bool]:
    if name == "pattern":
        pattern = re.compile(limit)
        return lambda value: pattern.fullmatch(value) is not None
    if name == "min_length":
        return lambda value: len(value) >= limit
    if name == "max_length":
        return lambda value: len(value) <= limit
    if name == "ge":
        return lambda value: bool(value >= limit)
    if name == "le":
        return lambda value: bool(value <= limit)
    return lambda value: False  # a limit this reader does not know: the entry is not trusted
