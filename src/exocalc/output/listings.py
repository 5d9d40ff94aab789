"""What the data knows, listed: origins, treatments, add-ons, hotels, booking channels. One
flat record per entry, the same keys in JSON, JSON Lines, CSV and TSV; a table for people."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

import msgspec

from exocalc.data.model import Dataset, PriceRange
from exocalc.money import Range3
from exocalc.output import shapes
from exocalc.output.common import Views, write
from exocalc.output.fmt import Display, money_text, range_text
from exocalc.output.layout import Column, Row, draw_table, say
from exocalc.output.record import fixed

if TYPE_CHECKING:
    from rich.console import Console


def _price(prefix: str, price: PriceRange) -> dict[str, Any]:
    low, typical, high = (fixed(v) for v in price.range3())
    return {f"{prefix}_low": low, f"{prefix}_typical": typical, f"{prefix}_high": high,
            "currency": price.currency, "source": price.source, "as_of": price.as_of}  # fmt: skip


def origins(data: Dataset) -> list[Any]:
    return [
        shapes.Origin(id=i, name=o.name, **_price("fare", o.fare), home_region=o.home_region,
                      default=i == data.trip.default_origin)
        for i, o in data.trip.origins.items()
    ]  # fmt: skip


def treatments(data: Dataset) -> list[Any]:
    return [
        shapes.Treatment(
            id=i, name=t.name, product=t.product, programme_sessions=t.programme_sessions,
            interval_days_low=t.interval_days.low if t.interval_days else None,
            interval_days_high=t.interval_days.high if t.interval_days else None,
            source=t.source, as_of=t.as_of)
        for i, t in data.treatments.items()
    ]  # fmt: skip


def addons(data: Dataset) -> list[Any]:
    return [shapes.Addon(id=i, name=a.name, **_price("price", a.price), note=a.note)
            for i, a in data.addons.items()]  # fmt: skip


def hotels(data: Dataset) -> list[Any]:
    return [
        shapes.Hotel(id=i, name=h.name, **_price("room_night", h.price_per_room_night),
                     note=h.price_per_room_night.note, default=i == data.trip.default_hotel)
        for i, h in data.trip.hotels.items()
    ]  # fmt: skip


def channels(data: Dataset) -> list[Any]:
    return [shapes.Channel(id=i, name=c.name, cashback_rate=fixed(c.cashback_rate), note=c.note,
                           source=c.source, as_of=c.as_of)
            for i, c in data.booking_channels.items()]  # fmt: skip


# The bundled rates snapshot, listed among the sources: its id, and what it supports.
RATES_SOURCE = "ecb_rates"
RATES_SUPPORT = "exchange rates (bundled snapshot)"


def sources(data: Dataset) -> list[Any]:
    """Every source a figure cites, with those figures; a source nothing cites is not one.
    Last, the source of the bundled exchange rates (the ECB's), which every conversion rests
    on unless the rates are refreshed or given."""
    from exocalc.data.cites import citations
    from exocalc.rates.model import snapshot_publisher

    listed = [
        shapes.CitedSource(id=i, title=s.title, url=s.url, kind=s.kind, as_of=s.as_of,
                           note=s.note, supports=cited)
        for i, cited in citations(data).items()
        for s in (data.sources[i],)
    ]  # fmt: skip
    ecb = snapshot_publisher()
    taken = [s for s in listed if s.id == RATES_SOURCE]  # a dataset's own source of that id
    if taken:
        taken[0].supports.append(RATES_SUPPORT)
        return listed
    return [*listed, shapes.CitedSource(
        id=RATES_SOURCE, title=ecb.title, url=ecb.url, kind="official", as_of=ecb.as_of,
        note=ecb.note, supports=[RATES_SUPPORT],
    )]  # fmt: skip


def _named(r: Any) -> str:
    return f"{r.name}\n{r.id}"


@dataclass(frozen=True)
class Listing:
    name: str  # the command, and the JSON's key
    records: Callable[[Dataset], list[Any]]  # shapes of output/shapes.py
    # the table's, for people: a record's cell, its money written as the output can
    columns: tuple[tuple[str, Callable[[Any, Display], str]], ...]
    label: Callable[[Any], str] = _named  # a row's first cell
    heading: str = "Name (id)"


def _range(prefix: str) -> Callable[[Any, Display], str]:
    def shown(r: Any, display: Display) -> str:
        amounts = Range3(*(getattr(r, f"{prefix}_{end}") for end in ("low", "typical", "high")))
        typical = money_text(amounts.typical, r.currency, display)
        return f"{typical}\n{range_text(amounts, r.currency, display)}"

    return shown


LISTINGS = {
    "origins": Listing("origins", origins, (
        ("Fare, round trip", _range("fare")), ("Home region", lambda r, _: r.home_region or "none"),
        ("Source", lambda r, _: r.source))),
    "treatments": Listing("treatments", treatments, (
        ("Product", lambda r, _: r.product), ("Sessions", lambda r, _: str(r.programme_sessions)),
        ("Days apart", lambda r, _: f"{r.interval_days_low}-{r.interval_days_high}"
                                 if r.interval_days_low is not None else ""))),
    "addons": Listing("addons", addons, (
        ("A session", _range("price")), ("Source", lambda r, _: r.source))),
    "hotels": Listing("hotels", hotels, (
        ("A room a night", _range("room_night")), ("Source", lambda r, _: r.source))),
    "channels": Listing("channels", channels, (
        ("Cashback", lambda r, _: f"{(r.cashback_rate * 100).normalize():f} %"),
        ("Source", lambda r, _: r.source))),
    "sources": Listing("sources", sources, (
        ("Address", lambda r, _: r.url or "none in the data"),
        ("As of", lambda r, _: r.as_of.isoformat()),
        ("Supports", lambda r, _: ", ".join(r.supports))),
        label=lambda r: f"{r.title}\n{r.id} ({r.kind})", heading="Source (id, kind)"),
}  # fmt: skip


def write_data_listing(
    listing: Listing, data: Dataset, fmt: str, out: IO[str], display: Display
) -> None:
    records = listing.records(data)
    entry, document = shapes.LISTINGS[listing.name]
    header = [f.encode_name for f in msgspec.structs.fields(entry)]
    views = Views(
        draw=lambda con: draw_listing(con, listing, data, records, display),
        document=lambda: document(data_as_of=data.as_of, **{listing.name: records}),
        records=lambda: records,
        # each row has its own as_of
        rows=lambda: (header, [_flat(msgspec.structs.astuple(r)) for r in records], None),
    )
    write(fmt, out, views, display)


def _flat(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row as CSV writes it: a list (a source's `supports`) is one cell, `;` between."""
    return tuple(";".join(v) if isinstance(v, list) else v for v in row)


def draw_listing(
    con: Console, listing: Listing, data: Dataset, records: list[Any], display: Display
) -> None:
    wrapping = ("Source", "Product", "Home region", "Address", "Supports")
    whole = ("Address", "Supports")  # a link, figures' paths: copied, so never broken
    columns = [
        Column(name, wraps=name in wrapping, min_width=8, whole=name in whole)
        for name, _ in listing.columns
    ]
    rows = [Row(listing.label(r), [get(r, display) for _, get in listing.columns])
            for r in records]  # fmt: skip
    title = [f"{listing.name.capitalize()} ({len(records)})"]
    draw_table(con, title, listing.heading, columns, rows)
    say(con, f"Data as of {data.as_of.isoformat()}; amounts in the data's own currencies.")
