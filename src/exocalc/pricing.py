"""The pricing engine: a plan and the data in, a quote out. Pure functions: no I/O, no terminal.

The rules are the domain brief's "How a quote is built". Every line is kept exact in KRW, the
pivot currency, in three scenarios (low, typical, high); `Quote.in_currency` is the one step
that rounds, line by line at the currency's minor unit, and sums the rounded lines, so what is
shown adds up.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from exocalc.dataset import Clinic, Dataset, PriceRange, Treatment, VatRefundRule
from exocalc.errors import PlanError, pick
from exocalc.money import Range3, round_to_minor, sum_ranges
from exocalc.rates import PIVOT, Rates

VatMode = Literal["auto", "yes", "no"]

# Limits on what a plan may ask, so that a typo cannot ask for a million travellers.
MAX_SESSIONS = 100
MAX_TRAVELLERS = 50
MAX_NIGHTS = 366
# Data older than this, counted back from the treatment date, gets a note.
STALE_DATA_DAYS = 180
# Keeps every sum within Decimal's 28 digits, whatever the currency.
MAX_AMOUNT = Decimal(10) ** 12


# Every line a quote can have, in the order it shows them; a line that does not apply is left out.
LINE_IDS = (
    "treatment",
    "addons",
    "couple_discount",
    "vat_refund",
    "flights",
    "hotel",
    "daily",
    "esim",
    "contingency",
)


@dataclass(frozen=True)
class Plan:
    """What the traveller asks for. None means: the dataset's default."""

    date: dt.date
    treatment: str = "skin"
    tier: str | None = None
    clinic: str | None = None
    price_krw: Decimal | None = None  # a clinic's own quote, KRW per session
    sessions: int | None = None
    travellers: int = 1
    origin: str | None = None
    nights: int | None = None
    hotel: str | None = None
    flight: Decimal | None = None  # per person, in the origin's currency
    vat_refund: VatMode = "auto"
    addons: tuple[str, ...] = ()
    booking: str | None = None
    contingency_pct: Decimal | None = None
    home_price: Decimal | None = None  # per session at home, overriding the region's price
    home_currency: str | None = None  # its currency; None: the origin's


@dataclass(frozen=True)
class Line:
    id: str
    label: str
    krw: Range3  # exact, unrounded
    estimate: bool
    sources: tuple[str, ...]
    as_of: dt.date | None


@dataclass(frozen=True)
class VatDecision:
    applies: bool
    reason: str


@dataclass(frozen=True)
class Home:
    """What the same treatment would cost at home (the origin's region)."""

    region: str
    name: str
    per_session: PriceRange
    count: int  # sessions x travellers

    def krw(self, rates: Rates) -> Range3:
        per = self.per_session.range3().map(
            lambda v: rates.convert(v, self.per_session.currency, PIVOT)
        )
        return per.scale(self.count)


@dataclass(frozen=True)
class Resolved:
    """The plan with every default filled in from the data."""

    date: dt.date
    treatment: str
    tier: str | None
    clinic: str | None
    price_per_session: PriceRange
    sessions: int
    travellers: int
    origin: str
    nights: int
    hotel: str
    rooms: int
    vat_refund: VatMode
    addons: tuple[str, ...]
    booking: str
    contingency_pct: Decimal | None


@dataclass(frozen=True)
class Quote:
    plan: Resolved
    lines: tuple[Line, ...]
    vat: VatDecision
    home: Home | None
    cashback_rate: Decimal
    cashback_krw: Range3
    notes: tuple[str, ...]
    rates: Rates

    @property
    def prices_as_of(self) -> dt.date | None:
        """The oldest as-of date among the prices this quote used (a rule is not a price)."""
        dates = [ln.as_of for ln in self.lines if ln.as_of is not None and ln.id != "vat_refund"]
        return min(dates) if dates else None

    def in_currency(self, currency: str) -> PricedQuote:
        return PricedQuote.build(self, currency)


@dataclass(frozen=True)
class PricedLine:
    line: Line
    amount: Range3  # rounded, in the output currency
    krw: Range3  # rounded, whole won


