"""Text for people that never cuts a number or an address: prose wrapped between words (an
amount such as 'HUF 1,092,259.72' is one word), and tables that change shape, rather than cut a
column, when the terminal is narrow: optional columns drop out first, then each row becomes a
card. A column of addresses (a link, a field's path) keeps each whole, as amounts are kept: it
is as wide as its longest, and a card puts one that does not fit beside its name under it."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

# What one column costs besides its text in the tables drawn here: padding and a rule.
GAP = 3
# A currency code before a number belongs to it: 'KRW 300,000' never breaks after 'KRW'.
_CODE = re.compile(r"[(]?[A-Z]{3}$")
_NUMBER = re.compile(r"-?\d")
_DIGIT = re.compile(r"\d")
DASHES = re.compile("[–-]")
# A label column this wide reads well; narrower ones are used only when nothing else fits.
COMFORTABLE = 26
LONGEST_WORD = 20


def words(text: str) -> list[str]:
    """The text's words, an amount written with its currency code kept as one."""
    out: list[str] = []
    for word in text.split(" "):
        if out and _NUMBER.match(word) and _CODE.search(out[-1]):
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def wrap(text: str, width: int, fold: bool = True) -> list[str]:
    """Greedy wrapping between words. A word wider than the line breaks after a dash (a
    range: 'IDR 45,355,526.49–' then 'IDR 108,853,263.59'); a word with a digit in it (an
    amount, a date) never breaks further: it is left whole, wider than the line if it must be;
    a long word without one is folded, unless `fold` is False (an address: every word whole)."""
    width = max(width, 1)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in _pieces(words(paragraph), width) if fold else paragraph.split(" "):
            while fold and len(word) > width and not _DIGIT.search(word):
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:width])
                word = word[width:]
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= width:
                line += " " + word
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _pieces(found: list[str], width: int) -> list[str]:
    """Words wider than the line, broken after their dashes ('–', the ranges' own)."""
    out = []
    for word in found:
        while len(word) > width and DASHES.search(word[:-1]):
            cut = max(m.end() for m in DASHES.finditer(word[:-1]))
            out.append(word[:cut])
            word = word[cut:]
        out.append(word)
    return out


def wrap_parts(parts: Sequence[str], width: int) -> list[str]:
    """A title of comma-separated parts, wrapped between parts where it can: 'in USD' stays
    whole; a part wider than the line wraps between its words."""
    lines: list[str] = []
    line = ""
    for n, part in enumerate(parts):
        piece = part + ("," if n < len(parts) - 1 else "")
        if line and len(line) + 1 + len(piece) <= width:
            line += " " + piece
            continue
        if line:
            lines.append(line)
        *whole, line = wrap(piece, width)
        lines += whole
    return [*lines, line]


def say(
    con: Console, text: str | Sequence[str], style: str = "", indent: str = "", hang: str = ""
) -> None:
    """Print prose wrapped to the console, each line as it is (rich would break anywhere).
    A sequence is a title's parts, wrapped between parts. `hang`: what lines after the first
    start with (a note's continuation, under its text)."""
    from rich.text import Text

    width = con.width - len(indent) - len(hang)
    lines = wrap(text, width) if isinstance(text, str) else wrap_parts(text, width)
    for n, line in enumerate(lines):
        shown = indent + (hang if n else "") + line
        con.print(Text(shown, style=style), no_wrap=True, crop=False, overflow="ignore")


def note(con: Console, text: str) -> None:
    """A note: '- ' and its text, wrapped under the text."""
    say(con, f"- {text}", hang="  ")


@dataclass(frozen=True)
class Column:
    header: str  # may hold '\n': a header on two lines
    wraps: bool = False  # words that may wrap; amounts never do
    min_width: int = 0  # what a wrapping column needs
    drop: int = 0  # columns that can go when there is no room: the highest first; 0 stays
    # A dropped column whose figures must stay in sight: the column (its index) whose cells
    # take them, as 'Header: its lines, joined' on a line of their own.
    fold: int | None = None
    # Words never broken (an address, a field's path): a table gives the column its longest
    # word, and a card puts a value that does not fit beside its name on lines under it.
    whole: bool = False


