"""The shape of the code: imports flow one way, no module imports one that imports it back, a
command's module stands alone, modules stay short, and the trip's fields have one owner."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import re
from pathlib import Path

import exocalc
from exocalc.cli import COMMANDS
from exocalc.data.model import Dataset
from exocalc.rates import Rates
from exocalc.request import FIELDS, Request, default_tier, own_defaults, resolve

SRC = Path(exocalc.__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = ("exocalc", *path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts).removesuffix(".__init__")


MODULES = {module_name(path): path for path in SRC.rglob("*.py")}


def imports(module: str) -> set[str]:
    """Every exocalc module this one imports, at the top or inside a function, typing-only
    imports included: a cycle of any kind is a knot in the design."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in MODULES and name != module}
    return found


GRAPH = {module: imports(module) for module in MODULES}


def test_no_module_imports_one_that_imports_it_back() -> None:
    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [*GRAPH[start]]
        while todo:
            here = todo.pop()
            if here == goal:
                return True
            if here not in seen:
                seen.add(here)
                todo += GRAPH[here]
        return False

    knots = sorted(m for m in GRAPH if reaches(m, m))
    assert knots == []


def layer(module: str) -> int:
    """data -> rates -> engine -> output -> cli: a module may import only its own layer or
    those before it."""
    order = [
        (
            "exocalc.errors",
            "exocalc.money",
            "exocalc.store",
            "exocalc.settings",
            "exocalc.data.model",
        ),
        (
            "exocalc.data.read",
            "exocalc.data.check",
            "exocalc.data.cache",
            "exocalc.data.load",
            "exocalc.data.cites",
            "exocalc.data.safety",
        ),
        ("exocalc.rates",),
        ("exocalc.request.values", "exocalc.request", "exocalc.pricing"),
        ("exocalc.output",),
        ("exocalc.batch",),
        ("exocalc.cli", "exocalc.__main__"),
    ]
    for rank, prefixes in enumerate(order):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return -1  # the package itself: its version


def test_imports_flow_one_way() -> None:
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if layer(target) > layer(module)
    )
    assert upward == []


def test_no_command_imports_another_command() -> None:
    commands = {module.partition(":")[0] for module in COMMANDS.values()}
    crossing = sorted(
        f"{module} -> {target}"
        for module in commands
        for target in GRAPH[module]
        if target in commands
    )
    assert crossing == []


def test_modules_are_short_and_the_engine_s_functions_too() -> None:
    long_modules = {
        m: n for m, p in MODULES.items() if (n := len(p.read_text().splitlines())) >= 400
    }
    assert long_modules == {}
    long_functions = []
    for module, path in MODULES.items():
        if not module.startswith(("exocalc.pricing", "exocalc.request")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    long_functions.append(f"{module}.{node.name}: {length}")
    assert long_functions == []


def test_the_trip_s_fields_have_one_table() -> None:
    names = [f.name for f in FIELDS]
    assert names == [f.name for f in dataclasses.fields(Request)]
    assert len(set(names)) == len(names)
    for field in FIELDS:
        assert field.help and field.metavar, field.name


def _outside_imports(module: str) -> list[tuple[str, str]]:
    """(module imported from outside exocalc, name taken from it), every one in a module:
    `from click import echo` is ("click", "echo"); `os._exit(...)` is ("os", "_exit")."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    bound: dict[str, str] = {}
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not alias.name.startswith("exocalc"):
                    bound[alias.asname or alias.name.split(".")[0]] = alias.name.split(".")[0]
                    found += [(alias.name.split(".")[0], part) for part in alias.name.split(".")]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and not node.module.startswith("exocalc")
        ):
            found += [(node.module, part) for part in node.module.split(".")]
            found += [(node.module, alias.name) for alias in node.names]
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
        ):
            found.append((bound[node.value.id], node.attr))
    return found


# Public though spelt with an underscore: documented as the way to end at once (after fork, or
# from a hook that must not raise).
DOCUMENTED = {("os", "_exit")}


def test_no_module_takes_a_private_name_of_another_package() -> None:
    private = sorted(
        f"{module}: {source}.{name}"
        for module in MODULES
        for source, name in _outside_imports(module)
        if name.startswith("_") and not name.startswith("__") and (source, name) not in DOCUMENTED
    )
    assert private == []


def test_every_library_imported_is_declared() -> None:
    import sys
    import tomllib

    # The checkout's own pyproject.toml: the package under test may be installed elsewhere.
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    declared = {
        line.split(">")[0].split("<")[0].split("=")[0].split("[")[0].strip().lower()
        for line in project["project"]["dependencies"]
    }
    distribution = {
        "yaml": "pyyaml",
        "forex_python": "forex-python",
        "pydantic_core": "pydantic-core",
    }
    used = {
        distribution.get(source.split(".")[0], source.split(".")[0]).lower()
        for module in MODULES
        for source, _ in _outside_imports(module)
        if source.split(".")[0] not in sys.stdlib_module_names and source != "__future__"
    }
    assert sorted(used - declared) == []


def test_a_resolved_request_settles_each_default_once(data: Dataset, rates: Rates) -> None:
    """`Resolved` is the table's fields, each settled: what `exocalc config` shows as the data's
    defaults is what a request left empty is priced with."""
    resolved = resolve(Request(), data, rates.currencies, dt.date(2026, 11, 2))
    assert [f.name for f in dataclasses.fields(resolved)] == [f.name for f in FIELDS]
    assert all(getattr(resolved, f.name) is not None for f in FIELDS if f.settled)
    shown = own_defaults(data, None)
    assert (resolved.origin, resolved.currency, str(resolved.travellers), resolved.hotel) == (
        shown["origin"],
        shown["currency"],
        shown["travellers"],
        shown["hotel"],
    )
    assert resolved.tier == default_tier(data) == "standard"


def test_the_engine_writes_no_money_text() -> None:
    """Notes name their amounts as Money; only the output layer writes them: no amount format
    (`:,.0f`, `:,f`) nor a currency code before a value in pricing/."""
    money_formats = re.compile(r":,\.\d*f\}|:,f\}|\b(?:KRW|USD) \{")
    found = [
        f"{module}: {line.strip()}"
        for module, path in MODULES.items()
        if module.startswith("exocalc.pricing")
        for line in path.read_text(encoding="utf-8").splitlines()
        if money_formats.search(line)
    ]
    assert found == []
