"""A workbook file read into the reader's `Book`, each worksheet's XML parsed once.

The safety checks (safety/parts.py, through sheetscan.py) stream every part first, on the
bytes: no DTD, no absurd range, no more cells, rows or rules than the budgets allow. Then
openpyxl reads the workbook's own parts (sheet list, styles, shared strings, theme,
properties) and each worksheet part is parsed once by lxml's streaming parser (in C; no
entities, no network, no huge trees) feeding openpyxl's own cell parser, so a value reads
exactly as openpyxl reads it (shared strings, dates by number format, booleans, inline
text) but no openpyxl worksheet or cell object is made. Before, openpyxl parsed every sheet
again through defusedxml's pure-Python parser and made an object per cell: two thirds of
the read. Drawings, comments, tables and pivot tables, which the plan never uses, are not
read at all. Damaged files are refused in Swedish (safety.damage_message).

An arbetsbok's Mål or Aktiviteter sheet that is big (STREAM_ROWS, STREAM_CELLS by the safety
scan's counts) is not parsed here: it becomes a `stream.StreamSheet` that parses its part from
the zip as the reader loops over its rows, so memory does not grow with the plan's rows.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import warnings
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import NotAnXlsxWorkbook, VpExcelError, WorkbookTooLarge
from ..safety import damage_message
from ..safety.damage import (
    CELL_UNREADABLE,
    FILE_CHANGED,
    CellUnreadable,
    PartUnreadable,
    too_deep,
)
from ..safety.parts import has_dtd
from ..sheetscan import SheetScan, scan_workbook
from ..text import symbol_font
from .grid import Book, Sheet, Stored, Style
from .problems import Problems
from .stream import RawRow, StreamSheet

# An arbetsbok's Mål or Aktiviteter sheet with more rows or cells than this is read as a stream
# (the example and the bench's kommun, 1 338 rows and 19 952 cells in Mål, are read whole).
STREAM_ROWS = 10_000
STREAM_CELLS = 50_000

_STATES = ("visible", "hidden", "veryHidden")
# A number written with a non-zero digit before its exponent ("1E-400", "-2.5e-999").
_UNDERFLOW = re.compile(r"\s*[-+]?0*[.]?0*[1-9]")


def load_book(path: Path, problems: Problems) -> Book:
    """Open the workbook (values as saved, never written) into a `Book`."""
    scans = scan_workbook(path)
    try:
        # A file object, not the path: openpyxl refuses paths whose extension it does not
        # know, and the content (checked by safety) is what matters. "rb": never written.
        with path.open("rb") as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on unknown extensions
            book, sheets, hidden = _read(handle, scans, path, problems,
                                         _identity(os.fstat(handle.fileno())))
            theme = _theme_colors(getattr(book, "loaded_theme", None))
            props = book.properties
            properties = {key: str(getattr(props, key) or "") for key in
                          ("title", "subject", "creator", "description", "keywords",
                           "category")}
    except (VpExcelError, ImportError, NameError):
        raise  # ours to say, or a bug of ours (said as one), never a damaged file
    except Exception as exc:  # openpyxl and lxml raise many kinds for a damaged file
        raise _refusal(exc, problems) from exc
    return Book(sheets, theme, properties, hidden)


def _refusal(exc: Exception, problems: Problems) -> VpExcelError:
    """A failure reading the workbook (or a streamed sheet later) as its Swedish message."""
    if isinstance(exc, MemoryError) or (isinstance(exc, PartUnreadable)
                                        and isinstance(exc.cause, MemoryError)):
        return WorkbookTooLarge("arbetsboken är för stor för att läsas i minnet.",
                                problems.where())
    if isinstance(exc, CellUnreadable):
        return NotAnXlsxWorkbook(CELL_UNREADABLE, problems.where(exc.sheet, exc.cell))
    if isinstance(exc, PartUnreadable):
        return NotAnXlsxWorkbook(damage_message(exc), problems.where(exc.sheet))
    return NotAnXlsxWorkbook(damage_message(exc), problems.where())


def _identity(stat: os.stat_result) -> tuple[int, ...]:
    """What tells the file apart from one saved over it since."""
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def _read(handle: Any, scans: dict[str, SheetScan], path: Path, problems: Problems,
          identity: tuple[int, ...]) -> tuple[Any, dict[str, Sheet], set[str]]:
    """openpyxl's load of the workbook parts (what load_workbook does) with its worksheet
    step replaced: each worksheet part parsed by `parse_sheet`, one at a time, so only one
    sheet's XML is held at once. Returns the openpyxl workbook (styles, theme, properties;
    no worksheets), the Sheets by title in workbook order and the titles of hidden sheets."""
    # keep_links=False: external links' cached books are never read (a route to millions of
    # objects the plan does not need).
    reader = _sheets_parsed_once()(handle, read_only=False, data_only=True, keep_links=False)
    reader.scans = scans
    reader.path, reader.problems, reader.identity = path, problems, identity
    reader.read()  # closes the archive
    sheets, hidden = reader.sheets, reader.hidden
    # The sheets live on the reader, not in a closure of a class made per call: a class is
    # a reference cycle, and with the command line's raised GC thresholds every cell would
    # stay alive until a full collection.
    reader.sheets, reader.hidden = {}, set()
    return reader.wb, sheets, hidden


@functools.cache
def _sheets_parsed_once() -> type:
    """The ExcelReader subclass, made once: openpyxl is imported on first use only, so the
    CLI's --help does not pay for it."""
    from openpyxl.reader.excel import ExcelReader

    class SheetsParsedOnce(ExcelReader):
        scans: dict[str, SheetScan] = {}
        path: Path
        problems: Problems
        identity: tuple[int, ...]

        def read(self) -> None:
            """openpyxl's own steps (ExcelReader.read), each with the part it reads, so a
            failure is said with its part and never with openpyxl's English."""
            from openpyxl.reader.excel import _find_workbook_part
            from openpyxl.styles.stylesheet import apply_stylesheet
            from openpyxl.xml.constants import (
                ARC_CONTENT_TYPES,
                ARC_CORE,
                ARC_CUSTOM,
                ARC_STYLE,
                SHARED_STRINGS,
            )

            with _part(ARC_CONTENT_TYPES):
                self.read_manifest()
                strings = self.package.find(SHARED_STRINGS)
                workbook = _find_workbook_part(self.package).PartName[1:]
            with _part(strings.PartName[1:] if strings is not None else ""):
                self.read_strings()
            with _part(workbook):
                self.read_workbook()
            with _part(ARC_CORE):
                self.read_properties()
            with _part(ARC_CUSTOM):
                self.read_custom()
            self.read_theme()
            with _part(ARC_STYLE):
                apply_stylesheet(self.archive, self.wb)
            with _part(workbook):  # a sheet's own failure keeps its part
                self.read_worksheets()
                self.parser.assign_names()
            self.archive.close()

        def read_worksheets(self) -> None:
            self.sheets: dict[str, Sheet] = {}
            self.hidden: set[str] = set()
            styles = Styles(self.wb)
            found = list(self.parser.find_sheets())
            streamed = self.streamed(found)
            titles: list[str] = []
            for sheet, rel in found:
                if rel.target not in self.valid_files:
                    continue
                chart = "chartsheet" in rel.Type
                title = sheet_title(sheet.name, titles, chart)
                titles.append(title)
                if chart:
                    continue
                if sheet.state not in _STATES:  # openpyxl's sheet_state refuses it too
                    raise ValueError(f"sheet state {sheet.state!r}")
                scan = self.scans.get(title)
                with _part(rel.target, title):
                    if title in streamed and scan is not None:
                        self.sheets[title] = stream_sheet(
                            title, rel.target, scan, (self.path, self.identity), self.wb,
                            self.shared_strings, styles, self.problems)
                    else:
                        self.sheets[title] = parse_sheet(
                            title, self.archive.read(rel.target), self.wb,
                            self.shared_strings, styles,
                            scan.uncached_formulas if scan else None)
                if sheet.state != "visible":
                    self.hidden.add(title)

        def streamed(self, found: list[Any]) -> set[str]:
            """The titles of the sheets to read as a stream: an arbetsbok's Mål and
            Aktiviteter sheets (the ones its reader uses) when they are big. A title the
            loop would refuse streams nothing: the refusal comes in its place."""
            from .layouts.arbetsbok import find_sheet, is_arbetsbok

            titles: list[str] = []
            sheets: list[str] = []
            try:
                for sheet, rel in found:
                    if rel.target in self.valid_files:
                        chart = "chartsheet" in rel.Type
                        titles.append(sheet_title(sheet.name, titles, chart))
                        if not chart:
                            sheets.append(titles[-1])
            except ValueError:
                return set()
            # The arbetsbok reader's own tests on the titles alone (no sheet parsed yet).
            book = Book({title: Sheet(title, {}) for title in sheets})
            if not is_arbetsbok(book):
                return set()
            return {sheet.title for name in (schema.GOALS_SHEET, schema.ACTIVITIES_SHEET)
                    if (sheet := find_sheet(book, name, self.problems, False)) is not None
                    and (scan := self.scans.get(sheet.title)) is not None
                    and (scan.rows > STREAM_ROWS or scan.cells > STREAM_CELLS)}

    return SheetsParsedOnce


