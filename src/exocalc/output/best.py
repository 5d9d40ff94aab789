"""`exocalc best` output: the options as a table, JSON, JSON Lines, CSV; what moves the total
as a table and a tornado chart; and the one line that says why nothing fits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from exocalc.data.model import Dataset
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
from exocalc.output.charts import tornado_lines
from exocalc.output.common import Views, csv_provenance, note_text, provenance, write
from exocalc.output.fmt import Display, money_text, range_text
from exocalc.output.layout import Column, Row, draw_table, note, say
from exocalc.output.programme import party_words, treated_words
from exocalc.pricing.model import Quote
from exocalc.pricing.options import Best, Choice, Move, Shown

if TYPE_CHECKING:
    from rich.console import Console

    from exocalc.output import shapes

# What each searched choice is called, in tables and in JSON (`moves[].choice`, `apart`).
# --- JSON ------------------------------------------------------------------------------------


def option_record(b: Best, n: int, s: Shown, line: bool = False) -> Any:
    from exocalc.output import shapes
    from exocalc.output.record import also, fixed, inputs, per_person, three

    o, q = s.option, s.quote
    first = b.shown[0].option
    shape = shapes.BestOptionLine if line else shapes.BestOption
    more = {"currency": b.currency} if line else {}
    low, typical, high = q.cashback
    cashback = shapes.Cashback(
        channel=q.request.booking, rate=fixed(q.cashback_rate), low=low, typical=typical,
        high=high,
    )  # fmt: skip
    c = o.choice
    name = b.data.clinics[c.clinic].name if c.clinic else b.data.tiers[c.tier or ""].name
    return shape(
        rank=n, tier=o.choice.tier, clinic=o.choice.clinic,
        name=name,
        hotel=o.hotel, booking=o.booking, nights=o.nights, trips=o.trips, way=q.way.label,
        days_away=o.days_away, long_haul=o.way.long_haul, total=three(q.total), also=also(q),
        per_person=per_person(q), cashback_points=cashback,
        change_typical=q.total.typical - b.shown[0].quote.total.typical,
        apart=[shapes.BestApart(choice=CHOICE_NAMES[d], value=v, first=f)
               for d, v, f in apart(first, o)],
        inputs=inputs(s.request), **more,
    )  # fmt: skip


def move_record(m: Move) -> shapes.BestMove:
    from exocalc.output import shapes

    def shift(s: Any) -> shapes.BestShift:
        return shapes.BestShift(value=s.value, typical=s.typical, change=s.change)

    return shapes.BestMove(
        choice=CHOICE_NAMES[m.dimension], best=m.best, cheapest=shift(m.cheapest),
        dearest=shift(m.dearest), span=m.span, values=m.values,
    )  # fmt: skip


def best_document(b: Best, today: dt.date) -> shapes.Best:
    from exocalc.output import shapes
    from exocalc.output.common import rates_used
    from exocalc.output.record import fixed

    s, lim = b.search, b.limits
    budget = lim.budget
    first = b.shown[0].quote
    return shapes.Best(
        currency=b.currency, by=b.by,  # type: ignore[arg-type]
        search=shapes.BestSearch(
            tiers=[c.tier for c in s.choices if c.tier],
            clinics=[c.clinic for c in s.choices if c.clinic],
            hotels=list(s.hotels), bookings=list(s.bookings), nights=list(s.nights),
            trips=list(s.trips) if s.trips is not None else None,
            open=[CHOICE_NAMES[d] for d in CHOICE_NAMES if d in s.open],
        ),
        limits=shapes.BestLimits(
            budget=shapes.BestBudget(amount=fixed(budget.amount), currency=budget.currency,
                                     at=budget.at)  # type: ignore[arg-type]
            if budget else None,
            max_trips=lim.max_trips, max_days_away=lim.max_days_away, min_tier=lim.min_tier,
        ),
        combinations=b.combinations, fitting=b.fitting, left_out=dict(b.cut),
        options=[option_record(b, n, s) for n, s in enumerate(b.shown, start=1)],
        moves=[move_record(m) for m in b.moves],
        rates=rates_used(first.rates, [b.currency]),
        prices_as_of=first.prices_as_of,
        notes=_notes(b, today),
    )  # fmt: skip


def _notes(b: Best, today: dt.date) -> list[str]:
    """What the options' quotes warn of, once each, then how old the prices and rates are."""
    q = b.shown[0].quote
    return [*warning_texts(b), *provenance(q.prices_as_of, q.rates, today, currency=b.currency)]


