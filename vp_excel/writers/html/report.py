"""The web page of a period's document (verksamhetsplan, delårsrapport, årsrapport): the
same sections, words and numbers as the Word report, built from the same `Evaluation` and
the Word writer's own pieces (document kind and title, texts, summary sentences, the plan
table's lines and columns, the analysis's activity rows), rendered by `report.html.j2`.

Heading levels are the Word report's plus one: the document title is the page's only h1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from markupsafe import Markup

from ...model import GoalDirection, KfGoal, KsGoal, PlanRow
from ...reproducible import today
from ...rules import Assessment, Evaluation, summary_sentence
from ...text import clean_text
from ..docx.context import ReportContext
from ..docx.kinds import DOCUMENT_NAMES, VERKSAMHETSPLAN, document_kind, document_title, short_title
from ..docx.labels import (
    indicator_label,
    outcome_note,
    outcome_text,
    paragraphs_of,
    period_span,
    swedish_date,
)
from ..docx.labels import text_parts as _text_parts
from ..docx.sections.analysis import (
    ACTIVITY_COLUMNS,
    _activity_rows,
    _values,
    analysed_rows,
    indicator_spans,
)
from ..docx.sections.plan_table import (
    ACTIVITIES,
    DIRECTION,
    INDICATOR,
    KS_GOAL,
    STATUS,
    _activities,
    _columns,
    _Line,
    _lines,
    column_titles,
)
from ..docx.sections.readers import prognosis_summary_sentence, reader_facts, target_fact
from ..docx.sections.summary import COUNT_STATUSES, motivation, shared_motivations
from ..docx.sections.texts import grouped_texts
from .render import Lazy, logo_uri, render

if TYPE_CHECKING:
    from .. import WriteOptions

__all__ = ["write", "page_view"]


# A plan table cell's column as a short class: on a phone's card the page's style puts the
# column's title before the value (card_label_css). A data-label attribute on every cell said
# the same title again in each of a kommun's thousands of cells.
LABEL_CLASSES = {INDICATOR: "c1", STATUS: "c2", KS_GOAL: "c3", DIRECTION: "c4", ACTIVITIES: "c5"}


# The activity table's columns from Aktivitet on are in every row (card_label_css).
_TRAILING = ACTIVITY_COLUMNS.index("Aktivitet")


def css_string(text: str) -> str:
    """`text` as a CSS string literal for a <style> element: every character but letters,
    digits and spaces escaped, so no quote, backslash or "</style" of the kommun's words can
    end the string or the element."""
    return '"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} "
                         for ch in text) + '"'


def card_label_css(tables: Iterable[PlanTable], shown: set[str]) -> Markup:
    """The phone card's column titles: one rule per column of the plan tables, and for each
    set of columns the activity tables show (`shown`, see `activity_masks`), one per position
    counted from the row's end (a row's leading cells, KF Indikator and Målinriktning, span
    the rows below them, so only the trailing cells are in every row: counted from the end
    each is in its place; the leading ones, one per målinriktning, carry their column as a
    class)."""
    titles = {key: name for table in tables for key, name in table.columns}
    rules = [f"table.plan .{LABEL_CLASSES[key]}::before{{content:{css_string(name + ': ')}}}"
             for key, name in titles.items()]
    if shown:
        rules += [f"table.activities .a{column}::before{{content:"
                  f"{css_string(ACTIVITY_COLUMNS[column] + ': ')}}}"
                  for column in range(_TRAILING)]
    for mask in sorted(shown):
        trailing = [int(column) for column in mask if int(column) >= _TRAILING]
        for position, column in enumerate(reversed(trailing), start=1):
            title = css_string(ACTIVITY_COLUMNS[column] + ": ")
            rules.append(f"table.m{mask} tr>:nth-last-child({position})::before"
                         f"{{content:{title}}}")
    return Markup("".join(rules))


@dataclass
class Cell:
    column: str
    label: str  # the column's title, shown before the value on a phone's card

    @property
    def label_class(self) -> str:
        return LABEL_CLASSES[self.column]

    rowspan: int = 1
    header: bool = False  # the KS mål: the row group's header
    text: str = ""
    notes: list[str] = field(default_factory=list)  # small grey lines under the text
    items: list[str] = field(default_factory=list)  # a bullet list (activities)
    status: Assessment | None = None


@dataclass
class PlanTable:
    caption: str
    columns: list[tuple[str, str]]
    # Row groups (a KS mål and its rows) of rows of cells, made as the page is written.
    groups: Iterable[list[list[Cell]]]


@dataclass
class _TitleSource:
    """What `column_titles` reads of a ReportContext, without a Word document behind it."""

    settings: Any
    is_plan: bool


def text_parts(text: str) -> list[dict[str, Any]]:
    """Workbook text as paragraphs and bullet lists (consecutive items in one list)."""
    blocks: list[dict[str, Any]] = []
    for kind, part in _text_parts(text):
        if kind == "li":
            if not blocks or blocks[-1]["kind"] != "ul":
                blocks.append({"kind": "ul", "items": []})
            blocks[-1]["items"].append(part)
        else:
            blocks.append({"kind": "p", "text": part})
    return blocks


def write(evaluation: Evaluation, path: str | Path,
          options: WriteOptions | None = None) -> list[str]:
    """Write the web page for `evaluation.period` to `path`; returns Swedish warnings.

    `options.document` (verksamhetsplan, delarsrapport, arsrapport) overrides the document the
    period makes, as `--dokument` does for the Word report."""
    warnings: list[str] = []
    view = page_view(evaluation, options.document if options else None, warnings)
    render("report.html.j2", path, **view)
    return warnings


def page_view(evaluation: Evaluation, kind: str | None = None,
              warnings: list[str] | None = None) -> dict[str, Any]:
    plan = evaluation.plan
    period = plan.period(evaluation.period)
    kind = kind or document_kind(plan, period)
    is_plan = kind == VERKSAMHETSPLAN
    settings = plan.settings
    date = settings.report_date or today()
    shows_date = bool(settings.report_date) or not is_plan
    titles = column_titles(cast(ReportContext, _TitleSource(settings, is_plan)))
    title = document_title(plan, period, kind)
    # Said once in the summary, not under each goal: two passes over the plan, made once.
    motivations = [] if is_plan else shared_motivations(evaluation)
    return {
        "lang": "sv",
        "title": title,
        "kind_name": DOCUMENT_NAMES[kind],
        "is_plan": is_plan,
        "date": date.isoformat(),
        "header": {"kommun": clean_text(settings.kommun),
                   "verksamhet": clean_text(settings.verksamhet),
                   "short_title": short_title(plan, period, kind),
                   "date": date.isoformat() if shows_date else "",
                   "dnr": clean_text(settings.diarienummer),
                   "logo": logo_uri(plan, warnings if warnings is not None else []),
                   "logo_alt": (f"{clean_text(settings.kommun)}s logotyp"
                                if clean_text(settings.kommun) else "Logotyp")},
        "subtitles": _subtitles(settings, title),
        "facts": _facts(settings, period, is_plan, date),
        "vision": clean_text(settings.vision),
        "texts": [(heading, [text_parts(body) for body in bodies])
                  for heading, bodies in grouped_texts(plan, period.name)],
        "summary": None if is_plan else _summary(evaluation, motivations),
        "starting_point": (f"Utgångsläge sammanfattning {clean_text(period.name)}:",
                           summary_sentence(evaluation.summary())) if is_plan else None,
        # Made as the page is written, one KF ÖG mål at a time; the style in the page's head
        # is measured in a pass of its own before.
        "plan_tables": (tables := _plan_tables(evaluation, titles, is_plan)),
        "analysis": [] if is_plan else _analysis(evaluation, set(motivations)),
        "card_label_css": card_label_css(tables, set() if is_plan
                                         else activity_masks(evaluation)),
        "status_words": COUNT_STATUSES,
        "statuses_all": COUNT_STATUSES,
    }


def _subtitles(settings: Any, title: str) -> list[str]:
    lines = [clean_text(settings.title), clean_text(settings.subtitle)]
    return [line for line in lines if line and line != title]


def _facts(settings: Any, period: Any, is_plan: bool, date: dt.date) -> list[tuple[str, str]]:
    facts = [("Period", "" if is_plan else period_span(period)),
             ("Rapportdatum", swedish_date(date) if settings.report_date or not is_plan
              else ""),
             ("Diarienummer", clean_text(settings.diarienummer)),
             ("Kontaktperson", clean_text(settings.contact)),
             ("Mandatperiod", clean_text(settings.mandate_period))]
    return [(label, value) for label, value in facts if value]


def _summary(evaluation: Evaluation, motivations: list[str]) -> dict[str, Any]:
    periods = [evaluation.period]
    if evaluation.previous_period:
        periods.append(evaluation.previous_period)
    rows = []
    totals = dict.fromkeys(COUNT_STATUSES, 0)
    for kf in evaluation.plan.kf_goals:
        counts = evaluation.summary(kf_goal=kf).counts
        for status in COUNT_STATUSES:
            totals[status] += counts[status]
        rows.append((clean_text(kf.name), [counts[s] for s in COUNT_STATUSES],
                     sum(counts.values())))
    sentences = [(f"Sammanfattning {clean_text(name)}:",
                  summary_sentence(evaluation.summary(name))) for name in periods]
    prognosis = prognosis_summary_sentence(evaluation)
    if prognosis:
        sentences.append(("Prognos helår:", prognosis))
    return {"sentences": sentences,
            "motivations": motivations,
            "count_caption": (f"KS-målens status per KF ÖG mål, "
                              f"{clean_text(evaluation.period)}:"),
            "rows": rows if evaluation.plan.kf_goals else [],
            "totals": ([totals[s] for s in COUNT_STATUSES], sum(totals.values()))}


# --- the plan table ---------------------------------------------------------------------

def _merged(line: _Line, column: str) -> bool:
    """Whether the Word table merges this cell into the one above (a rowspan here)."""
    if column in (STATUS, KS_GOAL):
        return line.in_goal or not line.first
    return column == INDICATOR and not line.first


def _plan_tables(evaluation: Evaluation, titles: dict[str, str],
                 is_plan: bool) -> Lazy[PlanTable]:
    return Lazy(lambda: (table for kf in evaluation.plan.kf_goals
                         if (table := _plan_table(evaluation, kf, titles, is_plan))))


def _plan_table(evaluation: Evaluation, kf: KfGoal, titles: dict[str, str],
                is_plan: bool) -> PlanTable | None:
    lines = _lines(kf)
    columns = _columns(lines)
    if not lines or not columns:
        return None
    return PlanTable(f"KF ÖG mål: {clean_text(kf.name)}",
                     [(column, titles[column]) for column in columns],
                     Lazy(lambda: _groups(evaluation, lines, columns, titles, is_plan)))


def _groups(evaluation: Evaluation, lines: list[_Line], columns: list[str],
            titles: dict[str, str], is_plan: bool) -> Iterator[list[list[Cell]]]:
    """The table's row groups one at a time: a region's plan is never held as cells whole."""
    group: list[list[Cell]] = []
    for index, line in enumerate(lines):
        if line.first and not line.in_goal and group:
            yield group
            group = []
        row: list[Cell] = []
        for column in columns:
            if _merged(line, column):
                continue
            span = 1
            while index + span < len(lines) and _merged(lines[index + span], column):
                span += 1
            cell = _cell(evaluation, line, column, titles[column], is_plan)
            cell.rowspan = span
            row.append(cell)
        group.append(row)
    if group:
        yield group


def _cell(evaluation: Evaluation, line: _Line, column: str, label: str, is_plan: bool) -> Cell:
    plan_row: PlanRow = line.plan_row
    cell = Cell(column, label)
    period = evaluation.period
    if column == INDICATOR and plan_row.indicator is not None:
        indicator = plan_row.indicator
        cell.text = indicator_label(indicator)
        outcome = outcome_text(indicator.measure, period)
        if outcome and not is_plan:
            status = evaluation.indicator_status(indicator, explain=False)
            cell.notes.append(outcome_note(period, outcome, status))
            source = indicator.measure.sources.get(period)
            if source:
                cell.notes.append(source)
    elif column == STATUS and line.goal is not None:
        cell.status = evaluation.ks_status(line.goal, explain=False)
    elif column == KS_GOAL and line.goal is not None:
        cell.text = clean_text(line.goal.text)
        cell.header = True
    elif column == DIRECTION and line.direction is not None:
        cell.text = clean_text(line.direction.label)
    elif column == ACTIVITIES:
        cell.items = _activities(line.direction)
    return cell


# --- Analys per KS-mål ------------------------------------------------------------------

def _analysis(evaluation: Evaluation, said_once: set[str]) -> Lazy[dict[str, Any]]:
    """Each KF ÖG mål's part, made as the page is written from one pass over its rows."""

    def parts() -> Iterator[dict[str, Any]]:
        for kf in evaluation.plan.kf_goals:
            goal_rows, other_rows = analysed_rows(kf)
            if not goal_rows and not other_rows:
                continue
            other, owners = _others(other_rows)
            yield {"name": clean_text(kf.name) or "–",
                   "goals": _goals(evaluation, goal_rows, said_once),
                   "others": activity_table(other, owners)}

    return Lazy(parts)


