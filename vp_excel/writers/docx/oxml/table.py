"""Tables built row by row in linear time.

python-docx's `Table.cell(r, c)`, `Table.rows[i]` and `_Row.cells` rebuild the whole cell
grid on every call, so filling a table through them is quadratic: thousands of rows take
minutes. Here each row and cell is created once as XML and the builder hands back the cell
it just made, so nothing is ever looked up again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from . import xml


@dataclass
class TableLook:
    """How a table is drawn: table style, borders, header row shading, cell margins."""

    style_id: str | None = None
    border_color: str | None = "A6A6A6"
    border_size: int = 4  # eighths of a point: a thin line
    header_fill: str | None = "E7E6E6"
    cell_margin: tuple[int, int] = (85, 85)
    cell_margin_vertical: int = 28


class Cell:
    """One w:tc being filled: paragraphs are appended in order."""

    def __init__(self, tc: etree._Element):
        self.tc = tc

    def paragraph(self, style_id: str | None = None, **props: object) -> etree._Element:
        return xml.new_paragraph(style_id, parent=self.tc, **props)  # type: ignore[arg-type]

    def text(self, text: str, style_id: str | None = None, *, align: str | None = None,
             **fmt: object) -> etree._Element:
        """A paragraph holding one run of `text`, formatted by `fmt` (bold, italic, size,
        color, fill, font: see `xml.new_run_properties`)."""
        p = self.paragraph(style_id, align=align)
        if text:
            xml.add_run(p, text, **fmt)
        return p


@dataclass
class _Merge:
    """An open vertical merge in one column; its fill is repeated on the covered cells."""

    fill: str | None


class Row:
    def __init__(self, table: TableBuilder, tr: etree._Element):
        self.table = table
        self.tr = tr
        self._column = 0

    def cell(self, *, fill: str | None = None, merge: bool = False, span: int = 1,
             valign: str | None = None) -> Cell:
        """The next cell of this row. `merge=True` starts a vertical merge that later rows
        continue with `merged()`."""
        width = sum(self.table.widths[self._column:self._column + span])
        tc = xml.new_cell(self.tr, width, fill=fill, vmerge="restart" if merge else None,
                          span=span, valign=valign)
        if merge:
            self.table._merges[self._column] = _Merge(fill)
        else:
            self.table._merges.pop(self._column, None)
        self._column += span
        return Cell(tc)

    def merged(self) -> None:
        """The next cell continues the vertical merge started above it in this column."""
        merge = self.table._merges.get(self._column)
        width = self.table.widths[self._column]
        tc = xml.new_cell(self.tr, width, fill=merge.fill if merge else None,
                          vmerge="continue" if merge else None)
        xml.ensure_cell_paragraph(tc)
        self._column += 1

    def close(self) -> None:
        for tc in self.tr.iterchildren(xml.w("tc")):
            xml.ensure_cell_paragraph(tc)


@dataclass
class TableBuilder:
    """A w:tbl with fixed column widths (twips). Add rows with `row()`, then place `element`."""

    widths: list[int]
    look: TableLook = field(default_factory=TableLook)
    element: etree._Element = field(init=False)
    rows: int = field(init=False, default=0)
    _merges: dict[int, _Merge] = field(init=False, default_factory=dict)
    _last: Row | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        look = self.look
        self.element = xml.new_table(self.widths, look.style_id, border_color=look.border_color,
                                     border_size=look.border_size, cell_margin=look.cell_margin,
                                     cell_margin_vertical=look.cell_margin_vertical)

    def row(self, *, header: bool = False, cant_split: bool = True) -> Row:
        if self._last is not None:
            self._last.close()
        self._last = Row(self, xml.new_row(self.element, header=header, cant_split=cant_split))
        self.rows += 1
        return self._last

    def header_row(self, titles: list[str], *, style_id: str | None = None,
                   size: int | None = None) -> Row:
        """A bold, shaded row repeated at the top of every page."""
        row = self.row(header=True)
        for title in titles:
            row.cell(fill=self.look.header_fill, valign="bottom").text(
                title, style_id, bold=True, size=size)
        return row

    def finish(self, keep_together: bool = False) -> etree._Element:
        """Close the last row. `keep_together` keeps a short table on one page the way Word
        does it: "keep with next" on every paragraph of every row but the last."""
        if self._last is not None:
            self._last.close()
            self._last = None
        if keep_together:
            rows = self.element.findall(xml.w("tr"))
            for tr in rows[:-1]:
                for p in tr.iter(xml.w("p")):
                    xml.get_or_add(xml.paragraph_properties(p), "keepNext", xml.PPR_ORDER)
        return self.element
