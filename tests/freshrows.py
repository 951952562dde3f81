"""A test double for a plan kept on disk (KfGoal.rows a `spool.RowSpool`): `FreshRows` gives
new objects on every pass, equal to the last pass's but never the same ones, as unpickling a
spool does. A consumer that matches plan objects by `id()` or `is` across two passes, or
holds the rows of every KF goal at once, shows it against this double.

`LiveRows` also counts the objects it handed out that are still alive (by weak references on
markers inside each row and measure), so a test can require that a writer holds at most one
KF goal's rows at a time."""

from __future__ import annotations

import copy
import weakref
from collections.abc import Iterator, Sequence
from typing import Any, overload

from vp_excel.model import Measure, Plan, PlanRow


class FreshRows(Sequence[PlanRow]):
    """`rows` as a Sequence whose every pass (`__iter__`, and each `__getitem__`) is a
    `copy.deepcopy` of the whole list, made once for that pass: within a pass a KS mål's
    `indicators` are the very objects of its rows, across passes nothing is the same."""

    def __init__(self, rows: list[PlanRow]):
        self._rows = list(rows)
        self.passes = 0

    def _pass(self) -> list[PlanRow]:
        self.passes += 1
        return copy.deepcopy(self._rows)

    def __len__(self) -> int:  # the spool knows its length without a pass
        return len(self._rows)

    def __iter__(self) -> Iterator[PlanRow]:
        return iter(self._pass())

    @overload
    def __getitem__(self, index: int) -> PlanRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[PlanRow]: ...
    def __getitem__(self, index: int | slice) -> PlanRow | list[PlanRow]:
        return self._pass()[index]

    def __bool__(self) -> bool:
        return bool(self._rows)

    def __repr__(self) -> str:
        return f"FreshRows({len(self._rows)} rows)"


class _LiveList(list):
    """A row's `sheet_rows`, marked with its KF goal: a list subclass takes weak references."""

    kf: int = -1


class _LiveDict(dict):
    """A measure's `outcomes`, marked with its KF goal."""

    kf: int = -1


class LiveCounter:
    """The markers handed out by every `LiveRows` of one plan, and a check on each pass."""

    def __init__(self) -> None:
        self._refs: list[tuple[int, weakref.ref]] = []
        self.armed = False
        self.violations: list[str] = []

    def alive(self) -> set[int]:
        """The KF goals (by position) some of whose handed-out rows are still alive."""
        self._refs = [(kf, ref) for kf, ref in self._refs if ref() is not None]
        return {kf for kf, _ref in self._refs}

    def handing_out(self, kf: int, what: str) -> None:
        """A streaming loop still holds the last row of the KF goal before (its loop
        variable) when it starts the next: one other KF goal alive is that; two are a plan
        held whole."""
        others = self.alive() - {kf}
        if self.armed and len(others) > 1:
            self.violations.append(f"KF goal {kf} {what} while the rows of KF goals "
                                   f"{sorted(others)} are still held")

    def mark(self, kf: int, rows: list[PlanRow]) -> None:
        for row in rows:
            row.sheet_rows = self._marked(_LiveList(row.sheet_rows), kf)
            for measure in _measures(row):
                if not isinstance(measure.outcomes, _LiveDict):  # seen twice in a pass
                    measure.outcomes = self._marked(_LiveDict(measure.outcomes), kf)

    def _marked(self, marker: Any, kf: int) -> Any:
        marker.kf = kf
        self._refs.append((kf, weakref.ref(marker)))
        return marker


def _measures(row: PlanRow) -> Iterator[Measure]:
    if row.indicator is not None:
        yield row.indicator.measure
    if row.ks_goal is not None:
        yield row.ks_goal.measure
        for indicator in row.ks_goal.indicators:  # the same objects as the rows' within a pass
            yield indicator.measure


class LiveRows(FreshRows):
    """FreshRows that tells `counter` what it hands out: a pass over KF goal `kf` while rows
    of two other KF goals are still alive is a violation (once the counter is armed)."""

    def __init__(self, rows: list[PlanRow], kf: int, counter: LiveCounter):
        super().__init__(rows)
        self.kf, self.counter = kf, counter

    def _pass(self) -> list[PlanRow]:
        self.counter.handing_out(self.kf, "handed out")
        rows = super()._pass()
        self.counter.mark(self.kf, rows)
        return rows


def freshen(plan: Plan) -> Plan:
    """`plan` with every KF goal's rows a FreshRows (in place; returned for convenience)."""
    for kf in plan.kf_goals:
        kf.rows = FreshRows(list(kf.rows))  # type: ignore[assignment]
    return plan


def track(plan: Plan) -> LiveCounter:
    """Every KF goal's rows a LiveRows sharing one counter, returned unarmed: arm it
    (`counter.armed = True`) around the work to watch."""
    counter = LiveCounter()
    for position, kf in enumerate(plan.kf_goals):
        kf.rows = LiveRows(list(kf.rows), position, counter)  # type: ignore[assignment]
    return counter
