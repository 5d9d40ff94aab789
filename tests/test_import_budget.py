"""Start-up is a feature: what the fast paths must not import (no timings: they are noisy)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
sys.argv = ["exocalc", *{args!r}]
from exocalc.cli import main
try:
    main()
except SystemExit:
    pass
heavy = ("requests", "forex_python", "urllib3", "rich.table", "rich.console", "hypothesis")
sys.stderr.write("LOADED=" + ",".join(m for m in heavy if m in sys.modules))
"""


def loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    marker = done.stderr.rsplit("LOADED=", 1)
    assert len(marker) == 2, done.stderr
    return {m for m in marker[1].strip().split(",") if m}


def test_quote_json_imports_neither_requests_nor_rich_tables() -> None:
    assert loaded("quote", "--format", "json") == set()


@pytest.mark.parametrize("args", [["batch", "--help"], ["quote", "--format", "plain"]])
def test_machine_paths_stay_light(args: list[str]) -> None:
    assert loaded(*args) == set()


def test_tables_do_load_rich_but_never_the_network_stack() -> None:
    assert loaded("compare") == {"rich.table", "rich.console"}
