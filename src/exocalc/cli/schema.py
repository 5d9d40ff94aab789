"""`exocalc schema NAME`: the JSON Schema of every JSON output, and of a dataset file."""

from __future__ import annotations

from typing import Any

from exocalc.cli.common import choice, format_option, output_format, reports_errors
from exocalc.cli.environment import current
from exocalc.cli.params import Command, argument
from exocalc.output.schema import NAMES, SHAPES

EXAMPLES = """\b
Examples:
  exocalc schema quote > quote.schema.json
  exocalc schema compare | jq '.properties | keys'
  exocalc schema dataset | jq '.properties | keys'
  exocalc schema quote --format table      # its fields, for people
"""


# Its names from the one registry (output/schema.py), so the help never leaves one out.
HELP = (
    f"Print the JSON Schema of a command's JSON output ({', '.join(SHAPES)}), or of a dataset "
    "file (dataset); `--format table` lists its fields."
)


@reports_errors
def run(kind: str, **values: Any) -> None:
    from exocalc.output.schema import schema, write_schema

    fmt = output_format(values["format"], "schema")
    env = current()
    write_schema(schema(choice(kind, NAMES, "schema")), fmt, env.out, env.display)


def command() -> Command:
    return Command(
        "schema",
        params=[
            argument(
                "kind",
                metavar="NAME",
                required=True,
                help="The output: " + ", ".join(NAMES) + " (a data file).",
            ),
            format_option("schema"),
        ],
        callback=run,
        help=HELP,
        epilog=EXAMPLES,
    )
