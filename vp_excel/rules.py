"""The status rules: one engine for the terminal, the workbook's formulas and the Word report.

Pure functions, no file I/O. Each rule is written twice, side by side: `assess` computes the
status in Python, `status_formula` writes the same rule as an Excel formula over cell
references. The LibreOffice parity test proves the two agree.

Decisions where a spreadsheet and Python differ by nature:
- only a number is a number: a blank cell, text or an error value is "no outcome" (Excel
  would read a blank as 0 and rank text above every number; ISNUMBER guards that);
- comparisons allow EPSILON of slack, so 0.1 + 0.2 meets a target of 0.3 on both sides;
- Ja/Nej outcomes are the words Ja and Nej (any case), nothing else;
- a manual assessment always wins and is marked as manual.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from .model import KfGoal, KfIndicator, KsGoal, Measure, Period, Plan, Value, is_number
from .schema import (
    COMBINED,
    DECREASES,
    GREEN,
    HIGHER,
    INCREASES,
    LOWER,
    MANUAL,
    NOT_ASSESSED,
    RED,
    STATUS_SCORE,
    STATUSES,
    YELLOW,
    YES_NO,
)
from .swedish import format_percent, format_value
from .text import utf16_pieces

EPSILON = 1e-9
_EPS = "1E-9"  # EPSILON as the formulas write it
EXCEL_LITERAL_MAX = 255  # UTF-16 units in one string literal of a formula


@dataclass(frozen=True, slots=True)  # one per goal and period
class Assessment:
    status: str  # GRÖN, GUL, RÖD or Ej bedömd
    manual: bool = False
    reason: str = ""  # why, in Swedish, for the terminal and the report

    @property
    def score(self) -> int | None:
        return STATUS_SCORE.get(self.status)

    @property
    def label(self) -> str:
        return f"{self.status} (manuell)" if self.manual else self.status


@dataclass(frozen=True)
class _NumericRule:
    against_previous: bool  # Ökar/Minskar: judged against the previous value, not a target
    higher_is_better: bool


_NUMERIC_RULES = {
    HIGHER: _NumericRule(against_previous=False, higher_is_better=True),
    LOWER: _NumericRule(against_previous=False, higher_is_better=False),
    INCREASES: _NumericRule(against_previous=True, higher_is_better=True),
    DECREASES: _NumericRule(against_previous=True, higher_is_better=False),
}


def rule_for_target(target: Value) -> str:
    """The rule a goal without one is judged by, from its target alone: a Ja/Nej target by
    Ja/Nej, a number by "higher is better", no target by hand. The one place a rule is
    inferred, for both layouts."""
    if isinstance(target, bool):
        return YES_NO
    return HIGHER if target is not None else MANUAL


def comparison_value(measure: Measure, period: str, period_names: list[str]) -> Value:
    """What Ökar/Minskar compares with: the previous period's outcome, or last year's."""
    index = period_names.index(period)
    if index == 0:
        return measure.previous_year
    return measure.outcomes.get(period_names[index - 1])


def _band(measure: Measure, reference: float, default_share: float) -> float:
    if measure.yellow_band is not None:
        return abs(measure.yellow_band)
    return default_share * abs(reference)


def _grade(distance: float, band: float, strict: bool) -> str:
    """GRÖN when the distance to the goal is met, GUL within the band, else RÖD.

    `distance` is positive when the outcome is on the good side. Strict rules (Ökar, Minskar)
    need a real change; standing still is at best GUL.
    """
    met = distance > EPSILON if strict else distance >= -EPSILON
    if met:
        return GREEN
    if distance >= -band - EPSILON:
        return YELLOW
    return RED


def assess(measure: Measure, period: str, period_names: list[str],
           default_share: float = 0.0, *, explain: bool = True) -> Assessment:
    """The status of a goal or indicator for one period. Without `explain` the reason of a
    judged outcome is left empty (a count needs the status alone; the words cost the most)."""
    manual = measure.assessments.get(period)
    if manual in STATUSES:
        return Assessment(manual, True, measure.motivations.get(period, "manuell bedömning"))
    outcome = measure.outcomes.get(period)
    rule = measure.rule
    if rule == MANUAL:
        withdrawn = measure.withdrawn.get(period)
        return Assessment(NOT_ASSESSED, reason=f"målet utgår: {withdrawn}" if withdrawn
                          else "manuell bedömning saknas")
    if rule == YES_NO:
        if not isinstance(outcome, bool):
            return Assessment(NOT_ASSESSED, reason="utfall saknas")
        wanted = measure.target if isinstance(measure.target, bool) else True
        status = GREEN if outcome == wanted else RED
        if not explain:
            return Assessment(status)
        return Assessment(status, reason=f"utfall {format_value(outcome)}, "
                                         f"mål {format_value(wanted)}")
    if not is_number(outcome):
        return Assessment(NOT_ASSESSED, reason="utfall saknas")
    numeric = _NUMERIC_RULES.get(rule)
    if numeric is None:
        return Assessment(NOT_ASSESSED, reason=f"okänd regel {rule!r}")
    if numeric.against_previous:
        reference = comparison_value(measure, period, period_names)
        missing = "jämförelsevärde saknas"
    else:
        reference, missing = measure.target, "målvärde saknas"
    if not is_number(reference):
        return Assessment(NOT_ASSESSED, reason=missing)
    distance = outcome - reference if numeric.higher_is_better else reference - outcome
    status = _grade(distance, _band(measure, reference, default_share),
                    strict=numeric.against_previous)
    if not explain:
        return Assessment(status)
    unit = measure.unit
    if numeric.against_previous:
        reason = (f"utfall {format_value(outcome, unit)} mot "
                  f"{format_value(reference, unit)} före")
    else:
        signs = ("≥", "<") if numeric.higher_is_better else ("≤", ">")
        sign = signs[0] if status == GREEN else signs[1]
        reason = (f"utfall {format_value(outcome, unit)} {sign} "
                  f"målvärde {format_value(reference, unit)}")
    return Assessment(status, reason=reason)


def assess_combined(measure: Measure, period: str, indicator_statuses: list[str],
                    green_share: float = 1.0, yellow_share: float = 0.5) -> Assessment:
    """A goal judged by its indicators (Sammanvägning): all measured indicators met (GRÖN)
    -> GRÖN, at least `yellow_share` of them -> GUL, fewer -> RÖD, none measured -> Ej bedömd.
    The shares are settings; a manual assessment wins as always."""
    manual = measure.assessments.get(period)
    if manual in STATUSES:
        return Assessment(manual, True, measure.motivations.get(period, "manuell bedömning"))
    measured = [s for s in indicator_statuses if s in STATUSES]
    if not measured:
        return Assessment(NOT_ASSESSED, reason="ingen indikator är mätt")
    met = sum(1 for s in measured if s == GREEN)
    count = len(measured)
    if met >= green_share * count - EPSILON:
        status = GREEN
    elif met >= yellow_share * count - EPSILON:
        status = YELLOW
    else:
        status = RED
    return Assessment(status, reason=f"{met} av {count} indikatorer")


# --- the same rules as Excel formulas ------------------------------------------------------


@dataclass(frozen=True)
class StatusCells:
    """Cell references (A1 style, e.g. "R5" or "Inställningar!$B$14") a status formula reads."""

    outcome: str
    manual: str | None = None
    target: str | None = None
    comparison: str | None = None  # previous outcome, for Ökar/Minskar
    band: str | None = None  # the row's Gul gräns
    default_band: str = "0"  # the settings' default share, or a constant


def _band_formula(cells: StatusCells, reference: str) -> str:
    default = f"{cells.default_band}*ABS({reference})"
    if cells.band is None:
        return default
    return f"IF(ISNUMBER({cells.band}),ABS({cells.band}),{default})"


def _grade_formula(distance: str, band: str, strict: bool) -> str:
    met = f"{distance}>{_EPS}" if strict else f"{distance}>=-{_EPS}"
    return (f'IF({met},"{GREEN}",IF({distance}>=-{band}-{_EPS},"{YELLOW}","{RED}"))')


def status_formula(rule: str, cells: StatusCells) -> str:
    """The Excel formula (with leading "=") that gives `assess`'s status for one row."""
    out = cells.outcome
    body: str
    if rule == YES_NO:
        said_yes = f'EXACT(LOWER(TRIM({out})),"ja")'
        said_no = f'EXACT(LOWER(TRIM({out})),"nej")'
        # Like `assess`: the target is Nej only when it says so; blank or anything else is Ja.
        wants_no = f'EXACT(LOWER(TRIM({cells.target})),"nej")' if cells.target else "FALSE"
        body = (f'IF(OR({said_yes},{said_no}),IF({said_yes}<>{wants_no},"{GREEN}","{RED}"),'
                f'"{NOT_ASSESSED}")')
    elif rule in _NUMERIC_RULES:
        numeric = _NUMERIC_RULES[rule]
        ref = cells.comparison if numeric.against_previous else cells.target
        if ref:
            distance = f"({out}-{ref})" if numeric.higher_is_better else f"({ref}-{out})"
            grade = _grade_formula(distance, _band_formula(cells, ref), numeric.against_previous)
            body = f'IF(AND(ISNUMBER({out}),ISNUMBER({ref})),{grade},"{NOT_ASSESSED}")'
        else:  # nothing to compare with
            body = f'"{NOT_ASSESSED}"'
    else:  # Manuell
        body = f'"{NOT_ASSESSED}"'
    if cells.manual:
        manual = f"UPPER(TRIM({cells.manual}))"
        body = (f'IF(OR({manual}="{GREEN}",{manual}="{YELLOW}",{manual}="{RED}"),'
                f"{manual},{body})")
    return "=" + body


