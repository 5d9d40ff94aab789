"""`exocalc batch` output: one record per input row, JSON Lines or CSV, rows priced and written
a chunk at a time (nothing kept)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from msgspec import UNSET

from exocalc.batch.rows import JsonLine, Row, id_text
from exocalc.data.model import Dataset
from exocalc.errors import PlanError
from exocalc.output.common import csv_text
from exocalc.output.formats import BATCH_COLUMNS
from exocalc.output.jsonfmt import Lines
from exocalc.output.record import Records, row_id
from exocalc.output.shapes import BatchError
from exocalc.output.used import quote_currencies, rates_provenance
from exocalc.pricing.lines import LINE_IDS
from exocalc.pricing.model import Quote
from exocalc.pricing.quote import price
from exocalc.rates import Rates, RatesError
from exocalc.request import Request

# The CSV's column set and its version, as a JSON document names its shape (docs/csv.md): a
# change that could break a reader moves the version.
CSV_SCHEMA = "exocalc.batch-csv/4"
ALSO_SLOTS = 3  # the totals in other currencies a row has room for (--also-currency)
SCENARIOS = ("low", "typical", "high")


def csv_header(columns: str = "typical") -> tuple[str, ...]:
    """The columns of `batch --format csv`: who the row is, its totals, its lines (typical,
    or low, typical and high with `lines`) and the error, where a script reading cells by
    their place has always found them; after them, only ever appended, the shares, the totals
    in other currencies, which lines are estimates, what the figures rest on (the rates the
    row used, the prices) and, last, the column set's version."""
    assert columns in BATCH_COLUMNS
    ends = SCENARIOS if columns == "lines" else ("typical",)
    return (
        "row", "id", "currency", "total_low", "total_typical", "total_high", "savings_typical",
        *(f"{line}_{end}" for line in LINE_IDS for end in ends),
        "error",
        "per_person_low", "per_person_typical", "per_person_high",
        *(f"also_{n}_{part}" for n in range(1, ALSO_SLOTS + 1)
          for part in ("currency", *SCENARIOS)),
        "estimates", "rates", "rates_as_of", "krw_per_unit", "rates_used", "prices_as_of",
        "schema",
    )  # fmt: skip


CSV_HEADER = csv_header()


class Batch:
    """Prices rows and writes their records, for one dataset, one set of rates, one day."""

    def __init__(
        self, fmt: str, data: Dataset, rates: Rates, today: dt.date, columns: str = "typical"
    ) -> None:
        self.fmt, self.data, self.rates, self.today = fmt, data, rates, today
        self.records = Records(today, data)
        self.undated = 0  # rows quoted with no date: their first session is tomorrow
        self.columns = columns
        self.csv_header = csv_header(columns)
        self._error_at = self.csv_header.index("error")
        # The cells rows share (which lines are estimates, the prices' date), as text made
        # once: _csv.
        self._shared: dict[tuple[Any, ...], tuple[Any, str, str]] = {}
        # The rates' cells of the rows whose figures rest on the same currencies' rates (one
        # set of rates a batch), as text made once: _rates_cells.
        self._rates_text: dict[tuple[str, ...], str] = {}

    def header(self) -> str:
        return ",".join(self.csv_header) + "\n" if self.fmt == "csv" else ""

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
            if cells is not None and quote is not None and len(quote.also) > ALSO_SLOTS:
                error = _no_room(len(quote.also))
                quote = None
            if cells is not None:
                # The row's own cells by the writer (the line's end quoting a cell that holds
                # one), then, over that end, the cells rows share as text made once.
                own, shared = self._csv(row, quote, error)
                cells.writerow(own)
                out.seek(out.tell() - 1)
                out.write(shared)
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
        number, given = row.number, row.id
        if quote is None:
            if given is None:
                return BatchError(row=number, error=error or "")
            return BatchError(row=number, id=row_id(given), error=error or "")
        return self.records.batch(number, UNSET if given is None else row_id(given), quote)

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
            quote = price(request, self.data, self.rates, self.today, self.fmt == "csv")
            if request.date is None:
                self.undated += 1
            return quote, None
        except PlanError as exc:
            return None, exc.shown(str)  # a batch names the field as its column
        except RatesError as exc:
            return None, str(exc)

    def _csv(self, row: Row, q: Quote | None, error: str | None) -> tuple[list[Any], str]:
        """The row's own cells, and the text of the cells it shares with other rows (the
        estimates, the rates, the prices' date; the unused slots of other currencies) with the
        end of the line."""
        if q is None:
            before = [""] * (self._error_at - 2)
            after = [""] * (len(self.csv_header) - self._error_at - 2)
            return [row.number, _cell(row.id), *before, _cell(error), *after, CSV_SCHEMA], "\n"
        savings, share = q.savings, q.per_person
        if self.columns == "lines":
            found = {pl.id: pl.amount for pl in q.lines}
            lines = [v for line in LINE_IDS for v in found.get(line, _NONE)]
        else:
            typical = {pl.id: pl.amount.typical for pl in q.lines}
            lines = [typical.get(line, "") for line in LINE_IDS]
        also: list[Any] = [v for a in q.also for v in (a.currency, *a.total)]
        key = (len(also), *[(pl.id, id(pl.facts)) for pl in q.lines])
        kept = self._shared.get(key)
        if kept is None:
            kept = self._shared_text(q, len(also))
            if len(self._shared) >= 4096:
                self._shared.clear()
            self._shared[key] = kept
        codes = quote_currencies(q, self.data)
        rates = self._rates_text.get(codes)
        if rates is None:
            if len(self._rates_text) >= 4096:
                self._rates_text.clear()
            rates = self._rates_text[codes] = _rates_cells(q.rates, codes)
        return [
            row.number, _cell(row.id), q.currency, *q.total, savings.typical if savings else "",
            *lines, "", *(share if share is not None else _NONE), *also,
        ], f"{kept[1]}{rates}{kept[2]}"  # fmt: skip

    def _shared_text(self, q: Quote, also: int) -> tuple[Any, str, str]:
        """The cells a row shares with every row of its number of other currencies and its
        lines' facts, as text, before and after the rates' cells: (the facts, kept beside
        their ids so that no id can be taken by another; the text before; the text after, to
        the line's end)."""
        as_of = q.prices_as_of
        estimates = ";".join([pl.id for pl in q.lines if pl.facts.estimate])
        head = _line([*[""] * (ALSO_SLOTS * 4 - also), estimates])
        return (
            [pl.facts for pl in q.lines],
            f",{head},",
            f",{as_of.isoformat() if as_of else ''},{CSV_SCHEMA}\n",
        )


def _rates_cells(rates: Rates, codes: tuple[str, ...]) -> str:
    """The cells that say which rates a row used (`codes`, its own currency first) and where
    they came from, as text: rates, rates_as_of, krw_per_unit, rates_used."""
    label, as_of = rates_provenance(rates, codes)
    used = ";".join([f"{code}={rates.krw_per(code):f}" for code in codes])
    day = as_of.isoformat() if as_of else ""
    return _line([label, day, format(rates.krw_per(codes[0]), "f"), used])


def _line(cells: list[Any]) -> str:
    """Cells as a CSV writer writes them, without the line's end."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerow(cells)
    return text.getvalue()[:-1]


_NONE = ("", "", "")


def _no_room(asked: int) -> str:
    return (
        f"also_currency: a CSV row has room for {ALSO_SLOTS} totals in other currencies, not "
        f"{asked} (JSON Lines has room for all)"
    )


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    return id_text(value)
