"""A cell's value as staff typed it: text, numbers with units and percent, Ja/Nej, a choice
from a list, and the problems each can have (dates, error values, formulas without a value)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import Any

from .. import schema
from ..model import Value
from ..swedish import (
    NotANumber,
    format_value,
    normalize_unit,
    parse_number,
    parse_whole_number,
    parse_yes_no,
)
from ..text import clean_text
from .grid import Sheet
from .problems import Problems, short

ERROR_VALUES = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                "#SAKNAS!", "#DIVISION/0!", "#VÄRDEFEL!", "#REFERENS!", "#NAMN?", "#OGILTIGT!",
                "#SKÄRNING!", "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!",
                "#UNKNOWN!", "#CONNECT!", "#BUSY!", "#PYTHON!", "#EXTERNAL!", "#TIMEOUT!")


def error_name_message(value: str) -> str:
    """A goal's name cell holds an error value: a broken formula, not a name."""
    return (f"namnet är felvärdet {value} (en formel som inte fungerar), inte ett mål; rätta "
            "formeln eller skriv in namnet.")


def error_text_message(what: str, value: str) -> str:
    """A text cell holds an error value: a broken formula's, no text (read as empty)."""
    return (f"{what} är felvärdet {value} (en formel som inte fungerar) och läses som tom; "
            "rätta formeln eller skriv in texten.")


