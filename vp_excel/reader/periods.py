"""Report periods: the arbetsbok's Perioder sheet, or read from the kommun's column headers
(`T1`, `Tertial 2`, `Delår 1`, `Q3`, `Helår`, `Bokslut`, `jan–jul`, bare years)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import schema
from ..errors import InvalidWorkbookContent
from ..model import Period
from .cells import ERROR_VALUES, CellReader, int_or_none, month
from .grid import Sheet
from .layouts.headers import find_header
from .problems import Problems


def read_periods_sheet(sheet: Sheet, cells: CellReader, problems: Problems) -> list[Period]:
    header = find_header(sheet, schema.PERIOD_SHEET_COLUMNS, problems)
    cols = {key: idx for (key, _), idx in header.columns.items()}
    periods: list[Period] = []
    refused: list[tuple[str, str]] = []  # (message, cell) of rows that are no period

    def refuse(message: str, coordinate: str) -> None:
        problems.error(message, sheet.title, coordinate)
        refused.append((message, coordinate))

    for r in sheet.rows_after(header.row):
        name = cells.text(sheet, r, cols["name"])
        if not name:
            continue
        coord = sheet.cell(r, cols["name"]).coordinate
        raw = sheet.value(r, cols["name"])
        if name.upper() in ERROR_VALUES or isinstance(raw, (dt.date, dt.time)):
            what = (f"felvärdet {name} (en formel som inte fungerar)"
                    if name.upper() in ERROR_VALUES else f"ett datum ({name})")
            refuse(f"periodens namn är {what}, inget namn; skriv namnet som text, t.ex. "
                   "Delår 1 2025.", coord)
            continue
        year = int_or_none(cells.text(sheet, r, cols["year"]))
        first = _month_of(sheet, r, cols["first_month"], cells)
        last = _month_of(sheet, r, cols["last_month"], cells)
        if year is None or not schema.YEAR_RANGE[0] <= year <= schema.YEAR_RANGE[1]:
            refuse(f"perioden {name} har inget rimligt år.",
                   sheet.cell(r, cols["year"]).coordinate)
            continue
        if first is None or last is None or first > last:
            refuse(f"perioden {name} har inga giltiga månader (skriv jan–dec eller 1–12, och "
                   "Från före Till).", coord)
            continue
        if any(p.name.lower() == name.lower() for p in periods):
            refuse(f"perioden {name} finns två gånger.", coord)
            continue
        periods.append(Period(name, year, first, last))
    if not periods:
        # Rows that were refused are what to fix, not "no periods" (which misleads).
        message, coordinate = refused[0] if refused else (
            "bladet har inga perioder. Lägg till minst en, t.ex. Delår 1 2025 | 2025 | jan | "
            "apr.", "")
        raise InvalidWorkbookContent(message, problems.where(sheet.title, coordinate))
    return periods


def unknown_report_period(problems: Problems, sheet: str, wanted: str, names: list[str],
                          settings_sheet: str) -> InvalidWorkbookContent:
    """The error for a report period the Perioder sheet `sheet` does not give: the error that
    kept its row out when one did (not "it does not exist", which misleads), else the list."""
    start = f"perioden {wanted} ".lower()
    refused = next((p for p in problems.items if p.is_error and p.location.sheet == sheet
                    and p.message.lower().startswith(start)), None)
    if refused is not None:
        return InvalidWorkbookContent(f'rapportperioden "{wanted}" går inte att använda: '
                                      + refused.message, refused.location)
    return InvalidWorkbookContent(f'rapportperioden "{wanted}" finns inte i bladet Perioder. '
                                  "Tillåtna: " + ", ".join(names) + ".",
                                  problems.where(settings_sheet))


# A date written as text in a Från or Till cell ("2025-04-30", "30/4", "29 feb 2025"): its month.
_ISO_DATE = re.compile(r"^\d{4}-(\d{1,2})-\d{1,2}$")
_DAY_MONTH = re.compile(r"^\d{1,2}\s*[/.]\s*(\d{1,2})(?:\s*[/.]\s*\d{2,4})?$")
_DAY_MONTH_NAME = re.compile(r"^\d{1,2}\s*[.]?\s*([a-zåäö]+)\.?(?:\s+\d{4})?$")


def _month_of(sheet: Sheet, row: int, col: int | None, cells: CellReader) -> int | None:
    """A Från or Till cell's month: a month (jan, 4), a date cell, or a date as text (the
    day and year are not needed; "29 feb 2025", a day that does not exist, is still
    February)."""
    raw = sheet.value(row, col) if col is not None else None
    if isinstance(raw, (dt.date, dt.datetime)):
        return raw.month
    text = cells.text(sheet, row, col).strip().lower()
    found = month(text)
    if found is not None:
        return found
    for pattern in (_ISO_DATE, _DAY_MONTH):
        match = pattern.match(text)
        if match:
            number = int(match.group(1))
            return number if 1 <= number <= 12 else None
    match = _DAY_MONTH_NAME.match(text)
    return month(match.group(1)) if match else None


# --- periods in headers ----------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderPeriod:
    """A period a header names; `year` None means the plan's year."""

    kind: str  # "T1", "Delår 1", "Q3", "Helår", "jan–jul", ...
    first_month: int
    last_month: int
    year: int | None

    def period(self, plan_year: int) -> Period:
        year = self.year or plan_year
        return Period(f"{self.kind} {year}", year, self.first_month, self.last_month)


