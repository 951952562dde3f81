"""Header rows of the arbetsbok's sheets: the row among the first ones that names the most
known columns, each column found by its name or a synonym in `schema`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ... import schema
from ...errors import HeaderNotFound
from ...schema import Column, normalize_header
from ...text import clean_text
from ..grid import Sheet
from ..problems import Problems, short, uncached_message

HEADER_SEARCH_ROWS = 30


@dataclass
class Header:
    row: int
    columns: dict[tuple[str, str | None], int]  # (column key, period) -> column index
    unknown: list[str]


def find_header(sheet: Sheet, columns: tuple[Column, ...], problems: Problems,
                periods: list[str] | tuple[()] = ()) -> Header:
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
            + ", ".join(c.header for c in columns[:4]) + ".", problems.where(sheet.title))
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
            unknown.append(f"{cell.coordinate} \"{short(text, 40)}\"")
            continue
        column, column_period = match
        key = (column.key, column_period)
        if key in found:
            raise HeaderNotFound(
                f'rubriken "{short(text, 40)}" finns två gånger (även i {seen_text[key]}). '
                "Ta bort eller byt namn på den ena kolumnen.",
                problems.where(sheet.title, cell.coordinate))
        found[key] = c
        seen_text[key] = cell.coordinate
    # A header made by a formula that was never calculated reads as empty: its column
    # would vanish without a word.
    uncached = sorted(c for r, c in sheet.uncached if r == best_row) if sheet.uncached else []
    missing = [c for c in required if (c.key, None) not in found]
    if missing and uncached:
        first = sheet.cell(best_row, uncached[0]).coordinate
        raise HeaderNotFound(uncached_message(sheet.title, first),
                             problems.where(sheet.title, first))
    for c in uncached:
        origin = sheet.origin(best_row, c)
        problems.uncached_once(sheet.title, origin, sheet.cell(*origin).coordinate)
    if missing:
        names = ", ".join(c.header for c in missing)
        got = ", ".join(short(h, 40) for h in headers) or "inga"
        hint = closest_hint(missing[0], headers)
        word = "kolumnen" if len(missing) == 1 else "kolumnerna"
        raise HeaderNotFound(
            f"{word} {names} saknas i rubrikraden (rad {best_row}). Rubriker som finns: "
            f"{got}.{hint}", problems.where(sheet.title, f"A{best_row}"))
    return Header(best_row, found, unknown)


def closest_hint(column: Column, headers: list[str]) -> str:
    candidates = [h for h in headers if h]
    best = difflib.get_close_matches(normalize_header(column.header),
                                     [normalize_header(h) for h in candidates], n=1, cutoff=0.5)
    if not best:
        return f" Skriv rubriken {column.header}."
    original = next(h for h in candidates if normalize_header(h) == best[0])
    return f' Menade du "{original}"? Skriv i så fall {column.header}.'
