"""`exocalc best`: every choice a trip leaves open searched, within a budget and your limits;
the best trips ranked, and what moves the total most."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from typing import IO, Any

from exocalc.cli.common import (
    EXIT_DATA,
    choice,
    data_option,
    export_option,
    export_path,
    exported,
    fail,
    force_option,
    format_option,
    load,
    no_color_option,
    output_format,
    quiet_option,
    rate_option,
    rates_file_option,
    reports_errors,
    today,
    warn_of,
)
from exocalc.cli.complete import completer
from exocalc.cli.environment import current
from exocalc.cli.params import Command, TextOption, option
from exocalc.cli.trip import request_from, trip_options
from exocalc.errors import FieldError, Named, UnknownName
from exocalc.request import FIELD_BY_NAME, FIELDS, MAX_NIGHTS
from exocalc.request.values import parse_count, parse_money

# The fields `best` searches, each given as a set (or left open); every other field of the
# trip request is an option as `quote` has it.
SEARCHED = ("tier", "clinic", "hotel", "booking", "nights", "trips")
TRIP_FIELDS = [f for f in FIELDS if f.name not in SEARCHED]
# Limits the trip request may come to hold itself (issue 19): declared here only if it does not.
OWN_LIMITS = tuple(name for name in ("max_trips", "max_days_away") if name not in FIELD_BY_NAME)
# A search of more quotes than this (about half a second) shows its progress on a terminal.
PROGRESS_PIECES = 5_000

EXAMPLES = """\b
Examples:
  exocalc best
  exocalc best --treatment hair --origin london --travellers 2 --budget 18000GBP
  exocalc best --hotel mid,luxury --min-tier standard --by high
  exocalc best --treatment hair --max-trips 2 --max-nights 40
  exocalc best --format json | jq '.options[0].inputs' | exocalc batch -

