"""The golden plans: a few hundred varied trips (tiers, clinics, origins, currencies, parties,
programmes, add-ons, every VAT case, some mistakes), and what exocalc answered for them when the
file was made. tests/test_golden.py checks that the answers have not changed by a byte.

Run `python tests/golden/generate.py plans` to write the plans (deterministic), and
`python tests/golden/generate.py answers` to record today's answers: only when a change to the
figures is intended, and say so in the commit.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLANS = HERE / "plans.jsonl"
OVERLAY = HERE / "overlay.yaml"
TODAY = "2026-11-28"
ANSWERS = {"jsonl": HERE / "answers.jsonl", "csv": HERE / "answers.csv"}

ORIGINS = ["los_angeles", "san_francisco", "new_york", "vancouver", "london", "frankfurt",
           "sydney", "singapore", "hong_kong", "tokyo"]  # fmt: skip
CURRENCIES = ["USD", "GBP", "EUR", "KRW", "JPY", "AUD", "HUF", "IDR", "CHF", "SGD"]
DATES = ["2024-03-15", "2025-06-01", "2025-09-20", "2025-11-10", "2025-12-01", "2025-12-29",
         "2026-01-05", "2026-11-28", "2027-03-02", "2027-08-30"]  # fmt: skip


def plan(rng: random.Random, n: int) -> dict[str, object]:
    p: dict[str, object] = {"id": f"g{n}", "date": rng.choice(DATES)}
    p["treatment"] = rng.choice(["skin", "skin", "hair"])
    who = rng.random()
    if who < 0.25:
        p["clinic"] = rng.choice(["forena", "egg_skin", "xenia", "gangnam_yann"])
        if p["treatment"] == "hair" and p["clinic"] != "forena":
            p["price"] = rng.choice([250000, 480000])
    elif who < 0.85:
        p["tier"] = rng.choice(["factory", "standard", "premium"])
    if rng.random() < 0.15:
        p["price"] = rng.randrange(100_000, 1_500_000, 500)
    if rng.random() < 0.2:
        p["sessions"] = rng.randint(1, 6)
    sessions = int(p.get("sessions", 5 if p["treatment"] == "hair" else 1))  # type: ignore[call-overload]
    if sessions > 1 and rng.random() < 0.3:
        p["trips"] = rng.randint(1, min(sessions, 4))
    p["travellers"] = rng.choice([1, 1, 2, 2, 3, 4])
    p["origin"] = rng.choice(ORIGINS)
    if rng.random() < 0.3:
        p["nights"] = rng.choice([3, 4, 6, 10, 17, 31, 60])
    p["hotel"] = rng.choice(["budget", "mid", "luxury"])
    if rng.random() < 0.3:
        p["flight"] = rng.choice([450, 900.5, 1234.56, 60000])
    if rng.random() < 0.6:
        p["currency"] = rng.choice(CURRENCIES)
    p["vat_refund"] = rng.choice(["auto", "auto", "yes", "no"])
    if rng.random() < 0.4:
        p["addon"] = rng.sample(["led", "cold_mask", "thulium_laser"], rng.randint(1, 2))
    p["booking"] = rng.choice(["direct", "creatrip", "unni_global", "gangnam_unni"])
    if rng.random() < 0.25:
        p["contingency"] = rng.choice([5, 7.5, 10])
    if rng.random() < 0.2:
        p["home_price"] = rng.choice([800, 3000, 9500])
    if rng.random() < 0.05:  # a mistake the batch must report, not price
        p[rng.choice(["tier", "travellers", "nights", "date"])] = rng.choice(
            ["luxury", 0, -1, "2026-02-30"]
        )
    return p


def write_plans(count: int = 360) -> None:
    rng = random.Random(20261128)
    with PLANS.open("w", encoding="utf-8") as out:
        for n in range(1, count + 1):
            out.write(json.dumps(plan(rng, n)) + "\n")


def answers(fmt: str) -> bytes:
    """What exocalc answers for the golden plans now, in one format."""
    env = {**os.environ, "EXOCALC_TODAY": TODAY, "EXOCALC_DATA": ""}
    done = subprocess.run(
        [sys.executable, "-m", "exocalc", "batch", str(PLANS), "--format", fmt,
         "--data", str(OVERLAY)],
        capture_output=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


if __name__ == "__main__":
    if sys.argv[1:] == ["plans"]:
        write_plans()
    elif sys.argv[1:] == ["answers"]:
        for fmt, path in ANSWERS.items():
            path.write_bytes(answers(fmt))
    else:
        raise SystemExit(__doc__)
