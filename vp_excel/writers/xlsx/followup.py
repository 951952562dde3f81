"""The Uppföljning sheet of a report workbook: the report period's follow-up (status, outcome,
trend, assessment, motivation, analysis, prognosis for the full year) beside the KS mål and
indicator it belongs to, for paper.

The Mål sheet prints only the plan's own columns at a readable size; its follow-up columns
would make the page too small. This sheet shows them with the goal on every row, as live
formulas over the Mål sheet, so an outcome changed there changes here too.
"""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname

from ... import schema
from ...rules import Evaluation
from .compared import TREND_KEYS, target_words, trend_cached, trend_icons
from .goals import FIRST_ROW, GoalsSheet
from .style import RowHeights, Styles, cell_ref, number_format, word_fit_width

FOLLOWUP_SHEET = "Uppföljning"
# The columns' total width (characters) that prints at 8 pt or more on an A4 landscape page
# (10 pt text fit to width, Excel's padding per column included).
_PRINT_WIDTH = 170
_MIN_WIDTH = 8
_WRAPPED = ("kf_goal", "ks_goal", "motivation", "analysis", "indicator", "prognosis_comment")


def followup_columns(evaluation: Evaluation) -> list[tuple[str, str | None, str, float]]:
    """(Mål column key, its period, header, width) in print order. The trends and the
    prognosis for the full year only when the plan has them (as Word and the web page)."""
    period = evaluation.period
    plan = evaluation.plan
    ks_trend = indicator_trend = prognosis = prognosis_comment = False
    for _kf, row in plan.iter_rows():  # one pass over the plan, a row at a time
        goal, indicator = row.ks_goal, row.indicator
        if goal is not None:
            ks_trend = ks_trend or bool(evaluation.ks_trend(goal).label)
            prognosis = prognosis or bool(goal.measure.prognosis)
            prognosis_comment = prognosis_comment or bool(goal.measure.prognosis_comment)
        if indicator is not None:
            indicator_trend = indicator_trend or bool(evaluation.indicator_trend(indicator).label)
    columns: list[tuple[str, str | None, str, float, bool]] = [
        ("kf_goal", None, "KF ÖG mål", 14, True), ("ks_goal", None, "KS mål", 24, True),
        ("status", None, f"Status {period}", 9, True),
        ("outcome", period, f"Utfall {period}", 9, True),
        ("target", None, "Målvärde", 9, True),
        ("ks_trend", None, "Utveckling", 11, ks_trend),
        ("assessment", period, f"Bedömning {period}", 10, True),
        ("motivation", period, f"Motivering {period}", 22, True),
        ("analysis", period, f"Analys {period}", 30, True),
        ("prognosis", None, "Prognos helår", 9, prognosis),
        ("prognosis_comment", None, "Kommentar prognos", 22, prognosis_comment),
        ("indicator", None, "KF indikator", 20, True),
        ("indicator_outcome", period, f"Indikatorutfall {period}", 11, True),
        ("indicator_status", period, f"Indikatorstatus {period}", 11, True),
        ("indicator_trend", None, "Utveckling indikator", 11, indicator_trend)]
    return _fit_to_paper([(key, key_period, header, width)
                          for key, key_period, header, width, shown in columns if shown])


def _fit_to_paper(columns: list[tuple[str, str | None, str, float]]
                  ) -> list[tuple[str, str | None, str, float]]:
    """The text columns (they wrap) narrowed alike when all columns would not print on an A4
    landscape page at 8 pt or more (the sheet prints fit to width); numbers, statuses and
    trends keep their width, as Excel shows #### for a number that does not fit; each column
    stays wide enough for the longest word of its header."""
    total = sum(width for *_rest, width in columns)
    if total <= _PRINT_WIDTH:
        return [(key, period, header, word_fit_width(header, width))
                for key, period, header, width in columns]
    wrapped = sum(width for key, _p, _h, width in columns if key in _WRAPPED)
    share = max(0.0, (wrapped - (total - _PRINT_WIDTH)) / wrapped)
    return [(key, period, header, word_fit_width(header, round(max(_MIN_WIDTH, width * share), 1))
             if key in _WRAPPED else word_fit_width(header, width))
            for key, period, header, width in columns]


