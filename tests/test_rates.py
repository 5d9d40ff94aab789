"""Rates: the snapshot, the cache, live refresh behind a deadline, and which one a quote uses.
No test touches the internet: a fake rates server on localhost stands in for the API."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from exocalc.output.common import provenance
from exocalc.rates import bundled_rates
from exocalc.rates.cache import FORMAT, cache_path
from exocalc.rates.live import LiveRatesError, rates_from_answer
from tests.fake_rates import dollar_rates, euro_rates, rates_server, silent_server
from tests.runner import run

SNAPSHOT = bundled_rates()
NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)
STILL = "still using ECB 2026-10-30\n"
HOST = "127.0.0.1"  # the fake rates server's: the source every refresh from it names


invoke = functools.partial(run, code=None)
# A first session of one's own: without --date, its default is a warning beside the one tested.
DAY = ("--date", "2026-12-15")


def quote_rates(*args: str) -> dict[str, Any]:
    result = invoke("quote", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    rates: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)["rates"]
    return rates


def answer(
    rates: dict[str, Any] | None = None, base: str = "EUR", date: str = "2026-11-27"
) -> dict[str, Any]:
    """A whole answer of the rates service, as it sends it."""
    return {"base": base, "date": date, "rates": euro_rates() if rates is None else rates}


def from_answer(document: Any) -> Any:
    return rates_from_answer(document, SNAPSHOT, NOW, "rates.example")


def refresh(monkeypatch: pytest.MonkeyPatch, url: str, *extra: str) -> Any:
    monkeypatch.setenv("EXOCALC_RATES_URL", url)
    return invoke("rates", "--refresh", "--timeout", "3", *extra)


def write_cache_text(text: str) -> Path:
    path = cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def cache_text(as_of: str = "2026-11-20", **rates: str) -> str:
    return json.dumps(
        {
            "format": FORMAT,
            "source": "theratesapi.com",
            "as_of": as_of,
            "fetched_at": f"{as_of}T08:00:00+00:00",
            "krw_per_unit": rates or {"USD": "1400", "GBP": "1800"},
        }
    )


# --- live answers, turned into rates -------------------------------------------------------


def test_answer_in_euros_becomes_krw_per_unit() -> None:
    """KRW 1,500 per euro and USD 1.1172 per euro: 1,500 / 1.1172 KRW per USD, unrounded."""
    rates, refused = from_answer(answer())
    assert refused == {}
    assert rates.krw_per("USD") == Decimal("1342.642320085929108485499463")
    assert rates.krw_per("EUR") == Decimal("1500")
    assert rates.as_of == dt.date(2026, 11, 27) and rates.kind == "live"
    assert rates.source == "rates.example"
    assert rates.from_snapshot == frozenset()


def test_nonsense_rates_are_refused_and_named() -> None:
    rates, refused = from_answer(answer(euro_rates(USD="0", GBP="-0.8", JPY="abc", CHF="0.45")))
    assert refused == {
        "USD": "'0' is not a positive rate",
        "GBP": "'-0.8' is not a positive rate",
        "JPY": "'abc' is not a number",
        "CHF": "3,333.3333 KRW is 105% away from the snapshot's 1,622.5364",
    }
    for code in refused:
        assert rates.krw_per(code) == SNAPSHOT.krw_per(code)
    assert rates.from_snapshot == frozenset(refused)


def test_a_missing_currency_keeps_the_snapshot_rate_marked() -> None:
    rates, refused = from_answer(answer(euro_rates(drop=("ISK", "THB"))))
    assert refused == {}
    assert rates.from_snapshot == {"ISK", "THB"}
    assert rates.krw_per("ISK") == SNAPSHOT.krw_per("ISK")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({}, "rates.example sent no rates"),
        (None, "rates.example sent no rates"),
        (answer({}), "rates.example sent no rates"),
        (answer({"USD": "1.1"}),
         "rates.example sent no usable KRW rate (None is not a number)"),
        (answer({"KRW": "0", "USD": "1.1"}),
         "rates.example sent no usable KRW rate ('0' is not a positive rate)"),
    ],
)  # fmt: skip
def test_answers_that_cannot_be_used(document: Any, message: str) -> None:
    with pytest.raises(LiveRatesError) as err:
        from_answer(document)
    assert str(err.value) == message


# --- exocalc rates --refresh against a fake server ---------------------------------------


def test_refresh_then_quote_uses_the_cache_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    with rates_server() as url:
        result = refresh(monkeypatch, url, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert (
        result.stderr
        == f"exocalc: refreshed 29 rates of 2026-11-27 from {HOST}; cached in {cache_path()}\n"
    )
    shown = json.loads(result.stdout, parse_float=Decimal)
    assert shown["source"] == HOST and shown["kind"] == "live"
    usd = next(r for r in shown["rates"] if r["currency"] == "USD")
    assert usd == {
        "currency": "USD",
        "krw_per_unit": Decimal("1342.642320085929108485499463"),
        "from": "live",
        "source": HOST,
        "as_of": "2026-11-27",
        "note": None,
        "label": f"{HOST} 2026-11-27, live",
    }

    cached = json.loads(cache_path().read_text())
    assert cached["format"] == FORMAT
    assert cached["krw_per_unit"]["USD"] == "1342.642320085929108485499463"
    assert dt.datetime.fromisoformat(cached["fetched_at"]).tzinfo is not None

    rates = quote_rates()
    assert rates["source"] == HOST
    assert rates["kind"] == "cached"
    assert rates["as_of"] == "2026-11-27"
    assert rates["krw_per_unit"] == {"USD": Decimal("1342.642320085929108485499463")}
    # The cache gone, the bundled snapshot again.
    cache_path().unlink()
    assert quote_rates()["source"] == "ECB"
    assert quote_rates()["as_of"] == "2026-10-30"


def test_refresh_with_a_missing_currency(monkeypatch: pytest.MonkeyPatch) -> None:
    with rates_server(rates=euro_rates(drop=("ISK",))) as url:
        result = refresh(monkeypatch, url, "--format", "json", "--currency", "ISK,USD")
    assert result.exit_code == 0
    rows = {r["currency"]: r["from"] for r in json.loads(result.stdout)["rates"]}
    assert rows == {"ISK": "snapshot", "USD": "live"}
    assert "ISK" not in json.loads(cache_path().read_text())["krw_per_unit"]
    shown = invoke("rates", "--currency", "isk").stdout
    assert "snapshot" in shown
    assert "ISK: ECB 2026-10-30, bundled; the live answer had none" in shown


def test_refresh_with_nonsense_rates_warns_and_keeps_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with rates_server(rates=euro_rates(USD="0")) as url:
        result = refresh(monkeypatch, url)
    assert result.exit_code == 0
    assert (
        "exocalc: warning: refused live rates, kept the snapshot's: USD: '0' is not a positive "
        "rate\n" in result.stderr
    )


def test_a_refused_live_rate_is_said_as_a_number_not_as_python_writes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """USD 0.0001 a euro: 15 million KRW a dollar, refused in words a person reads."""
    with rates_server(rates=euro_rates(USD="0.0001")) as url:
        result = refresh(monkeypatch, url)
    assert result.exit_code == 0
    assert (
        "exocalc: warning: refused live rates, kept the snapshot's: USD: 15,000,000 KRW per unit "
        "is outside 0.0001 to 100,000\n" in result.stderr
    )
    assert "Decimal(" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("error", f"{HOST} is not available (Currency Rates Source Not Ready)"),
        ("garbage", f"{HOST} sent an answer that is not JSON rates (JSONDecodeError)"),
    ],
)
def test_failed_refresh_is_one_line_and_leaves_the_cache_alone(
    monkeypatch: pytest.MonkeyPatch, mode: str, reason: str
) -> None:
    before = write_cache_text(cache_text()).read_bytes()
    with rates_server(mode) as url:
        result = refresh(monkeypatch, url)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"exocalc: could not refresh rates: {reason}; still using theratesapi.com 2026-11-20\n"
    )
    assert cache_path().read_bytes() == before


def test_refresh_when_the_cache_folder_cannot_be_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    with rates_server() as url:
        result = refresh(monkeypatch, url)
    assert result.exit_code == 1
    reading, writing = result.stderr.splitlines()
    assert reading.startswith(f"exocalc: warning: ignoring the rates cache {blocker}/exocalc/")
    assert writing.startswith("exocalc: could not refresh rates: cannot write the cache (")
    assert writing.endswith("; still using ECB 2026-10-30")
    assert quote_rates()["source"] == "ECB"


def test_bad_timeout_is_a_usage_error() -> None:
    result = invoke("rates", "--refresh", "--timeout", "0")
    assert result.exit_code == 2
    assert result.stderr == (
        "exocalc: error: --timeout '0': give seconds, more than 0 and at most 120\n"
    )


# --- the deadline, with real processes -----------------------------------------------------


def run_exocalc(*args: str, env: dict[str, str], timeout: float = 30) -> tuple[Any, float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "exocalc", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=timeout,
    )
    return result, time.monotonic() - started


def test_a_server_that_never_answers_cannot_hang_the_refresh() -> None:
    with silent_server() as url:
        result, took = run_exocalc(
            "rates", "--refresh", "--timeout", "2", env={"EXOCALC_RATES_URL": url + "/api/"}
        )
    assert took < 3.0, took
    assert result.returncode == 1
    assert result.stderr == (
        f"exocalc: could not refresh rates: {HOST} did not answer within 2 s; {STILL}"
    )


def test_a_proxy_that_never_answers_cannot_hang_the_refresh() -> None:
    """The issue's acceptance: HTTPS_PROXY at a server that accepts and never answers."""
    with silent_server() as proxy:
        env = {"HTTPS_PROXY": proxy, "https_proxy": proxy, "NO_PROXY": "", "no_proxy": ""}
        result, took = run_exocalc("rates", "--refresh", "--timeout", "2", env=env)
        assert took < 3.0, took
        assert result.returncode == 1
        assert len(result.stderr.splitlines()) == 1
        assert result.stderr.startswith("exocalc: could not refresh rates: ")
        after, _ = run_exocalc("quote", "--format", "json", env=env)
    assert after.returncode == 0
    assert json.loads(after.stdout)["rates"]["source"] == "ECB"


