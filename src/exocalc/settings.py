"""Defaults of one's own: a few of the trip's fields (origin, currency, travellers, hotel,
booking), from the environment (EXOCALC_ORIGIN...) or a TOML file in the user's config folder
(`config.toml`). The command line wins over the environment, the environment over the file, the
file over the data's defaults, as git and gh do. Values are text here; the trip's own parsers
check them where they are used (exocalc.request), naming where they came from."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from exocalc.errors import visible
from exocalc.store import APP, read_capped, write_atomic

KEYS = ("origin", "currency", "travellers", "hotel", "booking")
ENVIRONMENT = {key: f"EXOCALC_{key.upper()}" for key in KEYS}
FILE_NAME = "config.toml"
MAX_BYTES = 64 * 1024  # a config of five lines; a larger file is not one


class ConfigError(Exception):
    """A config file that cannot be used: `file:line: key: message`, one line, the file's
    own text in it escaped (a key may hold an escape code or a bidirectional override)."""

    def __init__(self, path: Path, line: int, key: str, message: str) -> None:
        place = f"{path}:{line}" if line else str(path)
        shown = f"{place}: {key}: {message}" if key else f"{place}: {message}"
        super().__init__(visible(shown, one_line=True))


@dataclass(frozen=True)
class Setting:
    key: str
    value: str | None  # None: the data's default
    source: str  # "environment", "config file" or "default"
    where: str  # the variable, or the file and line; "" for a default

    @property
    def label(self) -> str:
        """How a message names it: `EXOCALC_ORIGIN`, `origin in /home/me/.config/...:2`."""
        return self.where if self.source == "environment" else f"{self.key} in {self.where}"


def config_path() -> Path:
    from platformdirs import user_config_dir  # honours XDG_CONFIG_HOME

    return Path(user_config_dir(APP, appauthor=False)) / FILE_NAME


def read_config(path: Path) -> dict[str, tuple[str, int]]:
    """The file's settings with the line of each; {} when there is no file. ConfigError names
    the file, the line and the key of what is wrong."""
    try:
        raw = read_capped(path, MAX_BYTES)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(path, 0, "", f"cannot read it: {exc.strerror or exc}") from None
    import tomllib  # only when there is a file: most runs have none

    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a byte-order mark, as editors save
        document = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ConfigError(path, 0, "", f"not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r" \(at line (\d+), column \d+\)", message)
        line = int(found[1]) if found else 0
        reason = message[: found.start()] if found else message
        lines = text.splitlines()
        key = lines[line - 1].split("=")[0].strip() if 0 < line <= len(lines) else ""
        hint = ' (text needs quotes: origin = "london")' if reason == "Invalid value" else ""
        raise ConfigError(path, line, key, f"not TOML: {reason}{hint}") from None
    except ValueError:  # Python reads no whole number of more than 4,300 digits
        line, key, digits = _longest_number(text)
        raise ConfigError(
            path, line, key, f"a number of {digits:,} digits, too long to read"
        ) from None
    out = {}
    for key, value in document.items():
        line = _line_of(text, key)
        if key not in KEYS:
            raise ConfigError(
                path, line, key, f"unknown setting; valid settings: {', '.join(KEYS)}"
            )
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ConfigError(path, line, key, "must be text or a whole number")
        if isinstance(value, str) and not value.strip():
            message = f"empty: give it a value, or remove the line (exocalc config unset {key})"
            raise ConfigError(path, line, key, message)
        out[key] = (str(value), line)
    return out


def _longest_number(text: str) -> tuple[int, str, int]:
    """The line, key and length of the longest run of digits in the file."""
    found = (0, "", 0)
    for number, line in enumerate(text.splitlines(), start=1):
        for run in re.findall(r"\d+", line):
            if len(run) > found[2]:
                found = (number, line.split("=")[0].strip(), len(run))
    return found


def _line_of(text: str, key: str) -> int:
    import tomllib

    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if _sets(line, key):
            return number
    for number, line in enumerate(lines, start=1):  # the key written with escapes, "\u006frigin"
        try:
            if key in tomllib.loads(line):
                return number
        except tomllib.TOMLDecodeError:
            continue
    return 0


def settings(environ: Mapping[str, str] | None = None, path: Path | None = None) -> list[Setting]:
    """Every setting, its value and where it came from."""
    environ = os.environ if environ is None else environ
    path = path or config_path()
    in_file = read_config(path)
    out = []
    for key in KEYS:
        variable = ENVIRONMENT[key]
        from_env = environ.get(variable, "").strip()
        if from_env:
            out.append(Setting(key, from_env, "environment", variable))
        elif key in in_file:
            value, line = in_file[key]
            out.append(Setting(key, value, "config file", f"{path}:{line}"))
        else:
            out.append(Setting(key, None, "default", ""))
    return out


def write_setting(path: Path, key: str, value: str | None) -> bool:
    """Set (or, with None, remove) one setting in the file, edited as TOML (tomlkit): comments,
    the other settings and the way each key is written stay as they are. One writer at a time
    (a lock beside the file), which reads the file again under the lock: two `config set` run
    at once both land. The file is replaced atomically, through a symbolic link to it (a
    dotfiles repository), keeping its permissions. False when there was nothing to remove."""
    if value is None and not (path.exists() or path.is_symlink()):
        return False  # nothing to remove, and no folder to make for a lock
    path.parent.mkdir(parents=True, exist_ok=True)
    with _one_writer(path):
        read_config(path)  # a broken file is named, not overwritten
        target = path.resolve() if path.is_symlink() else path
        try:
            text = read_capped(target, MAX_BYTES).decode("utf-8").removeprefix("\ufeff")
            mode: int | None = target.stat().st_mode & 0o777
        except FileNotFoundError:
            text, mode = HEADER, None
        import tomlkit  # only here: reading the file needs tomllib alone

        document = tomlkit.parse(text)
        if value is None:
            if key not in document:
                return False
            del document[key]
        else:
            document[key] = int(value) if value.isdigit() else value
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_atomic(target, tomlkit.dumps(document).encode("utf-8"), shared=True)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(target)) from None
        if mode is not None:
            os.chmod(target, mode)
    return True


@contextlib.contextmanager
def _one_writer(path: Path) -> Iterator[None]:
    """An exclusive lock on `config.toml.lock` beside the file, held while it is rewritten."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): one writer at a time is the user's to keep
        yield
        return
    with open(path.with_name(path.name + ".lock"), "ab") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # released when the file is closed
        yield


HEADER = """\
# exocalc's defaults of your own: `exocalc config` shows them, with where each comes from
# (the command line and EXOCALC_* variables win over this file).
"""


def _sets(line: str, key: str) -> bool:
    return re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line) is not None