@dataclass(frozen=True)
class PricedQuote:
    """A quote rounded into one currency: what every output shows."""

    quote: Quote
    currency: str
    lines: tuple[PricedLine, ...]
    total: Range3
    total_krw: Range3
    home_total: Range3 | None
    savings: Range3 | None
    break_even_per_session: Range3
    cashback: Range3

    @classmethod
    def build(cls, quote: Quote, currency: str) -> PricedQuote:
        rates = quote.rates
        rates.krw_per(currency)  # fails early, with a clear message, for an unknown currency

        def shown(krw: Range3) -> Range3:
            return krw.map(lambda v: round_to_minor(rates.convert(v, PIVOT, currency), currency))

        def whole_won(krw: Range3) -> Range3:
            return krw.map(lambda v: round_to_minor(v, PIVOT))

        lines = tuple(PricedLine(ln, shown(ln.krw), whole_won(ln.krw)) for ln in quote.lines)
        total = sum_ranges([pl.amount for pl in lines])
        home_total = shown(quote.home.krw(rates)) if quote.home else None
        savings = None
        if home_total is not None:
            # The honest range: least saved is the cheapest home price against the dearest trip.
            savings = Range3(
                home_total.low - total.high,
                home_total.typical - total.typical,
                home_total.high - total.low,
            )
        count = quote.plan.sessions * quote.plan.travellers
        break_even = total.map(lambda v: round_to_minor(v / count, currency))
        return cls(
            quote=quote,
            currency=currency,
            lines=lines,
            total=total,
            total_krw=sum_ranges([pl.krw for pl in lines]),
            home_total=home_total,
            savings=savings,
            break_even_per_session=break_even,
            cashback=shown(quote.cashback_krw),
        )


def resolve(plan: Plan, data: Dataset) -> Resolved:
    """Fill in defaults and check every name and number the user gave."""
    _check_amount("--price", plan.price_krw)
    _check_amount("--flight", plan.flight)
    _check_amount("--home-price", plan.home_price)
    pct = plan.contingency_pct
    if pct is not None and (not pct.is_finite() or not 0 <= pct <= 100):
        raise PlanError(f"--contingency must be a percentage from 0 to 100, not {pct}")
    treatment_id, treatment = pick("treatment", plan.treatment, data.treatments, "--treatment")
    if plan.tier is not None and plan.clinic is not None:
        raise PlanError("give --tier or --clinic, not both")
    clinic_id: str | None = None
    clinic: Clinic | None = None
    tier_id: str | None = None
    if plan.clinic is not None:
        clinic_id, found = pick("clinic", plan.clinic, data.clinics, "--clinic")
        if treatment_id not in found.treatments and plan.price_krw is None:
            raise PlanError(
                f"{found.name} lists no {treatment_id} treatment in the data "
                f"(it lists: {', '.join(found.treatments)}); pass --price with its quote"
            )
        clinic, tier_id = found, found.tier
    else:
        tier_id, _ = pick("tier", _or(plan.tier, "standard"), data.tiers, "--tier")

    price = _session_price(plan, data, treatment_id, clinic, tier_id)

    sessions = plan.sessions if plan.sessions is not None else treatment.programme_sessions
    _check_count("--sessions", sessions, 1, MAX_SESSIONS)
    _check_count("--travellers", plan.travellers, 1, MAX_TRAVELLERS)
    trip = data.trip
    origin_id, _ = pick("origin", _or(plan.origin, trip.default_origin), trip.origins, "--origin")
    hotel_id, _ = pick("hotel", _or(plan.hotel, trip.default_hotel), trip.hotels, "--hotel")
    nights = (
        plan.nights if plan.nights is not None else default_nights(data, treatment_id, sessions)
    )
    _check_count("--nights", nights, 0, MAX_NIGHTS)
    addons = tuple(pick("add-on", a, data.addons, "--addon")[0] for a in plan.addons)
    booking_id, _ = pick(
        "booking channel", _or(plan.booking, "direct"), data.booking_channels, "--booking"
    )
    return Resolved(
        date=plan.date,
        treatment=treatment_id,
        tier=tier_id,
        clinic=clinic_id,
        price_per_session=price,
        sessions=sessions,
        travellers=plan.travellers,
        origin=origin_id,
        nights=nights,
        hotel=hotel_id,
        rooms=math.ceil(plan.travellers / 2),
        vat_refund=plan.vat_refund,
        addons=addons,
        booking=booking_id,
        contingency_pct=pct,
    )


