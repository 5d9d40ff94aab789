"""A quote or a plan as a page for a client (`--export FILE.html`): one self-contained HTML
document, nothing fetched when it is viewed (its styles inline; no fonts, scripts or images from
elsewhere), which reads on a phone (tables become stacked rows) and prints on A4 or Letter
(no row or box cut across pages, no amount split across lines).

It says what a client needs to decide and to check: the party and its treatments, when the quote
was made and how long its prices are taken to hold, the itinerary, every line with its low,
typical and high (estimates marked), the per-person share, the ways considered, the VAT refund's
status and why, the safety warnings (data/safety.py, their one owner), and the sources the quote
rests on (no other), each with its address and as-of date. Every amount of the quote's JSON is on
it. Every text from the data or the command line is escaped: a clinic named `<script>` is shown
as those characters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape

from exocalc.data.model import Dataset
from exocalc.data.safety import SAFETY_WARNINGS
from exocalc.money import PIVOT_CURRENCY, Range3
from exocalc.output.common import note_text
from exocalc.output.fmt import Display, days_old, money_text
from exocalc.output.page_style import STYLE
from exocalc.output.programme import party_words
from exocalc.output.used import quote_currencies, rates_provenance
from exocalc.pricing.itinerary import Step
from exocalc.pricing.model import Quote
from exocalc.pricing.notes import STALE_DATA_DAYS
from exocalc.words import times

SCENARIOS = ("Low", "Typical", "High")


def quote_page(q: Quote, data: Dataset, today: dt.date, steps: Sequence[Step], plan: bool) -> str:
    """The page, as text: `plan` puts the itinerary before the lines, as `exocalc plan` does."""
    what = "Plan" if plan else "Quote"
    title = f"{what}: {_treatment(q, data)} in Seoul, from {_name(data, q)}"
    made = f"{what} made <span class='date'>{today.isoformat()}</span>"
    body = [
        f"<header><h1>{e(title)}</h1><p class='sub'>{made}; {holds(q, data, today)}</p></header>",
        _summary(q),
        _party(q, data),
        *((_itinerary(steps), _costs(q)) if plan else (_costs(q), _itinerary(steps))),
        _home(q),
        _ways(q),
        _refund(q),
        _notes(q),
        safety(data),
        _sources(q, data, today),
        "<footer><p>Amounts are low, typical and high: every price at its low end (every "
        "discount at its largest), typical, and high. * an estimate of exocalc's, not a quote. "
        "Made with exocalc; the same figures: <code>exocalc quote --format json</code>.</p>"
        "</footer>",
    ]
    return document(title, body)


def document(title: str, body: Iterable[str]) -> str:
    """A page (of `quote`, `plan` or `best`): its title, its styles inline, its sections."""
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{e(title)}</title><style>{STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def e(text: object) -> str:
    """Any text from the data or the command line, as HTML shows it and never runs it."""
    return escape(str(text), quote=True)


# Money as the terminal writes it ('$2,372.60', '-£125.75', '₩3,168,057', 'HUF 1,234'): a
# page is UTF-8, so every symbol can be written.
_SHOWN = Display(color=False, encoding="utf-8")


def amount(value: Decimal, currency: str) -> str:
    """An amount with its currency, never split across lines."""
    return f"<span class='amount'>{e(money_text(value, currency, _SHOWN))}</span>"


def _range(r: Range3, currency: str) -> str:
    return (
        f"{amount(r.typical, currency)} ({amount(r.low, currency)} to {amount(r.high, currency)})"
    )


def _name(data: Dataset, q: Quote) -> str:
    """The origin's name (an origin the data does not list: as it was given)."""
    origin = q.request.origin
    entry = data.trip.origins.get(origin)
    return entry.name if entry is not None else str(origin)


def _treatment(q: Quote, data: Dataset) -> str:
    """The party's treatments by the data's names: `Exosome scalp treatment and ...`."""
    return " and ".join(_treatment_name(data, t) for t in q.request.treatments)


def _treatment_name(data: Dataset, treatment: str) -> str:
    t = data.treatments.get(treatment)
    return t.name if t is not None else treatment


def day(when: dt.date) -> str:
    return f"<span class='date'>{when.isoformat()}</span>"


def holds(q: Quote, data: Dataset, today: dt.date) -> str:
    """How old the prices and rates are, and how long the prices are taken to hold (HTML)."""
    as_of = q.prices_as_of
    label, rates_as_of = _rates(q, data)
    rates = f"rates {e(label)}" + (f" ({e(days_old(rates_as_of, today))})" if rates_as_of else "")
    if as_of is None:
        return f"your own prices; {rates}"
    until = as_of + dt.timedelta(days=STALE_DATA_DAYS)
    return (
        f"prices as of {day(as_of)} ({e(days_old(as_of, today))}), taken to hold "
        f"{STALE_DATA_DAYS} days from their date, to {day(until)}; {rates}"
    )


