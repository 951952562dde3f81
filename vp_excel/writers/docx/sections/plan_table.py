"""The plan table, one table per KF ÖG mål: its name in a header row repeated on every page,
then KF Indikator (styrgräns) | Status | KS mål | målinriktningar | Aktiviteter. The tables
share their columns, so they line up one under the other: a column empty in every row of all
of them is left out; column widths keep every word whole."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from ....model import GoalDirection, KfGoal, KsGoal, PlanRow
from ....rules import Assessment
from ....schema import NOT_ASSESSED, STATUS_FILL
from ....text import clean_text
from ..context import ReportContext
from ..labels import indicator_label, outcome_note, outcome_text
from ..layout import chars_per_line, fit_shares, line_count, longest_word, minimum_width
from ..oxml import Cell, Row, xml
from ..styles import GREY_TEXT, HEADER_FILL, KF_FILL, SMALL_SIZE, TABLE_SIZE

INDICATOR, STATUS, KS_GOAL, DIRECTION, ACTIVITIES = (
    "indicator", "status", "ks_goal", "direction", "activities")
BASE_SHARES = {INDICATOR: 0.21, STATUS: 0.09, KS_GOAL: 0.21, DIRECTION: 0.22, ACTIVITIES: 0.27}
BULLET_INDENT = 227  # the table bullet list's indent, twips


@dataclass(frozen=True)
class _Line:
    """One table row: a målinriktning (or none) of a plan row; `first` starts the plan row."""

    plan_row: PlanRow
    direction: GoalDirection | None
    first: bool
    span: int  # rows of this plan row
    # A KS mål judged by several indicators stands beside all their rows: `goal_span` rows
    # from its first line, and `in_goal` on the lines of the indicators below it.
    goal_span: int = 1
    in_goal: bool = False
    # The kommun's table has one Aktiviteter cell per row, beside all its målinriktningar: a
    # målinriktning without activities of its own stands beside those of the one above it
    # in the same plan row (`activity_span` lines from there), not beside an empty cell.
    activity_span: int = 1
    in_activities: bool = False
    # A KS mål on a row of its own with nothing beside it, its indicators on the rows below
    # (Helsingborg, Vårgårda): its cells start on its first indicator's line, not above an
    # empty indicator cell.
    goal_row: PlanRow | None = None

    @property
    def goal(self) -> KsGoal | None:
        """The KS mål whose cells start on this line's row."""
        return (self.goal_row or self.plan_row).ks_goal


def column_titles(ctx: ReportContext) -> dict[str, str]:
    short = clean_text(ctx.settings.short_name)
    genitive = f"{short}s" if short and short[-1].lower() not in "sxz" else short
    return {INDICATOR: "KF Indikator (styrgräns)",
            STATUS: "Senaste status" if ctx.is_plan else "Status",
            KS_GOAL: "KS mål",
            DIRECTION: f"{genitive} målinriktningar" if short else "Målinriktningar",
            ACTIVITIES: "Aktiviteter"}


def has_plan_tables(ctx: ReportContext) -> bool:
    """Whether any KF ÖG mål has something to show in a table."""
    return next(_tables(ctx), None) is not None


def _tables(ctx: ReportContext) -> Iterator[tuple[KfGoal, list[_Line], list[str]]]:
    """Each KF ÖG mål with something to show, its lines and columns, one at a time."""
    for kf in ctx.plan.kf_goals:
        lines = _lines(kf)
        columns = _columns(lines) if lines else []
        if columns:
            yield kf, lines, columns


def shared_columns(ctx: ReportContext) -> tuple[list[str], dict[str, int]]:
    """The columns of all tables together (each shown where any table has it, in the
    columns' order) and each column's longest word, from a pass over the plan that holds one
    KF ÖG mål at a time."""
    present: set[str] = set()
    longest: dict[str, int] = {}
    for _kf, lines, columns in _tables(ctx):
        present.update(columns)
        # A målinriktning whose name is only invisible characters still counts its word.
        for column in {*columns, DIRECTION}:
            longest[column] = max(longest.get(column, 0),
                                  longest_word(_texts(ctx, lines, column)))
    return [column for column in BASE_SHARES if column in present], longest


def write_plan_tables(ctx: ReportContext) -> None:
    """The tables stand one under the other, so they share their columns and widths: a
    column is left out only when it is empty in all of them, and each is wide enough for
    the longest word any table puts in it. Measured in a first pass, written in a second."""
    columns, longest = shared_columns(ctx)
    if not columns:
        return
    minimums = [minimum_width(longest[column], ctx.width,
                              BULLET_INDENT if column == ACTIVITIES else 0)
                for column in columns]
    shares = fit_shares(_base_shares(columns), minimums)
    for kf, lines, _columns_of_kf in _tables(ctx):
        _plan_table(ctx, kf, lines, columns, shares)


