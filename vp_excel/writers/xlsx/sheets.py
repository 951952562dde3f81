"""The arbetsbok's smaller sheets: Instruktioner, Inställningar, Perioder, Aktiviteter, Texter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from xlsxwriter.utility import quote_sheetname

from ... import schema
from ...model import Plan
from ...schema import Column
from .style import (
    EMPTY_ROWS,
    RowHeights,
    Styles,
    list_validation,
    number_format,
    range_ref,
    set_widths,
    write_text,
)

_MAX_PERIODS = 100  # rows of Perioder the period drop-downs look at


def default_band_ref() -> str:
    """Absolute reference to the value of "Gul gräns (standard)" in Inställningar."""
    return f"{quote_sheetname(schema.SETTINGS_SHEET)}!$B${setting_row('default_yellow_band') + 1}"


def setting_ref(key: str) -> str:
    """Absolute reference to a setting's value in Inställningar."""
    return f"{quote_sheetname(schema.SETTINGS_SHEET)}!$B${setting_row(key) + 1}"


def period_list() -> str:
    """The period names of Perioder as a drop-down source, without blank entries."""
    names = range_ref(1, 0, _MAX_PERIODS, schema.PERIODS_SHEET)
    first = names.split(":")[0]
    return f"=OFFSET({first},0,0,MAX(1,COUNTA({names})),1)"


def _header(sheet, styles: Styles, columns: tuple[Column, ...]) -> None:
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.header, styles.header())
    set_widths(sheet, [column.width for column in columns])
    sheet.freeze_panes(1, 0)


def _rows(sheet, styles: Styles, columns: tuple[Column, ...], rows: Iterable[list[str]],
          count: int, table: str | None) -> int:
    """`count` text rows under a header, taken from `rows` one at a time; as an Excel table in
    a report, else with empty rows to fill. Returns the last row that takes input."""
    last = max(count, 1) if table else max(count, EMPTY_ROWS)
    heights = RowHeights([column.width for column in columns])
    if table:
        sheet.add_table(0, 0, last, len(columns) - 1, {
            "name": table, "style": "Table Style Light 1", "autofilter": True,
            "columns": [{"header": c.header, "header_format": styles.header()} for c in columns]})
        set_widths(sheet, [column.width for column in columns])
        sheet.freeze_panes(1, 0)
    else:
        _header(sheet, styles, columns)
        sheet.autofilter(0, 0, last, len(columns) - 1)
    given = iter(rows)
    for row in range(1, last + 1):
        values = next(given, None) or [""] * len(columns)
        for col, value in enumerate(values):
            write_text(sheet, row, col, value, styles.text(), heights)
        heights.close_row(sheet, row)
    return max(last, EMPTY_ROWS)


# --- Inställningar -------------------------------------------------------------------------


def write_settings(workbook, styles: Styles, plan: Plan, report_period: str):
    sheet = workbook.add_worksheet(schema.SETTINGS_SHEET)
    _header(sheet, styles, schema.SETTING_COLUMNS)
    settings = plan.settings
    heights = RowHeights([column.width for column in schema.SETTING_COLUMNS])
    for row, setting in enumerate(schema.SETTINGS, start=1):
        write_text(sheet, row, 0, setting.label, styles.cell(bold=True, text_wrap=True))
        write_text(sheet, row, 2, setting.help + (" Obligatorisk." if setting.required else ""),
                   styles.text(), heights)
        _write_setting(sheet, styles, row, setting.key, settings, report_period, heights)
    heights.apply(sheet)
    row = setting_row("report_period")
    list_validation(sheet, row, 1, row, period_list(), True, "Rapportperiod")
    return sheet


def setting_row(key: str) -> int:
    """The 0-based row of a setting in Inställningar (the header is row 0)."""
    return next(i for i, s in enumerate(schema.SETTINGS, start=1) if s.key == key)


def _write_setting(sheet, styles: Styles, row: int, key: str, settings, report_period: str,
                   heights: RowHeights) -> None:
    if key == "year":
        sheet.write_number(row, 1, settings.year, styles.cell(align="left"))
    elif key == "report_period":
        write_text(sheet, row, 1, report_period, styles.text())
    elif key == "report_date":
        if settings.report_date:
            sheet.write_datetime(row, 1, dt.datetime.combine(settings.report_date, dt.time()),
                                 styles.cell(num_format="yyyy-mm-dd", align="left"))
        else:
            sheet.write_blank(row, 1, None, styles.text())
    elif key in ("default_yellow_band", "combined_green_share", "combined_yellow_share"):
        share = getattr(settings, key)
        sheet.write_number(row, 1, share, styles.cell(num_format=number_format(share, "%"),
                                                      align="left"))
    else:
        write_text(sheet, row, 1, getattr(settings, key), styles.text(), heights)