@contextlib.contextmanager
def _part(part: str, sheet: str = "") -> Iterator[None]:
    """A failure while reading `part` (the `sheet`'s, if a sheet's) as PartUnreadable (a
    cell's own stays a cell's)."""
    try:
        yield
    except (VpExcelError, CellUnreadable, PartUnreadable, ImportError, NameError):
        raise
    except Exception as exc:  # openpyxl and lxml raise many kinds for a damaged part
        raise PartUnreadable(part, exc, sheet) from exc


def sheet_title(name: str, titles: list[str], chart: bool = False) -> str:
    """The title openpyxl's full load gives a sheet (its _WorkbookChild.title): the name
    checked for characters Excel forbids, a duplicate numbered ("Mål" -> "Mål1")."""
    from openpyxl.workbook.child import INVALID_TITLE_REGEX, avoid_duplicate_name

    value = name if chart else (name or "Sheet")
    if not value:
        raise ValueError("Title must have at least one character")
    bad = INVALID_TITLE_REGEX.search(value)
    if bad:
        raise ValueError(f"Invalid character {bad.group(0)} found in sheet title")
    return avoid_duplicate_name(titles, value)


def _elements(data: bytes | Any, tags: tuple[str, ...], standard: bool) -> Iterator[Any]:
    """The elements named `tags`, each when it ends: lxml's stream, or the standard library's
    (expat, in C) for what libxml2 refuses but Excel and expat read. `data` is the part's
    bytes or a file to read it from (a streamed sheet's zip member)."""
    source = BytesIO(data) if isinstance(data, bytes) else data
    if standard:
        from xml.etree.ElementTree import iterparse

        for _, element in iterparse(source):
            if element.tag in tags:
                yield element
        return
    from lxml import etree

    # resolve_entities/load_dtd/no_network: nothing from outside the part or from a DTD;
    # huge_tree off keeps libxml2's own limits on depth and text size. Comments and
    # processing instructions dropped, as the standard library's parser does.
    for _, element in etree.iterparse(source, events=("end",), tag=tags,
                                      resolve_entities=False, load_dtd=False,
                                      no_network=True, huge_tree=False,
                                      remove_comments=True, remove_pis=True):
        yield element


