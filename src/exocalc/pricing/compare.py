"""`compare`'s rows: each Seoul tier or named clinic priced as the whole trip the user asked
for (the very quote `exocalc quote` gives for it), beside the other regions' prices."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from exocalc.data.model import Dataset, PriceRange
from exocalc.errors import pick
from exocalc.money import Range3, round_to_minor
from exocalc.pricing.model import Quote
from exocalc.pricing.quote import build_quote
from exocalc.rates import Rates
from exocalc.request import Request, default_tier, resolve


@dataclass(frozen=True)
class Destination:
    """One row: a kind of Seoul clinic, a named clinic, or a region elsewhere."""

    id: str
    name: str
    kind: Literal["seoul_tier", "seoul_clinic", "region"]
    per_session: PriceRange
    per_session_shown: Range3  # rounded, in the output currency
    wait: str
    product: str
    delivery: str
    tourist_ease: str
    source: str
    quote: Quote | None = None  # the whole trip, for Seoul rows
    is_home: bool = False


@dataclass(frozen=True)
class Comparison:
    destinations: tuple[Destination, ...]
    base: Quote  # the default tier's quote (else the first row's): inputs, VAT, notes


def compare(
    request: Request,
    tiers: Sequence[str],
    clinics: Sequence[str],
    data: Dataset,
    rates: Rates,
    today: dt.date,
) -> Comparison:
    """The tiers and clinics asked for (every tier when neither is), each priced as the trip
    of `request`, then the regions the data compares them with."""
    picked = [pick("tier", t, data.tiers, "tier")[0] for t in tiers]
    if not tiers and not clinics:
        picked = list(data.tiers)
    named = [pick("clinic", c, data.clinics, "clinic")[0] for c in clinics]
    seoul = data.regions.get("seoul")
    rows: list[Destination] = []
    currencies = rates.currencies
    for tier_id in dict.fromkeys(picked):
        asked = dataclasses.replace(request, tier=tier_id, clinic=None, price=None)
        q = build_quote(resolve(asked, data, currencies, today), data, rates, today)
        rows.append(_seoul_row(f"seoul_{tier_id}", f"Seoul {tier_id}", "seoul_tier", q, seoul))
    for clinic_id in dict.fromkeys(named):
        asked = dataclasses.replace(request, tier=None, clinic=clinic_id, price=None)
        q = build_quote(resolve(asked, data, currencies, today), data, rates, today)
        name = data.clinics[clinic_id].name
        rows.append(_seoul_row(clinic_id, name, "seoul_clinic", q, seoul))
    quotes = {row.id: row.quote for row in rows if row.quote is not None}
    base = quotes.get(f"seoul_{default_tier(data)}") or next(iter(quotes.values()))
    rows += _region_rows(data, rates, base)
    return Comparison(tuple(rows), base)


def _seoul_row(
    row_id: str, name: str, kind: Literal["seoul_tier", "seoul_clinic"], q: Quote, seoul: object
) -> Destination:
    return Destination(
        id=row_id,
        name=name,
        kind=kind,
        per_session=q.price_per_session,
        per_session_shown=shown_per_session(q.price_per_session, q.rates, q.currency),
        wait=getattr(seoul, "wait", ""),
        product=getattr(seoul, "product", ""),
        delivery=getattr(seoul, "delivery", ""),
        tourist_ease=getattr(seoul, "tourist_ease", ""),
        source=q.price_per_session.source,
        quote=q,
    )


def _region_rows(data: Dataset, rates: Rates, base: Quote) -> list[Destination]:
    currency = base.currency
    home = base.home
    rows = []
    for region_id, region in data.regions.items():
        if region_id == "seoul":
            continue
        price = region.price_per_session
        rows.append(
            Destination(
                region_id, region.name, "region", price,
                shown_per_session(price, rates, currency), region.wait, region.product,
                region.delivery, region.tourist_ease, region.source,
                is_home=home is not None and region_id == home.region,
            )
        )  # fmt: skip
    if home is not None and home.region == "your_price":
        price = home.per_session
        rows.append(
            Destination(
                "home", "Home (your price)", "region", price,
                shown_per_session(price, rates, currency), "", "", "", "", "your_home_price",
                is_home=True,
            )
        )  # fmt: skip
    return rows


def shown_per_session(p: PriceRange, rates: Rates, currency: str) -> Range3:
    """A per-session price range rounded into the output currency."""
    return p.range3().map(
        lambda v: round_to_minor(rates.convert(v, p.currency, currency), currency)
    )