def combined_formula(indicator_status_cells: list[str], manual: str | None = None,
                     green_share: str = "1", yellow_share: str = "0.5") -> str:
    """`assess_combined` as an Excel formula over the indicators' status cells and the two
    shares (cell references or constants; a blank share cell means the default)."""
    if indicator_status_cells:
        met = "+".join(f'({c}="{GREEN}")' for c in indicator_status_cells)
        count = "+".join(f'OR({c}="{GREEN}",{c}="{YELLOW}",{c}="{RED}")*1'
                         for c in indicator_status_cells)
        green = f"IF(ISNUMBER({green_share}),{green_share},1)"
        yellow = f"IF(ISNUMBER({yellow_share}),{yellow_share},0.5)"
        body = (f'IF(({count})=0,"{NOT_ASSESSED}",IF(({met})>={green}*({count})-{_EPS},'
                f'"{GREEN}",IF(({met})>={yellow}*({count})-{_EPS},"{YELLOW}","{RED}")))')
    else:
        body = f'"{NOT_ASSESSED}"'
    if manual:
        upper = f"UPPER(TRIM({manual}))"
        body = (f'IF(OR({upper}="{GREEN}",{upper}="{YELLOW}",{upper}="{RED}"),'
                f"{upper},{body})")
    return "=" + body