def _others(other_rows: list[PlanRow]) -> tuple[list[GoalDirection], dict[int, str]]:
    """The målinriktningar of a KF ÖG mål's rows without a KS mål, and each one's KF indicator
    (by id, within this pass): without a KS mål, the KF indicator is what tells alike
    activities apart (as in Word)."""
    other = [d for row in other_rows for d in row.directions]
    owners = {id(d): indicator_label(row.indicator) if row.indicator else ""
              for row in other_rows for d in row.directions}
    return other, owners


def activity_masks(evaluation: Evaluation) -> set[str]:
    """The sets of columns the analysis's activity tables show (`activity_table`'s
    "shown"), from a pass over the plan that holds one KF ÖG mål at a time."""
    masks: set[str] = set()
    for kf in evaluation.plan.kf_goals:
        goal_rows, other_rows = analysed_rows(kf)
        tables = [activity_table(row.directions) for row in goal_rows]
        tables.append(activity_table(*_others(other_rows)))
        masks.update(table["shown"] for table in tables if table)
    return masks


def _goals(evaluation: Evaluation, goal_rows: list[PlanRow],
           said_once: set[str]) -> Lazy[dict[str, Any]]:
    """Each KS mål's section, made as the page is written."""
    return Lazy(lambda: (_goal(evaluation, row, said_once) for row in goal_rows))