_MONTH_WORD = r"(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-zåäö]*\.?"
_RANGE = re.compile(rf"\b{_MONTH_WORD}\s*[–—-]\s*{_MONTH_WORD}", re.IGNORECASE)
# One month beside other words ("Utfall aug", "Resultat per 31 augusti", "Aug 2025"): the year
# so far. A month alone ("december" in a Klart senast column) is no period.
_MONTH_ALONE = re.compile(r"(?:^|(?<=[\s(]))(?:per\s+(?:\d{1,2}\s+)?)?"
                         r"(jan|januari|feb|februari|mar|mars|apr|april|maj|jun|juni|jul|juli|aug|augusti|sep|sept|"
                         r"september|okt|oktober|nov|november|dec|december)\.?(?![\wåäö])",
                         re.IGNORECASE)
# A date ("Utfall 2025-08-31", "Utfall 31/8"): the year so far, to that month.
_DATE = re.compile(r"(?<!\d)(?:((?:19|20)\d\d)-(\d\d)(?:-\d\d)?|\d{1,2}/(\d{1,2}))(?![\d/])")
_TERTIAL = re.compile(r"\b(?:t|tertial|tertialrapport)\s*([123])\b", re.IGNORECASE)
_DELAR = re.compile(r"\bdelår(?:srapport|sbokslut)?(?:\s*([12])\b)?", re.IGNORECASE)
_QUARTER = re.compile(r"\b(?:q|kv|kvartal)\s*([1-4])\b", re.IGNORECASE)
_FULL_YEAR = re.compile(r"\b(?:helår|årsbokslut|bokslut|årsredovisning|årsutfall|helårsutfall)",
                        re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def period_in_header(text: str) -> HeaderPeriod | None:
    """The period a header such as "Utfall T1 2025" or "Utfall 2024" carries, if any."""
    years = _YEAR.findall(text)
    year = int(years[-1]) if years else None
    match = _RANGE.search(text)
    if match:
        first = month(match.group(1)) or 1
        last = month(match.group(2)) or 12
        if first == last == 1:
            return _so_far(1, year)
        kind = f"{schema.MONTHS[first - 1]}–{schema.MONTHS[last - 1]}"
        return HeaderPeriod(kind, first, last, year)
    match = _DATE.search(text)
    if match and 1 <= int(match.group(2) or match.group(3)) <= 12:
        return _so_far(int(match.group(2) or match.group(3)), year)
    match = _MONTH_ALONE.search(text)
    if match and text.strip(" .()").lower() != match.group(1).lower() and not (
            _TERTIAL.search(text) or _DELAR.search(text) or _QUARTER.search(text)):
        return _so_far(month(match.group(1)) or 12, year)
    match = _TERTIAL.search(text)
    if match:
        n = int(match.group(1))
        return HeaderPeriod(f"T{n}", 1, 4 * n, year)
    match = _DELAR.search(text)
    if match:
        number = match.group(1)
        if number:
            return HeaderPeriod(f"Delår {number}", 1, 4 if number == "1" else 8, year)
        return HeaderPeriod("Delår", 1, 8, year)
    match = _QUARTER.search(text)
    if match:
        n = int(match.group(1))
        return HeaderPeriod(f"Q{n}", 1, 3 * n, year)
    if _FULL_YEAR.search(text) or year is not None:
        return HeaderPeriod("Helår", 1, 12, year)
    return None


def _so_far(last: int, year: int | None) -> HeaderPeriod:
    """The year so far to a month: "jan–aug", the whole year "Helår", and January alone
    "januari", as Swedish readers write it (never "jan–jan")."""
    if last == 1:
        return HeaderPeriod("januari", 1, 1, year)
    if last < 12:
        return HeaderPeriod(f"jan–{schema.MONTHS[last - 1]}", 1, last, year)
    return HeaderPeriod("Helår", 1, 12, year)


def ordered(periods: list[Period]) -> list[Period]:
    """Periods in time order, each name once."""
    unique: dict[str, Period] = {}
    for period in periods:
        unique.setdefault(period.name, period)
    return sorted(unique.values(), key=lambda p: (p.year, p.last_month, p.first_month))
