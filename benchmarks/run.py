"""exocalc's speed, measured side by side: start-up against a Typer hello-world, batch throughput
and peak memory. Run with the project's own environment: `python benchmarks/run.py`.

It writes a minimal Typer app of its own, interleaves the commands (so that a busy moment hits
them alike), takes the median of --runs runs each, prints one table and writes
benchmarks/results.json. Timings are noisy: the targets are checked here, not in the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
HELLO = """import typer

app = typer.Typer()


@app.command()
def main(name: str = "world") -> None:
    print(f"hello {name}")


if __name__ == "__main__":
    app()
"""
TARGETS = {
    "compare_ratio": 1.0,
    "quote_json_ratio": 0.9,
    "batch_quotes_per_second": 50_000,
    "peak_mib_1m": 100,
    "peak_growth_1m_vs_100k": 0.10,
}


def exocalc_command() -> list[str]:
    script = Path(sys.executable).parent / "exocalc"
    if script.exists():
        return [str(script)]
    found = shutil.which("exocalc")
    return [found] if found else [sys.executable, "-m", "exocalc"]


def run_child(args: list[str], stdin: Path | None = None) -> tuple[float, float, int]:
    """(seconds, peak resident MiB, exit status) of one child process, measured by the OS."""
    started = time.perf_counter()
    with open(stdin or os.devnull, "rb") as source:
        child = subprocess.Popen(args, stdin=source, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    peak_kib = usage.ru_maxrss  # KiB on Linux
    return seconds, peak_kib / 1024, child.returncode


def startup(runs: int, hello: Path) -> dict[str, Any]:
    exocalc = exocalc_command()
    commands = {
        "hello": [sys.executable, str(hello)],
        "compare": [*exocalc, "compare"],
        "quote_json": [*exocalc, "quote", "--format", "json"],
    }
    for args in commands.values():  # warm the file cache; fail early if something is off
        _, _, status = run_child(args)
        if status != 0:
            raise SystemExit(f"{' '.join(args)} exited {status}")
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, args in commands.items():  # interleaved
            times[name].append(run_child(args)[0])
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {
        "runs": runs,
        "median_seconds": medians,
        "compare_ratio": medians["compare"] / medians["hello"],
        "quote_json_ratio": medians["quote_json"] / medians["hello"],
    }


def generate_plans(path: Path, count: int, seed: int = 2026) -> None:
    """Plans as an agency quotes them: a catalogue of packages, drawn again and again."""
    rng = random.Random(seed)
    tiers = ["factory", "standard", "premium"]
    origins = ["los_angeles", "new_york", "london", "sydney", "singapore", "tokyo", "frankfurt"]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            plan = {
                "id": f"p{n}",
                "tier": rng.choice(tiers),
                "travellers": rng.randint(1, 4),
                "origin": rng.choice(origins),
                "nights": rng.randint(4, 8),
                "date": "2026-12-01",
            }
            out.write(json.dumps(plan) + "\n")


def batch(count: int, workdir: Path) -> dict[str, Any]:
    plans = workdir / f"plans-{count}.jsonl"
    generate_plans(plans, count)
    seconds, peak, status = run_child([*exocalc_command(), "batch", "-"], stdin=plans)
    return {
        "plans": count,
        "seconds": seconds,
        "quotes_per_second": count / seconds,
        "peak_mib": peak,
        "exit_status": status,
    }


def check(
    measure: str, value: float, shown: str, op: str, target: float
) -> tuple[str, str, str, bool]:
    met = {"<=": value <= target, ">=": value >= target, "<": value < target}[op]
    return measure, shown.format(value), f"{op} {shown.format(target)}", met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each start-up (min 10)")
    parser.add_argument("--small", type=int, default=100_000, help="plans in the throughput run")
    parser.add_argument("--large", type=int, default=1_000_000, help="plans in the memory run")
    args = parser.parse_args()
    runs = max(args.runs, 10)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        hello = workdir / "hello.py"
        hello.write_text(HELLO)
        start = startup(runs, hello)
        small = batch(args.small, workdir)
        large = batch(args.large, workdir)
    growth = large["peak_mib"] / small["peak_mib"] - 1
    results = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "startup": start,
        "batch_small": small,
        "batch_large": large,
        "peak_growth_large_vs_small": growth,
        "targets": TARGETS,
    }
    t = TARGETS
    checks = [
        check(
            "exocalc compare / hello", start["compare_ratio"], "{:.2f}x", "<=", t["compare_ratio"]
        ),
        check(
            "exocalc quote --format json / hello",
            start["quote_json_ratio"],
            "{:.2f}x",
            "<=",
            t["quote_json_ratio"],
        ),
        check(
            f"batch {small['plans']:,} plans, quotes/s",
            small["quotes_per_second"],
            "{:,.0f}",
            ">=",
            t["batch_quotes_per_second"],
        ),
        check(
            f"batch {large['plans']:,} plans, peak MiB",
            large["peak_mib"],
            "{:.1f}",
            "<",
            t["peak_mib_1m"],
        ),
        check(
            f"peak memory, {large['plans']:,} vs {small['plans']:,}",
            abs(growth),
            "{:.1%}",
            "<=",
            t["peak_growth_1m_vs_100k"],
        ),
    ]
    results["checks"] = [
        {"measure": m, "value": v, "target": t, "met": ok} for m, v, t, ok in checks
    ]
    medians = start["median_seconds"]
    print(f"exocalc benchmarks, median of {runs} interleaved runs ({platform.python_version()}, "
          f"{os.cpu_count()} CPUs)")  # fmt: skip
    print(f"  start-up: hello {medians['hello'] * 1000:.0f} ms, compare "
          f"{medians['compare'] * 1000:.0f} ms, quote --format json "
          f"{medians['quote_json'] * 1000:.0f} ms")  # fmt: skip
    width = max(len(c[0]) for c in checks)
    for measure, value, target, ok in checks:
        print(
            f"  {measure:<{width}}  {value:>18}  target {target:<12}  {'met' if ok else 'NOT met'}"
        )
    out = HERE / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"  written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
