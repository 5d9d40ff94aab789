"""`exocalc schema NAME`: the JSON Schema of every JSON output, and of a dataset file."""

from __future__ import annotations

import json
import sys
from typing import Any

from exocalc.cli.common import choice, reports_errors
from exocalc.cli.params import Command, argument

EXAMPLES = """\b
Examples:
  exocalc schema quote > quote.schema.json
  exocalc schema compare | jq '.properties | keys'
  exocalc schema dataset | jq '.properties | keys'
"""
KINDS = (
    "quote", "batch", "plan", "compare", "clinics", "clinic", "rates", "config", "check-price",
    "origins", "treatments", "addons", "hotels", "channels", "dataset",
)  # fmt: skip


@reports_errors
def run(kind: str) -> None:
    """Print the JSON Schema of a command's JSON output (quote, batch, plan, compare, clinics,
    clinic, rates, config, check-price, origins, treatments, addons, hotels, channels), or of
    a dataset file (dataset)."""
    from exocalc.output.schemas import schema

    document: dict[str, Any] = schema(choice(kind, KINDS, "schema"))
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    sys.stdout.write(json.dumps(document, indent=2) + "\n")


def command() -> Command:
    return Command(
        "schema",
        params=[
            argument(
                "kind",
                metavar="NAME",
                required=True,
                help="The output: " + ", ".join(KINDS) + " (a data file).",
            ),
        ],
        callback=run,
        help=run.__doc__,
        epilog=EXAMPLES,
    )
