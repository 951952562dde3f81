"""The kommun's own words beside the values that vp-excel also computes or compares: a Trend
column ("↑", "Förbättrad", "Positiv"), a column "Enhet" of units of measure, and a target that
compares with a year ("Ska minska jämfört med 2024"); the trend read back from a report
workbook's Utveckling. Each is kept on the measure as written; once the plan's periods are
known, `check` warns with the cell where the words and the values disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import Measure, Plan, Value, is_number
from ...rules import EPSILON, TREND_MEANINGS, computed_trend
from ...swedish import format_value
from ...text import clean_text
from ..cells import ERROR_VALUES
from ..classify import measure_unit, trend_meaning
from ..grid import Sheet
from ..kinds import Cell
from ..problems import Problems
from .columns import Columns


def _text(sheet: Sheet, r: int, col: int) -> str:
    """The row's own text in the cell; "" where the cell is merged down from a row above."""
    value = sheet.value(r, col)
    return clean_text(value) if sheet.origin(r, col)[0] == r and value is not None else ""


def report_trend(sheet: Sheet, r: int, col: int | None) -> str:
    """The kommun's own trend ("↑", "Positiv") as a report workbook wrote it: the trend
    formula shows it, as text, where nothing can be computed (rules.trend_formula). A number
    there is vp-excel's own trend, computed again on reading; "" for it and for an error."""
    value = sheet.value(r, col) if col is not None else None
    text = clean_text(value) if isinstance(value, str) else ""
    return "" if text.upper() in ERROR_VALUES else text


@dataclass
class _Said:
    measure: Measure
    when: str  # the period of a trend; the year a target compares with
    sheet: str
    cell: str
    text: str


def _in_percent(measure: Measure) -> bool:
    """Whole percents written without a sign (74 beside "%") as shares, the way the format
    holds a percent (0,74); a number already a share (0,74) is kept, as the outcome reader
    does for a measure in %. True when a value was changed."""
    values = [measure.target, measure.previous_year, *measure.outcomes.values()]
    if not any(is_number(v) and abs(v) > 1 for v in values):
        return False

    def share(value: Value) -> Value:
        return value / 100 if is_number(value) and abs(value) > 1 else value
    measure.target = share(measure.target)
    measure.previous_year = share(measure.previous_year)
    measure.outcomes = {period: share(value) for period, value in measure.outcomes.items()}
    return True


# A unit at the end of a measure's name: "(%)", "(dagar)", ", %", " %", ", kr".
_NAMED_UNIT = re.compile(r"(?:\(\s*([^()\d]{1,12}?)\s*\)|,\s*([^,\d]{1,12}?)|\s(%))\s*$")


@dataclass
class OwnWords:
    problems: Problems
    trends: list[_Said] = field(default_factory=list)
    compared_years: list[_Said] = field(default_factory=list)

    def read_row(self, sheet: Sheet, r: int, cols: Columns, measure: Measure,
                 name: str = "", name_col: int | None = None) -> None:
        """A row's unit of measure, where its values carry none (a column Enhet, or the end of
        the measure's name: "Sjukfrånvaro (%)", "Andel heltid, %", "Väntetid (dagar)"), and
        its own trend per period, as written."""
        unit_col = cols.single.get("unit")
        unit = measure_unit(_text(sheet, r, unit_col)) if unit_col is not None else ""
        said_col = unit_col
        if not unit and unit_col is None and name and (ending := _NAMED_UNIT.search(name)):
            unit = measure_unit(next(g for g in ending.groups() if g))
            said_col = name_col
        if not unit and unit_col is None and cols.header_unit is not None:
            unit, said_col = cols.header_unit  # "Utfall 2025 (%)"
        if unit and not measure.unit:
            measure.unit = unit
            if unit == "%" and _in_percent(measure):
                where = f"{sheet.title}!{sheet.cell(r, said_col or 0).coordinate}"
                self.problems.note_once(f"percent {sheet.title} {said_col}",
                                        f"{where}: utfall och målvärden utan %-tecken läses i "
                                        "procent (74 som 74%) där kolumnen eller namnet säger %")
        for period, col in cols.trends.items():
            text = _text(sheet, r, col)
            if text:
                measure.trends[period] = text
                self.trends.append(_Said(measure, period, sheet.title,
                                         sheet.cell(r, col).coordinate, text))

    def compared(self, sheet: Sheet, r: int, col: int | None, target: Cell,
                 measure: Measure) -> None:
        if target.compared_year is not None and col is not None:
            self.compared_years.append(_Said(measure, str(target.compared_year), sheet.title,
                                             sheet.cell(r, col).coordinate, target.text))

    def check(self, plan: Plan, problems: Problems) -> None:
        """Warnings where the kommun's words and the values disagree: its trend against the
        trend computed from last year's value (a word says better or worse, an arrow which way
        the value moved), a target "jämfört med 2024" against the period Ökar and Minskar
        compare the report period with (rules.comparison_value)."""
        for said in self.trends:
            measure, period = said.measure, said.when
            computed = computed_trend(measure, period, plan.periods)
            meaning = trend_meaning(said.text)
            outcome = measure.outcomes.get(period)
            if not computed.word or not meaning:
                continue
            if meaning in TREND_MEANINGS:
                agrees = TREND_MEANINGS[meaning] == computed.word
            elif is_number(outcome) and is_number(computed.reference):
                change = outcome - computed.reference
                moved = "upp" if change > EPSILON else "ned" if change < -EPSILON else "samma"
                agrees = moved == meaning
            else:
                continue
            if not agrees:
                problems.warn(f'trenden "{said.text}" stämmer inte med utfallen: {period} '
                              f"{format_value(outcome, measure.unit)} mot {computed.against} "
                              f"{format_value(computed.reference, measure.unit)} är "
                              f"{computed.word.lower()}; rapporterna visar den beräknade.",
                              said.sheet, said.cell)
        names = [p.name for p in plan.periods]
        report = plan.settings.report_period
        if not self.compared_years or report not in names:
            return
        index = names.index(report)
        before = plan.periods[index - 1] if index else None
        year = before.year if before is not None else plan.periods[0].year - 1
        against = before.name if before is not None else "föregående år"
        for said in self.compared_years:
            if said.when != str(year) or (before is not None and not before.is_full_year):
                problems.warn(f'målvärdet "{said.text}" jämför med {said.when}, men '
                              f"{said.measure.rule} jämför {report} med {against}. Skriv "
                              f"målvärdet som ett tal för att jämföra med {said.when}.",
                              said.sheet, said.cell)