# --- Perioder, Aktiviteter, Texter ---------------------------------------------------------


def write_periods(workbook, styles: Styles, plan: Plan):
    sheet = workbook.add_worksheet(schema.PERIODS_SHEET)
    columns = schema.PERIOD_SHEET_COLUMNS
    _header(sheet, styles, columns)
    for row, period in enumerate(plan.periods, start=1):
        write_text(sheet, row, 0, period.name, styles.text())
        sheet.write_number(row, 1, period.year, styles.cell(align="left"))
        write_text(sheet, row, 2, schema.MONTHS[period.first_month - 1], styles.text())
        write_text(sheet, row, 3, schema.MONTHS[period.last_month - 1], styles.text())
    for col in (2, 3):
        list_validation(sheet, 1, col, _MAX_PERIODS, list(schema.MONTHS), False, "Månad")
    return sheet


def write_activities(workbook, styles: Styles, plan: Plan, report: bool):
    sheet = workbook.add_worksheet(schema.ACTIVITIES_SHEET, in_row_order=True)
    # Counted first (the table's size), then written as the plan is read, a row at a time.
    count = sum(len(direction.activities) for _kf, plan_row in plan.iter_rows()
                for direction in plan_row.directions)
    rows = ([direction.text, activity.text, activity.status, activity.comment]
            for _kf, plan_row in plan.iter_rows()
            for direction in plan_row.directions for activity in direction.activities)
    last = _rows(sheet, styles, schema.ACTIVITY_COLUMNS, rows, count,
                 "Aktiviteter" if report else None)
    status_col = next(i for i, c in enumerate(schema.ACTIVITY_COLUMNS)
                      if c.key == "activity_status")
    list_validation(sheet, 1, status_col, last, list(schema.ACTIVITY_STATUSES), True, "Status")
    return sheet


def write_texts(workbook, styles: Styles, plan: Plan, report: bool):
    sheet = workbook.add_worksheet(schema.TEXTS_SHEET, in_row_order=True)
    rows = [[text.heading, text.text, text.period] for text in plan.texts]
    if not report and not rows:
        rows = [["Inledning", "", ""]]
    last = _rows(sheet, styles, schema.TEXT_COLUMNS, rows, len(rows),
                 "Texter" if report else None)
    list_validation(sheet, 1, 2, last, period_list(), True, "Period")
    return sheet


# --- Instruktioner -------------------------------------------------------------------------

_INTRO = (
    "Arbetsboken är underlaget för verksamhetsplanen: kommunfullmäktiges övergripande mål (KF ÖG "
    "mål) och indikatorer, kommunstyrelsens mål (KS mål), verksamhetens målinriktningar och "
    "aktiviteter, och utfallen för varje period. vp-excel läser arbetsboken och skriver en "
    "rapportarbetsbok och en Word-rapport. Arbetsboken själv ändras aldrig; vp-excel bara läser "
    "den.",
    "Gör så här: 1) Fyll i bladet Inställningar (minst År och Rapportperiod). 2) Skriv perioderna "
    "i bladet Perioder. 3) Skriv målen i bladet Mål, en rad per målinriktning. 4) Skriv utfall, "
    "bedömning och analys för perioden. 5) Kör vp-excel check arbetsbok.xlsx och rätta det som "
    "anges, sedan vp-excel build arbetsbok.xlsx.",
)
_HOW_TO = (
    ("Tal", 'Skriv tal som vanligt, gärna med enhet: "6,5%", "60 dagar", "4 000 kr/inv" eller '
            '"max 4000 kr/inv" (max betyder att lägre är bättre). Procent kan också skrivas som '
            "ett tal i en cell som är formaterad som procent."),
    ("Ja/Nej", 'Mål som antingen nås eller inte skrivs med målvärdet "Ja" (eller "Nej") och '
               'utfallet "Ja" eller "Nej".'),
    ("Listor i en cell", "Flera aktiviteter i samma cell: en per rad, gärna med • först. Ny rad "
                         "i en cell får du med Alt+Enter (på Mac Ctrl+Option+Retur)."),
    ("Rullistor", "Kolumner med rullista visar de värden som gäller. I Källa och Ansvarig enhet "
                  "går det också att skriva annat."),
    ("Sammanslagna celler", "En tom eller sammanslagen cell i KF ÖG mål betyder samma mål som "
                            "raden ovanför. Rader i följd med samma KF indikator och KS mål hör "
                            "till samma mål; skriv då uppföljningen bara på den första raden."),
    ("Status", "Fyll inte i kolumnerna Status; vp-excel räknar ut dem. Vill du göra en egen "
               "bedömning skriver du GRÖN, GUL eller RÖD i Bedömning, och varför i Motivering."),
    ("Rapportarbetsboken", "Rapporten som vp-excel build skriver har samma blad och kolumner. "
                           "Status, Indikatorstatus och Poäng är formler som räknas om när ett "
                           "utfall ändras, Trend visar utfallen period för period och bladet "
                           "Sammanställning räknar målen per status. Kolumner för andra "
                           "perioder är hopfällda: klicka på + ovanför rubrikerna."),
)
_RULES_HELP = (
    (schema.HIGHER, "GRÖN när utfallet når målvärdet, GUL när det ligger inom gul gräns under, "
                    "annars RÖD."),
    (schema.LOWER, "GRÖN när utfallet är högst målvärdet, GUL när det ligger inom gul gräns "
                   "över, annars RÖD."),
    (schema.INCREASES, "GRÖN när utfallet är högre än förra periodens (första perioden: Utfall "
                       "föregående år), GUL när det står still eller minskar inom gul gräns, "
                       "annars RÖD."),
    (schema.DECREASES, "Som Ökar, men lägre är bättre."),
    (schema.YES_NO, "GRÖN när utfallet är målvärdet (Ja om inget annat anges), annars RÖD."),
    (schema.MANUAL, "Bedöms bara manuellt i kolumnen Bedömning."),
)