def score_formula(status_cell: str) -> str:
    """3, 2, 1 for GRÖN, GUL, RÖD (for the icon set); empty text for Ej bedömd."""
    return (f'=IF({status_cell}="{GREEN}",3,IF({status_cell}="{YELLOW}",2,'
            f'IF({status_cell}="{RED}",1,"")))')


# --- trend: the outcome against the same period a year before ------------------------------

IMPROVED, UNCHANGED, WORSENED = "Förbättrad", "Oförändrad", "Försämrad"
TRENDS = (IMPROVED, UNCHANGED, WORSENED)
# An arrow beside the word, never instead of it: a trend is not told by shape alone.
TREND_ARROWS = {IMPROVED: "↑", UNCHANGED: "→", WORSENED: "↓"}
# As the workbook's formula gives it: 1, 0, -1 (an icon set draws the arrow).
TREND_NUMBERS = {IMPROVED: 1, UNCHANGED: 0, WORSENED: -1}
TREND_NUMBER_FORMAT = f'"{IMPROVED}";"{WORSENED}";"{UNCHANGED}"'
_HIGHER_IS_BETTER = {HIGHER: True, INCREASES: True, LOWER: False, DECREASES: False}


@dataclass(frozen=True, slots=True)  # one per goal and period
class Trend:
    word: str = ""  # one of TRENDS, or "" when there is nothing to compare
    reference: Value = None  # the outcome compared with
    against: str = ""  # the period compared with ("Delår 2 2024"), or "föregående år"
    written: str = ""  # without a word: the kommun's own trend as written ("↑", "Positiv")

    @property
    def label(self) -> str:
        """"↑ Förbättrad" (arrow and word), the kommun's own words without one; "" without a
        trend."""
        return f"{TREND_ARROWS[self.word]} {self.word}" if self.word else self.written

    @property
    def number(self) -> int | None:
        return TREND_NUMBERS.get(self.word)