Cell = str | tuple[str, str]


def text_of(cell: Cell, compact: bool = False) -> str:
    return cell if isinstance(cell, str) else cell[compact]


@dataclass(frozen=True)
class Row:
    label: str
    # One per column; '\n' between lines of one cell. A pair is a cell's text and a
    # narrower way to write it (a range on two lines), used when the first does not fit.
    cells: Sequence[Cell]
    style: str = ""
    rule: bool = False  # a rule above: the totals under the lines


def folded(columns: Sequence[Column], rows: Sequence[Row], keep: Sequence[int]) -> list[Row]:
    """The rows as a shape of `keep` columns shows them: each dropped column that folds, its
    text under the cell of the column it folds into (in both ways of writing that cell)."""
    into = [
        (i, c.fold)
        for i, c in enumerate(columns)
        if i not in keep and c.fold is not None and c.fold in keep
    ]
    if not into:
        return list(rows)
    out = []
    for row in rows:
        cells = list(row.cells)
        for i, j in into:
            text = text_of(row.cells[i])
            if not text:
                continue
            extra = f"{columns[i].header.replace(chr(10), ' ')}: " + ", ".join(text.split("\n"))
            cells[j] = (
                text_of(cells[j]) + "\n" + extra,
                text_of(cells[j], compact=True) + "\n" + extra,
            )
        out.append(Row(row.label, cells, row.style, row.rule))
    return out


def _width(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.split("\n")), default=0)


def _natural(column: Column, rows: Sequence[Row], i: int, compact: bool) -> int:
    """The width of a column's widest line, its header's included."""
    return max([_width(column.header)] + [_width(text_of(r.cells[i], compact)) for r in rows])


def _longest_word(texts: Sequence[str], whole: bool = False) -> int:
    """What a wrapping column needs so that no word of it is folded (up to a limit, unless its
    words are `whole`: a long word may fold, an address never)."""
    found = (_width(w) for t in texts for line in t.split("\n") for w in words(line))
    longest = max(found, default=0)
    return longest if whole else min(longest, LONGEST_WORD)


def shapes(columns: Sequence[Column]) -> list[list[int]]:
    """The columns to show, from all of them to the fewest: the highest `drop` goes first."""
    levels = sorted({c.drop for c in columns if c.drop}, reverse=True)
    out = [list(range(len(columns)))]
    for level in levels:
        out.append([i for i in out[-1] if not (columns[i].drop >= level)])
    return out


def widths(
    columns: Sequence[Column],
    rows: Sequence[Row],
    keep: Sequence[int],
    label: int,
    room: int,
    compact: bool = False,
) -> list[int] | None:
    """Each column's width (the label's first) in `room` cells, or None if it cannot fit:
    amounts get their widest line; the label and wrapping columns share what is left, each
    at least its minimum, the rest going where text is longest."""
    fixed = [i for i in keep if not columns[i].wraps]
    free = room - GAP * len(keep) - sum(_natural(columns[i], rows, i, compact) for i in fixed)
    flexible = [-1] + [i for i in keep if columns[i].wraps]
    want = {-1: max([label] + [_width(r.label) for r in rows])}
    least = {-1: max(label, _longest_word([r.label for r in rows]))}
    for i in flexible[1:]:
        found = _longest_word([text_of(r.cells[i]) for r in rows], columns[i].whole)
        least[i] = max(columns[i].min_width, found)
        want[i] = max(least[i], _natural(columns[i], rows, i, compact))
    got = dict(least)
    spare = free - sum(got.values())
    if spare < 0:
        return None
    while spare > 0:
        short = max(flexible, key=lambda i: want[i] - got[i])
        if want[short] <= got[short]:
            break
        got[short] += 1
        spare -= 1
    return [got[-1]] + [
        got[i] if columns[i].wraps else _natural(columns[i], rows, i, compact) for i in keep
    ]


