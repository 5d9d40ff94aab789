"""Hostile input, second round: special files, deep nesting, markup and formulas from data,
odd digits, boundary dates, bad batch bytes, exports onto what exists. Each, as a user meets
it: one line, the right exit code, no traceback, nothing that hangs or grows without end."""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from exocalc.data.load import MAX_BYTES
from tests.conftest import bundled_document, write_dataset
from tests.runner import run

EXOCALC = [sys.executable, "-m", "exocalc"]


def process(*args: str, stdin: bytes | None = None, **env: str) -> tuple[Any, float]:
    """The finished command, and the CPU seconds it took: the work it did, which a busy
    machine (a CI runner, tests in parallel) does not stretch as it stretches the wall clock."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [*EXOCALC, *args], input=stdin, capture_output=True, timeout=60,
        env={**os.environ, **env},
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done, cpu


def one_line(stderr: bytes | str) -> str:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text
    assert text.count("\n") == 1, text
    return text


# --- special files --------------------------------------------------------------------------


def test_validate_dev_zero_refuses_at_once() -> None:
    done, took = process("validate", "/dev/zero")
    assert took < 2 and done.returncode == 1
    assert done.stdout.decode() == (
        "/dev/zero: cannot read the file: not a regular file (a pipe, a device or a folder?)\n"
    )


def test_data_from_a_fifo_or_urandom_refuses_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "data.yaml"
    os.mkfifo(fifo)
    done, took = process("quote", "--data", str(fifo))
    assert took < 2 and done.returncode == 1
    assert one_line(done.stderr) == (
        f"exocalc: error: broken dataset: {fifo}: cannot read the file: not a regular file "
        "(a pipe, a device or a folder?)\n"
    )
    done, took = process("quote", EXOCALC_DATA="/dev/urandom")
    assert took < 2 and done.returncode == 1
    assert "/dev/urandom: cannot read the file: not a regular file" in one_line(done.stderr)


def test_batch_input_that_is_a_device_is_refused_and_a_endless_line_is_one_error() -> None:
    done, took = process("batch", "/dev/zero", "--input", "jsonl")
    assert took < 2 and done.returncode == 1
    assert one_line(done.stderr) == (
        "exocalc: error: cannot use /dev/zero: not a file or a pipe (a device or a folder?)\n"
    )
    zeros = b"\0" * 5_000_000 + b'\n{"id": 2}\n'
    done, _ = process("batch", "-", "--input", "jsonl", stdin=zeros)
    first, second = (json.loads(line) for line in done.stdout.decode().splitlines())
    assert first == {"row": 1, "error": "line 1: longer than 65,536 bytes"}
    assert second["row"] == 2 and second["total"]
    assert done.returncode == 1


def _clinics(document: dict[str, Any], count: int) -> dict[str, Any]:
    """`count` clinics, each its own copy (no YAML aliases)."""
    text = json.dumps(document["clinics"]["forena"], default=str)
    return {f"c{i}": json.loads(text) for i in range(count)}


def test_a_large_dataset_is_refused_at_once_with_a_true_limit(tmp_path: Path) -> None:
    """10,000 clinics, about 3 MB, no aliases: under the 5 MiB a dataset could once be (and
    took a minute to validate), over the 1 MiB limit: refused before a byte is parsed."""
    document = bundled_document()
    document["clinics"] = _clinics(document, 10_000)
    path = write_dataset(tmp_path / "big.yaml", document)
    assert 2_000_000 < path.stat().st_size < 5 * 1024 * 1024
    done, took = process("validate", str(path))
    assert took < 2 and done.returncode == 1
    size = path.stat().st_size
    assert done.stdout.decode() == (
        f"{path}: the file is {size:,} bytes; a dataset may be at most {MAX_BYTES:,}\n"
    )


def test_a_large_valid_dataset_loads_in_time(tmp_path: Path) -> None:
    document = bundled_document()
    document["clinics"] = _clinics(document, 2_500)
    path = write_dataset(tmp_path / "clinics.yaml", document)
    done, took = process("validate", str(path))
    assert done.returncode == 0, done.stdout
    assert took < 2.5, took


# --- nesting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [65, 975, 990, 999, 1500, 100_000])
def test_any_nesting_depth_is_one_line(depth: int, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("schema_version: 1\nx: " + "[" * depth + "]" * depth + "\n")
    result = run("validate", str(path), code=None)
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.count("\n") == 1 and result.stdout.startswith(f"{path}:")
    quoted = run("quote", "--data", str(path), code=None)
    assert quoted.exit_code == 1
    one_line(quoted.stderr)


# --- odd digits, boundary dates, bounded day counts ---------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quote", "--sessions", "²"], "--sessions '²' is not a whole number"),
        (["quote", "--nights", "⁵"], "--nights '⁵' is not a whole number"),
        (["quote", "--travellers", "٣"], "--travellers '٣' is not a whole number"),
        (["plan", "--date", "9999-12-31"],
         "--date must be from 2000-01-01 to 2099-12-31, not 9999-12-31"),
        (["plan", "--date", "0001-01-01"],
         "--date must be from 2000-01-01 to 2099-12-31, not 0001-01-01"),
        (["quote", "--treatment", "hair", "--date", "9999-12-31"],
         "--date must be from 2000-01-01 to 2099-12-31, not 9999-12-31"),
        (["quote", "--price", "1,0,0"],
         "--price '1,0,0' is not an amount (e.g. 1500, 1,500.50 or 900GBP)"),
        (["quote", "--price", ""], "--price is empty: give a value or leave it out"),
        (["quote", "--travellers", ""], "--travellers is empty: give a value or leave it out"),
    ],
)  # fmt: skip
def test_odd_values_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run(*args, code=None)
    assert result.exit_code == 2
    assert result.stderr == f"exocalc: error: {message}\n"


def test_day_counts_in_the_data_are_bounded(tmp_path: Path) -> None:
    overlay = tmp_path / "days.yaml"
    overlay.write_text(
        "overlay: true\ntreatments:\n  skin:\n    avoid_actives_days: 1000000000000000\n"
        "rules:\n  vat_refund:\n    depart_within_days: 1000000000000000\n"
    )
    result = run("validate", str(overlay), code=None)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{overlay}:4:25: treatments.skin.avoid_actives_days: Input should be less than or "
        "equal to 3660\n"
        f"{overlay}:7:25: rules.vat_refund.depart_within_days: Input should be less than or "
        "equal to 3660\n"
    )
    assert run("plan", "--data", str(overlay), code=None).exit_code == 1


def test_a_nul_byte_and_a_huge_number_in_a_dataset_name_their_place(tmp_path: Path) -> None:
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(b'schema_version: 1\nas_of: 2026-10-30\nx: "a\x00b"\n')
    result = run("validate", str(nul), code=None)
    assert result.stdout == f"{nul}:3:6: the character U+0000 is not allowed in YAML\n"
    big = tmp_path / "big.yaml"
    big.write_text("overlay: true\ntrip:\n  default_nights: " + "9" * 5000 + "\n")
    result = run("validate", str(big), code=None)
    assert result.stdout == (
        f"{big}:3:19: trip.default_nights: a number of 5,000 digits: too long to be a figure\n"
    )


# --- bad batch rows -----------------------------------------------------------------------


def test_five_rows_three_of_them_hostile() -> None:
    """The issue's acceptance: rows 2-4 hold an invalid byte, a superscript digit and the
    date 9999-12-31; rows 1 and 5 are quoted, in order, exit 1, no traceback."""
    stdin = (
        b'{"id": 1}\n{"id": 2, "date": "\xff"}\n{"id": 3, "sessions": "\xc2\xb2"}\n'
        b'{"id": 4, "date": "9999-12-31"}\n{"id": 5}\n'
    )
    done, _ = process("batch", "-", stdin=stdin)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [r["row"] for r in records] == [1, 2, 3, 4, 5]
    assert "total" in records[0] and "total" in records[4]
    assert [r.get("error") for r in records[1:4]] == [
        "line 2: not UTF-8 text (byte 0xff)",
        "sessions '²' is not a whole number",
        "date must be from 2000-01-01 to 2099-12-31, not 9999-12-31",
    ]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ('{"travellers": ' + "9" * 5000 + "}", "line 1: not JSON we take (a number too long)"),
        ("[" * 30_000 + "]" * 30_000, "line 1: not JSON we take (nested too deeply)"),
        ('{"id": {"a": 1}}', "line 1: id must be text or a number"),
        ('{"id": NaN}', "line 1: not JSON we take (NaN is not a number JSON allows)"),
        ('{"price": Infinity}', "line 1: not JSON we take (Infinity is not a number JSON allows)"),
    ],
)
def test_bad_rows_are_error_records_and_the_batch_goes_on(line: str, error: str) -> None:
    for fmt in ("jsonl", "csv"):
        done, _ = process(
            "batch", "-", "--input", "jsonl", "--format", fmt,
            stdin=(line + '\n{"id": 2}\n').encode(),
        )  # fmt: skip
        assert done.returncode == 1
        assert b"Traceback" not in done.stderr
        text = done.stdout.decode()
        if fmt == "jsonl":
            bad, good = (json.loads(x) for x in text.splitlines())
            assert bad == {"row": 1, "error": error}
            assert good["id"] == 2 and good["total"]
        else:
            rows = list(csv.DictReader(io.StringIO(text)))
            assert rows[0]["error"] == error and rows[1]["id"] == "2"


# --- data is text, never markup or control ----------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.links += tag == "a"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture
def markup_file(tmp_path: Path) -> Path:
    path = tmp_path / "markup.yaml"
    path.write_text(
        'overlay: true\nclinics:\n  xenia:\n    name: "[bold red]x[/]"\n'
        '    area: "[link=file:///etc/passwd]click[/link]"\n'
    )
    return path


def test_markup_from_data_is_shown_as_written(markup_file: Path, tmp_path: Path) -> None:
    data = ["--data", str(markup_file)]
    table = run("clinics", *data, columns=200, code=None).stdout
    assert "[bold red]x[/]" in table and "[link=file:///etc/passwd]click[/link]" in table
    listed = run("clinics", *data, "--format", "csv", code=None).stdout
    rows = list(csv.DictReader(io.StringIO(listed)))
    assert rows[0]["name"] == "[bold red]x[/]"
    page = tmp_path / "x.html"
    run("compare", "--clinic", "xenia", *data, "--export", str(page), code=None)
    parser = _Page()
    parser.feed(page.read_text())
    assert "[bold red]x[/]" in "".join(parser.text)
    assert parser.links == 0


def test_control_characters_from_data_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "esc.yaml"
    path.write_text(
        'overlay: true\nclinics:\n  xenia:\n    name: "\\e]0;TITLE\\a\\e[2J"\n'
        '  "abc\\n":\n    name: x\n'
    )
    done, _ = process("validate", str(path))
    assert done.returncode == 1
    out = done.stdout.decode()
    assert "\x1b" not in out and "\a" not in out
    assert f"{path}:4:11: clinics.xenia.name: control characters are not allowed in text\n" in out
    assert "clinics.abc\\x0a" in out
    assert all(line.startswith(str(path)) for line in out.splitlines())
    # A batch id with an escape code: JSON escapes it, CSV shows it escaped.
    row = b'{"id": "a\\u001b[2Jb"}\n'
    jsonl, _ = process("batch", "-", stdin=row)
    assert b"\x1b" not in jsonl.stdout and json.loads(jsonl.stdout)["id"] == "a\x1b[2Jb"
    table, _ = process("batch", "-", "--format", "csv", stdin=row)
    assert b"\x1b" not in table.stdout and b"a\\x1b[2Jb" in table.stdout


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "formula.yaml"
    path.write_text(
        'overlay: true\nclinics:\n  xenia:\n    name: "=HYPERLINK(\\"http://evil\\")"\n'
        '    area: "@SUM(A1)"\n'
    )
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        text = run("clinics", "--data", str(path), "--format", fmt, code=None).stdout
        row = next(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        assert row["name"] == '\'=HYPERLINK("http://evil")' and row["area"] == "'@SUM(A1)"
    stdin = 'id,tier\n"+cmd|x",standard\n-1,standard\n'
    rows = list(csv.DictReader(io.StringIO(
        run("batch", "-", "--format", "csv", stdin=stdin, code=None).stdout)))  # fmt: skip
    assert [r["id"] for r in rows] == ["'+cmd|x", "'-1"]
    savings = run("quote", "--format", "csv", "--tier", "premium", code=None).stdout
    assert ",-" in savings  # negative amounts stay numbers


# --- writing files ------------------------------------------------------------------------


def test_export_never_replaces_a_file_by_accident(tmp_path: Path) -> None:
    precious = tmp_path / "precious.html"
    precious.write_text("mine")
    precious.chmod(0o444)
    result = run("quote", "--export", str(precious), code=None)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"exocalc: error: --export '{precious}': the file exists; give --force to replace it\n"
    )
    assert precious.read_text() == "mine"
    target = tmp_path / "target.txt"
    target.write_text("untouched")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    result = run("quote", "--export", str(link), "--force", code=None)
    assert result.exit_code == 0
    assert target.read_text() == "untouched" and not link.is_symlink()
    full = tmp_path / "full.html"
    full.symlink_to("/dev/full")
    result = run("quote", "--export", str(full), "--force", code=None)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"exocalc: error: cannot use {full}: not a regular file: --export writes pages, not "
        "devices or folders\n"
    )


@pytest.mark.parametrize(
    "command", ["--help", "--version", "--show-completion bash", "quote --help", "quote"]
)
def test_a_closed_pipe_ends_any_command_with_0(command: str) -> None:
    done = subprocess.run(
        ["bash", "-c", f'{sys.executable} -m exocalc {command} | true; echo "${{PIPESTATUS[0]}}"'],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.stdout == "0\n", done.stderr


# --- a second look (a tester's attacks on the first round) ------------------------------------


def test_a_timestamp_where_a_date_belongs_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "ts.yaml"
    path.write_text("overlay: true\nas_of: 2026-10-30 12:00:00\n")
    result = run("validate", str(path), code=None)
    assert result.exit_code == 1
    assert (
        result.stdout == f"{path}:2:8: as_of: a date and time: write the date alone (2026-10-30)\n"
    )


def test_a_lone_surrogate_in_a_batch_row_is_an_error_record_and_the_batch_goes_on() -> None:
    rows = b'{"id":"a"}\n{"id":"\\ud800"}\n{"id":"c"}\n'
    done, _ = process("batch", "-", stdin=rows)
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [r.get("id") for r in records] == ["a", None, "c"]
    assert records[1]["error"] == (
        "line 2: not JSON we take (text with a lone surrogate, \\ud800 to \\udfff)"
    )
    assert done.returncode == 1 and b"Traceback" not in done.stderr


@pytest.mark.parametrize("source", ["\u001b[2J\u001b]0;PWN\u0007", "\ud800", "x" * 100_000])
@pytest.mark.usefixtures("rates_not_old")
def test_a_rates_cache_whose_source_is_not_a_name_is_ignored(source: str) -> None:
    from exocalc.rates.cache import FORMAT, cache_path

    path = cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"format": FORMAT, "source": source, "as_of": "2026-11-20",
                       "fetched_at": "2026-11-20T08:00:00+00:00",
                       "krw_per_unit": {"USD": "1400"}})  # fmt: skip
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    done, _ = process("quote", "--format", "plain", "--date", "2026-11-29")
    assert done.returncode == 0 and done.stdout == b"2372.60\n"
    assert one_line(done.stderr).startswith("exocalc: warning: ignoring the rates cache ")
    assert b"\x1b" not in done.stderr


def test_a_mapping_of_eighty_thousand_entries_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("overlay: true\nclinics:\n" + "".join(f"  c{i}: {{}}\n" for i in range(80_000)))
    done, took = process("quote", "--data", str(path))
    assert took < 3, took
    assert one_line(done.stderr) == (
        f"exocalc: error: broken dataset: {path}:3:3: refused: over 10,000 entries in one "
        "mapping or list\n"
    )


def test_layers_without_end_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "again.yaml"
    path.write_text("overlay: true\n")
    result = run("quote", *(["--data", str(path)] * 9), code=None)
    assert result.exit_code == 1
    assert result.stderr == (
        f"exocalc: error: broken dataset: {path}: refused: 9 data files (--data, EXOCALC_DATA); "
        "at most 8\n"
    )


def test_a_bidirectional_override_in_a_name_is_refused(tmp_path: Path) -> None:
    document = bundled_document()
    document["clinics"]["forena"]["name"] = "Forena \u202eanerof"
    path = write_dataset(tmp_path / "bidi.yaml", document)
    result = run("validate", str(path), code=None)
    assert result.exit_code == 1
    assert "clinics.forena.name: control characters are not allowed in text" in result.stdout


def test_an_export_into_a_missing_folder_fails_before_the_table(tmp_path: Path) -> None:
    result = run("quote", "--export", str(tmp_path / "nodir" / "q.html"), code=None)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"exocalc: error: cannot use {tmp_path / 'nodir'}: no such folder\n"