def write_followup(workbook, styles: Styles, evaluation: Evaluation, goals: GoalsSheet):
    sheet = workbook.add_worksheet(FOLLOWUP_SHEET, in_row_order=True)
    columns = followup_columns(evaluation)
    layout = goals.layout
    source = quote_sheetname(schema.GOALS_SHEET)
    heights = RowHeights([width for _k, _p, _h, width in columns])
    for col, (_key, _period, header, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, header, styles.header())
        heights.note(0, col, header)
    heights.close_row(sheet, 0)
    row = FIRST_ROW
    status_cols = [i for i, (key, _p, _h, _w) in enumerate(columns)
                   if "status" in key or key == "prognosis"]
    trend_cols = [i for i, (key, _p, _h, _w) in enumerate(columns) if key in TREND_KEYS]
    for source_row, line in goals.iter_lines():
        plan_row = line.plan_row
        if not line.first or (plan_row.ks_goal is None and plan_row.indicator is None):
            continue
        for col, (key, key_period, _header, _width) in enumerate(columns):
            ref = f"{source}!{cell_ref(source_row, layout.col(key, key_period))}"
            value, fmt = _cached(evaluation, line, key, key_period, styles)
            if col in status_cols:
                fmt = styles.status()
            elif col in trend_cols:
                fmt = styles.trend()
            sheet.write_formula(row, col, f'=IF(ISBLANK({ref}),"",{ref})', fmt, value)
            if isinstance(value, str):
                heights.note(row, col, value)
        heights.close_row(sheet, row)
        row += 1
    last = max(row - 1, FIRST_ROW)
    for status, fill in schema.STATUS_FILL.items():
        for col in status_cols:
            sheet.conditional_format(FIRST_ROW, col, last, col, {
                "type": "cell", "criteria": "==", "value": f'"{status}"',
                "format": workbook.add_format({"bg_color": fill, "font_color": "#000000"})})
    for col in trend_cols:  # the arrows beside the words, as on the Mål sheet
        sheet.conditional_format(FIRST_ROW, col, last, col, trend_icons())
    sheet.freeze_panes(FIRST_ROW, 2)
    return sheet


def _cached(evaluation: Evaluation, line, key: str, period: str | None, styles: Styles):
    """The value the formula shows until recalculated, and the cell's format."""
    plan_row = line.plan_row
    goal, indicator = plan_row.ks_goal, plan_row.indicator
    texts = {"kf_goal": line.kf_goal.name, "ks_goal": goal.text if goal else "",
             "indicator": indicator.name if indicator else ""}
    if key in texts:
        return texts[key], styles.text()
    if key == "status":
        return (evaluation.ks_status(goal, explain=False).status if goal else ""), styles.status()
    if key == "indicator_status":
        return (evaluation.indicator_status(indicator, period, explain=False).status
                if indicator else ""), \
            styles.status()
    if key in TREND_KEYS:
        owner_trend = (evaluation.ks_trend(goal) if key == "ks_trend" and goal else
                       evaluation.indicator_trend(indicator) if key == "indicator_trend"
                       and indicator else None)
        return (trend_cached(owner_trend) if owner_trend else ""), styles.trend()
    if key in ("prognosis", "prognosis_comment"):
        return (getattr(goal.measure, key) if goal else ""), styles.text()
    if key in ("assessment", "motivation", "analysis"):
        values = {"assessment": goal.measure.assessments, "motivation": goal.measure.motivations,
                  "analysis": goal.measure.analyses}[key] if goal else {}
        return values.get(period or "", ""), styles.text()
    owner = indicator if key == "indicator_outcome" else goal
    measure = owner.measure if owner is not None else None
    if measure is None:
        return "", styles.cell()
    value = measure.target if key == "target" else measure.outcomes.get(period or "")
    if key == "target" and target_words(measure, measure.target_text):  # "Senast 2026"
        return target_words(measure, measure.target_text), styles.text()
    if isinstance(value, bool):
        return ("Ja" if value else "Nej"), styles.yes_no()
    if value is None:  # formatted for the unit, for when an outcome is typed in later
        return "", styles.number(number_format(0.0, measure.unit))
    return value, styles.number(number_format(value, measure.unit))
