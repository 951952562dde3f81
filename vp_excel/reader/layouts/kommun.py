"""The kommun's own plan tables, read row by row into KF ÖG mål, indicators, KS mål (or
nämndmål), målinriktningar and activities. Each cell is read by its column's kind (schema,
reader.kinds), by the same parsers as the arbetsbok; the column's key says where in the plan
the value goes. Comparison columns and breakdown rows are kept on the measure, never judged."""

from __future__ import annotations

from dataclasses import dataclass, field

from ... import schema
from ...model import (
    Activity,
    GoalDirection,
    KfGoal,
    KfIndicator,
    KsGoal,
    Measure,
    Period,
    PlanRow,
    Value,
)
from ...swedish import format_value
from ..cells import CellReader
from ..grid import Book
from ..inline import direction_from_words, read_indicator_text, responsible_in_text
from ..kinds import PLAIN, Ask, Cell, KindReader, note_reading
from ..problems import Problems
from .tables import Table, TableColumn

_SINGLE_KEYS = ("kf_goal", "grouping", "indicator", "ks_goal", "direction_text", "responsible",
                "activities", "source", "kolada_id", "styrgrans", "previous_year", "prognosis")


@dataclass
class Columns:
    """One table's columns by what they hold; per-period columns by period name."""

    single: dict[str, int] = field(default_factory=dict)
    target: int | None = None
    outcomes: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, tuple[int, bool]] = field(default_factory=dict)
    comments: dict[str, int] = field(default_factory=dict)
    comparisons: dict[str, int] = field(default_factory=dict)  # header as written -> column
    kinds: dict[int, str] = field(default_factory=dict)  # column -> how its cells are read


def column_periods(table: Table, year: int) -> dict[int, Period]:
    """The period each period-bearing column reports on. A status or comment without a
    period takes the period of the nearest outcome to its left, else the plan's year; "Senaste
    status" is Helår of the year before the plan (its starting point)."""
    found: dict[int, Period] = {}
    last: Period | None = None
    for column in table.columns:
        kind = column.kind
        if kind.key == "status" and kind.latest and kind.period is None:
            found[column.col] = Period(f"Helår {year - 1}", year - 1, 1, 12)
        elif kind.key in ("outcome", "status", "comment") and kind.period is not None:
            found[column.col] = kind.period.period(year)
            if kind.key == "outcome":
                last = found[column.col]
        elif kind.key == "outcome":
            found[column.col] = last = Period(f"Helår {year}", year, 1, 12)
        elif kind.key in ("status", "comment"):
            found[column.col] = last or Period(f"Helår {year}", year, 1, 12)
    bare = [c.col for c in table.columns if c.kind.key in ("status", "comment")
            and c.kind.period is None and not c.kind.latest]
    outcomes = [found[c.col] for c in table.columns if c.kind.key == "outcome"]
    if outcomes and len([c for c in table.columns if c.kind.key == "status"]) <= 1:
        # One status for the row (outcome columns perhaps newest year first): the latest.
        latest = max(outcomes, key=lambda p: (p.year, p.last_month, p.first_month))
        for col in bare:
            found[col] = latest
    return found


def map_columns(table: Table, periods: dict[int, Period], year: int) -> Columns:
    cols = Columns()
    targets: list[TableColumn] = []
    for column in table.columns:
        key = column.kind.key
        cols.kinds[column.col] = column.kind.kind
        if column.kind.kind == "comparison":
            cols.comparisons.setdefault(" ".join(column.header.split()), column.col)
        elif key in _SINGLE_KEYS:
            cols.single.setdefault(key, column.col)
        elif key == "target":
            targets.append(column)
        elif key == "outcome":
            cols.outcomes.setdefault(periods[column.col].name, column.col)
        elif key == "status":
            cols.statuses.setdefault(periods[column.col].name, (column.col, column.kind.yes_no))
        elif key == "comment":
            cols.comments.setdefault(periods[column.col].name, column.col)
    if "kf_goal" not in cols.single and "grouping" in cols.single:
        # Perspektiv -> mål -> mätetal: the level above the goals is the KF level here.
        cols.single["kf_goal"] = cols.single.pop("grouping")
    this_year = [c for c in targets if c.kind.period and c.kind.period.year == year]
    chosen = this_year or targets
    cols.target = chosen[0].col if chosen else None
    if table.name_col is not None and "indicator" not in cols.single:
        cols.single["name"] = table.name_col
    return cols


def _breakdown(name: str) -> bool:
    return " ".join(name.strip(" -–•").lower().split()) in schema.BREAKDOWN_WORDS