def _base_shares(columns: list[str]) -> list[float]:
    """The columns' shares before their words are measured. The status word needs the same
    room however many columns a table has; the room of a column left out goes to the text
    columns (a table of indicator, status and KS mål gave the status a fifth of the page)."""
    shares = [BASE_SHARES[column] for column in columns]
    if STATUS not in columns or len(columns) == 1:
        return shares
    status = columns.index(STATUS)
    others = sum(shares) - shares[status]
    return [share if i == status else share * (1 - shares[status]) / others
            for i, share in enumerate(shares)]


def _lines(kf: KfGoal) -> list[_Line]:
    lines: list[_Line] = []
    goal_start: int | None = None  # the line where the current KS mål's cells start
    rows = list(kf.rows)  # one pass: a goal's indicators are the objects of its own pass
    for position, plan_row in enumerate(rows):
        goal = lines[goal_start].goal if goal_start is not None else None
        in_goal = _judged_by(plan_row, goal)
        folded = goal_start is not None and lines[goal_start].plan_row is plan_row
        if folded:
            continue  # its cells stand on its first indicator's line, made below
        goal_row = None
        if plan_row.ks_goal is not None and _alone(plan_row) and position + 1 < len(rows) \
                and _judged_by(rows[position + 1], plan_row.ks_goal):
            goal_row, in_goal = plan_row, False
            plan_row = rows[position + 1]
        if not in_goal:
            goal_start = len(lines) if (goal_row or plan_row).ks_goal is not None else None
        directions: list[GoalDirection | None] = list(plan_row.directions) or [None]
        spans = _activity_spans(directions)
        for index, direction in enumerate(directions):
            lines.append(_Line(plan_row, direction, index == 0, len(directions),
                               in_goal=in_goal, activity_span=max(spans[index], 1),
                               in_activities=spans[index] == 0,
                               goal_row=goal_row if index == 0 else None))
        if goal_start is not None:
            start = lines[goal_start]
            lines[goal_start] = replace(start, goal_span=len(lines) - goal_start)
    return lines


def _judged_by(plan_row: PlanRow, goal: KsGoal | None) -> bool:
    """Whether `plan_row` is one of `goal`'s indicators on a row of its own below it."""
    return (plan_row.ks_goal is None and goal is not None and plan_row.indicator is not None
            and any(i is plan_row.indicator for i in goal.indicators))


def _alone(plan_row: PlanRow) -> bool:
    """A KS mål's row with no indicator, målinriktning or activity beside it."""
    return plan_row.indicator is None and not any(
        clean_text(d.label) or _activities(d) for d in plan_row.directions)


def _activity_spans(directions: list[GoalDirection | None]) -> list[int]:
    """Per direction: how many lines its activity cell spans, 0 for one under the cell of
    the direction above it (no activities of its own, after one that has some)."""
    spans: list[int] = []
    owner: int | None = None
    for index, direction in enumerate(directions):
        if owner is not None and not _activities(direction):
            spans[owner] += 1
            spans.append(0)
            continue
        spans.append(1)
        owner = index if _activities(direction) else None
    return spans


def _activities(direction: GoalDirection | None) -> list[str]:
    if direction is None:
        return []
    return [clean_text(a.text) for a in direction.activities if clean_text(a.text)]


def _columns(lines: list[_Line]) -> list[str]:
    """The columns with something in them in this table."""
    present = {INDICATOR: any(line.plan_row.indicator for line in lines),
               STATUS: any(line.goal for line in lines),
               KS_GOAL: any(line.goal for line in lines),
               DIRECTION: any(line.direction and clean_text(line.direction.label)
                              for line in lines),
               ACTIVITIES: any(_activities(line.direction) for line in lines)}
    return [column for column, shown in present.items() if shown]


def _texts(ctx: ReportContext, lines: list[_Line], column: str) -> list[str]:
    texts = [column_titles(ctx)[column]]
    for line in lines:
        row = line.plan_row
        if column == INDICATOR and row.indicator:
            texts.append(indicator_label(row.indicator))
        elif column == KS_GOAL and line.goal:
            texts.append(line.goal.text)
        elif column == STATUS and line.goal:
            texts.append(ctx.evaluation.ks_status(line.goal, explain=False).status)
        elif column == DIRECTION and line.direction:
            texts.append(line.direction.label)
        elif column == ACTIVITIES:
            texts.extend(_activities(line.direction))
    return texts