def _or(given: str | None, default: str) -> str:
    """The default only when nothing was given: an empty value is a mistake, not a default."""
    return default if given is None else given


def _session_price(
    plan: Plan, data: Dataset, treatment: str, clinic: Clinic | None, tier: str | None
) -> PriceRange:
    if plan.price_krw is not None:
        p = plan.price_krw
        return PriceRange(
            low=p, high=p, currency=PIVOT, source="your_quote", as_of=plan.date, note="--price"
        )
    if clinic is not None:
        return clinic_price(data, clinic, treatment)[0]
    return data.tiers[tier or "standard"].prices[treatment]


def clinic_price(data: Dataset, clinic: Clinic, treatment: str) -> tuple[PriceRange, str]:
    """A clinic's per-session price and what it rests on: its own, its tier's, or (tier
    unknown) the standard tier's."""
    if treatment in clinic.prices:
        return clinic.prices[treatment], "clinic"
    if clinic.tier is not None:
        return data.tiers[clinic.tier].prices[treatment], f"tier {clinic.tier}"
    return data.tiers["standard"].prices[treatment], "tier unknown: standard tier assumed"


def _check_amount(option: str, value: Decimal | None) -> None:
    if value is not None and (not value.is_finite() or not 0 <= value <= MAX_AMOUNT):
        raise PlanError(f"{option} must be an amount from 0 to {MAX_AMOUNT:,f}, not {value}")


def _check_count(option: str, value: int, least: int, most: int) -> None:
    if not least <= value <= most:
        raise PlanError(f"{option} must be a whole number from {least} to {most}, not {value}")


def default_nights(data: Dataset, treatment_id: str, sessions: int) -> int:
    """Nights for one stay: arrive the day before the first session, stay the recovery time
    after the last, and never fewer than the dataset's default trip."""
    return max(data.trip.default_nights, nights_needed(data.treatments[treatment_id], sessions))


def nights_needed(treatment: Treatment, sessions: int) -> int:
    """The fewest nights for one stay: the first session the day after arrival, sessions at
    the shortest interval (or on consecutive days), then the recovery time before flying."""
    gap = treatment.interval_days.low if treatment.interval_days else 1
    recovery_nights = math.ceil(treatment.min_hours_before_flying / 24)
    return 1 + (sessions - 1) * gap + recovery_nights


def vat_decision(
    rule: VatRefundRule, date: dt.date, clinic: Clinic | None, mode: VatMode
) -> VatDecision:
    """Whether the VAT refund applies, and why. It is never assumed silently."""
    window = f"{rule.valid_from.isoformat()} to {rule.valid_until.isoformat()}"
    if mode == "no":
        return VatDecision(False, "not applied: turned off with --vat-refund no")
    if mode == "yes":
        outside = not rule.valid_from <= date <= rule.valid_until
        caveat = (
            f"; the scheme's legal window was {window}, so keep the clinic's written confirmation"
            if outside
            else ""
        )
        return VatDecision(True, f"applied because you forced it with --vat-refund yes{caveat}")
    if date > rule.valid_until:
        return VatDecision(
            False,
            f"not applied: the refund for foreign patients ended {rule.valid_until.isoformat()}, "
            f"before the treatment date {date.isoformat()}; use --vat-refund yes only with the "
            "clinic's written confirmation",
        )
    if date < rule.valid_from:
        return VatDecision(
            False, f"not applied: the scheme began {rule.valid_from.isoformat()}, after {date}"
        )
    if clinic is None:
        return VatDecision(
            False,
            "not applied: a tier quote names no clinic, and only designated clinics take part; "
            "use --clinic, or --vat-refund yes if your clinic confirms it",
        )
    if clinic.vat_refund == "no":
        return VatDecision(False, f"not applied: {clinic.name} does not take part in the scheme")
    if clinic.vat_refund == "unknown":
        return VatDecision(
            False,
            f"not applied: whether {clinic.name} takes part is not known; "
            "use --vat-refund yes if the clinic confirms it",
        )
    return VatDecision(
        True,
        f"applied: {date.isoformat()} is inside the scheme's window ({window}) "
        f"and {clinic.name} takes part",
    )


