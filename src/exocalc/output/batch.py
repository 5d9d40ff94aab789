"""`exocalc batch` output: one record per input row, written as it is made (nothing kept)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from typing import IO, Any

from exocalc.output import jsonfmt
from exocalc.output.record import Records
from exocalc.pricing.lines import LINE_IDS
from exocalc.pricing.model import Quote

CSV_HEADER = (
    "row", "id", "currency", "total_low", "total_typical", "total_high", "savings_typical",
    *(f"{line}_typical" for line in LINE_IDS), "error",
)  # fmt: skip


class BatchWriter:
    """Writes quote records and error records, JSON Lines or CSV, in the order given.

    `render` turns a quote into the part of its record that does not depend on the row, so
    that the caller can reuse it for rows that ask for the same plan.
    """

    def __init__(self, fmt: str, out: IO[str], today: dt.date) -> None:
        self.fmt, self.out, self.today = fmt, out, today
        self.records = Records(today)
        self.csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        if self.csv is not None:
            self.csv.writerow(CSV_HEADER)

    def render(self, q: Quote) -> str | tuple[Any, ...]:
        if self.csv is None:
            # The record's body, after its opening brace: the row's head goes in front.
            return self.records.body(q)
        typical = {pl.id: pl.amount.typical for pl in q.lines}
        savings = q.savings
        cells = (
            q.currency, *q.total,
            savings.typical if savings else None,
            *(typical.get(line) for line in LINE_IDS), None,
        )  # fmt: skip
        return tuple(_cell(c) for c in cells)

    def quote(self, row: int, row_id: Any, rendered: str | tuple[Any, ...]) -> None:
        if self.csv is not None:
            self.csv.writerow((row, _cell(row_id), *rendered))
        else:
            assert isinstance(rendered, str)
            self.out.write(_head(row, row_id))
            self.out.write(rendered)

    def error(self, row: int, row_id: Any, message: str) -> None:
        if self.csv is not None:
            blanks = [""] * (len(CSV_HEADER) - 3)
            self.csv.writerow((row, _cell(row_id), *blanks, message))
        else:
            self.out.write(_head(row, row_id) + jsonfmt.dumps({"error": message}, None)[1:] + "\n")


def _head(row: int, row_id: Any) -> str:
    """The opening of a record: '{"row":3,"id":"a1",' ready for the rest of the object."""
    if row_id is None:
        return f'{{"row":{row},'
    if isinstance(row_id, str) and row_id.isascii() and row_id.isalnum():
        return f'{{"row":{row},"id":"{row_id}",'  # nothing to escape: the common case, fast
    return f'{{"row":{row},"id":{json.dumps(row_id, ensure_ascii=False, default=str)},'


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return format(value, "f") if not isinstance(value, str | int) else value
