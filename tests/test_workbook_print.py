"""The report workbooks as a secretary prints them: every sheet A4 landscape, one page wide,
its header row on every page and frozen on screen; no wrapped text cut at its row's foot
(measured with Arial's own widths: Liberation Sans has its metrics, so the test sees what
Excel and LibreOffice lay out); and the Sammanställning sheet's charts fill the page they
start instead of leaving half of it empty. Checked on the files the program wrote: Norsjö,
Exempelby, the Exempelby roll-up and a kommun's own published table."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import EXEMPELBY, NORSJO, WORKBOOKS
from font_metrics import Font, liberation_sans
from openpyxl.utils import column_index_from_string

from vp_excel import api, schema
from vp_excel.writers.xlsx.style import A4_LANDSCAPE_POINTS, printed_page_pixels

VERKLIGA = Path(__file__).resolve().parent / "verkliga"
sys.path.insert(0, str(VERKLIGA))
import bygg  # noqa: E402

CELL_PADDING = 5  # pixels Excel keeps free in a column (xlsxwriter's padding)
DEFAULT_ROW = 15.0  # points
LINE_EM = 1.15  # Arial's line height in ems (ascent + descent)
NO_REPEATED_HEADER = {schema.SUMMARY_SHEET, schema.INSTRUCTIONS_SHEET}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("print")
    (out / "verklig").mkdir()
    table = bygg.build("vargarda-arsredovisning-2023", out / "verklig")
    built = {"norsjo": NORSJO, "exempelby": EXEMPELBY, "verklig": table}
    found = {name: api.build(source, out_dir=out / name, formats=("xlsx",)).outputs[0]
             for name, source in built.items()}
    rollup = api.sammanstall([WORKBOOKS / "exempelby"], out_dir=out / "rollup",
                             formats=("xlsx",))
    found["sammanstallning"] = rollup.outputs[0]
    found["arbetsbok"] = api.init_workbook(out / "ny.xlsx", year=2026)
    found["arbetsbok-norsjo"] = api.init_from(NORSJO, out / "norsjo-ny.xlsx").path
    return found


NAMES = ["norsjo", "exempelby", "verklig", "sammanstallning", "arbetsbok", "arbetsbok-norsjo"]


@pytest.fixture(scope="module")
def fonts() -> dict[bool, Font]:
    return liberation_sans()


def _pixels(stored: float) -> int:
    """A column's width in pixels from the width stored in the file (characters and the
    5 pixels of padding, as Excel writes it)."""
    return round(stored * 7)


def _widths(ws) -> dict[int, float]:
    """Each column's width in characters (openpyxl keeps a range of alike columns once)."""
    widths: dict[int, float] = {}
    for dimension in ws.column_dimensions.values():
        if dimension.width and dimension.min:
            for col in range(dimension.min, dimension.max + 1):
                widths[col] = 0.0 if dimension.hidden else dimension.width
    return widths


def _lines(font: Font, text: str, points: float, pixels: float) -> int:
    """Lines `text` takes wrapped at spaces in `pixels`, a word too long for a line broken
    where it reaches the edge, as Excel and LibreOffice wrap."""
    lines = 0
    space = font.pixels(" ", points)
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            width = font.pixels(word, points)
            if used and used + space + width <= pixels:
                used += space + width
                continue
            if used:
                lines += 1
            while width > pixels:
                lines += 1
                width -= pixels
            used = width
    return lines


@pytest.mark.parametrize("name", NAMES)
def test_no_word_of_a_header_is_broken_in_two(workbooks, fonts, name):
    """A header wraps between its words ("Indikatorstatus" / "Delår 2 2025"), never inside
    one ("Indikatorstat" / "us")."""
    book = openpyxl.load_workbook(workbooks[name])
    broken = []
    for ws in book.worksheets:
        widths = _widths(ws)
        for row in ws.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.font.b and cell.alignment.wrap_text
                        and widths.get(cell.column, 8.43)):  # a folded column shows nothing
                    continue
                room = _pixels(widths.get(cell.column, 8.43)) - CELL_PADDING
                points = cell.font.sz or 11
                broken += [f"{ws.title}!{cell.coordinate}: {word}" for word in cell.value.split()
                           if fonts[True].pixels(word, points) > room]
    assert broken == [], "\n".join(broken)


