"""What a kommun's tables hold by mistake and would otherwise count silently: the same table
pasted twice (every goal counted twice), the same rows pasted twice, and a spreadsheet error
value (#NAME?, #REF!) standing where a goal's name belongs. Each is a warning with its cells."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ... import schema
from ..cells import ERROR_VALUES, error_name_message
from ..grid import column_letter
from ..problems import Problems
from .tables import Table, TableColumn

_NAME_KEYS = ("kf_goal", "ks_goal", "indicator", "name", "direction_text")


def warn_copies_and_error_names(tables: list[Table], problems: Problems) -> None:
    seen: dict[tuple[Any, ...], Table] = {}
    for table in tables:
        rows = _data_rows(table)
        _warn_error_names(table, rows, problems)
        signature = (tuple(c.header for c in table.columns),
                     tuple(values for _row, values in rows))
        if not rows:
            continue
        first = seen.setdefault(signature, table)
        if first is not table:
            problems.warn(
                f"tabellen är en kopia av tabellen på {first.sheet.title}!"
                f"{first.columns[0].coordinate} (samma rubriker och rader); varje mål i den "
                "räknas två gånger. Ta bort kopian.", table.sheet.title,
                table.columns[0].coordinate)
            continue
        _warn_repeated_rows(table, [(r, values) for r, values in rows
                                    if not _heading_row(values)], problems)


def split_side_by_side(tables: list[Table], problems: Problems) -> list[Table]:
    """Two tables side by side on one header row ("Mål | Indikator | … | Mål | Indikator |
    …"), each read on its own from the column its header repeats, and said with both cells.
    Read as one, the right one's goals were filed under the left one's."""
    split: list[Table] = []
    for table in tables:
        while (at := _repeat(table)) is not None:
            col, first, again = at
            problems.note(f'{table.sheet.title}!{again}: rubriken står också i {first}; två '
                          f"tabeller bredvid varandra läses var för sig ({first} och {again})")
            # Read as one, the first of two "Mål" was the upper level (KF ÖG mål): alone, a
            # part's goal column is at the level the right part's same header is read at.
            again_kind = {_key(c): c.kind for c in table.columns
                          if c.col >= col and c.kind.key in _NAME_KEYS}
            for c in table.columns:
                if c.col < col and c.kind.key in _NAME_KEYS and _key(c) in again_kind:
                    c.kind = again_kind[_key(c)]
            split.append(replace(
                table, columns=[c for c in table.columns if c.col < col],
                unknown_columns=[c for c in table.unknown_columns if c.col < col],
                unknown=[u for u, c in zip(table.unknown, table.unknown_columns) if c.col < col],
                last_col=col - 1))
            table = replace(
                table, columns=[c for c in table.columns if c.col >= col],
                unknown_columns=[c for c in table.unknown_columns if c.col >= col],
                unknown=[u for u, c in zip(table.unknown, table.unknown_columns) if c.col >= col],
                name_col=None, marks=None, caption="", caption_coordinate="", caption_label="")
        split.append(table)
    return split


def _key(column: TableColumn) -> str:
    return " ".join(column.header.lower().split())


def _repeat(table: Table) -> tuple[int, str, str] | None:
    """(column, first cell, repeated cell) of the first goal header a row names twice."""
    first: dict[str, str] = {}
    for column in table.columns:
        if column.kind.key not in _NAME_KEYS:
            continue
        key = _key(column)
        if key in first:
            return column.col, first[key], column.coordinate
        if key:
            first[key] = column.coordinate
    return None


def _columns(table: Table) -> list[int]:
    found = {c.col for c in table.columns}
    if table.name_col is not None:
        found.add(table.name_col)
    return sorted(found)


def _data_rows(table: Table) -> list[tuple[int, tuple[Any, ...]]]:
    sheet, cols = table.sheet, _columns(table)
    rows = []
    for r in sorted(sheet.grid):
        if table.header_row < r < table.end_row:
            values = tuple(sheet.value(r, c) for c in cols)
            if any(v is not None and str(v).strip() for v in values):
                rows.append((r, values))
    return rows


def _heading_row(values: tuple[Any, ...]) -> bool:
    """A short text alone in a row of a wider table ("Investeringsmål", "År 2024"): a heading
    over the rows below, which two stacked tables on one sheet each open with the same words;
    its repeat is no pasted goal row (a pasted block repeats its goal rows too)."""
    filled = [v for v in values if v is not None and str(v).strip()]
    if len(values) < 2 or len(filled) != 1 or not isinstance(filled[0], str):
        return False
    words = filled[0].lower().split()
    return len(words) <= 4 and not any(w in schema.GOAL_VERBS for w in words)


def _warn_repeated_rows(table: Table, rows: list[tuple[int, tuple[Any, ...]]],
                        problems: Problems) -> None:
    """A block of two or more rows that stands again, cell for cell: pasted twice."""
    first_at: dict[tuple[Any, ...], int] = {}
    repeated: list[tuple[int, int]] = []
    for r, values in rows:
        earlier = first_at.setdefault(values, r)
        if earlier != r:
            repeated.append((r, earlier))
    if len(repeated) < 2:  # one equal row can be two goals worded alike; a block cannot
        return
    shown = ", ".join(f"rad {r} = rad {earlier}" for r, earlier in repeated[:3])
    more = f" och {len(repeated) - 3} till" if len(repeated) > 3 else ""
    col = column_letter(_columns(table)[0])
    problems.warn(f"{len(repeated)} rader i tabellen står två gånger, cell för cell ({shown}"
                  f"{more}); de målen räknas två gånger. Ta bort kopiorna om raderna "
                  "klistrats in två gånger.", table.sheet.title, f"{col}{repeated[0][0]}")


def _warn_error_names(table: Table, rows: list[tuple[int, tuple[Any, ...]]],
                      problems: Problems) -> None:
    name_cols = sorted({c.col for c in table.columns if c.kind.key in _NAME_KEYS}
                       | ({table.name_col} if table.name_col is not None else set()))
    for r, _values in rows:
        for c in name_cols:
            value = table.sheet.value(r, c)
            if isinstance(value, str) and value.strip().upper() in ERROR_VALUES:
                problems.warn(error_name_message(value.strip()), table.sheet.title,
                              f"{column_letter(c)}{r}")

