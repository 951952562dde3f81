"""A big sheet of the arbetsbok read as a stream, row by row: the same questions as a `Sheet`,
answered from a small window of rows instead of a grid of the whole sheet (issue 23).

load.py makes one for the Mål or Aktiviteter sheet of an arbetsbok whose sheet is big (by the
safety scan's counts); every other sheet is read whole. Nothing is parsed until asked: the
first question parses the head (the rows find_header searches, kept for good), and
`rows_after` parses on as it is advanced, holding the rows from the current one (or from the
one `keep_from` named) to the row it has parsed up to. A question about a row that has left
the window, or that is not parsed yet, is the caller's bug and raises AssertionError: never a
silent None.

What the whole read learns from the finished grid, the stream learns in order. Merged ranges
come from the safety scan (the XML states them after the rows); a merge is decided at its top
row, as `Sheet.__init__` decides it (an empty, unformatted merge says nothing; a lone text
merged across its row is a banner of its first column), and its top-left cell is kept while
the merge covers rows in the window. A row covered by a merge is a row of the sheet only up to
the last row with a value (Sheet clips there): it is handed out once a later row with a value
is parsed. Unlike Sheet, a merge is not clipped at the sheet's last column (known only at the
end): the reader asks about its header's columns, which lie within it. Rows must come in
order, as Excel writes and requires them; a row or cell before one already read is refused as
a damaged file (a whole read would still place it). Rows are parsed ahead in batches (_BATCH)
and the file is read again from its path, refused if it was saved over since (load.py).
"""

from __future__ import annotations

import sys
import weakref
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..errors import Location, NotAnXlsxWorkbook
from ..safety.damage import rows_out_of_order
from .grid import Cell, Sheet, Stored, Style, column_letter

# A row element as load.row_cells gives it: (row number, its values by column, its styled
# empty cells by column, cells naming another row as (row, column, value or None, style), and
# whether the element hides its row: None when it says nothing)
RawRow = tuple[int, dict[int, Stored], dict[int, Style], list[tuple[int, int, Any, Style]],
               bool | None]
# Opens the sheet's part and yields its rows; fills the set with the hidden columns (<cols>
# comes before the rows); closes the file when done or closed. Damage raises VpExcelError.
Source = Callable[[set[int]], Iterator[RawRow]]

_END = sys.maxsize  # after the last row every row is known: empty
# Rows parsed ahead at a time (a few MB at most): parsing and reading row by row in turn was
# 6-8 % slower on the stress plan's check than the whole read (each evicts the other from the
# processor's caches), in batches of 1 024 rows 1-2 %.
_BATCH = 1024


class _Row:
    """One parsed row: its values, its styled empty cells, whether it is hidden."""

    __slots__ = ("hidden", "styled", "values")

    def __init__(self, values: dict[int, Stored] | None = None,
                 styled: dict[int, Style] | None = None) -> None:
        self.values: dict[int, Stored] = {} if values is None else values
        self.styled: dict[int, Style] = {} if styled is None else styled
        self.hidden = False


_EMPTY = _Row()


class _Merge:
    """A merged range from the scan; `active` is decided at its top row (None until then),
    `content` is then its top-left cell: (value, or None; style of a cell without one)."""

    __slots__ = ("active", "bottom", "content", "index", "left", "right", "top")

    def __init__(self, index: int, top: int, left: int, bottom: int, right: int):
        self.index, self.top, self.left, self.bottom, self.right = index, top, left, bottom, right
        self.active: bool | None = None
        self.content: tuple[Stored | None, Style | None] = (None, None)

    def covers(self, row: int, col: int) -> bool:
        """Whether the cell is covered by the merge and is not its top-left."""
        return (self.top <= row <= self.bottom and self.left <= col <= self.right
                and (row, col) != (self.top, self.left))


