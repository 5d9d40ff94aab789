"""What the dataset's types cannot see on their own, checked on the raw document so that each
finding names the path of the field that holds it: ids that name nothing, currencies without a
rate, dates to come (problems: the data cannot be used); figures with no source and sources
nothing cites (warnings: the data works, but does not say where a figure comes from)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterator
from decimal import Decimal
from typing import Any

Finding = tuple[tuple[Any, ...], str]
MAX_LISTED = 20  # known ids a message names
# Numbers that are the file's own, not figures of the world.
NOT_FIGURES = {("schema_version",)}


class _Known:
    """The ids each kind of reference may name."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.ids = {
            "source": section(doc, "sources"),
            "treatment": section(doc, "treatments"),
            "tier": section(doc, "tiers"),
            "region": section(doc, "regions"),
            "booking channel": section(doc, "booking_channels"),
            "hotel": section(doc, "trip", "hotels"),
            "origin": section(doc, "trip", "origins"),
        }

    @functools.cache  # noqa: B019 (one _Known a check, dropped after it)
    def listed(self, kind: str) -> str:
        """The ids of a kind, in order, the first MAX_LISTED named and the rest counted: an
        overlay of 5,000 sources would otherwise make each unknown id's message 50 KB."""
        ids = sorted(map(str, self.ids[kind]))
        listed = ", ".join(ids[:MAX_LISTED]) or "none"
        more = len(ids) - MAX_LISTED
        return f"{listed} and {more:,} more" if more > 0 else listed

    def ref(self, loc: tuple[Any, ...], value: Any, kind: str) -> Iterator[Finding]:
        if isinstance(value, str) and value not in self.ids[kind]:
            yield loc, f"unknown {kind} {value!r} (known: {self.listed(kind)})"

    def refs(self, loc: tuple[Any, ...], values: Any, kind: str) -> Iterator[Finding]:
        if isinstance(values, list):
            for i, value in enumerate(values):
                yield from self.ref((*loc, i), value, kind)


def section(doc: Any, *keys: str) -> dict[str, Any]:
    node: Any = doc
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def reference_problems(
    doc: dict[str, Any], currencies: Collection[str] | None, today: dt.date
) -> Iterator[Finding]:
    """Ids that name nothing, currencies without a rate, dates not yet come."""
    known = _Known(doc)
    yield from _everywhere(known, currencies, today)
    yield from _tiers(known)
    yield from _clinics(known)
    for addon_id, addon in section(doc, "addons").items():
        price = addon.get("price") if isinstance(addon, dict) else None
        if isinstance(price, dict) and price.get("currency") not in (None, "KRW"):
            loc = ("addons", addon_id, "price", "currency")
            yield loc, "add-ons are paid at the clinic, in KRW"
    trip = section(doc, "trip")
    yield from known.ref(("trip", "default_hotel"), trip.get("default_hotel"), "hotel")
    yield from known.ref(("trip", "default_origin"), trip.get("default_origin"), "origin")
    for origin_id, origin in section(doc, "trip", "origins").items():
        if isinstance(origin, dict) and origin.get("home_region") is not None:
            loc = ("trip", "origins", origin_id, "home_region")
            yield from known.ref(loc, origin.get("home_region"), "region")


def _everywhere(
    known: _Known, currencies: Collection[str] | None, today: dt.date
) -> Iterator[Finding]:
    """In every mapping: its sources, its currency, its as-of date."""
    for loc, node in walk(known.doc, ()):
        if not isinstance(node, dict):
            continue
        if loc[:1] != ("sources",):  # the list of sources cites none
            for key, value in node.items():
                if _cites_one(key):
                    yield from known.ref((*loc, key), value, "source")
            yield from known.refs((*loc, "sources"), node.get("sources"), "source")
        currency = node.get("currency")
        code = currency if isinstance(currency, str) and len(currency) == 3 else None
        if code and code.isupper() and currencies is not None and code not in currencies:
            yield (*loc, "currency"), f"unknown currency {code!r}: exocalc has no rate for it"
        as_of = node.get("as_of")
        if isinstance(as_of, dt.datetime):  # a timestamp: its type check says so
            continue
        if isinstance(as_of, dt.date) and as_of > today:
            yield (*loc, "as_of"), f"{as_of.isoformat()} is in the future (today is {today})"


