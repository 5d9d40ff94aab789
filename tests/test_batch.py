"""`exocalc batch`, and every command as a citizen of a shell pipeline."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.runner import run

EXOCALC = [sys.executable, "-m", "exocalc"]


def batch(*args: str, stdin: str | None = None) -> Any:
    result = run("batch", *args, code=None, stdin=stdin)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def records(text: str) -> list[dict[str, Any]]:
    return [json.loads(line, parse_float=Decimal) for line in text.splitlines()]


def spreadsheet_csv(path: Path, rows: int, bad_every: int) -> list[int]:
    """A CSV as a spreadsheet exports it: BOM, CRLF, quoted fields; every bad_every-th row
    asks for a tier that does not exist. Returns the numbers of the bad rows."""
    bad = []
    lines = ['"id","tier","travellers","origin","addon","date"']
    for n in range(1, rows + 1):
        tier = "luxury" if n % bad_every == 0 else ("standard", "premium", "factory")[n % 3]
        if n % bad_every == 0:
            bad.append(n)
        addons = '"led, cold_mask"' if n % 5 == 0 else ""
        lines.append(f'"trip {n}","{tier}",{1 + n % 3},"London",{addons},2026-11-28')
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return bad


@pytest.mark.usefixtures("rates_not_old")
def test_a_thousand_row_spreadsheet_export(tmp_path: Path) -> None:
    """The issue's acceptance: 1,000 records in order, an error record per bad row, exit 1."""
    path = tmp_path / "plans.csv"
    bad = spreadsheet_csv(path, 1000, bad_every=97)
    result = batch(str(path), "--format", "csv")
    assert result.exit_code == 1
    assert result.stderr == f"exocalc: {len(bad)} of 1,000 rows failed; see the error records\n"
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1000
    assert [int(r["row"]) for r in rows] == list(range(1, 1001))
    assert [r["id"] for r in rows] == [f"trip {n}" for n in range(1, 1001)]
    assert [int(r["row"]) for r in rows if r["error"]] == bad
    for r in rows:
        if r["error"]:
            assert r["error"].startswith("unknown tier 'luxury'")
            assert r["total_typical"] == ""
        else:
            assert r["currency"] == "GBP"
            lines = [Decimal(r[f"{line}_typical"]) for line in
                     ("treatment", "addons", "couple_discount", "flights", "hotel", "daily", "esim")
                     if r[f"{line}_typical"]]  # fmt: skip
            assert sum(lines) == Decimal(r["total_typical"])
    with_addons = rows[4]  # trip 5: led and cold mask, quoted with a comma inside
    assert with_addons["addons_typical"] != ""


def test_jsonl_records_are_quote_objects_with_row_and_id(tmp_path: Path) -> None:
    path = tmp_path / "plans.jsonl"
    path.write_text(
        '{"id": "a", "tier": "premium", "travellers": 2}\n'
        "\n"
        '{"tier": "standard", "currency": "krw"}\n'
        '{"tier": "standard", "travellers": -1}\n'
    )
    result = batch(str(path))
    assert result.exit_code == 1
    first, second, third = records(result.stdout)
    assert first["row"] == 1 and first["id"] == "a"
    assert first["schema"] == "exocalc.quote/4"
    assert sum(line["typical"] for line in first["lines"]) == first["total"]["typical"]
    args = ["quote", "--tier", "premium", "--travellers", "2", "--format", "json"]
    single = json.loads(run(*args, code=None).stdout, parse_float=Decimal)
    assert {k: v for k, v in first.items() if k not in ("row", "id")} == single
    assert second["row"] == 2 and "id" not in second and second["currency"] == "KRW"
    assert third == {"row": 3, "error": "travellers must be from 1 to 20, not -1"}


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("not json", "line 1: not JSON (Expecting value at column 1)"),
        ("[1, 2]", "line 1: a plan must be a JSON object"),
        ('{"tier": "premium", "travelers": 2}', "unknown field 'travelers' (line 1)"),
        ('{"sessions": "two"}', "sessions 'two' is not a whole number"),
        ('{"nights": -3}', "nights -3 is too few: a trip needs at least 3 nights"),
        ('{"date": "tomorrow"}', "date 'tomorrow' is not a date; write it as YYYY-MM-DD"),
        ('{"addon": [1]}', "addon: [1] must be names"),
        ('{"vat_refund": "maybe"}', "vat_refund 'maybe' must be one of: auto, yes, no"),
    ],
)
def test_bad_jsonl_rows_become_error_records(line: str, error: str) -> None:
    result = batch("-", "--input", "jsonl", stdin=line + "\n" + '{"tier": "factory"}\n')
    assert result.exit_code == 1
    bad, good = records(result.stdout)
    assert bad["row"] == 1 and bad["error"].startswith(error)
    assert good["row"] == 2 and good["inputs"]["tier"] == "factory"