class Styles:
    """One `Style` per distinct cell style of the book, looked up by a cell's style index
    (what openpyxl's cell would say its number format and fill are)."""

    def __init__(self, book: Any) -> None:
        from openpyxl.cell.cell import Cell

        self._book = book
        self._cell = Cell
        self._holder = _Holder(book)
        self._by_array: dict[bytes, Style] = {}
        self._by_index: dict[Any, Style] = {}

    def of(self, index: Any) -> Style:
        style = self._by_index.get(index)
        if style is None:
            # An index the book does not hold fails here as in openpyxl's own bind_cells.
            style = self._by_index[index] = self.of_array(self._book._cell_styles[index])
        return style

    def of_array(self, array: Any) -> Style:
        key = array.tobytes()
        style = self._by_array.get(key)
        if style is None:
            cell = self._cell(self._holder, style_array=array)
            style = self._by_array[key] = Style(_number_format(cell), _fill(cell),
                                                symbol_font(_font_name(cell)))
        return style


class _Holder:
    """What an openpyxl cell asks its worksheet for: the workbook, for its style tables."""

    def __init__(self, book: Any) -> None:
        self.parent = book


def _number_format(cell: Any) -> str:
    try:
        return cell.number_format or "General"
    except (AttributeError, IndexError):  # a format index the file does not hold
        return "General"