def draw_table(
    con: Console,
    title: Sequence[str],
    head: str,
    columns: Sequence[Column],
    rows: Sequence[Row],
    label_min: int = 12,
    subtitle: str = "",
) -> list[int] | None:
    """A table whose every amount shows whole: the widest shape that fits the console, else
    one card per row; `subtitle`, a sentence under the title. Returns the columns shown (None
    for cards)."""
    if title:
        say(con, title, style="italic")
    if subtitle:
        say(con, subtitle, style="italic")
    every = shapes(columns)
    # A label column wide enough to read first, with fewer columns if need be; then narrower.
    longest = max([_width(head)] + [_width(r.label) for r in rows])
    for label in dict.fromkeys(min(longest, w) for w in (COMFORTABLE, 20, label_min)):
        for compact in (False, True):
            for keep in every:
                shown = folded(columns, rows, keep)
                sizes = widths(columns, shown, keep, label, con.width, compact)
                if sizes is not None:
                    _grid(con, head, columns, shown, keep, sizes, compact)
                    return keep
    _cards(con, columns, folded(columns, rows, every[-1]), every[-1])
    return None


def _grid(
    con: Console,
    head: str,
    columns: Sequence[Column],
    rows: Sequence[Row],
    keep: Sequence[int],
    sizes: Sequence[int],
    compact: bool,
) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(head, width=sizes[0], overflow="fold")
    for i, size in zip(keep, sizes[1:], strict=True):
        c = columns[i]
        if c.wraps:
            table.add_column(c.header, width=size, overflow="fold")
        else:
            table.add_column(c.header, width=size, justify="right", no_wrap=True)
    for row in rows:
        if row.rule:
            table.add_section()
        cells = []
        for i, size in zip(keep, sizes[1:], strict=True):
            text = text_of(row.cells[i], compact)
            # Wrapped here, between words, an amount with its code one word ('+IDR 1,234.50'):
            # rich would break it at its space.
            cells.append("\n".join(wrap(text, size)) if columns[i].wraps else text)
        table.add_row(row.label, *cells, style=row.style)
    con.print(table)


def _cards(
    con: Console, columns: Sequence[Column], rows: Sequence[Row], keep: Sequence[int]
) -> None:
    """Each row as its label, then one line per column kept: the narrowest shape there is."""
    for row in rows:
        if row.rule:
            con.print()
        say(con, row.label, style=row.style or "bold")
        named = [(columns[i].header.replace("\n", " "), text_of(row.cells[i])) for i in keep]
        whole = {columns[i].header.replace("\n", " ") for i in keep if columns[i].whole}
        draw_fields(con, [(name, cell) for name, cell in named if cell], indent="  ", whole=whole)


# Below this many columns beside the names, values go on lines of their own under them.
NARROWEST_VALUES = 24


def draw_fields(
    con: Console, named: Sequence[tuple[str, str]], indent: str = "", whole: Collection[str] = ()
) -> None:
    """Names and values, the values wrapped beside the names between words (or, on a very
    narrow terminal, under them). The values of the names in `whole` (addresses) keep every
    word whole: one that does not fit beside its name goes on lines of its own under it,
    indented less, whole even where it is wider than the terminal."""
    key = max((len(name) for name, _ in named), default=0)
    room = con.width - len(indent) - key - 2
    under = room < NARROWEST_VALUES
    if under:
        room = con.width - len(indent) - 4
    for name, value in named:
        fold = name not in whole
        lines = [part for line in value.split("\n") for part in wrap(line, room, fold)]
        if not fold and max(map(len, lines)) > room:
            say(con, name, indent=indent)
            for line in value.split("\n"):
                for part in wrap(line, con.width - len(indent) - 2, fold=False):
                    _line(con, indent + "  " + part)
            continue
        if under:
            say(con, name, indent=indent)
            for line in lines:
                say(con, line, indent=indent + "    ")
            continue
        say(con, f"{name:<{key}}  {lines[0]}", indent=indent)
        for more in lines[1:]:
            say(con, more, indent=indent + " " * (key + 2))


def _line(con: Console, text: str) -> None:
    """One line as it is: never wrapped or cut (an address wider than the terminal)."""
    from rich.text import Text

    con.print(Text(text), no_wrap=True, crop=False, overflow="ignore")
