"""The JSON Schema of what exocalc reads and writes: generated from the shapes that write each
output (output/shapes.py) and, for a dataset file, from the models that validate it
(exocalc.data.model). `exocalc schema NAME` prints them; the tests validate real output
against each."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any

import msgspec

from exocalc.output import shapes
from exocalc.output.common import Views, write
from exocalc.output.fmt import Display
from exocalc.output.layout import Column, Row, draw_table, say

if TYPE_CHECKING:
    from rich.console import Console

SHAPES: dict[str, tuple[type[msgspec.Struct], ...]] = {
    "quote": (shapes.Quote,),
    "batch": (shapes.BatchQuote, shapes.BatchError),  # a line: a quote, or why a row failed
    "plan": (shapes.Plan,),
    "compare": (shapes.Compare,),
    "best": (shapes.Best,),
    "best-row": (shapes.BestOptionLine,),  # a line of `best --format jsonl`
    "clinics": (shapes.Clinics,),
    "clinic": (shapes.OneClinic,),
    "rates": (shapes.Rates,),
    "config": (shapes.Config,),
    "check-price": (shapes.CheckPrice,),
    "validate": (shapes.Validation,),
    **{name: (document,) for name, (_, document) in shapes.LISTINGS.items()},
}
NAMES = (*SHAPES, "dataset")
DRAFT = "https://json-schema.org/draft/2020-12/schema"
# How msgspec describes a Decimal (its default encoding, text); exocalc writes them as numbers.
_DECIMAL = {"type": "string", "format": "decimal"}


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one output (`exocalc schema KIND`), or of a dataset file."""
    if kind == "dataset":
        from pydantic import TypeAdapter

        from exocalc.data.model import Dataset

        return {"$schema": DRAFT, **TypeAdapter(Dataset).json_schema()}
    found = SHAPES[kind]
    refs, defs = msgspec.json.schema_components(found, ref_template="#/$defs/{name}")
    # The document's own object at the top, the parts it uses below it; or either of two.
    one = len(refs) == 1
    top = defs.pop(refs[0]["$ref"].rsplit("/", 1)[-1]) if one else {"anyOf": list(refs)}
    document: dict[str, Any] = _numbers({"$schema": DRAFT, **top, "$defs": defs})
    return document


def _numbers(node: Any) -> Any:
    """The schema with every Decimal a JSON number, as the encoder writes it."""
    if node == _DECIMAL:
        return {"type": "number"}
    if isinstance(node, dict):
        found = {key: _numbers(value) for key, value in node.items()}
        if "schema" in found.get("properties", {}):  # a document names its shape: always
            found["required"] = ["schema", *found.get("required", [])]
        return found
    if isinstance(node, list):
        return [_numbers(value) for value in node]
    return node


def write_schema(document: dict[str, Any], fmt: str, out: IO[str], display: Display) -> None:
    """The schema as JSON (for programs); as a table of its top-level fields (for people): one
    table for each shape a line may have (a batch's quote, or its error)."""
    write(
        fmt, out, Views(draw=lambda con: _draw(con, document), document=lambda: document), display
    )


def _draw(con: Console, document: dict[str, Any]) -> None:
    defs = document.get("$defs", {})
    parts = [document] if "properties" in document else [
        defs[_type(part)] for part in document.get("anyOf", ())
    ]  # fmt: skip
    for part in parts:
        required = set(part.get("required", ()))
        rows = [
            Row(name, [_type(field), "yes" if name in required else "no"])
            for name, field in part.get("properties", {}).items()
        ]
        columns = [Column("Type", wraps=True), Column("Required")]
        draw_table(con, [str(part.get("title", ""))], "Field", columns, rows)
    say(con, "Every field, nested ones too: the JSON (--format json).")


def _type(node: dict[str, Any]) -> str:
    """A field's JSON type in a few words: `number`, `Three | null`, `list of Line`."""
    if "$ref" in node:
        return str(node["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in node:
        return " | ".join(_type(part) for part in node["anyOf"])
    if "enum" in node:
        return " | ".join(json.dumps(value) for value in node["enum"])
    kind = node.get("type", "any")
    if kind == "array":
        return "list of " + _type(node.get("items", {}))
    if kind == "object" and isinstance(node.get("additionalProperties"), dict):
        return "map of " + _type(node["additionalProperties"])
    return str(kind) + (f" ({node['format']})" if "format" in node else "")
