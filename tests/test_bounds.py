"""Bounded work for any input (issue 17, section 2): each attack is refused in one line or
becomes one error record, in a few seconds and a few hundred megabytes. The memory ones run
in a process whose address space is capped at 400 MB: today's code, which took gigabytes,
fails there instead of eating the machine."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXOCALC = [sys.executable, "-m", "exocalc"]
ADDRESS_SPACE = 400 * 1024 * 1024
SECONDS = 5


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def bounded(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The command run as a user would, in 400 MB of address space, in under 5 s (the
    timeout is generous; the time is asserted)."""
    started = time.monotonic()
    done = subprocess.run(
        [*EXOCALC, *args], input=stdin, capture_output=True, timeout=60, preexec_fn=_capped,
        env={**os.environ, "COLUMNS": "100"},
    )  # fmt: skip
    took = time.monotonic() - started
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
    path = overlay(tmp_path, price_low(value))
    done = bounded("validate", str(path))
    assert done.returncode == 1
    assert done.stdout.decode() == f"{path}:6:14: tiers.standard.prices.skin.low: {message}\n"


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
        ("-0150_000", "-0150_000 is read by YAML as an octal number (-53248): write -150_000"),
        ("2:30:00", "2:30:00 is read by YAML as a base-60 number (9000): write the number itself"),
        ("2:30.5", "2:30.5 is read by YAML as a base-60 number (150.5): write the number itself"),
    ],
)
def test_yaml_1_1_number_forms_are_refused_never_read_as_octal_or_base_60(
    value: str, message: str, tmp_path: Path
) -> None:
    path = overlay(tmp_path, price_low(value))
    done = bounded("validate", str(path))
    assert done.returncode == 1
    assert done.stdout.decode() == f"{path}:6:14: tiers.standard.prices.skin.low: {message}\n"


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
    "egg_skin, estimate, gangnam_yann, independent_2025, khidi_visitkorea, medinkorea_2026, s0, "
    "s1, s10, s100, s1000, s1001, s1002, s1003, s1004, s1005, s1006, s1007, s1008, s1009 and "
    "4,987 more"
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
