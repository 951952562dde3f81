"""Analys per KS-mål (the reports only): per KF ÖG mål, each KS mål's status, outcome,
target, motivation and analysis, and its målinriktningar and activities in a table whose
empty columns are left out. Nothing is said that the workbook does not say."""

from __future__ import annotations

from ....model import Activity, GoalDirection, KfGoal, KsGoal, PlanRow
from ....rules import Assessment
from ....schema import NOT_ASSESSED, STATUS_FILL
from ....text import clean_text
from ..context import ReportContext
from ..labels import indicator_label, outcome_text, paragraphs_of
from ..layout import chars_per_line, fit_shares, line_count, minimum_share
from ..oxml import TableBuilder, TextCell, xml
from ..styles import TABLE_SIZE
from .readers import reader_facts, target_fact
from .summary import motivation, said_once

ACTIVITY_COLUMNS = ("KF Indikator", "Målinriktning", "Aktivitet", "Status", "Kommentar")
ACTIVITY_SHARES = (0.22, 0.22, 0.30, 0.11, 0.23)
MERGED = TextCell(merged=True)


def analysed_rows(kf: KfGoal) -> tuple[list[PlanRow], list[PlanRow]]:
    """A KF ÖG mål's rows with a KS mål, and those without one but with målinriktningar,
    from one pass over its rows (the objects of one pass belong together, see KfGoal)."""
    rows = list(kf.rows)
    return ([row for row in rows if row.ks_goal is not None],
            [row for row in rows if row.ks_goal is None and row.directions])


def _has_analysis(kf: KfGoal) -> bool:
    return any(row.ks_goal is not None or row.directions for row in kf.rows)


def write_analysis(ctx: ReportContext) -> None:
    """The section, one KF ÖG mål's rows held at a time (a region's plan is never whole)."""
    if not any(_has_analysis(kf) for kf in ctx.plan.kf_goals):
        return
    ctx.heading("Analys per KS-mål", 1)
    shared = set(said_once(ctx))
    for kf in ctx.plan.kf_goals:
        goal_rows, other_rows = analysed_rows(kf)
        if not goal_rows and not other_rows:
            continue
        ctx.heading(kf.name, 2)
        for plan_row in goal_rows:
            _goal_analysis(ctx, plan_row, shared)
        directions = [d for row in other_rows for d in row.directions]
        if _activity_rows(directions):
            ctx.heading("Övriga målinriktningar och aktiviteter", 3)
            # Without a KS mål, the KF indicator is what tells alike activities apart.
            owners = {id(d): indicator_label(row.indicator) if row.indicator else ""
                      for row in other_rows for d in row.directions}
            activity_table(ctx, directions, owners)


def _goal_analysis(ctx: ReportContext, plan_row: PlanRow, shared: set[str]) -> None:
    goal: KsGoal = plan_row.ks_goal  # type: ignore[assignment]
    measure = goal.measure
    period = ctx.period.name
    ctx.heading(goal.text, 3)
    assessment = ctx.evaluation.ks_status(goal)
    _status_line(ctx, f"Status {clean_text(period)}", assessment)
    outcome = outcome_text(measure, period)
    if outcome:
        ctx.fact("Utfall", outcome)
    fact = target_fact(measure)
    if fact:
        ctx.fact(*fact)
    reason = clean_text(assessment.reason)
    staff_motivation = motivation(ctx.evaluation, goal)
    if assessment.manual and staff_motivation and staff_motivation not in shared:
        ctx.fact("Motivering", staff_motivation)
    elif not assessment.manual and reason:
        ctx.fact("Bedömning", reason)
    previous = ctx.evaluation.previous_period
    if previous:
        before = ctx.evaluation.ks_status(goal, previous, explain=False)  # its label alone
        before_outcome = outcome_text(measure, previous)
        value = before.label + (f", utfall {before_outcome}" if before_outcome else "")
        ctx.fact(f"Föregående period ({clean_text(previous)})", value)
    for label, value in reader_facts(ctx.evaluation, plan_row):
        ctx.fact(label, value)
    has_table = bool(_activity_rows(plan_row.directions))
    # The whole block, heading to activity table, is kept on one page when it fits.
    analysis = measure.analyses.get(period, "")
    if paragraphs_of(analysis):
        ctx.para("Analys", run={"bold": True}, space_before=80, space_after=20, keep_next=True)
        ctx.text_blocks(analysis, keep_next=has_table)
    if has_table:
        ctx.para(space_after=0, mark_size=8, keep_next=True)
        activity_table(ctx, plan_row.directions)


def _status_line(ctx: ReportContext, label: str, assessment: Assessment) -> None:
    p = ctx.body.paragraph(space_after=40, keep_next=True)
    xml.add_run(p, f"{label}: ", bold=True)
    fill = STATUS_FILL.get(assessment.status, STATUS_FILL[NOT_ASSESSED])
    xml.add_run(p, f"\u00a0{assessment.status}\u00a0", bold=True, fill=fill)
    if assessment.manual:
        xml.add_run(p, " (manuell bedömning)")
    ctx.estimate.add(1.4)


