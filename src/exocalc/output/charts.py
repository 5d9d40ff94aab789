"""Bar charts in plain characters: they read the same on a terminal, in a pipe and in a file."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from exocalc.output.fmt import Display, money_text

FULL, NEGATIVE, MARKER = "█", "░", "│"  # "#", ".", "|" where the output cannot write them


# Bars shorter than this say little: below it, labels go on a line of their own.
MIN_BAR = 10
LABEL_WIDTH = 24


def bar_lines(
    items: Sequence[tuple[str, Decimal]],
    currency: str,
    display: Display,
    width: int = 80,
    marker: Decimal | None = None,
    marker_label: str = "",
) -> list[str]:
    """One line per item: its label, a bar whose length is proportional to the amount, the
    amount. Negative amounts (discounts, refunds) are drawn light. `marker` draws a line at
    that amount on every bar (the price at home). Nothing is cut: where labels and bars do
    not fit side by side, each label has a line of its own above its bar."""
    if not items:
        return []
    full, negative, marker_char = (
        display.glyph(FULL, "#"),
        display.glyph(NEGATIVE, "."),
        display.glyph(MARKER, "|"),
    )
    amounts = [money_text(amount, currency, display) for _, amount in items]
    amount_width = max(len(a) for a in amounts)
    label_width = max(len(label) for label, _ in items)
    beside = label_width <= LABEL_WIDTH and width - label_width - amount_width - 4 >= MIN_BAR
    indent = label_width + 2 if beside else 0
    bar_width = max(width - indent - amount_width - 2, 1)
    scale_top = max([abs(a) for _, a in items] + ([abs(marker)] if marker is not None else []))
    scale_top = scale_top or Decimal(1)

    def cells(amount: Decimal) -> int:
        return int((abs(amount) / scale_top * bar_width).to_integral_value())

    mark_at = min(cells(marker), bar_width - 1) if marker is not None else None
    lines = []
    for (label, amount), shown in zip(items, amounts, strict=True):
        bar = list((negative if amount < 0 else full) * cells(amount) + " " * bar_width)[:bar_width]
        if mark_at is not None:
            bar[mark_at] = marker_char
        drawn = f"{''.join(bar)}  {shown:>{amount_width}}"
        lines += [f"{label:<{label_width}}  {drawn}"] if beside else [label, drawn]
    if marker is not None and mark_at is not None:
        at = indent + mark_at
        note = f"{marker_label} {money_text(marker, currency, display)}".strip()
        if at + 2 + len(note) <= width:
            lines.append(f"{' ' * at}{marker_char} {note}")
        else:  # no room on the right: the note ends at the line
            lines.append(f"{note} {marker_char}".rjust(at + 1))
    return lines


def tornado_lines(
    items: Sequence[tuple[str, Decimal, Decimal]],
    currency: str,
    display: Display,
    width: int = 80,
) -> list[str]:
    """A tornado chart: one line per item, from a line down the middle (where the items
    start from), a bar to the left as far as its `low` (at most 0) and one to the right as far
    as its `high` (at least 0), each with its amount; the items as given (largest first).
    Where labels and bars do not fit side by side, each label has a line of its own."""
    if not items:
        return []
    full, negative, marker = (
        display.glyph(FULL, "#"),
        display.glyph(NEGATIVE, "."),
        display.glyph(MARKER, "|"),
    )
    lefts = [money_text(low, currency, display) if low < 0 else "" for _, low, _ in items]
    rights = ["+" + money_text(high, currency, display) if high > 0 else
              money_text(high, currency, display) for _, _, high in items]  # fmt: skip
    left_width = max(len(t) for t in lefts)
    right_width = max(len(t) for t in rights)
    label_width = max(len(label) for label, _, _ in items)
    fixed = left_width + right_width + 3 + (1 if left_width else 0)
    beside = label_width <= LABEL_WIDTH and width - label_width - 2 - fixed >= MIN_BAR
    room = max(width - fixed - (label_width + 2 if beside else 0), 2)
    most_left = max(-low for _, low, _ in items)
    most_right = max(high for _, _, high in items)
    scale_top = (most_left + most_right) or Decimal(1)
    left_room = int((most_left / scale_top * room).to_integral_value()) if most_left else 0
    right_room = room - left_room

    def cells(amount: Decimal) -> int:
        return int((abs(amount) / scale_top * room).to_integral_value())

    lines = []
    for (label, low, high), left, right in zip(items, lefts, rights, strict=True):
        lbar = (negative * min(cells(low), left_room)).rjust(left_room)
        rbar = (full * min(cells(high), right_room)).ljust(right_room)
        shown = f"{left:>{left_width}} " if left_width else ""
        drawn = f"{shown}{lbar}{marker}{rbar} {right:<{right_width}}".rstrip()
        lines += [f"{label:<{label_width}}  {drawn}"] if beside else [label, drawn]
    return lines
