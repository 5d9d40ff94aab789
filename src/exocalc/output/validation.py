"""`exocalc validate` output: every problem of the datasets checked, or what the data holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from exocalc.errors import Problem
from exocalc.output.common import Views, write
from exocalc.output.fmt import Display


def _row(p: Problem) -> Any:
    from exocalc.output.shapes import ProblemRow

    return ProblemRow(file=p.file, line=p.line, column=p.column, field=p.where, message=p.message)


def write_validation(
    files: Sequence[str],
    problems: Sequence[Problem],
    total: int,
    warnings: Sequence[Problem],
    summary: str | None,
    fmt: str,
    out: IO[str],
    display: Display,
) -> None:
    """Table (for people): each warning and problem a line, `file:line:column: field: message`,
    or the summary; JSON: all of it, as `exocalc schema validate` describes."""
    lines = [f"{w} (warning)" for w in warnings] + [str(p) for p in problems]
    lines += [f"ok: {summary}"] if summary is not None else []

    def document() -> Any:
        from exocalc.output.shapes import Validation  # msgspec: only for JSON

        return Validation(
            files=list(files), ok=not total, problems=[_row(p) for p in problems],
            problems_total=total, warnings=[_row(w) for w in warnings], summary=summary,
        )  # fmt: skip

    views = Views(document=document, plain=lambda: "".join(line + "\n" for line in lines))
    write(fmt, out, views, display)