def same_period_before(periods: list[Period], period: str) -> str | None:
    """The plan's period of the same kind a year before `period` (same months, year - 1):
    "Delår 2 2024" for "Delår 2 2025", "Helår 2024" for "Helår 2025"; None when it has none."""
    current = next((p for p in periods if p.name == period), None)
    if current is None:
        return None
    return next((p.name for p in periods if p.year == current.year - 1
                 and (p.first_month, p.last_month) == (current.first_month, current.last_month)),
                None)


def trend_reference(measure: Measure, period: str, periods: list[Period]) -> tuple[Value, str]:
    """What a trend compares with and what it is called: the same period a year before, or
    for a full year without it the row's Utfall föregående år."""
    before = same_period_before(periods, period)
    if before is not None:
        return measure.outcomes.get(before), before
    current = next((p for p in periods if p.name == period), None)
    if current is not None and current.is_full_year and measure.previous_year is not None:
        return measure.previous_year, "föregående år"
    return None, ""


def assess_trend(measure: Measure, period: str, periods: list[Period]) -> Trend:
    """Förbättrad, Oförändrad or Försämrad by the measure's rule: a number against the same
    period a year before (higher or lower is better as the rule says), Ja/Nej against the
    wanted answer; Manuell and Sammanvägning have no outcome to compare and no trend. With
    nothing to compare, the kommun's own trend for the period as written (Trend.written)."""
    computed = computed_trend(measure, period, periods)
    if computed.word or not measure.trends.get(period):
        return computed
    return Trend(written=measure.trends[period])


def computed_trend(measure: Measure, period: str, periods: list[Period]) -> Trend:
    """assess_trend from the outcomes alone, without the kommun's own trend."""
    outcome = measure.outcomes.get(period)
    reference, against = trend_reference(measure, period, periods)
    if measure.rule == YES_NO:
        if not (isinstance(outcome, bool) and isinstance(reference, bool)):
            return Trend()
        wanted = measure.target if isinstance(measure.target, bool) else True
        word = UNCHANGED if outcome == reference else (
            IMPROVED if outcome == wanted else WORSENED)
        return Trend(word, reference, against)
    higher = _HIGHER_IS_BETTER.get(measure.rule)
    if higher is None or not is_number(outcome) or not is_number(reference):
        return Trend()
    change = outcome - reference if higher else reference - outcome
    word = IMPROVED if change > EPSILON else WORSENED if change < -EPSILON else UNCHANGED
    return Trend(word, reference, against)


def trend_formula(rule: str, outcome: str, reference: str | None,
                  target: str | None = None, written: str = "") -> str:
    """`assess_trend` as an Excel formula over the outcome and the cell it is compared with:
    1 (Förbättrad), 0 (Oförändrad), -1 (Försämrad); with nothing to compare, the kommun's own
    trend `written` as text ("↑", "Positiv"), else empty text. TREND_NUMBER_FORMAT shows the
    word and a 3-arrow icon set the arrow (neither touches a text)."""
    fallback = excel_text(written)
    body = fallback
    if reference and rule == YES_NO:
        def said(cell: str, word: str) -> str:
            return f'EXACT(LOWER(TRIM({cell})),"{word}")'
        wants_no = said(target, "nej") if target else "FALSE"
        both = (f"AND(OR({said(outcome, 'ja')},{said(outcome, 'nej')}),"
                f"OR({said(reference, 'ja')},{said(reference, 'nej')}))")
        body = (f"IF({both},IF({said(outcome, 'ja')}={said(reference, 'ja')},0,"
                f"IF({said(outcome, 'ja')}<>{wants_no},1,-1)),{fallback})")
    elif reference and rule in _HIGHER_IS_BETTER:
        change = (f"({outcome}-{reference})" if _HIGHER_IS_BETTER[rule]
                  else f"({reference}-{outcome})")
        body = (f"IF(AND(ISNUMBER({outcome}),ISNUMBER({reference})),"
                f'IF({change}>{_EPS},1,IF({change}<-{_EPS},-1,0)),{fallback})')
    return "=" + body