def _font_name(cell: Any) -> str:
    try:
        return str(cell.font.name or "")
    except (AttributeError, IndexError):  # a style index the file does not hold
        return ""


def _fill(cell: Any) -> Any:
    try:
        return cell.fill
    except (AttributeError, IndexError):  # a style index the file does not hold
        return None


def _parser(data: bytes | Any, book: Any, strings: list[Any], standard: bool = False) -> Any:
    """openpyxl's worksheet parser over lxml's stream instead of defusedxml's, its cells read
    as openpyxl's parse_cell reads them with data_only (tests/test_hooks.py holds the two
    side by side) but without a dict per cell, and plain inline text read directly."""
    from openpyxl.cell.text import Text
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.utils.datetime import from_excel, from_ISO8601
    from openpyxl.worksheet._reader import (
        COL_TAG,
        INLINE_STRING,
        MERGE_TAG,
        ROW_TAG,
        VALUE_TAG,
        WorkSheetParser,
        _cast_number,
    )
    from openpyxl.worksheet.merge import MergeCells

    text_tag = INLINE_STRING.replace("}is", "}t")

    class Parser(WorkSheetParser):
        def parse(self) -> Iterator[tuple[int, list[tuple[int, int, Any, Any]]]]:
            for element in _elements(self.source, (ROW_TAG, COL_TAG, MERGE_TAG), standard):
                tag = element.tag
                if tag == ROW_TAG:
                    row = self.parse_row(element)
                    _forget(element)
                    yield row
                elif tag == COL_TAG:
                    self.parse_column_dimensions(element)
                    element.clear()
                else:
                    self.merged_cells = MergeCells.from_tree(element)
                    element.clear()

        def parse_cell(self, element: Any) -> tuple[int, int, Any, Any]:
            """(row, column, value, style index) as openpyxl's parse_cell gives them."""
            try:
                data_type = element.get("t", "n")
                coordinate = element.get("r")
                style_id = element.get("s", 0)
                if style_id:
                    style_id = int(style_id)
                if coordinate:
                    row, column = coordinate_to_tuple(coordinate)
                    self.col_counter = column
                else:
                    self.col_counter += 1
                    row, column = self.row_counter, self.col_counter
                if data_type == "inlineStr":
                    child = element.find(INLINE_STRING)
                    if child is None:
                        return row, column, None, style_id
                    if not child.attrib and len(child) == 1 and child[0].tag == text_tag:
                        return row, column, child[0].text or "", style_id  # plain text
                    return row, column, Text.from_tree(child).content, style_id
                value = element.findtext(VALUE_TAG, None) or None
                if value is None:
                    return row, column, None, style_id
                if data_type == "n":
                    written = value
                    try:
                        value = _cast_number(value)
                    except ValueError:
                        # "NaN", "INF", "1_0": no number Excel writes; kept as written, the
                        # cell reader refuses it with its cell like the same text typed.
                        return row, column, written, style_id
                    if value == 0 and _UNDERFLOW.match(written):
                        # "1E-400": nearer 0 than Excel holds, so nobody measured it; kept as
                        # written, the cell reader refuses it with its cell instead of reading 0.
                        return row, column, written, style_id
                    if style_id in self.date_formats:
                        try:
                            value = from_excel(value, self.epoch,
                                               timedelta=style_id in self.timedelta_formats)
                        except (OverflowError, ValueError):
                            value = "#VALUE!"  # openpyxl's error value for an impossible date
                elif data_type == "s":
                    index = int(value)
                    if index < 0:  # Python would count from the end: another cell's text
                        raise IndexError(index)
                    value = self.shared_strings[index]
                elif data_type == "b":
                    value = bool(int(value))
                elif data_type == "d":
                    try:
                        value = from_ISO8601(value)
                    except ValueError:  # no date: the text, refused by the cell reader
                        return row, column, value, style_id
                return row, column, value, style_id
            except (ValueError, IndexError, TypeError, OverflowError, KeyError) as exc:
                # A cell no program wrote: a text index past the shared strings, a
                # reference or style that is no number. Said with its cell.
                raise CellUnreadable(str(element.get("r") or ""), exc) from exc

    return Parser(data, strings, data_only=True, epoch=book.epoch,
                  date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)