def test_csv_rows_with_missing_or_extra_fields(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("tier,travellers\npremium\nstandard,1,9\nfactory,1\n")
    result = batch(str(path))
    assert result.exit_code == 1
    out = records(result.stdout)
    assert out[0] == {"row": 1, "error": "line 2: 1 fields where the header has 2"}
    assert out[1] == {"row": 2, "error": "line 3: 3 fields where the header has 2"}
    assert out[2]["inputs"]["tier"] == "factory"


def test_a_misspelt_csv_header_stops_before_any_output(tmp_path: Path) -> None:
    path = tmp_path / "typo.csv"
    path.write_text("tier,traveller,orign\npremium,2,london\n")
    result = batch(str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "exocalc: error: unknown column 'orign' (CSV header); valid columns: treatment, tier, "
        "clinic, price, sessions, interval, trips, max_trips, max_days_away, travellers, "
        "companions, people, origin, nights, hotel, flight, currency, "
        "date, vat_refund, addon, booking, contingency, also_currency, home_price, id; "
        "did you mean 'origin'?\n"
    )


def test_fail_fast_stops_at_the_first_bad_row() -> None:
    stdin = '{"tier": "standard"}\n{"tier": "gold"}\n{"tier": "premium"}\n'
    result = batch("-", "--fail-fast", stdin=stdin)
    assert result.exit_code == 1
    assert [r["row"] for r in records(result.stdout)] == [1, 2]


def test_empty_input_gives_no_output_and_exit_0(tmp_path: Path) -> None:
    for name, text in (("empty.csv", ""), ("blank.jsonl", "\n\n"), ("header.csv", "tier\n")):
        path = tmp_path / name
        path.write_text(text)
        result = batch(str(path))
        assert (result.exit_code, result.stdout) == (0, "")
    assert batch("-", stdin="").exit_code == 0


def test_stdin_format_is_sniffed_and_all_good_rows_exit_0() -> None:
    result = batch("-", stdin="tier,travellers\npremium,2\nfactory,1\n")
    assert result.exit_code == 0
    assert [r["inputs"]["tier"] for r in records(result.stdout)] == ["premium", "factory"]
    result = batch("-", stdin='{"tier":"premium"}\n')
    assert result.exit_code == 0 and records(result.stdout)[0]["row"] == 1


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    odd = tmp_path / "plans.txt"
    odd.write_text("tier\npremium\n")
    result = batch(str(odd))
    assert result.exit_code == 2
    assert "cannot tell the format" in result.stderr and "--input" in result.stderr
    assert batch(str(odd), "--input", "csv").exit_code == 0
    missing = batch(str(tmp_path / "nope.csv"))
    assert missing.exit_code == 1  # a file that cannot be used, as the README's table says
    assert missing.stderr == (
        f"exocalc: error: cannot use {tmp_path / 'nope.csv'}: No such file or directory\n"
    )


# --- real processes in real pipelines ------------------------------------------------------


def shell(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    python_bin = str(Path(sys.executable).parent)
    full_env = {**os.environ, "PATH": python_bin + os.pathsep + os.environ["PATH"], **env}
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=full_env, timeout=120
    )


@pytest.mark.parametrize(
    "command",
    [
        "python -m exocalc clinics --format csv | head -1",
        "python -m exocalc compare | head -1",
        "python -m exocalc rates --format jsonl | head -1",
        'yes \'{"tier":"standard","travellers":1}\' | head -n 20000 '
        "| python -m exocalc batch - | head -1",
    ],
)
def test_a_pipe_closed_early_ends_quietly(command: str) -> None:
    # exocalc's own status: the one before the final `head` in the pipeline.
    done = shell(f'{command}; echo "status=${{PIPESTATUS[-2]}}" >&2')
    assert done.stdout.count("\n") == 1
    assert done.stderr == "status=0\n"


@pytest.mark.parametrize("output", ["jsonl", "csv"])
@pytest.mark.parametrize(
    "redirect", ["plans.jsonl >> plans.jsonl", "- < plans.jsonl >> plans.jsonl"]
)
def test_a_file_that_is_also_the_output_is_refused_not_read_back_without_end(
    tmp_path: Path, redirect: str, output: str
) -> None:
    """`exocalc batch plans.jsonl >> plans.jsonl` would read its own records back as plans,
    error record after error record, until the disk is full: refused, as cat refuses it."""
    plans = tmp_path / "plans.jsonl"
    text = '{"tier":"premium"}\n' * 500  # past the parallel path's threshold too
    plans.write_text(text)
    done = shell(
        f"cd {tmp_path} && timeout 60 python -m exocalc batch --format {output} {redirect}"
    )
    name = "standard input" if redirect.startswith("-") else "plans.jsonl"
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"exocalc: error: {name} is also the output: its records would be read back as plans "
        "without end; write them to another file\n"
    )
    assert plans.read_text() == text


