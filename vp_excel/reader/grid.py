"""The workbook as the reader sees it: each sheet a sparse grid of the cells that hold
something, merged ranges answering on every cell they cover, hidden rows and columns known,
cell fills at hand for colour-coded statuses. Made by load.py."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@functools.lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    """1 -> "A", 28 -> "AB" (openpyxl's get_column_letter without its import per call)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Style:
    """A cell style as the reader uses it: its number format and its openpyxl fill (a shared,
    plain value object). One per distinct style in the file, shared by its cells."""

    __slots__ = ("fill", "number_format", "symbols")

    def __init__(self, number_format: str, fill: Any, symbols: dict[int, str] | None = None):
        self.number_format = number_format
        self.fill = fill
        self.symbols = symbols  # a symbol font's letters as the signs it shows (text.py)


class Stored:
    """A stored cell with a value: the value and its shared `Style` (no openpyxl object)."""

    __slots__ = ("style", "value")

    def __init__(self, value: Any, style: Style):
        self.value = value
        self.style = style

    @property
    def number_format(self) -> str:
        return self.style.number_format


class Cell:
    """One cell as the reader sees it; the coordinate is worked out only when asked for (most
    cells never are)."""

    __slots__ = ("_style", "col", "row", "value")

    def __init__(self, value: Any, row: int, col: int, style: Style | Stored | None = None):
        self.value = value
        self.row = row
        self.col = col
        self._style = style  # for the number format

    @property
    def coordinate(self) -> str:
        return f"{column_letter(self.col)}{self.row}"

    @property
    def number_format(self) -> str:
        if self._style is None:
            return "General"
        return self._style.number_format or "General"


class Sheet:
    """A worksheet as a sparse grid of the cells that hold something, with merged ranges
    answering on every cell they cover.

    Sparse on purpose: a stray value or formatted cell at XFD1048576 (or a lying <dimension>)
    must not make the reader build or walk a grid of a million rows.
    """

    def __init__(self, title: str, grid: dict[int, dict[int, Stored]],
                 merged: list[tuple[int, int, int, int]] | tuple[()] = (),
                 uncached: set[tuple[int, int]] | None = None,
                 stored: dict[tuple[int, int], Style] | None = None,
                 hidden_rows: set[int] | None = None, hidden_cols: set[int] | None = None):
        self.title = title
        # row -> column -> Stored, only cells that hold a value (a StreamSheet's: the rows
        # it holds)
        self.grid: Mapping[int, dict[int, Stored]] = grid
        self.uncached = uncached or set()  # formulas saved without a value
        self.stored = stored or {}  # the Style of every stored cell without a value
        self.hidden_rows = hidden_rows or set()
        self.hidden_cols = hidden_cols or set()
        self._styled: dict[int, set[int]] | None = None
        self.merged_origin: dict[tuple[int, int], tuple[int, int]] = {}
        rows = set(grid)
        max_row = max(rows, default=0)
        max_col = max((max(cols) for cols in grid.values() if cols), default=0)
        for min_row, min_col, last_row, last_col in merged:
            if not self._has(min_row, min_col) and (min_row, min_col) not in self.stored:
                continue  # an empty, unformatted merged range says nothing
            if min_row == last_row and len(grid.get(min_row, ())) == 1:
                # A banner: one text merged across the row and nothing else beside it (a
                # goal over the measures below, "Mål 1: …" across the table) belongs to its
                # first column; repeated in every column it was read as values and statuses.
                rows.add(min_row)
                continue
            # Beyond the last value a merge only repeats itself: clip it there.
            for r in range(min_row, min(last_row, max_row) + 1):
                rows.add(r)
                for c in range(min_col, min(last_col, max_col) + 1):
                    if (r, c) != (min_row, min_col):
                        self.merged_origin[(r, c)] = (min_row, min_col)
        self.row_numbers = sorted(rows)

    @property
    def row_count(self) -> int:
        """How many rows hold something."""
        return len(self.row_numbers)

    def _has(self, row: int, col: int) -> bool:
        return col in self.grid.get(row, ()) or (row, col) in self.uncached

    def __bool__(self) -> bool:
        return bool(self.grid or self.uncached)

    def rows_after(self, row: int) -> list[int]:
        """Rows below `row` that hold something, in order."""
        return self.row_numbers[bisect.bisect_right(self.row_numbers, row):]

    def keep_from(self, row: int) -> None:
        """Nothing to do: the whole sheet is held (a StreamSheet keeps `row` and the rows
        after it for later questions)."""

    def columns(self, row: int) -> list[int]:
        """The columns of `row` that hold a value of their own, in order."""
        return sorted(self.grid.get(row, ()))

    def origin(self, row: int, col: int) -> tuple[int, int]:
        return self.merged_origin.get((row, col), (row, col))

    def value(self, row: int, col: int) -> Any:
        """The value alone (the reader's hot path: no Cell made)."""
        if self.merged_origin:
            origin = self.merged_origin.get((row, col))
            if origin is not None:
                row, col = origin
        cells = self.grid.get(row)
        if cells is None:
            return None
        source = cells.get(col)
        return None if source is None else source.value

    def cell(self, row: int, col: int) -> Cell:
        """1-based row and column; a merged cell answers with its range's top-left value."""
        row, col = self.origin(row, col)
        source = self.grid.get(row, {}).get(col)
        if source is None:
            return Cell(None, row, col, self.stored.get((row, col)))
        return Cell(source.value, row, col, source)

    def fill(self, row: int, col: int) -> Any:
        """The openpyxl fill of the cell (of a merged range's top-left), or None."""
        row, col = self.origin(row, col)
        cell = self.grid.get(row, {}).get(col)
        style = self.stored.get((row, col)) if cell is None else cell.style
        return None if style is None else style.fill

    def styled_columns(self, row: int) -> set[int]:
        """The columns of `row` stored without a value (a status shown by its fill only)."""
        if self._styled is None:
            self._styled = {}
            for (r, c) in self.stored:
                if c not in self.grid.get(r, ()):
                    self._styled.setdefault(r, set()).add(c)
        return self._styled.get(row, set())

    def is_uncached(self, row: int, col: int) -> bool:
        return self.origin(row, col) in self.uncached


@dataclass
class Book:
    """Every sheet in workbook order, the theme's colours and the file's properties."""

    sheets: dict[str, Sheet]
    theme_colors: list[str] = field(default_factory=list)  # RRGGBB by theme index
    properties: dict[str, str] = field(default_factory=dict)  # title, subject, ...
    hidden_sheets: set[str] = field(default_factory=set)
