"""The on-disk cache of the last successful `exocalc rates --refresh`.

One small JSON file in the user's cache folder (platformdirs: $XDG_CACHE_HOME/exocalc on
Linux), written atomically: a temporary file in the same folder, then a rename, so a reader
sees the old file or the new one, never half of one. A cache that cannot be read is reported
in one line by the caller and otherwise ignored: quotes go on with the snapshot.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from exocalc.rates.model import (
    CACHE_LACKED,
    PIVOT,
    SOURCE_NAME,
    Rates,
    RatesError,
    check_rate,
    fallback,
    too_far,
)
from exocalc.store import cache_dir, read_capped, write_atomic

FORMAT = "exocalc.rates-cache/1"
FILE_NAME = "rates.json"
MAX_BYTES = 256 * 1024  # thirty currencies take about 2 KB


def cache_path(folder: Path | None = None) -> Path:
    """The cache file, in `folder` (the run's cache folder), else the user's."""
    return (folder if folder is not None else cache_dir()) / FILE_NAME


def read_cache(
    snapshot: Rates, today: dt.date, folder: Path | None = None
) -> tuple[Rates | None, str | None]:
    """The cached rates merged over the snapshot, or (None, why it was ignored).

    No cache file is the normal state before the first refresh: (None, None), no message.
    """
    path = cache_path(folder)
    try:
        # A regular file of a few KB: a link to /dev/zero, a FIFO or a huge file is refused
        # before it is read, so that no cache can hang a quote or fill its memory.
        text = read_capped(path, MAX_BYTES).decode("utf-8")
    except FileNotFoundError:
        return None, None
    except UnicodeDecodeError as exc:
        return None, _ignored(path, f"not UTF-8 text (byte {exc.start})", snapshot)
    except OSError as exc:
        return None, _ignored(path, f"cannot read it ({_reason(exc)})", snapshot)
    try:
        rates, refused = parse_cache(text, snapshot, today)
    except RatesError as exc:
        return None, _ignored(path, str(exc), snapshot)
    if not refused:
        return rates, None
    listed = "; ".join(f"{code}: {why}" for code, why in sorted(refused.items()))
    return rates, f"refused rates of the cache {path}, using {snapshot.label} for them: {listed}"


# Why a currency kept the snapshot's rate, as the refresh wrote it: shown with the rate, so plain
# printable text of a line at most; anything else is replaced by words of our own.
_NOTE = re.compile(r"[ -~]{1,200}")


def _ignored(path: Path, why: str, snapshot: Rates) -> str:
    return f"ignoring the rates cache {path}: {why}; using {snapshot.label}"


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def parse_cache(text: str, snapshot: Rates, today: dt.date) -> tuple[Rates, dict[str, str]]:
    """The cached rates merged over the snapshot, and the cached rates refused (with why), or
    RatesError: why the whole file cannot be used."""
    if not text.strip():
        raise RatesError("the file is empty")
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RatesError(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except ValueError:  # a number of thousands of digits
        raise RatesError("not valid JSON (a number far too long)") from None
    except RecursionError:
        raise RatesError("not valid JSON (nested too deeply)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RatesError(f"not an exocalc rates cache (expected format {FORMAT!r})")
    try:
        fetched_at = dt.datetime.fromisoformat(document["fetched_at"])
        as_of = dt.date.fromisoformat(document["as_of"])
        source = str(document["source"])
        raw = document["krw_per_unit"]
    except KeyError as exc:
        raise RatesError(f"the field {exc} is missing") from None
    except (TypeError, ValueError):
        raise RatesError("fetched_at, as_of or source is not what a cache holds") from None
    if not isinstance(raw, dict):
        raise RatesError("krw_per_unit is not a mapping")
    if not SOURCE_NAME.fullmatch(source):  # shown on every quote: plain, short, printable text
        raise RatesError("its source is not a plain name (letters, digits, '.', '-', spaces)")
    if as_of > today + dt.timedelta(days=1):
        raise RatesError(f"it is dated {as_of.isoformat()}, in the future")
    known = {code: check_rate(code, value) for code, value in raw.items() if snapshot.knows(code)}
    known.pop(PIVOT, None)
    if not known:
        raise RatesError("it holds no rates for the currencies exocalc knows")
    # The check a live answer gets: a hand-edited rate far from the snapshot's is refused too.
    refused = {code: why for code, rate in known.items() if (why := too_far(rate, snapshot, code))}
    if len(refused) == len(known):
        listed = "; ".join(f"{code}: {why}" for code, why in sorted(refused.items()))
        raise RatesError(f"every rate is refused ({listed})")
    usable = {code: rate for code, rate in known.items() if code not in refused}
    notes = _notes(document.get("from_snapshot"))
    fallbacks = {
        code: fallback(
            snapshot,
            f"the cached rate was refused ({refused[code]})"
            if code in refused
            else notes.get(code, CACHE_LACKED),
        )
        for code in sorted(snapshot.krw_per_unit)
        if code not in usable and code != PIVOT
    }
    rates = Rates(
        krw_per_unit={**snapshot.krw_per_unit, **usable},
        source=source,
        as_of=as_of,
        kind="cached",
        fallbacks=fallbacks,
        fetched_at=fetched_at,
        published=snapshot.published,  # for the currencies that kept the snapshot's rate
    )
    return rates, refused


def _notes(value: Any) -> dict[str, str]:
    """Why the refresh kept the snapshot's rate for each currency it wrote no rate for (a cache
    of an older exocalc lists the currencies alone)."""
    if not isinstance(value, dict):
        return {}
    return {
        code: note
        for code, note in value.items()
        if isinstance(code, str) and isinstance(note, str) and _NOTE.fullmatch(note)
    }


def cache_document(rates: Rates) -> dict[str, Any]:
    fetched = rates.fetched_at or dt.datetime.now(dt.UTC)
    return {
        "format": FORMAT,
        "source": rates.source,
        "as_of": rates.as_of.isoformat(),
        "fetched_at": fetched.isoformat(),
        "krw_per_unit": {
            code: str(value)
            for code, value in sorted(rates.krw_per_unit.items())
            if code not in rates.from_snapshot and code != PIVOT
        },
        "from_snapshot": {
            code: origin.note for code, origin in sorted(rates.fallbacks.items()) if origin.note
        },
    }


def write_cache(rates: Rates, folder: Path | None = None) -> Path:
    """Write atomically; OSError (a folder that cannot be written) goes to the caller."""
    path = cache_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, (json.dumps(cache_document(rates), indent=2) + "\n").encode("utf-8"))
    return path