def test_a_trickling_server_cannot_hang_the_refresh() -> None:
    with rates_server("trickle") as url:
        result, took = run_exocalc(
            "rates", "--refresh", "--timeout", "2", env={"EXOCALC_RATES_URL": url}
        )
    assert took < 3.0, took
    assert result.returncode == 1
    assert "did not answer within 2 s" in result.stderr


# --- which rates a quote uses ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "the file is empty"),
        ('{"format": "exocalc.rates-cache/1", "source": "x", "as_', "not valid JSON"),
        ("\x00\x01garbage", "not valid JSON"),
        ("[1, 2]", "not an exocalc rates cache"),
        (cache_text(XYZ="12", ABC="3"), "it holds no rates for the currencies exocalc knows"),
        (cache_text(USD="-5"), "USD: '-5' is not a positive rate"),
        (cache_text(USD="lots"), "USD: 'lots' is not a number"),
    ],
)
@pytest.mark.usefixtures("rates_not_old")
def test_a_broken_cache_is_reported_in_one_line_and_ignored(text: str, why: str) -> None:
    path = write_cache_text(text)
    result = invoke("quote", "--format", "json", *DAY)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["rates"]["source"] == "ECB"
    assert result.stderr.startswith(f"exocalc: warning: ignoring the rates cache {path}: {why}")
    assert result.stderr.endswith("; using ECB 2026-10-30, bundled\n")
    assert result.stderr.count("\n") == 1


