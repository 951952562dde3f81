"""The roll-up report being written: the result it reports, on top of the `DocumentWriter`
every Word report shares, and the helpers the roll-up's count tables use."""

from __future__ import annotations

from typing import Any

import docx

from ....rollup import frames as F
from ....schema import STATUS_FILL
from ....text import clean_text
from ..base import DocumentWriter
from ..oxml import TableBuilder, xml
from ..styles import HEADER_FILL

ALL = F.ALL_STATUSES
TABLE_ROW_LINES = 1.6


class RollupContext(DocumentWriter):
    """What the roll-up's sections share: the result (`rollup.api.RollupResult`), its tables
    and the collected workbooks."""

    def __init__(self, result: Any):
        super().__init__(docx.Document())
        self.result = result
        self.tables: F.RollupTables = result.tables
        self.collected = result.collected

    @property
    def period(self) -> str:
        return clean_text(self.collected.period)

    def table(self, shares: tuple[float, ...] | list[float], rows: int | None = None
              ) -> TableBuilder:
        """A full-width table, counted in the page estimate by its rows (a roll-up table's
        rows are mostly one or two lines), so the header's "1(5)" is near the truth before
        Word counts the pages itself."""
        self.estimate.add(TABLE_ROW_LINES * (rows or 0))
        return super().table(shares, rows)

    def sentence(self, label: str, text: str, *, keep_next: bool = False) -> None:
        """A "Label: sentence" paragraph, the label in bold."""
        self.fact(label, text, after=80, keep_next=keep_next)

    def count_cells(self, row: Any, counts: dict[str, int], bold: bool = False,
                    fill: str | None = None) -> None:
        text = self.styles.table_text
        for status in ALL:
            row.cell(fill=fill).text(str(counts[status]), text, align="center", bold=bold)
        row.cell(fill=fill).text(str(sum(counts.values())), text, align="center", bold=True)

    def count_header(self, table: TableBuilder, first: str, extra: tuple[str, ...] = ()
                     ) -> None:
        text = self.styles.table_text
        row = table.row(header=True)
        row.cell(fill=HEADER_FILL, valign="bottom").text(first, text, bold=True)
        for status in ALL:
            row.cell(fill=STATUS_FILL[status], valign="bottom").text(
                status, text, align="center", bold=True)
        for title in ("Totalt", *extra):
            row.cell(fill=HEADER_FILL, valign="bottom").text(title, text, align="center",
                                                              bold=True)

    def bold_line(self, label: str, value: str, **props: Any) -> None:
        p = self.para(**props)
        xml.add_run(p, f"{label}: ", bold=True)
        xml.add_run(p, clean_text(value))