def test_no_color_means_no_escape_sequences() -> None:
    assert "\x1b" not in shell("NO_COLOR=1 python -m exocalc compare | cat -v").stdout
    # Even on a terminal: `script` gives the program a pseudo-terminal.
    on_tty = shell("script -qc 'python -m exocalc quote --no-color' /dev/null")
    if on_tty.returncode == 0 and on_tty.stdout:
        assert "\x1b[" not in on_tty.stdout


def test_plain_total_in_a_shell_variable() -> None:
    done = shell(
        'total=$(python -m exocalc quote --format plain --date 2026-11-28); echo "[$total]"'
    )
    assert done.stdout == "[2372.60]\n"


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    process = subprocess.Popen(
        [*EXOCALC, "batch", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As a foreground job: a background shell job starts with SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdin is not None
    process.stdin.write('{"tier": "standard"}\n')
    process.stdin.flush()
    time.sleep(1.5)  # imported, waiting for more input
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130
    assert "Traceback" not in err
    assert err == "exocalc: interrupted\n"


# --- a long batch: workers write the records themselves --------------------------------------


def distinct_plans(path: Path, rows: int) -> None:
    """`rows` plans, each its own (price, party, origin, hotel), two of them unusable."""
    origins = ["london", "new_york", "tokyo", "sydney", "frankfurt"]
    lines = []
    for n in range(rows):
        plan = {
            "id": f"p{n}",
            "tier": ("factory", "standard", "premium")[n % 3],
            "travellers": 1 + n % 4,
            "origin": origins[n % 5],
            "hotel": ("budget", "mid", "luxury")[n % 3],
            "price": 200_000 + 100 * n,
            "date": "2027-03-01",
        }
        lines.append(json.dumps(plan))
    lines[1234] = '{"tier": "luxury"}'
    lines[2345] = "not json"
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_long_batch_to_a_file_has_every_record_in_input_order(tmp_path: Path, fmt: str) -> None:
    """Written by the worker processes, straight to the file stdout was sent to: the same bytes
    as the batch priced in one process, header once, every row in input order."""

    plans = tmp_path / "plans.jsonl"
    distinct_plans(plans, 3_000)
    expected = run("batch", str(plans), "--format", fmt, code=1).stdout  # one process
    out = tmp_path / f"out.{fmt}"
    with out.open("wb") as sink:
        done = subprocess.run(
            [*EXOCALC, "batch", str(plans), "--format", fmt],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr.endswith("exocalc: 2 of 3,000 rows failed; see the error records\n")
    written = out.read_text()
    assert written == expected
    if fmt == "jsonl":
        assert [r["row"] for r in records(written)] == list(range(1, 3_001))


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_long_batch_to_a_full_device_is_one_line_and_exit_1(tmp_path: Path) -> None:
    plans = tmp_path / "plans.jsonl"
    distinct_plans(plans, 3_000)
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [*EXOCALC, "batch", str(plans)], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 1
    assert done.stderr == "exocalc: error: cannot write the output: No space left on device\n"


def test_a_chunk_that_fails_in_a_worker_ends_the_batch_instead_of_hanging(tmp_path: Path) -> None:
    """A worker's chunk that raises (a bug) still hands the turn on: the chunks after it are not
    written and the batch ends, its records whole and in order, rather than waiting for ever."""
    plans = tmp_path / "plans.jsonl"
    distinct_plans(plans, 6_000)
    broken = (
        "import sys\n"
        "from exocalc.batch.records import Batch\n"
        "chunk = Batch.chunk\n"
        "def failing(self, rows, stop_at_failure=False):\n"
        "    if 2_000 < rows[0].number <= 2_400:  # one chunk\n"
        "        raise RuntimeError('a bug')\n"
        "    return chunk(self, rows, stop_at_failure)\n"
        "Batch.chunk = failing\n"
        "from exocalc.cli import run\n"
        "sys.exit(run(sys.argv[1:]))\n"
    )
    out = tmp_path / "out.jsonl"
    with out.open("wb") as sink:
        done = subprocess.run(
            [sys.executable, "-c", broken, "batch", str(plans)],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode != 0
    written = out.read_text()
    assert written.endswith("\n")
    numbers = [r["row"] for r in records(written)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) <= 2_000


@pytest.mark.usefixtures("rates_not_old")
def test_a_csv_row_says_what_its_json_lines_record_says(tmp_path: Path) -> None:
    """CSV rows are priced for their figures only (no words, no checks): every cell is still
    the figure of the same row's JSON Lines record, whatever the row asks for."""
    asks = [
        {"id": "a", "date": "2026-12-01"},
        {"id": "b", "date": "2026-12-01", "travellers": 2, "currency": "GBP", "price": "900 USD"},
        {"id": "c", "date": "2027-03-09", "sessions": 3, "treatment": "hair", "currency": "JPY"},
        {"id": "d", "date": "2027-01-15", "home_price": "700 USD", "also_currency": ["EUR"]},
        {"id": "e", "date": "2027-01-15", "clinic": "forena", "booking": "direct", "sessions": 2},
        {"id": "f", "date": "2027-01-15", "origin": "nowhere"},
        {"id": "g", "date": "2027-02-02", "flight": 900, "hotel": "luxury", "nights": 9},
    ]
    path = tmp_path / "plans.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in asks))
    as_csv = list(csv.DictReader(io.StringIO(batch(str(path), "--format", "csv").stdout)))
    as_jsonl = records(batch(str(path), "--format", "jsonl").stdout)
    assert len(as_csv) == len(as_jsonl) == len(asks)
    for row, record in zip(as_csv, as_jsonl, strict=True):
        assert (row["row"], row["id"]) == (str(record["row"]), record["id"])
        if "error" in record:
            assert row["error"] == record["error"] and row["total_typical"] == ""
            continue
        total, savings = record["total"], record["savings"]
        assert row["currency"] == record["currency"]
        assert [row["total_low"], row["total_typical"], row["total_high"]] == [
            str(total["low"]), str(total["typical"]), str(total["high"])
        ]  # fmt: skip
        assert row["savings_typical"] == (str(savings["typical"]) if savings else "")
        lines = {line["id"]: str(line["typical"]) for line in record["lines"]}
        cells = {
            k.removesuffix("_typical"): v
            for k, v in row.items()
            if v and k.endswith("_typical") and not k.startswith(("also_", "per_person"))
        }
        cells.pop("total"), cells.pop("savings", None)
        assert cells == lines
        share = record["per_person"]
        assert [row[f"per_person_{k}"] for k in ("low", "typical", "high")] == (
            [str(share[k]) for k in ("low", "typical", "high")] if share else ["", "", ""]
        )
        also = [[a["currency"], *(str(a["total"][k]) for k in ("low", "typical", "high"))]
                for a in record["also"]]  # fmt: skip
        assert [[row[f"also_{n}_{k}"] for k in ("currency", "low", "typical", "high")]
                for n in range(1, len(also) + 1)] == also  # fmt: skip
        estimates = ";".join(line["id"] for line in record["lines"] if line["estimate"])
        assert row["estimates"] == estimates
        rates = record["rates"]
        assert (row["rates"], row["rates_as_of"]) == (rates["label"], rates["as_of"])
        assert row["krw_per_unit"] == str(rates["krw_per_unit"][record["currency"]])
        used = rates["krw_per_unit"].items()
        assert row["rates_used"] == ";".join(f"{code}={rate}" for code, rate in used)
        assert row["prices_as_of"] == record["prices_as_of"]
        assert row["schema"] == "exocalc.batch-csv/4"
    assert sum("error" in r for r in as_jsonl) == 1
    every = list(csv.DictReader(io.StringIO(
        batch(str(path), "--format", "csv", "--columns", "lines").stdout)))  # fmt: skip
    for row, record in zip(every, as_jsonl, strict=True):
        if "error" in record:
            continue
        lines = {line["id"]: line for line in record["lines"]}
        for line_id, line in lines.items():
            assert [row[f"{line_id}_{k}"] for k in ("low", "typical", "high")] == [
                str(line[k]) for k in ("low", "typical", "high")
            ]
        absent = [k for k in row if k.endswith("_low") and k.removesuffix("_low") not in lines]
        assert all(row[k] == "" for k in absent if not k.startswith(("total", "per_", "also")))


def test_json_values_written_over_several_lines_are_one_row_each() -> None:
    """As jq writes them (`jq '.options[0].inputs'`, `jq .inputs saved.json`): an object over
    several lines is one row; one that is not JSON is one error record naming its lines; one
    that never closes costs its first line, and the lines after it are read again as rows."""
    document = run("quote", "--tier", "premium", "--format", "json").stdout
    quoted = json.loads(document, parse_float=Decimal)
    pretty = json.dumps(json.loads(document)["inputs"], indent=2)
    stdin = (
        pretty + "\n"  # lines 1-20
        + '{"tier": "factory"}\n'  # a line, as ever
        + '{\n  "tier": "standard",\n  "travellers": 2\n}\n'
        + '{\n  "tier": \n}\n'
        + '{"tier": "standard",\n'  # never closed
        + '{"tier": "factory"}\n'
    )  # fmt: skip
    result = batch("-", stdin=stdin)
    assert result.exit_code == 1
    rows = records(result.stdout)
    assert [r["row"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0]["total"] == quoted["total"]
    assert rows[1]["inputs"]["tier"] == "factory"
    assert rows[2]["inputs"]["travellers"] == 2
    first = pretty.count("\n") + 1 + 1 + 4 + 1
    assert rows[3]["error"] == f"lines {first}-{first + 2}: not JSON (Expecting value at column 1)"
    assert rows[4]["error"] == (
        f"line {first + 3}: a JSON value that is never closed; the lines after it are read as rows"
    )
    assert rows[5]["inputs"]["tier"] == "factory"
