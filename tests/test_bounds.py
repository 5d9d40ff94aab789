"""Bounded work for any input (issue 17, section 2): each attack is refused in one line or
becomes one error record, in a few seconds and a few hundred megabytes. The memory ones run
in a process whose address space is capped at 400 MB: today's code, which took gigabytes,
fails there instead of eating the machine."""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

EXOCALC = [sys.executable, "-m", "exocalc"]
ADDRESS_SPACE = 400 * 1024 * 1024
SECONDS = 5


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def bounded(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The command run as a user would, in 400 MB of address space, in under 5 s of CPU (the
    timeout is generous; the time is asserted)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [*EXOCALC, *args], input=stdin, capture_output=True, timeout=60, preexec_fn=_capped,
        env={**os.environ, "COLUMNS": "100"},
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds: the work done, which a busy machine does not stretch as it does the clock.
    took = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert b"Traceback" not in done.stderr, done.stderr[-2000:]
    assert took < SECONDS, took
    return done


def overlay(tmp_path: Path, text: str, name: str = "overlay.yaml") -> Path:
    path = tmp_path / name
    path.write_text("overlay: true\n" + text)
    return path


def price_low(value: str) -> str:
    return f"tiers:\n  standard:\n    prices:\n      skin:\n        low: {value}\n"


# --- numbers in a dataset: exponents, digits, YAML 1.1 bases ----------------------------------


def refused_where_it_stands(tmp_path: Path, value: str, message: str) -> None:
    """An overlay whose standard skin price's low is `value`: validate names its place and why."""
    path = overlay(tmp_path, price_low(value))
    done = bounded("validate", str(path))
    assert done.returncode == 1
    assert done.stdout.decode() == f"{path}:6:14: tiers.standard.prices.skin.low: {message}\n"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e-999999999", "1E-999999999 has more than 10 decimal places: write it with at most "
         "10 decimal places"),
        ("1.0e-999999999", "1.0E-999999999 has more than 10 decimal places: write it with at "
         "most 10 decimal places"),
        ('"1e-999999999"', "1E-999999999 has more than 10 decimal places: write it with at most "
         "10 decimal places"),
        ("0e999999999", "0E+999999999 is a zero with an exponent: write 0"),
        ("150000.0000000000000000000000000000000000000001", "150000.00000000000000000... has "
         "more than 10 decimal places: write it with at most 10 decimal places"),
        ('"150000.0000000000000000000000000000000000000001"', "150000.00000000000000000... has "
         "more than 10 decimal places: write it with at most 10 decimal places"),
    ],
)  # fmt: skip
def test_a_figure_of_absurd_exponent_or_digits_is_refused_where_it_is(
    value: str, message: str, tmp_path: Path
) -> None:
    refused_where_it_stands(tmp_path, value, message)


def test_a_quote_from_a_tiny_exponent_is_refused_not_a_gigabyte(tmp_path: Path) -> None:
    """Today `validate` says ok, and the quote's JSON writes a billion zeros (3 GB, 40 s)."""
    path = overlay(tmp_path, price_low("1e-999999999"))
    done = bounded("quote", "--data", str(path), "--format", "json")
    assert done.returncode == 1 and done.stdout == b""
    assert done.stderr.decode() == (
        f"exocalc: error: broken dataset: {path}:6:14: tiers.standard.prices.skin.low: "
        "1E-999999999 has more than 10 decimal places: write it with at most 10 decimal places\n"
    )


def test_figures_as_the_bundled_data_writes_them_are_read_as_before(tmp_path: Path) -> None:
    path = overlay(tmp_path, price_low("150_000.5") + "        typical: 300000.0123456789\n")
    done = bounded("quote", "--data", str(path), "--format", "json", "--currency", "KRW")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)["price_per_session"]
    assert (shown["low"], shown["typical"]) == (150000.5, 300000.0123456789)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0150000", "0150000 is read by YAML as an octal number (53248): write 150000"),
        ("-0150_000", "-0150_000 is read by YAML as an octal number (-53248): write -150000"),
        ("0x1F", "0x1F is read by YAML as a number in another base (31): write 31"),
        ("0b101", "0b101 is read by YAML as a number in another base (5): write 5"),
        ("150_000", "150_000 is read by YAML as 150000: write it without underscores"),
        ("2:30:00", "2:30:00 is read by YAML as a base-60 number (9000): write the number itself"),
        ("2:30.5", "2:30.5 is read by YAML as a base-60 number (150.5): write the number itself"),
    ],
)
def test_yaml_1_1_number_forms_are_refused_never_read_as_octal_or_base_60(
    value: str, message: str, tmp_path: Path
) -> None:
    refused_where_it_stands(tmp_path, value, message)