def error_values(row_text: dict[str, str], names: tuple[str, ...], texts: tuple[str, ...],
                 columns: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(key, warning) for each of a row's `names` and `texts` that holds an error value. A
    name keeps it (the row is still a goal); a text is no text and leaves `row_text` (a
    Kolada-id #N/A was asked of Kolada)."""
    for key_ in (*names, *texts):
        if row_text.get(key_, "")[:1] == "#" and row_text[key_].upper() in ERROR_VALUES:
            yield key_, (error_name_message(row_text[key_]) if key_ in names else
                         error_text_message(columns[key_].header_for(), row_text.pop(key_)))


class CellReader:
    """Reads values out of cells, recording every problem with its sheet and cell."""

    def __init__(self, problems: Problems):
        self.problems = problems

    def no_saved_value(self, sheet: Sheet, row: int, col: int) -> None:
        origin = sheet.origin(row, col)
        self.problems.uncached_once(sheet.title, origin, sheet.cell(*origin).coordinate)

    def text(self, sheet: Sheet, row: int, col: int | None) -> str:
        if col is None:
            return ""
        value = sheet.value(row, col)
        if value is None:
            if sheet.uncached and sheet.is_uncached(row, col):
                self.no_saved_value(sheet, row, col)
            return ""
        if type(value) is str:  # the common case, without as_text's checks
            return clean_text(value)
        return clean_text(as_text(value))

    def value(self, sheet: Sheet, row: int, col: int | None, what: str,
              unit: str = "", allow_yes_no: bool = True) -> tuple[Value, str]:
        """A number or Ja/Nej from a cell, and its unit. Problems are recorded, None returned."""
        if col is None:
            return None, ""
        cell = sheet.cell(row, col)
        raw = cell.value
        if raw is None:
            if sheet.uncached and sheet.is_uncached(row, col):
                self.no_saved_value(sheet, row, col)
            return None, ""
        if isinstance(raw, str) and not clean_text(raw):
            return None, ""
        coord = cell.coordinate
        error = self.problems.error
        if isinstance(raw, bool):
            return raw, ""
        if isinstance(raw, dt.time):
            error(f"{what} är ett klockslag ({raw:%H:%M}), inte ett tal. Ändra cellens "
                  "format till Tal och skriv in värdet igen.", sheet.title, coord)
            return None, ""
        if isinstance(raw, dt.timedelta):
            error(f"{what} är en tidslängd, inte ett tal. Ändra cellens format till Tal och "
                  "skriv in värdet igen.", sheet.title, coord)
            return None, ""
        if isinstance(raw, (dt.datetime, dt.date)):
            error(f"{what} är ett datum ({raw:%Y-%m-%d}), inte ett tal. Ändra cellens "
                  "format till Tal och skriv in värdet igen.", sheet.title, coord)
            return None, ""
        if isinstance(raw, (int, float)):
            try:
                number = float(raw)
            except OverflowError:  # an integer beyond float range
                number = math.inf
            if not math.isfinite(number):
                return self.checked(number, sheet.title, coord, what), ""
            fmt_unit = unit_from_format(cell.number_format)
            if fmt_unit == "%":
                return self.checked(number, sheet.title, coord, what), "%"
            return self.checked(self.percent_points(number, unit, sheet.title, coord, what),
                                sheet.title, coord, what), fmt_unit or ""
        text = clean_text(raw)
        if text.upper() in ERROR_VALUES:
            error(f"{what} är felvärdet {text}. Rätta formeln eller skriv in värdet.",
                  sheet.title, coord)
            return None, ""
        yes_no = parse_yes_no(text) if text.lower() in ("ja", "nej") else None
        if yes_no is not None:
            if not allow_yes_no:
                error(f'{what} "{text}" är Ja/Nej men ska vara ett tal.', sheet.title, coord)
                return None, ""
            return yes_no, ""
        try:
            parsed = parse_number(text)
        except NotANumber as refused:
            if refused.too_small:
                error(f'{what} "{short(text)}" är närmare 0 än Excel kan hålla och skulle bli 0. '
                      "Kontrollera värdet.", sheet.title, coord)
                return None, ""
            error(f'{what} "{short(text)}" är inte ett tal. Skriv t.ex. 6,5% eller 60 dagar'
                  + (" eller Ja/Nej." if allow_yes_no else "."), sheet.title, coord)
            return None, ""
        number = parsed.value
        if parsed.unit != "%":
            number = self.percent_points(number, unit, sheet.title, coord, what)
        return self.checked(number, sheet.title, coord, what), parsed.unit or ""

    def percent_points(self, number: float, unit: str, sheet: str, coord: str,
                       what: str) -> float:
        # "3,69" in a goal measured in % means 3,69 %, as staff write it.
        if unit == "%" and abs(number) > 1:
            self.problems.warn(f"{what} {format_value(number)} saknar %-tecken; tolkas som "
                               f"{format_value(number / 100, '%')}.", sheet, coord)
            return number / 100
        return number

    def checked(self, number: float, sheet: str, coord: str, what: str) -> Value:
        if not math.isfinite(number):
            self.problems.error(f"{what} är inget rimligt tal (för stort eller ogiltigt). "
                                "Kontrollera värdet.", sheet, coord)
            return None
        if abs(number) > schema.MAX_ABS_VALUE:
            shown = format_value(number) if abs(number) < 1e18 else \
                f"{number:.1E}".replace(".", ",").replace("E+", "E")  # not 309 digits
            self.problems.error(f"{what} ({shown}) är orimligt stort; gränsen är "
                                f"{format_value(schema.MAX_ABS_VALUE)}. Kontrollera värdet.",
                                sheet, coord)
            return None
        return number

    def choice(self, sheet: Sheet, r: int, col: int | None, synonyms: dict[str, str],
               allowed: tuple[str, ...], what: str) -> str:
        text = self.text(sheet, r, col)
        if not text or col is None:
            return ""
        found = synonyms.get(text.lower()) or next(
            (a for a in allowed if a.lower() == text.lower()), None)
        if found is None or found not in allowed:
            self.problems.error(f'{what} "{short(text)}" är okänd. Tillåtna värden: '
                                + ", ".join(allowed) + ".", sheet.title,
                                sheet.cell(r, col).coordinate)
            return ""
        return found


# --- helpers ----------------------------------------------------------------------------


def as_text(value: Any) -> Any:
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


def bound_from_format(number_format: str) -> str:
    """ "max" or "min" when a number format prints it before the number."""
    match = re.match(r'\s*"\s*(max|min|högst|minst)\b', number_format, re.IGNORECASE)
    if not match:
        return ""
    word = match.group(1).lower()
    return {"högst": "max", "minst": "min"}.get(word, word)


def unit_from_format(number_format: str) -> str | None:
    """The unit an Excel number format shows: "0.0%" -> "%", '0 "dagar"' -> "dagar"."""
    if "%" in number_format.replace('"%"', ""):
        return "%"
    for quoted in re.findall(r'"([^"]+)"', number_format):
        unit = normalize_unit(quoted)
        if unit:
            return unit
    return None


def is_text_cell(sheet: Sheet, row: int, col: int | None) -> bool:
    return col is None or isinstance(sheet.value(row, col), str)


def key(text: str) -> str:
    """Text compared loosely: case and spacing do not matter."""
    return " ".join(text.lower().split())


def int_or_none(text: str) -> int | None:
    return parse_whole_number(text)


def month(text: str) -> int | None:
    lowered = text.strip().lower().rstrip(".")
    number = int_or_none(lowered)
    if number is not None:
        return number if 1 <= number <= 12 else None
    for index, (short_name, full) in enumerate(zip(schema.MONTHS, schema.MONTH_NAMES), start=1):
        if lowered in (short_name, full) or (len(lowered) >= 3 and full.startswith(lowered)):
            return index
    return None