\b
Searched (a comma list, or `any`, the default): --tier, --clinic (neither
given: every tier and every clinic that offers the treatment), --hotel, --booking,
--nights (default: from the least a trip needs to --max-nights), --trips (default:
every way that fits). Limits: --budget, --max-trips, --max-days-away, --min-tier.
When nothing fits, one line names the limit that cuts deepest and the cheapest trip
without it (exit 1).
"""


def _items(name: str, values: tuple[str, ...] | None) -> list[str] | None:
    """The names of a set option (repeated, or a comma list); None for `any` or nothing."""
    split = (part for v in values or () for part in re.split(r"[,;\s]+", v.strip()) if part)
    items = list(dict.fromkeys(split))
    if not items or any(item.lower() == "any" for item in items):
        if len(items) > 1:
            raise FieldError(name, Named(name), " takes `any` alone, or the values to search")
        return None
    return items


def _counts(name: str, values: tuple[str, ...] | None, least: int, most: int) -> list[int] | None:
    items = _items(name, values)
    if items is None:
        return None
    counts = [parse_count(name, item) for item in items]
    for n in counts:
        if not least <= n <= most:
            raise FieldError(name, Named(name), f" must be from {least} to {most}, not {n}")
    return counts


def _count(name: str, text: str | None, least: int, most: int) -> int | None:
    if text is None:
        return None
    found = _counts(name, (text,), least, most)
    if found is None or len(found) != 1:
        raise FieldError(name, Named(name), f" takes one whole number, not {text!r}")
    return found[0]


@reports_errors
def run(**values: Any) -> None:
    from exocalc.output.best import shown_quotes, write_best
    from exocalc.output.best_words import nothing_fits_text
    from exocalc.output.common import warnings
    from exocalc.pricing.best import search
    from exocalc.pricing.options import BY, SCENARIOS, Limits, NothingFits
    from exocalc.request import resolve

    sets = {name: values.pop(name) for name in SEARCHED}
    limits_given = {name: values.pop(name, None) for name in OWN_LIMITS}
    request = request_from(values, TRIP_FIELDS)
    fmt = output_format(values["format"], "best")
    by = choice(values["by"], BY, "--by")
    at = choice(values["budget_at"], SCENARIOS, "--budget-at")
    top = None if values["top"].strip().lower() == "all" else _count("top", values["top"], 1,
                                                                       10**6)  # fmt: skip
    max_nights = _count("max_nights", values["max_nights"], 1, MAX_NIGHTS)
    export = export_path(values["export"], values["force"])
    dataset, rates = load(values["data"], values["rate"])
    day = today()
    base = resolve(request, dataset, rates.currencies, day)
    space = _space(sets, base, dataset, max_nights)
    limits = Limits(
        budget=_budget(values["budget"], at, base.currency, rates.currencies),
        max_trips=_limit(request, limits_given, "max_trips"),
        max_days_away=_limit(request, limits_given, "max_days_away"),
        min_tier=_min_tier(values["min_tier"], dataset.tiers),
    )
    env = current()
    try:
        with _progress(space.pieces, env.err, env.out, env.display) as advance:
            found = search(base, dataset, rates, day, space, limits, by, top or None, advance)
    except NothingFits as nothing:
        fail(nothing_fits_text(nothing, dataset, env.display), EXIT_DATA)
        return
    undated = request.date is None  # the first session tomorrow: said to be the default
    warn_of(fmt, warnings(shown_quotes(found), day, undated))
    write_best(found, fmt, env.out, day, env.display, export)
    exported(export)


def _space(sets: dict[str, Any], base: Any, dataset: Any, max_nights: int | None) -> Any:
    """The sets to search: each option's values (checked against the data), or every one."""
    from exocalc.pricing.options import (
        DEFAULT_MAX_NIGHTS,
        DIMENSIONS,
        Search,
        choices,
        names,
        nights_range,
    )

    tiers, clinics = _items("tier", sets["tier"]), _items("clinic", sets["clinic"])
    hotels, bookings = _items("hotel", sets["hotel"]), _items("booking", sets["booking"])
    nights = _counts("nights", sets["nights"], 0, MAX_NIGHTS)
    # The lead treatment's sessions bound the trips (a party of several: the longest programme).
    most = base.sessions or max(dataset.treatments[t].programme_sessions for t in base.treatments)
    trips = _counts("trips", sets["trips"], 1, most)
    channels = names("booking channel", bookings, dataset.booking_channels, "booking")
    who = None if tiers is None and clinics is None else [*(tiers or ()), *(clinics or ())]
    most = None if nights is not None else max_nights or DEFAULT_MAX_NIGHTS
    given = (who, hotels, nights, trips, bookings)  # as DIMENSIONS names them
    return Search(
        choices=choices(dataset, base.treatments, tiers, clinics, base.price is not None),
        hotels=names("hotel", hotels, dataset.trip.hotels, "hotel"),
        bookings=channels or (None,),
        nights=nights_range(nights, most or DEFAULT_MAX_NIGHTS),
        max_nights=most,
        trips=tuple(trips) if trips is not None else None,
        # Searched: left open, or given as more than one value.
        open=frozenset(
            d for d, values in zip(DIMENSIONS, given, strict=True)
            if values is None or len(values) > 1
        ),
    )  # fmt: skip


def _limit(request: Any, given: dict[str, str | None], name: str) -> int | None:
    """A limit on the ways: the trip request's own field where it has one, else best's."""
    if name not in given:
        value: int | None = getattr(request, name, None)
    else:
        value = _count(name, given[name], 1, 10**6)
    if value is not None and value < 1:  # nothing could ever fit: a usage error, as --top 0
        raise FieldError(name, Named(name), f" must be from 1 to {10**6}, not {value}")
    return value


def _budget(text: str | None, at: str, currency: str, known: Any) -> Any:
    from exocalc.pricing.options import Budget

    if text is None:
        return None
    amount = parse_money("budget", text.strip())
    code = amount.currency or currency
    if code not in known:
        raise UnknownName("currency", code, sorted(known), "budget")
    if amount.value <= 0:
        raise FieldError("budget", Named("budget"), f" must be more than 0, not {text}")
    return Budget(amount.value, code, at)


def _min_tier(text: str | None, tiers: Any) -> str | None:
    from exocalc.errors import pick

    if text is None:
        return None
    return pick("tier", text.strip(), tiers, "min_tier")[0]


