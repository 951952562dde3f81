"""What readers ask for beside a KS mål's status, shared by the Word report and the web page:
the målvärde (or the rule without one), the trend against the same period a year before (arrow
and word), the comparison values the workbook carries (named as it names them, "Riket 2024:
5,6%"), the kvinnor/män rows under the measure, and in a delårsrapport the prognosis for the
full year."""

from __future__ import annotations

from ....model import Measure, PlanRow, Value
from ....rules import Evaluation, Trend, prognosis_sentence
from ....schema import GREEN, HIGHER, LOWER, MANUAL, RED, YELLOW
from ....swedish import format_value
from ....text import clean_text

PROGNOSIS_WORDS = {GREEN: "bedöms uppnås vid årets slut",
                   YELLOW: "bedöms delvis uppnås vid årets slut",
                   RED: "bedöms inte uppnås vid årets slut"}


def target_fact(measure: Measure) -> tuple[str, str] | None:
    """"Målvärde: 6% (lägre är bättre)", a målvärde in words as written ("Senast 2026"), or
    the rule a goal without a målvärde is judged by; None for a goal judged by hand."""
    target = format_value(measure.target, measure.unit) if measure.target is not None else ""
    if target and measure.rule in (HIGHER, LOWER):
        return "Målvärde", f"{target} ({measure.rule.lower()})"
    if target:
        return "Målvärde", target
    if clean_text(measure.target_text):
        return "Målvärde", clean_text(measure.target_text)
    return ("Regel", measure.rule) if measure.rule != MANUAL else None


def trend_text(trend: Trend, unit: str) -> str:
    """"↑ Förbättrad mot Delår 2 2024 (5,6%)"; the kommun's own trend as written when there
    was nothing to compare; "" without a trend."""
    if not trend.word:
        return clean_text(trend.written)
    reference = format_value(trend.reference, unit)
    return f"{trend.label} mot {clean_text(trend.against)}" + (
        f" ({reference})" if reference else "")


def comparisons_text(measure: Measure) -> str:
    """The comparison values as the workbook names them: "Riket 2024: 5,6%; Länet: 5,9%",
    an average with what it stands for, and where fetched values came from."""
    parts = []
    for name, value in measure.comparisons.items():
        if value is None:
            continue
        note = measure.comparison_notes.get(name)
        parts.append(f"{clean_text(name)}: {format_value(value, measure.unit)}"
                     + (f" ({note})" if note else ""))
    return "; ".join(parts) + _sources(measure, [n for n, v in measure.comparisons.items()
                                                 if v is not None])


def _sources(measure: Measure, names: list[str]) -> str:
    """"; Källa: Kolada, N00090, hämtad 2026-12-05" for the values fetched; the names too
    when some were typed in the workbook."""
    fetched: dict[str, list[str]] = {}
    for name in names:
        if name in measure.comparison_sources:
            fetched.setdefault(measure.comparison_sources[name], []).append(clean_text(name))
    return "".join(f"; {source}" + ("" if len(fetched_names) == len(names)
                                     else f" ({', '.join(fetched_names)})")
                   for source, fetched_names in fetched.items())


def breakdown_text(measure: Measure, period: str) -> str:
    """The breakdown rows' values for the period: "Kvinnor: 5,8%; Män: 4,1%"."""
    parts = []
    for label, values in measure.breakdown.items():
        value: Value = values.get(period)
        if value is not None:
            name = clean_text(label)
            parts.append(f"{name[:1].upper()}{name[1:]}: {format_value(value, measure.unit)}")
    shown = [label for label, values in measure.breakdown.items()
             if values.get(period) is not None]
    return "; ".join(parts) + (_sources(measure, shown) if parts else "")


def prognosis_text(measure: Measure) -> str:
    """"GUL, bedöms delvis uppnås vid årets slut: kostnaderna ökar"; "" without one."""
    if measure.prognosis not in PROGNOSIS_WORDS:
        return ""
    comment = clean_text(measure.prognosis_comment)
    text = f"{measure.prognosis}, {PROGNOSIS_WORDS[measure.prognosis]}"
    return f"{text}: {comment}" if comment else text


def _measure_facts(measure: Measure, period: str, trend: Trend, suffix: str
                   ) -> list[tuple[str, str]]:
    facts = [(f"Utveckling{suffix}", trend_text(trend, measure.unit)),
             (f"Jämförelse{suffix}", comparisons_text(measure)),
             (f"Kvinnor och män{suffix}", breakdown_text(measure, period))]
    return [(label, value) for label, value in facts if value]


def reader_facts(evaluation: Evaluation, plan_row: PlanRow) -> list[tuple[str, str]]:
    """The facts under a KS mål's status in the analysis, in order: the goal's trend,
    comparisons and kvinnor/män, then its indicator's (labelled "indikator"), then in a
    report on part of the year the prognosis for the full year."""
    period = evaluation.period
    facts: list[tuple[str, str]] = []
    goal = plan_row.ks_goal
    if goal is not None:
        facts += _measure_facts(goal.measure, period, evaluation.ks_trend(goal), "")
    indicator = plan_row.indicator
    if indicator is not None and goal is not None and indicator.measure is not goal.measure:
        facts += _measure_facts(indicator.measure, period,
                                evaluation.indicator_trend(indicator), " (indikatorn)")
    if goal is not None and not evaluation.plan.period(period).is_full_year:
        prognosis = prognosis_text(goal.measure)
        if prognosis:
            facts.append(("Prognos helår", prognosis))
    return facts


def prognosis_summary_sentence(evaluation: Evaluation) -> str:
    """"Av 8 KS-mål bedöms 6 uppnås vid årets slut, …" for a report on part of the year;
    "" for a full year or when no KS mål has a prognosis."""
    if evaluation.plan.period(evaluation.period).is_full_year:
        return ""
    return prognosis_sentence(evaluation.prognosis_summary())
