"""The kommun's own words beside the values that vp-excel also computes or compares: a Trend
column ("↑", "Förbättrad", "Positiv"), a column "Enhet" of units of measure, and a target that
compares with a year ("Ska minska jämfört med 2024"). Each is kept on the measure as written;
once the plan's periods are known, `check` warns with the cell where the words and the values
disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Measure, Plan, is_number
from ...rules import EPSILON, IMPROVED, UNCHANGED, WORSENED, computed_trend
from ...swedish import format_value, normalize_unit
from ...text import clean_text
from ..classify import trend_meaning
from ..grid import Sheet
from ..kinds import Cell
from ..problems import Problems
from .columns import Columns

_TREND_WORDS = {"bättre": IMPROVED, "samma": UNCHANGED, "sämre": WORSENED}


def _text(sheet: Sheet, r: int, col: int) -> str:
    """The row's own text in the cell; "" where the cell is merged down from a row above."""
    value = sheet.value(r, col)
    return clean_text(value) if sheet.origin(r, col)[0] == r and value is not None else ""


@dataclass
class _Said:
    measure: Measure
    when: str  # the period of a trend; the year a target compares with
    sheet: str
    cell: str
    text: str


@dataclass
class OwnWords:
    trends: list[_Said] = field(default_factory=list)
    compared_years: list[_Said] = field(default_factory=list)

    def read_row(self, sheet: Sheet, r: int, cols: Columns, measure: Measure) -> None:
        """A row's unit of measure, where its values carry none (a percent is left out, so
        "74" beside "%" stays the 74 written), and its own trend per period, as written."""
        unit_col = cols.single.get("unit")
        unit = normalize_unit(_text(sheet, r, unit_col)) if unit_col is not None else None
        if not measure.unit and unit and unit != "%":
            measure.unit = unit
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
            if meaning in _TREND_WORDS:
                agrees = _TREND_WORDS[meaning] == computed.word
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
