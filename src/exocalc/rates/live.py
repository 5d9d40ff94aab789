"""Live rates from forex-python, behind a deadline that always holds.

forex-python calls its web API through `requests.get` with no timeout, and that API is known
to hang for a minute or answer "not ready". So the fetch runs in a daemon thread that is
abandoned when the deadline passes: the caller gets an answer (rates or a reason) within the
deadline whatever the server does, accepting and never answering, or answering a byte a second.
forex-python and requests are imported here only, on the refresh path.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from decimal import Decimal
from typing import Any

from exocalc.rates.model import MAX_JUMP, PIVOT, Rates, RatesError, check_rate, jump

SOURCE = "theratesapi.com"
# The service forex-python calls; EXOCALC_RATES_URL points it at another one (a mirror, a test).
URL_VARIABLE = "EXOCALC_RATES_URL"
BASE = "EUR"  # the API publishes ECB-style rates per euro: more digits than per won
MAX_BODY = 64 * 1024  # an answer of thirty rates is about 1 KB
# Units of a currency per euro that any real currency has: outside, the answer is nonsense
# (and 1e308 or 1e-999999999 would overflow what is computed from it).
PLAUSIBLE = (Decimal("1e-6"), Decimal("1e9"))


class LiveRatesError(Exception):
    """The refresh failed; the message is the reason, for one line on stderr."""


def fetch_live_rates(snapshot: Rates, timeout: float) -> tuple[Rates, dict[str, str]]:
    """Current rates, and the currencies refused with why. Raises LiveRatesError."""
    answer = _fetch_with_deadline(timeout)
    return rates_from_answer(answer, snapshot, dt.datetime.now(dt.UTC))


def _client() -> Any:
    import requests
    from forex_python.converter import CurrencyRates, RatesNotAvailableError

    url = os.environ.get(URL_VARIABLE, "")
    base_url = url.rstrip("/") + "/" if url else None

    class CappedRates(CurrencyRates):  # type: ignore[misc]
        """forex-python's client, reading at most MAX_BODY bytes of the answer (decoded):
        an answer of rates is a few KB, and a body without end (or a zip bomb) must not fill
        memory or hold the interpreter past the deadline while it is decoded."""

        def _source_url(self) -> str:
            return base_url or str(super()._source_url())

        def get_rates(self, base_cur: str, date_obj: Any = None) -> Any:
            url = self._source_url() + self._get_date_string(date_obj)
            params = {"base": base_cur, "rtype": "fpy"}
            with requests.get(url, params=params, stream=True, timeout=30) as response:
                if response.status_code != 200:
                    raise RatesNotAvailableError("Currency Rates Source Not Ready")
                body = response.raw.read(MAX_BODY + 1, decode_content=True)
            if len(body) > MAX_BODY:
                raise LiveRatesError(f"{SOURCE} sent more than {MAX_BODY // 1024} KB")
            return self._decode_rates(_Answer(body.decode("utf-8", "replace")))

    return CappedRates(force_decimal=True)


class _Answer:
    """What forex-python decodes: the answer's text."""

    def __init__(self, text: str) -> None:
        self.text = text


