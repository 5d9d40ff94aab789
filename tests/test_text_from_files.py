"""Text from files is text (issue 17, section 4): values in config.toml and EXOCALC_* variables
never act on a terminal; `config set` edits TOML as TOML, refuses an empty value and loses
nothing to another `config set` running at once; the dataset cache holds data, never code, and
an entry that fails the dataset's own checks is ignored and rebuilt, without a traceback."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests import runner

# Escape codes a hostile file or variable could hold: OSC 52 (writes the clipboard), a cleared
# screen, a C1 control introducer, and a right-to-left override (shows text in another order).
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
HOSTILE = f"lon{OSC52}\x1b[2J\x9b\u202edon"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")

# Rates under 30 days old: these tests expect a quiet stderr, whatever the calendar says.
pytestmark = pytest.mark.usefixtures("rates_not_old")


run = functools.partial(runner.run, columns=100)


def inert(text: str) -> bool:
    return not any(raw in text for raw in RAW)


@pytest.fixture(autouse=True)
def _own_config(config_file: Path) -> Path:
    """Every test here has a config folder of its own (conftest's config_file)."""
    return config_file


# --- values from the file and the environment are shown, never acted on -----------------------


def test_config_shows_a_hostile_value_from_the_file_escaped(config_file: Path) -> None:
    config_file.write_text(f"origin = {json.dumps(HOSTILE)}\n")
    table = run("config", code=1).stdout
    assert inert(table), table
    assert "lon\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J\\x9b\\u202edon" in table


def test_config_shows_a_hostile_variable_escaped() -> None:
    table = run("config", code=1, EXOCALC_CURRENCY=HOSTILE).stdout
    assert inert(table), table
    assert "\\x1b]52;c;ZXZpbA==" in table


def test_config_json_keeps_the_value_but_escapes_it(config_file: Path) -> None:
    config_file.write_text(f"origin = {json.dumps(HOSTILE)}\n")
    shown = run("config", "--format", "json", code=1).stdout
    assert inert(shown), shown
    assert json.loads(shown)["settings"][0]["value"] == HOSTILE  # the same value, to a reader


@pytest.mark.parametrize(
    ("line", "message"),
    [
        # An unknown key, written with TOML escapes: the message quotes the key it names.
        ('"\\u001b[2J\\u202e" = 1', ":1: \\x1b[2J\\u202e: unknown setting; valid settings: "
                                    "origin, currency, travellers, hotel, booking"),
        # A line that is not TOML, its raw bytes quoted as its key.
        ("\x1b[2J\u202e = 1", ":1: \\x1b[2J\\u202e: not TOML: Invalid statement"),
        # A key across two lines is still one line of message.
        ('"a\\nb" = 1', ":1: a\\x0ab: unknown setting; valid settings: origin, currency, "
                        "travellers, hotel, booking"),
    ],
)  # fmt: skip
def test_an_error_quoting_a_config_line_escapes_it(
    config_file: Path, line: str, message: str
) -> None:
    config_file.write_text(line + "\n", encoding="utf-8")
    result = run("quote", code=1)
    assert result.stderr == f"exocalc: error: broken config: {config_file}{message}\n"


# --- config set edits TOML as TOML -------------------------------------------------------------


def settings_in(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_config_set_finds_a_key_written_with_escapes(config_file: Path) -> None:
    config_file.write_text('"\\u006frigin" = "london"\n')  # "origin", as TOML may spell it
    run("config", "set", "origin", "tokyo")
    assert settings_in(config_file) == {"origin": "tokyo"}
    assert json.loads(run("quote", "--format", "json").stdout)["inputs"]["origin"] == "tokyo"
    shown = json.loads(run("config", "--format", "json").stdout)["settings"][0]
    assert shown["where"] == f"{config_file}:1"  # the line it is on, escapes and all


def test_config_set_leaves_a_look_alike_line_in_a_multi_line_string(config_file: Path) -> None:
    booking = 'origin = "london"\n'
    config_file.write_text(f'booking = """\n{booking}"""\n')
    run("config", "set", "origin", "tokyo")
    assert settings_in(config_file) == {"booking": booking, "origin": "tokyo"}


def test_config_set_keeps_an_inline_comment(config_file: Path) -> None:
    config_file.write_text("# mine\norigin = 'london'   # home, for now\ntravellers = 2 # us\n")
    run("config", "set", "origin", "tokyo")
    run("config", "unset", "travellers")
    assert config_file.read_text() == '# mine\norigin = "tokyo"   # home, for now\n'


@pytest.mark.parametrize(("key", "value"), [("origin", ""), ("currency", " "), ("hotel", "")])
def test_config_set_refuses_an_empty_value(config_file: Path, key: str, value: str) -> None:
    result = run("config", "set", key, value, code=2)
    assert result.stderr == (
        f"exocalc: error: {key}: the value is empty; `exocalc config unset {key}` goes back to "
        "the data's default\n"
    )
    assert not config_file.exists()


def test_an_empty_value_in_the_file_is_named_not_taken_for_the_default(config_file: Path) -> None:
    config_file.write_text('origin = ""\n')
    result = run("quote", code=1)
    assert result.stderr == (
        f"exocalc: error: broken config: {config_file}:1: origin: empty: give it a value, or "
        "remove the line (exocalc config unset origin)\n"
    )


# A disk that takes its time: each write's fsync waits half a second, so that four `config
# set` started together are all between reading the file and replacing it at once.
SLOW_DISK = """
import os, sys, time
fsync = os.fsync
os.fsync = lambda fd: (time.sleep(0.5), fsync(fd))[1]
sys.argv = ["exocalc", *sys.argv[1:]]
from exocalc.cli import main
main()
"""


def test_four_config_set_at_once_lose_nothing(config_file: Path) -> None:
    wanted = {"origin": "london", "currency": "EUR", "travellers": 2, "hotel": "luxury"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", SLOW_DISK, "config", "set", key, str(value)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for key, value in wanted.items()
    ]
    for started in runs:
        _, stderr = started.communicate(timeout=60)
        assert started.returncode == 0, stderr
    assert settings_in(config_file) == wanted


# --- the dataset cache holds data, never code --------------------------------------------------


def cli_entry_key() -> bytes:
    """The key the command line files the bundled dataset under (the rates' currencies)."""
    from exocalc.data import cache as datacache
    from exocalc.data.load import bundled_path
    from exocalc.rates import bundled_rates

    return datacache.key([bundled_path().read_bytes()], bundled_rates().currencies)


def with_xenia_in(tier: str) -> Any:
    import dataclasses

    from exocalc.data.load import load_layers

    dataset = load_layers([])
    clinics = {**dataset.clinics, "xenia": dataclasses.replace(dataset.clinics["xenia"], tier=tier)}
    return dataclasses.replace(dataset, clinics=clinics)


def xenia_quote(code: int = 0) -> Any:
    result = run(
        "quote", "--clinic", "xenia", "--format", "json", "--date", "2026-12-15", code=code
    )
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_an_entry_that_fails_the_cross_reference_checks_is_ignored_and_rebuilt() -> None:
    from exocalc.data import cache as datacache
    from exocalc.data.load import load_dataset

    expected = xenia_quote()
    # However it is written, an entry whose clinic names a tier the data does not have...
    datacache.store(cli_entry_key(), with_xenia_in("gold"))
    assert xenia_quote() == expected  # ...is not the dataset: no KeyError, no traceback
    assert load_dataset().clinics["xenia"].tier == "factory"  # and a sound entry replaced it


def entry_path() -> Path:
    from exocalc.store import cache_dir

    return cache_dir() / "dataset.json"


def test_the_cache_is_json_after_two_lines_of_header() -> None:
    from exocalc.data.load import load_dataset, load_layers
    from exocalc.store import cache_dir

    xenia_quote()
    assert sorted(p.name for p in cache_dir().iterdir()) == ["dataset.json"]
    head, key, body = entry_path().read_bytes().split(b"\n", 2)
    assert head == b"exocalc-dataset/2" and key == cli_entry_key()
    assert json.loads(body)["clinics"]["xenia"]["prices"] == {}
    assert json.loads(body)["tiers"]["factory"]["prices"]["skin"]["low"] == "120000"
    # What comes back is what validation made, to the last digit and date.
    assert repr(load_dataset([], None)) == repr(load_dataset([], None)) == repr(load_layers([]))


def edit_entry(change: Any) -> None:
    head, key, body = entry_path().read_bytes().split(b"\n", 2)
    document = json.loads(body)
    change(document)
    entry_path().write_bytes(head + b"\n" + key + b"\n" + json.dumps(document).encode())


def xenia(document: Any) -> Any:
    return document["clinics"]["xenia"]


@pytest.mark.parametrize(
    "change",
    [
        lambda d: xenia(d).update(tier="gold"),  # a tier the data does not have
        lambda d: xenia(d).update(booking=["nowhere"]),  # a booking channel it does not have
        lambda d: xenia(d).update(name=f"Xenia{OSC52}"),  # text its type refuses
        lambda d: xenia(d).update(vat_refund=True),  # a value of the wrong type
        lambda d: xenia(d).update(code="__import__('os').system('id')"),  # a field it lacks
        lambda d: d["tiers"]["factory"]["prices"]["skin"].update(low="NaN"),
        lambda d: d["tiers"]["factory"]["prices"]["skin"].update(low="9e99"),  # past the bound
        lambda d: d["tiers"]["factory"]["prices"]["skin"].update(low="999999"),  # above high
        lambda d: d.pop("trip"),  # a record cut short
    ],
)
def test_a_tampered_json_entry_is_ignored_and_rebuilt(change: Any) -> None:
    expected = xenia_quote()
    edit_entry(change)
    assert xenia_quote() == expected
    assert xenia(json.loads(entry_path().read_bytes().split(b"\n", 2)[2]))["tier"] == "factory"


def test_a_pickle_planted_where_the_cache_was_is_never_unpickled(tmp_path: Path) -> None:
    import pickle

    from exocalc.store import cache_dir

    expected = xenia_quote()
    marker = tmp_path / "ran"

    class RunsCode:
        def __reduce__(self) -> Any:
            return (os.system, (f"touch {marker}",))

    head = b"exocalc-dataset/1\n" + cli_entry_key() + b"\n"  # the header exocalc once read
    for payload in (RunsCode(), with_xenia_in("gold")):
        for name in ("dataset.pickle", "dataset.json"):
            (cache_dir() / name).write_bytes(head + pickle.dumps(payload))
        assert xenia_quote() == expected
        assert not marker.exists()
    assert not (cache_dir() / "dataset.pickle").exists()  # an older exocalc's entry, removed


# tomlkit is for `config set` and `config unset` alone: every other command stays light.
PROBE = """
import sys
sys.argv = ["exocalc", *sys.argv[1:]]
from exocalc.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(f"TOMLKIT={'tomlkit' in sys.modules}")
"""


@pytest.mark.parametrize(
    ("args", "loads"),
    [(["quote", "--format", "json"], False), (["config"], False),
     (["config", "set", "travellers", "2"], True)],
)  # fmt: skip
def test_tomlkit_loads_only_to_edit_the_file(
    config_file: Path, args: list[str], loads: bool
) -> None:
    config_file.write_text("# mine\n")
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True)
    assert done.stderr.rsplit("TOMLKIT=", 1)[-1] == str(loads), done.stderr