def _forget(element: Any) -> None:
    """A parsed row and the rows before it leave the tree: memory stays one row's."""
    element.clear()
    parent = element.getparent() if hasattr(element, "getparent") else None  # lxml's
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def parse_sheet(title: str, data: bytes, book: Any, strings: list[Any], styles: Styles,
                uncached: set[tuple[int, int]] | None) -> Sheet:
    """The worksheet part `data` as a `Sheet`: what openpyxl's full load made of it (its
    cells, merged ranges, hidden rows and columns) without the objects."""
    from lxml.etree import XMLSyntaxError

    try:
        return _sheet(title, data, book, strings, styles, uncached, standard=False)
    except CellUnreadable as exc:
        exc.sheet = title
        raise
    except XMLSyntaxError as exc:
        # What libxml2 refuses but expat (openpyxl's parser) might read, expat reads; never
        # a part with a DTD (it would expand its entities; the safety checks refuse one, yet
        # the file could have changed since), nor one nested deeper than libxml2's limit,
        # refused as in every other part (expat would read 100 000 levels).
        if has_dtd(data) or too_deep(exc):
            raise
        return _sheet(title, data, book, strings, styles, uncached, standard=True)


def _sheet(title: str, data: bytes, book: Any, strings: list[Any], styles: Styles,
           uncached: set[tuple[int, int]] | None, standard: bool) -> Sheet:
    parser = _parser(data, book, strings, standard)
    grid: dict[int, dict[int, Stored]] = {}
    stored: dict[tuple[int, int], Style] = {}
    reached = 0  # the last row any cell so far named
    for number, cells in parser.parse():
        values, styled, strays = row_cells(number, cells, styles)
        if number > reached:  # a new row, as every writer writes them: taken as it is
            if values:
                grid[number] = values
            for col, style in styled.items():
                stored[(number, col)] = style
            reached = number
        else:
            strays = [(number, col, None, style) for col, style in styled.items()] + [
                (number, col, cell.value, cell.style) for col, cell in values.items()
            ] + strays
        for row, col, value, style in strays:
            key = (row, col)
            reached = max(reached, row)
            # A later cell at the same place replaces the earlier one, as in openpyxl.
            if value is None:
                stored[key] = style
                if row in grid:
                    _drop(grid, key)
            else:
                grid.setdefault(row, {})[col] = Stored(value, style)
                if stored:
                    stored.pop(key, None)
    merged = []
    if parser.merged_cells is not None:
        # openpyxl keeps the top-left cell of a merged range and puts an empty, unstyled
        # MergedCell on every other one (a value there is dropped): the same here.
        blank = styles.of_array(_blank_style())
        for merge in parser.merged_cells.mergeCell:  # each a CellRange, its ref checked
            top, left = merge.min_row, merge.min_col
            merged.append((top, left, merge.max_row, merge.max_col))
            for r in range(top, merge.max_row + 1):
                for c in range(left, merge.max_col + 1):
                    if (r, c) != (top, left):
                        if r in grid:
                            _drop(grid, (r, c))
                        stored[(r, c)] = blank
    cell_styles = book._cell_styles
    hidden_rows = {int(number) for number, attributes in parser.row_dimensions.items()
                   if _row_hidden(attributes, cell_styles)}
    return Sheet(title, grid, merged, uncached, stored, hidden_rows,
                 _hidden_columns(parser, book))


