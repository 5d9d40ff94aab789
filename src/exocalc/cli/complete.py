"""Shell completion for names the data knows: tiers, clinics, origins, currencies..."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Where each kind of name lives in the bundled dataset.
SECTIONS: dict[str, tuple[str, ...]] = {
    "treatment": ("treatments",),
    "tier": ("tiers",),
    "clinic": ("clinics",),
    "origin": ("trip", "origins"),
    "hotel": ("trip", "hotels"),
    "addon": ("addons",),
    "booking": ("booking_channels",),
}


def _names(path: tuple[str, ...]) -> list[str]:
    # Plain YAML, no validation: completion must answer fast and never fail loudly.
    import yaml

    from exocalc.data.load import bundled_path

    try:
        node: Any = yaml.load(bundled_path().read_text("utf-8"), Loader=yaml.CSafeLoader)
        for key in path:
            node = node[key]
        return [str(name) for name in node]
    except Exception:  # completion is a convenience: no names rather than a traceback
        return []


def currencies(incomplete: str) -> list[str]:
    from exocalc.rates import bundled_rates

    codes = [c for c in bundled_rates().currencies if c.startswith(incomplete.upper())]
    # The shell keeps only what starts with what was typed: answer in the same case.
    return [c.lower() for c in codes] if incomplete.islower() else codes


def completer(kind: str) -> Callable[[str], list[str]]:
    """Completion of the names of one kind (a field's `names`)."""
    if kind == "currency":
        return currencies

    def complete(incomplete: str) -> list[str]:
        return [n for n in _names(SECTIONS[kind]) if n.startswith(incomplete.lower())]

    return complete
