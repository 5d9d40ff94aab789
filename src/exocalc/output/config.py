"""`exocalc config` output: each default of one's own, its value and where it comes from."""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

import msgspec

from exocalc.data.model import Dataset
from exocalc.errors import visible
from exocalc.output import shapes
from exocalc.output.common import Views, write
from exocalc.output.fmt import Display
from exocalc.output.layout import Column, Row, draw_table, say
from exocalc.request import own_defaults
from exocalc.settings import Setting

if TYPE_CHECKING:
    from rich.console import Console


def data_defaults(data: Dataset, settings: list[Setting]) -> dict[str, str]:
    """What applies where a setting is not set: the data's own defaults (the request's)."""
    return own_defaults(data, {s.key: s.value for s in settings}.get("origin"))


def config_document(
    settings: list[Setting], path: Path, data: Dataset, problems: dict[str, str]
) -> shapes.Config:
    defaults = data_defaults(data, settings)
    return shapes.Config(
        file=str(path),
        file_exists=path.exists(),
        settings=[
            shapes.SettingRow(
                key=s.key,  # type: ignore[arg-type]
                value=s.value if s.value is not None else defaults[s.key],
                source=s.source,  # type: ignore[arg-type]
                where=s.where or None,
                problem=problems.get(s.key),
            )
            for s in settings
        ],
    )


def _origin(setting: Setting) -> str:
    if setting.source == "environment":
        return setting.where
    if setting.source == "config file":
        return f"config file, line {setting.where.rsplit(':', 1)[-1]}"
    return "the data's default"


def _shown(text: str) -> str:
    """A value from the file or the environment as text: never an escape code (a colour, a
    cleared screen, OSC 52 writing the clipboard) nor a bidirectional override."""
    return visible(text, one_line=True)


def write_config(
    settings: list[Setting],
    path: Path,
    data: Dataset,
    fmt: str,
    out: IO[str],
    problems: dict[str, str],
    display: Display,
) -> None:
    document = config_document(settings, path, data, problems)
    header = [f.encode_name for f in msgspec.structs.fields(shapes.SettingRow)]
    views = Views(
        draw=lambda con: draw_config(con, settings, path, document, problems),
        document=lambda: document,
        records=lambda: document.settings,  # a setting a line, or a row
        rows=lambda: (header, [msgspec.structs.astuple(s) for s in document.settings], None),
    )
    write(fmt, out, views, display)


def draw_config(
    con: Console,
    settings: list[Setting],
    path: Path,
    document: shapes.Config,
    problems: dict[str, str],
) -> None:
    rows = [Row(s.key, [_shown(value), _origin(s)]) for s, value in
            zip(settings, (d.value for d in document.settings), strict=True)]  # fmt: skip
    columns = [Column("Value", wraps=True, min_width=8), Column("From", wraps=True, min_width=12)]
    draw_table(con, [], "Setting", columns, rows, label_min=10)
    state = "" if document.file_exists else " (none yet: `exocalc config set` makes it)"
    say(con, f"Config file: {_shown(str(path))}{state}")
    say(con, "The command line wins over EXOCALC_* variables, which win over the file.")
    for key, problem in problems.items():
        say(con, f"Cannot be used: {key}: {_shown(problem)}")
