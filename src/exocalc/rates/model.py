"""Exchange rates: a dated map of KRW per unit of each currency, and where it came from; the
checks of a rate; the bundled ECB snapshot.

All conversions go through KRW, the currency Seoul prices are kept in, so one number per
currency is enough and every inverse is derived.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Context, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from exocalc.money import PIVOT_CURRENCY

PIVOT = PIVOT_CURRENCY

SNAPSHOT_NAME = "rates-ecb-2026-10-30.json"
# Far beyond any real currency's KRW rate, and close enough that no sum overflows Decimal.
MIN_RATE = Decimal("0.0001")
MAX_RATE = 100_000


# A rate more than this far from the snapshot's is suspect: refused from a live source, and
# warned about when given by hand (the user may know better, or may have turned it over).
MAX_JUMP = Decimal("0.5")


def jump(rate: Decimal, reference: Decimal) -> Decimal:
    """How far a rate is from a reference one, as a fraction of it."""
    return abs(rate / reference - 1)


def too_far(rate: Decimal, snapshot: Rates, code: str) -> str | None:
    """Why a rate from a live answer or the cache is refused for being too far from the
    snapshot's (None: it is close enough). The same check for both, so that a rate the refresh
    would refuse cannot come back through a hand-edited cache."""
    old = snapshot.krw_per(code)
    away = jump(rate, old)
    if away <= MAX_JUMP:
        return None
    return f"{rate:,.4f} KRW is {away:.0%} away from the snapshot's {old:,.4f}"


# Rates published per unit of a base (the ECB's per euro) become KRW per unit by one division,
# at Decimal's 28 significant digits, fixed here whatever the caller's context: the derived rate
# is never rounded further (an amount is rounded once, at its minor unit, by the pricing).
_DERIVE = Context(prec=28)


def derive(krw_per_base: Decimal, units_per_base: Decimal) -> Decimal:
    """KRW per unit of a currency published as `units_per_base` units per unit of the base,
    the base being worth `krw_per_base` KRW: 1,491.76 KRW a euro and 1.1172 USD a euro give
    1,335.266738274257071249552453 KRW per USD."""
    return _DERIVE.divide(krw_per_base, units_per_base)


@dataclass(frozen=True)
class Change:
    """One currency's rate, then and now, and the change in percent (one decimal)."""

    currency: str
    old: Decimal
    new: Decimal
    percent: Decimal


def changes(old: Rates, new: Rates) -> list[Change]:
    """The currencies whose rate moved by 0.01 % or more between two sets of rates, in
    alphabetical order (a service's own rounding moves the last digits of every rate)."""
    out = []
    for code in sorted(set(old.krw_per_unit) & set(new.krw_per_unit)):
        before, after = old.krw_per_unit[code], new.krw_per_unit[code]
        percent = ((after / before - 1) * 100).quantize(Decimal("0.01"))
        if percent and code != PIVOT:  # a change a person can see, not the last digit's
            out.append(Change(code, before, after, percent))
    return out


class RatesError(ValueError):
    """A rate that cannot be used (unknown currency, zero, negative, not a number)."""


@dataclass(frozen=True)
class Origin:
    """Where one currency's rate came from: who published it (the ECB, the host of the rates
    service), the rates' own date, how exocalc has it (bundled, cached, live, override) and,
    for a currency that fell back to the snapshot, why."""

    source: str
    as_of: dt.date | None  # None for a --rate
    kind: str
    note: str | None = None

    @property
    def label(self) -> str:
        """'ECB 2026-10-30, bundled; the live answer had none'."""
        if self.as_of is None:
            text = f"{self.kind} ({self.source})"
        else:
            text = f"{self.source} {self.as_of.isoformat()}, {self.kind}"
        return f"{text}; {self.note}" if self.note else text


# Who published rates, as every output shows it: a short plain name (ECB, theratesapi.com,
# 127.0.0.1), whether it comes from the cache, a hand-edited file, or a service's redirect.
SOURCE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .:/_-]{0,79}")

