"""Which figures of a dataset cite each source: the other half of a source's entry (what it
supports), read from the validated dataset by the one rule `exocalc validate` checks citations
by (data/check.py): a field `source`, a field's own `*_source`, a list `sources`."""

from __future__ import annotations

import dataclasses
from typing import Any

from exocalc.data.model import Dataset


def citations(data: Dataset) -> dict[str, list[str]]:
    """Each cited source id (in the order the dataset lists its sources), with the figures that
    cite it, by their place in the data (`tiers.standard.prices.skin`, `visa.visa_free_days`)."""
    found: dict[str, list[str]] = {}
    for field in dataclasses.fields(data):
        if field.name != "sources":  # the list of sources cites none
            _walk(getattr(data, field.name), (field.name,), found)
    return {source: found[source] for source in data.sources if source in found}


def _walk(node: Any, at: tuple[str, ...], found: dict[str, list[str]]) -> None:
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            name, value = field.name, getattr(node, field.name)
            if name == "source" and isinstance(value, str):
                _cite(found, value, at)
            elif name.endswith("_source") and isinstance(value, str):
                _cite(found, value, (*at, name.removesuffix("_source")))
            elif name == "sources" and isinstance(value, list):
                for source in value:
                    _cite(found, source, at)
            else:
                _walk(value, (*at, name), found)
    elif isinstance(node, dict):
        for key, value in node.items():
            _walk(value, (*at, str(key)), found)
    elif isinstance(node, list | tuple):
        for n, value in enumerate(node):
            _walk(value, (*at, str(n)), found)


def _cite(found: dict[str, list[str]], source: str, at: tuple[str, ...]) -> None:
    place = ".".join(at)
    cited = found.setdefault(source, [])
    if place not in cited:
        cited.append(place)
