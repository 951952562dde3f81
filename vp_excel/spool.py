"""A region's plan rows kept on disk, so memory does not grow with the plan (issue #23).

A `RowSpool` stands where a KF goal's `rows` list stands (`model.KfGoal`). Rows are appended in
groups: a KS mål with the rows its Sammanvägning reaches (reader/layouts/arbetsbok
`link_combined`), or up to `GROUP_ROWS` rows with no such goal. Each group is pickled into one
temporary file the plan's spools share, and every pass over the spool unpickles the groups
again, one at a time: objects of one group share identity as they did when appended (a KS
mål's `indicators` are its rows' indicators), objects of two passes never do.

Changing a row after it was spooled changes nothing on disk: `edit_rows` lends a KF goal's rows
as a list and writes them back. Small plans keep plain lists; only the arbetsbok reader spools,
and only a big sheet (`reader.layouts.arbetsbok.SPOOL_ROWS`).
"""

from __future__ import annotations

import bisect
import contextlib
import os
import pickle
import tempfile
import threading
from array import array
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from .errors import os_reason, temporary_file_failed

if TYPE_CHECKING:
    from .model import KfGoal, KfIndicator, PlanRow

GROUP_ROWS = 64  # rows pickled together when no Sammanvägning holds them together


class SpoolFile:
    """One temporary file of pickled groups, shared by a plan's spools. `os.pread` where the
    system has it, so a forked Word writer and its parent never move each other's offset;
    elsewhere (Windows, no fork) a seek and a read under a lock."""

    def __init__(self) -> None:
        try:
            self._file = tempfile.TemporaryFile(prefix="vp-excel-plan-")  # noqa: SIM115 - lives with the plan
        except OSError as exc:
            raise temporary_file_failed(os_reason(exc)) from exc
        self._end = 0
        self._lock = threading.Lock()

    def write(self, data: bytes) -> tuple[int, int]:
        with self._lock:
            offset = self._end
            try:
                self._file.seek(offset)
                self._file.write(data)
                self._file.flush()
            except OSError as exc:
                raise temporary_file_failed(os_reason(exc)) from exc
            self._end += len(data)
        return offset, len(data)

    def read(self, offset: int, length: int) -> bytes:
        if hasattr(os, "pread"):
            data = os.pread(self._file.fileno(), length, offset)
        else:
            with self._lock:
                self._file.seek(offset)
                data = self._file.read(length)
        if len(data) != length:
            raise OSError(f"the plan's spool file is short at {offset}")
        return data

    def close(self) -> None:
        self._file.close()

    def __getstate__(self) -> Any:
        raise TypeError("the spool file is the plan's own; a RowSpool pickles as a list")


class RowSpool(Sequence["PlanRow"]):
    """A KF goal's rows on disk: `append` them, `end_group` where a group may end, then read
    them like a list (`len`, iteration, indexing), each pass with new objects."""

    def __init__(self, file: SpoolFile):
        self._file = file
        # Per group: its offset and length in the file, and the number of rows before it.
        self._offsets = array("q")
        self._lengths = array("q")
        self._starts = array("q")
        self._count = 0
        self._pending: list[PlanRow] = []

    # --- writing --------------------------------------------------------------------------

    def append(self, row: PlanRow) -> None:
        self._pending.append(row)

    def end_group(self) -> None:
        """The rows appended since the last group are one group: pickled, and let go."""
        if not self._pending:
            return
        offset, length = self._file.write(pickle.dumps(self._pending, pickle.HIGHEST_PROTOCOL))
        self._offsets.append(offset)
        self._lengths.append(length)
        self._starts.append(self._count)
        self._count += len(self._pending)
        self._pending = []

    @property
    def pending(self) -> list[PlanRow]:
        """The rows appended but not yet spooled (the group being read)."""
        return self._pending

    def replace(self, rows: list[PlanRow]) -> None:
        """All rows anew (edit_rows), in groups as `groups` cuts them."""
        self._offsets, self._lengths, self._starts = array("q"), array("q"), array("q")
        self._count, self._pending = 0, []
        for group in groups(rows):
            self._pending = group
            self.end_group()

    # --- reading --------------------------------------------------------------------------

    def _group(self, index: int) -> list[PlanRow]:
        group: list[PlanRow] = pickle.loads(self._file.read(self._offsets[index],
                                                            self._lengths[index]))
        return group

    def __len__(self) -> int:
        return self._count + len(self._pending)

    def __iter__(self) -> Iterator[PlanRow]:
        for index in range(len(self._offsets)):
            yield from self._group(index)
        yield from self._pending

    @overload
    def __getitem__(self, index: int) -> PlanRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[PlanRow]: ...

    def __getitem__(self, index: int | slice) -> PlanRow | list[PlanRow]:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index >= self._count:
            return self._pending[index - self._count]
        group = bisect.bisect_right(self._starts, index) - 1
        return self._group(group)[index - self._starts[group]]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (RowSpool, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, as a list

    def __reduce__(self) -> tuple[Any, ...]:
        """A copy (copy.deepcopy, a pickle to another process) is a plain list of the rows:
        the temporary file stays this process's."""
        return list, (list(self),)

    def __repr__(self) -> str:
        return f"RowSpool({len(self)} rader)"


def groups(rows: list[PlanRow]) -> Iterator[list[PlanRow]]:
    """`rows` cut where a group may end (`starts_group`)."""
    group: list[PlanRow] = []
    for row in rows:
        if starts_group(group, row):
            yield group
            group = []
        group.append(row)
    if group:
        yield group


def starts_group(group: list[PlanRow], row: PlanRow) -> bool:
    """Whether `row` begins a new group after `group`: at each KS mål, and after GROUP_ROWS
    rows unless the group's KS mål is a Sammanvägning (its indicators are the rows below it,
    and must stay in its group)."""
    from .schema import COMBINED

    if not group:
        return False
    if row.ks_goal is not None:
        return True
    first = group[0].ks_goal
    return len(group) >= GROUP_ROWS and (first is None or first.measure.rule != COMBINED)


def is_spooled(kf_goals: Sequence[KfGoal]) -> bool:
    return any(isinstance(kf.rows, RowSpool) for kf in kf_goals)


@contextlib.contextmanager
def edit_rows(kf: KfGoal) -> Iterator[list[PlanRow]]:
    """A KF goal's rows as a list to change in place; a spool gets them back, changed. One KF
    goal at a time: a region grows in KF goals, not in rows per KF goal."""
    rows = kf.rows
    if not isinstance(rows, RowSpool):
        yield rows
        return
    held = list(rows)
    yield held
    rows.replace(held)


def edited_indicators(kf_goals: Sequence[KfGoal]) -> Iterator[KfIndicator]:
    """Every indicator of the plan to change in place (Kolada fills them), a KF goal's rows
    at a time through `edit_rows`; iterate it to the end, or changes of the last KF goal
    are not written back."""
    for kf in kf_goals:
        with edit_rows(kf) as rows:
            for row in rows:
                if row.indicator is not None:
                    yield row.indicator