def test_a_zero_and_a_decimal_with_leading_zeros_are_decimals(tmp_path: Path) -> None:
    path = overlay(tmp_path, price_low("0") + "        typical: 0150000.0\n")
    done = bounded("quote", "--data", str(path), "--format", "json", "--currency", "KRW")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)["price_per_session"]
    assert (shown["low"], shown["typical"]) == (0, 150000)


# --- an overlay full of unknown ids -----------------------------------------------------------


def unknown_ids(tmp_path: Path) -> Path:
    """5,000 sources of its own, and a clinic citing 10,000 that are not among them: today
    each of 10,000 messages lists the 5,006 known (340 MB to print, 2 GB for `quote`)."""
    lines = ["sources:"]
    lines += [f"  s{i}: {{title: t, kind: k, as_of: 2026-10-30}}" for i in range(5000)]
    lines += ["clinics:", "  forena:", "    sources: [" + ", ".join(f"u{i}" for i in range(10_000))]
    return overlay(tmp_path, "\n".join(lines) + "]\n")


KNOWN = (
    "egg_skin, estimate, gangnam_yann, independent_2025, khidi_visitkorea, medinkorea_2026, "
    "park_asce_2023, s0, s1, s10, s100, s1000, s1001, s1002, s1003, s1004, s1005, s1006, s1007, "
    "s1008 and 4,988 more"
)


def test_an_overlay_of_unknown_ids_tells_the_first_20_and_a_count(tmp_path: Path) -> None:
    path = unknown_ids(tmp_path)
    done = bounded("validate", str(path))
    assert done.returncode == 1
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 20
    assert lines[0] == (
        f"{path}:5005:15: clinics.forena.sources[0]: unknown source 'u0' (known: {KNOWN})"
    )
    assert lines[19].startswith(f"{path}:5005:100: clinics.forena.sources[19]: unknown source ")
    assert done.stderr.decode() == "exocalc: 10,000 problems found; the first 20 shown\n"


def test_a_command_on_an_overlay_of_unknown_ids_says_the_first_20(tmp_path: Path) -> None:
    path = unknown_ids(tmp_path)
    done = bounded("quote", "--data", str(path))
    assert done.returncode == 1 and done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 22
    assert lines[0] == "exocalc: error: broken dataset: 10,000 problems (the first 20)"
    assert lines[1] == (
        f"  {path}:5005:15: clinics.forena.sources[0]: unknown source 'u0' (known: {KNOWN})"
    )
    assert lines[21] == "  ... and 9,980 more: mend these, then validate again"


# --- batch input: ids, records, fields given twice, quotes never closed -----------------------


def records(stdout: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.decode().splitlines()]


def test_an_id_that_is_a_huge_number_is_written_as_given() -> None:
    """Today `--format csv` writes 1e999999999 out in full: a gigabyte cell (2 GB, 10 s)."""
    stdin = b'{"id": 1e999999999}\n{"id": 1.50}\n'
    done = bounded("batch", "-", "--format", "csv", stdin=stdin)
    assert done.returncode == 0, done.stderr
    ids = [line.split(",")[1] for line in done.stdout.decode().splitlines()[1:]]
    assert ids == ["1e999999999", "1.50"]
    done = bounded("batch", "-", stdin=stdin)
    assert [line[:30] for line in done.stdout.decode().splitlines()] == [
        '{"row":1,"id":1e999999999,"sch',
        '{"row":2,"id":1.50,"schema":"e',
    ]


@pytest.mark.parametrize(
    ("fmt", "stdin"),
    [
        ("jsonl", b'{"id": "' + b"x" * 101 + b'"}\n{"id": 2}\n'),
        ("jsonl", b'{"id": 1' + b"0" * 100 + b'}\n{"id": 2}\n'),
        ("csv", b"tier,id\nstandard," + b"x" * 101 + b"\nstandard,2\n"),
    ],
)
def test_an_id_longer_than_100_characters_is_an_error_record(fmt: str, stdin: bytes) -> None:
    done = bounded("batch", "-", "--input", fmt, stdin=stdin)
    assert done.returncode == 1
    first, second = records(done.stdout)
    line = 2 if fmt == "csv" else 1
    assert first == {
        "row": 1,
        "error": f"line {line}: id is 101 characters long; an id may be at most 100",
    }
    assert second["id"] in (2, "2") and second["total"]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ('{"tier": "factory", "TIER": "premium"}', "'tier' and 'TIER' are the same field"),
        ('{"addon": "led", "addons": ["cold_mask"]}', "'addon' and 'addons' are the same field"),
        ('{"travellers": 1, "traveller": 2}', "'travellers' and 'traveller' are the same field"),
        ('{"tier": "factory", "tier": "premium"}', "'tier' is given twice"),
    ],
)
def test_a_field_given_twice_in_any_spelling_is_an_error_record(row: str, error: str) -> None:
    done = bounded("batch", "-", stdin=(row + '\n{"id": 2}\n').encode())
    assert done.returncode == 1
    first, second = records(done.stdout)
    assert first == {"row": 1, "error": f"line 1: {error}: give it once"}
    assert second["id"] == 2 and second["total"]


