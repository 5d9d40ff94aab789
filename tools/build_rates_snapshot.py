"""Build the bundled rates snapshot from an ECB reference CSV.

Usage: python tools/build_rates_snapshot.py ../shared/reference/ecb-rates-2026-10-30.csv [OUT]

Writes data/rates-ecb-<date>.json (or OUT): the ECB's own figures, units of each currency per
euro, exactly as the reference file's per_eur column publishes them (strings: no float, no
rounding, not even a trailing zero added or taken off). exocalc derives KRW per unit from them
when it loads the snapshot, unrounded; the file's krw_per_unit column (10 significant digits)
is not used.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    source = Path(argv[1])
    match = re.search(r"(\d{4}-\d{2}-\d{2})", source.name)
    if not match:
        print(f"cannot find a date in the file name {source.name!r}", file=sys.stderr)
        return 2
    as_of = match.group(1)
    lines = [line for line in source.read_text().splitlines() if not line.startswith("#")]
    per_eur: dict[str, str] = {}
    for row in csv.DictReader(lines):
        code, published = row["currency"].strip(), row["per_eur"].strip()
        try:
            rate = Decimal(published)
        except InvalidOperation:
            raise SystemExit(f"{code}: per_eur {published!r} is not a number") from None
        if not rate.is_finite() or rate <= 0:
            raise SystemExit(f"{code}: per_eur {published!r} is not a positive rate")
        per_eur[code] = published
    if per_eur.get("EUR") is None or Decimal(per_eur["EUR"]) != 1:
        raise SystemExit("the file must give EUR as 1 (the rates are per euro)")
    if "KRW" not in per_eur:
        raise SystemExit("the file has no KRW rate: nothing can be priced in won")
    snapshot = {
        "source": "ECB",
        "description": "European Central Bank euro reference rates: units of each currency "
        "per euro, as published; exocalc derives KRW per unit from them (KRW per euro / units "
        "per euro) when it loads them",
        "as_of": as_of,
        "base": "EUR",
        "per_eur": dict(sorted(per_eur.items())),
    }
    default = Path(__file__).resolve().parent.parent / "data" / f"rates-ecb-{as_of}.json"
    out = Path(argv[2]) if len(argv) == 3 else default
    out.write_text(json.dumps(snapshot, indent=2) + "\n")
    print(f"wrote {out} ({len(per_eur)} currencies)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
