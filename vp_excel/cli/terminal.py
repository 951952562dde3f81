"""What `check` and `build` print: problems, statuses per KS mål and the summary, in Swedish."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import one_line
from ..model import Plan, Problem
from ..rules import Evaluation, prognosis_sentence, summary_sentence
from ..swedish import format_value


def format_problems(problems: list[Problem]) -> list[str]:
    lines = []
    for problem in sorted(problems, key=lambda p: not p.is_error):
        kind = "fel" if problem.is_error else "varning"
        lines.append(f"{kind}: {problem}")
    return lines


def format_counts(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return (f"{errors} fel, {warnings} " + ("varning" if warnings == 1 else "varningar"))


def format_notes(plan: Plan) -> list[str]:
    """What the reader found and where (settings, values read out of texts, comparison
    columns), so staff can correct it."""
    return [one_line(note) for note in plan.notes]


def format_statuses(evaluation: Evaluation) -> Iterator[str]:
    """One line per KS mål: status, outcome against target and the goal's text; made as
    they are printed, one KF ÖG mål's goals at a time (a region has 20 000 lines)."""
    plan = evaluation.plan
    yield f"Rapportperiod: {evaluation.period}"
    for kf_goal in plan.kf_goals:
        goals = kf_goal.ks_goals
        if not goals:
            continue
        yield f"{one_line(kf_goal.name)}:"  # a line break typed in the cell
        for goal in goals:
            assessment = evaluation.ks_status(goal)
            outcome = goal.measure.outcomes.get(evaluation.period)
            detail = assessment.reason if not assessment.manual else (
                f"utfall {format_value(outcome, goal.measure.unit)}" if outcome is not None
                else "manuell bedömning")
            trend = evaluation.ks_trend(goal).label  # "↑ Förbättrad", as Word says it
            detail = f"{detail}; {trend}" if trend else detail
            text = " ".join(goal.text.split())  # a line break typed in the cell
            text = text if len(text) <= 70 else text[:69] + "…"
            yield f"  {assessment.label:<17} {text} ({detail})"


def format_summary(evaluation: Evaluation) -> list[str]:
    lines = [f"Sammanfattning {evaluation.period}: {summary_sentence(evaluation.summary())}"]
    previous = evaluation.previous_period
    if previous:
        lines.append(f"Föregående period {previous}: "
                     f"{summary_sentence(evaluation.summary(previous))}")
    if not evaluation.plan.period(evaluation.period).is_full_year:
        prognosis = prognosis_sentence(evaluation.prognosis_summary())
        if prognosis:  # the delårsrapport's judgement of the full year, as Word says it
            lines.append(f"Prognos helår: {prognosis}")
    return lines