def _goal(evaluation: Evaluation, plan_row: PlanRow, said_once: set[str]) -> dict[str, Any]:
    goal = cast(KsGoal, plan_row.ks_goal)
    measure = goal.measure
    period = evaluation.period
    assessment = evaluation.ks_status(goal)
    facts: list[tuple[str, str]] = []
    outcome = outcome_text(measure, period)
    if outcome:
        facts.append(("Utfall", outcome))
    fact = target_fact(measure)
    if fact:
        facts.append(fact)
    reason = clean_text(assessment.reason)
    staff_motivation = motivation(evaluation, goal)
    if assessment.manual and staff_motivation and staff_motivation not in said_once:
        facts.append(("Motivering", staff_motivation))
    elif not assessment.manual and reason:
        facts.append(("Bedömning", reason))
    previous = evaluation.previous_period
    if previous:
        before = evaluation.ks_status(goal, previous, explain=False)  # its label alone
        before_outcome = outcome_text(measure, previous)
        value = before.label + (f", utfall {before_outcome}" if before_outcome else "")
        facts.append((f"Föregående period ({clean_text(previous)})", value))
    facts += reader_facts(evaluation, plan_row)
    analysis = measure.analyses.get(period, "")
    return {"heading": clean_text(goal.text) or "–",
            "status_label": f"Status {clean_text(period)}:",
            "status": assessment,
            "facts": facts,
            "analysis": text_parts(analysis) if paragraphs_of(analysis) else [],
            "activities": activity_table(plan_row.directions)}


