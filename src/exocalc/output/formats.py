"""The output formats, in one table: what each is, and which commands take which. The command
line builds every `--format` option from it (cli/common.py), and a new format or command is
added here alone."""

from __future__ import annotations

FORMATS = {
    "table": "for people: tables and notes (the terminal's width)",
    "json": "one JSON document (docs/json.md; `exocalc schema NAME`)",
    "jsonl": "JSON Lines: one object a line",
    "csv": "comma-separated values, a header row first",
    "tsv": "tab-separated values, a header row first",
    "plain": "the figure alone: a quote's typical total; a plan's days, a line each",
}
ROWS = ("jsonl", "csv", "tsv")  # a record a line: what listings share
LISTING = ("table", "json", *ROWS)
TRIP = ("table", "json", "csv", "plain")
ACCEPTS: dict[str, tuple[str, ...]] = {
    "compare": LISTING,
    "best": LISTING,
    "quote": TRIP,
    "plan": TRIP,
    "check-price": ("table", "json"),
    "clinics": LISTING,
    "rates": LISTING,
    "batch": ("jsonl", "csv"),
    "config": LISTING,
    "schema": ("json", "table"),
    "validate": ("table", "json"),
    **dict.fromkeys(("origins", "treatments", "addons", "hotels", "channels", "sources"), LISTING),
}
# `batch --format csv --columns ...`: each line's typical figure, or its low, typical and high
# (batch/records.py builds the columns; docs/csv.md lists them).
BATCH_COLUMNS = ("typical", "lines")
# What a command writes without --format: tables for people, but a batch's records and a
# schema are for programs.
DEFAULTS = {"batch": "jsonl", "schema": "json"}


def formats(command: str) -> tuple[str, ...]:
    return ACCEPTS[command]


def default(command: str) -> str:
    return DEFAULTS.get(command, "table")