def test_an_unreadable_cache_is_ignored() -> None:
    cache_path().mkdir(parents=True)  # a folder where the file should be
    result = invoke("compare", "--format", "json")
    assert result.exit_code == 0
    assert "ignoring the rates cache" in result.stderr and "cannot read it" in result.stderr


def test_precedence_rate_then_newer_cache_then_snapshot() -> None:
    write_cache_text(cache_text(as_of="2026-09-01", USD="1400"))  # older than the snapshot
    assert quote_rates()["source"] == "ECB"
    write_cache_text(cache_text(as_of="2026-11-20", USD="1400"))  # newer
    rates = quote_rates()
    assert (rates["source"], rates["kind"], rates["as_of"]) == (
        "theratesapi.com",
        "cached",
        "2026-11-20",
    )
    assert rates["krw_per_unit"] == {"USD": 1400}
    result = invoke("quote", "--format", "json", "--rate", "USD=1300")
    overridden = json.loads(result.stdout)["rates"]
    assert overridden["krw_per_unit"] == {"USD": 1300}
    assert overridden["overrides"] == {"USD": 1300}
    # A currency the cache lacks keeps the snapshot's rate.
    gbp = json.loads(invoke("rates", "--currency", "GBP", "--format", "json").stdout)
    assert gbp["rates"] == [
        {
            "currency": "GBP",
            "krw_per_unit": float(Decimal("1491.76") / Decimal("0.8338")),
            "from": "snapshot",
            "source": "ECB",
            "as_of": "2026-10-30",
            "note": "the cache had none",
            "label": "ECB 2026-10-30, bundled; the cache had none",
        }
    ]


