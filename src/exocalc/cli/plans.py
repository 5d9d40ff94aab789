"""A trip plan from option values: the command line of `quote`, or one row of `batch`.

Both speak the same names (quote's options: treatment, tier, clinic, price, sessions,
travellers, origin, nights, hotel, flight, currency, date, vat_refund, addon, booking,
contingency), so that a spreadsheet's header is the command line a user already knows.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any, cast

from exocalc.cli.common import UsageError, currency_code, parse_amount, parse_count, parse_date
from exocalc.dataset import Dataset
from exocalc.pricing import Plan, PricedQuote, VatMode, build_quote
from exocalc.rates import Rates

FIELDS = (
    "treatment", "tier", "clinic", "price", "sessions", "travellers", "origin", "nights",
    "hotel", "flight", "currency", "date", "vat_refund", "addon", "booking", "contingency",
    "home_price",
)  # fmt: skip
# Spellings a spreadsheet or a script may use for the same field.
ALIASES = {"vat-refund": "vat_refund", "addons": "addon", "traveller": "travellers"}
VAT_MODES = ("auto", "yes", "no")


@functools.cache  # a few distinct names, seen once a row
def canonical(name: str) -> str:
    key = name.strip().lower()
    return ALIASES.get(key, key.replace("-", "_"))


def plan_from_values(
    values: Mapping[str, Any], today: dt.date, prefix: str = ""
) -> tuple[Plan, str | None]:
    """The plan and the requested currency (None: the origin's). Raises UsageError or
    PlanError naming the bad value; `prefix` "--" names options as the command line does."""

    def name(field: str) -> str:
        return prefix + (field.replace("_", "-") if prefix else field)

    def text(field: str) -> str | None:
        value = values.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise UsageError(f"{name(field)} {value!r} is not a single value")
        return str(value).strip()

    vat = (text("vat_refund") or "auto").lower()
    if vat not in VAT_MODES:
        raise UsageError(f"{name('vat_refund')} {vat!r} must be one of: {', '.join(VAT_MODES)}")
    date = text("date")
    travellers = parse_count(name("travellers"), text("travellers"))
    plan = Plan(
        date=parse_date(date, name("date")) if date else today,
        treatment=text("treatment") or "skin",
        tier=text("tier"),
        clinic=text("clinic"),
        price_krw=parse_amount(name("price"), text("price")),
        sessions=parse_count(name("sessions"), text("sessions")),
        travellers=1 if travellers is None else travellers,
        origin=text("origin"),
        nights=parse_count(name("nights"), text("nights")),
        hotel=text("hotel"),
        flight=parse_amount(name("flight"), text("flight")),
        vat_refund=cast(VatMode, vat),
        addons=_addons(values.get("addon")),
        booking=text("booking"),
        contingency_pct=parse_amount(name("contingency"), text("contingency")),
        home_price=parse_amount(name("home_price"), text("home_price")),
        home_currency=(text("currency") or "").upper() or None,
    )
    return plan, text("currency")


def _addons(value: Any) -> tuple[str, ...]:
    """A list (JSON), or one cell with names separated by ';', ',' or spaces (CSV)."""
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        items = list(value)
    else:
        items = str(value).replace(";", " ").replace(",", " ").split()
    if not all(isinstance(item, str) for item in items):
        shown = list(value) if isinstance(value, tuple) else value
        raise UsageError(f"addon: {shown!r} must be names of add-ons")
    return tuple(item.strip() for item in items if item.strip())


def price(plan: Plan, currency: str | None, data: Dataset, rates: Rates) -> PricedQuote:
    """Quote the plan and round it into the asked currency (default: the origin's)."""
    quote = build_quote(plan, data, rates)
    default = data.trip.origins[quote.plan.origin].fare.currency
    return quote.in_currency(currency_code(currency, rates, default))
