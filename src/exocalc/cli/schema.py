"""`exocalc schema quote|dataset`: the JSON Schema to validate against."""

from __future__ import annotations

import json
import sys
from typing import Any

from exocalc.cli.common import choice, reports_errors
from exocalc.cli.params import Command, argument

EXAMPLES = """\b
Examples:
  exocalc schema quote > quote.schema.json
  exocalc schema dataset | jq '.properties | keys'
"""
KINDS = ("quote", "dataset")


@reports_errors
def run(kind: str) -> None:
    """Print the JSON Schema of a quote (`quote --format json`, `batch`) or of a dataset."""
    from exocalc.output.schema import schema

    document: dict[str, Any] = schema(choice(kind, KINDS, "schema"))
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    sys.stdout.write(json.dumps(document, indent=2) + "\n")


def command() -> Command:
    return Command(
        "schema",
        params=[
            argument(
                "kind",
                metavar="quote|dataset",
                required=True,
                help="quote: the JSON of a quote; dataset: a data file.",
            ),
        ],
        callback=run,
        help=run.__doc__,
        epilog=EXAMPLES,
    )