def row_cells(number: int, cells: list[tuple[int, int, Any, Any]], styles: Styles,
              ) -> tuple[dict[int, Stored], dict[int, Style], list[tuple[int, int, Any, Style]]]:
    """A parsed row element's cells with their Style: the values and the styled empty cells
    (an empty text is no value) of row `number` by column, a later cell at the same place
    replacing the earlier, and apart, in order, any cell that names another row (no writer
    writes one; each is (row, column, value or None, style)). A symbol font's letters are the
    signs it shows."""
    values: dict[int, Stored] = {}
    styled: dict[int, Style] = {}
    strays: list[tuple[int, int, Any, Style]] = []
    style_of = styles.of
    for row, col, value, style_id in cells:
        try:
            style = style_of(style_id)
        except (IndexError, TypeError, KeyError) as exc:  # a format the book lacks
            from openpyxl.utils import get_column_letter

            raise CellUnreadable(f"{get_column_letter(col)}{row}", exc) from exc
        if value is None or (isinstance(value, str) and not value):
            if row != number:
                strays.append((row, col, None, style))
                continue
            styled[col] = style
            if values:
                values.pop(col, None)
        else:
            if style.symbols is not None and isinstance(value, str):
                value = value.translate(style.symbols)  # Wingdings "é": the "↑" shown
            if row != number:
                strays.append((row, col, value, style))
                continue
            values[col] = Stored(value, style)
            if styled:
                styled.pop(col, None)
    return values, styled, strays


def _hidden_columns(parser: Any, book: Any) -> set[int]:
    """The columns the sheet's <cols> hide, each range's attributes checked as openpyxl's
    ColumnDimension checks them."""
    from openpyxl.worksheet.dimensions import ColumnDimension

    holder = _Holder(book)
    cell_styles = book._cell_styles
    # Ranges joined before they are spelled out: 16 384 overlapping ranges of the whole width
    # would otherwise add 268 million columns to the set.
    hidden_cols: set[int] = set()
    spans = []
    for attributes in parser.column_dimensions.values():
        if "style" in attributes:
            attributes["style"] = cell_styles[int(attributes["style"])]
        dim = ColumnDimension(holder, **attributes)
        if dim.hidden and dim.min and dim.max:
            spans.append((max(dim.min, 1), min(dim.max, 16384)))
    reached = 0
    for low, high in sorted(spans):
        if high > reached:
            hidden_cols.update(range(max(low, reached + 1), high + 1))
            reached = high
    return hidden_cols


def stream_sheet(title: str, part: str, scan: SheetScan, file: tuple[Path, tuple[int, ...]],
                 book: Any, strings: list[Any], styles: Styles,
                 problems: Problems) -> StreamSheet:
    """The sheet as a StreamSheet: its merges (from the scan, checked as openpyxl checks a
    mergeCell's ref) now, its rows when the reader asks for them from `file` (the path, and
    the identity of the file the rest was read from)."""
    from openpyxl.worksheet.cell_range import CellRange

    from .layouts.headers import HEADER_SEARCH_ROWS

    merges = []
    for ref in scan.merges:
        merge = CellRange(ref)  # a bad ref fails here as in openpyxl's MergeCells
        merges.append((merge.min_row, merge.min_col, merge.max_row, merge.max_col))

    def source(hidden_cols: set[int]) -> Iterator[RawRow]:
        return _stream_rows(title, part, file, book, strings, styles, problems, hidden_cols)

    sheet = StreamSheet(title, source, merges, scan.uncached_formulas,
                        styles.of_array(_blank_style()), str(file[0]), HEADER_SEARCH_ROWS)
    sheet.row_elements = scan.rows
    return sheet


