"""Shared pieces of the workbook writer: cell formats, unit-showing number formats, safe cell
writers and the print setup every sheet gets."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ... import schema
from ...model import Value
from ...rules import TREND_NUMBER_FORMAT
from ...swedish import unit_label
from ...text import MAX_CELL_CHARS, clean_text, utf16_cut, utf16_pieces

EMPTY_ROWS = 200  # pre-formatted rows with drop-downs below the data, for staff to fill

HEADER_FILL = "#1F4E79"
PERIOD_FILLS = ("#2E75B6", "#1F4E79")  # alternating per period, so each period reads as a block
COMPUTED_FILL = "#595959"  # headers of columns vp-excel fills in
BORDER_COLOR = "#BFBFBF"
REPEATED_TEXT_COLOR = "#6F6F6F"  # KF/KS text repeated on later rows; 5:1 on white (WCAG AA)
BODY_SIZE = 10
BODY_FONT = "Arial"  # in Excel and, as metric-equal Liberation Sans, in LibreOffice

_MAX_DECIMALS = 4
_HEADER_FOOTER_PART = 70  # Excel allows 255 characters (UTF-16 units) for a whole header


class Styles:
    """xlsxwriter formats made once per distinct set of properties."""

    _BODY = {"font_name": BODY_FONT, "font_size": BODY_SIZE, "valign": "top", "border": 1,
             "border_color": BORDER_COLOR}

    def __init__(self, workbook):
        self._workbook = workbook
        self._cache: dict[tuple, Any] = {}
        # Body cells are asked for once per cell written: looked up by the caller's own
        # keywords first, without building and sorting the full set of properties.
        self._cells: dict[tuple, Any] = {}

    def get(self, **props: Any):
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format(props)
        return self._cache[key]

    # --- the kinds of cell the sheets use -------------------------------------------------
    def cell(self, **extra: Any):
        """A bordered, top-aligned body cell."""
        key = tuple(extra.items())
        fmt = self._cells.get(key)
        if fmt is None:
            fmt = self._cells[key] = self.get(**(self._BODY | extra))
        return fmt

    def text(self, repeated: bool = False):
        if repeated:
            return self.cell(text_wrap=True, font_color=REPEATED_TEXT_COLOR)
        return self.cell(text_wrap=True)

    def number(self, num_format: str):
        return self.cell(num_format=num_format, align="right")

    def yes_no(self):
        return self.cell(align="center")

    def status(self):
        return self.cell(bold=True, align="center", valign="vcenter")

    def trend(self):
        """1, 0, -1 shown as Förbättrad, Försämrad, Oförändrad (the icon set adds the arrow)."""
        return self.cell(num_format=TREND_NUMBER_FORMAT, align="left", valign="vcenter")

    def header(self, fill: str = HEADER_FILL):
        return self.get(bold=True, font_name=BODY_FONT, font_size=BODY_SIZE,
                        font_color="#FFFFFF", bg_color=fill,
                        text_wrap=True, valign="vcenter", border=1, border_color=BORDER_COLOR)

    def title(self):
        return self.get(bold=True, font_name=BODY_FONT, font_size=14, font_color=HEADER_FILL)

    def heading(self):
        return self.get(bold=True, font_name=BODY_FONT, font_size=12, font_color=HEADER_FILL)

    def strong(self, bold: bool = True):
        """A line of text a little larger than the body, not wrapped (it runs on to the
        right)."""
        return self.get(font_name=BODY_FONT, font_size=11, bold=bold)

    def paragraph(self):
        return self.get(font_name=BODY_FONT, font_size=BODY_SIZE, text_wrap=True, valign="top")

    def status_label(self, status: str):
        """A status word on its own colour (summary labels are not conditional)."""
        return self.cell(bold=True, bg_color=schema.STATUS_FILL[status])


# --- row heights ---------------------------------------------------------------------------

# A generous average character of 10 pt Arial, in pixels: 0,56 em (as the Word writer counts).
# A column's width is counted in 7-pixel digits; the 1,4 characters per unit once used here
# were measured where LibreOffice drew the columns a third wider than Excel, and in Excel the
# rows' last lines were cut.
_CHAR_PIXELS = BODY_SIZE * 0.56 * 96 / 72
_CELL_PADDING_PIXELS = 5
_LINE_POINTS = 12.75  # Excel's line height for 10 pt Arial
_MAX_ROW_POINTS = 409  # Excel's limit


# Arial's advance widths in thousandths of an em (Liberation Sans has the same), regular and
# bold: enough to size a column so no word of its header is broken. Others count as wide.
_ARIAL_EM = {
    False: {222: "ijl", 278: "ftI .,:;/", 333: "r-()", 500: "cksvxyzJ",
            556: "abdeghnopquåäöéL0123456789–", 584: "−+", 611: "FTZ",
            667: "ABEKPSVXYÅÄÉ&", 722: "wCDHNRU", 778: "GOQÖ", 833: "mM", 889: "%", 944: "W"},
    True: {278: "ijlI .,/", 333: "ft:;-()", 389: "r", 500: "z",
           556: "aceksvxyåäéJ0123456789–", 584: "−+", 611: "bdghnopquöFLTZ", 667: "EPSVXYÉ",
           722: "ABCDHKNRUÅÄ&", 778: "wGOQÖ", 833: "M", 889: "m%", 944: "W"},
}
_EM_OF = {bold: {ch: em for em, chars in widths.items() for ch in chars}
          for bold, widths in _ARIAL_EM.items()}


def text_pixels(text: str, bold: bool = False, points: float = BODY_SIZE) -> float:
    """The width of `text` on one line in Arial at `points`, in pixels."""
    ems = sum(_EM_OF[bold].get(ch, 1000) for ch in text) / 1000
    return ems * points * 96 / 72


def word_fit_width(text: str, width: float, bold: bool = True) -> float:
    """`width`, or wider if a word of `text` would not fit on a line of it: a header such as
    "Indikatorstatus Delår 2 2025" wraps between its words, never inside one."""
    longest = max((text_pixels(word, bold) for word in text.split()), default=0.0)
    needed = (longest + _CELL_PADDING_PIXELS + 2 - 5) / 7  # column_pixels' inverse
    return max(width, math.ceil(needed * 2) / 2)


def column_pixels(width: float) -> int:
    """A column's width in pixels as Excel (and xlsxwriter) turns characters into pixels."""
    return int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes when wrapped at word boundaries in a column `width` wide."""
    usable = column_pixels(width) - _CELL_PADDING_PIXELS
    per_line = max(1, int(usable / _CHAR_PIXELS))
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split(" "):
            length = len(word)
            if used and used + 1 + length <= per_line:
                used += 1 + length
                continue
            if used:
                lines += 1
            lines += (length - 1) // per_line if length else 0
            used = length % per_line or (per_line if length else 0)
    return lines


class RowHeights:
    """Heights for rows of wrapped text. LibreOffice does not grow rows when it opens a file,
    so the writer estimates the lines each cell needs and sets the height itself."""

    def __init__(self, widths: Sequence[float]):
        self.widths = widths
        self.lines: dict[int, int] = {}

    def note(self, row: int, col: int, text: str, width: float | None = None) -> None:
        width = width or self.widths[col]
        if width:  # a hidden column (width 0) does not decide the height
            self.lines[row] = max(self.lines.get(row, 1), wrapped_lines(text, width))

    def close_row(self, sheet, row: int) -> None:
        """Set `row`'s height now and forget it: a sheet written in row order takes a row's
        height only until the next row starts (workbook._RowOrderWorksheet)."""
        lines = self.lines.pop(row, 1)
        if lines > 1:
            sheet.set_row(row, min(_MAX_ROW_POINTS, lines * _LINE_POINTS + 3))

    def apply(self, sheet) -> None:
        """Set the height of every row not closed yet."""
        for row in list(self.lines):
            self.close_row(sheet, row)


# --- number formats ------------------------------------------------------------------------


def _decimals(number: float) -> int:
    """How many decimals `number` needs (at most four), so 60 shows "60", not "60,"."""
    text = f"{abs(number):.{_MAX_DECIMALS}f}".rstrip("0")
    return len(text.partition(".")[2])


def number_format(value: float, unit: str, bound: str = "") -> str:
    """An Excel number format that shows `value` with its unit and reads back as that unit:
    0.065 "%" -> '0.0%', 4000 "kr/inv" -> '#,##0" kr/inv"'; `bound` "max" prefixes "max ".
    Negative numbers get a section of their own with a real minus sign (U+2212), as the Word
    report writes them, not Excel's hyphen."""
    if unit == "%":
        digits = _decimals(value * 100)
        body, suffix = "0" + ("." + "0" * digits if digits else "") + "%", ""
    else:
        digits = _decimals(value)
        body = "#,##0" + ("." + "0" * digits if digits else "")
        suffix = f'" {unit_label(unit)}"' if unit else ""
    positive = (f'"{bound} "' if bound else "") + body + suffix
    negative = (f'"{bound} \u2212"' if bound else '"\u2212"') + body + suffix
    return f"{positive};{negative}"


