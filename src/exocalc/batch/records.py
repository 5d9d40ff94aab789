"""`exocalc batch` output: one record per input row, JSON Lines or CSV, rows priced and written
a chunk at a time (nothing kept)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from exocalc.batch.rows import JsonLine, Row, id_text
from exocalc.data.model import Dataset
from exocalc.errors import PlanError
from exocalc.output.common import csv_text
from exocalc.output.jsonfmt import Lines
from exocalc.output.record import Records, row_id
from exocalc.output.shapes import BatchError, BatchQuote
from exocalc.pricing.lines import LINE_IDS
from exocalc.pricing.model import Quote
from exocalc.pricing.quote import price
from exocalc.rates import Rates, RatesError
from exocalc.request import Request

CSV_HEADER = (
    "row", "id", "currency", "total_low", "total_typical", "total_high", "savings_typical",
    *(f"{line}_typical" for line in LINE_IDS), "error",
)  # fmt: skip


class Batch:
    """Prices rows and writes their records, for one dataset, one set of rates, one day."""

    def __init__(self, fmt: str, data: Dataset, rates: Rates, today: dt.date) -> None:
        self.fmt, self.data, self.rates, self.today = fmt, data, rates, today
        self.records = Records(today, data)

    def header(self) -> str:
        return ",".join(CSV_HEADER) + "\n" if self.fmt == "csv" else ""

    def chunk(
        self, rows: Sequence[Row | JsonLine], stop_at_failure: bool = False
    ) -> tuple[str, int, bool]:
        """The records of these rows, in order: (their text, how many failed, whether it
        stopped at a failure)."""
        out = io.StringIO()
        cells = csv.writer(out, lineterminator="\n") if self.fmt == "csv" else None
        lines = Lines()  # JSON Lines: the records encoded into one buffer, made text once
        failed = 0
        stopped = False
        for item in rows:
            row = item.row() if type(item) is JsonLine else item
            assert isinstance(row, Row)
            quote, error = self.quote(row)
            if cells is not None:
                cells.writerow(self._csv(row, quote, error))
            else:
                lines.add(self.record(row, quote, error))
            if quote is None:
                failed += 1
                if stop_at_failure:
                    stopped = True
                    break
        return (out.getvalue() if cells is not None else lines.text()), failed, stopped

    def record(self, row: Row, quote: Quote | None, error: str | None = None) -> Any:
        """The row's record of JSON Lines: its quote with its row number and id in front, or
        why it cannot be quoted."""
        head: dict[str, Any] = {"row": row.number}
        if row.id is not None:
            head["id"] = row_id(row.id)
        if quote is None:
            return BatchError(**head, error=error or "")
        return self.records.quote(quote, BatchQuote, **head)

    def quote(self, row: Row) -> tuple[Quote | None, str | None]:
        """The row's quote, or why it cannot be quoted (naming the column)."""
        if row.error is not None or row.values is None:
            return None, row.error or "no values"
        values = row.values
        if "id" in values:
            values = {k: v for k, v in values.items() if k != "id"}
        try:
            # CSV prints figures only: the words and checks its rows leave out are not made
            request = Request.from_values(values)
            return price(request, self.data, self.rates, self.today, self.fmt == "csv"), None
        except PlanError as exc:
            return None, exc.shown(str)  # a batch names the field as its column
        except RatesError as exc:
            return None, str(exc)

    @staticmethod
    def _csv(row: Row, q: Quote | None, error: str | None) -> list[Any]:
        if q is None:
            return [row.number, _cell(row.id), *[""] * (len(CSV_HEADER) - 3), _cell(error)]
        typical = {pl.id: pl.amount.typical for pl in q.lines}
        savings = q.savings
        return [
            row.number, _cell(row.id), q.currency, *q.total,
            savings.typical if savings else "", *(typical.get(line, "") for line in LINE_IDS),
            "",
        ]  # fmt: skip


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    return id_text(value)
