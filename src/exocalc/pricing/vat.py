"""The VAT refund for foreign patients, decided session by session, and always said why.

A session's share of what was paid is refunded only when the session's date is inside the
rule's window at a clinic known to take part (or the user forces it: the clinic confirmed), and
its trip leaves Korea within the rule's `depart_within_days` of that session. A refund is never
assumed silently: every decision carries its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from exocalc.data.model import Clinic, VatRefundRule
from exocalc.pricing.calendar import TripDates
from exocalc.words import times

# Why a session is or is not refunded; REFUNDED are the codes that refund.
REFUNDED = frozenset({"ok", "forced"})


@dataclass(slots=True)
class VatDecision:
    refunded: int  # sessions refunded, over every trip of the way, every person's
    sessions: int
    deadlines: tuple[dt.date | None, ...]  # per trip: leave Korea by, when it has a refund
    # (why, day, departure) of every day with sessions: the reason is written only when read, so
    # that the ways not quoted cost no words.
    codes: list[tuple[str, dt.date, dt.date]]
    rule: VatRefundRule
    clinic: Clinic | None
    _reason: str | None = None

    @property
    def applies(self) -> bool:
        return self.refunded > 0

    @property
    def reason(self) -> str:
        if self._reason is None:
            self._reason = _reason(self.rule, self.clinic, self.codes, self.refunded, self.sessions)
        return self._reason


def _code(
    rule: VatRefundRule, clinic: Clinic | None, mode: str, session: dt.date, depart: dt.date
) -> str:
    if mode == "no":
        return "off"
    late = (depart - session).days > rule.depart_within_days
    if mode == "yes":
        return "late" if late else "forced"
    if session > rule.valid_until:
        return "ended"
    if session < rule.valid_from:
        return "not_begun"
    if clinic is None:
        return "no_clinic"
    if clinic.vat_refund != "yes":
        return "not_participating" if clinic.vat_refund == "no" else "unknown"
    return "late" if late else "ok"


def decide(
    rule: VatRefundRule, clinic: Clinic | None, mode: str, trips: Sequence[TripDates]
) -> tuple[VatDecision, tuple[tuple[bool, ...], ...]]:
    """The decision for a way, and for each day with sessions of each trip, whether its
    sessions (every person's that day) are refunded."""
    codes: list[tuple[str, dt.date, dt.date]] = []
    per_trip: list[tuple[bool, ...]] = []
    deadlines: list[dt.date | None] = []
    limit = dt.timedelta(days=rule.depart_within_days)
    refunded = sessions = 0
    for trip in trips:
        first: dt.date | None = None
        flags = []
        sessions += trip.count
        for session, who in zip(trip.sessions, trip.who, strict=True):
            code = _code(rule, clinic, mode, session, trip.depart)
            codes.append((code, session, trip.depart))
            if code in REFUNDED:
                refunded += len(who)
                first = first or session
                flags.append(True)
            else:
                flags.append(False)
        per_trip.append(tuple(flags))
        deadlines.append(first + limit if first else None)
    decision = VatDecision(refunded, sessions, tuple(deadlines), codes, rule, clinic)
    return decision, tuple(per_trip)


def _reason(
    rule: VatRefundRule,
    clinic: Clinic | None,
    codes: list[tuple[str, dt.date, dt.date]],
    refunded: int,
    sessions: int,
) -> str:
    groups: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for code, session, depart in codes:
        groups.setdefault(code, []).append((session, depart))
    if len(groups) == 1:
        code, items = next(iter(groups.items()))
        head = "applied" if code in REFUNDED else "not applied"
        if code == "ok":  # name the dates the window holds
            head += f": {_dates(items)} {'is' if len(items) == 1 else 'are'}"
        return f"{head}: {_clause(code, items, rule, clinic)}".replace(": inside", " inside")
    parts: list[str] = []
    for code, items in groups.items():
        if code in REFUNDED:
            count = f"{refunded} of {sessions} sessions ({_dates(items)})"
            parts.insert(0, f"applied to {count}: {_clause(code, items, rule, clinic)}")
        else:
            parts.append(f"not to {_dates(items)}: {_clause(code, items, rule, clinic)}")
    if not refunded:
        parts.insert(0, "not applied")
    return "; ".join(parts)


def _dates(items: list[tuple[dt.date, dt.date]]) -> str:
    return ", ".join(s.isoformat() for s, _ in items)


def _window(rule: VatRefundRule) -> str:
    return f"{rule.valid_from.isoformat()} to {rule.valid_until.isoformat()}"


def _clause(
    code: str, items: list[tuple[dt.date, dt.date]], rule: VatRefundRule, clinic: Clinic | None
) -> str:
    days = rule.depart_within_days
    sessions = "the treatment date" if len(items) == 1 else "the sessions of"
    if code == "off":
        return "turned off with --vat-refund no"
    if code == "forced":
        outside = any(not rule.valid_from <= s <= rule.valid_until for s, _ in items)
        caveat = (
            f"; the scheme's legal window was {_window(rule)}, so keep the clinic's written "
            "confirmation" if outside else ""
        )  # fmt: skip
        return f"because you forced it with --vat-refund yes{caveat}"
    if code == "ok":
        name = clinic.name if clinic else "the clinic"
        return (
            f"inside the scheme's window ({_window(rule)}), {name} takes part, and the trip "
            f"leaves Korea within {times(days, 'day')}"
        )
    if code == "ended":
        return (
            f"the refund for foreign patients ended {rule.valid_until.isoformat()}, before "
            f"{sessions} {_dates(items)}; use --vat-refund yes only with the clinic's written "
            "confirmation"
        )
    if code == "not_begun":
        return f"the scheme began {rule.valid_from.isoformat()}, after {_dates(items)}"
    if code == "no_clinic":
        return (
            "a tier quote names no clinic, and only designated clinics take part; use --clinic, "
            "or --vat-refund yes if your clinic confirms it"
        )
    name = clinic.name if clinic else "the clinic"
    if code == "not_participating":
        return f"{name} does not take part in the scheme"
    if code == "unknown":
        return (
            f"whether {name} takes part is not known; use --vat-refund yes if the clinic "
            "confirms it"
        )
    if len(items) > 1:
        return (
            f"their trips leave Korea more than {times(days, 'day')} after them; the refund needs "
            f"departure within {times(days, 'day')}"
        )
    session, depart = items[0]
    return (
        f"the trip leaves Korea on {depart.isoformat()}, more than {times(days, 'day')} after the "
        f"session of {session.isoformat()}; the refund needs departure within "
        f"{times(days, 'day')}"
    )