def build_quote(plan: Plan, data: Dataset, rates: Rates) -> Quote:
    """Price one trip: the lines of the domain brief, in three scenarios, exact in KRW."""
    r = resolve(plan, data)
    clinic = data.clinics[r.clinic] if r.clinic else None
    sources = data.sources
    notes: list[str] = []
    lines: list[Line] = []

    def is_estimate(*source_ids: str) -> bool:
        return any(sources[s].kind == "estimate" for s in source_ids if s in sources)

    def add(
        line_id: str, label: str, krw: Range3, price_sources: tuple[str, ...], as_of: dt.date | None
    ) -> None:
        lines.append(Line(line_id, label, krw, is_estimate(*price_sources), price_sources, as_of))

    def krw_of(p: PriceRange) -> Range3:
        return p.range3().map(lambda v: rates.convert(v, p.currency, PIVOT))

    count = r.sessions * r.travellers
    per_session = r.price_per_session
    what = clinic.name if clinic else f"{r.tier or 'standard'} tier"
    if plan.price_krw is not None:
        what = f"{what}, your price"
    add(
        "treatment",
        f"{r.treatment.capitalize()} treatment, {what} "
        f"({_times(r.sessions, 'session')} x {_times(r.travellers, 'person', 'people')})",
        krw_of(per_session).scale(count),
        (per_session.source,),
        per_session.as_of if per_session.source != "your_quote" else None,
    )
    if clinic is not None and clinic.tier is None and plan.price_krw is None:
        notes.append(
            f"{clinic.name}'s tier is not known: priced at the standard tier; "
            "pass --price with the clinic's own quote"
        )

    if r.addons:
        addon_prices = [data.addons[a].price for a in r.addons]
        add(
            "addons",
            f"Add-ons: {', '.join(r.addons)} (x {count})",
            sum_ranges([krw_of(p) for p in addon_prices]).scale(count),
            tuple(dict.fromkeys(p.source for p in addon_prices)),
            min(p.as_of for p in addon_prices),
        )

    clinic_lines = sum_ranges([ln.krw for ln in lines])
    couple = data.discounts.couple
    if r.travellers >= couple.min_travellers:
        # The low scenario takes the largest discount, the high one the smallest.
        rate = couple.rate.range3()
        discount = Range3(
            clinic_lines.low * rate.high,
            clinic_lines.typical * rate.typical,
            clinic_lines.high * rate.low,
        )
        add(
            "couple_discount",
            f"Couple discount ({_pct(rate.low)}-{_pct(rate.high)} %)",
            -discount,
            (couple.rate.source,),
            couple.rate.as_of,
        )
        notes.append(
            f"The couple discount assumes {r.travellers} of you book the same time slot; "
            "the seed says many clinics, not all, give it"
        )
    paid_at_clinic = sum_ranges([ln.krw for ln in lines])

    rule = data.rules.vat_refund
    vat = vat_decision(rule, r.date, clinic, r.vat_refund)
    if vat.applies:
        share = rule.vat_rate / (1 + rule.vat_rate) if rule.included_in_price else rule.vat_rate
        keep = 1 - rule.operator_fee_rate
        add(
            "vat_refund",
            f"VAT refund (paid x {_pct(rule.vat_rate)}/{_pct(1 + rule.vat_rate)}"
            f" less {_pct(rule.operator_fee_rate)} % fee)",
            -paid_at_clinic.scale(share * keep),
            tuple(rule.sources),
            rule.as_of,
        )
        deadline = r.date + dt.timedelta(days=rule.depart_within_days)
        notes.append(
            f"To claim the refund: leave Korea by {deadline.isoformat()} with the clinic's "
            "certificate and your passport; refunds at airport kiosks, or downtown under "
            f"KRW {rule.downtown_limit_krw:,.0f}"
        )

    origin = data.trip.origins[r.origin]
    if plan.flight is not None:
        fare = PriceRange(
            low=plan.flight,
            high=plan.flight,
            currency=origin.fare.currency,
            source="your_flight",
            as_of=plan.date,
        )
    else:
        fare = origin.fare
    add(
        "flights",
        f"Flights from {origin.name} (x {r.travellers})",
        krw_of(fare).scale(r.travellers),
        (fare.source,),
        fare.as_of if fare.source != "your_flight" else None,
    )
    hotel = data.trip.hotels[r.hotel]
    room_night = hotel.price_per_room_night
    add(
        "hotel",
        f"{hotel.name} ({_times(r.nights, 'night')} x {_times(r.rooms, 'room')})",
        krw_of(room_night).scale(r.nights * r.rooms),
        (room_night.source,),
        room_night.as_of,
    )
    daily = data.trip.daily_per_person
    add(
        "daily",
        f"Meals, transport ({_times(r.nights + 1, 'day')} x {r.travellers})",
        krw_of(daily).scale((r.nights + 1) * r.travellers),
        (daily.source,),
        daily.as_of,
    )
    esim = data.trip.esim_per_person
    add(
        "esim",
        f"eSIM (x {r.travellers})",
        krw_of(esim).scale(r.travellers),
        (esim.source,),
        esim.as_of,
    )
    if r.contingency_pct:
        subtotal = sum_ranges([ln.krw for ln in lines])
        add(
            "contingency",
            f"Contingency ({r.contingency_pct.normalize():f} % of the rest)",
            subtotal.scale(r.contingency_pct / 100),
            (),
            None,
        )

    _trip_notes(notes, data, r, lines)
    age = (r.date - data.as_of).days
    if age > STALE_DATA_DAYS:
        notes.append(
            f"The data is from {data.as_of.isoformat()}, {age} days before the treatment date: "
            "prices may have changed since; check them with the clinic"
        )
    home = None
    if plan.home_price is not None:
        currency = plan.home_currency or origin.fare.currency
        rates.krw_per(currency)  # an unknown currency fails here, with its name
        given = PriceRange(
            low=plan.home_price,
            high=plan.home_price,
            currency=currency,
            source="your_home_price",
            as_of=plan.date,
        )
        home = Home("your_price", "your home price", given, count)
    elif origin.home_region is not None:
        region = data.regions[origin.home_region]
        home = Home(origin.home_region, region.name, region.price_per_session, count)
        notes.append(
            f"The home price for {region.name} ({_range_text(region.price_per_session)} a session) "
            f"is one article's claim (source: {region.source}), not a quote"
        )
    else:
        notes.append(
            f"No home price for {origin.name} in the data: savings are not shown "
            "(--home-price gives yours)"
        )
    channel = data.booking_channels[r.booking]
    if channel.cashback_rate:
        notes.append(
            f"{channel.name} cashback: {_pct(channel.cashback_rate)} % of the clinic bill as "
            "points for meals or hotels; reported, never subtracted from the total"
        )
    if clinic is not None and r.booking != "direct" and r.booking not in clinic.booking:
        notes.append(f"{clinic.name} is not listed on {channel.name} in the data")
    return Quote(
        plan=r,
        lines=tuple(lines),
        vat=vat,
        home=home,
        cashback_rate=channel.cashback_rate,
        cashback_krw=paid_at_clinic.scale(channel.cashback_rate),
        notes=tuple(notes),
        rates=rates,
    )


