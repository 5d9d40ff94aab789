"""One owner for every shape (issue 18): each JSON output is written by a typed shape and its
schema is generated from the same shape; one table of formats serves every command that prints,
`schema`, `validate` and `config` included."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from exocalc.output.formats import ACCEPTS, default
from tests.runner import run


def test_a_config_value_that_starts_with_nul_is_json_a_reader_takes(config_file: Path) -> None:
    config_file.write_text('origin = "\\u0000london"\nhotel = "a\\u0000"\n')
    done = run("config", "--format", "json", code=1)  # neither value can be used: exit 1
    document = json.loads(done.stdout)
    values = {s["key"]: s["value"] for s in document["settings"]}
    assert (values["origin"], values["hotel"]) == ("\x00london", "a\x00")
    assert '"value": "\\u0000london"' in done.stdout
    jsonschema.validate(document, json.loads(run("schema", "config").stdout))


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_config_in_rows(config_file: Path, fmt: str, delimiter: str) -> None:
    config_file.write_text("travellers = 2\n")
    text = run("config", "--format", fmt).stdout
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    assert [r["key"] for r in rows] == ["origin", "currency", "travellers", "hotel", "booking"]
    assert rows[2] == {"key": "travellers", "value": "2", "source": "config file",
                       "where": f"{config_file}:1", "problem": ""}  # fmt: skip
    lines = run("config", "--format", "jsonl").stdout.splitlines()
    assert json.loads(lines[2])["value"] == "2" and len(lines) == 5


def test_validate_in_json_for_a_good_and_a_broken_dataset(tmp_path: Path) -> None:
    schema = json.loads(run("schema", "validate").stdout)
    good = json.loads(run("validate", "--format", "json").stdout)
    jsonschema.validate(good, schema)
    assert good["ok"] is True and good["problems"] == [] and good["files"] == []
    assert good["summary"].startswith("the bundled dataset: 6 clinics")
    broken = tmp_path / "broken.yaml"
    broken.write_text("overlay: true\nclinics:\n  forena:\n    tier: golden\n")
    done = run("validate", str(broken), "--format", "json", code=1)
    found = json.loads(done.stdout)
    jsonschema.validate(found, schema)
    assert found["ok"] is False and found["summary"] is None
    assert found["problems_total"] == len(found["problems"]) >= 1
    assert found["problems"][0]["file"] == str(broken)
    assert "problem" in done.stderr  # the count, for people, on stderr as before
    table = run("validate", str(broken), code=1).stdout  # the lines, as before
    first = found["problems"][0]
    assert table.splitlines()[0].startswith(f"{broken}:{first['line']}:{first['column']}: ")


def test_schema_as_a_table_for_people() -> None:
    table = run("schema", "quote", "--format", "table", columns=100).stdout
    assert "inputs" in table and "list of Line" in table and "PerPerson | null" in table
    both = run("schema", "batch", "--format", "table", columns=100).stdout
    assert "BatchQuote" in both and "BatchError" in both
    assert json.loads(run("schema", "quote", "--format", "json").stdout) == json.loads(
        run("schema", "quote").stdout
    )  # JSON is the default


@pytest.mark.parametrize("command", sorted(ACCEPTS))
def test_every_command_that_prints_takes_the_formats_of_the_one_table(command: str) -> None:
    args = [command, *(["450000"] if command == "check-price" else [])]
    args += ["quote"] if command == "schema" else []
    done = run(*args, "--format", "bogus", code=2)
    listed = ", ".join(ACCEPTS[command])
    assert f"--format 'bogus' is not one of: {listed}" in done.stderr
    assert f"Default: {default(command)}." in " ".join(run(command, "--help").stdout.split())


def test_the_quote_is_written_in_its_schema_s_order() -> None:
    """The schema and the output come from one shape: the same fields, in the same order."""
    schema = json.loads(run("schema", "quote").stdout)
    document = json.loads(
        run("quote", "--treatment", "hair", "--price", "200USD", "--travellers", "2",
            "--format", "json").stdout,
        parse_float=Decimal,
    )  # fmt: skip
    assert list(document) == list(schema["properties"])
    line = schema["$defs"]["Line"]["properties"]
    assert list(document["lines"][0]) == list(line)
    assert list(document["inputs"]) == list(schema["$defs"]["Inputs"]["properties"])
    assert schema["$defs"]["Three"]["properties"]["low"] == {"type": "number"}
    assert schema["additionalProperties"] is False


# Modules that write JSON that is not an output: the caches' own files, and a check that a
# decoded batch row can be written as UTF-8.
STORES = {"exocalc.rates.cache", "exocalc.data.cache", "exocalc.batch.rows"}


def test_json_text_is_written_in_the_output_layer_alone() -> None:
    import ast

    from tests.test_house import MODULES

    writers = []
    for module, path in MODULES.items():
        if module.startswith("exocalc.output.") or module in STORES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("dumps", "dump", "encode", "format")
                and isinstance(node.value, ast.Name | ast.Attribute)
                and ast.unparse(node.value) in ("json", "msgspec.json")
            ):
                writers.append(f"{module}: {ast.unparse(node)}")
    assert writers == []


@pytest.mark.parametrize("row_id", ["a1", 7, None])
def test_a_batch_record_made_by_position_is_the_bytes_its_shape_writes(row_id: object) -> None:
    """A batch writes each record with shapes.positional(BatchQuote), for speed: the same
    bytes, field for field, as the shape whose schema `exocalc schema batch` prints."""
    import datetime as dt

    from msgspec import UNSET

    from exocalc.data.load import load_dataset
    from exocalc.output import shapes
    from exocalc.output.jsonfmt import compact
    from exocalc.output.record import Records
    from exocalc.pricing.quote import price
    from exocalc.rates import bundled_rates
    from exocalc.request import Request

    rates = bundled_rates()
    today = dt.date(2026, 11, 28)
    data = load_dataset([], rates.currencies, today)
    values = {"travellers": "2", "booking": "creatrip", "also_currency": "EUR", "price": "900 USD"}
    q = price(Request.from_values(values), data, rates, today)
    head = {"row": 3} if row_id is None else {"row": 3, "id": row_id}
    by_name = Records(today).quote(q, shapes.BatchQuote, **head)
    by_position = Records(today).batch(3, UNSET if row_id is None else row_id, q)
    assert compact(by_position) == compact(by_name)
    assert shapes.positional(shapes.BatchQuote).__struct_encode_fields__ == (
        shapes.BatchQuote.__struct_encode_fields__
    )
