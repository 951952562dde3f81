"""Which rows of a kommun table are goals: the shapes of rows that are not (a heading over a
group of goals, text under the table, a goal a grouping column states), used by the table
reader (kommun.py) through `RowShapes`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import schema
from ...model import KfGoal, KsGoal, Measure, PlanRow
from ..kinds import note_reading

if TYPE_CHECKING:
    from ..cells import CellReader
    from ..grid import Sheet
    from ..problems import Problems
    from .columns import Columns


class RowShapes:
    """What a row is, beside the reader's sheet, columns and problems."""

    sheet: Sheet
    cols: Columns
    cells: CellReader
    problems: Problems

    def _drop_trailing(self, lone: list[tuple[KfGoal, PlanRow, int]],
                       last_measured: int) -> None:
        """Lines of text under the last measured row that no measure follows (a legend, a
        comment: "Utfallssymbolerna ska tolkas enligt följande:") are no goals."""
        for kf, row, r in lone:
            goal = row.ks_goal
            if (r > last_measured and goal is not None and not goal.indicators
                    and not row.directions and not goal.measure.assessments):
                kf.rows.remove(row)
                note_reading(self.problems, self.sheet, r, self._first_col(r),
                             "text under tabellen, inget mål", goal.text[:40])

    def _goal_over(self, kf: KfGoal, r: int) -> KsGoal:
        """The goal a grouping column states ("Minska kostnadsutvecklingstakten …"), judged
        by the indicators on its rows."""
        found = next((row.ks_goal for row in kf.rows if row.ks_goal is not None
                      and row.ks_goal.text == kf.name), None)
        if found is None:
            found = KsGoal(kf.name, Measure(rule=schema.COMBINED))
            kf.rows.append(PlanRow(ks_goal=found, sheet_rows=[r]))
            note_reading(self.problems, self.sheet, r, self.cols.single["kf_goal"],
                         "målet, bedömt av indikatorerna bredvid", kf.name[:40])
        return found

    def _section(self, r: int, values: dict[str, str]) -> bool:
        """A short text alone in the goal column ("Medborgare"), nothing measured, and the next
        row a measured goal of its own: a heading over a group of goals, not a goal."""
        sheet, ks_col = self.sheet, self.cols.single["ks_goal"]
        if [k for k, v in values.items() if v] != ["ks_goal"] or self._has_measure(r):
            return False
        if len(values["ks_goal"].split()) > 4 or not self._measure_cols():
            return False  # a goal statement, or a plan that lists its goals unmeasured
        if sheet.origin(r + 1, ks_col) == sheet.origin(r, ks_col):
            return False  # merged down: the goal of the rows below
        below = self.cells.text(sheet, r + 1, ks_col)
        return bool(below) and below != values["ks_goal"] and self._has_measure(r + 1)

    def _first_col(self, r: int) -> int | None:
        cols = self.sheet.columns(r)
        return cols[0] if cols else None

    def _measure_cols(self) -> list[int]:
        cols = self.cols
        indices = [*cols.outcomes.values(), *(c for c, _ in cols.statuses.values())]
        if cols.target is not None:
            indices.append(cols.target)
        return indices

    def _has_measure(self, r: int) -> bool:
        indices = self._measure_cols()
        return any(self.sheet.value(r, c) not in (None, "") for c in indices) or any(
            self.sheet.fill(r, c) is not None and getattr(self.sheet.fill(r, c), "fill_type",
                                                          None) not in (None, "none")
            for c, _ in self.cols.statuses.values())