# --- writing cells -------------------------------------------------------------------------


def write_text(sheet, row: int, col: int, text: object, fmt,
               heights: RowHeights | None = None) -> None:
    """Text from the plan, always as a string cell: "=SUM(1)" or "+46…" stay text."""
    cleaned = utf16_cut(clean_text(text), MAX_CELL_CHARS)
    if cleaned:
        sheet.write_string(row, col, cleaned, fmt)
        if heights is not None:
            heights.note(row, col, cleaned)
    else:
        sheet.write_blank(row, col, None, fmt)


def write_value(sheet, styles: Styles, row: int, col: int, value: Value, unit: str,
                bound: str = "") -> None:
    """A measure value: a number with a unit-showing format, Ja/Nej as text, blank as blank."""
    if value is None:
        sheet.write_blank(row, col, None, styles.cell())
    elif isinstance(value, bool):
        sheet.write_string(row, col, "Ja" if value else "Nej", styles.yes_no())
    else:
        sheet.write_number(row, col, value, styles.number(number_format(value, unit, bound)))


def cell_ref(row: int, col: int, absolute: bool = False, sheet: str | None = None) -> str:
    """An A1 reference from 0-based row and column, optionally on another sheet."""
    ref = xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute)
    return f"{quote_sheetname(sheet)}!{ref}" if sheet else ref