def excel_text(text: str) -> str:
    """A string literal for a formula: quotes doubled, "" for no text; past Excel's 255
    characters a literal, pieces joined with &. Excel counts UTF-16 units (an emoji is two)
    and refuses the file past them; a doubled quote is counted as two, to be safe."""
    pieces = utf16_pieces(text, EXCEL_LITERAL_MAX, doubled='"')
    return "&".join('"' + piece.replace('"', '""') + '"' for piece in pieces)


# What a kommun's written trend says (reader.classify.trend_meaning), as a trend word.
TREND_MEANINGS = {"bättre": IMPROVED, "samma": UNCHANGED, "sämre": WORSENED}


def written_trend_word(meaning: str, rule: str) -> str:
    """The kommun's written trend as Förbättrad, Oförändrad or Försämrad: a word by what it
    says, an arrow ("upp", "ned": which way the value moved) by the rule's direction ("↑"
    under Lägre är bättre is Försämrad); "" for anything else or an arrow under a rule
    without a direction (Ja/Nej, by hand)."""
    if meaning in TREND_MEANINGS:
        return TREND_MEANINGS[meaning]
    higher = _HIGHER_IS_BETTER.get(rule)
    if higher is None or meaning not in ("upp", "ned"):
        return ""
    return IMPROVED if (meaning == "upp") == higher else WORSENED


def rollup_trend(trends: list[str]) -> str:
    """A verksamhet's trend over its KS mål and indicators: Förbättrad when more improved than
    worsened, Försämrad when more worsened, Oförändrad when as many; "" when none has one."""
    known = [t for t in trends if t in TRENDS]
    if not known:
        return ""
    balance = known.count(IMPROVED) - known.count(WORSENED)
    return IMPROVED if balance > 0 else WORSENED if balance < 0 else UNCHANGED


def rollup_trend_formula(improved: str, unchanged: str, worsened: str) -> str:
    """`rollup_trend` over three count cells (or expressions), without the leading "="."""
    return (f'IF(({improved})+({unchanged})+({worsened})=0,"",'
            f'IF(({improved})>({worsened}),"{IMPROVED}",'
            f'IF(({worsened})>({improved}),"{WORSENED}","{UNCHANGED}")))')


# --- prognosis for the full year ------------------------------------------------------------


def forecast_status(measure: Measure, value: float) -> str | None:
    """The status a forecast value for the full year ("Prognos helår | 58") gets by the
    measure's own rule and målvärde, as an outcome would; None without a target to judge it."""
    if measure.target is None or measure.rule not in (HIGHER, LOWER):
        return None
    forecast = Measure(rule=measure.rule, target=measure.target, unit=measure.unit,
                       yellow_band=measure.yellow_band, outcomes={"prognos": value})
    status = assess(forecast, "prognos", ["prognos"]).status
    return status if status in STATUSES else None


def prognosis_summary(prognoses: Iterable[str]) -> Summary:
    """Counts per prognosis (GRÖN: bedöms uppnås, GUL: delvis, RÖD: inte; else Ej bedömd)."""
    return summarize(p if p in STATUSES else NOT_ASSESSED for p in prognoses)


def prognosis_sentence(summary: Summary, what: str = "KS-mål") -> str:
    """"Av 8 KS-mål bedöms 6 uppnås vid årets slut, 1 delvis och 1 inte." and how many
    lack a prognosis; "" when none has one."""
    counts = summary.counts
    if summary.total == counts[NOT_ASSESSED]:
        return ""
    rest = [f"{counts[YELLOW]} delvis" if counts[YELLOW] else "",
            f"{counts[RED]} inte" if counts[RED] else ""]
    rest = [part for part in rest if part]
    sentence = f"Av {summary.total} {what} bedöms {counts[GREEN]} uppnås vid årets slut"
    if rest:
        sentence += ", " + " och ".join(rest)
    missing = counts[NOT_ASSESSED]
    if missing:
        sentence += f"; {missing} saknar prognos"
    return sentence + "."


def prognosis_count_formula(cells: str, status: str) -> str:
    """How many of `cells` (a range) hold the prognosis `status`, as `prognosis_summary`
    counts it: the word, in any case, with spaces around it."""
    return f'=SUMPRODUCT(--(UPPER(TRIM({cells}))="{status}"))'


# --- summary --------------------------------------------------------------------------------


