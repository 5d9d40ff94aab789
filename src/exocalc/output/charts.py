"""Bar charts in plain characters: they read the same on a terminal, in a pipe and in a file."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from exocalc.output.fmt import glyph, money_text

FULL, NEGATIVE, MARKER = "█", "░", "│"  # "#", ".", "|" where the output cannot write them


def bar_lines(
    items: Sequence[tuple[str, Decimal]],
    currency: str,
    width: int = 80,
    marker: Decimal | None = None,
    marker_label: str = "",
) -> list[str]:
    """One line per item: its label, a bar whose length is proportional to the amount, the
    amount. Negative amounts (discounts, refunds) are drawn light. `marker` draws a line at
    that amount on every bar (the price at home)."""
    if not items:
        return []
    full, negative, marker_char = glyph(FULL, "#"), glyph(NEGATIVE, "."), glyph(MARKER, "|")
    label_width = min(max(len(label) for label, _ in items), 24)
    amounts = [money_text(amount, currency) for _, amount in items]
    amount_width = max(len(a) for a in amounts)
    bar_width = max(width - label_width - amount_width - 4, 10)
    scale_top = max([abs(a) for _, a in items] + ([abs(marker)] if marker is not None else []))
    scale_top = scale_top or Decimal(1)

    def cells(amount: Decimal) -> int:
        return int((abs(amount) / scale_top * bar_width).to_integral_value())

    mark_at = cells(marker) if marker is not None else None
    lines = []
    for (label, amount), shown in zip(items, amounts, strict=True):
        bar = list((negative if amount < 0 else full) * cells(amount) + " " * bar_width)[:bar_width]
        if mark_at is not None:
            bar[min(mark_at, bar_width - 1)] = marker_char
        lines.append(
            f"{label[:label_width]:<{label_width}}  {''.join(bar)}  {shown:>{amount_width}}"
        )
    if marker is not None:
        at = label_width + 2 + min(mark_at or 0, bar_width - 1)
        note = f"{marker_label} {money_text(marker, currency)}".strip()
        if at + 2 + len(note) <= width:
            lines.append(f"{' ' * at}{marker_char} {note}")
        else:  # no room on the right: the note ends at the line
            lines.append(f"{note} {marker_char}".rjust(at + 1))
    return lines