def warning_texts(b: Best) -> list[str]:
    """The notes of the options shown that change what a total means, once each."""
    return list(dict.fromkeys(note_text(n) for s in b.shown for n in s.quote.warnings))


def shown_quotes(b: Best) -> list[Quote]:
    return [s.quote for s in b.shown]


# --- CSV -------------------------------------------------------------------------------------

CSV_HEADER = (
    "rank", "tier", "clinic", "hotel", "booking", "nights", "trips", "days_away", "long_haul",
    "currency", "total_low", "total_typical", "total_high", "per_person_typical",
    "cashback_typical", "change_typical", "apart",
)  # fmt: skip


def csv_header(b: Best) -> tuple[str, ...]:
    """The columns; then, for each --also-currency, its code and the totals in it (as a
    batch's CSV names them)."""
    also = (
        f"also_{n}_{part}"
        for n in range(1, len(b.base.also_currency) + 1)
        for part in ("currency", "low", "typical", "high")
    )
    return (*CSV_HEADER, *also)


def best_rows(b: Best) -> list[list[Any]]:
    first = b.shown[0]
    rows = []
    for n, s in enumerate(b.shown, start=1):
        o, q = s.option, s.quote
        differs = "; ".join(f"{CHOICE_NAMES[d]} {v}" for d, v, _ in apart(first.option, o))
        rows.append([
            n, o.choice.tier, o.choice.clinic, o.hotel, o.booking, o.nights, o.trips,
            o.days_away, o.way.long_haul, b.currency, *q.total,
            q.per_person.typical if q.per_person else None, q.cashback.typical,
            q.total.typical - first.quote.total.typical, differs,
            *(v for a in q.also for v in (a.currency, *a.total)),
        ])  # fmt: skip
    return rows


# --- the table -------------------------------------------------------------------------------


def best_title(b: Best) -> list[str]:
    p = b.base
    sessions = f"{p.sessions} sessions from " if p.sessions is not None and p.sessions > 1 else ""
    return [
        f"The best trips: exosome {treated_words(p)} in Seoul from "
        f"{p.origin.replace('_', ' ').title()}",
        party_words(p),
        f"{sessions}{p.date.isoformat()}",
        f"in {b.currency}",
        f"by {b.by.replace('-', ' ')}" + (" total" if b.by in ("low", "typical", "high") else ""),
    ]


def best_table(b: Best, display: Display) -> tuple[list[Column], list[Row]]:
    cur = b.currency
    columns = [
        Column("Stay", wraps=True, min_width=14),
        Column("Total"),
        Column("Away", drop=1, fold=0),  # days away and trips: under the stay when narrow
        Column("Against the first", wraps=True, min_width=14),
    ]
    first = b.shown[0]
    rows = []
    for n, s in enumerate(b.shown, start=1):
        o, q = s.option, s.quote
        stay = f"{o.hotel} hotel, {nights_text(o.nights)}"
        if o.trips > 1:
            stay += f" a trip, {trips_text(o.trips)}"
        stay += f", {channel_text(b.data, o.booking)}"
        total = money_text(q.total.typical, cur, display)
        if q.total.low != q.total.high:
            total += "\n" + range_text(q.total, cur, display)
        for a in q.also:
            total += f"\n{money_text(a.total.typical, a.currency, display)}"
        if q.per_person is not None:
            total += f"\n{money_text(q.per_person.typical, cur, display)} each"
        if q.cashback_rate:
            total += f"\n{money_text(q.cashback.typical, cur, display)} in points"
        away = f"{o.days_away} days\n{trips_text(o.way.long_haul)}"
        if s is first:
            differs = "the first"
        else:
            change = q.total.typical - first.quote.total.typical
            sign = "+" if change >= 0 else ""
            words = [value_text(b.data, d, v) for d, v, _ in apart(first.option, o)]
            differs = f"{sign}{money_text(change, cur, display)}: " + ", ".join(words)
        rows.append(Row(f"{n}. {_who(b.data, o.choice)}", [stay, total, away, differs]))
    return columns, rows


