"""Rates: the snapshot, the cache, live refresh behind a deadline, and which one a quote uses.
No test touches the internet: a fake rates server on localhost stands in for the API."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exocalc.cli import app
from exocalc.output.common import provenance
from exocalc.rates import bundled_rates
from exocalc.rates.cache import FORMAT, cache_path
from exocalc.rates.live import LiveRatesError, rates_from_answer
from tests.fake_rates import euro_rates, rates_server, silent_server

runner = CliRunner()
SNAPSHOT = bundled_rates()
NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)
STILL = "still using ECB 2026-10-30\n"


def invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result


def quote_rates() -> dict[str, Any]:
    result = invoke("quote", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rates: dict[str, Any] = json.loads(result.stdout)["rates"]
    return rates


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
    """KRW 1,500 per euro and USD 1.1172 per euro: 1,500 / 1.1172 = 1,342.642320 KRW per USD."""
    rates, refused = rates_from_answer(euro_rates(), SNAPSHOT, NOW)
    assert refused == {}
    assert rates.krw_per("USD") == Decimal("1342.642320")
    assert rates.krw_per("EUR") == Decimal("1500.000000")
    assert rates.as_of == dt.date(2026, 11, 28) and rates.kind == "live"
    assert rates.from_snapshot == frozenset()


def test_nonsense_rates_are_refused_and_named() -> None:
    answer = euro_rates(USD="0", GBP="-0.8", JPY="abc", CHF="0.45")
    rates, refused = rates_from_answer(answer, SNAPSHOT, NOW)
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
    rates, refused = rates_from_answer(euro_rates(drop=("ISK", "THB")), SNAPSHOT, NOW)
    assert refused == {}
    assert rates.from_snapshot == {"ISK", "THB"}
    assert rates.krw_per("ISK") == SNAPSHOT.krw_per("ISK")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({}, "theratesapi.com sent no rates"),
        (None, "theratesapi.com sent no rates"),
        ({"USD": "1.1"}, "theratesapi.com sent no usable KRW rate (None is not a number)"),
        ({"KRW": "0", "USD": "1.1"},
         "theratesapi.com sent no usable KRW rate ('0' is not a positive rate)"),
    ],
)  # fmt: skip
def test_answers_that_cannot_be_used(answer: Any, message: str) -> None:
    with pytest.raises(LiveRatesError) as err:
        rates_from_answer(answer, SNAPSHOT, NOW)
    assert str(err.value) == message


# --- exocalc rates --refresh against a fake server ---------------------------------------


def test_refresh_then_quote_uses_the_cache_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    with rates_server() as url:
        result = refresh(monkeypatch, url, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert (
        result.stderr
        == f"exocalc: refreshed 29 rates from theratesapi.com; cached in {cache_path()}\n"
    )
    shown = json.loads(result.stdout)
    assert shown["source"] == "theratesapi.com" and shown["kind"] == "live"
    usd = next(r for r in shown["rates"] if r["currency"] == "USD")
    assert usd == {"currency": "USD", "krw_per_unit": 1342.64232, "from": "live"}

    cached = json.loads(cache_path().read_text())
    assert cached["format"] == FORMAT and cached["krw_per_unit"]["USD"] == "1342.642320"
    assert dt.datetime.fromisoformat(cached["fetched_at"]).tzinfo is not None

    rates = quote_rates()
    assert rates["source"] == "theratesapi.com"
    assert rates["kind"] == "cached"
    assert rates["as_of"] == dt.datetime.now(dt.UTC).date().isoformat()
    assert rates["krw_per_unit"] == {"USD": 1342.64232}
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


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("error", "theratesapi.com is not available (Currency Rates Source Not Ready)"),
        ("garbage", "theratesapi.com sent an answer that is not JSON rates (JSONDecodeError)"),
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
        f"exocalc: could not refresh rates: theratesapi.com did not answer within 2 s; {STILL}"
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
    result = invoke("quote", "--format", "json")
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
    assert gbp["rates"] == [{"currency": "GBP", "krw_per_unit": 1789.1101, "from": "snapshot"}]


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
    assert rows[0] == "currency,krw_per_unit,from,source,as_of"
    assert len(rows) == 31
    assert "USD,1335.2667,bundled,ECB,2026-10-30" in rows
    bad = invoke("rates", "--currency", "USX")
    assert bad.exit_code == 2 and "did you mean 'USD'?" in bad.stderr


def test_a_refused_connection_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    result = refresh(monkeypatch, "http://127.0.0.1:1/api/")
    assert result.exit_code == 1
    assert result.stderr == (
        "exocalc: could not refresh rates: cannot reach theratesapi.com: the connection was "
        f"refused; {STILL}"
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
        "exocalc: could not refresh rates: theratesapi.com sent more than 64 KB; "
        "still using ECB 2026-10-30\n"
    )


@pytest.mark.parametrize("krw", ["1e308", "1E-999999999", "-5", "NaN", "[1]"])
def test_absurd_numbers_in_an_answer_are_refused_by_name(krw: str) -> None:
    answer = {"KRW": "1500", "USD": "1.1", "GBP": krw}
    rates, refused = rates_from_answer(answer, bundled_rates(), dt.datetime(2026, 11, 28))
    assert "GBP" in refused and rates.from_snapshot >= {"GBP"}
    with pytest.raises(LiveRatesError, match="no usable KRW rate"):
        rates_from_answer({"KRW": krw, "USD": "1.1"}, bundled_rates(), dt.datetime(2026, 11, 28))


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
    result = invoke("quote", "--format", "json")
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
    result, took = run_exocalc("quote", "--format", "plain", env={})
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
    result, took = run_exocalc("quote", "--format", "plain", env={})
    assert took < 2, took
    assert result.returncode == 0 and result.stdout == "2372.60\n"
    assert result.stderr.count("\n") == 1
    assert "cannot read it (larger than 262,144 bytes)" in result.stderr