# Why a currency fell back to the snapshot: the words of each provenance that says so.
LIVE_LACKED = "the live answer had none"
CACHE_LACKED = "the cache had none"


def fallback(snapshot: Rates, why: str) -> Origin:
    """The origin of a currency that keeps the snapshot's rate, and why."""
    return Origin(snapshot.source, snapshot.as_of, snapshot.kind, why)


@dataclass(frozen=True)
class Rates:
    krw_per_unit: dict[str, Decimal]
    source: str  # who published them: "ECB", or the host the rates were fetched from
    as_of: dt.date  # the rates' own date, as their publisher gives it
    kind: str  # "bundled", "cached" or "live"
    overrides: dict[str, Decimal] = field(default_factory=dict)
    # Currencies the source lacked or whose rate was refused: they keep the snapshot's rate,
    # and say so (source, date and why) in their own origin.
    fallbacks: Mapping[str, Origin] = field(default_factory=dict)
    fetched_at: dt.datetime | None = None  # always in UTC (converted when given with an offset)
    # Where a currency's rate came from when it is not the rates' own source (pinned rates read
    # back from a saved output: each currency keeps the source and date it was saved with).
    own: Mapping[str, Origin] = field(default_factory=dict)
    # The ECB's own figures as published: units of each currency per euro (KRW's too), from
    # which the snapshot's KRW per unit is derived; shown beside the rates they made.
    published: Mapping[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.fetched_at is not None:
            when = self.fetched_at
            utc = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)
            object.__setattr__(self, "fetched_at", utc)

    @property
    def from_snapshot(self) -> frozenset[str]:
        """The currencies whose rate is the snapshot's, though these rates are not it."""
        return frozenset(self.fallbacks)

    def origin(self, currency: str) -> Origin:
        """Where this one currency's rate came from."""
        if currency in self.overrides:
            return Origin("--rate", None, "override")
        found = self.fallbacks.get(currency) or self.own.get(currency)
        return found if found is not None else Origin(self.source, self.as_of, self.kind)

    def per_eur(self, currency: str) -> Decimal | None:
        """Units of `currency` per euro as the ECB published them, when this currency's rate is
        the one derived from that figure (else None: a refreshed, pinned or given rate)."""
        krw, units = self.published.get(PIVOT), self.published.get(currency)
        if krw is None or units is None or currency not in self.krw_per_unit:
            return None
        if currency in self.overrides or derive(krw, units) != self.krw_per_unit[currency]:
            return None
        return units

    @property
    def currencies(self) -> list[str]:
        return sorted(self.krw_per_unit)

    def knows(self, currency: str) -> bool:
        return currency in self.krw_per_unit

    def krw_per(self, currency: str) -> Decimal:
        try:
            return self.krw_per_unit[currency]
        except KeyError:
            raise RatesError(f"no exchange rate for {currency}") from None

    def convert(self, amount: Decimal, from_currency: str, to_currency: str) -> Decimal:
        """Exact (unrounded) conversion through KRW."""
        if from_currency == to_currency:
            return amount
        krw = amount if from_currency == PIVOT else amount * self.krw_per(from_currency)
        return krw if to_currency == PIVOT else krw / self.krw_per(to_currency)

    def with_overrides(self, overrides: dict[str, Decimal]) -> Rates:
        if not overrides:
            return self
        merged = {**self.krw_per_unit, **overrides}
        return replace(self, krw_per_unit=merged, overrides={**self.overrides, **overrides})

    @property
    def label(self) -> str:
        """One line for people: 'ECB 2026-10-30, bundled' (plus any --rate overrides)."""
        text = f"{self.source} {self.as_of.isoformat()}, {self.kind}"
        if self.overrides:
            given = ", ".join(f"{c}={v}" for c, v in sorted(self.overrides.items()))
            text += f"; overridden by --rate {given}"
        return text


def snapshot_path() -> Path:
    here = Path(__file__).resolve().parent.parent
    packaged = here / "data" / SNAPSHOT_NAME
    if packaged.is_file():
        return packaged
    return here.parent.parent / "data" / SNAPSHOT_NAME  # editable install: the repository's