def _fetch_with_deadline(timeout: float) -> Any:
    deadline = time.monotonic() + timeout  # the import below counts against it too
    client = _client()
    outcome: dict[str, Any] = {}

    def fetch() -> None:
        try:
            outcome["rates"] = client.get_rates(BASE)
        except BaseException as exc:  # reported to the main thread, never raised here
            outcome["error"] = exc

    worker = threading.Thread(target=fetch, name="exocalc-rates", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        # The thread stays blocked on its socket; as a daemon it ends with the process.
        raise LiveRatesError(f"{SOURCE} did not answer within {timeout:g} s")
    if "error" in outcome:
        raise LiveRatesError(_describe(outcome["error"]))
    return outcome.get("rates")


def _describe(exc: BaseException) -> str:
    name = type(exc).__name__
    if isinstance(exc, LiveRatesError):
        return str(exc)
    if isinstance(exc, RecursionError):
        return f"{SOURCE} sent an answer that is not JSON rates (nested too deeply)"
    if name == "RatesNotAvailableError":
        return f"{SOURCE} is not available ({exc})"
    if name in ("JSONDecodeError", "SSLError") or isinstance(exc, ValueError):
        return f"{SOURCE} sent an answer that is not JSON rates ({name})"
    if name in ("ConnectionError", "ProxyError", "ConnectTimeout", "ReadTimeout"):
        text = str(exc)
        for marker, meaning in _CONNECTION_CAUSES:
            if marker in text:
                return f"cannot reach {SOURCE}: {meaning}"
        return f"cannot reach {SOURCE} ({name})"
    if isinstance(exc, AttributeError | TypeError | KeyError):  # forex-python read odd JSON
        return f"{SOURCE} sent an answer that is not JSON rates (not a mapping of rates)"
    return f"{SOURCE}: {name}: {exc}"


# What requests' long connection errors mean, by the urllib3 error they were caused by.
_CONNECTION_CAUSES = (
    ("NameResolutionError", "its name does not resolve (no network?)"),
    ("ProxyError", "the proxy failed"),
    ("Connection refused", "the connection was refused"),
    ("NewConnectionError", "no connection could be made"),
    ("SSLError", "the TLS handshake failed"),
)


def rates_from_answer(
    answer: Any, snapshot: Rates, fetched_at: dt.datetime
) -> tuple[Rates, dict[str, str]]:
    """Turn the API's units-per-euro into KRW per unit, refusing nonsense currency by currency.

    A currency the answer lacks, or whose rate is refused, keeps the snapshot's rate and is
    marked so. Without a usable KRW rate nothing can be derived: LiveRatesError.
    """
    if not isinstance(answer, dict) or not answer:
        raise LiveRatesError(f"{SOURCE} sent no rates")
    try:
        krw_per_euro = _positive(answer.get(PIVOT))
    except RatesError as exc:
        raise LiveRatesError(f"{SOURCE} sent no usable KRW rate ({exc})") from None
    fresh: dict[str, Decimal] = {PIVOT: Decimal(1)}
    refused: dict[str, str] = {}
    for code in snapshot.currencies:
        if code == PIVOT:
            continue
        if code == BASE:
            value: Any = Decimal(1)
        elif code in answer:
            value = answer[code]
        else:
            continue  # missing: keeps the snapshot's rate
        try:
            per_euro = _positive(value)
            krw = check_rate(code, (krw_per_euro / per_euro).quantize(Decimal("0.000001")))
        except RatesError as exc:
            refused[code] = str(exc).removeprefix(f"{code}: ")
            continue
        except ArithmeticError:
            refused[code] = f"{value!r} a euro gives no usable rate"
            continue
        old = snapshot.krw_per(code)
        away = jump(krw, old)
        if away > MAX_JUMP:
            refused[code] = f"{krw:,.4f} KRW is {away:.0%} away from the snapshot's {old:,.4f}"
            continue
        fresh[code] = krw
    if len(fresh) == 1:
        reasons = "; ".join(f"{c}: {why}" for c, why in sorted(refused.items()))
        raise LiveRatesError(f"every rate was refused ({reasons or 'none known'})")
    merged = {**snapshot.krw_per_unit, **fresh}
    rates = Rates(
        krw_per_unit=merged,
        source=SOURCE,
        as_of=fetched_at.date(),  # forex-python does not pass on the API's own date
        kind="live",
        from_snapshot=frozenset(c for c in merged if c not in fresh),
        fetched_at=fetched_at,
    )
    return rates, refused


def _short(value: Any) -> str:
    """A number as a person reads it, at most 20 characters: 1E+308, not Decimal('1E+308')."""
    text = str(value)
    return text if len(text) <= 20 else text[:17] + "..."


def _positive(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise RatesError(f"{value!r} is not a number")
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise RatesError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise RatesError(f"{value!r} is not a number")
    if number <= 0:
        raise RatesError(f"{value!r} is not a positive rate")
    if not PLAUSIBLE[0] <= number <= PLAUSIBLE[1]:
        raise RatesError(f"{_short(value)} a euro is not a plausible rate")
    return number
