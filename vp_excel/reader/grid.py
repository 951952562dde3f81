"""The workbook as the reader sees it: each sheet a sparse grid of the cells that hold
something, merged ranges answering on every cell they cover, hidden rows and columns known,
cell fills at hand for colour-coded statuses. Loading refuses damaged files in Swedish."""

from __future__ import annotations

import bisect
import functools
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NotAnXlsxWorkbook, VpExcelError, WorkbookTooLarge
from ..safety import damage_message
from ..sheetscan import SheetScan, scan_workbook
from .problems import Problems


@functools.lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    """1 -> "A", 28 -> "AB" (openpyxl's get_column_letter without its import per call)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Style:
    """A cell style as the reader uses it: its number format and its openpyxl fill (a shared,
    plain value object). One per distinct style in the file, shared by its cells."""

    __slots__ = ("fill", "number_format")

    def __init__(self, number_format: str, fill: Any):
        self.number_format = number_format
        self.fill = fill


class Stored:
    """A stored cell with a value: the value and its shared `Style` (no openpyxl object)."""

    __slots__ = ("style", "value")

    def __init__(self, value: Any, style: Style):
        self.value = value
        self.style = style

    @property
    def number_format(self) -> str:
        return self.style.number_format


class Cell:
    """One cell as the reader sees it; the coordinate is worked out only when asked for (most
    cells never are)."""

    __slots__ = ("_style", "col", "row", "value")

    def __init__(self, value: Any, row: int, col: int, style: Style | Stored | None = None):
        self.value = value
        self.row = row
        self.col = col
        self._style = style  # for the number format

    @property
    def coordinate(self) -> str:
        return f"{column_letter(self.col)}{self.row}"

    @property
    def number_format(self) -> str:
        if self._style is None:
            return "General"
        return self._style.number_format or "General"


class Sheet:
    """A worksheet as a sparse grid of the cells that hold something, with merged ranges
    answering on every cell they cover.

    Sparse on purpose: a stray value or formatted cell at XFD1048576 (or a lying <dimension>)
    must not make the reader build or walk a grid of a million rows.
    """

    def __init__(self, title: str, grid: dict[int, dict[int, Stored]],
                 merged: list[tuple[int, int, int, int]] | tuple[()] = (),
                 uncached: set[tuple[int, int]] | None = None,
                 stored: dict[tuple[int, int], Style] | None = None,
                 hidden_rows: set[int] | None = None, hidden_cols: set[int] | None = None):
        self.title = title
        self.grid = grid  # row -> column -> Stored, only cells that hold a value
        self.uncached = uncached or set()  # formulas saved without a value
        self.stored = stored or {}  # the Style of every stored cell without a value
        self.hidden_rows = hidden_rows or set()
        self.hidden_cols = hidden_cols or set()
        self._styled: dict[int, set[int]] | None = None
        self.merged_origin: dict[tuple[int, int], tuple[int, int]] = {}
        rows = set(grid)
        max_row = max(rows, default=0)
        max_col = max((max(cols) for cols in grid.values() if cols), default=0)
        for min_row, min_col, last_row, last_col in merged:
            if not self._has(min_row, min_col) and (min_row, min_col) not in self.stored:
                continue  # an empty, unformatted merged range says nothing
            # Beyond the last value a merge only repeats itself: clip it there.
            for r in range(min_row, min(last_row, max_row) + 1):
                rows.add(r)
                for c in range(min_col, min(last_col, max_col) + 1):
                    if (r, c) != (min_row, min_col):
                        self.merged_origin[(r, c)] = (min_row, min_col)
        self.row_numbers = sorted(rows)

    def _has(self, row: int, col: int) -> bool:
        return col in self.grid.get(row, ()) or (row, col) in self.uncached

    def __bool__(self) -> bool:
        return bool(self.grid or self.uncached)

    def rows_after(self, row: int) -> list[int]:
        """Rows below `row` that hold something, in order."""
        return self.row_numbers[bisect.bisect_right(self.row_numbers, row):]

    def columns(self, row: int) -> list[int]:
        """The columns of `row` that hold a value of their own, in order."""
        return sorted(self.grid.get(row, ()))

    def origin(self, row: int, col: int) -> tuple[int, int]:
        return self.merged_origin.get((row, col), (row, col))

    def value(self, row: int, col: int) -> Any:
        """The value alone (the reader's hot path: no Cell made)."""
        if self.merged_origin:
            origin = self.merged_origin.get((row, col))
            if origin is not None:
                row, col = origin
        cells = self.grid.get(row)
        if cells is None:
            return None
        source = cells.get(col)
        return None if source is None else source.value

    def cell(self, row: int, col: int) -> Cell:
        """1-based row and column; a merged cell answers with its range's top-left value."""
        row, col = self.origin(row, col)
        source = self.grid.get(row, {}).get(col)
        if source is None:
            return Cell(None, row, col, self.stored.get((row, col)))
        return Cell(source.value, row, col, source)

    def fill(self, row: int, col: int) -> Any:
        """The openpyxl fill of the cell (of a merged range's top-left), or None."""
        row, col = self.origin(row, col)
        cell = self.grid.get(row, {}).get(col)
        style = self.stored.get((row, col)) if cell is None else cell.style
        return None if style is None else style.fill

    def styled_columns(self, row: int) -> set[int]:
        """The columns of `row` stored without a value (a status shown by its fill only)."""
        if self._styled is None:
            self._styled = {}
            for (r, c) in self.stored:
                if c not in self.grid.get(r, ()):
                    self._styled.setdefault(r, set()).add(c)
        return self._styled.get(row, set())

    def is_uncached(self, row: int, col: int) -> bool:
        return self.origin(row, col) in self.uncached


@dataclass
class Book:
    """Every sheet in workbook order, the theme's colours and the file's properties."""

    sheets: dict[str, Sheet]
    theme_colors: list[str] = field(default_factory=list)  # RRGGBB by theme index
    properties: dict[str, str] = field(default_factory=dict)  # title, subject, ...
    hidden_sheets: set[str] = field(default_factory=set)


def load_book(path: Path, problems: Problems) -> Book:
    """Open the workbook read-only (openpyxl, values as saved) into a `Book`."""
    scans = scan_workbook(path)
    try:
        # A file object, not the path: openpyxl refuses paths whose extension it does not
        # know, and the content (checked by safety) is what matters. "rb": never written.
        with path.open("rb") as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on unknown extensions
            styles = _Styles()
            book, early = _load_sheet_by_sheet(handle, scans, styles)
            sheets = {ws.title: early.get(id(ws)) or _sheet(ws, scans.get(ws.title), styles)
                      for ws in book.worksheets}
            hidden = {ws.title for ws in book.worksheets if ws.sheet_state != "visible"}
            theme = _theme_colors(getattr(book, "loaded_theme", None))
            props = book.properties
            properties = {key: str(getattr(props, key) or "") for key in
                          ("title", "subject", "creator", "description", "keywords",
                           "category")}
            book.close()
    except VpExcelError:
        raise
    except MemoryError as exc:
        raise WorkbookTooLarge("arbetsboken är för stor för att läsas i minnet.",
                               problems.where()) from exc
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise NotAnXlsxWorkbook(damage_message(exc), problems.where()) from exc
    return Book(sheets, theme, properties, hidden)


def _load_sheet_by_sheet(handle: Any, scans: dict[str, SheetScan], styles: _Styles
                         ) -> tuple[Any, dict[int, Sheet]]:
    """openpyxl's full load (what load_workbook does), each worksheet made a `Sheet` and its
    openpyxl cells dropped as soon as openpyxl starts the next one, so that only one sheet's
    cells are ever held at once. Returns the workbook and the Sheets made so far (by id of
    their worksheet); an openpyxl that loads otherwise just leaves them to the caller."""
    from openpyxl.reader.excel import ExcelReader  # deferred: the CLI's --help must not pay

    early: dict[int, Sheet] = {}

    class SheetBySheet(ExcelReader):
        def read_worksheets(self) -> None:
            book = self.wb
            create_sheet = book.create_sheet

            def create_after_the_last(*args: Any, **kwargs: Any) -> Any:
                for ws in book.worksheets:  # every one before the new sheet is complete
                    if id(ws) not in early:
                        early[id(ws)] = _sheet(ws, scans.get(ws.title), styles)
                return create_sheet(*args, **kwargs)

            book.create_sheet = create_after_the_last
            try:
                super().read_worksheets()
            finally:
                del book.create_sheet

    # keep_links=False: external links' cached books are never read (a route to millions of
    # objects the plan does not need).
    reader = SheetBySheet(handle, read_only=False, data_only=True, keep_links=False)
    reader.read()
    return reader.wb, early


class _Styles:
    """One `Style` per distinct style in the book, looked up by the cell's style array."""

    def __init__(self) -> None:
        self.known: dict[bytes | None, Style] = {}

    def of(self, cell: Any) -> Style:
        array = getattr(cell, "_style", None)
        key = array.tobytes() if array is not None else None
        style = self.known.get(key)
        if style is None:
            style = self.known[key] = Style(_number_format(cell), _fill(cell))
        return style


def _number_format(cell: Any) -> str:
    try:
        return cell.number_format or "General"
    except (AttributeError, IndexError):  # a format index the file does not hold
        return "General"


def _fill(cell: Any) -> Any:
    try:
        return cell.fill
    except (AttributeError, IndexError):  # a style index the file does not hold
        return None


def _sheet(ws: Any, scan: SheetScan | None, styles: _Styles) -> Sheet:
    # openpyxl keeps only the cells the file holds in `_cells`; walking it instead of
    # iter_rows() costs per stored cell, not per cell of the bounding box.
    cells = getattr(ws, "_cells", None)
    if cells is None:  # another openpyxl: fall back on the public, dense way
        cells = {(c.row, c.column): c for row in ws.iter_rows() for c in row}
    grid: dict[int, dict[int, Stored]] = {}
    stored: dict[tuple[int, int], Style] = {}
    style_of = styles.of
    for key, cell in cells.items():
        value = cell.value
        if value is None or (isinstance(value, str) and not value):
            stored[key] = style_of(cell)
        else:
            grid.setdefault(key[0], {})[key[1]] = Stored(value, style_of(cell))
    # The openpyxl cells go now: the workbook is a reference cycle, so they would otherwise
    # live until a full garbage collection (a forked writer would inherit them all).
    cells.clear()
    merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    hidden_rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
    # Ranges joined before they are spelled out: 16 384 overlapping ranges of the whole width
    # would otherwise add 268 million columns to the set.
    hidden_cols: set[int] = set()
    spans = sorted((max(dim.min, 1), min(dim.max, 16384)) for dim in ws.column_dimensions.values()
                   if dim.hidden and dim.min and dim.max)
    reached = 0
    for low, high in spans:
        if high > reached:
            hidden_cols.update(range(max(low, reached + 1), high + 1))
            reached = high
    return Sheet(ws.title, grid, merged, scan.uncached_formulas if scan else None, stored,
                 hidden_rows, hidden_cols)


def _theme_colors(theme_xml: Any) -> list[str]:
    """The theme's colours in the order fills refer to them: lt1, dk1, lt2, dk2, accent1-6
    (Excel swaps the first two pairs against the XML's order)."""
    if not theme_xml:
        return []
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(theme_xml)
    except Exception:  # noqa: BLE001 - a theme we cannot read only costs the theme colours
        return []
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    scheme = root.find(f".//{ns}clrScheme")
    if scheme is None:
        return []
    colors: dict[str, str] = {}
    for child in scheme:
        name = child.tag.replace(ns, "")
        for value in child:
            colors[name] = (value.get("val") if value.tag.endswith("srgbClr")
                            else value.get("lastClr", "")) or ""
    order = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5",
             "accent6", "hlink", "folHlink")
    return [colors.get(name, "").upper() for name in order]
