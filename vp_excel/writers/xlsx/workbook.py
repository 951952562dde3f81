"""Write an arbetsbok (xlsxwriter): the empty one `init` makes, or the report `build` makes.

Both are in the format `schema` describes, so the reader reads either back. The report adds
per KS mål and indicator a live status formula for every period (the rule from `rules`, with
the Python result as cached value), Poäng with traffic lights, a Trend sparkline, coloured
statuses and the Sammanställning sheet.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from pathlib import Path
from typing import Any

import xlsxwriter
import xlsxwriter.exceptions
import xlsxwriter.worksheet
from xlsxwriter.utility import xl_range

from ... import reproducible, schema
from ...model import Plan
from ...rules import Evaluation
from .followup import write_followup
from .goals import GoalsSheet
from .sheets import (
    default_band_ref,
    write_activities,
    write_instructions,
    write_periods,
    write_settings,
    write_texts,
)
from .style import Styles, default_font, setup_print
from .summary import SummarySheet

_OPTIONS: dict[str, Any] = {"strings_to_formulas": False, "strings_to_numbers": False,
                            "strings_to_urls": False}


# Up to this many plan rows a workbook is put together in memory: xlsxwriter otherwise writes
# each of its ~30 parts to a temporary file and removes it, and on a busy disk that file churn
# was half the example's report workbook (0.19 s of wall time against 0.09 s in memory, hand
# measurement 2026-12-05). A larger plan keeps the temporary files, and its sheets written in
# row order (Mål, Uppföljning, Aktiviteter, Texter) go to them a row at a time
# (_RowOrderWorksheet): memory does not grow with the plan's rows.
IN_MEMORY_MAX_ROWS = 2_000

# The worksheet functions vp-excel's formulas call (the rules' status formulas, the summary,
# the charts' ranges, the drop-downs). tests/test_hooks.py builds the example workbooks and
# asserts that this is exactly the set written, and that for every formula the fast path below
# gives what xlsxwriter's own _prepare_formula gives.
WRITTEN_FUNCTIONS = frozenset({
    "ABS", "AND", "COUNTA", "COUNTIF", "COUNTIFS", "EXACT", "IF", "ISBLANK", "ISERROR",
    "ISNUMBER", "LEN", "LOWER", "MAX", "MID", "NA", "NOT", "OFFSET", "OR", "ROUND", "SEARCH",
    "SUBSTITUTE", "SUM", "SUMPRODUCT", "TRIM", "UPPER"})
# A function call: the name before "(" (an identifier is matched whole, so no shorter part
# of one is ever taken for a name).
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9._]*)\(")


def calls_only_written_functions(formula: str) -> bool:
    """True when `formula` calls nothing but WRITTEN_FUNCTIONS (then it needs none of
    xlsxwriter's _xlfn. prefixes)."""
    return WRITTEN_FUNCTIONS.issuperset(_CALL.findall(formula))


class _Worksheet(xlsxwriter.worksheet.Worksheet):
    # xlsxwriter runs 29 regular expressions over every formula to prefix Excel 365's dynamic
    # array functions; that was 44 % of this writer's time at kommun size. Formulas that call
    # only WRITTEN_FUNCTIONS need none of it. A private method (XlsxWriter pinned in setup.cfg).
    def _prepare_formula(self, formula: str, *args: Any, **kwargs: Any) -> str:
        if self.use_future_functions or any(args) or any(kwargs.values()) \
                or not calls_only_written_functions(formula):
            return str(super()._prepare_formula(formula, *args, **kwargs))
        return formula.removeprefix("{").removeprefix("=").removesuffix("}")

    @xlsxwriter.worksheet.convert_range_args
    def add_table(self, first_row: int, first_col: int, last_row: int, last_col: int,
                  options: dict | None = None) -> int:
        # The overlap check by range (_TableRanges), xlsxwriter's cell by cell turned off.
        new = _TableRanges.bounds(first_row, first_col, last_row, last_col)
        _TableRanges.refuse_overlap(self, new, "Table")
        cells: dict[str, Any] = self.__dict__
        recorded = cells.get("table_cells", {})  # an XlsxWriter before the check: none
        cells["table_cells"] = _Unrecorded()
        try:
            result = int(super().add_table(first_row, first_col, last_row, last_col, options))
        finally:
            cells["table_cells"] = recorded
        if result == 0:
            self.__dict__.setdefault("_vp_tables", []).append(new)
        return result

    @xlsxwriter.worksheet.convert_range_args
    def merge_range(self, first_row: int, first_col: int, last_row: int, last_col: int,
                    data: Any, cell_format: Any = None) -> int:
        _TableRanges.refuse_overlap(
            self, _TableRanges.bounds(first_row, first_col, last_row, last_col), "Merge")
        return int(super().merge_range(first_row, first_col, last_row, last_col, data,
                                       cell_format))


class _RowOrderWorksheet(_Worksheet):
    """A sheet its writer fills strictly row by row, held one row at a time: xlsxwriter's
    `constant_memory` mode for this sheet alone. Each row goes to a temporary file when a
    later row is started, so a row's cells and height must all be set before the next row's
    first cell; strings are written inline (`t="inlineStr"`) instead of into the shared
    table, which Excel, LibreOffice and openpyxl read as the same text. Sheets with charts
    stay whole (xlsxwriter fills a chart's cached values from the cells it still holds).

    xlsxwriter loses a cell or a height set after its row has gone without a word (its
    return code -2); here that is an error, so a writer that leaves row order fails its
    tests instead of dropping cells. Private methods, XlsxWriter pinned in setup.cfg."""

    def _initialize(self, init_data: dict) -> None:
        super()._initialize({**init_data, "constant_memory": True})
        self.row_sizes = _RowSizes()

    def _write_single_row(self, current_row_num: int = 0) -> None:
        # xlsxwriter keeps every row's RowInfo after writing it (80 bytes a row, 12 MB of a
        # region's report workbook); a row gone is never asked about again in this mode.
        written = self.previous_row
        super()._write_single_row(current_row_num)
        self.row_info.pop(written, None)

    def _check_dimensions(self, row: int, col: int, ignore_row: bool = False,
                          ignore_col: bool = False) -> int:
        # xlsxwriter's own check, with its -2 (a row already gone) raised; written out
        # rather than wrapped, as it runs for every cell (a wrapper cost 0.4 s at stress).
        if row < 0 or col < 0 or row >= self.xls_rowmax or col >= self.xls_colmax:
            return -1
        if ignore_row or ignore_col:
            return int(super()._check_dimensions(row, col, ignore_row, ignore_col))
        if row < self.previous_row:
            raise RuntimeError(f"{self.name}: row {row + 1} written after row "
                               f"{self.previous_row + 1}; this sheet is written in row order")
        dims: dict[str, Any] = self.__dict__  # xlsxwriter's untyped dimension attributes
        if dims["dim_rowmin"] is None or row < dims["dim_rowmin"]:
            dims["dim_rowmin"] = row
        if dims["dim_rowmax"] is None or row > dims["dim_rowmax"]:
            dims["dim_rowmax"] = row
        if dims["dim_colmin"] is None or col < dims["dim_colmin"]:
            dims["dim_colmin"] = col
        if dims["dim_colmax"] is None or col > dims["dim_colmax"]:
            dims["dim_colmax"] = col
        return 0

    @xlsxwriter.worksheet.convert_range_args
    def add_table(self, first_row: int, first_col: int, last_row: int, last_col: int,
                  options: dict | None = None) -> int:
        # xlsxwriter refuses tables in constant_memory mode: a table may write data, column
        # formulas and a total row into rows already gone. Ours write only the header row,
        # before any row below it; the header cells are held back and written in this mode.
        options = options or {}
        if options.get("data") or options.get("total_row") or any(
                column.get("formula") for column in options.get("columns", ())):
            raise ValueError("a table on a sheet written in row order takes only headers")
        if first_row < self.previous_row:
            raise RuntimeError(f"{self.name}: a table added below row {first_row + 1}")
        headers: list[tuple] = []

        def hold(*cell: Any) -> int:
            headers.append(cell)
            return 0

        self.__dict__["_write_string"] = hold
        self.constant_memory = False
        try:
            result = super().add_table(first_row, first_col, last_row, last_col, options)
        finally:
            self.constant_memory = True
            del self.__dict__["_write_string"]
        for header in headers:
            self._write_string(*header)
        return result


class _RowSizes:
    """xlsxwriter's `row_sizes` (row -> [height, hidden]) held as one float and one byte per
    row: a dict of lists took 60 bytes a row, 9 MB of a region's report workbook. xlsxwriter
    reads it only to place notes (VML) and drawings (`_size_row`: `row in`, `[row][0]`,
    `[row][1]`, and whether any height is set); a height keeps its type (an int is written
    "40", a float "40.0"). Private, XlsxWriter pinned in setup.cfg."""

    _UNSET, _FLOAT, _INT = 0, 1, 2

    def __init__(self) -> None:
        self._heights = array("d")
        self._kinds = bytearray()  # per row: unset, float or int
        self._hidden: set[int] = set()
        self._set = 0  # rows with a height

    def __setitem__(self, row: int, size: list) -> None:
        height, hidden = size
        if row >= len(self._kinds):
            grow = row + 1 - len(self._kinds)
            self._heights.extend([0.0] * grow)
            self._kinds.extend(bytes(grow))
        self._set += self._kinds[row] == self._UNSET
        self._heights[row] = height
        self._kinds[row] = self._INT if isinstance(height, int) else self._FLOAT
        if hidden:
            self._hidden.add(row)
        else:
            self._hidden.discard(row)

    def __contains__(self, row: object) -> bool:
        return (isinstance(row, int) and 0 <= row < len(self._kinds)
                and self._kinds[row] != self._UNSET)

    def __getitem__(self, row: int) -> list:
        if row not in self:
            raise KeyError(row)
        height = self._heights[row]
        return [int(height) if self._kinds[row] == self._INT else height,
                row in self._hidden]

    def __bool__(self) -> bool:
        return self._set > 0


class _Unrecorded(dict):
    """xlsxwriter's `table_cells` with nothing written into it (see _Worksheet.add_table)."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


class _TableRanges:
    """Tables compared by their ranges, one entry per table. xlsxwriter notes every cell of a
    table in a dict (`table_cells`) to refuse overlaps: 94 bytes a cell, 31 of the report
    workbook's 112 MB at kommun×4 (tracemalloc), growing with the plan. Private attributes,
    XlsxWriter pinned in setup.cfg."""

    @staticmethod
    def bounds(first_row: int, first_col: int, last_row: int, last_col: int
               ) -> tuple[int, int, int, int]:
        return (min(first_row, last_row), min(first_col, last_col),
                max(first_row, last_row), max(first_col, last_col))

    @staticmethod
    def refuse_overlap(sheet: Any, new: tuple[int, int, int, int], what: str) -> None:
        for old in getattr(sheet, "_vp_tables", ()):
            if new[0] <= old[2] and old[0] <= new[2] and new[1] <= old[3] and old[1] <= new[3]:
                raise xlsxwriter.exceptions.OverlappingRange(
                    f"{what} range '{xl_range(*new)}' overlaps previous table range "
                    f"'{xl_range(*old)}'.")


class _Workbook(xlsxwriter.Workbook):
    def add_worksheet(self, name=None, worksheet_class=None, in_row_order: bool = False):
        """`in_row_order`: the caller writes the sheet row by row (and adds no chart), so a
        workbook too large to be put together in memory holds it a row at a time."""
        if worksheet_class is None:
            worksheet_class = (_RowOrderWorksheet if in_row_order and not self.in_memory
                               else _Worksheet)
        return super().add_worksheet(name, worksheet_class)


_LAST_ROW = 1_048_575  # Excel's last row: a print area of whole columns


def write_report_workbook(evaluation: Evaluation, path: str | Path) -> None:
    """Write the report workbook for `evaluation` (its plan, statuses and period) to `path`."""
    plan = evaluation.plan
    with _Workbook(str(path), _options(plan)) as workbook:
        _set_properties(workbook, plan, evaluation)
        _write_report(workbook, Styles(workbook), plan, evaluation)


def write_arbetsbok(plan: Plan, path: str | Path) -> None:
    """Write `plan` as an arbetsbok to fill in (what `init` writes), without statuses."""
    with _Workbook(str(path), _options(plan)) as workbook:
        _set_properties(workbook, plan, None)
        _write_template(workbook, Styles(workbook), plan)


def _options(plan: Plan) -> dict[str, bool]:
    rows = sum(len(kf.rows) for kf in plan.kf_goals)
    return {**_OPTIONS, **default_font(), "in_memory": rows <= IN_MEMORY_MAX_ROWS}


def _write_template(workbook, styles: Styles, plan: Plan) -> None:
    report_period = plan.settings.report_period
    goals = GoalsSheet(workbook, styles, plan, None, default_band_ref())
    sheets = [
        write_instructions(workbook, styles),
        write_settings(workbook, styles, plan, report_period),
        write_periods(workbook, styles, plan),
        goals.write(),
        write_activities(workbook, styles, plan, report=False),
        write_texts(workbook, styles, plan, report=False),
    ]
    title = f"Arbetsbok verksamhetsplan {plan.settings.year}"
    # As in the report, the Mål sheet prints the plan's own columns (all its period columns
    # printed one page wide at a quarter of their size), over as many pages as keep them
    # readable, KF ÖG mål on each. Whole columns, so the rows staff add below print too.
    plan_end = goals.plan_columns_end()
    for sheet in sheets:
        is_goals = sheet is goals.sheet
        setup_print(sheet, plan.settings.kommun or title, plan.settings.verksamhet, title,
                    repeat_header=sheet.name != schema.INSTRUCTIONS_SHEET,
                    widths=goals.heights.widths[:plan_end + 1] if is_goals else (),
                    repeat_columns=1 if is_goals else 0)
    goals.sheet.print_area(0, 0, _LAST_ROW, plan_end)


def _write_report(workbook, styles: Styles, plan: Plan, evaluation: Evaluation) -> None:
    """Sammanställning first (what a reader wants to see), then the arbetsbok's sheets."""
    goals = GoalsSheet(workbook, styles, plan, evaluation, default_band_ref())
    sheets = [
        SummarySheet(workbook, styles, plan, evaluation, goals).write(),
        goals.write(),
        write_followup(workbook, styles, evaluation, goals),
        write_activities(workbook, styles, plan, report=True),
        write_texts(workbook, styles, plan, report=True),
        write_settings(workbook, styles, plan, evaluation.period),
        write_periods(workbook, styles, plan),
        write_instructions(workbook, styles),
    ]
    settings = plan.settings
    title = settings.title or f"Verksamhetsplan {settings.year}"
    footer = f"{title} – {evaluation.period}"
    for sheet in sheets:
        setup_print(sheet, settings.kommun or title, settings.verksamhet, footer,
                    repeat_header=sheet.name not in (schema.SUMMARY_SHEET,
                                                     schema.INSTRUCTIONS_SHEET))
    # The Mål sheet prints the plan's own columns, readable; the follow-up columns print
    # on the Uppföljning sheet beside their goal.
    goals.sheet.print_area(0, 0, goals.last_data_row, goals.plan_columns_end())


def _set_properties(workbook, plan: Plan, evaluation: Evaluation | None) -> None:
    settings = plan.settings
    # A fixed date keeps the output the same for the same input; SOURCE_DATE_EPOCH wins.
    fixed = reproducible.source_date_epoch()
    created = settings.report_date or dt.date(settings.year, 1, 1)
    kind = f"Rapport {evaluation.period}" if evaluation else "Arbetsbok"
    workbook.set_properties({
        "title": settings.title or f"Verksamhetsplan {settings.year}",
        "subject": kind,
        "author": settings.contact,
        "company": settings.kommun,
        "category": "Verksamhetsplan",
        "keywords": ", ".join(t for t in (settings.kommun, settings.verksamhet,
                                          str(settings.year)) if t),
        "comments": "Skapad med vp-excel.",
        "created": fixed or dt.datetime.combine(created, dt.time(), tzinfo=dt.UTC),
    })
    # Core properties have no language field in xlsxwriter; a custom one says it.
    workbook.set_custom_property("Language", "sv-SE")
