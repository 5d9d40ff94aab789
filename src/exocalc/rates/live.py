"""Live rates from forex-python, behind a deadline that always holds.

forex-python calls its web API through `requests.get` with no timeout, and that API is known
to hang for a minute or answer "not ready". So the fetch runs in a daemon thread that is
abandoned when the deadline passes: the caller gets an answer (rates or a reason) within the
deadline whatever the server does, accepting and never answering, or answering a byte a second.
forex-python and requests are imported here only, on the refresh path.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from exocalc.rates.model import (
    LIVE_LACKED,
    PIVOT,
    SOURCE_NAME,
    Rates,
    RatesError,
    check_rate,
    derive,
    fallback,
    too_far,
)

DEFAULT_URL = "https://theratesapi.com/api/"  # forex-python's own
# The service forex-python calls; EXOCALC_RATES_URL points it at another one (a mirror, a test).
URL_VARIABLE = "EXOCALC_RATES_URL"
BASE = "EUR"  # asked for: the API publishes ECB-style rates per euro, more digits than per won
MAX_BODY = 64 * 1024  # an answer of thirty rates is about 1 KB
# Units of a currency per unit of the base that any real currency has: outside, the answer is
# nonsense (and 1e308 or 1e-999999999 would overflow what is computed from it).
PLAUSIBLE = (Decimal("1e-6"), Decimal("1e9"))
_CODE = re.compile(r"[A-Z]{3}")


class LiveRatesError(Exception):
    """The refresh failed; the message is the reason, for one line on stderr."""


def service_url() -> str:
    """The URL the refresh asks: EXOCALC_RATES_URL's, else forex-python's."""
    url = os.environ.get(URL_VARIABLE, "")
    return url.rstrip("/") + "/" if url else DEFAULT_URL


def host_of(url: str) -> str:
    """Who the rates come from, as every output names them: the URL's host alone (never a
    user name, password, path or query it may hold), when it is a plain name."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    return host if host and SOURCE_NAME.fullmatch(host) else "the rates service"


@dataclass(frozen=True)
class Answer:
    """What the service answered, whole (base, date and rates), and the URL that answered it
    (after any redirect)."""

    document: Any
    url: str


def fetch_live_rates(snapshot: Rates, timeout: float) -> tuple[Rates, dict[str, str]]:
    """Current rates, and the currencies refused with why. Raises LiveRatesError."""
    answer = _fetch_with_deadline(timeout)
    return rates_from_answer(
        answer.document, snapshot, dt.datetime.now(dt.UTC), host_of(answer.url)
    )


def _client(url: str) -> Any:
    import requests
    from forex_python.converter import CurrencyRates, RatesNotAvailableError

    host = host_of(url)

    class CappedRates(CurrencyRates):  # type: ignore[misc]
        """forex-python's client, reading at most MAX_BODY bytes of the answer (decoded):
        an answer of rates is a few KB, and a body without end (or a zip bomb) must not fill
        memory or hold the interpreter past the deadline while it is decoded. It returns the
        whole answer: forex-python's own keeps only `rates`, losing their base and date."""

        def _source_url(self) -> str:
            return url

        def get_rates(self, base_cur: str, date_obj: Any = None) -> Answer:
            asked = self._source_url() + self._get_date_string(date_obj)
            params = {"base": base_cur, "rtype": "fpy"}
            with requests.get(asked, params=params, stream=True, timeout=30) as response:
                if response.status_code != 200:
                    raise RatesNotAvailableError("Currency Rates Source Not Ready")
                body = response.raw.read(MAX_BODY + 1, decode_content=True)
                answered = str(response.url or asked)
            if len(body) > MAX_BODY:
                raise LiveRatesError(f"{host} sent more than {MAX_BODY // 1024} KB")
            text = body.decode("utf-8", "replace")
            return Answer(json.loads(text, parse_float=Decimal), answered)

    return CappedRates(force_decimal=True)


def _fetch_with_deadline(timeout: float) -> Answer:
    deadline = time.monotonic() + timeout  # the import below counts against it too
    url = service_url()
    host = host_of(url)
    client = _client(url)
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
        raise LiveRatesError(f"{host} did not answer within {timeout:g} s")
    if "error" in outcome:
        raise LiveRatesError(_describe(outcome["error"], host))
    answer: Answer = outcome["rates"]
    return answer