@pytest.mark.parametrize("name", NAMES)
def test_no_wrapped_text_is_cut_at_its_rows_foot(workbooks, fonts, name):
    book = openpyxl.load_workbook(workbooks[name], data_only=True)
    cut = []
    for ws in book.worksheets:
        widths = _widths(ws)
        merged = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
        inside = {(row, col) for r in ws.merged_cells.ranges for row, col in r.cells
                  if (row, col) != (r.min_row, r.min_col)}
        for row in ws.iter_rows():
            for cell in row:
                if (not isinstance(cell.value, str) or not cell.alignment.wrap_text
                        or (cell.row, cell.column) in inside
                        or ws.row_dimensions[cell.row].hidden):
                    continue
                span = merged.get((cell.row, cell.column))
                cols = range(cell.column, (span.max_col if span else cell.column) + 1)
                rows = range(cell.row, (span.max_row if span else cell.row) + 1)
                if not all(widths.get(col, 8.43) for col in cols):
                    continue  # a hidden column shows nothing
                pixels = sum(_pixels(widths.get(col, 8.43)) for col in cols)
                height = sum(ws.row_dimensions[r].height or DEFAULT_ROW for r in rows)
                points = cell.font.sz or 11
                lines = _lines(fonts[bool(cell.font.b)], cell.value, points,
                               pixels - CELL_PADDING)
                if lines * points * LINE_EM > height + 0.5:
                    cut.append(f"{ws.title}!{cell.coordinate}: {lines} lines in {height} pt: "
                               f"{cell.value[:60]!r}")
    assert cut == [], "\n".join(cut)


def _print_columns(path: Path, index: int, ws) -> range:
    """The columns sheet `index` (0-based) prints: its print area's, read from the workbook's
    defined names (openpyxl cannot read a print area of whole columns, "Mål!$A:$N"), else
    every column in use."""
    with zipfile.ZipFile(path) as package:
        book = package.read("xl/workbook.xml").decode("utf-8")
    area = re.search(rf'<definedName name="_xlnm.Print_Area" localSheetId="{index}">'
                     r"[^<]*?!\$([A-Z]+)\$?\d*:\$([A-Z]+)", book)
    if area:
        return range(column_index_from_string(area.group(1)),
                     column_index_from_string(area.group(2)) + 1)
    return range(1, ws.max_column + 1)


@pytest.mark.parametrize("name", NAMES)
def test_every_sheet_prints_a4_landscape_readable_with_its_header(workbooks, name):
    """One page wide unless that would print its text under 8 points; a wider sheet prints
    over as few pages as keep it readable, with the columns that name a row on each."""
    book = openpyxl.load_workbook(workbooks[name])
    with zipfile.ZipFile(workbooks[name]) as package:
        headers = [re.search(r"<oddHeader>(.*?)</oddHeader>", package.read(
            f"xl/worksheets/sheet{index}.xml").decode("utf-8"))
            for index in range(1, len(book.worksheets) + 1)]
    printable = (A4_LANDSCAPE_POINTS[0] - 0.8 * 72) / 0.75  # pixels
    for index, (ws, header) in enumerate(zip(book.worksheets, headers)):
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation) == (9, "landscape"), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert setup.fitToHeight == 0, ws.title
        pages = setup.fitToWidth or 1
        widths = _widths(ws)
        total = sum(_pixels(widths.get(col, 8.43))
                    for col in _print_columns(workbooks[name], index, ws))
        repeated = 0
        if pages > 1:
            assert ws.print_title_cols, ws.title  # each page says whose row it is
            first, last = (column_index_from_string(c.strip("$"))
                           for c in ws.print_title_cols.split(":"))
            repeated = sum(_pixels(widths.get(col, 8.43)) for col in range(first, last + 1))
        scale = min(1.0, pages * printable / (total + (pages - 1) * repeated))
        assert scale >= 0.8, (ws.title, pages, round(scale, 2))  # 10 pt text at 8 pt or more
        # The page as "1(7)" at the header's right (openpyxl misreads some headers).
        assert header and header.group(1).endswith("&amp;R&amp;P(&amp;N)"), ws.title
        if name != "sammanstallning" and ws.title not in NO_REPEATED_HEADER:
            assert ws.print_title_rows in ("1:1", "$1:$1"), ws.title
            assert ws.freeze_panes and ws.freeze_panes[1:] in ("2",), ws.title