@contextlib.contextmanager
def _progress(
    pieces: int, err: IO[str], out: IO[str], display: Any
) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for a long search: only when stderr is a terminal and the
    options go to it too or to a file (never while a pipe's reader may draw there), and
    wiped before the options are written."""
    if pieces <= PROGRESS_PIECES or not _terminal(err) or not (_terminal(out) or _file(out)):
        yield None
        return
    from rich.progress import Progress

    from exocalc.output.common import console

    bar = Progress(
        *Progress.get_default_columns(), console=console(err, display), transient=True,
        auto_refresh=False, redirect_stdout=False, redirect_stderr=False,
    )  # fmt: skip
    bar.start()
    task = bar.add_task("searching", total=pieces)
    try:
        yield lambda done: bar.update(task, completed=done, refresh=True)
    finally:
        bar.stop()


def _terminal(stream: IO[Any]) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


def _file(stream: IO[Any]) -> bool:
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


def _set_option(name: str, metavar: str, help: str, names: str | None = None) -> TextOption:
    return option(
        "--" + name, metavar=metavar, many=True, help=help,
        complete=completer(names) if names else None,
    )  # fmt: skip


def command() -> Command:
    from exocalc.pricing.options import (
        BY,
        DEFAULT_BUDGET_AT,
        DEFAULT_BY,
        DEFAULT_MAX_NIGHTS,
        DEFAULT_TOP,
        SCENARIOS,
    )

    own_limits = [
        option(
            "--" + name.replace("_", "-"), metavar="N",
            help={"max_trips": "At most N long-haul round trips (the ways of more are left out).",
                  "max_days_away": "At most N days in Seoul over all trips, arrival and "
                  "departure days counted."}[name],
        )
        for name in OWN_LIMITS
    ]  # fmt: skip
    return Command(
        "best",
        params=[
            _set_option("tier", "TIER,...", "Tiers to search (a tier prices at its range). "
                        "Default: every tier, with every clinic, unless --clinic names some.",
                        "tier"),
            _set_option("clinic", "ID,...", "Clinics to search. Default: every clinic that "
                        "offers the treatment, unless --tier names some.", "clinic"),
            _set_option("hotel", "HOTEL,...|any", "Hotels to search: budget, mid, luxury. "
                        "Default: any.", "hotel"),
            _set_option("booking", "CHANNEL,...|any", "Booking channels to search (they "
                        "change the cashback points, never the total). Default: any.", "booking"),
            _set_option("nights", "N,...", "Nights a trip to search. Default: from the least "
                        "a trip needs to --max-nights."),
            _set_option("trips", "N,...", "Trips to fit the sessions into. Default: every "
                        "way that fits."),
            option("--max-nights", metavar="N", help="The most nights a trip to search. "
                   f"Default: {DEFAULT_MAX_NIGHTS}."),
            *trip_options(TRIP_FIELDS),
            option("--budget", metavar="AMOUNT", help="Leave out trips dearer than this: with "
                   "its currency (18000GBP), or in the shown one."),
            option("--budget-at", metavar="|".join(SCENARIOS), default=DEFAULT_BUDGET_AT,
                   help="The total the budget is kept against. Default: "
                   f"{DEFAULT_BUDGET_AT} (the budget holds "
                   "whatever the prices turn out to be)."),
            *own_limits,
            option("--min-tier", metavar="TIER", complete=completer("tier"),
                   help="Leave out tiers and clinics below this one (and clinics of unknown "
                   "tier), e.g. standard."),
            option("--by", metavar="|".join(BY), default=DEFAULT_BY,
                   help="Rank by this total, the typical total a person, or the days away. "
                   f"Default: {DEFAULT_BY}."),
            option("--top", metavar="N|all", default=str(DEFAULT_TOP),
                   help=f"How many options to show. Default: {DEFAULT_TOP}."),
            format_option("best"),
            export_option(),
            force_option(),
            no_color_option(),
            quiet_option(),
            data_option(),
            rate_option(),
            rates_file_option(),
        ],
        callback=run,
        help="Find the best trip: every tier or clinic, hotel, booking channel, nights and way "
        "of splitting a programme, priced as `exocalc quote` prices it, kept within your "
        "budget and limits, ranked; and what moves the total most.",
        epilog=EXAMPLES,
    )  # fmt: skip
