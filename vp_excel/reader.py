"""Read an arbetsbok (openpyxl) into a `Plan`, listing every problem with sheet and cell.

The input file is opened read-only and never written. Headers are found by name (see
`schema`), merged cells count on every row they cover, and numbers are read as staff type them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import schema
from .errors import (HeaderNotFound, InvalidWorkbookContent, Location, MissingSheet,
                     NotAnXlsxWorkbook, VpExcelError, WorkbookTooLarge)
from .safety import check_input_file
from .safety import damage_message as _damage_message
from .sheetscan import SheetScan, scan_workbook
from .model import (Activity, GoalDirection, KfGoal, KfIndicator, KsGoal, Measure, Period, Plan,
                    PlanRow, Problem, ReportText, Settings, Value, match_period)
from .schema import Column, normalize_header
from .swedish import NotANumber, format_value, normalize_unit, parse_number, parse_yes_no
from .text import clean_text, split_bullets

HEADER_SEARCH_ROWS = 30
_READ_PERIOD_KEYS = frozenset(c.key for c in schema.PERIOD_COLUMNS)  # not the report's formulas
_ERROR_VALUES = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                 "#SAKNAS!", "#DIVISION/0!", "#VÄRDEFEL!", "#REFERENS!", "#NAMN?", "#OGILTIGT!",
                 "#SKÄRNING!", "#GETTING_DATA", "#SPILL!", "#CALC!")


def _uncached(sheet: str, cell: str) -> str:
    return (f"formeln i {sheet}!{cell} har inget sparat värde (arbetsboken sparades av ett program "
            "som inte räknar ut formler); öppna och spara arbetsboken i Excel, så sparas värdet.")


class _Cell:
    """One cell as the reader sees it; the coordinate and number format are worked out only
    when asked for (most cells never are)."""

    __slots__ = ("value", "row", "col", "_source")

    def __init__(self, value: Any, row: int, col: int, source: Any = None):
        self.value = value
        self.row = row
        self.col = col
        self._source = source  # the openpyxl cell, for its number format

    @property
    def coordinate(self) -> str:
        return f"{_column_letter(self.col)}{self.row}"

    @property
    def number_format(self) -> str:
        if self._source is None:
            return "General"
        return self._source.number_format or "General"


class _Sheet:
    """A worksheet as a sparse grid of the cells that hold something, with merged ranges
    answering on every cell they cover.

    Sparse on purpose: a stray value or formatted cell at XFD1048576 (or a lying <dimension>)
    must not make the reader build or walk a grid of a million rows.
    """

    def __init__(self, title: str, grid: dict[int, dict[int, Any]],
                 merged: list[tuple[int, int, int, int]] = (),
                 uncached: set[tuple[int, int]] | None = None):
        self.title = title
        self.grid = grid  # row -> column -> openpyxl cell (anything with .value and
        # .number_format), only cells that hold a value
        self.uncached = uncached or set()  # formulas saved without a value
        self.merged_origin: dict[tuple[int, int], tuple[int, int]] = {}
        rows = set(grid)
        max_row = max(rows, default=0)
        max_col = max((max(cols) for cols in grid.values() if cols), default=0)
        for min_row, min_col, last_row, last_col in merged:
            if not self._has(min_row, min_col):
                continue  # an empty merged range says nothing
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
        """The value alone (the reader's hot path: no _Cell made)."""
        if self.merged_origin:
            origin = self.merged_origin.get((row, col))
            if origin is not None:
                row, col = origin
        cells = self.grid.get(row)
        if cells is None:
            return None
        source = cells.get(col)
        return None if source is None else source.value

    def cell(self, row: int, col: int) -> _Cell:
        """1-based row and column; a merged cell answers with its range's top-left value."""
        row, col = self.origin(row, col)
        source = self.grid.get(row, {}).get(col)
        if source is None:
            return _Cell(None, row, col)
        return _Cell(source.value, row, col, source)

    def is_uncached(self, row: int, col: int) -> bool:
        return self.origin(row, col) in self.uncached


@dataclass
class _Header:
    row: int
    columns: dict[tuple[str, str | None], int]  # (column key, period) -> column index
    unknown: list[str]


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []
        self._reported_uncached: set[tuple[str, tuple[int, int]]] = set()

    # --- problems ---------------------------------------------------------------------
    def where(self, sheet: str = "", cell: str = "") -> Location:
        return Location(str(self.path), sheet, cell)

    def error(self, message: str, sheet: str = "", cell: str = "") -> None:
        self.problems.append(Problem(message, self.where(sheet, cell), True))

    def warn(self, message: str, sheet: str = "", cell: str = "") -> None:
        self.problems.append(Problem(message, self.where(sheet, cell), False))

    # --- loading ----------------------------------------------------------------------
    def load(self) -> dict[str, _Sheet]:
        import openpyxl  # deferred: the CLI's --help must not pay for it

        scans = scan_workbook(self.path)
        try:
            # A file object, not the path: openpyxl refuses paths whose extension it does not
            # know, and the content (checked by guard) is what matters. "rb": never written.
            with self.path.open("rb") as handle, warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl's notes on unknown extensions
                book = openpyxl.load_workbook(handle, data_only=True, read_only=False)
                sheets = {ws.title: self._sheet(ws, scans.get(ws.title))
                          for ws in book.worksheets}
                book.close()
        except VpExcelError:
            raise
        except MemoryError as exc:
            raise WorkbookTooLarge("arbetsboken är för stor för att läsas i minnet.",
                                   self.where()) from exc
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise NotAnXlsxWorkbook(_damage_message(exc), self.where()) from exc
        return sheets

    @staticmethod
    def _sheet(ws: Any, scan: SheetScan | None) -> _Sheet:
        # openpyxl keeps only the cells the file holds in `_cells`; walking it instead of
        # iter_rows() costs per stored cell, not per cell of the bounding box.
        stored = getattr(ws, "_cells", None)
        if stored is None:  # another openpyxl: fall back on the public, dense way
            stored = {(c.row, c.column): c for row in ws.iter_rows() for c in row}
        grid: dict[int, dict[int, Any]] = {}
        for (row, col), cell in stored.items():
            value = cell.value
            if value is None or (isinstance(value, str) and not value):
                continue
            grid.setdefault(row, {})[col] = cell
        merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
        return _Sheet(ws.title, grid, merged, scan.uncached_formulas if scan else None)

    def find_sheet(self, sheets: dict[str, _Sheet], name: str, required: bool) -> _Sheet | None:
        wanted = {normalize_header(n) for n in schema.SHEET_SYNONYMS.get(name, (name,))}
        for title, sheet in sheets.items():
            if normalize_header(title) in wanted:
                return sheet
        if required:
            found = ", ".join(sheets) or "inga"
            raise MissingSheet(f"bladet {name} saknas. Bladen som finns: {found}. Skapa en "
                               f"mall med vp-excel init och jämför.", self.where())
        return None

    # --- headers ----------------------------------------------------------------------
    def find_header(self, sheet: _Sheet, columns: tuple[Column, ...],
                    periods: list[str] = ()) -> _Header:
        """The header row: the row among the first ones that names the most known columns."""
        lookup: dict[str, tuple[Column, str | None]] = {
            key: (col, None) for key, col in schema.column_lookup(columns).items()}
        per_period = [c for c in columns if c.per_period]
        for period in periods:
            for column in (*schema.PERIOD_COLUMNS, *schema.REPORT_PERIOD_COLUMNS):
                lookup[normalize_header(column.header_for(period))] = (column, period)
        for column in per_period:
            # A bare "Utfall" without a period is not a column; a bare "Status" still is.
            if lookup.get(normalize_header(column.header), (None,))[0] is column:
                del lookup[normalize_header(column.header)]
        best_row, best_hits = 0, 0
        for r in sheet.row_numbers:
            if r > HEADER_SEARCH_ROWS:
                break
            hits = sum(1 for c in sheet.columns(r)
                       if normalize_header(sheet.grid[r][c].value) in lookup)
            if hits > best_hits:
                best_row, best_hits = r, hits
        required = [c for c in columns if c.required]
        if best_hits == 0:
            raise HeaderNotFound(
                f"hittar ingen rubrikrad i bladet {sheet.title} bland de första "
                f"{HEADER_SEARCH_ROWS} raderna. Rubrikerna ska vara t.ex. "
                + ", ".join(c.header for c in columns[:4]) + ".", self.where(sheet.title))
        found: dict[tuple[str, str | None], int] = {}
        unknown: list[str] = []
        seen_text: dict[tuple[str, str | None], str] = {}
        headers: list[str] = []
        for c in sheet.columns(best_row):
            cell = sheet.cell(best_row, c)
            text = clean_text(cell.value)
            if not text:
                continue
            headers.append(text)
            match = lookup.get(normalize_header(text))
            if match is None:
                unknown.append(f"{cell.coordinate} \"{_short(text, 40)}\"")
                continue
            column, period = match
            key = (column.key, period)
            if key in found:
                raise HeaderNotFound(
                    f'rubriken "{_short(text, 40)}" finns två gånger (även i {seen_text[key]}). '
                    "Ta bort eller byt namn på den ena kolumnen.",
                    self.where(sheet.title, cell.coordinate))
            found[key] = c
            seen_text[key] = cell.coordinate
        # A header made by a formula that was never calculated reads as empty: its column
        # would vanish without a word.
        uncached = sorted(c for r, c in sheet.uncached if r == best_row) if sheet.uncached else []
        missing = [c for c in required if (c.key, None) not in found]
        if missing and uncached:
            first = sheet.cell(best_row, uncached[0]).coordinate
            raise HeaderNotFound(_uncached(sheet.title, first), self.where(sheet.title, first))
        for c in uncached:
            self._no_saved_value(sheet, best_row, c)
        if missing:
            names = ", ".join(c.header for c in missing)
            got = ", ".join(_short(h, 40) for h in headers) or "inga"
            hint = _closest_hint(missing[0], headers)
            word = "kolumnen" if len(missing) == 1 else "kolumnerna"
            raise HeaderNotFound(
                f"{word} {names} saknas i rubrikraden (rad {best_row}). Rubriker som finns: "
                f"{got}.{hint}", self.where(sheet.title, f"A{best_row}"))
        return _Header(best_row, found, unknown)

    # --- values -----------------------------------------------------------------------
    def _no_saved_value(self, sheet: _Sheet, row: int, col: int) -> None:
        """A formula saved without its value (written by a program that does not calculate):
        data_only reads it as empty, which would silently lose the number."""
        origin = sheet.origin(row, col)
        if (sheet.title, origin) in self._reported_uncached:
            return
        self._reported_uncached.add((sheet.title, origin))
        coordinate = sheet.cell(*origin).coordinate
        self.error(_uncached(sheet.title, coordinate), sheet.title, coordinate)

    def text(self, sheet: _Sheet, row: int, col: int | None) -> str:
        if col is None:
            return ""
        value = sheet.value(row, col)
        if value is None:
            if sheet.uncached and sheet.is_uncached(row, col):
                self._no_saved_value(sheet, row, col)
            return ""
        if type(value) is str:  # the common case, without _as_text's checks
            return clean_text(value)
        return clean_text(_as_text(value))

    def value(self, sheet: _Sheet, row: int, col: int | None, what: str,
              unit: str = "", allow_yes_no: bool = True) -> tuple[Value, str]:
        """A number or Ja/Nej from a cell, and its unit. Problems are recorded, None returned."""
        if col is None:
            return None, ""
        cell = sheet.cell(row, col)
        raw = cell.value
        if raw is None:
            if sheet.uncached and sheet.is_uncached(row, col):
                self._no_saved_value(sheet, row, col)
            return None, ""
        if isinstance(raw, str) and not clean_text(raw):
            return None, ""
        coord = cell.coordinate
        if isinstance(raw, bool):
            return raw, ""
        if isinstance(raw, dt.time):
            self.error(f"{what} är ett klockslag ({raw:%H:%M}), inte ett tal. Ändra cellens "
                       "format till Tal och skriv in värdet igen.", sheet.title, coord)
            return None, ""
        if isinstance(raw, dt.timedelta):
            self.error(f"{what} är en tidslängd, inte ett tal. Ändra cellens format till Tal och "
                       "skriv in värdet igen.", sheet.title, coord)
            return None, ""
        if isinstance(raw, (dt.datetime, dt.date)):
            self.error(f"{what} är ett datum ({raw:%Y-%m-%d}), inte ett tal. Ändra cellens "
                       "format till Tal och skriv in värdet igen.", sheet.title, coord)
            return None, ""
        if isinstance(raw, (int, float)):
            try:
                number = float(raw)
            except OverflowError:  # an integer beyond float range
                number = math.inf
            if not math.isfinite(number):
                return self._checked(number, sheet, coord, what), ""
            fmt_unit = _unit_from_format(cell.number_format)
            if fmt_unit == "%":
                return self._checked(number, sheet, coord, what), "%"
            return self._checked(self._percent_points(number, unit, sheet, coord, what),
                                 sheet, coord, what), fmt_unit or ""
        text = clean_text(raw)
        if text.upper() in _ERROR_VALUES:
            self.error(f"{what} är felvärdet {text}. Rätta formeln eller skriv in värdet.",
                       sheet.title, coord)
            return None, ""
        yes_no = parse_yes_no(text) if text.lower() in ("ja", "nej") else None
        if yes_no is not None:
            if not allow_yes_no:
                self.error(f'{what} "{text}" är Ja/Nej men ska vara ett tal.', sheet.title, coord)
                return None, ""
            return yes_no, ""
        try:
            parsed = parse_number(text)
        except NotANumber:
            self.error(f'{what} "{_short(text)}" är inte ett tal. Skriv t.ex. 6,5% eller 60 dagar'
                       + (" eller Ja/Nej." if allow_yes_no else "."), sheet.title, coord)
            return None, ""
        number = parsed.value
        if parsed.unit != "%":
            number = self._percent_points(number, unit, sheet, coord, what)
        return self._checked(number, sheet, coord, what), parsed.unit or ""

    def _percent_points(self, number: float, unit: str, sheet: _Sheet, coord: str,
                        what: str) -> float:
        # "3,69" in a goal measured in % means 3,69 %, as staff write it.
        if unit == "%" and abs(number) > 1:
            self.warn(f"{what} {format_value(number)} saknar %-tecken; tolkas som "
                      f"{format_value(number / 100, '%')}.", sheet.title, coord)
            return number / 100
        return number

    def _checked(self, number: float, sheet: _Sheet, coord: str, what: str) -> Value:
        if not math.isfinite(number):
            self.error(f"{what} är inget rimligt tal (för stort eller ogiltigt). Kontrollera "
                       "värdet.", sheet.title, coord)
            return None
        if abs(number) > schema.MAX_ABS_VALUE:
            self.error(f"{what} ({format_value(number)}) är orimligt stort; gränsen är "
                       f"{format_value(schema.MAX_ABS_VALUE)}. Kontrollera värdet.",
                       sheet.title, coord)
            return None
        return number

    # --- sheets -----------------------------------------------------------------------
    def read_settings(self, sheet: _Sheet) -> Settings:
        lookup = schema.setting_lookup()
        rows: dict[str, int] = {}  # setting key -> its row; the value stands in column B
        for r in sheet.row_numbers:
            label = normalize_header(sheet.value(r, 1))
            setting = lookup.get(label)
            if setting and setting.key not in rows:
                rows[setting.key] = r
        title = sheet.title

        def coord(key: str) -> str:
            return sheet.cell(rows[key], 2).coordinate if key in rows else ""

        def text(key: str) -> str:
            return self.text(sheet, rows[key], 2) if key in rows else ""

        for setting in schema.SETTINGS:
            if setting.required and not text(setting.key):
                if setting.key in rows and sheet.is_uncached(rows[setting.key], 2):
                    raise InvalidWorkbookContent(_uncached(title, coord(setting.key)),
                                                 self.where(title, coord(setting.key)))
                raise InvalidWorkbookContent(
                    f'inställningen "{setting.label}" saknas eller är tom. Skriv den i kolumn A '
                    "och värdet i kolumn B.", self.where(title, coord(setting.key)))
        for key, label in (("kommun", "Kommun"), ("verksamhet", "Verksamhet")):
            if not text(key):
                self.warn(f'inställningen "{label}" är tom; fyll i den så att rapporterna får '
                          "rätt rubrik.", title, coord(key))
        year_text = text("year")
        year = _int_or_none(year_text)
        if year is None or not schema.YEAR_RANGE[0] <= year <= schema.YEAR_RANGE[1]:
            raise InvalidWorkbookContent(
                f'året "{_short(year_text, 30)}" är inte ett rimligt årtal (skriv t.ex. 2025).',
                self.where(title, coord("year")))
        report_date = None
        raw_date = sheet.cell(rows["report_date"], 2).value if "report_date" in rows else None
        if isinstance(raw_date, dt.datetime):
            report_date = raw_date.date()
        elif isinstance(raw_date, dt.date):
            report_date = raw_date
        elif text("report_date"):
            try:
                report_date = dt.date.fromisoformat(text("report_date"))
            except ValueError:
                self.error(f'rapportdatumet "{_short(text("report_date"), 30)}" är inget datum; '
                           "skriv ÅÅÅÅ-MM-DD.", title, coord("report_date"))
        band = 0.0
        if "default_yellow_band" in rows:
            number, _unit = self.value(sheet, rows["default_yellow_band"], 2,
                                       "gul gräns (standard)", allow_yes_no=False)
            if number is not None and not 0 <= number <= 1:
                self.error("gul gräns (standard) ska vara en andel mellan 0% och 100%.",
                           title, coord("default_yellow_band"))
            elif number is not None:
                band = float(number)
        return Settings(
            kommun=text("kommun"), verksamhet=text("verksamhet"), year=year,
            report_period=text("report_period"), short_name=text("short_name"),
            title=text("title"), subtitle=text("subtitle"), vision=text("vision"),
            mandate_period=text("mandate_period"), diarienummer=text("diarienummer"),
            contact=text("contact"), report_date=report_date, default_yellow_band=band,
            logo=text("logo"), note=text("note"))

    def read_periods(self, sheet: _Sheet) -> list[Period]:
        header = self.find_header(sheet, schema.PERIOD_SHEET_COLUMNS)
        cols = {key: idx for (key, _), idx in header.columns.items()}
        periods: list[Period] = []
        for r in sheet.rows_after(header.row):
            name = self.text(sheet, r, cols["name"])
            if not name:
                continue
            year = _int_or_none(self.text(sheet, r, cols["year"]))
            first = _month(self.text(sheet, r, cols["first_month"]))
            last = _month(self.text(sheet, r, cols["last_month"]))
            coord = sheet.cell(r, cols["name"]).coordinate
            if year is None or not schema.YEAR_RANGE[0] <= year <= schema.YEAR_RANGE[1]:
                self.error(f'perioden {name} har inget rimligt år.', sheet.title,
                           sheet.cell(r, cols["year"]).coordinate)
                continue
            if first is None or last is None or first > last:
                self.error(f"perioden {name} har inga giltiga månader (skriv jan–dec eller "
                           "1–12, och Från före Till).", sheet.title, coord)
                continue
            if any(p.name.lower() == name.lower() for p in periods):
                self.error(f"perioden {name} finns två gånger.", sheet.title, coord)
                continue
            periods.append(Period(name, year, first, last))
        if not periods:
            raise InvalidWorkbookContent("bladet har inga perioder. Lägg till minst en, t.ex. "
                                         "Delår 1 2025 | 2025 | jan | apr.",
                                         self.where(sheet.title))
        return periods

    def read_goals(self, sheet: _Sheet, periods: list[str]) -> tuple[list[KfGoal], list[str]]:
        all_columns = (*schema.GOAL_COLUMNS, *schema.PERIOD_COLUMNS,
                       *schema.REPORT_PERIOD_COLUMNS, *schema.REPORT_EXTRA_COLUMNS)
        header = self.find_header(sheet, all_columns, periods)
        cols = header.columns
        if header.unknown:
            self.warn("okända kolumner läses inte: " + ", ".join(header.unknown) + ".",
                      sheet.title)
        col = lambda key, period=None: cols.get((key, period))  # noqa: E731

        kf_goals: list[KfGoal] = []
        current_kf: KfGoal | None = None
        previous_key: tuple[str, str, str] | None = None
        current_row: PlanRow | None = None
        group_rows: list[int] = []
        for r in sheet.rows_after(header.row):
            row_text = {key: self.text(sheet, r, idx) for (key, period), idx in cols.items()
                        if period is None and key in ("kf_goal", "indicator", "ks_goal",
                                                      "direction_text", "responsible",
                                                      "activities", "styrgrans", "target")}
            has_period_data = any(sheet.value(r, idx) not in (None, "")
                                  or (sheet.uncached and sheet.is_uncached(r, idx))
                                  for (key, period), idx in cols.items()
                                  if period and key in _READ_PERIOD_KEYS)
            if not any(row_text.values()) and not has_period_data:
                continue
            kf_name = row_text.get("kf_goal", "")
            if kf_name and (current_kf is None or kf_name != current_kf.name):
                current_kf = KfGoal(kf_name)
                kf_goals.append(current_kf)
                previous_key = None
            if current_kf is None:
                self.error("raden saknar KF ÖG mål (och det finns inget ovanför att ärva).",
                           sheet.title, sheet.cell(r, col("kf_goal")).coordinate)
                continue
            key = (current_kf.name, row_text.get("indicator", ""), row_text.get("ks_goal", ""))
            continues_group = (previous_key == key and (key[1] or key[2]))
            if not continues_group:
                current_row = PlanRow()
                current_kf.rows.append(current_row)
                group_rows = []
                self._read_measures(sheet, r, cols, periods, current_row, row_text)
            else:
                self._check_group_consistency(sheet, group_rows[0], r, cols)
            previous_key = key
            group_rows.append(r)
            current_row.sheet_rows.append(r)
            direction_text = row_text.get("direction_text", "")
            activities = [Activity(a) for a in split_bullets(
                clean_text(sheet.value(r, col("activities"))) if col("activities") else "")]
            if direction_text or activities or row_text.get("responsible"):
                current_row.directions.append(GoalDirection(
                    direction_text, row_text.get("responsible", ""), activities))
        return kf_goals, header.unknown

    def _check_group_consistency(self, sheet: _Sheet, first: int, row: int,
                                 cols: dict[tuple[str, str | None], int]) -> None:
        """Rows of one KS mål must not disagree on its follow-up values."""
        for (key, period), idx in cols.items():
            if key in ("kf_goal", "indicator", "ks_goal", "direction_text", "responsible",
                       "activities", "status", "period_status", "indicator_status", "score",
                       "trend"):
                continue
            a, b = sheet.value(first, idx), sheet.value(row, idx)
            if b not in (None, "") and a not in (None, "") and a != b:
                self.error(f"raden hör till samma KS-mål som rad {first} men har ett annat "
                           f'värde ("{_short(clean_text(b))}" mot "{_short(clean_text(a))}"). '
                           "Skriv uppföljningen en gång, på målets första rad.",
                           sheet.title, sheet.cell(row, idx).coordinate)

    def _read_measures(self, sheet: _Sheet, r: int, cols: dict, periods: list[str],
                       plan_row: PlanRow, row_text: dict[str, str]) -> None:
        col = lambda key, period=None: cols.get((key, period))  # noqa: E731
        if row_text.get("indicator"):
            styrgrans, unit = self.value(sheet, r, col("styrgrans"), "styrgränsen")
            bound = ""
            raw = row_text.get("styrgrans", "")
            if isinstance(styrgrans, float) and not _is_text_cell(sheet, r, col("styrgrans")):
                # As Excel shows it: 0.75 in "0%" is 75%; '"max "0' keeps its "max".
                bound = _bound_from_format(sheet.cell(r, col("styrgrans")).number_format)
                raw = f"{bound} {format_value(styrgrans, unit)}".strip()
            elif raw:
                try:
                    bound = parse_number(raw).bound
                except NotANumber:
                    bound = ""
            direction = self._choice(sheet, r, col("direction"), schema.RULE_SYNONYMS,
                                     schema.INDICATOR_DIRECTIONS, "riktningen")
            if not direction:
                if isinstance(styrgrans, bool):
                    direction = schema.YES_NO
                else:
                    direction = schema.LOWER if bound == "max" else schema.HIGHER
            measure = Measure(rule=direction, target=styrgrans, unit=unit)
            for period in periods:
                measure.outcomes[period], _ = self.value(
                    sheet, r, col("indicator_outcome", period),
                    f"indikatorutfallet för {period}", unit)
            self._check_kinds(sheet, r, measure, col("styrgrans"), "styrgränsen",
                              {p: col("indicator_outcome", p) for p in periods})
            plan_row.indicator = KfIndicator(
                row_text["indicator"], raw, measure, self.text(sheet, r, col("source")),
                key=f"{sheet.title}!{r}")
        if row_text.get("ks_goal"):
            target, unit = self.value(sheet, r, col("target"), "målvärdet")
            rule = self._choice(sheet, r, col("rule"), schema.RULE_SYNONYMS, schema.RULES,
                                "regeln")
            if not rule:
                rule = schema.YES_NO if isinstance(target, bool) else (
                    schema.HIGHER if target is not None else schema.MANUAL)
            band, _ = self.value(sheet, r, col("yellow_band"), "gul gräns", unit,
                                 allow_yes_no=False)
            previous, prev_unit = self.value(sheet, r, col("previous_year"),
                                             "utfallet föregående år", unit)
            unit = unit or prev_unit
            measure = Measure(rule=rule, target=target, unit=unit,
                              yellow_band=band if band is None else abs(band),
                              previous_year=previous)
            outcome_cols = {}
            for period in periods:
                outcome, out_unit = self.value(sheet, r, col("outcome", period),
                                               f"utfallet för {period}", unit)
                if out_unit and unit and out_unit != unit:
                    self.error(f"utfallet för {period} har enheten {out_unit} men målet mäts i "
                               f"{unit}.", sheet.title, sheet.cell(r, col("outcome", period))
                               .coordinate)
                    outcome = None
                measure.unit = measure.unit or out_unit
                measure.outcomes[period] = outcome
                outcome_cols[period] = col("outcome", period)
                assessment = self._choice(sheet, r, col("assessment", period),
                                          schema.STATUS_SYNONYMS, schema.STATUSES,
                                          f"bedömningen för {period}")
                if assessment:
                    measure.assessments[period] = assessment
                motivation = self.text(sheet, r, col("motivation", period))
                if motivation:
                    measure.motivations[period] = motivation
                analysis = self.text(sheet, r, col("analysis", period))
                if analysis:
                    measure.analyses[period] = analysis
            self._check_kinds(sheet, r, measure, col("target"), "målvärdet", outcome_cols)
            plan_row.ks_goal = KsGoal(row_text["ks_goal"], measure, key=f"{sheet.title}!{r}")

    def _check_kinds(self, sheet: _Sheet, r: int, measure: Measure, target_col: int | None,
                     what: str, outcome_cols: dict[str, int | None]) -> None:
        """Ja/Nej rules want Ja/Nej values; the other rules want numbers."""
        yes_no = measure.rule == schema.YES_NO
        if measure.target is not None and isinstance(measure.target, bool) != yes_no:
            wanted = "Ja eller Nej" if yes_no else "ett tal"
            self.error(f"{what} ska vara {wanted} för regeln {measure.rule}.", sheet.title,
                       sheet.cell(r, target_col).coordinate)
            measure.target = None
        for period, idx in outcome_cols.items():
            outcome = measure.outcomes.get(period)
            if outcome is not None and isinstance(outcome, bool) != yes_no:
                wanted = "Ja eller Nej" if yes_no else "ett tal"
                self.error(f"utfallet för {period} ska vara {wanted} för regeln "
                           f"{measure.rule}.", sheet.title, sheet.cell(r, idx).coordinate)
                measure.outcomes[period] = None

    def _choice(self, sheet: _Sheet, r: int, col: int | None, synonyms: dict[str, str],
                allowed: tuple[str, ...], what: str) -> str:
        text = self.text(sheet, r, col)
        if not text:
            return ""
        found = synonyms.get(text.lower()) or next(
            (a for a in allowed if a.lower() == text.lower()), None)
        if found is None or found not in allowed:
            self.error(f'{what} "{_short(text)}" är okänd. Tillåtna värden: '
                       + ", ".join(allowed) + ".", sheet.title, sheet.cell(r, col).coordinate)
            return ""
        return found

    def read_activities(self, sheet: _Sheet, kf_goals: list[KfGoal]) -> None:
        """Status and comment per activity, matched by målinriktning and activity text."""
        header = self.find_header(sheet, schema.ACTIVITY_COLUMNS)
        cols = {key: idx for (key, _), idx in header.columns.items()}
        index: dict[tuple[str, str], list[Activity]] = {}
        directions: dict[str, GoalDirection] = {}
        for kf in kf_goals:
            for row in kf.rows:
                for direction in row.directions:
                    directions.setdefault(_key(direction.text), direction)
                    for activity in direction.activities:
                        index.setdefault((_key(direction.text), _key(activity.text)),
                                         []).append(activity)
        for r in sheet.rows_after(header.row):
            text = self.text(sheet, r, cols.get("activity"))
            direction_text = self.text(sheet, r, cols.get("direction_text"))
            if not text:
                continue
            status_col = cols.get("activity_status")
            status = self._choice(sheet, r, status_col, schema.ACTIVITY_STATUS_SYNONYMS,
                                  schema.ACTIVITY_STATUSES, "aktivitetsstatusen")
            comment = self.text(sheet, r, cols.get("comment"))
            matches = index.get((_key(direction_text), _key(text)))
            if matches is None:
                direction = directions.get(_key(direction_text))
                if direction is None:
                    self.warn(f'aktiviteten "{_short(text)}" hör till målinriktningen '
                              f'"{_short(direction_text)}" som inte finns i bladet Mål; den '
                              "tas inte med.", sheet.title,
                              sheet.cell(r, cols["activity"]).coordinate)
                    continue
                activity = Activity(text)
                direction.activities.append(activity)
                matches = index[(_key(direction_text), _key(text))] = [activity]
            for activity in matches:
                activity.status = status or activity.status
                activity.comment = comment or activity.comment

    def read_texts(self, sheet: _Sheet, periods: list[str]) -> list[ReportText]:
        header = self.find_header(sheet, schema.TEXT_COLUMNS)
        cols = {key: idx for (key, _), idx in header.columns.items()}
        texts: list[ReportText] = []
        for r in sheet.rows_after(header.row):
            heading = self.text(sheet, r, cols["heading"])
            body = self.text(sheet, r, cols["text"])
            period = self.text(sheet, r, cols.get("period"))
            if not heading and not body:
                continue
            if period and period not in periods:
                self.error(f'perioden "{period}" finns inte i bladet Perioder. Tillåtna: '
                           + ", ".join(periods) + ".", sheet.title,
                           sheet.cell(r, cols["period"]).coordinate)
                continue
            texts.append(ReportText(heading, body, period))
        return texts

    def read(self) -> Plan:
        check_input_file(self.path)
        sheets = self.load()
        settings_sheet = self.find_sheet(sheets, schema.SETTINGS_SHEET, True)
        periods_sheet = self.find_sheet(sheets, schema.PERIODS_SHEET, True)
        goals_sheet = self.find_sheet(sheets, schema.GOALS_SHEET, True)
        settings = self.read_settings(settings_sheet)
        periods = self.read_periods(periods_sheet)
        names = [p.name for p in periods]
        if settings.report_period not in names:
            match = match_period(names, settings.report_period)
            if match:
                settings.report_period = match
            else:
                raise InvalidWorkbookContent(
                    f'rapportperioden "{settings.report_period}" finns inte i bladet Perioder. '
                    "Tillåtna: " + ", ".join(names) + ".", self.where(settings_sheet.title))
        kf_goals, extra = self.read_goals(goals_sheet, names)
        if not kf_goals:
            self.warn("bladet har inga mål ännu.", goals_sheet.title)
        plan = Plan(settings, periods, kf_goals, source_file=str(self.path), extra_columns=extra)
        activities_sheet = self.find_sheet(sheets, schema.ACTIVITIES_SHEET, False)
        if activities_sheet is not None and activities_sheet:
            self.read_activities(activities_sheet, kf_goals)
        texts_sheet = self.find_sheet(sheets, schema.TEXTS_SHEET, False)
        if texts_sheet is not None and texts_sheet:
            plan.texts = self.read_texts(texts_sheet, names)
        return plan


# --- helpers ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _column_letter(col: int) -> str:
    """1 -> "A", 28 -> "AB" (openpyxl's get_column_letter without its import per call)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _as_text(value: Any) -> Any:
    """A cell value as the text a person sees in Excel (before clean_text)."""
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"  # what Swedish Excel shows
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value




def _bound_from_format(number_format: str) -> str:
    """ "max" or "min" when a number format prints it before the number."""
    match = re.match(r'\s*"\s*(max|min|högst|minst)\b', number_format, re.IGNORECASE)
    if not match:
        return ""
    word = match.group(1).lower()
    return {"högst": "max", "minst": "min"}.get(word, word)


def _is_text_cell(sheet: _Sheet, row: int, col: int | None) -> bool:
    return col is None or isinstance(sheet.value(row, col), str)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _int_or_none(text: str) -> int | None:
    try:
        number = float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _month(text: str) -> int | None:
    lowered = text.strip().lower().rstrip(".")
    number = _int_or_none(lowered)
    if number is not None:
        return number if 1 <= number <= 12 else None
    for index, (short, full) in enumerate(zip(schema.MONTHS, schema.MONTH_NAMES), start=1):
        if lowered in (short, full) or (len(lowered) >= 3 and full.startswith(lowered)):
            return index
    return None


def _unit_from_format(number_format: str) -> str | None:
    """The unit an Excel number format shows: "0.0%" -> "%", '0 "dagar"' -> "dagar"."""
    if "%" in number_format.replace('"%"', ""):
        return "%"
    for quoted in re.findall(r'"([^"]+)"', number_format):
        unit = normalize_unit(quoted)
        if unit:
            return unit
    return None


def _closest_hint(column: Column, headers: list[str]) -> str:
    import difflib
    candidates = [h for h in headers if h]
    best = difflib.get_close_matches(normalize_header(column.header),
                                     [normalize_header(h) for h in candidates], n=1, cutoff=0.5)
    if not best:
        return f" Skriv rubriken {column.header}."
    original = next(h for h in candidates if normalize_header(h) == best[0])
    return f' Menade du "{original}"? Skriv i så fall {column.header}.'


def read_plan(path: str | Path) -> tuple[Plan, list[Problem]]:
    """Read and validate an arbetsbok. Raises `VpExcelError` when nothing sensible can be read;
    otherwise returns the plan and every problem found (errors and warnings)."""
    reader = _Reader(Path(path))
    plan = reader.read()
    return plan, reader.problems