def _plan_table(ctx: ReportContext, kf: KfGoal, lines: list[_Line], columns: list[str],
                shares: list[float]) -> None:
    table = ctx.table(shares)
    text = ctx.styles.table_text
    # Both header rows repeat on every page, so each page says which KF ÖG mål it shows.
    goal_row = table.row(header=True)
    cell = goal_row.cell(fill=KF_FILL, span=len(columns))
    p = cell.paragraph(text)
    xml.add_run(p, "KF ÖG mål: ", bold=True)
    xml.add_run(p, clean_text(kf.name), bold=True)
    titles = column_titles(ctx)
    header = table.row(header=True)
    for column in columns:
        header.cell(fill=HEADER_FILL, valign="bottom").text(titles[column], text, bold=True)
    ctx.estimate.add(3.0)
    widths = [ctx.width * share for share in shares]
    for line in lines:
        row = table.row()
        for column in columns:
            _cell(ctx, row, line, column)
        ctx.estimate.add(_line_count(ctx, line, columns, widths))
    table.finish()
    ctx.after_table()


def _cell(ctx: ReportContext, row: Row, line: _Line, column: str) -> None:
    text = ctx.styles.table_text
    plan_row, merge = line.plan_row, line.span > 1
    if column in (STATUS, KS_GOAL) and (line.in_goal or not line.first):
        row.merged()  # under the plan row's first cell, or its KS mål's beside its indicators
        return
    goal = line.goal
    if column in (STATUS, KS_GOAL) and goal is not None:
        merge = line.goal_span > 1
    if column == INDICATOR and not line.first:
        row.merged()
        return
    if column == INDICATOR:
        cell = row.cell(merge=merge)
        if plan_row.indicator is None:
            cell.paragraph(text)
            return
        cell.text(indicator_label(plan_row.indicator), text)
        outcome = outcome_text(plan_row.indicator.measure, ctx.period.name)
        if outcome and not ctx.is_plan:
            status = ctx.evaluation.indicator_status(plan_row.indicator, explain=False)
            cell.text(outcome_note(ctx.period.name, outcome, status), text, size=SMALL_SIZE,
                      color=GREY_TEXT)
            source = plan_row.indicator.measure.sources.get(ctx.period.name)
            if source:  # a value fetched, not typed: say where from
                cell.text(source, text, size=SMALL_SIZE, color=GREY_TEXT)
    elif column == STATUS:
        if goal is None:
            row.cell(merge=merge).paragraph(text)
        else:
            status_cell(ctx, row, ctx.evaluation.ks_status(goal, explain=False), merge)
    elif column == KS_GOAL:
        row.cell(merge=merge).text(clean_text(goal.text) if goal else "", text)
    elif column == DIRECTION:
        label = clean_text(line.direction.label) if line.direction else ""
        row.cell().text(label, text)
    elif line.in_activities:
        row.merged()
    else:
        cell_bullets(ctx, row.cell(merge=line.activity_span > 1), _activities(line.direction))


def status_cell(ctx: ReportContext, row: Row, assessment: Assessment, merge: bool) -> Cell:
    """The status word on its colour; "(manuell)" below it in a report's manual assessment.
    The word is always there: status never by colour alone."""
    cell = row.cell(fill=STATUS_FILL.get(assessment.status, STATUS_FILL[NOT_ASSESSED]),
                    merge=merge, valign="center")
    cell.text(assessment.status, ctx.styles.table_text, align="center", bold=True)
    if assessment.manual and not ctx.is_plan:
        cell.text("(manuell)", ctx.styles.table_text, align="center", size=SMALL_SIZE)
    return cell


def cell_bullets(ctx: ReportContext, cell: Cell, items: list[str]) -> None:
    for item in items:
        xml.add_run(cell.paragraph(ctx.styles.table_bullet), item)
    if not items:
        cell.paragraph(ctx.styles.table_text)


def _line_count(ctx: ReportContext, line: _Line, columns: list[str],
                widths: list[float]) -> float:
    per_line = {column: chars_per_line(width - 170, TABLE_SIZE)
                for column, width in zip(columns, widths)}
    counts = [0]
    row = line.plan_row
    if line.first and row.indicator and INDICATOR in per_line:
        counts.append(line_count(indicator_label(row.indicator), per_line[INDICATOR]))
    if line.first and line.goal and KS_GOAL in per_line:
        counts.append(line_count(line.goal.text, per_line[KS_GOAL]))
    if line.direction is not None and DIRECTION in per_line:
        counts.append(line_count(line.direction.label, per_line[DIRECTION]))
    if ACTIVITIES in per_line:
        counts.append(sum(line_count(a, per_line[ACTIVITIES] - 2)
                          for a in _activities(line.direction)))
    return max(counts) + 0.4
