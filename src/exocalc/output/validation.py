"""`exocalc validate` output: every problem of the datasets checked, or what the data holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from exocalc.errors import Problem
from exocalc.output.common import write_json
from exocalc.output.shapes import ProblemRow, Validation


def _row(p: Problem) -> ProblemRow:
    return ProblemRow(file=p.file, line=p.line, column=p.column, field=p.where, message=p.message)


def write_validation(
    files: Sequence[str],
    problems: Sequence[Problem],
    total: int,
    warnings: Sequence[Problem],
    summary: str | None,
    fmt: str,
    out: IO[str],
) -> None:
    """Table (for people): each warning and problem a line, `file:line:column: field: message`,
    or the summary; JSON: all of it, as `exocalc schema validate` describes."""
    if fmt == "json":
        write_json(
            Validation(
                files=list(files), ok=not total, problems=[_row(p) for p in problems],
                problems_total=total, warnings=[_row(w) for w in warnings], summary=summary,
            ),
            out,
        )  # fmt: skip
        return
    for warning in warnings:
        out.write(f"{warning} (warning)\n")
    for problem in problems:
        out.write(f"{problem}\n")
    if summary is not None:
        out.write(f"ok: {summary}\n")