def _activity_rows(directions: list[GoalDirection]
                   ) -> list[tuple[GoalDirection, int, Activity | None]]:
    """(direction, index, activity) per row; a direction without activities is one row
    when it has a name, none when it has nothing at all."""
    rows: list[tuple[GoalDirection, int, Activity | None]] = []
    for direction in directions:
        activities = [a for a in direction.activities
                      if clean_text(a.text) or clean_text(a.comment) or clean_text(a.status)]
        if not activities and clean_text(direction.label):
            rows.append((direction, 0, None))
        rows += [(direction, index, activity) for index, activity in enumerate(activities)]
    return rows


def _values(direction: GoalDirection, activity: Activity | None, owner: str
            ) -> tuple[str, ...]:
    if activity is None:
        return (owner, clean_text(direction.label), "", "", "")
    return (owner, clean_text(direction.label), clean_text(activity.text),
            clean_text(activity.status), clean_text(activity.comment))


def indicator_spans(values: list[tuple[str, ...]]) -> list[int]:
    """How many rows each row's KF indicator cell spans: an indicator's cell spans the rows of
    all its directions that follow one another; 0 for a row under the cell above."""
    spans: list[int] = []
    for position, row_values in enumerate(values):
        owner = row_values[0]
        if owner and position > 0 and values[position - 1][0] == owner:
            spans.append(0)
            continue
        span = 1
        while owner and position + span < len(values) and values[position + span][0] == owner:
            span += 1
        spans.append(span)
    return spans


def _direction_alone(table: TableBuilder, shown: list[int], row_values: tuple[str, ...],
                     owner_span: int, style_id: str) -> None:
    """A målinriktning without activities: its cell spans the activity columns, so the row
    has no empty cells for a secretary to delete, and no words the plan does not have."""
    row = table.row()
    for column in shown[:shown.index(1)]:  # the KF indicator, before the målinriktning
        if owner_span == 0:
            row.merged()
        else:
            row.cell(merge=owner_span > 1).text(row_values[column], style_id)
    row.cell(span=len(shown) - shown.index(1)).text(row_values[1], style_id)


def activity_table(ctx: ReportContext, directions: list[GoalDirection],
                   owners: dict[int, str] | None = None) -> None:
    """[KF Indikator |] Målinriktning | Aktivitet | Status | Kommentar, the indicator and the
    målinriktning merged over their activities; a column empty in every row is left out.
    `owners` gives each direction's KF indicator (by id) where no KS mål heads the table."""
    owners = owners or {}
    rows = _activity_rows(directions)
    values = [_values(direction, activity, clean_text(owners.get(id(direction), "")))
              for direction, _index, activity in rows]
    shown = [i for i in range(len(ACTIVITY_COLUMNS)) if any(v[i] for v in values)]
    if not rows or not shown:
        return
    minimums = [minimum_share([ACTIVITY_COLUMNS[i]] + [v[i] for v in values], ctx.width)
                for i in shown]
    shares = fit_shares([ACTIVITY_SHARES[i] for i in shown], minimums)
    table = ctx.table(shares, rows=len(rows) + 1)  # kept on one page when short
    text = ctx.styles.table_text
    table.header_row([ACTIVITY_COLUMNS[i] for i in shown], style_id=text)
    ctx.estimate.add(1.5)
    per_line = [chars_per_line(ctx.width * share, TABLE_SIZE) for share in shares]
    spans = {id(direction): sum(1 for d, _i, _a in rows if d is direction)
             for direction, _i, _a in rows}
    owner_spans = indicator_spans(values)
    for position, ((direction, index, activity), row_values) in enumerate(zip(rows, values)):
        if activity is None and 1 in shown and shown[-1] != 1:
            _direction_alone(table, shown, row_values, owner_spans[position], text)
            ctx.estimate.add(line_count(row_values[1], sum(per_line[shown.index(1):])) + 0.4)
            continue
        cells = []
        for column in shown:
            if (column == 0 and owner_spans[position] == 0) or (column == 1 and index > 0):
                cells.append(MERGED)  # under the indicator's or målinriktning's cell above
            elif column == 0:
                cells.append(TextCell(row_values[0], text, merge=owner_spans[position] > 1))
            elif column == 1:
                cells.append(TextCell(row_values[1], text, merge=spans[id(direction)] > 1))
            else:
                cells.append(TextCell(row_values[column], text))
        table.text_row(cells)
        ctx.estimate.add(max(line_count(row_values[c], per_line[p])
                             for p, c in enumerate(shown)) + 0.4)
    table.finish()
    ctx.after_table()
