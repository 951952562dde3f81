"""The Mål sheet: one row per målinriktning, the plan's values on a group's first row and, in a
report, a live status formula per KS mål, indicator and period."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ... import schema
from ...model import GoalDirection, KfGoal, Measure, Plan, PlanRow, Value, is_number
from ...rules import Evaluation, StatusCells, combined_formula, score_formula, status_formula
from ...schema import Column
from ...swedish import NotANumber, parse_number
from ...text import join_bullets
from .compared import (
    add_trend_icons,
    breakdown_labels,
    comparison_key,
    comparison_names,
    write_breakdown,
    write_comparisons,
    write_target_words,
    write_trend_cell,
)
from .style import (
    COMPUTED_FILL,
    EMPTY_ROWS,
    HEADER_FILL,
    PERIOD_FILLS,
    RowHeights,
    Styles,
    cell_ref,
    list_validation,
    word_fit_width,
    write_text,
    write_value,
)

HEADER_ROW = 0
FIRST_ROW = 1
TABLE_NAME = "Mal"
_GROUP_TEXT_KEYS = ("kf_goal", "indicator", "ks_goal")  # repeated on every row of a group
# In a report, narrower text columns (wrapped higher) keep the report period's columns on an A4
# page; the rest are folded away (outline, one click to open) but stay in the workbook.
_REPORT_WIDTHS = {"kf_goal": 18, "indicator": 24, "ks_goal": 26, "direction_text": 22,
                  "activities": 34, "motivation": 22, "analysis": 34}
_FOLDED_KEYS = ("direction", "source", "kolada_id", "rule", "yellow_band", "previous_year")


@dataclass
class GoalLayout:
    """Which column holds what: (column key, period or None) -> 0-based column."""

    columns: list[tuple[Column, str | None]]
    periods: list[str]

    def __post_init__(self) -> None:
        self.index = {(column.key, period): i for i, (column, period) in enumerate(self.columns)}

    @classmethod
    def for_plan(cls, plan: Plan, report: bool) -> GoalLayout:
        names = plan.period_names
        columns = schema.goal_columns_for(names, report=report)
        # The plan's comparison columns (Riket 2024, Länet), named as the kommun names them,
        # after the plan's own columns and before the periods'.
        compared = comparison_names(plan)
        at = len(schema.GOAL_COLUMNS)
        columns[at:at] = [(Column(comparison_key(name), name, kind="comparison", width=11),
                           None) for name in compared]
        return cls(columns, names)

    def col(self, key: str, period: str | None = None) -> int:
        return self.index[(key, period)]

    @property
    def width(self) -> int:
        return len(self.columns)

    def status_columns(self) -> list[int]:
        return [i for i, (column, _) in enumerate(self.columns)
                if column.key in ("status", "indicator_status", "period_status", "prognosis")]


@dataclass
class _Line:
    """One sheet row: a PlanRow's målinriktning (or the PlanRow itself when it has none), or
    a breakdown row (kvinnor, män) under its measure."""

    kf_goal: KfGoal
    plan_row: PlanRow
    direction: GoalDirection | None
    first: bool
    breakdown: str = ""  # the breakdown row's label


def _kf_lines(kf_goal: KfGoal) -> list[_Line]:
    """One KF ÖG mål's sheet rows, from one pass over its plan rows (an empty row when it
    has none): the most of a plan the sheet holds at a time."""
    lines = []
    for plan_row in kf_goal.rows or [PlanRow()]:
        lines += _row_lines(kf_goal, plan_row)
    return lines


def _row_lines(kf_goal: KfGoal, plan_row: PlanRow) -> list[_Line]:
    lines = [_Line(kf_goal, plan_row, direction, i == 0)
             for i, direction in enumerate(plan_row.directions or [None])]
    return lines + [_Line(kf_goal, plan_row, None, False, label)
                    for label in breakdown_labels(plan_row)]


def _line_count(plan: Plan) -> int:
    """How many sheet rows `_kf_lines` makes of the whole plan, counted without keeping one."""
    count = 0
    for kf_goal in plan.kf_goals:
        count += sum(len(plan_row.directions or [None]) + len(breakdown_labels(plan_row))
                     for plan_row in kf_goal.rows) if kf_goal.rows else 1
    return count


class GoalsSheet:
    """Writes the Mål sheet; `report` adds the status formulas, Poäng and Trend."""

    def __init__(self, workbook, styles: Styles, plan: Plan, evaluation: Evaluation | None,
                 default_band_ref: str):
        self.workbook = workbook
        self.styles = styles
        self.plan = plan
        self.evaluation = evaluation
        self.report = evaluation is not None
        self.layout = GoalLayout.for_plan(plan, self.report)
        self.default_band_ref = default_band_ref
        self.line_count = _line_count(plan)
        self.sheet: Any = None  # xlsxwriter's Worksheet, once write() has added it
        self.trends: list[tuple[str, str]] = []  # (sparkline cell, its data range)
        self.indicator_rows: dict[str, int] = {}  # the current KF ÖG mål's, by key
        # Folded columns count as width 0: their text must not make the visible rows tall.
        self.heights = RowHeights([0 if self._folded(c, p) else self._width(c)
                                   for c, p in self.layout.columns])

    @property
    def statuses(self) -> Evaluation:
        """The evaluation (a report's GoalsSheet only)."""
        assert self.evaluation is not None, "only a report has statuses"
        return self.evaluation

    @property
    def last_data_row(self) -> int:
        """The last row the table covers (at least one, as Excel tables need a data row)."""
        return HEADER_ROW + max(self.line_count, 1)

    @property
    def last_input_row(self) -> int:
        return max(self.last_data_row, HEADER_ROW + EMPTY_ROWS)

    def write(self):
        # The report's rows are written in order (the template's column by column).
        self.sheet = self.workbook.add_worksheet(schema.GOALS_SHEET, in_row_order=self.report)
        self._set_columns()
        # In a report the KS mål (and the columns left of it) stay in view when scrolling.
        self.sheet.freeze_panes(FIRST_ROW, self.layout.col("ks_goal") + 1 if self.report else 0)
        if self.report:
            self._write_table()
        else:
            self._write_template()
        self._add_validations()
        if self.report:
            self._add_outcome_validations()
        self.heights.apply(self.sheet)
        return self.sheet

    # --- columns --------------------------------------------------------------------------
    def _folded(self, column: Column, period: str | None) -> bool:
        """Columns a report shows folded: other periods, the rule's settings and the report
        period's own Status (the Status column beside KS mål shows the same)."""
        if not self.report:
            return False
        if period is not None:
            return period != self.statuses.period or column.key == "period_status"
        return column.key in _FOLDED_KEYS

    def _width(self, column: Column) -> float:
        width = _REPORT_WIDTHS.get(column.key, column.width) if self.report else column.width
        return word_fit_width(column.header, width)  # no header word broken in two

    def _set_columns(self) -> None:
        previous_folded = False
        for col, (column, period) in enumerate(self.layout.columns):
            width = self._width(column)
            folded = self._folded(column, period)
            options = {"level": 1, "hidden": True} if folded else {}
            if previous_folded and not folded:
                options["collapsed"] = True  # where Excel puts the button that opens the fold
            self.sheet.set_column(col, col, width, None, options)
            previous_folded = folded

    # --- header ---------------------------------------------------------------------------
    def _header_format(self, column: Column, period: str | None):
        if column.kind == "computed":
            return self.styles.header(COMPUTED_FILL)
        if period is None:
            return self.styles.header(HEADER_FILL)
        return self.styles.header(PERIOD_FILLS[self.layout.periods.index(period) % 2])

    def _write_template(self) -> None:
        """The empty arbetsbok: headers, autofilter and bordered empty rows (no table, so
        staff may merge KF ÖG mål cells as they are used to)."""
        for col, (column, period) in enumerate(self.layout.columns):
            self.sheet.write_string(HEADER_ROW, col, column.header_for(period),
                                    self._header_format(column, period))
            self.heights.note(HEADER_ROW, col, column.header_for(period))
            for row in range(FIRST_ROW, self.last_input_row + 1):
                self.sheet.write_blank(row, col, None, self.styles.text())
        self.sheet.autofilter(HEADER_ROW, 0, self.last_input_row, self.layout.width - 1)

    def _write_table(self) -> None:
        columns = [{"header": column.header_for(period),
                    "header_format": self._header_format(column, period)}
                   for column, period in self.layout.columns]
        self.sheet.add_table(HEADER_ROW, 0, self.last_data_row, self.layout.width - 1, {
            "name": TABLE_NAME, "columns": columns, "style": "Table Style Light 1",
            "autofilter": True})
        for col, column in enumerate(columns):
            self.heights.note(HEADER_ROW, col, column["header"])
        self.heights.close_row(self.sheet, HEADER_ROW)
        for row, line in self.iter_lines():
            self._write_line(row, line)
            self.heights.close_row(self.sheet, row)
        self._add_trends()
        self._add_conditional_formats()

    # --- rows -----------------------------------------------------------------------------
    def iter_lines(self) -> Iterator[tuple[int, _Line]]:
        """(sheet row, line) in plan order, one KF ÖG mål's lines held at a time. Where each
        indicator of that KF ÖG mål stands, by key, is noted first: a goal judged by its
        indicators (the rows of its own group, see KfGoal) reads their status cells."""
        row = FIRST_ROW
        for kf_goal in self.plan.kf_goals:
            lines = _kf_lines(kf_goal)
            self.indicator_rows = {line.plan_row.indicator.key: row + offset
                                   for offset, line in enumerate(lines)
                                   if line.first and line.plan_row.indicator}
            for line in lines:
                yield row, line
                row += 1
        self.indicator_rows = {}

    def _write_line(self, row: int, line: _Line) -> None:
        for col in range(self.layout.width):  # borders on every cell, values overwrite
            self.sheet.write_blank(row, col, None, self.styles.text())
        plan_row = line.plan_row
        if line.breakdown:
            write_breakdown(self, row, line)
            return
        texts = {"kf_goal": line.kf_goal.name,
                 "indicator": plan_row.indicator.name if plan_row.indicator else "",
                 "ks_goal": plan_row.ks_goal.text if plan_row.ks_goal else ""}
        for key in _GROUP_TEXT_KEYS:
            write_text(self.sheet, row, self.layout.col(key), texts[key],
                       self.styles.text(repeated=not line.first), self.heights)
        if line.direction is not None:
            self._write_direction(row, line.direction)
        if line.first and plan_row.indicator:
            self._write_indicator(row, plan_row)
        if line.first and plan_row.ks_goal:
            self._write_ks_goal(row, plan_row)

    def _write_direction(self, row: int, direction: GoalDirection) -> None:
        text = self.styles.text()
        items = [" ".join(activity.text.split()) for activity in direction.activities]
        # One activity per line; a line break inside an activity would split it on reading.
        for key, value in (("direction_text", direction.text),
                           ("responsible", direction.responsible),
                           ("activities", join_bullets(items))):
            write_text(self.sheet, row, self.layout.col(key), value, text, self.heights)

    def _write_indicator(self, row: int, plan_row: PlanRow) -> None:
        indicator = plan_row.indicator
        assert indicator is not None
        measure = indicator.measure
        write_value(self.sheet, self.styles, row, self.layout.col("styrgrans"), measure.target,
                    measure.unit, _bound(indicator.styrgrans_text))
        write_target_words(self, row, "styrgrans", measure,
                           measure.target_text or indicator.styrgrans_text)
        write_text(self.sheet, row, self.layout.col("direction"), measure.rule, self.styles.text(),
                   self.heights)
        write_text(self.sheet, row, self.layout.col("source"), indicator.source,
                   self.styles.text(), self.heights)
        write_text(self.sheet, row, self.layout.col("kolada_id"), indicator.kolada_id,
                   self.styles.text(), self.heights)
        write_comparisons(self, row, measure)
        for period in self.layout.periods:
            col = self.layout.col("indicator_outcome", period)
            write_value(self.sheet, self.styles, row, col, measure.outcomes.get(period),
                        measure.unit)
            if measure.sources.get(period):  # a fetched value, kept as a value staff may edit
                self.sheet.write_comment(row, col, measure.sources[period],
                                         {"author": "vp-excel", "x_scale": 2})
        if self.report:
            for period in self.layout.periods:
                cells = self._indicator_cells(row, period)
                self._write_status(row, self.layout.col("indicator_status", period),
                                   measure.rule, cells,
                                   self.statuses.indicator_status(indicator, period,
                                                                  explain=False).status)
            write_trend_cell(self, row, "indicator_trend", "indicator_outcome", measure,
                                   self.statuses.indicator_trend(indicator), None)

    def _write_ks_goal(self, row: int, plan_row: PlanRow) -> None:
        goal = plan_row.ks_goal
        assert goal is not None
        measure = goal.measure
        values: list[tuple[str, str | None, Value]] = [
            ("target", None, measure.target), ("yellow_band", None, measure.yellow_band),
            ("previous_year", None, measure.previous_year)]
        values += [("outcome", p, measure.outcomes.get(p)) for p in self.layout.periods]
        for key, period, value in values:
            write_value(self.sheet, self.styles, row, self.layout.col(key, period), value,
                        measure.unit)
        write_target_words(self, row, "target", measure, measure.target_text)
        write_text(self.sheet, row, self.layout.col("rule"), measure.rule, self.styles.text(),
                   self.heights)
        if plan_row.indicator is None:
            write_comparisons(self, row, measure)
        for key, text in (("prognosis", measure.prognosis),
                          ("prognosis_comment", measure.prognosis_comment)):
            write_text(self.sheet, row, self.layout.col(key), text, self.styles.text(),
                       self.heights)
        for period in self.layout.periods:
            for key, texts in (("assessment", measure.assessments),
                               ("motivation", measure.motivations),
                               ("analysis", measure.analyses)):
                write_text(self.sheet, row, self.layout.col(key, period), texts.get(period, ""),
                           self.styles.text(), self.heights)
        if self.report:
            self._write_ks_statuses(row, goal, measure)

    # --- formulas -------------------------------------------------------------------------
    def _ks_cells(self, row: int, period: str) -> StatusCells:
        index = self.layout.periods.index(period)
        comparison = (self.layout.col("outcome", self.layout.periods[index - 1]) if index
                      else self.layout.col("previous_year"))
        return StatusCells(
            outcome=cell_ref(row, self.layout.col("outcome", period)),
            manual=cell_ref(row, self.layout.col("assessment", period)),
            target=cell_ref(row, self.layout.col("target")),
            comparison=cell_ref(row, comparison),
            band=cell_ref(row, self.layout.col("yellow_band")),
            default_band=self.default_band_ref)

    def _indicator_cells(self, row: int, period: str) -> StatusCells:
        # Indicators have no previous-year column and no row band or manual assessment.
        index = self.layout.periods.index(period)
        comparison = (cell_ref(row, self.layout.col("indicator_outcome",
                                                     self.layout.periods[index - 1]))
                      if index else None)
        return StatusCells(
            outcome=cell_ref(row, self.layout.col("indicator_outcome", period)),
            target=cell_ref(row, self.layout.col("styrgrans")),
            comparison=comparison, default_band=self.default_band_ref)

    def _write_status(self, row: int, col: int, rule: str, cells: StatusCells,
                      status: str) -> None:
        self.sheet.write_formula(row, col, status_formula(rule, cells), self.styles.status(),
                                 status)

    def _ks_formula(self, row: int, goal, period: str) -> str:
        if goal.measure.rule == schema.COMBINED:
            from .sheets import setting_ref

            cells = [cell_ref(self.indicator_rows[i.key],
                              self.layout.col("indicator_status", period))
                     for i in goal.indicators if i.key in self.indicator_rows]
            return combined_formula(cells, cell_ref(row, self.layout.col("assessment", period)),
                                    setting_ref("combined_green_share"),
                                    setting_ref("combined_yellow_share"))
        return status_formula(goal.measure.rule, self._ks_cells(row, period))

    def _write_ks_statuses(self, row: int, goal, measure: Measure) -> None:
        report_period = self.statuses.period
        for period in self.layout.periods:
            self.sheet.write_formula(row, self.layout.col("period_status", period),
                                     self._ks_formula(row, goal, period), self.styles.status(),
                                     self.statuses.ks_status(goal, period, explain=False).status)
        status = self.statuses.ks_status(goal, report_period, explain=False)
        status_col = self.layout.col("status")
        self.sheet.write_formula(row, status_col, self._ks_formula(row, goal, report_period),
                                 self.styles.status(), status.status)
        score = status.score
        self.sheet.write_formula(row, self.layout.col("score"),
                                 score_formula(cell_ref(row, status_col)),
                                 self.styles.status(), "" if score is None else score)
        self._write_trend(row, measure)
        write_trend_cell(self, row, "ks_trend", "outcome", measure,
                               self.statuses.ks_trend(goal),
                               self.layout.col("previous_year"))

    def _write_trend(self, row: int, measure: Measure) -> None:
        """Hidden helper cells right of the table copy the Utfall cells side by side: a
        sparkline wants one contiguous range. The sparklines are added in one group later."""
        numbers = [v for v in measure.outcomes.values() if is_number(v)]
        if len(numbers) < 2:
            return
        first_helper = self.layout.width
        for i, period in enumerate(self.layout.periods):
            source = cell_ref(row, self.layout.col("outcome", period))
            value = measure.outcomes.get(period)
            self.sheet.write_formula(row, first_helper + i,
                                     f"=IF(ISNUMBER({source}),{source},NA())", None,
                                     value if is_number(value) else "#N/A")
        last_helper = first_helper + len(self.layout.periods) - 1
        self.trends.append((cell_ref(row, self.layout.col("trend")),
                            f"{cell_ref(row, first_helper)}:{cell_ref(row, last_helper)}"))

    def _add_trends(self) -> None:
        if not self.trends:
            return
        first_helper = self.layout.width
        self.sheet.set_column(first_helper, first_helper + len(self.layout.periods) - 1, None,
                              None, {"hidden": True})
        locations, ranges = zip(*self.trends)
        self.sheet.add_sparkline(FIRST_ROW, self.layout.col("trend"), {
            "location": list(locations), "range": list(ranges), "markers": True,
            "series_color": HEADER_FILL, "show_hidden": True, "empty_cells": "connect"})

    # --- colours and drop-downs -----------------------------------------------------------
    def _add_conditional_formats(self) -> None:
        columns = self.layout.status_columns()
        ranges = [f"{cell_ref(FIRST_ROW, c)}:{cell_ref(self.last_data_row, c)}" for c in columns]
        for status, fill in schema.STATUS_FILL.items():
            self.sheet.conditional_format(FIRST_ROW, columns[0], self.last_data_row, columns[0], {
                "type": "cell", "criteria": "==", "value": f'"{status}"',
                "format": self.workbook.add_format({"bg_color": fill, "font_color": "#000000"}),
                "multi_range": " ".join(ranges)})
        score = self.layout.col("score")
        self.sheet.conditional_format(FIRST_ROW, score, self.last_data_row, score, {
            "type": "icon_set", "icon_style": "3_traffic_lights",
            "icons": [{"type": "number", "value": 3}, {"type": "number", "value": 2}]})
        add_trend_icons(self, FIRST_ROW, self.last_data_row)

    def _add_validations(self) -> None:
        """Drop-downs; Källa and Ansvarig enhet only suggest, other text is allowed there."""
        lists: list[tuple[str, str | None, bool]] = [
            ("direction", None, True), ("rule", None, True), ("source", None, False),
            ("responsible", None, False)]
        lists.append(("prognosis", None, True))
        lists += [("assessment", period, True) for period in self.layout.periods]
        for key, period, strict in lists:
            column = self.layout.columns[self.layout.col(key, period)][0]
            list_validation(self.sheet, FIRST_ROW, self.layout.col(key, period),
                            self.last_input_row, list(column.choices), strict, column.header)


    def _add_outcome_validations(self) -> None:
        """An outcome cell takes what `check` reads: a number ("5 %" typed in Excel is the
        number 0,05) or Ja/Nej. Other text is refused with a Swedish message instead of
        silently making the goal Ej bedömd."""
        keys: list[tuple[str, str | None]] = [("outcome", p) for p in self.layout.periods]
        keys += [("indicator_outcome", p) for p in self.layout.periods]
        keys.append(("previous_year", None))
        for key, period in keys:
            col = self.layout.col(key, period)
            top = cell_ref(FIRST_ROW, col)
            self.sheet.data_validation(FIRST_ROW, col, self.last_input_row, col, {
                "validate": "custom",
                "value": f'=OR(ISBLANK({top}),ISNUMBER({top}),{top}="Ja",{top}="Nej")',
                "ignore_blank": True,
                "input_title": "Utfall",
                "input_message": "Skriv ett tal (t.ex. 5 % eller 4 800) eller Ja/Nej.",
                "error_title": "Utfallet måste vara ett tal",
                "error_message": ("Skriv ett tal, t.ex. 5 % eller 4 800, eller Ja/Nej. Text "
                                  "kan inte bedömas och gör målet Ej bedömt."),
                "error_type": "stop"})

    def plan_columns_end(self) -> int:
        """The last of the plan's own columns (up to Aktiviteter): what the sheet prints."""
        return self.layout.col("activities")


def _bound(styrgrans_text: str) -> str:
    """"max" or "min" when the plan wrote it ("max 4000kr/inv"), to show it again."""
    try:
        return parse_number(styrgrans_text).bound if styrgrans_text else ""
    except NotANumber:
        return ""