def _trip_notes(notes: list[str], data: Dataset, r: Resolved, lines: list[Line]) -> None:
    treatment = data.treatments[r.treatment]
    estimated = [ln.id for ln in lines if ln.estimate]
    if estimated:
        notes.append(
            f"Estimates (*), not quotes: {', '.join(estimated)} "
            "(override with --price, --flight, --hotel, --nights)"
        )
    needed = nights_needed(treatment, r.sessions)
    interval = treatment.interval_days
    if r.sessions > 1 and interval is not None and r.nights >= needed:
        notes.append(
            f"{r.sessions} sessions {interval.low}-{interval.high} days apart: one stay of "
            f"{r.nights} nights, sessions {interval.low} days apart; pass --nights to change it"
        )
    if r.nights < needed:
        what = (
            f"{r.sessions} sessions {interval.low} days apart and "
            if r.sessions > 1 and interval is not None
            else ""
        )
        notes.append(
            f"Warning: {_times(r.nights, 'night')} {'is' if r.nights == 1 else 'are'} "
            f"too few for {what}"
            f"{treatment.min_hours_before_flying} hours in Seoul after the last session "
            f"before flying (at least {needed} nights)"
        )


def _times(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).normalize():f}"


def _range_text(p: PriceRange) -> str:
    return f"{p.currency} {p.low:,.0f}-{p.high:,.0f}"