def bundled_rates() -> Rates:
    """The ECB snapshot: its figures are kept as published (units per euro, `per_eur`), and
    KRW per unit is derived from them here, unrounded."""
    document = json.loads(snapshot_path().read_text(encoding="utf-8"))
    published = {code: Decimal(str(value)) for code, value in document["per_eur"].items()}
    return Rates(
        krw_per_unit=krw_per_unit(document["base"], document["per_eur"]),
        source=document["source"],
        as_of=dt.date.fromisoformat(document["as_of"]),
        kind="bundled",
        published=published if document["base"] == "EUR" else {},
    )


@dataclass(frozen=True)
class Publisher:
    """Who published the bundled snapshot, as a source is listed: its title, address, date
    and what it says of itself (the snapshot file is their one owner)."""

    source: str  # the short name every output shows: "ECB"
    title: str
    url: str | None
    as_of: dt.date
    note: str | None


def snapshot_publisher() -> Publisher:
    """The source of the bundled rates."""
    document = json.loads(snapshot_path().read_text(encoding="utf-8"))
    return Publisher(
        source=document["source"],
        title=document.get("title") or document["source"],
        url=document.get("url"),
        as_of=dt.date.fromisoformat(document["as_of"]),
        note=document.get("description"),
    )


def krw_per_unit(base: str, published: Mapping[str, Any]) -> dict[str, Decimal]:
    """KRW per unit of each currency of rates published per unit of `base`."""
    per_base = {code: Decimal(str(value)) for code, value in published.items()}
    krw_per_base = Decimal(1) if base == PIVOT else per_base[PIVOT]
    rates = {code: derive(krw_per_base, value) for code, value in per_base.items()}
    rates[base] = krw_per_base
    rates[PIVOT] = Decimal(1)
    return rates


def parse_override(text: str, known: list[str]) -> tuple[str, Decimal]:
    """'USD=1400' -> ('USD', Decimal('1400')): KRW per unit of a known currency."""
    code, sep, value = text.partition("=")
    code = code.strip().upper()
    if not sep or not code or not value.strip():
        raise RatesError(f"--rate {text!r}: expected CODE=KRW_PER_UNIT, for example USD=1400")
    if code == PIVOT:
        raise RatesError("--rate: KRW is the base currency; its rate is always 1")
    if code not in known:
        raise RatesError(f"--rate {text!r}: unknown currency {code!r}")
    try:
        rate = Decimal(value.strip().replace(",", ""))
    except InvalidOperation:
        raise RatesError(f"--rate {text!r}: {value.strip()!r} is not a number") from None
    if not rate.is_finite() or rate <= 0:
        raise RatesError(f"--rate {text!r}: the rate must be a positive number of KRW per {code}")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise RatesError(
            f"--rate {text!r}: a rate must lie between {MIN_RATE} and {MAX_RATE:,} KRW per unit"
        )
    return code, rate


def check_rate(code: str, value: object) -> Decimal:
    """A KRW-per-unit rate that can be used, or RatesError saying why not."""
    try:
        rate = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except ArithmeticError:
        raise RatesError(f"{code}: {value!r} is not a number") from None
    if isinstance(value, bool) or not rate.is_finite():
        raise RatesError(f"{code}: {value!r} is not a number")
    if rate <= 0:
        raise RatesError(f"{code}: {value!r} is not a positive rate")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise RatesError(
            f"{code}: {_shown(value)} KRW per unit is outside {MIN_RATE} to {MAX_RATE:,}"
        )
    return rate


def _shown(value: object) -> str:
    """A rate as a message quotes it: text as it was written ('0'), a number worked out here as
    a person reads it (15,000,000 or 134,264,232.0086, not Decimal('1.500E+7'); 4 decimal places,
    as the rates table shows them), an absurd exponent kept short."""
    if not isinstance(value, Decimal):
        return repr(value)
    if value.is_finite() and 0 <= value.adjusted() < 30:
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    if value.is_finite() and -30 < value.adjusted() < 0:
        return f"{value:.6g}"
    return str(value)