class KommunTableReader:
    """Reads the plan tables of a kommun's workbook into KF ÖG mål."""

    def __init__(self, book: Book, cells: CellReader, problems: Problems, year: int,
                 first_year: int):
        self.book = book
        self.first_year = first_year
        self.cells = cells
        self.kinds = KindReader(cells, book.theme_colors)
        self.problems = problems
        self.year = year
        self.kf_goals: list[KfGoal] = []
        self.colour_notes: list[str] = []  # status cells read from their fill
        self.earlier_years: set[int] = set()  # earlier outcomes read out of texts
        self.groupings: dict[str, None] = {}  # a level above the KF goals, in order

    def read(self, table: Table, periods: dict[int, Period], default_kf: str) -> None:
        sheet = self.sheet = table.sheet
        cols = self.cols = map_columns(table, periods, self.year)
        single = cols.single
        text = self.cells.text
        has_ks = "ks_goal" in single
        name_col = single.get("indicator", single.get("name"))
        measured = bool(cols.statuses or cols.outcomes or cols.target is not None
                        or "styrgrans" in single)
        current_kf: KfGoal | None = None if "kf_goal" in single else self._kf(default_kf)
        current_ks: KsGoal | None = None
        goal_row: KsGoal | None = None  # a row with only a name: its measures follow
        row: PlanRow | None = None
        previous_key: tuple[str, str, str] | None = None
        first_col = min([c.col for c in table.columns] + ([name_col] if name_col else []))
        last_name = ""
        last_measure: Measure | None = None  # the measure a breakdown row below belongs to
        for r in sheet.rows_after(table.header_row):
            if r >= table.end_row:
                break
            values = {key: text(sheet, r, idx) for key, idx in single.items()}
            if not any(values.values()):
                continue  # a spacer row, or values without any goal or measure to hold them
            first_text = next((values[k] for k in ("kf_goal", "name", "indicator", "ks_goal")
                               if values.get(k)), "")
            if first_text and (schema.TOTAL_ROW.match(first_text)
                               or schema.FOOTNOTE_ROW.match(first_text)):
                continue
            if values.get("kf_goal") and (current_kf is None
                                          or values["kf_goal"] != current_kf.name):
                current_kf = self._kf(values["kf_goal"], r, single["kf_goal"])
                previous_key, current_ks, goal_row = None, None, None
            if current_kf is None:
                current_kf = self._kf(default_kf)
            name = values.get("name") or values.get("indicator", "")
            own = [c for c in sheet.grid.get(r, {}) if c >= first_col]
            if (name and measured and not has_ks and own == [name_col]
                    and not self._has_measure(r)):
                # A goal row: a name and nothing else; the measured rows below are its
                # indicators, up to the next goal row.
                goal_row = KsGoal(name, Measure(rule=schema.COMBINED))
                row = PlanRow(ks_goal=goal_row, sheet_rows=[r])
                current_kf.rows.append(row)
                previous_key = None
                continue
            if values.get("grouping"):
                self.groupings.setdefault(values["grouping"], None)
                current_kf.grouping = current_kf.grouping or values["grouping"]
            if name and _breakdown(name):
                if last_name:
                    note_reading(self.problems, sheet, r, name_col,
                                 f"uppdelning {name} av \"{last_name}\", inget eget mål", name)
                    if last_measure is not None:
                        self._breakdown_values(r, name, last_measure)
                continue
            if name:
                last_name = name
            ks_text = values.get("ks_goal", "")
            key = (current_kf.name, name, ks_text)
            if previous_key == key and (name or ks_text) and row is not None:
                row.sheet_rows.append(r)
                self._directions(r, row, values)
                continue
            row = PlanRow(sheet_rows=[r])
            current_kf.rows.append(row)
            new_ks = bool(ks_text) and (current_ks is None or ks_text != current_ks.text)
            if new_ks:
                current_ks = KsGoal(ks_text, Measure(rule=schema.MANUAL))
                row.ks_goal = current_ks
            elif not ks_text:
                current_ks = None
            previous_key = key
            self._directions(r, row, values)
            owner = current_ks or goal_row
            if not name:
                if new_ks and current_ks is not None:
                    self._goal_target(r, current_ks.measure)
                    self._goal_values(r, current_ks.measure)
                    self._comparisons(r, current_ks.measure)
                    self._assess(r, current_ks.measure)
                    self._comments(r, current_ks.measure)
                continue
            # A KS mål on its own row beside a KF indicator that carries its styrgräns in its
            # words ("Antal nya bostäder (styrgräns 40)"): Målvärde and Utfall are the goal's.
            goal_owns = (new_ks and current_ks is not None and self.cols.target is not None
                         and not self._ks_spans_down(r)
                         and bool(read_indicator_text(name).source))
            indicator = self._indicator(r, name, own_columns=not goal_owns)
            if goal_owns and current_ks is not None:
                self._goal_target(r, current_ks.measure)
                self._goal_values(r, current_ks.measure)
            last_measure = indicator.measure
            self._comparisons(r, indicator.measure)
            if owner is None and not has_ks and (cols.statuses or indicator.measure.target
                                                 is not None):
                # No goal column: a measured row is a goal of its own.
                goal = KsGoal(name, indicator.measure)
                self._assess(r, goal.measure)
                self._comments(r, goal.measure)
                row.ks_goal = goal
                continue
            row.indicator = indicator
            if owner is not None:
                owner.indicators.append(indicator)
            if new_ks and current_ks is not None and not self._per_indicator(r):
                self._assess(r, current_ks.measure)
                self._comments(r, current_ks.measure)
            else:
                self._assess(r, indicator.measure)
                # An indicator's comment goes with the goal it measures, else stays its own.
                self._comments(r, owner.measure if owner is not None else indicator.measure)

    def _per_indicator(self, r: int) -> bool:
        """The goal's cell spans more rows than its status cell: the statuses are its
        indicators', and the goal is judged by them."""
        ks_col = self.cols.single["ks_goal"]
        sheet = self.sheet
        if sheet.origin(r + 1, ks_col) != sheet.origin(r, ks_col):
            return False
        name_col = self.cols.single.get("indicator", self.cols.single.get("name"))
        if name_col is not None and _breakdown(self.cells.text(sheet, r + 1, name_col)):
            return False
        return any(sheet.origin(r + 1, c) != sheet.origin(r, c)
                   for c, _ in self.cols.statuses.values())

    # --- pieces ---------------------------------------------------------------------------
    def _kf(self, name: str, row: int | None = None, col: int | None = None) -> KfGoal:
        for kf in self.kf_goals:
            if kf.name == name:
                return kf
        location = None  # the cell the name stands in, for the roll-up's messages
        if row is not None and col is not None:
            origin = self.sheet.origin(row, col)
            location = self.problems.where(self.sheet.title,
                                           self.sheet.cell(*origin).coordinate)
        kf = KfGoal(name, location=location)
        self.kf_goals.append(kf)
        return kf

    def _has_measure(self, r: int) -> bool:
        cols = self.cols
        indices = [*cols.outcomes.values(), *(c for c, _ in cols.statuses.values())]
        if cols.target is not None:
            indices.append(cols.target)
        return any(self.sheet.value(r, c) not in (None, "") for c in indices) or any(
            self.sheet.fill(r, c) is not None and getattr(self.sheet.fill(r, c), "fill_type",
                                                          None) not in (None, "none")
            for c, _ in self.cols.statuses.values())

    def _cell(self, r: int, col: int | None, ask: Ask = PLAIN) -> Cell:
        """A cell read by its column's kind."""
        kind = self.cols.kinds.get(col, "text") if col is not None else "text"
        return self.kinds.read(kind, self.sheet, r, col, ask)

    def _ks_spans_down(self, r: int) -> bool:
        """The KS mål's cell reaches the next row too (merged): several rows measure it."""
        ks_col = self.cols.single["ks_goal"]
        return self.sheet.origin(r + 1, ks_col) == self.sheet.origin(r, ks_col)

    def _goal_target(self, r: int, measure: Measure) -> None:
        """A KS mål's own Målvärde ("högst 70 dagar", "Ökar", "4 %") and the rule it implies."""
        if self.cols.target is None:
            return
        target = self._cell(r, self.cols.target, Ask("målvärdet"))
        if target.value is None and not target.rule:
            return
        measure.target, measure.unit = target.value, target.unit or measure.unit
        measure.rule = target.rule or measure.rule

    def _indicator(self, r: int, name: str, own_columns: bool = True) -> KfIndicator:
        """An indicator; with `own_columns` False the Målvärde and Utfall columns are its
        goal's, and it keeps the styrgräns its words carry."""
        sheet, single = self.sheet, self.cols.single
        target_col = (self.cols.target if self.cols.target is not None and own_columns
                      else single.get("styrgrans"))
        target = self._cell(r, target_col, Ask("målvärdet"))
        measure = Measure(rule=target.rule, target=target.value, unit=target.unit)
        shown = target.text
        if target_col is None or measure.target is None and not measure.rule:
            reading = read_indicator_text(name)
            name_col = single.get("indicator", single.get("name"))
            if reading.source:
                word = "" if reading.rule else direction_from_words(name)
                rule = reading.rule or (schema.LOWER if word else schema.HIGHER)
                measure = Measure(rule=rule, target=reading.value, unit=reading.unit)
                shown = reading.source
                assumed = ("" if reading.rule else
                           f' (antagen av ordet "{word}")' if word else " (antagen)")
                note_reading(self.problems, sheet, r, name_col,
                             f"styrgräns {format_value(reading.value, reading.unit)}, "
                             f"{rule}{assumed}", reading.source)
            for year_, (value, unit, source) in sorted(reading.earlier.items()):
                self._earlier(measure, year_, value, unit)
                note_reading(self.problems, sheet, r, name_col,
                             f"utfall {year_} {format_value(value, unit)}", source)
        measure.rule = measure.rule or schema.HIGHER
        outcome_cells = {}
        if own_columns:
            self._goal_values(r, measure)
            outcome_cells = {period: self.problems.where(sheet.title,
                                                         sheet.cell(r, col).coordinate)
                             for period, col in self.cols.outcomes.items()}
        return KfIndicator(name, shown, measure, self._cell(r, single.get("source")).text,
                           kolada_id=self._cell(r, single.get("kolada_id")).text,
                           outcome_cells=outcome_cells)

    def _earlier(self, measure: Measure, year: int, value: float, unit: str) -> None:
        measure.unit = measure.unit or unit
        if year == self.first_year - 1:
            measure.previous_year = value  # the year before the plan's first period
        else:
            measure.outcomes[f"Helår {year}"] = value
            self.earlier_years.add(year)

    def _goal_values(self, r: int, measure: Measure) -> None:
        """Outcomes per period (and the previous year) into `measure`."""
        for period, col in self.cols.outcomes.items():
            cell = self._cell(r, col, Ask(f"utfallet för {period}", measure.unit))
            if cell.value is not None:
                measure.outcomes[period] = cell.value
                measure.unit = measure.unit or cell.unit
        previous = self.cols.single.get("previous_year")
        if previous is not None:
            cell = self._cell(r, previous, Ask("utfallet föregående år", measure.unit))
            if cell.value is not None:
                measure.previous_year = cell.value

    def _comparisons(self, r: int, measure: Measure) -> None:
        """Comparison values (Riket, Medel) on the measure, by their header."""
        for header, col in self.cols.comparisons.items():
            cell = self._cell(r, col, Ask(header, measure.unit))
            if cell.value is not None:
                measure.comparisons[header] = cell.value

    def _breakdown_values(self, r: int, label: str, measure: Measure) -> None:
        """A breakdown row's outcomes (kvinnor, män) on the measure above it, per period; read
        without a word, since they are kept but never judged."""
        values: dict[str, Value] = {}
        for period, col in self.cols.outcomes.items():
            if self.sheet.origin(r, col)[0] < r:
                continue  # merged down from the measure's own row
            kind = self.cols.kinds.get(col, "outcome")
            cell = self.kinds.quiet.read(kind, self.sheet, r, col, Ask(period, measure.unit))
            if cell.value is not None:
                values[period] = cell.value
        if values:
            measure.breakdown.setdefault(label, {}).update(values)

    def _assess(self, r: int, measure: Measure) -> None:
        self._prognosis(r, measure)
        for period, (col, yes_no) in self.cols.statuses.items():
            if self.sheet.origin(r, col)[0] < r:
                continue  # merged down from a row above: that row's status, already read
            cell = self._cell(r, col, Ask(f"statusen för {period}", yes_no=yes_no))
            if cell.status:
                measure.assessments[period] = cell.status
                if cell.how == "färg":
                    self.colour_notes.append(
                        f"{self.sheet.title}!{self.sheet.cell(r, col).coordinate} {cell.status}")

    def _prognosis(self, r: int, measure: Measure) -> None:
        """The full-year prognosis (Prognos, Bedömning helår) beside the period statuses."""
        col = self.cols.single.get("prognosis")
        if col is None or self.sheet.origin(r, col)[0] < r:
            return
        cell = self._cell(r, col, Ask("prognosen för helåret"))
        if cell.status:
            measure.prognosis, measure.prognosis_comment = cell.status, cell.text

    def _comments(self, r: int, measure: Measure) -> None:
        """Comments per period; several rows' comments on one goal are kept, each once."""
        for period, col in self.cols.comments.items():
            comment = self._cell(r, col).text
            earlier = measure.analyses.get(period, "")
            if comment and comment not in earlier.split("\n\n"):
                measure.analyses[period] = f"{earlier}\n\n{comment}" if earlier else comment

    def _directions(self, r: int, row: PlanRow, values: dict[str, str]) -> None:
        text = values.get("direction_text", "")
        responsible = values.get("responsible", "")
        if text and not responsible and "responsible" not in self.cols.single:
            responsible = responsible_in_text(text)
            if responsible:
                note_reading(self.problems, self.sheet, r, self.cols.single["direction_text"],
                             f"ansvarig enhet {responsible}", f"({responsible})")
        col = self.cols.single.get("activities")
        items = self._cell(r, col).items if col is not None else []
        if text or items or responsible:
            row.directions.append(GoalDirection(text, responsible,
                                                [Activity(a) for a in items]))
