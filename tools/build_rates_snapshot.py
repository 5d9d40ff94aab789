"""Build the bundled rates snapshot from an ECB reference CSV.

Usage: python tools/build_rates_snapshot.py ../shared/reference/ecb-rates-2026-10-30.csv

Writes data/rates-ecb-<date>.json: KRW per unit of each currency, as published in the
reference file's krw_per_unit column (strings, so that no float ever touches them).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from decimal import Decimal
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source = Path(argv[1])
    match = re.search(r"(\d{4}-\d{2}-\d{2})", source.name)
    if not match:
        print(f"cannot find a date in the file name {source.name!r}", file=sys.stderr)
        return 2
    as_of = match.group(1)
    lines = [line for line in source.read_text().splitlines() if not line.startswith("#")]
    rates = {}
    for row in csv.DictReader(lines):
        rate = Decimal(row["krw_per_unit"])
        if rate <= 0:
            raise SystemExit(f"non-positive rate for {row['currency']}")
        rates[row["currency"]] = str(rate)
    snapshot = {
        "source": "ECB",
        "description": "European Central Bank euro reference rates, re-based to KRW per unit",
        "as_of": as_of,
        "krw_per_unit": dict(sorted(rates.items())),
    }
    out = Path(__file__).resolve().parent.parent / "data" / f"rates-ecb-{as_of}.json"
    out.write_text(json.dumps(snapshot, indent=2) + "\n")
    print(f"wrote {out} ({len(rates)} currencies)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
