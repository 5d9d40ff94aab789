"""Formats on every command, the JSON Schemas, and shell completion."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from exocalc.data.model import Dataset
from exocalc.output.schema import schema
from tests.conftest import bundled_document
from tests.runner import run


@pytest.mark.parametrize(
    ("command", "count", "key"),
    [(["compare"], 5, "id"), (["clinics"], 6, "id"), (["rates"], 30, "currency")],
)
def test_listings_in_jsonl_csv_and_tsv(command: list[str], count: int, key: str) -> None:
    lines = run(*command, "--format", "jsonl").stdout.splitlines()
    assert len(lines) == count
    assert all(key in json.loads(line) for line in lines)
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        text = run(*command, "--format", fmt).stdout
        rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        assert len(rows) == count and all(row[key] for row in rows)


def test_quote_json_matches_its_schema(participating_file: Path) -> None:
    for args in (
        ["quote"],
        ["quote", "--travellers", "3", "--tier", "premium", "--addon", "led", "--contingency", "5",
         "--booking", "creatrip", "--origin", "sydney"],
        ["quote", "--clinic", "forena", "--date", "2025-06-01", "--data", str(participating_file)],
    ):  # fmt: skip
        document = json.loads(run(*args, "--format", "json").stdout)
        jsonschema.validate(document, schema("quote"))


def test_batch_records_match_the_quote_schema() -> None:
    result = run("batch", "-", stdin='{"id": 7, "tier": "factory"}\n')
    record = json.loads(result.stdout)
    assert (record.pop("row"), record.pop("id")) == (1, 7)
    jsonschema.validate(record, schema("quote"))


def test_schema_command_prints_json_schemas() -> None:
    quote = json.loads(run("schema", "quote").stdout)
    assert quote["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert quote["properties"]["schema"]["enum"] == ["exocalc.quote/4"]
    assert "lines" in quote["required"]
    dataset = json.loads(run("schema", "dataset").stdout)
    assert set(dataset["properties"]) == {f.name for f in dataclasses.fields(Dataset)}
    assert set(bundled_document()) <= set(dataset["properties"])


def complete(words: str) -> list[str]:
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {**os.environ, "_EXOCALC_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(cword)}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "exocalc"], env=env, capture_output=True, text=True, timeout=60
    )
    # click's bash protocol: one `type,value` a line, as the script --show-completion prints
    # reads it.
    return [line.partition(",")[2] for line in done.stdout.split()]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("exocalc quote --tier pr", ["premium"]),
        ("exocalc quote --origin lo", ["los_angeles", "london"]),
        ("exocalc clinics show f", ["forena"]),
        ("exocalc compare --currency GB", ["GBP"]),
        ("exocalc quote --currency us", ["usd"]),
        ("exocalc quote --hotel ", ["budget", "mid", "luxury"]),
        ("exocalc validate --format ", ["table", "json"]),
        ("exocalc compare -f j", ["json", "jsonl"]),
    ],
)
def test_shell_completion_knows_the_data(words: str, expected: list[str]) -> None:
    assert complete(words) == expected
