"""`exocalc best` in words: its choices, limits and options as people read them, and the one
line that says why nothing fits."""

from __future__ import annotations

from typing import Any

from exocalc.data.model import Dataset
from exocalc.output.fmt import Display, money_text
from exocalc.pricing.options import Choice, NothingFits, Option

CHOICE_NAMES = {
    "clinic": "tier or clinic",
    "hotel": "hotel",
    "nights": "nights",
    "trips": "way",
    "booking": "booking channel",
}
# The limits as the command line names them.
LIMIT_OPTIONS = {
    "budget": "--budget",
    "max_trips": "--max-trips",
    "max_days_away": "--max-days-away",
    "min_tier": "--min-tier",
}


def choice_text(data: Dataset, choice: Choice) -> str:
    """'the factory tier', 'Xenia (factory)', 'Gangnam Yann Skin Clinic (tier unknown)'."""
    if choice.clinic is None:
        return f"the {choice.tier} tier"
    clinic = data.clinics[choice.clinic]
    return f"{clinic.name} ({clinic.tier or 'tier unknown'})"


def channel_text(data: Dataset, booking: str | None) -> str:
    return data.booking_channels[booking].name if booking else "no channel"


def trips_text(n: int) -> str:
    return f"{n} trip{'s' if n != 1 else ''}"


def nights_text(n: int) -> str:
    return f"{n} night{'s' if n != 1 else ''}"


def value_text(data: Dataset, dimension: str, value: Any) -> str:
    """A searched choice's value, for people."""
    if dimension == "clinic":
        choice = Choice(value, None) if value in data.tiers else Choice(None, value)
        return choice_text(data, choice)
    if dimension == "hotel":
        return f"{value} hotel"
    if dimension == "nights":
        return nights_text(value)
    if dimension == "trips":
        return trips_text(value)
    return channel_text(data, value)


def trip_text(data: Dataset, o: Option) -> str:
    """An option in words: who treats, the hotel, the nights, the way and the channel."""
    way = f", {trips_text(o.trips)}" if o.trips > 1 else ""
    return (
        f"{choice_text(data, o.choice)}, {o.hotel} hotel, {nights_text(o.nights)} a trip{way}, "
        f"booked {'via ' + channel_text(data, o.booking) if o.booking else 'directly'}"
    )


def apart(first: Option, o: Option) -> list[tuple[str, Any, Any]]:
    """The choices in which `o` differs from the first option: (choice, its value, the
    first's)."""
    found = []
    for dimension in CHOICE_NAMES:
        mine, theirs = o.value(dimension), first.value(dimension)
        if mine != theirs:
            found.append((dimension, mine, theirs))
    return found


def nothing_fits_text(e: NothingFits, data: Dataset, display: Display) -> str:
    """One line: the limits that cut deepest, and the cheapest trip without them, with how far
    it is over each."""
    s, lim = e.cheapest, e.limits
    q, o = s.quote, s.option
    cur = q.currency
    given = []
    for name in e.without:
        if name == "budget" and lim.budget is not None:
            budget = lim.budget
            amount = f"{budget.amount:f}{budget.currency}"
            given.append(f"--budget {amount} (kept against the {budget.at} total)")
        else:
            given.append(f"{LIMIT_OPTIONS[name]} {getattr(lim, name)}")
    it = "it" if len(e.without) == 1 else "them"
    facts = []
    for name in e.without:
        if name == "budget" and lim.budget is not None:
            budget = lim.budget
            at = ("low", "typical", "high").index(budget.at)
            total = q.total[at]
            limit = budget.amount
            if budget.currency != cur:
                limit = limit * q.rates.krw_per(budget.currency) / q.rates.krw_per(cur)
            over = money_text(total - limit, cur, display)
            if budget.currency != cur:  # the overage in the budget's own currency too
                mine = total * q.rates.krw_per(cur) / q.rates.krw_per(budget.currency)
                over += f" ({money_text(mine - budget.amount, budget.currency, display)})"
            facts.append(
                f"costs {money_text(total, cur, display)} ({budget.at}), {over} over the budget"
            )
        elif name == "max_trips":
            facts.append(f"takes {trips_text(o.trips)}")
        elif name == "max_days_away":
            facts.append(f"is {o.days_away} days away")
        elif name == "min_tier":
            tier = o.choice.tier or data.clinics[o.choice.clinic or ""].tier
            facts.append(f"is at a {tier or 'tier unknown'} clinic")
    if "budget" not in e.without:
        facts.append(f"costs {money_text(q.total.typical, cur, display)} (typical)")
    return (
        f"nothing fits {' and '.join(given)}: the cheapest trip without {it}, "
        f"{trip_text(data, o)}, {' and '.join(facts)}"
    )