@dataclass
class Summary:
    """Counts per status over a set of KS mål."""

    counts: dict[str, int] = field(default_factory=lambda: {s: 0 for s in
                                                            (*STATUSES, NOT_ASSESSED)})

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, status: str) -> float | None:
        return self.counts[status] / self.total if self.total else None


def summarize(statuses: Iterable[str]) -> Summary:
    """The counts per status: the one place goals are counted, for a plan (`Evaluation`) and
    for the roll-up's tables alike. Anything not a status (a period with none) counts nowhere."""
    summary = Summary()
    for status in statuses:
        if status in summary.counts:
            summary.counts[status] += 1
    return summary


_PLURAL = {GREEN: "GRÖNA", YELLOW: "GULA", RED: "RÖDA"}


def status_word(status: str, count: int) -> str:
    """The plan's own words: "1 GRÖN", "5 GRÖNA", "0 GUL"."""
    return _PLURAL[status] if count > 1 else status


def summary_sentence(summary: Summary) -> str:
    """`av 8 identifierade KS-mål är 5 GRÖNA (62,5%), 0 GUL (-%), 3 RÖDA (37,5%)`."""
    parts = [f"{summary.counts[s]} {status_word(s, summary.counts[s])} "
             f"({format_percent(summary.share(s))})" for s in STATUSES]
    missing = summary.counts[NOT_ASSESSED]
    if missing:
        word = "ej bedömt" if missing == 1 else "ej bedömda"
        parts.append(f"{missing} {word} ({format_percent(summary.share(NOT_ASSESSED))})")
    return f"av {summary.total} identifierade KS-mål är " + ", ".join(parts)


# --- the whole plan -------------------------------------------------------------------------


