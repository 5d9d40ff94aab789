"""Is this quote fair? Where a price a clinic quoted stands against the data's ranges: its own
(the clinic's, or its tier's), and which tiers' ranges hold it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from exocalc.data.model import Dataset, PriceRange
from exocalc.money import PIVOT_CURRENCY, round_to_minor
from exocalc.pricing.model import Money, Note, PriceCheck
from exocalc.rates import Rates
from exocalc.request import default_tier
from exocalc.request.values import Amount

Parts = tuple[str | Money, ...]


def _won(amount: Decimal) -> Money:
    return Money(PIVOT_CURRENCY, amount)


def check_price(
    price_krw: Decimal,
    data: Dataset,
    treatment: str,
    clinic: str | None = None,
    tier: str | None = None,
) -> PriceCheck:
    """Against the clinic's own range (or its tier's), else the tier's; with neither, the
    tiers' ranges alone."""
    tiers = tuple(t for t, x in data.tiers.items() if _holds(x.prices[treatment], price_krw))
    reference: tuple[str, PriceRange, str | None] | None = None
    if clinic is not None:
        c = data.clinics[clinic]
        own = c.prices.get(treatment)
        if own is not None:
            reference = (f"{c.name}'s own range", own, None)
        elif c.tier is not None:
            tier_price = data.tiers[c.tier].prices[treatment]
            reference = (f"{c.name}'s range (its {c.tier} tier's)", tier_price, c.tier)
        else:
            tier = default_tier(data)
            reference = (f"{c.name}'s range (the {tier} tier's: its own is not known)",
                         data.tiers[tier].prices[treatment], tier)  # fmt: skip
    elif tier is not None:
        reference = (f"the {tier} tier's range", data.tiers[tier].prices[treatment], tier)
    if reference is None:
        return _against_tiers(price_krw, data, treatment, tiers)
    against, price, own_tier = reference
    others = tuple(t for t in tiers if t != own_tier)
    return _against(price_krw, against, price.low, price.high, tiers, treatment, others)


def _holds(price: PriceRange, amount: Decimal) -> bool:
    return price.low <= amount <= price.high


def _against(
    amount: Decimal, against: str, low: Decimal, high: Decimal, tiers: tuple[str, ...],
    treatment: str, others: tuple[str, ...] | None = None,
) -> PriceCheck:  # fmt: skip
    """`others`: the tiers worth naming besides the range compared with (all, by default)."""
    if amount < low:
        position, by, end = "below", low - amount, low
    elif amount > high:
        position, by, end = "above", amount - high, high
    else:
        position, by, end = "within", Decimal(0), high
    pct = (by / end * 100).quantize(Decimal("0.1"), ROUND_HALF_UP) if end else Decimal(0)
    where: Parts = (f"{against}, ", Money(PIVOT_CURRENCY, low, high))
    parts: Parts
    if position == "within":
        parts = (_won(amount), f" a {treatment} session is within ", *where)
        named = tiers if others is None else others
        if named:
            parts += (f"; {_tiers_text(named, also=others is not None)}",)
    else:
        parts = (_won(amount), f" a {treatment} session is {position} ", *where, ", by ",
                 _won(by), f" ({pct} %); {_tiers_text(tiers)}")  # fmt: skip
    note = Note("price_check", parts)
    return PriceCheck(amount, against, low, high, position, by, pct, tiers, note)


def _against_tiers(
    amount: Decimal, data: Dataset, treatment: str, tiers: tuple[str, ...]
) -> PriceCheck:
    prices = [x.prices[treatment] for x in data.tiers.values()]
    low, high = min(p.low for p in prices), max(p.high for p in prices)
    check = _against(amount, "every tier's range", low, high, tiers, treatment)
    if check.position == "within":
        text = f" a {treatment} session: {_tiers_text(tiers)}"
        if not tiers:
            text += " (it falls between them)"
        note = Note("price_check", (_won(amount), text))
        return PriceCheck(amount, check.against, low, high, "within", Decimal(0), Decimal(0),
                          tiers, note)  # fmt: skip
    return check


def _tiers_text(tiers: tuple[str, ...], also: bool = False) -> str:
    if not tiers:
        return "no tier's range holds it"
    names = [f"the {t} tier's" for t in tiers]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"it {'also ' if also else ''}falls in {listed} range" + ("s" if len(names) > 1 else "")


def check_given(
    amount: Amount,
    data: Dataset,
    rates: Rates,
    treatment: str,
    clinic: str | None = None,
    tier: str | None = None,
) -> PriceCheck:
    """`exocalc check-price`: a price as given (KRW, or with its currency), converted to
    whole won at the rates in use, then checked."""
    currency = amount.currency or PIVOT_CURRENCY
    won = round_to_minor(rates.convert(amount.value, currency, PIVOT_CURRENCY), PIVOT_CURRENCY)
    return check_price(won, data, treatment, clinic, tier)