@dataclass(frozen=True)
class Destination:
    """One row of `compare`: a kind of Seoul clinic or a region elsewhere."""

    id: str
    name: str
    kind: Literal["seoul_tier", "region"]
    per_session: PriceRange
    wait: str
    product: str
    delivery: str
    tourist_ease: str
    source: str
    quote: Quote | None = None  # the all-in trip, for Seoul tiers
    is_home: bool = False


@dataclass(frozen=True)
class Comparison:
    destinations: tuple[Destination, ...]
    home: Home | None
    base: Quote  # the standard tier's quote: plan, VAT decision and notes shared by every row


def compare(plan: Plan, data: Dataset, rates: Rates) -> Comparison:
    """Each Seoul tier priced as a whole trip, beside the other regions' per-session prices."""
    seoul = data.regions.get("seoul")
    rows: list[Destination] = []
    quotes: dict[str, Quote] = {}
    for tier_id, tier in data.tiers.items():
        q = build_quote(_with_tier(plan, tier_id), data, rates)
        quotes[tier_id] = q
        rows.append(
            Destination(
                id=f"seoul_{tier_id}",
                name=f"Seoul {tier_id}",
                kind="seoul_tier",
                per_session=tier.prices[q.plan.treatment],
                wait=seoul.wait if seoul else "",
                product=seoul.product if seoul else "",
                delivery=seoul.delivery if seoul else "",
                tourist_ease=seoul.tourist_ease if seoul else "",
                source=tier.prices[q.plan.treatment].source,
                quote=q,
            )
        )
    base = quotes.get("standard") or next(iter(quotes.values()))
    home_region = base.home.region if base.home else None
    for region_id, region in data.regions.items():
        if region_id == "seoul":
            continue
        rows.append(
            Destination(
                id=region_id,
                name=region.name,
                kind="region",
                per_session=region.price_per_session,
                wait=region.wait,
                product=region.product,
                delivery=region.delivery,
                tourist_ease=region.tourist_ease,
                source=region.source,
                is_home=region_id == home_region,
            )
        )
    if base.home is not None and base.home.region == "your_price":
        rows.append(
            Destination(
                id="home",
                name="Home (your price)",
                kind="region",
                per_session=base.home.per_session,
                wait="",
                product="",
                delivery="",
                tourist_ease="",
                source="your_home_price",
                is_home=True,
            )
        )
    return Comparison(destinations=tuple(rows), home=base.home, base=base)


def _with_tier(plan: Plan, tier: str) -> Plan:
    return replace(plan, tier=tier, clinic=None, price_krw=None)


def per_session_in(p: PriceRange, rates: Rates, currency: str) -> Range3:
    """A per-session price range rounded into the output currency."""
    return p.range3().map(
        lambda v: round_to_minor(rates.convert(v, p.currency, currency), currency)
    )