@dataclass
class Evaluation:
    """The statuses of a plan, computed when asked: per KS mål and indicator, per period.
    Nothing is kept per goal (a region's plan has 20 000), and nothing by object identity, so
    a copy of the plan (copy.deepcopy, a pickle, a spooled plan's next pass) gets the same
    answers. `assess` is pure and cheap; a Sammanvägning goal combines its own indicators."""

    plan: Plan
    period: str
    # The plan's period names, once: every status asks for them.
    _names: list[str] = field(init=False, repr=False, compare=False)
    # The last statuses asked for, by kind, key and period (at most RECENT): a writer asks
    # for one goal's several times in a row. Bounded, so a plan's size never shows here.
    _recent: dict[tuple[str, str, str], tuple[Assessment, bool]] = field(
        init=False, repr=False, compare=False, default_factory=dict)

    # The counts per status, by period and KF ÖG mål (its place in the plan): a few ints per
    # KF ÖG mål and period, so the summaries each writer shows count the goals once.
    _counts: dict[tuple[str, int], dict[str, int]] = field(
        init=False, repr=False, compare=False, default_factory=dict)

    RECENT: ClassVar[int] = 512

    def __post_init__(self) -> None:
        self._names = self.plan.period_names

    def ks_status(self, goal: KsGoal, period: str | None = None, *,
                  explain: bool = True) -> Assessment:
        """The goal's status; without `explain`, maybe no reason (see `assess`)."""
        return self._status("ks", goal.key, goal.measure, period, explain, goal.indicators)

    def indicator_status(self, indicator: KfIndicator, period: str | None = None, *,
                         explain: bool = True) -> Assessment:
        """The indicator's status; without `explain`, maybe no reason (see `assess`)."""
        return self._status("indicator", indicator.key, indicator.measure, period, explain)

    def _status(self, kind: str, key: str, measure: Measure, period: str | None,
                explain: bool, indicators: list[KfIndicator] | None = None) -> Assessment:
        """A recent status, or one assessed now; a KS mål (`indicators` given) judged by
        Sammanvägning combines its own indicators' statuses. A period the plan lacks is a
        KeyError, as it was when the statuses were a table per period."""
        if not period or period == self.period:
            period = self.period
        elif period not in self._names:
            raise KeyError(period)
        recent, token = self._recent, (kind, key, period)
        entry = recent.get(token) if key else None
        if entry is not None and (entry[1] or not explain):  # a reason when one is asked for
            return entry[0]
        settings = self.plan.settings
        if indicators is not None and measure.rule == COMBINED:
            # Only indicators with a key are the plan's (Plan.assign_keys keys every row's).
            assessment = assess_combined(measure, period, [
                self.indicator_status(i, period, explain=False).status
                for i in indicators if i.key],
                settings.combined_green_share, settings.combined_yellow_share)
        else:
            assessment = assess(measure, period, self._names, settings.default_yellow_band,
                                explain=explain)
        if key:
            if entry is None and len(recent) >= self.RECENT:
                del recent[next(iter(recent))]  # the oldest
            recent[token] = (assessment, explain)
        return assessment

    def summary(self, period: str | None = None, kf_goal: KfGoal | None = None) -> Summary:
        """The KS mål per status: of `kf_goal`, or of the whole plan (its KF ÖG mål's). A
        period the plan lacks is a KeyError as soon as there is a goal to ask about."""
        period = period or self.period
        kf_goals = self.plan.kf_goals
        if kf_goal is None:
            total = Summary()
            for position in range(len(kf_goals)):
                for status, count in self._kf_counts(period, position).items():
                    total.counts[status] += count
            return total
        place = next((i for i, kf in enumerate(kf_goals) if kf is kf_goal), None)
        if place is None:  # not one of the plan's own: counted, not kept
            return summarize(self.ks_status(g, period, explain=False).status
                             for g in _ks_goals_of(kf_goal))
        return Summary(dict(self._kf_counts(period, place)))

    def _kf_counts(self, period: str, place: int) -> dict[str, int]:
        counts = self._counts.get((period, place))
        if counts is None and period in self._names:
            # Every period's counts in one pass over the KF goal's rows: a pass over a plan on
            # disk (spool.py) costs more than assessing a goal for all its periods.
            names = self._names
            tallies = {name: Summary() for name in names}
            prognoses = Summary()
            for goal in _ks_goals_of(self.plan.kf_goals[place]):
                prognosis = goal.measure.prognosis
                prognoses.counts[prognosis if prognosis in STATUSES else NOT_ASSESSED] += 1
                for name in names:
                    status = self.ks_status(goal, name, explain=False).status
                    if status in tallies[name].counts:
                        tallies[name].counts[status] += 1
            for name, tally in tallies.items():
                self._counts[(name, place)] = tally.counts
            self._counts[("", place)] = prognoses.counts  # "" : the prognoses, no period
            counts = tallies[period].counts
        elif counts is None:  # a period the plan lacks: a KeyError on the first goal
            counts = summarize(self.ks_status(g, period, explain=False).status
                               for g in _ks_goals_of(self.plan.kf_goals[place])).counts
        return counts

    def ks_trend(self, goal: KsGoal, period: str | None = None) -> Trend:
        return assess_trend(goal.measure, period or self.period, self.plan.periods)

    def indicator_trend(self, indicator: KfIndicator, period: str | None = None) -> Trend:
        return assess_trend(indicator.measure, period or self.period, self.plan.periods)

    def prognosis_summary(self, kf_goal: KfGoal | None = None) -> Summary:
        """The KS mål per prognosis, of `kf_goal` or of the whole plan; counted in the pass
        that counts the statuses (`_kf_counts`)."""
        kf_goals = self.plan.kf_goals
        places = (range(len(kf_goals)) if kf_goal is None else
                  [i for i, kf in enumerate(kf_goals) if kf is kf_goal])
        if kf_goal is not None and not places:  # not one of the plan's own: counted, not kept
            return prognosis_summary(g.measure.prognosis for g in _ks_goals_of(kf_goal))
        total = Summary()
        for place in places:
            if ("", place) not in self._counts:
                self._kf_counts(self.period, place)
            for status, count in self._counts[("", place)].items():
                total.counts[status] += count
        return total

    @property
    def previous_period(self) -> str | None:
        previous = self.plan.previous_period(self.period)
        return previous.name if previous else None


def _ks_goals_of(kf_goal: KfGoal) -> Iterator[KsGoal]:
    """A KF ÖG mål's KS mål, one pass over its rows, one at a time."""
    return (row.ks_goal for row in kf_goal.rows if row.ks_goal is not None)


def evaluate(plan: Plan, period: str | None = None) -> Evaluation:
    """The evaluation of `plan`, reporting on `period` (default: the plan's Rapportperiod;
    Plan.resolve_period raises UnknownPeriod). Goals without a key get their positional one
    here (Plan.assign_keys). The statuses themselves are computed when asked."""
    plan.assign_keys()
    return Evaluation(plan, plan.resolve_period(period))