def table(
    head: Iterable[str], rows: Iterable[str], numbers: int, amounts: Iterable[str] = ()
) -> str:
    """A table of rows (each already `<tr>...</tr>`): its last `numbers` columns amounts, and
    those named in `amounts`."""
    names, more = list(head), set(amounts)
    cells = "".join(
        f"<th class='num'>{e(h)}</th>" if n >= len(names) - numbers or h in more
        else f"<th>{e(h)}</th>"
        for n, h in enumerate(names)
    )  # fmt: skip
    return (
        f"<table class='rows'><thead><tr>{cells}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def row(
    label: str, values: Sequence[Decimal | str], head: Sequence[str], cur: str, css: str = ""
) -> str:
    """A row: its label (HTML already escaped) then its cells, each labelled for a phone; an
    amount in `cur`."""
    labels = head[-len(values) :] if values else []
    cells = "".join(
        cell(name, amount(v, cur) if isinstance(v, Decimal) else e(v))
        for name, v in zip(labels, values, strict=True)
    )
    kind = f" class='{css}'" if css else ""
    return f"<tr{kind}><td class='label'>{label}</td>{cells}</tr>"


def cell(name: str, html: str, css: str = "num") -> str:
    """A cell (its HTML made already), labelled `name` for a phone, where the table's rows
    are stacked: its contents in one box, so they stay together beside the label."""
    return f"<td class='{css}' data-label='{e(name)}'><span>{html}</span></td>"


def _summary(q: Quote) -> str:
    cur = q.currency
    parts = [f"<p>All in: <span class='big'>{amount(q.total.typical, cur)}</span> typical, "
             f"from {amount(q.total.low, cur)} to {amount(q.total.high, cur)}.</p>"]  # fmt: skip
    if q.per_person is not None:
        n = q.travellers
        parts.append(f"<p>Each of the {n} travellers' share: {_range(q.per_person, cur)}.</p>")
    for a in q.also:
        parts.append(
            f"<p>In {e(a.currency)} (1 {e(cur)} = {e(a.rate)} {e(a.currency)}): "
            f"{_range(a.total, a.currency)}.</p>"
        )
    return f"<section class='box'>{''.join(parts)}</section>"


def _party(q: Quote, data: Dataset) -> str:
    r = q.request
    products = [data.treatments[t].product for t in r.treatments if t in data.treatments]
    product = f"; product: {', '.join(products)}" if products else ""
    if r.clinic:
        where = data.clinics[r.clinic].name if r.clinic in data.clinics else r.clinic
    else:
        where = data.tiers[r.tier].name if r.tier in data.tiers else str(r.tier)
    sessions = {s.treatment: s.count for s in q.calendar.series}
    facts = [("Who", party_words(r))]
    for number, person in enumerate(r.people, start=1):
        has = ", ".join(f"{_treatment_name(data, t)} ({times(sessions.get(t, 1), 'session')})"
                        for t in person)  # fmt: skip
        facts.append((f"Person {number}", has or "travels along, not treated"))
    facts += [
        ("Treatment", f"{_treatment(q, data)}, from {r.date.isoformat()}{product}"),
        ("Clinic", where),
        ("From", f"{_name(data, q)}; amounts in {r.currency}"),
        ("Hotel", data.trip.hotels[r.hotel].name if r.hotel in data.trip.hotels else r.hotel),
        ("Add-ons", ", ".join(data.addons[a].name if a in data.addons else a for a in r.addon)
         or "none"),
        ("Booking", r.booking or "direct"),
        ("The way", q.way.label),
    ]  # fmt: skip
    items = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts)
    return f"<section><h2>The party and its treatments</h2><dl class='facts'>{items}</dl></section>"


def _costs(q: Quote) -> str:
    cur = q.currency
    head = ["Item", *SCENARIOS]
    rows = [
        row(e(pl.label) + (" <span class='est'>* estimate</span>" if pl.estimate else ""),
             list(pl.amount), head, cur)
        for pl in q.lines
    ]  # fmt: skip
    rows.append(row("Total", list(q.total), head, cur, "total"))
    if q.per_person is not None:
        rows.append(row(f"Per person ({q.travellers})", list(q.per_person), head, cur))
    parts = [f"<section><h2>The costs, line by line, in {e(cur)}</h2>", table(head, rows, 3)]
    if cur != PIVOT_CURRENCY:
        krw = [row(e(pl.label), list(pl.krw), head, PIVOT_CURRENCY) for pl in q.lines]
        krw.append(row("Total", list(q.total_krw), head, PIVOT_CURRENCY, "total"))
        parts += ["<p>The same in won, as paid in Seoul:</p>", table(head, krw, 3)]
    price = q.price_per_session
    won = price.currency
    parts.append(
        f"<p>A session's price: {_range(price.range3(), won)}, source: {e(price.source)}.</p>"
        "</section>"
    )
    return "".join(parts)


def _home(q: Quote) -> str:
    cur = q.currency
    head = ["", *SCENARIOS]
    rows = []
    if q.home is not None:
        rows.append(row(f"At home ({e(q.home.name)})", list(q.home.total), head, cur))
    if q.savings is not None:
        saved = "Saved against home (negative: costs more)"
        rows.append(row(saved, list(q.savings), head, cur))
    even = "Break-even home price a session"
    rows.append(row(even, list(q.break_even_per_session), head, cur))
    rows.append(row("Cashback points, not subtracted", list(q.cashback), head, cur))
    return f"<section><h2>Against home</h2>{table(head, rows, 3)}</section>"