class _Window(Mapping[int, dict[int, Stored]]):
    """`grid` of a StreamSheet: the values of the rows it holds, by row; a dropped row asked
    for raises AssertionError, as every other question does."""

    def __init__(self, sheet: StreamSheet):
        # A weak reference: a cycle would keep a dropped sheet, and its open file, alive
        # until the next full collection (rare under the command line's GC thresholds).
        self._sheet = weakref.ref(sheet)

    def _of(self) -> StreamSheet:
        sheet = self._sheet()
        assert sheet is not None, "the sheet of this grid is gone"
        return sheet

    def __getitem__(self, row: int) -> dict[int, Stored]:
        values = self._of()._row(row).values
        if not values:
            raise KeyError(row)
        return values

    def __iter__(self) -> Iterator[int]:
        sheet = self._of()
        sheet._ensure_head()
        return iter(sorted(r for r, data in sheet._kept.items() if data.values))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class StreamSheet(Sheet):
    """A worksheet read as a stream (see the module's docstring). The questions are Sheet's;
    `rows_after` is a generator, to be run once, and `keep_from` keeps rows for later
    questions (a KS mål's group compared with its first row)."""

    def __init__(self, title: str, source: Source, merges: list[tuple[int, int, int, int]],
                 uncached: set[tuple[int, int]] | None, blank: Style, path: str,
                 head_rows: int):
        # Sheet.__init__ is not called: it builds the whole grid this class does without.
        self.title = title
        self.row_elements = 0  # its <row> elements, as the safety scan counted them
        self.uncached = uncached or set()
        self.hidden_cols: set[int] = set()
        self.grid = _Window(self)
        self._source = source
        self._path = path
        self._blank = blank  # the style of a merged cell that is not the top-left
        self._head_rows = head_rows  # rows 1..head_rows are kept for good
        self._rows: Iterator[RawRow] | None = None
        self._ended = False
        self._open_row = 0
        self._open: _Row | None = None
        self._kept: dict[int, _Row] = {}
        self._values: dict[int, dict[int, Stored]] = {}  # the kept rows' values, for value()
        self._order: deque[int] = deque()  # kept rows past the head, in order
        self._final = 0  # every row up to this one is parsed whole
        self._low = head_rows + 1  # the first row past the head still held
        self._keep: int | None = None
        self._last_value = 0  # the last row with a value so far (Sheet's max_row)
        self._merges = sorted((_Merge(i, *m) for i, m in enumerate(merges)),
                              key=lambda m: m.top)
        self._next_merge = 0
        # Merges by what they can still answer for, each list in the file's order (the last
        # that covers a cell wins): the head's rows (kept for good) and the rows past it
        # (while they are held); and those reaching the row being parsed (its drops). Kept
        # apart so that a sheet with thousands of merges in its title rows does not look
        # through them for every cell of the body.
        self._live_head: list[_Merge] = []
        self._live: list[_Merge] = []
        self._reach: list[_Merge] = []
        self._pending: list[tuple[int, int]] = []  # rows of active merges not handed out
        self._ready: deque[int] = deque()  # rows of the sheet parsed, not handed out
        self._emitted = 0
        self._head: list[int] | None = None
        self._ahead: int | None = None
        self._started = False

    # --- the questions ------------------------------------------------------------------

    @property
    def row_numbers(self) -> list[int]:  # type: ignore[override]  # Sheet's: made up front
        """The head's rows that hold something (what find_header searches)."""
        self._ensure_head()
        assert self._head is not None
        return self._head

    @property
    def hidden_rows(self) -> set[int]:  # type: ignore[override]
        """The hidden rows among those held."""
        self._ensure_head()
        return {r for r, data in self._kept.items() if data.hidden}

    @property
    def window(self) -> int:
        """How many rows past the head are held (the window's size, for tests)."""
        return len(self._order)

    def __bool__(self) -> bool:
        self._ensure_head()
        return bool(self.uncached) or bool(self._head) or self._ahead is not None

    def rows_after(self, row: int) -> Iterator[int]:  # type: ignore[override]
        """Rows below `row` that hold something, in order, parsed as the loop advances; the
        rows before the one handed out leave the window (unless `keep_from` keeps them)."""
        self._ensure_head()
        assert not self._started, f"the streamed sheet {self.title} is read once"
        self._started = True
        assert self._head is not None
        for head_row in self._head:
            if head_row > row:
                yield head_row
        number = self._ahead
        self._ahead = None
        while number is not None:
            self._advance_low(number)
            if number > row:
                yield number
            number = self._next_number()
        self.close()

    @property
    def row_count(self) -> int:
        """How many rows the sheet has, as far as known before it is read: its <row>
        elements (a styled empty row counts too)."""
        return self.row_elements

    def keep_from(self, row: int) -> None:
        """Keep `row` and the rows after it while the loop goes on (until the next call)."""
        self._row(row)  # a row already gone cannot be kept
        self._keep = row

    def close(self) -> None:
        """Close the file now (it is also closed at the end of the rows, or when the sheet is
        dropped)."""
        if self._rows is not None:
            close = getattr(self._rows, "close", None)
            if close is not None:
                close()

    def columns(self, row: int) -> list[int]:
        return sorted(self._row(row).values)

    def origin(self, row: int, col: int) -> tuple[int, int]:
        self._row(row)
        merge = self._merge_at(row, col) if self._live or self._live_head else None
        return (row, col) if merge is None else (merge.top, merge.left)

    def value(self, row: int, col: int) -> Any:
        # The reader's hot path: a row of the window answered without a call.
        if not self._low <= row <= self._final:
            self._row(row)
        if self._live or self._live_head:
            merge = self._merge_at(row, col)
            if merge is not None:
                source = merge.content[0]
                return None if source is None else source.value
        cells = self._values.get(row)
        if cells is None:
            return None
        source = cells.get(col)
        return None if source is None else source.value

    def cell(self, row: int, col: int) -> Cell:
        data = self._row(row)
        merge = self._merge_at(row, col) if self._live or self._live_head else None
        if merge is not None:
            source, style = merge.content
            if source is not None:
                return Cell(source.value, merge.top, merge.left, source)
            return Cell(None, merge.top, merge.left, style)
        source = data.values.get(col)
        if source is not None:
            return Cell(source.value, row, col, source)
        return Cell(None, row, col, self._style(data, row, col))

    def fill(self, row: int, col: int) -> Any:
        data = self._row(row)
        merge = self._merge_at(row, col) if self._live or self._live_head else None
        if merge is not None:
            source, style = merge.content
            style = source.style if source is not None else style
        else:
            source = data.values.get(col)
            style = source.style if source is not None else self._style(data, row, col)
        return None if style is None else style.fill

    def styled_columns(self, row: int) -> set[int]:
        data = self._row(row)
        found = {c for c in data.styled if c not in data.values}
        for merge in self._merges_at(row):
            if merge.top <= row <= merge.bottom:
                found.update(c for c in range(merge.left, merge.right + 1)
                             if (row, c) != (merge.top, merge.left))
        return found

    def is_uncached(self, row: int, col: int) -> bool:
        return self.origin(row, col) in self.uncached

    # --- the window ---------------------------------------------------------------------

    def _row(self, row: int) -> _Row:
        """The parsed row, after checking it can be answered for."""
        if self._low <= row <= self._final:
            return self._kept.get(row, _EMPTY)
        if row > self._head_rows or self._head is None:
            self._ensure_head()
            if row > self._head_rows:
                if row < self._low:
                    raise AssertionError(f"{self.title} rad {row}: left the stream's window "
                                         f"(rows {self._low}–{self._final} are held)")
                if row > self._final:
                    raise AssertionError(f"{self.title} rad {row}: not parsed yet (rows "
                                         f"{self._low}–{self._final} are held)")
        return self._kept.get(row, _EMPTY)

    def _style(self, data: _Row, row: int, col: int) -> Style | None:
        """The style of a cell without a value: its own, or a merge's blank."""
        style = data.styled.get(col)
        if style is None and (self._live or self._live_head) and any(
                m.covers(row, col) for m in self._merges_at(row)):
            return self._blank
        return style

    def _merges_at(self, row: int) -> list[_Merge]:
        return self._live_head if row <= self._head_rows else self._live

    def _merge_at(self, row: int, col: int) -> _Merge | None:
        """The active merge a cell answers from (the last one that covers it, as the whole
        read's merged_origin); none past the last value, where the whole read clips."""
        if self._ended and row > self._last_value:
            return None
        for merge in reversed(self._merges_at(row)):
            if merge.active and merge.covers(row, col):
                return merge
        return None

    def _advance_low(self, row: int) -> None:
        """Rows before `row` (or before the kept one) leave the window."""
        target = row if self._keep is None else min(row, self._keep)
        if target <= self._low:
            return
        while self._order and self._order[0] < target:
            row = self._order.popleft()
            del self._kept[row], self._values[row]
        self._low = target
        if self._live and any(m.bottom < target for m in self._live):
            self._live = [m for m in self._live if m.bottom >= target]

    def _ensure_head(self) -> None:
        """Parse until the first row past the head that holds something (or the end)."""
        if self._head is not None:
            return
        head: list[int] = []
        while True:
            number = self._next_number()
            if number is None:
                break
            if number > self._head_rows:
                self._ahead = number
                break
            head.append(number)
        self._head = head

    def _next_number(self) -> int | None:
        if not self._ready:
            while len(self._ready) < _BATCH and self._pull():
                pass
            if not self._ready:
                return None
        number = self._ready.popleft()
        self._emitted = number
        return number

    # --- the parse ----------------------------------------------------------------------

    def _pull(self) -> bool:
        """Parse one row element; False at the end of the sheet."""
        if self._ended:
            return False
        if self._rows is None:
            self._rows = self._source(self.hidden_cols)
        try:
            number, values, styled, strays, hidden = next(self._rows)
        except StopIteration:
            self._end()
            return False
        if number > self._open_row:  # a new row, as every writer writes them
            if self._open is not None:
                self._finalize(self._open_row, self._open)
            self._open_row, self._open = number, _Row(values, styled)
        else:
            self._open_at(number, 1)
            strays = [(number, col, None, style) for col, style in styled.items()] + [
                (number, col, cell.value, cell.style) for col, cell in values.items()
            ] + strays
        if hidden is not None:
            assert self._open is not None
            self._open.hidden = hidden
        for row, col, value, style in strays:
            if row != self._open_row:
                self._open_at(row, col)
            data = self._open
            assert data is not None
            # A later cell at the same place replaces the earlier one, as in the whole read.
            if value is None:
                data.styled[col] = style
                data.values.pop(col, None)
            else:
                data.values[col] = Stored(value, style)
                data.styled.pop(col, None)
        return True

    def _open_at(self, row: int, col: int) -> None:
        """Rows are parsed in order; one before the open row cannot be added any more."""
        if row < self._open_row:
            raise NotAnXlsxWorkbook(rows_out_of_order(self.title, row, self._open_row),
                                    Location(self._path, self.title,
                                             f"{column_letter(col)}{row}"))
        if row > self._open_row:
            if self._open is not None:
                self._finalize(self._open_row, self._open)
            self._open_row, self._open = row, _Row()

    def _end(self) -> None:
        if self._open is not None:
            self._finalize(self._open_row, self._open)
            self._open = None
        self._ended = True
        self._final = _END
        self._pending = []  # rows of merges past the last value: not rows of the sheet

    def _finalize(self, number: int, data: _Row) -> None:
        """Row `number` is whole: merges applied, kept, handed out if it holds a value."""
        if self._next_merge < len(self._merges):
            self._admit(number)
        if self._reach:
            self._reach = [m for m in self._reach if m.bottom >= number]
        for merge in self._reach:
            if merge.top <= number:
                # A covered cell's own value and style are gone, as in openpyxl.
                for col in [c for c in (*data.values, *data.styled)
                            if merge.covers(number, c)]:
                    data.values.pop(col, None)
                    data.styled.pop(col, None)
        self._kept[number] = data
        self._values[number] = data.values
        if number > self._head_rows:
            self._order.append(number)
        self._final = number
        while (self._next_merge < len(self._merges)
               and self._merges[self._next_merge].top == number):
            self._decide(self._merges[self._next_merge], data)
            self._next_merge += 1
        if data.values:
            self._last_value = number
            self._release(number)

    def _admit(self, number: int) -> None:
        """Merges reaching row `number` join the live ones (all of them before any is decided:
        a merge's top-left covered by another is formatted, blank); one whose top row had no
        row element of its own is decided on an empty row."""
        merges = self._merges
        first = end = self._next_merge
        while end < len(merges) and merges[end].top <= number:
            end += 1
        if end == first:
            return
        reached = merges[first:end]
        self._reach.extend(reached)
        head = [m for m in reached if m.top <= self._head_rows]
        if head:
            self._live_head = sorted((*self._live_head, *head), key=lambda m: m.index)
        body = [m for m in reached if m.bottom > self._head_rows]
        if body:
            self._live = sorted((*self._live, *body), key=lambda m: m.index)
        while self._next_merge < end and merges[self._next_merge].top < number:
            self._decide(merges[self._next_merge], None)
            self._next_merge += 1

    def _decide(self, merge: _Merge, data: _Row | None) -> None:
        """Sheet.__init__'s rule at the merge's top row: an empty, unformatted merge says
        nothing, a lone text merged across its row is a banner of its first column, any
        other answers on every cell it covers."""
        top, left = merge.top, merge.left
        source = data.values.get(left) if data is not None else None
        style = data.styled.get(left) if data is not None else None
        if any(m is not merge and m.covers(top, left) for m in self._reach):
            style = self._blank
        if source is None and (top, left) not in self.uncached and style is None:
            merge.active = False
        elif top == merge.bottom and data is not None and len(data.values) == 1:
            merge.active = False  # a banner
        else:
            merge.active = True
            merge.content = (source, style)
            self._pending.append((top, merge.bottom))

    def _release(self, number: int) -> None:
        """Row `number` holds a value: the merged rows up to it are rows of the sheet."""
        if not self._pending:
            self._ready.append(number)
            return
        start = self._emitted + 1
        if self._ready:
            start = max(start, self._ready[-1] + 1)
        spans = sorted((max(a, start), min(b, number - 1)) for a, b in self._pending
                       if b >= start and a < number)
        reached = start - 1
        for low, high in spans:
            for r in range(max(low, reached + 1), high + 1):
                self._ready.append(r)
            reached = max(reached, high)
        self._ready.append(number)
        self._pending = [(a, b) for a, b in self._pending if b > number]
