"""Which rows of a kommun table are goals: the shapes of rows that are not (a heading over a
group of goals, text under the table, a goal a grouping column states), a goal row with its
own status over its indicators, whether the statuses beside a goal are its indicators', and
where the statuses are only colours (outcome or goal cells); a cell read by its column's kind,
the full-year prognosis, comparison values and a målvärde against one ("Högre än riket"). Used
by the table reader (kommun.py) through `RowShapes`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ... import schema
from ...model import KfGoal, KsGoal, Measure, PlanRow, Value
from ...rules import forecast_status
from ...swedish import format_value
from ..classify import quality_scale
from ..colours import fill_rgb, status_of_rgb
from ..inline import benchmark_target
from ..kinds import PLAIN, Ask, Cell, KindReader, note_reading
from ..mapping import WHERE_TO_WRITE, KommunMapping, mapping_line, status_key

if TYPE_CHECKING:
    from ...model import Period
    from ..cells import CellReader
    from ..grid import Book, Sheet
    from ..problems import Problems
    from .columns import Columns
    from .tables import Table


# A row labelled by what it is, in one column of goals and measures.
_ROW_LABEL = re.compile(r"^\s*(?:(mål|delmål|nämndmål|verksamhetsmål|effektmål|fokusmål)|"
                        r"indikator|mått|nyckeltal|mätetal|kpi)\s*[\d.]*\s*:\s*\S",
                        re.IGNORECASE)


class RowShapes:
    """What a row is, beside the reader's sheet, columns and problems."""

    book: Book
    sheet: Sheet
    cols: Columns
    year: int
    cells: CellReader
    problems: Problems
    mapping: KommunMapping  # the kommun's own lines
    kinds: KindReader
    kf_goals: list[KfGoal]
    kf_assessed: dict[int, Measure]  # a KF goal's own status on its row, by the goal's id

    def _cell(self, r: int, col: int | None, ask: Ask = PLAIN) -> Cell:
        """A cell read by its column's kind."""
        kind = self.cols.kinds.get(col, "text") if col is not None else "text"
        return self.kinds.read(kind, self.sheet, r, col, ask)

    def _prognosis(self, r: int, measure: Measure, row_measure: Measure) -> None:
        """The full-year prognosis (Prognos, Bedömning helår); a value judged as an outcome."""
        col = self.cols.single.get("prognosis")
        if col is None or self.sheet.origin(r, col)[0] < r:
            return
        cell = self._cell(r, col, Ask("prognosen för helåret", measure.unit))
        if cell.status:
            measure.prognosis, measure.prognosis_comment = cell.status, cell.text
        elif cell.value is not None:  # a forecast value: its status by the row's own rule
            measure.prognosis = (forecast_status(measure, cell.value)
                                 or forecast_status(row_measure, cell.value) or "")
            measure.prognosis_comment = f"Prognos {cell.text}"
            note_reading(self.problems, self.sheet, r, col, "prognosen för helåret "
                         f"{measure.prognosis or 'ej bedömd (inget målvärde)'}", cell.text)

    def _comparisons(self, r: int, measure: Measure, target_col: int | None = None) -> None:
        """Comparison values (Riket, Medel) on the measure, by their header; a målvärde
        "Högre än riket" is the row's Riket value (benchmark_target), said with its cell."""
        for header, col in self.cols.comparisons.items():
            cell = self._cell(r, col, Ask(header, measure.unit))
            if cell.value is not None:
                measure.comparisons[header] = cell.value
        text = self.cells.text(self.sheet, r, target_col) if target_col is not None else ""
        found = benchmark_target(text, list(measure.comparisons)) if text else None
        if found and measure.target is None and isinstance(measure.comparisons[found[1]], float):
            measure.rule, measure.target = found[0], measure.comparisons[found[1]]
            note_reading(self.problems, self.sheet, r, target_col, f"målvärde {found[1]} "
                         f"{format_value(measure.target, measure.unit)}, {found[0]}", text)
        elif target_col is not None and text and measure.target is None and (
                missing := benchmark_target(text, list(self.cols.comparisons))):
            self.problems.warn(f'målvärdet "{text}" jämför med {missing[1]}, men raden har '
                               "inget tal där; ingen status räknas ur det.",
                               self.sheet.title, self.sheet.cell(r, target_col).coordinate)

    def _before_rows(self, table: Table) -> None:
        """What the table says before its rows are read: the scale of its quality words and
        the marks that type its rows."""
        self._quality_scale(table)
        self._say_marks(table)

    def _quality_scale(self, table: Table) -> None:
        """Quality words in the table's status cells or mark headers ("Bra", "OK", "Har
        brister") read on the scale they make together (classify.quality_scale), each said
        once with the line that changes it; the kommun's own lines win."""
        sheet, cols = self.sheet, self.cols
        self.kinds.mapping = self.mapping  # the table before's scale is not this one's
        rows = [r for r in sheet.rows_after(table.header_row) if r < table.end_row]
        cells = [(r, col, self.cells.text(sheet, r, col))
                 for col, _ in cols.statuses.values() for r in rows]
        cells += [(table.header_row, col, self.cells.text(sheet, table.header_row, col))
                  for col in cols.marks]
        scale = {word: status for word, status in quality_scale(t for *_, t in cells).items()
                 if self.mapping.status(word) is None}
        if not scale:
            return
        self.kinds.mapping = KommunMapping(self.mapping.columns,
                                           {**scale, **self.mapping.statuses},
                                           self.mapping.sources)
        for col in cols.marks:
            header = status_key(self.cells.text(sheet, table.header_row, col))
            cols.marks[col] = scale.get(header, cols.marks[col])
        shown = ", ".join(sorted(dict.fromkeys(t for *_, t in cells if status_key(t) in scale),
                                 key=lambda t: -schema.QUALITY_WORDS[status_key(t)]))
        for r, col, text in cells:
            word = status_key(text)
            if word in scale:
                other = schema.YELLOW if scale[word] != schema.YELLOW else schema.GREEN
                self.problems.note_once(
                    f"status {word} {scale[word]}",  # per status: each table its scale
                    f'{sheet.title}!{sheet.cell(r, col).coordinate}: "{text}" läst som '
                    f'{scale[word]} (kommunens skala: {shown}; en annan status: raden '
                    f'"{mapping_line(text, other)}" '
                    f"{WHERE_TO_WRITE})")

    def _say_marks(self, table: Table) -> None:
        """Check says which marks typed the rows."""
        if table.marks is not None:
            self.problems.note(f"{self.sheet.title}!A: raderna "
                               f'typade av kolumnen: "{table.marks[0].upper()}" ett mål, '
                               f'"{table.marks[1].upper()}" ett mått under det')

    def _row_mark(self, table: Table, r: int, values: dict[str, str]) -> str:
        """"goal" or "measure" by the row's mark in a column that types the rows (Nacka's
        "S" and "N"); "heading" for a row there with no mark and only its words ("D. GOD
        LIVSMILJÖ"); without such a column, by the label the name starts with ("Mål: Ökad
        trygghet", "Indikator 1.1: Andel trygga"), else ""."""
        if table.marks is None:
            label = _ROW_LABEL.match(values.get("name") or values.get("indicator", ""))
            return ("" if label is None else "goal" if label.group(1) else "measure")
        mark = self.cells.text(self.sheet, r, 1).strip().lower()
        if not mark and sum(1 for v in values.values() if v) == 1 and \
                not self._has_measure(r) and "kf_goal" not in self.cols.single:
            return "heading"
        return {table.marks[0]: "goal", table.marks[1]: "measure"}.get(mark, "")

    def _heading(self, r: int, name: str, current: KfGoal) -> KfGoal:
        """A heading over the marked goals below: their KF level (as a short heading in the
        goal column is), said by check."""
        if not current.rows and current.location is None:
            self.kf_goals.remove(current)  # the sheet's name, never used
        col = self.cols.single.get("name", self.cols.single.get("indicator"))
        note_reading(self.problems, self.sheet, r, col, "rubrik över målen under, inget mål",
                     name[:40])
        return self._kf(name, r, col)

    def _kf(self, name: str, row: int | None = None, col: int | None = None) -> KfGoal:
        raise NotImplementedError  # the table reader's (kommun.py)

    def _breakdown_values(self, r: int, label: str, measure: Measure,
                          columns: dict[str, int] | None = None) -> None:
        """A breakdown row's outcomes (kvinnor, män) on the measure above it, per period, or
        a breakdown column's (`columns`); read without a word, kept but never judged."""
        values: dict[str, Value] = {}
        for period, col in (self.cols.outcomes if columns is None else columns).items():
            if self.sheet.origin(r, col)[0] < r:
                continue  # merged down from the measure's own row
            kind = self.cols.kinds.get(col, "outcome")
            cell = self.kinds.quiet.read(kind, self.sheet, r, col, Ask(period, measure.unit))
            if cell.value is not None:
                values[period] = cell.value
        if values:
            measure.breakdown.setdefault(label, {}).update(values)

    def _tally_row(self, r: int, first_text: str) -> bool:
        """A summary under the table ("Uppfyllt | 3", "Måluppfyllelse | Antal mål"): its
        words are a status or a status header, and its status cells hold counts."""
        import re

        if not _statusish(first_text):
            return False
        held = [self.sheet.value(r, c) for c, _ in self.cols.statuses.values()
                if self.sheet.value(r, c) not in (None, "")]
        return bool(held) and all(
            isinstance(v, int) and not isinstance(v, bool)
            or isinstance(v, str) and (v.strip().isdigit() or bool(
                re.match(schema.COUNT_HEAD_WORDS, v.strip().lower()))) for v in held)

    def _drop_trailing(self, lone: list[tuple[KfGoal, PlanRow, int]],
                       last_measured: int) -> None:
        """Lines of text under the last measured row that no measure follows (a legend, a
        comment: "Utfallssymbolerna ska tolkas enligt följande:") are no goals."""
        for kf, row, r in lone:
            goal = row.ks_goal
            if (r > last_measured and goal is not None and not goal.indicators
                    and not row.directions and not goal.measure.assessments):
                kf.row_list.remove(row)
                note_reading(self.problems, self.sheet, r, self._first_col(r),
                             "text under tabellen, inget mål", goal.text[:40])

    def _goal_over(self, kf: KfGoal, r: int, row: PlanRow | None = None) -> KsGoal:
        """The goal a grouping column states ("Minska kostnadsutvecklingstakten …"), judged
        by the indicators on its rows; it starts on `row` (its first indicator's) when given."""
        found = next((row.ks_goal for row in kf.rows if row.ks_goal is not None
                      and row.ks_goal.text == kf.name), None)
        if found is None:
            found = KsGoal(kf.name, Measure(rule=schema.COMBINED))
            own = self.kf_assessed.get(id(kf))
            if own is not None:  # its own status on its row above the measures wins
                found.measure.assessments.update(own.assessments)
                found.measure.motivations.update(own.motivations)
                found.measure.analyses.update(own.analyses)
                found.measure.prognosis = own.prognosis
                found.measure.prognosis_comment = own.prognosis_comment
            if row is not None and row.ks_goal is None:
                row.ks_goal = found
            else:
                kf.rows.append(PlanRow(ks_goal=found, sheet_rows=[r]))
            note_reading(self.problems, self.sheet, r, self.cols.single["kf_goal"],
                         "målet, bedömt av indikatorerna bredvid", kf.name[:40])
        return found

    def _grouping_banner(self, r: int, values: dict[str, str], table: Table) -> str:
        """The grouping a row alone in the KF column names ("Perspektiv: Invånare",
        "Målområde 2 – Hållbarhet", or a short heading such as "Invånare" whose next row starts
        another KF goal), without its label; "" for a KF goal's own row."""
        text = values.get("kf_goal", "")
        if not text or [k for k, v in values.items() if v] != ["kf_goal"] or \
                self._has_measure(r):
            return ""
        label = schema.GROUPING_LABEL.match(text)
        if label is not None and len(text.split()) <= 10:
            return label.group("name").strip()
        words = text.lower().split()
        if len(words) > 4 or any(w in schema.GOAL_VERBS for w in words):
            return ""  # a goal's own words on a row of their own, its KS goals below
        kf_col = self.cols.single["kf_goal"]
        if self.sheet.origin(r + 1, kf_col) == self.sheet.origin(r, kf_col):
            return ""  # merged down: the KF goal of the rows below
        below = self.cells.text(self.sheet, r + 1, kf_col)
        return text if below and below != text and r + 1 < table.end_row and \
            self._has_measure(r + 1) else ""

    def _styrkort_header(self, table: Table) -> bool:
        """The KF column is named as a styrkort names its goals ("Strategiskt mål")."""
        column = next((c for c in table.columns if c.kind.key == "kf_goal"), None)
        return column is not None and bool(schema.STYRKORT_GOAL.search(column.header))

    def _section(self, r: int, values: dict[str, str]) -> bool:
        """A short text alone in the goal column ("Medborgare"), nothing measured, and the next
        row a measured goal of its own: a heading over a group of goals, not a goal."""
        sheet, ks_col = self.sheet, self.cols.single["ks_goal"]
        if [k for k, v in values.items() if v] != ["ks_goal"] or self._has_measure(r):
            return False
        words = values["ks_goal"].lower().split()
        if len(words) > 4 or not self._measure_cols():
            return False  # a goal statement, or a plan that lists its goals unmeasured
        if any(w in schema.GOAL_VERBS for w in words):
            return False  # "Arkivet ska vara ordnat" with no status yet: a goal, not judged
        if sheet.origin(r + 1, ks_col) == sheet.origin(r, ks_col):
            return False  # merged down: the goal of the rows below
        below = self.cells.text(sheet, r + 1, ks_col)
        return bool(below) and below != values["ks_goal"] and self._has_measure(r + 1)

    def _per_indicator(self, r: int) -> bool:
        """The goal's cell spans more rows than its status cell (or the goal cell below is
        blank beside an indicator with a status): the statuses are its indicators', and the
        goal is judged by them."""
        from .samples import is_breakdown

        ks_col = self.cols.single["ks_goal"]
        sheet = self.sheet
        name_col = self.cols.single.get("indicator", self.cols.single.get("name"))
        # An outcome cell's fill is a status cell too (a table coloured in its outcomes).
        status_cols = [c for c, _ in self.cols.statuses.values()] + list(
            self.cols.fill_statuses.values())
        if sheet.origin(r + 1, ks_col) != sheet.origin(r, ks_col):
            # A blank goal cell below, an indicator with a status of its own: the same.
            below = self.cells.text(sheet, r + 1, name_col) if name_col is not None else ""
            return (bool(below) and sheet.value(r + 1, ks_col) in (None, "")
                    and not is_breakdown(below) and any(
                        sheet.value(r + 1, c) not in (None, "") or sheet.fill(r + 1, c)
                        is not None and getattr(sheet.fill(r + 1, c), "fill_type", None)
                        not in (None, "none") for c in status_cols))
        if name_col is not None and is_breakdown(self.cells.text(sheet, r + 1, name_col)):
            return False
        return any(sheet.origin(r + 1, c) != sheet.origin(r, c) for c in status_cols)

    def _first_col(self, r: int) -> int | None:
        cols = self.sheet.columns(r)
        return cols[0] if cols else None

    def _measure_cols(self) -> list[int]:
        cols = self.cols
        indices = [*cols.outcomes.values(), *(c for c, _ in cols.statuses.values()),
                   *cols.marks]
        if cols.target is not None:
            indices.append(cols.target)
        return indices

    def _has_measure(self, r: int) -> bool:
        indices = self._measure_cols()
        return any(self.sheet.value(r, c) not in (None, "") for c in indices) or any(
            self.sheet.fill(r, c) is not None and getattr(self.sheet.fill(r, c), "fill_type",
                                                          None) not in (None, "none")
            for c, _ in self.cols.statuses.values())

    def _judged_goal_row(self, r: int, own: list[int], name_col: int | None) -> bool:
        """A name and a status, no target or outcome, over a row with a target or outcome and
        no status ("Nöjda invånare | | | Delvis uppfyllt" over "NKI | 70 | 72 |")."""
        statuses = {c for c, _ in self.cols.statuses.values()}
        values = [*self.cols.outcomes.values()] + (
            [self.cols.target] if self.cols.target is not None else [])
        if not statuses or not values or not set(own) - {name_col} <= statuses:
            return False

        def has(row: int, cols: Iterable[int]) -> bool:
            return any(self.sheet.value(row, c) not in (None, "") for c in cols)
        return (has(r, statuses) and not has(r, values) and has(r + 1, values)
                and not has(r + 1, statuses))

    def _coloured_outcomes(self, table: Table, periods: dict[int, Period]) -> None:
        """A table without a status column whose latest outcome cells, or else whose goal
        cells, are filled with status colours: the colour is the status (said by check, cell
        by cell)."""
        cols = self.cols
        if cols.statuses or cols.marks:
            return
        # Every coloured outcome column is its period's status ("T1 2025" yellow, "T2 2025"
        # green: a status per period), the latest first; else the goal cells' fill.
        outcomes = sorted(cols.outcomes.values(), reverse=True,
                          key=lambda c: (periods[c].year, periods[c].last_month))
        for col in outcomes:
            if self._coloured(table, col) and (cols.fill_statuses or col == outcomes[0]):
                cols.fill_statuses[periods[col].name] = col
        judged = {c.col for c in table.columns if _statusish(c.header)}
        for period, col in cols.comments.items():
            # "Bedömning" over the analysis in a coloured cell: the colour is the judgement
            # (not a "Kommentar" or "Trend" column's colour, which may say something else).
            if not cols.fill_statuses and col in judged and self._coloured(table, col):
                cols.fill_statuses[period] = col
        goal_col = cols.single.get("ks_goal", cols.single.get("name"))
        if not cols.fill_statuses and goal_col is not None and self._coloured(table, goal_col):
            latest = max(periods.values(), key=lambda p: (p.year, p.last_month), default=None)
            cols.fill_statuses[latest.name if latest else f"Helår {self.year}"] = goal_col

    def _coloured(self, table: Table, col: int) -> bool:
        """Most of the column's cells that hold anything are filled with status colours (rows
        named by a status word, a legend or a summary under the table, left out)."""
        single = self.cols.single
        name_col = next((single[k] for k in ("ks_goal", "name", "indicator", "kf_goal")
                         if k in single), None)
        rows = [r for r in self.sheet.rows_after(table.header_row)[:25]
                if r < table.end_row and self.sheet.value(r, col) not in (None, "")
                and not (name_col is not None and _statusish(
                    self.cells.text(self.sheet, r, name_col)))]
        coloured = [r for r in rows if self._fill_status(r, col)]
        return len(coloured) >= 2 and len(coloured) * 2 >= len(rows)

    def _fill_status(self, r: int, col: int) -> str | None:
        return self._cell_status(r, col)[0]

    def _cell_status(self, r: int, col: int) -> tuple[str | None, str]:
        """The status a cell shows besides its value, and how: its fill ("färg"), or a
        symbol beside the number ("symbol", "72 😊")."""
        rgb = fill_rgb(self.sheet.fill(r, col), self.book.theme_colors)
        status = status_of_rgb(rgb) if rgb is not None else None
        if status is not None:
            return status, "färg"
        value = self.sheet.value(r, col)
        if isinstance(value, str):
            symbol = next((ch for ch in value if ch in schema.STATUS_SYMBOLS), None)
            if symbol is not None:
                return schema.STATUS_SYMBOLS[symbol], "symbol"
        return None, ""


def _statusish(text: str) -> bool:
    """A status word ("Uppfyllt", "Delvis uppfyllt") or a status header ("Måluppfyllelse") as
    a row's name; a goal's sentence that reads as a phrase ("Alla elever ska nå målen") is
    none."""
    from ..classify import classify, status_word

    if not text or len(text.split()) > 3:
        return False
    kind = classify(text)
    return status_word(text) is not None or (kind is not None and kind.key == "status")