def test_a_csv_header_naming_a_field_twice_names_both_spellings() -> None:
    done = bounded("batch", "-", "--input", "csv", stdin=b"tier,TIER\nstandard,premium\n")
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "exocalc: error: the CSV header names one field twice: 'tier' and 'TIER'\n"
    )


# Runs the command from a small process, and writes the peak memory of its children: a child
# forked from pytest itself would count pytest's memory as its own.
_PEAK = (
    "import resource, subprocess, sys; subprocess.call([sys.executable, '-m', 'exocalc', "
    "*sys.argv[1:]], stderr=subprocess.DEVNULL); "
    "sys.stderr.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))"
)


def _peak_kb(*args: str, stdin: Path) -> tuple[int, bytes]:
    """The command's peak resident memory (KB, its worker processes' included), and its
    stdout."""
    with stdin.open("rb") as given:
        done = subprocess.run(
            [sys.executable, "-c", _PEAK, *args], stdin=given, capture_output=True, timeout=120
        )
    return int(done.stderr), done.stdout


def test_a_record_of_many_short_multi_line_fields_is_capped(tmp_path: Path) -> None:
    """One CSV record of 600,000 quoted fields, each holding a line break: today it is read
    whole, memory growing with it (85 bytes a field). Past 64 KB it is one error record, its
    rest skipped in constant memory, and the row after it is priced."""
    path = tmp_path / "fields.csv"
    path.write_text("tier,id\n" + '"a\n",' * 600_000 + '"b"\nstandard,last\n')
    peak, stdout = _peak_kb("batch", "-", "--input", "csv", stdin=path)
    assert peak < 60_000, peak  # today: 82,000 KB, and growing with the record
    lines = stdout.decode().splitlines()
    assert json.loads(lines[0]) == {
        "row": 1,
        "error": "lines 2-600002: one record of more than 65,536 bytes (at most 64 KB a row)",
    }
    assert len(lines) == 2
    assert json.loads(lines[1])["id"] == "last"


def test_a_quoted_field_may_hold_a_line_break(tmp_path: Path) -> None:
    """Spreadsheets write a cell's line break inside its quotes: the row is read whole."""
    path = tmp_path / "multi.csv"
    path.write_text('tier,id\nstandard,"two\nlines"\npremium,next\n')
    done = bounded("batch", str(path), "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout.decode())))
    assert [r[:2] for r in rows] == [["row", "id"], ["1", "two\nlines"], ["2", "next"]]


NEVER_CLOSED = "a quote is never closed, or closed where no field ends"
READ_AGAIN = "; the lines after it are read as rows"
# An error row's cells after its error: blank, then the column set's version, last.
AFTER_ERROR = "," * 22 + "exocalc.batch-csv/4"


@pytest.mark.parametrize("after", [3, 9000])
def test_a_quote_never_closed_costs_its_own_row_only(after: int, tmp_path: Path) -> None:
    """Today the rows after the quote are swallowed into one id and priced as one row (a few),
    or lost to an error naming their lines (many)."""
    rows = [
        "tier,id",
        "standard,r1",
        'standard,"oops',
        *(f"standard,r{i}" for i in range(3, after)),
    ]
    rows += ['premium,"a ""b"""', 'factory,"never']
    path = tmp_path / "open.csv"
    path.write_text("\n".join(rows) + "\n")
    done = bounded("batch", str(path), "--format", "csv")
    assert done.returncode == 1
    lines = done.stdout.decode().splitlines()[1:]
    assert len(lines) == after + 1
    # The stray quote "closes" at `"a` further on, where no field ends: read again after it.
    commas = "," * 14
    assert lines[1] == f'2,,{commas}"line 3: {NEVER_CLOSED}{READ_AGAIN}"{AFTER_ERROR}'
    assert [line.split(",")[1] for line in lines[2:-2]] == [f"r{i}" for i in range(3, after)]
    assert all(line.split(",")[2] == "USD" for line in lines[2:-1])
    assert lines[-2].split(",")[1] == '"a ""b"""'
    assert lines[-1] == f'{after + 1},,{commas}"line {after + 2}: {NEVER_CLOSED}"{AFTER_ERROR}'


def test_a_csv_input_header_that_cannot_be_used_writes_no_output_header(tmp_path: Path) -> None:
    """Before: exit 2, but the output's CSV header line was already on stdout."""
    path = tmp_path / "typo.csv"
    path.write_text("tier,orign\npremium,london\n")
    done = bounded("batch", str(path), "--format", "csv")
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.decode().startswith("exocalc: error: unknown column 'orign' (CSV header)")
