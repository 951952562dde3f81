"""Finding the kommun's plan tables: on any sheet, below any title rows, several stacked on one
sheet under caption rows, with one- or two-row headers (a merged group header such as `Utfall`
over `2024 | T1 2025`). Each header cell is given a column kind from `schema.KOMMUN_HEADERS`."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ... import schema
from ...schema import normalize_header
from ...text import clean_text
from ..grid import Book, Sheet
from ..periods import HeaderPeriod, period_in_header

_PERIOD_WORDS = re.compile(
    r"\b((19|20)\d\d|t ?[123]|tertial ?[123]|delår(srapport|sbokslut)?( [12])?|q ?[1-4]|"
    r"kv ?[1-4]|kvartal ?[1-4]|helår|årsbokslut|bokslut|"
    r"(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-zåäö]* "
    r"(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-zåäö]*)\b")
_TEXT_KEYS = ("kf_goal", "indicator", "ks_goal", "direction_text", "grouping")
_MEASURE_KEYS = ("status", "target", "outcome", "styrgrans")
MAX_HEADER_TEXT = 90


@dataclass(frozen=True)
class Kind:
    key: str
    kind: str
    period: HeaderPeriod | None
    latest: bool  # "Senaste status": the plan's starting point
    yes_no: bool  # "Uppfyllt Ja/Nej"


def kind_of(key: str) -> str:
    """How a column of `key` is read: the kind `schema.KOMMUN_HEADERS` gives it."""
    return next((w.kind for w in schema.KOMMUN_HEADERS if w.key == key), "text")


@functools.lru_cache(maxsize=4096)
def classify(text: str) -> Kind | None:
    """The kind of a header cell, or None when it names no plan column."""
    normalized = normalize_header(text)
    if not normalized or len(normalized) > MAX_HEADER_TEXT:
        return None
    if schema.PROGNOSIS_HEADER.fullmatch(normalized):  # before its "helår" is taken for a period
        return Kind("prognosis", "prognosis", None, False, False)
    period = period_in_header(text)
    word = " ".join(_PERIOD_WORDS.sub(" ", normalized).split())
    latest = word.startswith("senaste ")
    if latest:
        word = word[len("senaste "):]
    if not word:
        return Kind("outcome", kind_of("outcome"), period, False, False) if period else None
    if word in ("mål", "mål värde") and period is not None:
        return Kind("target", kind_of("target"), period, False, False)
    for words in schema.KOMMUN_HEADERS:
        if re.fullmatch(words.pattern, word):
            yes_no = bool(schema.YES_NO_STATUS_HEADER.search(word))
            return Kind(words.key, words.kind, period, latest, yes_no)
    return None


@dataclass
class TableColumn:
    col: int
    header: str  # as written (both rows of a two-row header)
    coordinate: str
    kind: Kind


@dataclass
class Table:
    sheet: Sheet
    first_row: int  # the (first) header row
    header_row: int  # the last header row; data starts below it
    columns: list[TableColumn]
    caption: str = ""
    caption_coordinate: str = ""
    end_row: int = 10**9  # rows from here on belong to the next table
    name_col: int | None = None  # an unnamed first column of goal and measure names
    unknown: list[str] = field(default_factory=list)

    def col(self, key: str) -> list[TableColumn]:
        return [c for c in self.columns if c.kind.key == key]

    def first(self, key: str) -> int | None:
        found = self.col(key)
        return found[0].col if found else None


@dataclass
class Candidate:
    """The row that looked most like a header, for the message when no table is found."""

    sheet: str = ""
    row: int = 0
    keys: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()


def _header_like(sheet: Sheet, row: int) -> bool:
    cells = sheet.grid.get(row, {})
    return len(cells) >= 2 and all(
        isinstance(c.value, str) and len(c.value) <= MAX_HEADER_TEXT * 2
        or (isinstance(c.value, int) and 1990 <= c.value <= 2100) for c in cells.values())


def _spans_right(sheet: Sheet, row: int, col: int) -> bool:
    return sheet.merged_origin.get((row, col + 1)) == sheet.origin(row, col)


def _columns_at(sheet: Sheet, row: int) -> tuple[list[TableColumn], int, list[str]]:
    """The header's columns at `row` (with the row below when `row` holds group headers),
    the last header row, and the header cells that name nothing."""
    cols = set(sheet.columns(row)) | {c for (r, c) in sheet.merged_origin if r == row}
    grouped = any(_spans_right(sheet, row, c) for c in cols)
    below = row + 1
    two_rows = grouped and bool(sheet.grid.get(below)) and _header_like(sheet, below)
    if two_rows:
        cols |= set(sheet.columns(below))
    found: list[TableColumn] = []
    unknown: list[str] = []
    for col in sorted(cols):
        top = clean_text(sheet.value(row, col))
        text = top
        coordinate = sheet.cell(row, col).coordinate
        if two_rows and sheet.origin(below, col) != sheet.origin(row, col):
            bottom = clean_text(sheet.value(below, col))
            if bottom:
                grouped_here = (_spans_right(sheet, row, col)
                                or sheet.origin(row, col) != (row, col))
                text = f"{top} {bottom}" if top and grouped_here else bottom
                coordinate = sheet.cell(below, col).coordinate
        if not text:
            continue
        kind = classify(text)
        if kind is None:
            unknown.append(f'{coordinate} "{text}"')
            continue
        found.append(TableColumn(col, text, coordinate, kind))
    return found, (below if two_rows else row), unknown


def _is_table(columns: list[TableColumn], names: bool) -> bool:
    """A plan table names a goal or measure column and something to follow it up by; an
    unnamed first column of names counts as the goal column when two measure columns follow."""
    keys = {c.kind.key for c in columns}
    text = keys & set(_TEXT_KEYS)
    measured = [c for c in columns if c.kind.key in _MEASURE_KEYS]
    if not text and names:
        return len(measured) >= 2
    return bool(text) and (len(text) >= 2 or bool(measured) or "activities" in keys)


def find_tables(book: Book) -> tuple[list[Table], list[str], Candidate]:
    """Every plan table, in sheet order; the sheets looked at; the best candidate row."""
    tables: list[Table] = []
    looked: list[str] = []
    best = Candidate()
    for title, sheet in book.sheets.items():
        if title in book.hidden_sheets or title in (schema.SETTINGS_SHEET,
                                                     schema.INSTRUCTIONS_SHEET,
                                                     schema.SUMMARY_SHEET):
            continue
        looked.append(title)
        sheet_tables: list[Table] = []
        skip_to = 0
        for row in sheet.row_numbers:
            if row <= skip_to or not _header_like(sheet, row):
                continue
            columns, last, unknown = _columns_at(sheet, row)
            keys = tuple(c.kind.key for c in columns)
            if len(keys) > len(best.keys):
                best = Candidate(title, row, keys, tuple(c.header for c in columns))
            first_col = min(sheet.columns(row) or [1])
            # The first header cell is empty and the column below holds names.
            names = first_col > 1 and not sheet.value(row, 1) and \
                bool(sheet.grid.get(last + 1, {}).get(1))
            if not _is_table(columns, names):
                continue
            _targets_under_mal(sheet, last, columns)
            table = Table(sheet, row, last, columns, unknown=unknown)
            if names:
                table.name_col = 1
            _caption(table)
            if sheet_tables:
                sheet_tables[-1].end_row = row - (1 if table.caption else 0)
            sheet_tables.append(table)
            skip_to = last
        tables.extend(sheet_tables)
    return tables, looked, best


def _targets_under_mal(sheet: Sheet, header_row: int, columns: list[TableColumn]) -> None:
    """"Indikator | Mål" (as Vara kommun lists its nämnd indicators): a bare "Mål" column that
    holds "Minst 90 %", "8", "Ökar" under an indicator column is the målvärde, not a goal."""
    from ..inline import read_target

    keys = {c.kind.key for c in columns}
    if "indicator" not in keys or "target" in keys:
        return
    for column in columns:
        if column.kind.key != "ks_goal" or normalize_header(column.header) != "mål":
            continue
        texts = [clean_text(sheet.value(r, column.col))
                 for r in sheet.rows_after(header_row)[:10]]
        texts = [t for t in texts if t]
        readable = [t for t in texts if read_target(t).value is not None or read_target(t).rule]
        if texts and len(readable) * 2 >= len(texts):
            column.kind = Kind("target", kind_of("target"), column.kind.period, False, False)


def _caption(table: Table) -> None:
    """A single text in the row above the header names the table ("Invånare – nämndens mål
    och mätetal")."""
    sheet = table.sheet
    above = table.first_row - 1
    cells = sheet.grid.get(above, {})
    if len(cells) == 1:
        (col, cell), = cells.items()
        if isinstance(cell.value, str):
            table.caption = clean_text(cell.value)
            table.caption_coordinate = sheet.cell(above, col).coordinate