def _stream_rows(title: str, part: str, file: tuple[Path, tuple[int, ...]], book: Any,
                 strings: list[Any], styles: Styles, problems: Problems,
                 hidden_cols: set[int]) -> Iterator[RawRow]:
    """The rows of a streamed sheet, parsed from the zip member as they are asked for (lxml
    only: a part libxml2 refuses is refused as damaged, since rows already handed out cannot
    be read again by expat); the file is closed at the end or when the stream is closed. A
    failure is said as the whole read says it."""
    path, identity = file
    try:
        with path.open("rb") as handle:
            if _identity(os.fstat(handle.fileno())) != identity:
                # Saved over since the safety checks read it: nothing of it is checked.
                raise NotAnXlsxWorkbook(FILE_CHANGED, problems.where(title))
            yield from _rows_of(handle, title, part, book, strings, styles, hidden_cols)
    except (VpExcelError, ImportError, NameError):
        raise
    except CellUnreadable as exc:
        exc.sheet = title
        raise _refusal(exc, problems) from exc
    except Exception as exc:  # lxml and openpyxl raise many kinds for a damaged part
        raise _refusal(exc, problems) from exc


def _rows_of(handle: Any, title: str, part: str, book: Any, strings: list[Any],
             styles: Styles, hidden_cols: set[int]) -> Iterator[RawRow]:
    """The part's rows, each row element as row_cells gives it, with whether it hides its
    row; the hidden columns into `hidden_cols` (<cols> comes before the rows)."""
    cell_styles = book._cell_styles
    with zipfile.ZipFile(handle) as archive, archive.open(part) as member, \
            _part(part, title):
        parser = _parser(member, book, strings)
        columns_seen = False
        for number, cells in parser.parse():
            if not columns_seen:
                hidden_cols |= _hidden_columns(parser, book)
                columns_seen = True
            attributes = parser.row_dimensions.pop(str(number), None)
            hidden = None if attributes is None else _row_hidden(attributes, cell_styles)
            yield number, *row_cells(number, cells, styles), hidden
        hidden_cols |= _hidden_columns(parser, book)


def _row_hidden(attributes: dict[str, Any], cell_styles: Any) -> bool:
    """Whether a row is hidden, and its attributes refused where openpyxl's RowDimension
    refuses them (a bad style index or number), without making one per row."""
    if "s" in attributes:
        cell_styles[int(attributes["s"])]  # noqa: B018 - IndexError as in openpyxl's bind
    for name, convert in (("ht", float), ("height", float), ("outlineLevel", int),
                          ("outline_level", int)):
        if attributes.get(name) is not None:
            convert(attributes[name])
    hidden = attributes.get("hidden", False)
    if attributes.get("visible") is not None:
        hidden = not attributes["visible"]
    # openpyxl's Bool: these three words are false, any other text true.
    return False if hidden in ("false", "f", "0") else bool(hidden)


def _drop(grid: dict[int, dict[int, Stored]], key: tuple[int, int]) -> None:
    """The value at `key` gone, and its row with it when that was the row's last."""
    cells = grid[key[0]]
    cells.pop(key[1], None)
    if not cells:
        del grid[key[0]]


def _blank_style() -> Any:
    from openpyxl.styles.cell_style import StyleArray

    return StyleArray()


def _theme_colors(theme_xml: Any) -> list[str]:
    """The theme's colours in the order fills refer to them: lt1, dk1, lt2, dk2, accent1-6
    (Excel swaps the first two pairs against the XML's order)."""
    if not theme_xml:
        return []
    from lxml import etree

    if has_dtd(theme_xml):  # refused by the safety checks; never parsed here either
        return []
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(theme_xml, parser)
    except Exception as exc:  # noqa: BLE001 - a theme we cannot read only costs its colours
        if too_deep(exc):  # but nesting past the limit is refused in every part
            from openpyxl.xml.constants import ARC_THEME

            raise PartUnreadable(ARC_THEME, exc) from exc
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