def _tiers(known: _Known) -> Iterator[Finding]:
    for tier_id, tier in known.ids["tier"].items():
        prices = tier.get("prices") if isinstance(tier, dict) else None
        if not isinstance(prices, dict):
            continue
        for treatment in known.ids["treatment"]:
            if treatment not in prices:
                yield ("tiers", tier_id, "prices"), f"no price for treatment {treatment!r}"
        for treatment, price in prices.items():
            yield from known.ref(("tiers", tier_id, "prices", treatment), treatment, "treatment")
            if isinstance(price, dict) and price.get("currency") not in (None, "KRW"):
                loc = ("tiers", tier_id, "prices", treatment, "currency")
                yield loc, "Seoul prices are kept in KRW"


def _clinics(known: _Known) -> Iterator[Finding]:
    tiers = known.ids["tier"]
    for clinic_id, clinic in section(known.doc, "clinics").items():
        if not isinstance(clinic, dict):
            continue
        at = ("clinics", clinic_id)
        if clinic.get("tier") is not None:
            yield from known.ref((*at, "tier"), clinic.get("tier"), "tier")
        elif tiers and "standard" not in tiers and not _own_prices(clinic):
            # A clinic of unknown tier is priced at the standard tier's price.
            yield (*at, "tier"), "no tier given, and no 'standard' tier to price it by"
        yield from known.refs((*at, "treatments"), clinic.get("treatments"), "treatment")
        yield from known.refs((*at, "booking"), clinic.get("booking"), "booking channel")
        for treatment in clinic.get("prices") or {}:
            yield from known.ref((*at, "prices", treatment), treatment, "treatment")


def _own_prices(clinic: dict[str, Any]) -> bool:
    """Whether a clinic prices every treatment it offers itself."""
    prices = clinic.get("prices") or {}
    treatments = clinic.get("treatments") or []
    return isinstance(prices, dict) and all(t in prices for t in treatments)


def _cites_one(key: Any) -> bool:
    """`source`, or a field's own source such as `operator_fee_source`."""
    return isinstance(key, str) and (key == "source" or key.endswith("_source"))


def source_warnings(doc: dict[str, Any]) -> Iterator[Finding]:
    """Figures with no source, in their own mapping or one around them; sources that no
    figure cites."""
    yield from _unsourced(doc, (), False)
    cited: set[Any] = set()
    for loc, node in walk(doc, ()):
        if isinstance(node, dict) and loc[:1] != ("sources",):
            cited.update(v for k, v in node.items() if _cites_one(k))
            listed = node.get("sources")
            if isinstance(listed, list):
                cited.update(v for v in listed if isinstance(v, str))
    for source_id in section(doc, "sources"):
        if source_id not in cited:
            message = "cited by no figure: cite it where it is used, or remove it"
            yield ("sources", source_id, "<key>"), message


def _unsourced(node: Any, loc: tuple[Any, ...], sourced: bool) -> Iterator[Finding]:
    if isinstance(node, dict):
        # (The document's own `sources` is the list of sources, not a citation.)
        sourced = sourced or (loc != () and ("source" in node or "sources" in node))
        for key, value in node.items():
            yield from _unsourced(value, (*loc, key), sourced or f"{key}_source" in node)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _unsourced(value, (*loc, i), sourced)
    elif _is_figure(node) and not sourced and loc not in NOT_FIGURES:
        yield loc, "a figure with no source: give it, or the mapping it is in, a `source`"


def _is_figure(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def walk(node: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield loc, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, (*loc, i))