def _chart_boxes(path: Path, sheet_index: int) -> tuple[int | None, list[tuple[int, int]]]:
    """The Sammanställning sheet's manual page break (the first row of the new page) and each
    chart's top and bottom in pixels from that row (rows there are Excel's 15 points)."""
    with zipfile.ZipFile(path) as package:
        sheet = package.read(f"xl/worksheets/sheet{sheet_index}.xml").decode("utf-8")
        drawing = next(package.read(n).decode("utf-8") for n in package.namelist()
                       if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n)
                       and "chart" in package.read(n).decode("utf-8"))
    breaks = [int(row) for row in re.findall(r'<brk id="(\d+)"', sheet)]
    place = (r"<xdr:{}><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff>"
             r"<xdr:row>(\d+)</xdr:row><xdr:rowOff>(\d+)</xdr:rowOff>")
    tops = re.findall(place.format("from"), drawing)
    bottoms = re.findall(place.format("to"), drawing)
    first = breaks[0] if breaks else None

    def pixels(row: str, offset: str) -> int:
        return (int(row) - (first or 0)) * 20 + int(offset) // 9525

    return first, [(pixels(*top), pixels(*bottom)) for top, bottom in zip(tops, bottoms)]


@pytest.mark.parametrize("name", ["norsjo", "exempelby", "verklig"])
def test_the_summary_charts_fill_the_page_they_start(workbooks, name):
    """Below the tables the charts start a page of their own (they were cut at a page's end,
    their axes alone on the next page), and one above the other they fill it: at their
    default size the page was half empty."""
    book = openpyxl.load_workbook(workbooks[name])
    index = book.sheetnames.index(schema.SUMMARY_SHEET) + 1
    ws = book[schema.SUMMARY_SHEET]
    widths = _widths(ws)
    _page_width, page_height = printed_page_pixels(
        [widths.get(col, 8.43) - 0.7109375 for col in range(1, max(widths) + 1)])
    first, boxes = _chart_boxes(workbooks[name], index)
    assert first is not None and len(boxes) == 2
    assert all(top >= 0 for top, _bottom in boxes)  # both on the new page
    assert boxes[0][1] <= boxes[1][0]  # one above the other
    bottom = max(b for _t, b in boxes)
    assert bottom <= page_height  # nothing cut at the page's foot
    assert bottom >= 0.8 * page_height, (bottom, page_height)
    # The rows the charts are anchored in keep Excel's default height.
    assert all(ws.row_dimensions[r].height in (None, DEFAULT_ROW)
               for r in range(first + 1, first + 1 + page_height // 20))


@pytest.mark.parametrize("name", NAMES)
def test_what_is_printed_again_on_each_page_fits_its_columns(workbooks, fonts, name):
    """A sheet printed over pages side by side repeats its naming columns on each page: a
    line of text there that runs on to the right (a title) was cut where the first page
    ends ("Per verksamhet, Delår 2 2" on the second)."""
    book = openpyxl.load_workbook(workbooks[name])
    cut = []
    for ws in book.worksheets:
        if not ws.print_title_cols:
            continue
        widths = _widths(ws)
        first, last = (column_index_from_string(c.strip("$"))
                       for c in ws.print_title_cols.split(":"))
        room = sum(_pixels(widths.get(col, 8.43)) for col in range(first, last + 1))
        for row in ws.iter_rows(min_col=first, max_col=last):
            for cell in row:
                if isinstance(cell.value, str) and not cell.alignment.wrap_text:
                    width = fonts[bool(cell.font.b)].pixels(cell.value, cell.font.sz or 11)
                    if width > room - CELL_PADDING:
                        cut.append(f"{ws.title}!{cell.coordinate}: {cell.value}")
    assert cut == [], cut
