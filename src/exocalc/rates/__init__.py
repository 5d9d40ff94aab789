"""Exchange rates: a dated map of KRW per unit of each currency (`model`), the on-disk cache
of the last refresh (`cache`), live rates behind a deadline (`live`), and the choice among
them. Three sources, in order of precedence: `--rate USD=1400` overrides; then the cache, when
it is newer than the snapshot; then the ECB snapshot bundled with the package. Nothing here
touches the network."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from exocalc.rates.model import (
    PIVOT,
    Rates,
    RatesError,
    bundled_rates,
    check_rate,
    parse_override,
)

__all__ = ["PIVOT", "Rates", "RatesError", "bundled_rates", "check_rate", "parse_override"]


def rates_in_use(
    overrides: dict[str, Decimal] | None,
    today: dt.date,
    folder: Path | None = None,
    pinned: Path | None = None,
) -> tuple[Rates, list[str]]:
    """The rates a quote uses, and warnings about a cache that had to be ignored.

    --rate overrides first; then the rates pinned by a file (`--rates FILE`: a saved output's,
    which neither the cache nor the snapshot then changes); else the cache, when it is newer
    than the snapshot; then the snapshot. Reads at most one small file; never touches the
    network. `today`: the run's, which the CLI's run environment owns (cli/environment.py); no
    clock is read here. `folder`: the run's cache folder (the user's when None).
    """
    from exocalc.rates.cache import read_cache

    snapshot = bundled_rates()
    if pinned is not None:
        from exocalc.rates.pinned import pinned_rates

        return pinned_rates(pinned, snapshot).with_overrides(overrides or {}), []
    cached, warning = read_cache(snapshot, today, folder)
    chosen = cached if cached is not None and cached.as_of > snapshot.as_of else snapshot
    return chosen.with_overrides(overrides or {}), [warning] if warning else []