def test_old_rates_suggest_a_refresh() -> None:
    lines = provenance(None, SNAPSHOT, dt.date(2026, 12, 15))
    assert (
        "Rates are over 30 days old: run `exocalc rates --refresh`, or pass --rate "
        "CODE=KRW_PER_UNIT." in lines
    )
    assert not any("over 30 days" in line for line in provenance(None, SNAPSHOT, NOW.date()))


def test_rates_listing() -> None:
    result = invoke("rates")
    assert result.exit_code == 0
    assert "Exchange rates in use: ECB 2026-10-30, bundled" in result.stdout
    assert "₩1,335.2667" in result.stdout
    rows = invoke("rates", "--format", "csv").stdout.splitlines()
    assert rows[0] == "currency,krw_per_unit,from,source,as_of,note"
    assert len(rows) == 31
    assert "USD,1335.266738274257071249552453,bundled,ECB,2026-10-30," in rows
    bad = invoke("rates", "--currency", "USX")
    assert bad.exit_code == 2 and "did you mean 'USD'?" in bad.stderr


def test_a_refused_connection_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    result = refresh(monkeypatch, "http://127.0.0.1:1/api/")
    assert result.exit_code == 1
    assert result.stderr == (
        f"exocalc: could not refresh rates: cannot reach {HOST}: the connection was refused; "
        f"{STILL}"
    )


# --- hostile answers and caches --------------------------------------------------------------


@pytest.mark.parametrize("mode", ["huge", "endless", "bomb"])
def test_an_answer_too_large_is_refused_within_the_deadline(mode: str) -> None:
    """50 MB of floats, a chunked body without end, a gzip bomb: at most 64 KB is read, so
    the deadline holds and memory stays small."""
    with rates_server(mode) as url:
        result, took = run_exocalc(
            "rates", "--refresh", "--timeout", "4", env={"EXOCALC_RATES_URL": url}
        )
    # Refused at the 64 KB it reads, at once: well inside the 4 s deadline, not at it.
    assert took < 2, took
    assert result.returncode == 1
    assert result.stderr == (
        f"exocalc: could not refresh rates: {HOST} sent more than 64 KB; {STILL}"
    )


@pytest.mark.parametrize("krw", ["1e308", "1E-999999999", "-5", "NaN", "[1]"])
def test_absurd_numbers_in_an_answer_are_refused_by_name(krw: str) -> None:
    rates, refused = from_answer(answer({"KRW": "1500", "USD": "1.1", "GBP": krw}))
    assert "GBP" in refused and rates.from_snapshot >= {"GBP"}
    with pytest.raises(LiveRatesError, match="no usable KRW rate"):
        from_answer(answer({"KRW": krw, "USD": "1.1"}))


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"format": "exocalc.rates-cache/1", "fetched_at": "2026-11-28T00:00:00+00:00", '
         '"as_of": "9999-12-31", "source": "x", "krw_per_unit": {"USD": 1400}}',
         "dated 9999-12-31, in the future"),
    ],
)  # fmt: skip
@pytest.mark.usefixtures("rates_not_old")
def test_a_cache_that_cannot_be_trusted_is_ignored(content: str, why: str) -> None:
    path = cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    result = invoke("quote", "--format", "json", *DAY)
    assert result.exit_code == 0
    assert why in result.stderr and result.stderr.count("\n") == 1
    assert json.loads(result.stdout)["rates"]["source"] == "ECB"


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo"])
@pytest.mark.usefixtures("rates_not_old")
def test_a_cache_that_is_no_regular_file_is_ignored_at_once(special: str, tmp_path: Path) -> None:
    path = cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if special == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(special)
    result, took = run_exocalc("quote", "--format", "plain", *DAY, env={})
    assert took < 2, took
    assert result.returncode == 0
    assert "not a regular file" in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout.strip()