def range_ref(first_row: int, col: int, last_row: int, sheet: str | None = None) -> str:
    """An absolute one-column range, e.g. 'Mål'!$F$2:$F$40."""
    ref = (f"{xl_rowcol_to_cell(first_row, col, True, True)}:"
           f"{xl_rowcol_to_cell(last_row, col, True, True)}")
    return f"{quote_sheetname(sheet)}!{ref}" if sheet else ref


def set_widths(sheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)


def list_validation(sheet, first_row: int, col: int, last_row: int, source: list[str] | str,
                    strict: bool, title: str) -> None:
    """A drop-down: strict lists refuse other values, suggestions only inform."""
    options: dict[str, Any] = {
        "validate": "list", "source": source, "input_title": title[:32],
        "error_title": title[:32],
    }
    if strict:
        options["error_type"] = "stop"
        options["error_message"] = "Välj ett värde i listan."
    else:
        options["error_type"] = "information"
        options["error_message"] = "Värdet finns inte i listan men går att använda."
    sheet.data_validation(first_row, col, last_row, col, options)


def default_font() -> dict[str, Any]:
    """The workbook's own font, not Calibri: a column's width is counted in the default font's
    digits, and where Calibri's metric twin (Carlito) is missing LibreOffice measured them in
    a wider font, so every sheet printed at two thirds of Excel's size. Arial has the same
    7-pixel digit in Excel, and its twin Liberation Sans comes with LibreOffice. A new dict
    each time: xlsxwriter adds to the one it is given."""
    return {"default_format_properties": {"font_name": BODY_FONT, "font_size": BODY_SIZE}}