def activity_table(directions: list[GoalDirection],
                   owners: dict[int, str] | None = None) -> dict[str, Any] | None:
    """[KF Indikator |] Målinriktning | Aktivitet | Status | Kommentar as the Word report has
    it: a column empty in every row left out, the indicator spanning its directions' rows and
    the målinriktning its activities' rows."""
    owners = owners or {}
    rows = _activity_rows(directions)
    values = [_values(direction, activity, clean_text(owners.get(id(direction), "")))
              for direction, _index, activity in rows]
    owner_spans = indicator_spans(values)
    shown = [i for i in range(len(ACTIVITY_COLUMNS)) if any(v[i] for v in values)]
    if not rows or not shown:
        return None
    spans = {id(direction): sum(1 for d, _i, _a in rows if d is direction)
             for direction, _i, _a in rows}
    body = []
    for position, ((direction, index, _activity), row_values) in enumerate(zip(rows, values)):
        cells = []
        for column in shown:
            if (column == 0 and owner_spans[position] == 0) or (column == 1 and index > 0):
                continue  # under a cell above that spans this row
            span = (owner_spans[position] if column == 0
                    else spans[id(direction)] if column == 1 else 1)
            cells.append({"text": row_values[column], "rowspan": span,
                          "header": column == min(shown), "label": ACTIVITY_COLUMNS[column],
                          "cls": f"a{column}" if column < _TRAILING else ""})
        body.append(cells)
    return {"columns": [ACTIVITY_COLUMNS[i] for i in shown], "rows": body,
            "shown": "".join(str(i) for i in shown)}


