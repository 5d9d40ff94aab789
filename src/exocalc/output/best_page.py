"""`exocalc best --export FILE.html`: the search as a page for a client, in the style of the
quote's page (output/page.py owns the styles, the document and its helpers): the search (the
party, the origin, what was searched, the limits), the options ranked (their totals low, typical
and high, a person's share, the points beside the total, what sets each apart from the first),
what moves the total (a table with bars), the notes, and the dates of the prices and rates.
Every text from the data or the command line is escaped; every amount is kept whole."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from exocalc.output.best_words import (
    CHOICE_NAMES,
    LIMIT_OPTIONS,
    apart,
    channel_text,
    choice_text,
    nights_text,
    trips_text,
    value_text,
)
from exocalc.output.page import amount, cell, document, e, holds, safety, table
from exocalc.output.programme import party_words, treated_words
from exocalc.pricing.options import Best, Move, Shift, Shown
from exocalc.words import times

# The totals in one cell, typical first, then low and high: seven amounts abreast do not fit a
# page's width in a currency of long amounts (IDR 198,498,402.05).
HEAD = ("Option", "Days away", "Total", "Each", "Points", "Against the first")


def best_page(b: Best, today: dt.date, notes: list[str]) -> str:
    """The page, as text; `notes`: what the options' quotes warn of (output/best.py's)."""
    p, first = b.base, b.shown[0]
    title = f"The best trips: exosome {treated_words(p)} in Seoul from {_origin(b)}"
    made = f"Made <span class='date'>{today.isoformat()}</span>"
    body = [
        f"<header><h1>{e(title)}</h1><p class='sub'>{made}; {holds(first.quote, b.data, today)}</p>"
        "</header>",
        _summary(b),
        _search(b),
        _options(b),
        _moves(b),
        "".join(f"<li>{e(n)}</li>" for n in notes).join(
            ("<section><h2>What to know</h2><ul>", "</ul></section>")
        )
        if notes
        else "",
        safety(b.data),
        "<footer><p>Amounts are low, typical and high: every price at its low end (every "
        "discount at its largest), typical, and high. Cashback points are beside the total, "
        "never subtracted from it. Each option's total is what <code>exocalc quote</code> gives "
        "with its choices; the same figures: <code>exocalc best --format json</code>.</p>"
        "</footer>",
    ]
    return document(title, body)


def _origin(b: Best) -> str:
    origin = b.base.origin
    entry = b.data.trip.origins.get(origin)
    return entry.name if entry is not None else str(origin).replace("_", " ").title()


def _stay(b: Best, s: Shown) -> str:
    o = s.option
    way = f", {trips_text(o.trips)}" if o.trips > 1 else ""
    return (
        f"{o.hotel} hotel, {nights_text(o.nights)}{' a trip' if o.trips > 1 else ''}{way}, "
        f"{channel_text(b.data, o.booking)}"
    )


def _summary(b: Best) -> str:
    s = b.shown[0]
    q, cur = s.quote, b.currency
    who = choice_text(b.data, s.option.choice).removeprefix("the ")
    parts = [
        f"<p>The best: <strong>{e(who)}</strong>, {e(_stay(b, s))}.</p>",
        f"<p>All in: <span class='big'>{amount(q.total.typical, cur)}</span> typical, from "
        f"{amount(q.total.low, cur)} to {amount(q.total.high, cur)}.</p>",
    ]
    for a in q.also:
        parts.append(
            f"<p>In {e(a.currency)}: {amount(a.total.typical, a.currency)} typical, from "
            f"{amount(a.total.low, a.currency)} to {amount(a.total.high, a.currency)}.</p>"
        )
    return f"<section class='box'>{''.join(parts)}</section>"


def _search(b: Best) -> str:
    p, s, lim = b.base, b.search, b.limits
    # A party of one treatment: its sessions each; of several: each its own programme.
    each = f", {times(p.sessions, 'session')} each" if p.sessions is not None else ""
    who = [choice_text(b.data, c).removeprefix("the ") for c in s.choices]
    nights = f"{s.nights[0]} to {s.nights[-1]}" if len(s.nights) > 1 else str(s.nights[0])
    searched = [
        ("Tiers and clinics", ", ".join(who)),
        ("Hotels", ", ".join(s.hotels)),
        ("Booking", ", ".join(channel_text(b.data, c) for c in s.bookings)),
        ("Nights a trip", nights),
        ("Trips", ", ".join(map(str, s.trips)) if s.trips else "every way that fits"),
    ]
    limits = []
    if lim.budget is not None:
        money = amount(lim.budget.amount, lim.budget.currency)
        limits.append(f"{e(LIMIT_OPTIONS['budget'])} {money}, kept against the "
                      f"{e(lim.budget.at)} total")  # fmt: skip
    for name in ("max_trips", "max_days_away", "min_tier"):
        if getattr(lim, name) is not None:
            limits.append(e(f"{LIMIT_OPTIONS[name]} {getattr(lim, name)}"))
    cut = ", ".join(f"{LIMIT_OPTIONS[n]} leaves out {count:,}" for n, count in b.cut.items())
    facts = [
        ("Who", e(party_words(p))),
        ("Treatment", e(f"exosome {treated_words(p)}{each}, from {p.date.isoformat()}")),
        ("From", e(f"{_origin(b)}; amounts in {b.currency}")),
        *((k, e(v)) for k, v in searched),
        ("Limits", "; ".join(limits) or "none"),
        ("Ranked by", e(b.by.replace("-", " ") + (" total" if b.by in SCENARIO_BYS else ""))),
        ("Fit", e(f"{b.fitting:,} of {b.combinations:,} combinations"
                  + (f" ({cut})" if cut else "") + f"; {len(b.options):,} options")),
    ]  # fmt: skip
    items = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in facts)
    return f"<section><h2>The search</h2><dl class='facts'>{items}</dl></section>"


SCENARIO_BYS = ("low", "typical", "high")


def _options(b: Best) -> str:
    cur, first = b.currency, b.shown[0]
    rows = []
    for n, s in enumerate(b.shown, start=1):
        o, q = s.option, s.quote
        who = e(f"{n}. {choice_text(b.data, o.choice).removeprefix('the ')}")
        label = f"{who}<br><span class='est'>{e(_stay(b, s))}</span>"
        lines = [
            f"<strong>{amount(q.total.typical, cur)}</strong> typical",
            f"{amount(q.total.low, cur)} low",
            f"{amount(q.total.high, cur)} high",
            *(f"{amount(a.total.typical, a.currency)} typical" for a in q.also),
        ]
        total = "<br>".join(f"<span class='nowrap'>{line}</span>" for line in lines)
        each = amount(q.per_person.typical, cur) if q.per_person is not None else "&#8212;"
        if s is first:
            against = "the first"
        else:
            change = q.total.typical - first.quote.total.typical
            words = ", ".join(value_text(b.data, d, v) for d, v, _ in apart(first.option, o))
            against = f"{_signed(change, cur)}: {e(words)}"
        cells = [
            cell(HEAD[1], e(f"{o.days_away} ({trips_text(o.way.long_haul)})")),
            cell(HEAD[2], total),
            cell(HEAD[3], each),
            cell(HEAD[4], amount(q.cashback.typical, cur)),
            cell(HEAD[5], against, "text"),
        ]
        rows.append(f"<tr><td class='label'>{label}</td>{''.join(cells)}</tr>")
    more = len(b.options) - len(b.shown)
    shown = f"The first {len(b.shown):,} of {len(b.options):,} options. " if more else ""
    also = "".join(f" Under the total: its typical in {e(c)}." for c in b.base.also_currency)
    words = (
        "Each: a traveller's share of the typical total. Points: cashback points at the typical "
        "total, beside it, never subtracted from it. A booking channel changes only the points: "
        "each trip is listed with the channel that gives it the most."
    )
    head = table(HEAD, rows, 0, HEAD[2:5])
    return f"<section><h2>The options, in {e(cur)}</h2>{head}<p>{shown}{words}{also}</p></section>"


def _signed(change: Decimal, cur: str) -> str:
    return ("+" if change >= 0 else "") + amount(change, cur)


def _moves(b: Best) -> str:
    if not b.moves:
        return ""
    cur = b.currency
    head = ("Choice", "The first's", "Cheapest", "Dearest", "Moves by")
    widest = max((max(-m.cheapest.change, m.dearest.change) for m in b.moves), default=0)
    left = any(m.cheapest.change < 0 for m in b.moves)
    rows = []
    for m in b.moves:
        first = e(value_text(b.data, m.dimension, m.best))
        if m.values < 2:
            cheapest, dearest = ("the only one" if m.values else ""), ""
        elif m.dimension == "booking":
            cheapest = dearest = "any (points only)"
        else:
            cheapest, dearest = _shift(b, m, m.cheapest), _shift(b, m, m.dearest)
        span = amount(m.span, cur) + _bars(m, widest, left)
        cells = [
            cell(head[1], first, "text"),
            cell(head[2], cheapest, "text"),
            cell(head[3], dearest, "text"),
            cell(head[4], span),
        ]
        rows.append(
            f"<tr><td class='label'>{e(CHOICE_NAMES[m.dimension])}</td>{''.join(cells)}</tr>"
        )
    total = amount(b.shown[0].quote.total.typical, cur)
    return (
        f"<section><h2>What moves the total</h2><p>Each choice alone, from the first's {total} "
        f"typical, over every value searched (the limits aside).</p>{table(head, rows, 1)}"
        "</section>"
    )


def _shift(b: Best, m: Move, shift: Shift) -> str:
    text = e(value_text(b.data, m.dimension, shift.value))
    return f"{text}<br>{_signed(shift.change, b.currency)}"


def _bars(m: Move, widest: Decimal | int, left: bool) -> str:
    """The tornado's bar: cheaper to the left of the first's total, dearer to its right."""

    def width(change: Decimal) -> str:
        share = abs(change) / widest * 100 if widest else 0
        return f"{share:.1f}%"

    less = (
        f"<span class='less'><i style='width:{width(m.cheapest.change)}'></i></span>"
        if left
        else ""
    )
    return (
        f"<span class='bars' aria-hidden='true'>{less}<span class='more'>"
        f"<i style='width:{width(m.dearest.change)}'></i></span></span>"
    )
