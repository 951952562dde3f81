"""Tables built row by row in linear time.

python-docx's `Table.cell(r, c)`, `Table.rows[i]` and `_Row.cells` rebuild the whole cell
grid on every call, so filling a table through them is quadratic: thousands of rows take
minutes. Here each row and cell is created once as XML and the builder hands back the cell
it just made, so nothing is ever looked up again.

A row of plain text cells (`text_row`, the bulk of a report's tables) is one copy of a
template made once per row shape (the cells' looks and which hold text), its texts then set:
not a copy per cell, paragraph and run.

Written to a body stream, a table holds one row: each is written and dropped when the next
begins. A short table is kept on one page as it is written: its row count is known before
(`rows`), so every row but the last gets "keep with next" when it closes.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from docx.oxml.ns import qn
from lxml import etree

from . import xml
from .xml.base import _TEMPLATE_CACHE_SIZE

if TYPE_CHECKING:
    from .stream import BodyStream

KEEP_TOGETHER_ROWS = 15  # a table of at most this many rows is kept on one page


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


@dataclass(frozen=True)
class TextCell:
    """One cell of a `TableBuilder.text_row`: a paragraph holding `text` (none when empty),
    or with `merged` the continuation of the vertical merge above it."""

    text: str = ""
    style_id: str | None = None
    align: str | None = None
    bold: bool = False
    size: int | None = None
    fill: str | None = None
    merge: bool = False  # starts a vertical merge that the rows below continue
    merged: bool = False
    valign: str | None = None


# How a cell's text goes in: none (no run), one w:t, or through `add_text` (line breaks, tabs).
_NO_TEXT, _ONE_T, _SPLIT = 0, 1, 2


class _CellShape(NamedTuple):
    """What a `text_row` template depends on for one cell (its text aside); a tuple, as
    it is hashed for every row."""

    width: int
    fill: str | None
    vmerge: str | None
    valign: str | None
    style_id: str | None
    align: str | None
    run: tuple[tuple[str, object], ...]
    text: int  # _NO_TEXT, _ONE_T or _SPLIT
    merged: bool


@functools.lru_cache(maxsize=_TEMPLATE_CACHE_SIZE)
def _row_shape(header: bool, cant_split: bool, keep_next: bool,
               cells: tuple[_CellShape, ...]) -> etree._Element:
    """A w:tr of these cells, made by the same element functions as `Row.cell`, `Cell.text`
    and `Row.close`, so a row from it is the row they would make."""
    template = xml.new_row(None, header=header, cant_split=cant_split)
    for shape in cells:
        tc = xml.new_cell(template, shape.width, fill=shape.fill, vmerge=shape.vmerge,
                          valign=shape.valign)
        if shape.merged:
            xml.ensure_cell_paragraph(tc)
            continue
        p = xml.new_paragraph(shape.style_id, align=shape.align, parent=tc)
        if shape.text != _NO_TEXT:
            xml.add_run(p, "x" if shape.text == _ONE_T else "", **dict(shape.run))
    if keep_next:
        for p in template.iter(xml.w("p")):
            xml.get_or_add(xml.paragraph_properties(p), "keepNext", xml.PPR_ORDER)
    return template


def _text_kind(text: str) -> int:
    if not text:
        return _NO_TEXT
    return _SPLIT if "\n" in text or "\t" in text else _ONE_T


@dataclass
class _Merge:
    """An open vertical merge in one column; its fill is repeated on the covered cells."""

    fill: str | None


class Row:
    def __init__(self, table: TableBuilder, tr: etree._Element, complete: bool = False):
        self.table = table
        self.tr = tr
        self._column = 0
        self.complete = complete  # made whole from a template: nothing left for `close`

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

    def close(self, last: bool) -> None:
        """End the row: every cell ends with a paragraph; in a table kept together, every
        row but the last keeps with the next (Word's way: on each of its paragraphs)."""
        if self.complete:
            return
        keep_next = self.table.keep_together and not last
        for tc in self.tr.iterchildren(xml.w("tc")):
            xml.ensure_cell_paragraph(tc)
            if keep_next:
                for p in tc.iter(xml.w("p")):
                    xml.get_or_add(xml.paragraph_properties(p), "keepNext", xml.PPR_ORDER)


@dataclass
class TableBuilder:
    """A w:tbl with fixed column widths (twips). Add rows with `row()`, then `finish()`;
    `element` is placed by the story (or, with `stream`, the rows are written to it).

    `rows` is how many rows the table will have, when known: a table of at most
    `KEEP_TOGETHER_ROWS` is then kept on one page."""

    widths: list[int]
    look: TableLook = field(default_factory=TableLook)
    rows: int | None = None
    stream: BodyStream | None = None
    element: etree._Element = field(init=False)
    count: int = field(init=False, default=0)  # rows so far
    _merges: dict[int, _Merge] = field(init=False, default_factory=dict)
    _last: Row | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        look = self.look
        self.element = xml.new_table(self.widths, look.style_id, border_color=look.border_color,
                                     border_size=look.border_size, cell_margin=look.cell_margin,
                                     cell_margin_vertical=look.cell_margin_vertical)
        if self.stream is not None:
            self.stream.open_table(self.element)

    @property
    def keep_together(self) -> bool:
        return self.rows is not None and self.rows <= KEEP_TOGETHER_ROWS

    def row(self, *, header: bool = False, cant_split: bool = True) -> Row:
        self._close_last(last=False)
        self._last = Row(self, xml.new_row(self.element, header=header, cant_split=cant_split))
        self.count += 1
        return self._last

    def text_row(self, cells: Sequence[TextCell], *, header: bool = False,
                 cant_split: bool = True) -> Row:
        """A row of `cells`, each a paragraph of text or a merged-over cell, as `row()` and
        `Row.cell(...).text(...)` would make it, from one template per row shape."""
        self._close_last(last=False)
        shapes = []
        texts = []
        for column, cell in enumerate(cells):
            width = self.widths[column]
            if cell.merged:
                merge = self._merges.get(column)
                shapes.append(_CellShape(width, merge.fill if merge else None,
                                         "continue" if merge else None, None, None, None, (),
                                         _NO_TEXT, merged=True))
                texts.append("")
                continue
            if cell.merge:
                self._merges[column] = _Merge(cell.fill)
            else:
                self._merges.pop(column, None)
            text = xml.xml_safe(cell.text) if cell.text else ""
            run = tuple((key, value) for key, value in
                        (("bold", cell.bold), ("size", cell.size)) if value)
            shapes.append(_CellShape(width, cell.fill, "restart" if cell.merge else None,
                                     cell.valign, cell.style_id, cell.align, run,
                                     _text_kind(text), merged=False))
            texts.append(text)
        # Kept with the next row when the table is kept together and this is not its last.
        keep_next = self.keep_together and self.count + 1 < (self.rows or 0)
        tr = xml.clone(_row_shape(header, cant_split, keep_next, tuple(shapes)))
        for tc, shape, text in zip(tr.iterchildren(xml.w("tc")), shapes, texts):
            if shape.text == _NO_TEXT:
                continue
            r = tc[-1][-1]
            if shape.text == _SPLIT:
                xml.add_text(r, text)
                continue
            t = r[-1]
            t.text = text
            if text != text.strip():
                t.set(qn("xml:space"), "preserve")
        self.element.append(tr)
        self._last = Row(self, tr, complete=True)
        self._last._column = len(shapes)
        self.count += 1
        return self._last

    def header_row(self, titles: list[str], *, style_id: str | None = None,
                   size: int | None = None) -> Row:
        """A bold, shaded row repeated at the top of every page."""
        row = self.row(header=True)
        for title in titles:
            row.cell(fill=self.look.header_fill, valign="bottom").text(
                title, style_id, bold=True, size=size)
        return row

    def finish(self) -> etree._Element:
        """Close the last row (and the table, in a stream)."""
        assert self.rows is None or self.rows == self.count, (
            f"the table was to have {self.rows} rows and has {self.count}")
        self._close_last(last=True)
        if self.stream is not None:
            self.stream.close_table()
        return self.element

    def _close_last(self, last: bool) -> None:
        row, self._last = self._last, None
        if row is None:
            return
        row.close(last)
        if self.stream is not None:  # written, then dropped: the table holds one row
            self.stream.row(row.tr)
            self.element.remove(row.tr)
