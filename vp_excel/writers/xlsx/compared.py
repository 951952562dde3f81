"""What the Mål sheet of a report shows beside the statuses for readers: the comparison
columns the plan carries (named as the workbook names them, a fetched value's source in a
comment), the kvinnor/män rows under their measure, and the trend of KS mål and indicator as a
live formula (rules.trend_formula) with an arrow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Measure, Plan, PlanRow
from ...reader.inline import target_in_words
from ...rules import Trend, same_period_before, trend_formula
from ...text import clean_text, utf16_cut, utf16_len
from .style import cell_ref, write_text, write_value

if TYPE_CHECKING:
    from .goals import GoalsSheet, _Line

TREND_KEYS = ("ks_trend", "indicator_trend")
TREND_WORDS_MAX = 1000  # UTF-16 units (as Excel counts) of the kommun's own trend in a formula


def comparison_key(name: str) -> str:
    return f"comparison:{name}"


def comparison_names(plan: Plan) -> list[str]:
    """Every comparison the plan's measures carry, in plan order, each once."""
    names: dict[str, None] = {}
    for _kf, row in plan.iter_rows():
        for owner in (row.indicator, row.ks_goal):
                if owner is not None:
                    names.update(dict.fromkeys(owner.measure.comparisons))
    return list(names)


def breakdown_labels(plan_row: PlanRow) -> list[str]:
    """The breakdown rows (kvinnor, män) under a plan row's indicator and KS mål, once."""
    labels: dict[str, None] = {}
    for owner in (plan_row.indicator, plan_row.ks_goal):
        if owner is not None:
            labels.update(dict.fromkeys(owner.measure.breakdown))
    return list(labels)


def write_breakdown(goals: GoalsSheet, row: int, line: _Line) -> None:
    """A kvinnor/män row: its label where the measure's name stands, its values in the
    measure's outcome columns; no rule, no status (the reader keeps it, never judges)."""
    layout, sheet = goals.layout, goals.sheet
    write_text(sheet, row, layout.col("kf_goal"), line.kf_goal.name,
               goals.styles.text(repeated=True), goals.heights)
    for name_key, outcome_key, owner in (
            ("indicator", "indicator_outcome", line.plan_row.indicator),
            ("ks_goal", "outcome", line.plan_row.ks_goal)):
        if owner is None or line.breakdown not in owner.measure.breakdown:
            continue
        measure = owner.measure
        write_text(sheet, row, layout.col(name_key), line.breakdown, goals.styles.text(),
                   goals.heights)
        for period, value in measure.breakdown[line.breakdown].items():
            if period in layout.periods:
                write_value(sheet, goals.styles, row, layout.col(outcome_key, period), value,
                            measure.unit)


def write_comparisons(goals: GoalsSheet, row: int, measure: Measure) -> None:
    for name, value in measure.comparisons.items():
        col = goals.layout.col(comparison_key(name))
        write_value(goals.sheet, goals.styles, row, col, value, measure.unit)
        said = "; ".join(t for t in (measure.comparison_notes.get(name),
                                     measure.comparison_sources.get(name)) if t)
        if said:  # a fetched value, kept as a value staff may edit
            goals.sheet.write_comment(row, col, said, {"author": "vp-excel", "x_scale": 2})


def target_words(measure: Measure, text: str) -> str:
    """A målvärde or styrgräns in the kommun's words to show in its own cell, where a number
    would stand: a year ("Senast 2026") or a rule ("Ska minska jämfört med 2024"). Every
    status and trend formula reads a text there as no target (ISNUMBER; Ja/Nej only an exact
    "nej"), as rules.assess reads the measure's target of None; the rule is in Regel or
    Riktning. Only words the reader reads back as such (inline.target_in_words): other words
    there would be an error on reading the workbook again. "" when the measure has a target
    or no such words."""
    shown = clean_text(text)
    if measure.target is None and shown and target_in_words(shown) is not None:
        return shown
    return ""


def write_target_words(goals: GoalsSheet, row: int, key: str, measure: Measure,
                       text: str) -> None:
    shown = target_words(measure, text)
    if shown:
        write_text(goals.sheet, row, goals.layout.col(key), shown, goals.styles.text(),
                   goals.heights)


def write_trend_cell(goals: GoalsSheet, row: int, key: str, outcome_key: str,
                     measure: Measure, trend: Trend,
                     previous_year_col: int | None) -> None:
    """Förbättrad/Oförändrad/Försämrad as a live formula (rules.trend_formula) over the
    report period's outcome and the same period a year before; for a full year without one,
    Utfall föregående år (as rules.trend_reference chooses). With nothing to compare, the
    kommun's own trend as written, as rules.assess_trend gives it."""
    layout, plan = goals.layout, goals.plan
    period = goals.statuses.period
    before = same_period_before(plan.periods, period)
    reference: str | None = None
    if before is not None:
        reference = cell_ref(row, layout.col(outcome_key, before))
    elif plan.period(period).is_full_year and previous_year_col is not None \
            and measure.previous_year is not None:
        reference = cell_ref(row, previous_year_col)
    target = cell_ref(row, layout.col("target" if key == "ks_trend" else "styrgrans"))
    formula = trend_formula(measure.rule, cell_ref(row, layout.col(outcome_key, period)),
                            reference, target, _formula_words(measure.trends.get(period, "")))
    goals.sheet.write_formula(row, layout.col(key), formula, goals.styles.trend(),
                              trend_cached(trend))


def trend_cached(trend: Trend) -> int | str:
    """What a trend formula shows until recalculated: 1/0/-1, or the kommun's own words as
    the formula writes them."""
    return trend.number if trend.number is not None else _formula_words(trend.written)


def _formula_words(text: str) -> str:
    """The kommun's trend as the formula writes it: past TREND_WORDS_MAX UTF-16 units cut
    with "…", as Excel refuses a formula longer than 8 192 of them (a Trend cell may hold a
    whole comment; Word shows it all)."""
    shown = clean_text(text)
    if utf16_len(shown) <= TREND_WORDS_MAX:
        return shown
    return utf16_cut(shown, TREND_WORDS_MAX - 1) + "…"


def trend_icons() -> dict:
    """Up, sideways and down arrows for 1, 0 and -1 (a text is left as it is); a new dict
    each time, as xlsxwriter works on the options it is given."""
    return {"type": "icon_set", "icon_style": "3_arrows",
            "icons": [{"type": "number", "criteria": ">=", "value": 1},
                      {"type": "number", "criteria": ">=", "value": 0}]}


def add_trend_icons(goals: GoalsSheet, first_row: int, last_row: int) -> None:
    """The arrows in the two Utveckling columns."""
    for key in TREND_KEYS:
        col = goals.layout.col(key)
        goals.sheet.conditional_format(first_row, col, last_row, col, trend_icons())