def _ways(q: Quote) -> str:
    cur = q.currency
    head = ["Way", "Trips", "Nights", *SCENARIOS]
    best = q.cheapest
    rows = []
    for w in q.ways:
        marks = [m for m, on in (("cheapest", w is best), ("quoted", w is q.way)) if on]
        label = e(w.label) + (f" ({', '.join(marks)})" if marks else "")
        cells: list[Decimal | str] = [str(len(w.trips)), str(sum(t.nights for t in w.trips))]
        rows.append(row(label, [*cells, *w.total], head, cur, "chosen" if w is q.way else ""))
    return (
        "<section><h2>The ways considered</h2><p>Every way the sessions fit, each trip priced in "
        f"full (flights, hotel, meals, eSIM).</p>{table(head, rows, 3)}</section>"
    )


def _itinerary(steps: Sequence[Step]) -> str:
    head = ["Date", "What"]
    rows = [
        f"<tr><td class='label date'>{s.date:%a} {s.date.isoformat()}</td>"
        f"<td class='what'>{e(s.text)}</td></tr>"
        for s in steps
    ]
    table = (
        "<table class='rows itinerary'><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in head)
        + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return f"<section><h2>The itinerary</h2>{table}</section>"


def _refund(q: Quote) -> str:
    vat = q.vat
    status = "Applied" if vat.applies else "Not applied"
    of = f"{vat.refunded} of {vat.sessions} session{'s' if vat.sessions > 1 else ''} refunded"
    return (
        f"<section><h2>The VAT refund</h2><p><strong>{status}</strong> ({of}). Why: "
        f"{e(vat.reason)}.</p></section>"
    )


def _notes(q: Quote) -> str:
    items = "".join(f"<li>{e(note_text(n))}</li>" for n in q.notes)
    return f"<section><h2>What to know</h2><ul>{items}</ul></section>" if items else ""


def safety(data: Dataset) -> str:
    items = "".join(
        f"<div class='warning'><h3>{e(w.title)}</h3><p>{e(w.text)} "
        f"<span class='est'>(source: {e(_title(data, w.source))})</span></p></div>"
        for w in SAFETY_WARNINGS
    )
    return f"<section><h2>Safety</h2>{items}</section>"


def _title(data: Dataset, source: str) -> str:
    found = data.sources.get(source)
    return found.title if found is not None else source


def cited(q: Quote, data: Dataset) -> list[str]:
    """The ids of the sources the quote rests on, in the order the data lists them: its lines'
    (the session's price, the fares, the hotel... each line's own), the session price's, the
    clinic's (what the page says of it), the home price's (the claim it is compared with), the
    VAT refund rule's (its status is said whatever it is), the booking channel's (its cashback)
    and the safety warnings'."""
    found = {source for pl in q.lines for source in pl.sources}
    found.add(q.price_per_session.source)
    clinic = data.clinics.get(q.request.clinic or "")
    if clinic is not None:
        found.update(clinic.sources)
    if q.home is not None:
        found.add(q.home.per_session.source)
    rule = data.rules.vat_refund
    found.update(rule.sources)
    if rule.operator_fee_source is not None:
        found.add(rule.operator_fee_source)
    channel = data.booking_channels.get(q.request.booking or "")
    if channel is not None:
        found.add(channel.source)
    found.update(w.source for w in SAFETY_WARNINGS)
    return [source for source in data.sources if source in found]


def _sources(q: Quote, data: Dataset, today: dt.date) -> str:
    from exocalc.rates.model import snapshot_publisher

    items = []
    for source_id in cited(q, data):
        s = data.sources[source_id]
        items.append(
            f"<li><strong>{e(s.title)}</strong> ({e(s.kind)}; as of {day(s.as_of)}): "
            f"{_address(s.url)}</li>"
        )
    label, as_of = _rates(q, data)
    when = f" (as of {day(as_of)}, {e(days_old(as_of, today))})" if as_of else ""
    ecb = snapshot_publisher()
    used = [c for c in quote_currencies(q, data) if c != PIVOT_CURRENCY]
    if any(q.rates.origin(c).source == ecb.source for c in used):  # the snapshot's, or a pin
        when += f"; <strong>{e(ecb.title)}</strong>: {_address(ecb.url)}"
    items.append(f"<li><strong>Exchange rates</strong>: {e(label)}{when}</li>")
    return f"<section><h2>Sources this quote rests on</h2><ul>{''.join(items)}</ul></section>"


def _address(url: str | None) -> str:
    """A source's address: a link only when it is the web's (never javascript: and the like)."""
    if url and url.lower().startswith(("https://", "http://")):
        return f"<a class='url' href='{e(url)}'>{e(url)}</a>"
    if url:
        return f"<span class='url'>{e(url)}</span>"
    return "no address in the data"


def _rates(q: Quote, data: Dataset) -> tuple[str, dt.date | None]:
    """Where the rates the quote used came from, and their date (the oldest)."""
    return rates_provenance(q.rates, quote_currencies(q, data))
