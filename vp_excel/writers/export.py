"""The export's two files: a CSV that Swedish Excel opens right by double-click and Power BI
reads (semicolon, decimal comma, UTF-8 with BOM), and the same rows as an Excel table."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from .. import reproducible

NUMBER_COLUMNS = ("målvärde", "utfall", "indikatorutfall")
TABLE_NAME = "Export"
SHEET_NAME = "Mål och utfall"


def _swedish_number(value: object) -> object:
    """A number in a column that also holds words (Ja/Nej), with a decimal comma."""
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:.15g}".replace(".", ",")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# A cell beginning with one of these is a formula (or starts one) to Excel and LibreOffice
# when the CSV is opened: OWASP "CSV Injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Zero-width characters a spreadsheet may drop before it looks at the first character.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u180e"


def starts_a_formula(text: str) -> bool:
    """Whether a spreadsheet could take `text` for a formula: a formula start first, also
    after spaces or invisible characters a spreadsheet may trim and in the full-width forms
    (＝, ＋, －, ＠, ﹦) an East Asian input method turns into the ASCII ones (NFKC)."""
    head = unicodedata.normalize("NFKC", text[:64])
    at = 0
    while at < len(head) and head[at] not in "\t\r\n" and (
            head[at].isspace() or head[at] in _INVISIBLE):
        at += 1
    return head[at:].startswith(FORMULA_STARTS)


def _csv_field(value: object) -> str:
    """One CSV field: numbers with a decimal comma; text that a spreadsheet would evaluate
    gets a leading apostrophe and quotes (OWASP), so the kommun's words stay words."""
    if value is None or value is pd.NA or value is pd.NaT or (
            isinstance(value, (float, np.floating)) and not math.isfinite(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        text = str(bool(value))
    elif isinstance(value, (int, float, np.integer, np.floating)):
        # A number is never a formula, "-2,2" included.
        return str(_swedish_number(value.item() if isinstance(value, np.generic) else value))
    else:
        text = str(value)
    if starts_a_formula(text) and not _is_swedish_number(text):
        text = "'" + text
        return '"' + text.replace('"', '""') + '"'
    if any(char in text for char in ';"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _is_swedish_number(text: str) -> bool:
    """"-2,2" or "-850" in a column that also holds words: a number, safe as it is."""
    from ..swedish import NotANumber, parse_number

    try:
        parsed = parse_number(text)
    except NotANumber:
        return False
    return not parsed.bound and text.strip() == text


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Semicolons, decimal comma, UTF-8 with BOM and CRLF, as Swedish Excel saves a CSV."""
    lines = [";".join(_csv_field(str(c)) for c in frame.columns)]
    for row in frame.itertuples(index=False, name=None):
        lines.append(";".join(_csv_field(value) for value in row))
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        stream.write("\r\n".join(lines) + "\r\n")


def _cell_value(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """The rows as one Excel table named Export; percentages shown as percentages."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                               "strings_to_formulas": False,
                                               "strings_to_urls": False})
    sheet = workbook.add_worksheet(SHEET_NAME)
    percent = workbook.add_format({"num_format": "0.0%"})
    plain = workbook.add_format({"num_format": "General"})
    columns = list(frame.columns)
    units = list(frame["enhet"])
    number_cols = {columns.index(c) for c in NUMBER_COLUMNS}
    # The comparison columns ("jämförelse Riket 2024") hold numbers too.
    number_cols |= {i for i, c in enumerate(columns) if c.startswith("jämförelse ")}
    target_col, outcome_col = columns.index("målvärde"), columns.index("utfall")
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        for c, value in enumerate(row):
            value = _cell_value(value)
            if value is None:
                continue
            if c in number_cols and isinstance(value, (int, float)) \
                    and not isinstance(value, bool):
                is_percent = units[r - 1] == "%" and c in (target_col, outcome_col)
                sheet.write_number(r, c, float(value), percent if is_percent else plain)
            else:
                sheet.write_string(r, c, str(value))
    last = max(len(frame), 1)
    sheet.add_table(0, 0, last, len(columns) - 1, {
        "name": TABLE_NAME, "style": "Table Style Light 9",
        "columns": [{"header": column} for column in columns]})
    widths = {"kommun": 18, "verksamhet": 24, "KF ÖG mål": 36, "KF indikator": 36,
              "KS mål": 40, "period": 14}
    for c, column in enumerate(columns):
        sheet.set_column(c, c, widths.get(column, 13))
    sheet.freeze_panes(1, 0)
    workbook.set_properties({"title": "Mål och utfall per period", "comments":
                             "Skapad med vp-excel export.", "created": reproducible.now()})
    workbook.close()