# --- print setup ---------------------------------------------------------------------------


def _header_text(text: str) -> str:
    """Plain text for a header/footer section: '&' doubled, kept short, counted as Excel
    counts (UTF-16 units, an emoji two, a doubled '&' two)."""
    cleaned = " ".join(clean_text(text).split())
    if len(utf16_pieces(cleaned[:_HEADER_FOOTER_PART + 1], _HEADER_FOOTER_PART,
                        doubled="&")) > 1:
        cleaned = utf16_pieces(cleaned, _HEADER_FOOTER_PART - 1, doubled="&")[0] + "…"
    return cleaned.replace("&", "&&")


# The printed page every sheet gets: A4 landscape (points) and its margins (inches).
A4_LANDSCAPE_POINTS = (841.9, 595.3)
PRINT_MARGINS = {"left": 0.4, "right": 0.4, "top": 0.75, "bottom": 0.6}


def printed_page_pixels(widths: Sequence[float]) -> tuple[int, int]:
    """The part of a sheet with these column widths one printed page shows, in the sheet's
    pixels (a row of 15 points is 20), when the columns are fitted to the page's width."""
    page_width, page_height = A4_LANDSCAPE_POINTS
    columns = sum(column_pixels(width) for width in widths) * 0.75  # points
    printable = page_width - (PRINT_MARGINS["left"] + PRINT_MARGINS["right"]) * 72
    # Excel scales by whole percents, never up.
    scale = min(100, int(printable / columns * 100)) / 100
    height = page_height - (PRINT_MARGINS["top"] + PRINT_MARGINS["bottom"]) * 72
    return int(columns / 0.75), int(height / scale / 0.75)


# The smallest print scale that keeps 10 pt text readable (8 pt, as README promises the Mål
# sheet); a sheet wider than that prints over more pages, its name columns on each.
MIN_PRINT_SCALE = 0.8


def pages_wide(widths: Sequence[float], repeated: int = 0) -> int:
    """How many pages wide a sheet with these column widths prints at MIN_PRINT_SCALE or
    more, its first `repeated` columns printed again on each page after the first."""
    printable = A4_LANDSCAPE_POINTS[0] - (PRINT_MARGINS["left"] + PRINT_MARGINS["right"]) * 72
    sheet = sum(column_pixels(width) for width in widths) * 0.75
    again = sum(column_pixels(width) for width in widths[:repeated]) * 0.75
    pages = 1
    while (sheet + (pages - 1) * again) * MIN_PRINT_SCALE > pages * printable:
        pages += 1
    return pages


def setup_print(sheet, left: str, center: str, footer_left: str, repeat_header: bool = True,
                widths: Sequence[float] = (), repeat_columns: int = 0) -> None:
    """A4 landscape, as wide as one page (or, for a sheet with these `widths` too wide to be
    read on one, as few pages as keep it readable, its first `repeat_columns` on each),
    header row on every page, page as "1(7)"."""
    sheet.set_paper(9)
    sheet.set_landscape()
    pages = pages_wide(widths, repeat_columns) if widths else 1
    sheet.fit_to_pages(pages, 0)
    if pages > 1 and repeat_columns:
        sheet.repeat_columns(0, repeat_columns - 1)
    sheet.set_margins(**PRINT_MARGINS)
    sheet.set_header(f'&L&"-,Bold"{_header_text(left)}&C{_header_text(center)}&R&P(&N)',
                     {"margin": 0.3})
    sheet.set_footer(f"&L{_header_text(footer_left)}&R&A", {"margin": 0.3})
    if repeat_header:
        sheet.repeat_rows(0)