@pytest.mark.usefixtures("rates_not_old")
def test_a_rates_cache_of_half_a_gigabyte_is_refused_before_a_byte_is_read() -> None:
    """A cache grown huge (here sparse: 500 MB of nothing) would take seconds and its size in
    memory to parse; it is refused by its size, in one line, at once."""
    path = cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.truncate(500 * 1024 * 1024)
    result, took = run_exocalc("quote", "--format", "plain", *DAY, env={})
    assert took < 2, took
    assert result.returncode == 0 and result.stdout == "2372.60\n"
    assert result.stderr.count("\n") == 1
    assert "cannot read it (larger than 262,144 bytes)" in result.stderr


# --- rates that say what they are (issue 17, section 5) ----------------------------------------


def test_an_answer_per_dollar_is_rebased_not_taken_as_euros(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A service that answers per dollar though asked per euro: KRW 1,342.64 a dollar and
    EUR 0.895 a dollar still make 1,500 KRW a euro, not 1,342.64 (10.5 % off)."""
    with rates_server(rates=dollar_rates(), base="USD") as url:
        result = refresh(monkeypatch, url, "--format", "json")
    assert result.exit_code == 0, result.stderr
    shown = {r["currency"]: r for r in json.loads(result.stdout, parse_float=Decimal)["rates"]}
    assert abs(shown["EUR"]["krw_per_unit"] - 1500) < Decimal("1e-20")
    assert shown["USD"]["krw_per_unit"] == Decimal("1342.642320085929108485499463")
    assert shown["USD"]["from"] == shown["EUR"]["from"] == "live"
    cached = json.loads(cache_path().read_text())["krw_per_unit"]
    assert abs(Decimal(cached["EUR"]) - 1500) < Decimal("1e-20")


def test_an_answer_per_won_is_rebased_too() -> None:
    """Units per won: USD 1.1172 a euro at 1,500 KRW a euro is 1.1172 / 1,500 a won."""
    euro = answer()["rates"]
    per_won = {code: str(Decimal(v) / 1500) for code, v in euro.items() if code != "KRW"}
    per_won["EUR"] = str(Decimal(1) / 1500)
    rates, refused = from_answer(answer(per_won, base="KRW"))
    assert refused == {}
    assert abs(rates.krw_per("EUR") - 1500) < Decimal("1e-20")
    assert abs(rates.krw_per("USD") - Decimal("1342.642320085929108485499463")) < Decimal("1e-20")


@pytest.mark.parametrize(
    ("base", "rates", "why"),
    [
        (None, None, f"{HOST} sent rates without their base currency"),
        ("usd", None, f"{HOST} sent rates in base 'usd', not a currency code"),
        ("USD", euro_rates(),  # rates per euro that call themselves per dollar
         f"{HOST} sent rates per USD that give USD as 1.1172, not 1"),
    ],
)  # fmt: skip
def test_an_answer_whose_base_is_unknown_or_false_is_refused(
    monkeypatch: pytest.MonkeyPatch, base: str | None, rates: dict[str, Any] | None, why: str
) -> None:
    with rates_server(rates=rates, base=base) as url:
        result = refresh(monkeypatch, url)
    assert result.exit_code == 1
    assert result.stderr == f"exocalc: could not refresh rates: {why}; {STILL}"
    assert not cache_path().exists()


def test_a_cached_rate_far_from_the_snapshot_is_refused_with_one_warning() -> None:
    """A hand-edited "USD": "0.0001" would price a trip at 16 billion dollars: it gets the
    check a live answer gets, is refused in one line, and USD keeps the snapshot's rate."""
    path = write_cache_text(cache_text(USD="0.0001", GBP="1800"))
    result = invoke("quote", "--format", "json", *DAY)
    assert result.exit_code == 0
    assert result.stderr == (
        f"exocalc: warning: refused rates of the cache {path}, using ECB 2026-10-30, bundled "
        "for them: USD: 0.0001 KRW is 100% away from the snapshot's 1,335.2667\n"
    )
    quoted = json.loads(result.stdout, parse_float=Decimal)
    assert quoted["total"]["typical"] == Decimal("2372.60")  # the snapshot's figure
    assert quoted["rates"]["krw_per_unit"] == {"USD": SNAPSHOT.krw_per("USD")}
    assert quoted["rates"]["origins"]["USD"]["label"] == (
        "ECB 2026-10-30, bundled; the cached rate was refused (0.0001 KRW is 100% away from "
        "the snapshot's 1,335.2667)"
    )
    # The cache's other rates are still used.
    gbp = quote_rates("--currency", "GBP")
    assert gbp["krw_per_unit"]["GBP"] == 1800
    assert gbp["origins"]["GBP"]["label"] == "theratesapi.com 2026-11-20, cached"


@pytest.mark.usefixtures("rates_not_old")
def test_a_cache_of_nothing_but_refused_rates_is_ignored() -> None:
    path = write_cache_text(cache_text(USD="0.0001"))
    result = invoke("quote", "--format", "plain", *DAY)
    assert result.exit_code == 0 and result.stdout == "2372.60\n"
    assert result.stderr == (
        f"exocalc: warning: ignoring the rates cache {path}: every rate is refused (USD: "
        "0.0001 KRW is 100% away from the snapshot's 1,335.2667); using ECB 2026-10-30, "
        "bundled\n"
    )


def test_provenance_is_the_rates_own_date_and_the_host_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The answer of 2026-11-27 from 127.0.0.1 is that, whenever it was fetched and whatever
    service forex-python calls by default."""
    with rates_server(date="2026-11-27") as url:
        assert refresh(monkeypatch, url).exit_code == 0
    shown = json.loads(invoke("rates", "--format", "json").stdout)
    assert (shown["source"], shown["as_of"], shown["kind"]) == (HOST, "2026-11-27", "cached")
    assert shown["label"] == f"{HOST} 2026-11-27, cached"
    table = invoke("rates").stdout
    assert f"Exchange rates in use: {HOST} 2026-11-27, cached" in table


def test_a_currency_the_live_answer_lacked_says_so_everywhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with rates_server(rates=euro_rates(drop=("NZD",), USD="0")) as url:
        assert refresh(monkeypatch, url).exit_code == 0
    table = " ".join(invoke("rates", "--currency", "NZD,USD,GBP").stdout.split())  # unwrapped
    assert "NZD: ECB 2026-10-30, bundled; the live answer had none" in table
    assert (
        "USD: ECB 2026-10-30, bundled; the live rate was refused ('0' is not a positive rate)"
        in table
    )
    assert "GBP:" not in table  # the title's rates say where GBP's is from
    rows = {
        r["currency"]: r for r in json.loads(invoke("rates", "--format", "json").stdout)["rates"]
    }
    assert rows["NZD"] == {
        "currency": "NZD",
        "krw_per_unit": float(SNAPSHOT.krw_per("NZD")),
        "from": "snapshot",
        "source": "ECB",
        "as_of": "2026-10-30",
        "note": "the live answer had none",
        "label": "ECB 2026-10-30, bundled; the live answer had none",
    }
    assert (rows["GBP"]["source"], rows["GBP"]["as_of"], rows["GBP"]["from"]) == (
        HOST,
        "2026-11-27",
        "cached",
    )
    csv_rows = invoke("rates", "--currency", "NZD", "--format", "csv").stdout.splitlines()
    assert csv_rows[1].endswith(",snapshot,ECB,2026-10-30,the live answer had none")
    origins = quote_rates("--currency", "NZD")["origins"]
    assert origins["NZD"]["label"] == "ECB 2026-10-30, bundled; the live answer had none"
    notes = json.loads(invoke("quote", "--currency", "NZD", "--format", "json").stdout)["notes"]
    rates_note = next(note for note in notes if note.startswith("Rates: "))
    assert rates_note.startswith(f"Rates: {HOST} 2026-11-27, cached (")
    assert rates_note.endswith("; NZD: ECB 2026-10-30, bundled; the live answer had none.")
    gbp = quote_rates("--currency", "GBP")["origins"]["GBP"]
    assert gbp["label"] == f"{HOST} 2026-11-27, cached"


def test_a_fetch_time_written_with_an_offset_is_shown_in_utc() -> None:
    text = json.loads(cache_text())
    text["fetched_at"] = "2026-11-20T17:00:00+09:00"
    write_cache_text(json.dumps(text))
    assert "Fetched 2026-11-20 08:00 UTC." in invoke("rates").stdout
    shown = json.loads(invoke("rates", "--format", "json").stdout)
    assert shown["fetched_at"] == "2026-11-20T08:00:00+00:00"


def test_rates_dated_before_the_snapshot_say_they_are_not_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with rates_server(date="2026-10-01") as url:
        result = refresh(monkeypatch, url)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1] == (
        f"exocalc: warning: the rates {HOST} sent are dated 2026-10-01, not after the bundled "
        "snapshot's (ECB 2026-10-30, bundled): quotes go on using the snapshot"
    )
    assert quote_rates()["source"] == "ECB"


@pytest.mark.parametrize(
    ("date", "why"),
    [
        (None, f"{HOST} sent rates without their date (YYYY-MM-DD)"),
        ("27/11/2026", f"{HOST} sent rates without their date (YYYY-MM-DD)"),
        ("2999-01-01", f"{HOST} sent rates dated 2999-01-01, in the future"),
    ],
)
def test_an_answer_without_a_true_date_is_refused(
    monkeypatch: pytest.MonkeyPatch, date: str | None, why: str
) -> None:
    with rates_server(date=date) as url:
        result = refresh(monkeypatch, url)
    assert result.exit_code == 1
    assert result.stderr == f"exocalc: could not refresh rates: {why}; {STILL}"


# The ECB's figures for 2026-10-30, units per euro, as ../shared/reference publishes them.
ECB_PER_EUR = {
    "EUR": "1", "USD": "1.1172", "JPY": "175.68", "CZK": "24.353", "DKK": "7.4735",
    "GBP": "0.8338", "HUF": "366.33", "PLN": "4.4038", "RON": "5.3447", "SEK": "10.978",
    "CHF": "0.9194", "ISK": "136", "NOK": "10.312", "TRY": "55.8015", "AUD": "1.5904",
    "BRL": "6.0692", "CAD": "1.5606", "CNY": "7.4326", "HKD": "8.7652", "IDR": "20275.17",
    "ILS": "3.495", "INR": "106.084", "KRW": "1491.76", "MXN": "21.1237", "MYR": "4.5325",
    "NZD": "1.9823", "PHP": "71.143", "SGD": "1.4282", "THB": "37.683", "ZAR": "18.6455",
}  # fmt: skip


def test_the_snapshot_keeps_the_ecbs_own_figures() -> None:
    from exocalc.rates.model import snapshot_path

    document = json.loads(snapshot_path().read_text())
    assert (document["source"], document["as_of"], document["base"]) == ("ECB", "2026-10-30", "EUR")
    assert document["per_eur"] == ECB_PER_EUR
    for code, per_eur in ECB_PER_EUR.items():  # KRW per unit: derived, never rounded
        assert SNAPSHOT.krw_per(code) == Decimal("1491.76") / Decimal(per_eur)


def test_an_idr_total_is_not_low_by_a_rounded_rate() -> None:
    """300,000 KRW at 1,491.76 KRW and 20,275.17 IDR a euro is 4,077,432.70 IDR; the rate
    rounded to 0.0736 KRW per IDR made it 4,076,086.96, 0.03 % low."""
    result = invoke("quote", "--currency", "IDR", "--format", "json")
    line = json.loads(result.stdout, parse_float=Decimal)["lines"][0]
    assert (line["id"], line["krw"]["typical"], line["typical"]) == (
        "treatment",
        300000,
        Decimal("4077432.70"),
    )


def test_the_snapshot_tool_keeps_the_published_strings(tmp_path: Path) -> None:
    reference = tmp_path / "ecb-rates-2026-10-30.csv"
    reference.write_text(
        "# units per euro\ncurrency,per_eur,krw_per_unit\nEUR,1,1491.76\nKRW,1491.76,1\n"
        "IDR,20275.17,0.07357570861\nUSD,1.1170,1335.505819\n"
    )
    out = tmp_path / "snapshot.json"
    tool = Path(__file__).resolve().parent.parent / "tools" / "build_rates_snapshot.py"
    done = subprocess.run(
        [sys.executable, str(tool), str(reference), str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text())
    assert document["per_eur"] == {"EUR": "1", "IDR": "20275.17", "KRW": "1491.76", "USD": "1.1170"}
    assert (document["base"], document["as_of"]) == ("EUR", "2026-10-30")


def test_the_source_named_is_the_host_alone() -> None:
    from exocalc.rates.live import host_of

    assert host_of("https://user:secret@rates.example:8443/api/?key=k") == "rates.example"
    assert host_of("https://theratesapi.com/api/") == "theratesapi.com"
    assert host_of("not a url") == "the rates service"
