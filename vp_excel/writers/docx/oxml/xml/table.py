"""Tables (w:tbl, w:tr, w:tc and their properties): fixed-layout grids, borders, shading,
header rows (w:tblHeader), rows kept whole (w:cantSplit), merged cells (w:vMerge)."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from lxml import etree

from .base import _TEMPLATE_CACHE_SIZE, BORDER_SIDES, clone, make, sub, w


def _set_shading(shd: etree._Element, fill: str) -> None:
    shd.set(w("val"), "clear")
    shd.set(w("color"), "auto")
    shd.set(w("fill"), fill.lstrip("#").upper())


def borders(parent: etree._Element, name: str, color: str, size: int = 4,
            sides: Iterable[str] = BORDER_SIDES) -> etree._Element:
    """A w:tblBorders/w:tcBorders/w:pBdr element with single lines on `sides`."""
    element = sub(parent, name)
    for side in sides:
        sub(element, side, val="single", sz=size, space=0, color=color.lstrip("#"))
    return element


def no_borders(parent: etree._Element, name: str) -> etree._Element:
    element = sub(parent, name)
    for side in BORDER_SIDES:
        sub(element, side, val="nil")
    return element


def new_table(widths: list[int], style_id: str | None = None, *,
              border_color: str | None = "A6A6A6", border_size: int = 4,
              cell_margin: tuple[int, int] = (85, 85), cell_margin_vertical: int = 28,
              ) -> etree._Element:
    """A w:tbl with fixed layout and its grid; rows are added with `new_row`.

    Fixed layout makes Word and LibreOffice use the given widths as they are instead of
    measuring every cell's content, which keeps big tables fast to open and stable.
    """
    return clone(_table_template(tuple(widths), style_id, border_color, border_size,
                                 cell_margin, cell_margin_vertical))


@functools.lru_cache(maxsize=_TEMPLATE_CACHE_SIZE, typed=True)
def _table_template(widths: tuple[int, ...], style_id: str | None, border_color: str | None,
                    border_size: int, cell_margin: tuple[int, int], cell_margin_vertical: int,
                    ) -> etree._Element:
    tbl = make("tbl")
    tblpr = sub(tbl, "tblPr")
    if style_id:
        sub(tblpr, "tblStyle", val=style_id)
    sub(tblpr, "tblW", w=sum(widths), type="dxa")
    if border_color:
        borders(tblpr, "tblBorders", border_color, border_size)
    else:
        no_borders(tblpr, "tblBorders")
    sub(tblpr, "tblLayout", type="fixed")
    margins = sub(tblpr, "tblCellMar")
    sub(margins, "top", w=cell_margin_vertical, type="dxa")
    sub(margins, "left", w=cell_margin[0], type="dxa")
    sub(margins, "bottom", w=cell_margin_vertical, type="dxa")
    sub(margins, "right", w=cell_margin[1], type="dxa")
    # No conditional formatting from the table style: header look is set directly.
    sub(tblpr, "tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0,
        noHBand=1, noVBand=1)
    grid = sub(tbl, "tblGrid")
    for width in widths:
        sub(grid, "gridCol", w=width)
    return tbl


def new_row(tbl: etree._Element | None, *, header: bool = False, cant_split: bool = True
            ) -> etree._Element:
    """A w:tr, appended to `tbl` when given. `header` repeats it on every page
    (w:tblHeader); `cant_split` keeps it whole on one page (w:cantSplit)."""
    tr = clone(_row_template(header, cant_split))
    if tbl is not None:
        tbl.append(tr)
    return tr


@functools.lru_cache(maxsize=_TEMPLATE_CACHE_SIZE, typed=True)
def _row_template(header: bool, cant_split: bool) -> etree._Element:
    tr = make("tr")
    if header or cant_split:
        trpr = sub(tr, "trPr")
        if cant_split:
            sub(trpr, "cantSplit")
        if header:
            sub(trpr, "tblHeader")
    return tr


def new_cell(tr: etree._Element, width: int, *, fill: str | None = None,
             vmerge: str | None = None, span: int = 1, valign: str | None = None,
             ) -> etree._Element:
    """Append a w:tc. `vmerge` is "restart" for the first cell of a vertical merge and
    "continue" for the cells it covers below."""
    tc = clone(_cell_template(width, fill, vmerge, span, valign))
    tr.append(tc)
    return tc


@functools.lru_cache(maxsize=_TEMPLATE_CACHE_SIZE, typed=True)
def _cell_template(width: int, fill: str | None, vmerge: str | None, span: int,
                   valign: str | None) -> etree._Element:
    tc = make("tc")
    tcpr = sub(tc, "tcPr")
    sub(tcpr, "tcW", w=width, type="dxa")
    if span > 1:
        sub(tcpr, "gridSpan", val=span)
    if vmerge == "restart":
        sub(tcpr, "vMerge", val="restart")
    elif vmerge == "continue":
        sub(tcpr, "vMerge")
    if fill:
        _set_shading(sub(tcpr, "shd"), fill)
    if valign:
        sub(tcpr, "vAlign", val=valign)
    return tc


def ensure_cell_paragraph(tc: etree._Element) -> None:
    """Every w:tc must end with a w:p, even an empty or merged-over one."""
    if not len(tc) or tc[-1].tag != w("p"):
        etree.SubElement(tc, w("p"))
