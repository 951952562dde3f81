"""Write the two example arbetsböcker in this folder from their data files.

    python workbooks/make_workbooks.py [output folder]

The plans' words live in workbooks/data/*.toml, one file per example, keyed by the
arbetsbok's own headers, so that a kommun can read and correct them without reading Python;
this script only lays them out as staff would in Excel.

- norsjo-klk-2025.xlsx: Norsjö kommun's real plan, "Verksamhetsplan 2025 för
  kommunledningskontoret", restored word for word from the published document (the plan table
  as restored in klk-2025-tabell.md, the texts from the document itself). Laid out the way staff
  make such a workbook: a title row, merged cells, wrapped text, bullet lists of activities.
  It holds only what the document says: the Helår 2024 status is the plan's starting point,
  and no outcome is invented.
- exempelby-2025.xlsx: a fictional municipality whose every figure is made up, to show every
  rule, manual overrides, several periods, trends and activity statuses.

Deterministic: the same data gives byte-identical files (fixed document dates and fixed
timestamps inside the zip), so regenerating does not show up as a change. Only openpyxl and
`vp_excel.schema` (for sheet names, headers and help texts) are used.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import textwrap
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout without installing
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.worksheet.datavalidation import DataValidation  # noqa: E402
from openpyxl.writer.excel import ExcelWriter  # noqa: E402

from vp_excel import schema  # noqa: E402

FIXED_TIME = dt.datetime(2025, 1, 1, 12, 0, 0)  # document properties and zip entries
ZIP_TIME = (2025, 1, 1, 12, 0, 0)


# --- the data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Typed:
    """A number as staff type it with a number format: 0.065 shown as "6,5%"."""

    value: Any
    number_format: str


def pct(value: float, number_format: str = "0%") -> Typed:
    return Typed(value, number_format)


@dataclass
class Direction:
    """A målinriktning: one row of the Mål sheet, with its activities."""

    text: str = ""
    responsible: str = ""
    activities: list[tuple[str, str, str]] = field(default_factory=list)  # text, status, comment


@dataclass
class Group:
    """Rows of the Mål sheet that share one KF indikator and one KS mål.

    `values` holds the measure columns by schema key; per-period columns are keyed
    (key, period), e.g. ("outcome", "Helår 2024").
    """

    values: dict[Any, Any]
    directions: list[Direction] = field(default_factory=lambda: [Direction()])
    # Rows under the measure split by group ("kvinnor", "män"): the label in the indicator
    # (or KS mål) column, the values by column key as in `values`.
    breakdown: list[tuple[str, str, dict[Any, Any]]] = field(default_factory=list)


@dataclass
class Kf:
    name: str
    groups: list[Group]


@dataclass
class Book:
    settings: dict[str, Any]  # schema.Setting.label -> value
    periods: list[tuple[str, int, str, str]]
    kf_goals: list[Kf]
    texts: list[tuple[str, str, str]]  # avsnitt, text, period
    title: str = ""  # a title row above the Mål header
    merge: bool = False  # merge KF ÖG mål and the group cells, as in the published plan
    instructions: str = ""
    comparisons: list[str] = field(default_factory=list)  # comparison columns' headers


# --- reading the data files -----------------------------------------------------------

DATA = HERE / "data"
# One data file per example, in the order they are written.
DATA_FILES = ("norsjo-klk-2025.toml", "exempelby-2025.toml")


def _value(raw: Any) -> Any:
    """A value from the data file: { tal = 0.75, format = "0%" } is a number with its format."""
    if isinstance(raw, dict):
        unknown = set(raw) - {"tal", "format"}
        if unknown or "tal" not in raw:
            raise ValueError(f"ett tal med format skrivs {{ tal = ..., format = ... }}, inte {raw}")
        return Typed(raw["tal"], raw.get("format", "General"))
    return raw


def _activity(raw: str | dict[str, str]) -> tuple[str, str, str]:
    if isinstance(raw, str):
        return raw, "", ""
    return raw["Aktivitet"], raw.get("Status", ""), raw.get("Kommentar", "")


def _group(raw: dict[str, Any], columns: dict[str, tuple[str, str | None]]) -> Group:
    """One row of the plan table: its cells by header, its målinriktningar."""
    values: dict[Any, Any] = {}
    for header, raw_value in raw.items():
        if header in ("Målinriktningar", "Kvinnor och män"):
            continue
        if header not in columns:
            raise ValueError(f'okänd rubrik "{header}" i Mål; kända: {", ".join(columns)}')
        key, period = columns[header]
        values[key if period is None else (key, period)] = _value(raw_value)
    directions = [Direction(d.get("Målinriktning", ""), d.get("Ansvarig enhet", ""),
                            [_activity(a) for a in d.get("Aktiviteter", [])])
                  for d in raw.get("Målinriktningar", [])]
    breakdown = []
    for part in raw.get("Kvinnor och män", []):
        part_values = {}
        for header, raw_value in part.items():
            if header in ("namn", "kolumn"):
                continue
            key, period = columns[header]
            part_values[key if period is None else (key, period)] = _value(raw_value)
        breakdown.append((part["namn"], part.get("kolumn", "indicator"), part_values))
    return Group(values, directions or [Direction()], breakdown)


@dataclass
class Example:
    """One example arbetsbok: its data, the file it is written to and its document title."""

    book: Book
    file_name: str
    document_title: str


def load_example(path: Path) -> Example:
    """Read one data file (workbooks/data/*.toml): the plan's words as the kommun wrote them."""
    with Path(path).open("rb") as handle:
        data = tomllib.load(handle)
    periods = [(p["Period"], p["År"], p["Från"], p["Till"]) for p in data["Perioder"]]
    names = [period[0] for period in periods]
    comparisons = data.get("jämförelsekolumner", [])
    columns = {column.header_for(period): (column.key, period)
               for column, period in goal_layout(names, comparisons)}
    kf_goals = [Kf(kf["KF ÖG mål"], [_group(row, columns) for row in kf.get("rader", [])])
                for kf in data["Mål"]]
    texts = [(t["Avsnitt"], t["Text"], t.get("Period", "")) for t in data.get("Texter", [])]
    settings = {label: _value(value) for label, value in data["Inställningar"].items()}
    book = Book(settings, periods, kf_goals, texts, title=data.get("rubrikrad", ""),
                merge=data.get("sammanfoga", False), instructions=data["instruktioner"],
                comparisons=comparisons)
    return Example(book, data["fil"], data["dokumenttitel"])


# --- writing ----------------------------------------------------------------------------

THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOP_WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
LINE_HEIGHT = 15.0  # points per line of Calibri 11
GROUP_KEYS_NOT_MERGED = ("kf_goal", "direction_text", "responsible", "activities")


def _lines_needed(text: str, width: float, per_unit: float = 1.15) -> int:
    """Lines a wrapped cell needs: a column width unit holds about 1.15 characters of
    Calibri 11 (fewer in bold), and lines break between words."""
    chars = max(1, int(width * per_unit) - 1)
    return sum(len(textwrap.wrap(line, chars)) or 1 for line in str(text).split("\n"))


def _put(ws, row: int, col: int, value: Any, align: Alignment = TOP_WRAP):
    cell = ws.cell(row=row, column=col)
    if isinstance(value, Typed):
        cell.value = value.value
        cell.number_format = value.number_format
    elif value is not None and value != "":
        cell.value = value
    cell.alignment = align
    cell.border = BORDER
    return cell


def _header(ws, row: int, headers: list[str], widths: list[float]) -> None:
    for col, (text, width) in enumerate(zip(headers, widths), start=1):
        cell = _put(ws, row, col, text, HEADER_ALIGN)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[row].height = LINE_HEIGHT * max(
        _lines_needed(text, width, per_unit=1.0) for text, width in zip(headers, widths))


def _fit_rows(ws, first: int, last: int, widths: list[float],
              merged: list[tuple[int, int, int]] = ()) -> None:
    """Row heights for wrapped text (Excel does not grow rows it did not write itself).

    `merged` lists vertical merges (column, first row, last row): their text is spread over
    the rows they cover."""
    covered = {(r, c) for c, r1, r2 in merged for r in range(r1, r2 + 1)}
    heights: dict[int, float] = {}
    for r in range(first, last + 1):
        lines = 1
        for c, width in enumerate(widths, start=1):
            value = ws.cell(row=r, column=c).value
            if value is not None and (r, c) not in covered:
                lines = max(lines, _lines_needed(value, width))
        heights[r] = lines * LINE_HEIGHT
    for c, r1, r2 in merged:
        value = ws.cell(row=r1, column=c).value
        if value is None:
            continue
        need = _lines_needed(value, widths[c - 1]) * LINE_HEIGHT
        have = sum(heights[r] for r in range(r1, r2 + 1))
        if need > have:
            heights[r2] += need - have
    for r, height in heights.items():
        ws.row_dimensions[r].height = height


def _list_validation(ws, choices: tuple[str, ...], cells: str) -> None:
    validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                allow_blank=True, showErrorMessage=False)
    validation.add(cells)
    ws.add_data_validation(validation)


def _write_instructions(wb: Workbook, book: Book) -> None:
    ws = wb.active
    ws.title = schema.INSTRUCTIONS_SHEET
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    ws.cell(row=1, column=1, value="Instruktioner").font = Font(bold=True, size=14)
    ws.merge_cells("A2:B2")
    cell = ws.cell(row=2, column=1, value=book.instructions)
    cell.alignment = TOP_WRAP
    ws.row_dimensions[2].height = _lines_needed(book.instructions, 118) * LINE_HEIGHT
    ws.cell(row=4, column=1, value="Bladet Mål: kolumner").font = Font(bold=True)
    row = 5
    for column in (*schema.GOAL_COLUMNS, *schema.PERIOD_COLUMNS):
        name = column.header + (" <period>" if column.per_period else "")
        ws.cell(row=row, column=1, value=name).alignment = TOP_WRAP
        ws.cell(row=row, column=2, value=column.help).alignment = TOP_WRAP
        ws.row_dimensions[row].height = _lines_needed(column.help, 90) * LINE_HEIGHT
        row += 1


def _write_settings(wb: Workbook, book: Book) -> None:
    ws = wb.create_sheet(schema.SETTINGS_SHEET)
    columns = schema.SETTING_COLUMNS
    widths = [c.width for c in columns]
    _header(ws, 1, [c.header for c in columns], widths)
    known = {s.label for s in schema.SETTINGS}
    unknown = set(book.settings) - known
    if unknown:
        raise ValueError(f"okända inställningar: {sorted(unknown)}")
    row = 2
    for setting in schema.SETTINGS:
        _put(ws, row, 1, setting.label).font = Font(bold=setting.required)
        _put(ws, row, 2, book.settings.get(setting.label), Alignment(
            wrap_text=True, vertical="top", horizontal="left"))
        _put(ws, row, 3, setting.help)
        row += 1
    _fit_rows(ws, 2, row - 1, widths)
    ws.freeze_panes = "A2"


def _write_periods(wb: Workbook, book: Book) -> None:
    ws = wb.create_sheet(schema.PERIODS_SHEET)
    columns = schema.PERIOD_SHEET_COLUMNS
    _header(ws, 1, [c.header for c in columns], [c.width for c in columns])
    for row, period in enumerate(book.periods, start=2):
        for col, value in enumerate(period, start=1):
            _put(ws, row, col, value)
    ws.freeze_panes = "A2"


def goal_layout(periods: list[str], comparisons: list[str]
                ) -> list[tuple[schema.Column, str | None]]:
    """The Mål sheet's columns, the comparison columns (Riket 2024, Länet) after the plan's
    own columns, as the report workbook places them."""
    layout = schema.goal_columns_for(periods)
    at = len(schema.GOAL_COLUMNS)
    layout[at:at] = [(schema.Column(f"comparison:{name}", name, kind="comparison", width=11),
                      None) for name in comparisons]
    return layout


def _write_goals(wb: Workbook, book: Book) -> None:
    ws = wb.create_sheet(schema.GOALS_SHEET)
    period_names = [p[0] for p in book.periods]
    layout = goal_layout(period_names, book.comparisons)
    col_of = {(column.key, period): i for i, (column, period) in enumerate(layout, start=1)}
    widths = [column.width for column, _ in layout]
    header_row = 1
    if book.title:
        ws.cell(row=1, column=1, value=book.title).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
        ws.row_dimensions[1].height = 24
        header_row = 2
    _header(ws, header_row, [column.header_for(period) for column, period in layout], widths)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4

    row = header_row + 1
    merges: list[tuple[int, int, int]] = []  # (column, first row, last row)
    for kf in book.kf_goals:
        kf_first = row
        for group in kf.groups:
            group_first = row
            unknown = {k for k in group.values
                       if (k if isinstance(k, tuple) else (k, None)) not in col_of}
            if unknown:
                raise ValueError(f"okända kolumner: {sorted(map(str, unknown))}")
            for index, direction in enumerate(group.directions):
                first = index == 0
                # Every column gets a border; values as the layout asks.
                for col in range(1, len(layout) + 1):
                    _put(ws, row, col, None)
                if first or not book.merge:
                    _put(ws, row, col_of[("kf_goal", None)], kf.name).font = Font(bold=True)
                if first or not book.merge:
                    for key in ("indicator", "ks_goal"):
                        if key in group.values:
                            _put(ws, row, col_of[(key, None)], group.values[key])
                if first:
                    for key, value in group.values.items():
                        if key in ("indicator", "ks_goal"):
                            continue
                        cell = _put(ws, row, col_of[key if isinstance(key, tuple)
                                                    else (key, None)], value)
                        if isinstance(key, tuple) and key[0] == "assessment":
                            fill = schema.STATUS_FILL[value].lstrip("#")
                            cell.fill = PatternFill("solid", fgColor=fill)
                _put(ws, row, col_of[("direction_text", None)], direction.text)
                _put(ws, row, col_of[("responsible", None)], direction.responsible)
                if direction.activities:
                    _put(ws, row, col_of[("activities", None)],
                         "\n".join(f"• {text}" for text, _, _ in direction.activities))
                row += 1
            for label, column_key, part_values in group.breakdown:
                for col in range(1, len(layout) + 1):
                    _put(ws, row, col, None)
                if not book.merge:
                    _put(ws, row, col_of[("kf_goal", None)], kf.name).font = Font(bold=True)
                _put(ws, row, col_of[(column_key, None)], label)
                for key, value in part_values.items():
                    _put(ws, row, col_of[key if isinstance(key, tuple) else (key, None)], value)
                row += 1
            if book.merge and row - group_first > 1:
                for (key, _period), col in col_of.items():
                    if key not in GROUP_KEYS_NOT_MERGED:
                        merges.append((col, group_first, row - 1))
        if book.merge and row - kf_first > 1:
            merges.append((col_of[("kf_goal", None)], kf_first, row - 1))
    last = row - 1
    for col, first, end in merges:
        ws.merge_cells(start_row=first, start_column=col, end_row=end, end_column=col)
    _fit_rows(ws, header_row + 1, last, widths, merges)

    def column_cells(key: str, period: str | None = None) -> str:
        letter = get_column_letter(col_of[(key, period)])
        return f"{letter}{header_row + 1}:{letter}{last + 50}"

    _list_validation(ws, schema.RULES, column_cells("rule"))
    _list_validation(ws, schema.INDICATOR_DIRECTIONS, column_cells("direction"))
    for period in period_names:
        _list_validation(ws, schema.STATUSES, column_cells("assessment", period))
    ws.auto_filter.ref = (f"A{header_row}:{get_column_letter(len(layout))}{last}")


def _write_activities(wb: Workbook, book: Book) -> None:
    ws = wb.create_sheet(schema.ACTIVITIES_SHEET)
    columns = schema.ACTIVITY_COLUMNS
    widths = [c.width for c in columns]
    _header(ws, 1, [c.header for c in columns], widths)
    row = 2
    for kf in book.kf_goals:
        for group in kf.groups:
            for direction in group.directions:
                for text, status, comment in direction.activities:
                    for col, value in enumerate((direction.text, text, status, comment),
                                                start=1):
                        _put(ws, row, col, value)
                    row += 1
    _fit_rows(ws, 2, row - 1, widths)
    _list_validation(ws, schema.ACTIVITY_STATUSES, f"C2:C{row + 50}")
    ws.freeze_panes = "A2"


def _write_texts(wb: Workbook, book: Book) -> None:
    ws = wb.create_sheet(schema.TEXTS_SHEET)
    columns = schema.TEXT_COLUMNS
    widths = [c.width for c in columns]
    _header(ws, 1, [c.header for c in columns], widths)
    for row, values in enumerate(book.texts, start=2):
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value)
    _fit_rows(ws, 2, len(book.texts) + 1, widths)
    ws.freeze_panes = "A2"


def build(book: Book, title: str) -> Workbook:
    wb = Workbook()
    _write_instructions(wb, book)
    _write_settings(wb, book)
    _write_periods(wb, book)
    _write_goals(wb, book)
    _write_activities(wb, book)
    _write_texts(wb, book)
    wb.active = wb.sheetnames.index(schema.GOALS_SHEET)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == schema.GOALS_SHEET
    props = wb.properties
    props.creator = "vp-excel"
    props.lastModifiedBy = "vp-excel"
    props.title = title
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    return wb


def save(wb: Workbook, path: Path) -> Path:
    """Save with fixed dates: openpyxl's save_workbook stamps the current time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".part")  # a half-written file never takes the name
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    temp.replace(path)
    return path


def write_all(folder: Path = HERE) -> list[Path]:
    """Write every example arbetsbok into `folder`; returns their paths."""
    written = []
    for name in DATA_FILES:
        example = load_example(DATA / name)
        written.append(save(build(example.book, example.document_title),
                            Path(folder) / example.file_name))
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else HERE
    for path in write_all(folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