def _describe(exc: BaseException, host: str) -> str:
    name = type(exc).__name__
    if isinstance(exc, LiveRatesError):
        return str(exc)
    if isinstance(exc, RecursionError):
        return f"{host} sent an answer that is not JSON rates (nested too deeply)"
    if name == "RatesNotAvailableError":
        return f"{host} is not available ({exc})"
    if name in ("JSONDecodeError", "SSLError") or isinstance(exc, ValueError):
        return f"{host} sent an answer that is not JSON rates ({name})"
    if name in ("ConnectionError", "ProxyError", "ConnectTimeout", "ReadTimeout"):
        text = str(exc)
        for marker, meaning in _CONNECTION_CAUSES:
            if marker in text:
                return f"cannot reach {host}: {meaning}"
        return f"cannot reach {host} ({name})"
    if isinstance(exc, AttributeError | TypeError | KeyError):  # forex-python read odd JSON
        return f"{host} sent an answer that is not JSON rates (not a mapping of rates)"
    return f"{host}: {name}: {exc}"


# What requests' long connection errors mean, by the urllib3 error they were caused by.
_CONNECTION_CAUSES = (
    ("NameResolutionError", "its name does not resolve (no network?)"),
    ("ProxyError", "the proxy failed"),
    ("Connection refused", "the connection was refused"),
    ("NewConnectionError", "no connection could be made"),
    ("SSLError", "the TLS handshake failed"),
)


def rates_from_answer(
    answer: Any, snapshot: Rates, fetched_at: dt.datetime, source: str
) -> tuple[Rates, dict[str, str]]:
    """Turn the service's answer (`base`, `date`, `rates`: units of each currency per unit of
    the base) into KRW per unit, refusing nonsense currency by currency.

    The answer's base is read, never assumed: rates per dollar are re-based through their KRW
    rate exactly as rates per euro are. Its date is the rates' own. A currency the answer
    lacks, or whose rate is refused, keeps the snapshot's rate and says why. An answer that
    does not say its base or date, or without a usable KRW rate: LiveRatesError.
    """
    if not isinstance(answer, dict) or not isinstance(answer.get("rates"), dict):
        raise LiveRatesError(f"{source} sent no rates")
    published: dict[Any, Any] = answer["rates"]
    if not published:
        raise LiveRatesError(f"{source} sent no rates")
    base = _base(answer.get("base"), published, source)
    as_of = _date(answer.get("date"), fetched_at, source)
    try:
        krw_per_base = Decimal(1) if base == PIVOT else _positive(published.get(PIVOT))
    except RatesError as exc:
        raise LiveRatesError(f"{source} sent no usable KRW rate ({exc})") from None
    fresh: dict[str, Decimal] = {PIVOT: Decimal(1)}
    refused: dict[str, str] = {}
    for code in snapshot.currencies:
        if code == PIVOT:
            continue
        if code == base:
            value: Any = Decimal(1)
        elif code in published:
            value = published[code]
        else:
            continue  # missing: keeps the snapshot's rate
        try:
            krw = check_rate(code, derive(krw_per_base, _positive(value)))
        except RatesError as exc:
            refused[code] = str(exc).removeprefix(f"{code}: ")
            continue
        except ArithmeticError:
            refused[code] = f"{_short(value)} a {base} gives no usable rate"
            continue
        why = too_far(krw, snapshot, code)
        if why is not None:
            refused[code] = why
            continue
        fresh[code] = krw
    if len(fresh) == 1:
        reasons = "; ".join(f"{c}: {why}" for c, why in sorted(refused.items()))
        raise LiveRatesError(f"every rate was refused ({reasons or 'none known'})")
    kept = {
        code: f"the live rate was refused ({refused[code]})" if code in refused else LIVE_LACKED
        for code in snapshot.krw_per_unit
        if code not in fresh
    }
    rates = Rates(
        krw_per_unit={**snapshot.krw_per_unit, **fresh},
        source=source,
        as_of=as_of,
        kind="live",
        fallbacks={code: fallback(snapshot, why) for code, why in sorted(kept.items())},
        fetched_at=fetched_at,
    )
    return rates, refused


def _base(value: Any, published: dict[Any, Any], source: str) -> str:
    """The currency the answer's rates are per unit of: its `base`, which must be a currency
    code; when the answer also rates the base itself, that rate must be 1."""
    if value is None:
        raise LiveRatesError(f"{source} sent rates without their base currency")
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        raise LiveRatesError(f"{source} sent rates in base {_short(value)!r}, not a currency code")
    own = published.get(value)
    if own is not None:
        try:
            one = _positive(own) == 1
        except RatesError:
            one = False
        if not one:
            raise LiveRatesError(
                f"{source} sent rates per {value} that give {value} as {_short(own)}, not 1"
            )
    return value


def _date(value: Any, fetched_at: dt.datetime, source: str) -> dt.date:
    """The rates' own date, as the answer gives it: a date no later than the fetch's."""
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        raise LiveRatesError(f"{source} sent rates without their date (YYYY-MM-DD)")
    if day > fetched_at.date() + dt.timedelta(days=1):  # a day of time zones' leeway
        raise LiveRatesError(f"{source} sent rates dated {day.isoformat()}, in the future")
    return day


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