def _who(data: Dataset, choice: Choice) -> str:
    return choice_text(data, choice).removeprefix("the ")


def moves_table(b: Best, display: Display) -> tuple[list[Column], list[Row]]:
    cur = b.currency
    columns = [
        Column("The first's", wraps=True, min_width=8),
        Column("Cheapest", wraps=True, min_width=8),
        Column("Dearest", wraps=True, min_width=10),
        Column("Moves by"),
    ]
    rows = []

    def shift(m: Move, s: Any) -> str:
        sign = "+" if s.change > 0 else ""
        text = value_text(b.data, m.dimension, s.value)
        return f"{text}\n{sign}{money_text(s.change, cur, display)}"

    for m in b.moves:
        first = value_text(b.data, m.dimension, m.best)
        if m.values < 2:
            cells = [
                first,
                "the only one" if m.values else "",
                "",
                money_text(m.span, cur, display),
            ]
        elif m.dimension == "booking":  # the points change, never the total
            cells = [first, "any", "any (points only)", money_text(m.span, cur, display)]
        else:
            cells = [
                first,
                shift(m, m.cheapest),
                shift(m, m.dearest),
                money_text(m.span, cur, display),
            ]
        rows.append(Row(CHOICE_NAMES[m.dimension], cells))
    return columns, rows


def _options_shown(options: int, shown: int) -> str:
    """'33 options, the first 5 shown', '33 options, the first shown', '3 options, all
    shown', '1 option'."""
    if options == 1:
        return "1 option"
    if shown == options:
        return f"{options:,} options, all shown"
    return f"{options:,} options, the first {f'{shown:,} ' if shown > 1 else ''}shown"


def draw_best(con: Console, b: Best, today: dt.date, display: Display) -> None:
    from rich.text import Text

    columns, rows = best_table(b, display)
    draw_table(con, best_title(b), "Who treats", columns, rows)
    limits = ", ".join(
        f"{LIMIT_OPTIONS[name]} leaves out {count:,}" for name, count in b.cut.items()
    )
    say(
        con,
        f"{b.fitting:,} of {b.combinations:,} combinations fit"
        + (f" ({limits})" if limits else "")
        + f"; {_options_shown(len(b.options), len(b.shown))}. Total: typical, then low-high"
        + (", then the typical in each --also-currency" if b.base.also_currency else "")
        + ". Points: cashback points, beside the total, never subtracted from it. A "
        "booking channel changes only the points: each trip is listed with the channel that "
        f"gives it the most ({channel_text(b.data, b.shown[0].option.booking)}).",
    )
    if b.moves:
        con.print()
        columns, rows = moves_table(b, display)
        first_total = money_text(b.shown[0].quote.total.typical, b.currency, display)
        draw_table(
            con,
            ["What moves the total", f"each choice alone, from the first's {first_total}"],
            "Choice",
            columns,
            rows,
        )
        items = [(CHOICE_NAMES[m.dimension], m.cheapest.change, m.dearest.change)
                 for m in b.moves]  # fmt: skip
        for line in tornado_lines(items, b.currency, display, width=min(con.width, 100)):
            con.print(Text(line), no_wrap=True, crop=False)
        say(con, "Over every value searched, the limits aside.")
    for text in warning_texts(b):
        note(con, text)
    q = b.shown[0].quote
    for line in provenance(q.prices_as_of, q.rates, today, None, b.currency):
        say(con, line)


def write_best(
    b: Best,
    fmt: str,
    out: IO[str],
    today: dt.date,
    display: Display,
    export: Path | None = None,
) -> None:
    from exocalc.output.best_page import best_page

    views = Views(
        draw=lambda con: draw_best(con, b, today, display),
        document=lambda: best_document(b, today),
        page=lambda: best_page(b, today, _notes(b, today)),
        records=lambda: [option_record(b, n, s, line=True) for n, s in enumerate(b.shown, start=1)],
        rows=lambda: (
            csv_header(b),
            best_rows(b),
            csv_provenance(b.shown[0].quote.rates, b.shown[0].quote.prices_as_of),
        ),
    )
    write(fmt, out, views, display, export)
