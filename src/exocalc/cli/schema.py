"""`exocalc schema quote|dataset`: the JSON Schema to validate against."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from exocalc.cli.common import reports_errors

EXAMPLES = """\b
Examples:
  exocalc schema quote > quote.schema.json
  exocalc schema dataset | jq '.properties | keys'
"""


class SchemaKind(StrEnum):
    quote = "quote"
    dataset = "dataset"


@reports_errors
def schema_command(
    kind: Annotated[
        SchemaKind, typer.Argument(help="quote: the JSON of a quote; dataset: a data file.")
    ],
) -> None:
    """Print the JSON Schema of a quote (`quote --format json`, `batch`) or of a dataset."""
    from exocalc.output.schema import schema

    document = schema(kind.value)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    sys.stdout.write(json.dumps(document, indent=2) + "\n")


def register(app: typer.Typer) -> None:
    app.command("schema", epilog=EXAMPLES)(schema_command)