def write_instructions(workbook, styles: Styles):
    sheet = workbook.add_worksheet(schema.INSTRUCTIONS_SHEET)
    widths = [28, 70, 40]
    set_widths(sheet, widths)
    writer = _InstructionWriter(sheet, styles, widths)
    writer.title("Så fyller du i arbetsboken")
    for paragraph in _INTRO:
        writer.paragraph(paragraph)
    writer.section("Att skriva i cellerna", ("Vad", "Så här"))
    for what, how in _HOW_TO:
        writer.row(what, how)
    writer.section("Så bedöms KS-målen (kolumnen Regel)", ("Regel", "Status"))
    for rule, meaning in _RULES_HELP:
        writer.row(rule, meaning)
    writer.row("Gul gräns", "Hur långt från målet utfallet får vara och ändå bli GUL. Tom: "
                            "Gul gräns (standard) i Inställningar, som andel av målvärdet.")
    writer.section(f"Bladet {schema.SETTINGS_SHEET}", ("Inställning", "Förklaring"))
    for setting in schema.SETTINGS:
        writer.row(setting.label, setting.help + (" Obligatorisk." if setting.required else ""))
    for sheet_name, columns in ((schema.PERIODS_SHEET, schema.PERIOD_SHEET_COLUMNS),
                                (schema.GOALS_SHEET, schema.GOAL_COLUMNS + schema.PERIOD_COLUMNS),
                                (schema.ACTIVITIES_SHEET, schema.ACTIVITY_COLUMNS),
                                (schema.TEXTS_SHEET, schema.TEXT_COLUMNS)):
        writer.section(f"Bladet {sheet_name}", ("Kolumn", "Förklaring", "Tillåtna värden"))
        for column in columns:
            writer.column(column)
    writer.heights.apply(sheet)
    sheet.hide_gridlines(2)
    return sheet


class _InstructionWriter:
    def __init__(self, sheet, styles: Styles, widths: Sequence[float]):
        self.sheet = sheet
        self.styles = styles
        self.row_index = 0
        self.heights = RowHeights(widths)

    def title(self, text: str) -> None:
        self.sheet.write_string(self.row_index, 0, text, self.styles.title())
        self.row_index += 2

    def paragraph(self, text: str) -> None:
        self.sheet.merge_range(self.row_index, 0, self.row_index, 2, text,
                               self.styles.paragraph())
        self.heights.note(self.row_index, 0, text, sum(self.heights.widths))
        self.row_index += 1

    def section(self, heading: str, headers: tuple[str, ...]) -> None:
        self.row_index += 1
        self.sheet.write_string(self.row_index, 0, heading, self.styles.heading())
        self.row_index += 1
        for col, header in enumerate(headers):
            self.sheet.write_string(self.row_index, col, header, self.styles.header())
        self.row_index += 1

    def row(self, *cells: str) -> None:
        for col, text in enumerate(cells):
            write_text(self.sheet, self.row_index, col, text,
                       self.styles.text() if col else self.styles.cell(bold=True, text_wrap=True),
                       self.heights)
        self.row_index += 1

    def column(self, column: Column) -> None:
        name = (f"{column.header} <period>" if column.per_period else column.header)
        help_text = column.help + (" Obligatorisk." if column.required else "")
        if column.per_period:
            help_text += " En kolumn per period, t.ex. " + column.header_for("Delår 1 2025") + "."
        self.row(name, help_text, ", ".join(column.choices))
