"""The roll-up's and the export's tables as pandas DataFrames.

`goal_frame`: one row per KS mål and verksamhet for the chosen period, the table every count
of the roll-up is taken from. `export_frame`: one row per goal and period, the tidy table
`export` writes. The counts are group-bys over the goal frame; the writers and the terminal
all read them from here, so they cannot disagree. pandas is imported only by this module,
which only `sammanstall` and `export` load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import pandas as pd

from ..rules import Summary, rollup_trend, summarize, summary_sentence
from ..rules import prognosis_sentence as rules_prognosis_sentence
from ..schema import DECREASES, GREEN, INCREASES, NOT_ASSESSED, RED, STATUSES, YELLOW
from ..swedish import format_value
from ..text import clean_text, slug
from .collect import Collected
from .matching import is_economy_goal, name_key, spellings_by_key
from .records import GoalRecord, WorkbookRecords

ALL_STATUSES = (*STATUSES, NOT_ASSESSED)

VERKSAMHET, KF, KF_WRITTEN, INDICATOR, KS = (
    "Verksamhet", "KF ÖG mål", "KF ÖG mål i arbetsboken", "KF indikator", "KS mål")
TARGET, OUTCOME, STATUS, MANUAL, PREVIOUS = (
    "Målvärde", "Utfall", "Status", "Manuell", "Status föregående period")
ANALYSIS, ECONOMY, FILE, PERIOD = ("Analys", "God ekonomisk hushållning", "Arbetsbok",
                                   "Period")
TREND, PROGNOSIS, PART_YEAR = "Utveckling", "Prognos helår", "Del av året"
GOAL_COLUMNS = (VERKSAMHET, KF, KS, INDICATOR, TARGET, OUTCOME, STATUS, MANUAL, PREVIOUS,
                ANALYSIS, ECONOMY, KF_WRITTEN, FILE, TREND, PROGNOSIS, PART_YEAR)

EXPORT_COLUMNS = ("kommun", "verksamhet", "KF ÖG mål", "KF indikator", "styrgräns", "KS mål",
                  "målvärde", "enhet", "period", "utfall", "status", "manuell", "källa",
                  "indikatorutfall", "indikatorstatus",
                  # For Power BI (docs/powerbi.md): dates, a stable id, trend, prognosis.
                  "periodstart", "periodslut", "mål-id", "kolada-id", "utveckling",
                  "indikatorutveckling", "prognos helår", "kommentar prognos")
# Then one column per comparison the workbooks carry, named as they name it: "jämförelse
# Riket 2024".
COMPARISON_PREFIX = "jämförelse "


def rollup_sentence(summary: Summary) -> str:
    """The plan's sentence over goals of every kind: "av 31 identifierade mål är …"."""
    return summary_sentence(summary).replace("identifierade KS-mål", "identifierade mål", 1)


def goal_frame(collected: Collected) -> pd.DataFrame:
    rows = []
    for book in collected.books:
        period = collected.local_period[book.path]
        previous = book.previous_period(period)
        for goal in book.goals:
            if not goal.ks_goal:
                continue
            now = goal.periods[period]
            kf = collected.kf_name(goal.kf_goal)
            rows.append((
                book.name, kf, goal.ks_goal, goal.indicator,
                _target_text(goal), format_value(now.outcome, goal.unit),
                now.status, "Ja" if now.manual else "Nej",
                goal.periods[previous].status if previous else "", now.analysis,
                "Ja" if is_economy_goal(kf) else "Nej", goal.kf_goal.strip(), book.path.name,
                now.trend, goal.prognosis if goal.prognosis in STATUSES else NOT_ASSESSED,
                "Nej" if _full_year(book, period) else "Ja"))
    return pd.DataFrame(rows, columns=list(GOAL_COLUMNS))


def _full_year(book: WorkbookRecords, period: str) -> bool:
    _year, first, last = book.bounds.get(period, (0, 1, 12))
    return (first, last) == (1, 12)


def _target_text(goal: GoalRecord) -> str:
    """The målvärde as the plan shows it; in the kommun's words as written ("Senast 2026",
    "Ska minska jämfört med 2024"), as Word shows them; for Ökar and Minskar without words,
    the rule."""
    if goal.target is None:
        if clean_text(goal.target_text):
            return clean_text(goal.target_text)
        if goal.rule in (INCREASES, DECREASES):
            return goal.rule
    return format_value(goal.target, goal.unit)


def _ordered(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


@dataclass
class RollupTables:
    """Everything the writers and the terminal show, counted once."""

    goals: pd.DataFrame
    kf_order: list[str]
    verksamheter: list[str]
    previous: dict[str, str]  # verksamhet -> its previous period's name, when it has one
    _trends: dict[str, str] | None = field(default=None, repr=False, compare=False)
    _trend_lists: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    def summary(self, frame: pd.DataFrame | None = None, status: str = STATUS) -> Summary:
        """Counts per status over `frame` (default: every goal)."""
        source = self.goals if frame is None else frame
        return summarize(source[status])

    def _grouped(self, by: str, status: str = STATUS) -> dict[str, Summary]:
        """A summary per value of the column `by`, from one group-by, counted by the rules'
        own `summarize`."""
        return {str(key): summarize(group)
                for key, group in self.goals.groupby(by, sort=False)[status]}

    def kf_summaries(self) -> list[tuple[str, Summary]]:
        grouped = self._grouped(KF)
        return [(kf, grouped.get(kf, Summary())) for kf in self.kf_order]

    def verksamhet_summaries(self) -> list[tuple[str, Summary, Summary | None]]:
        """Each verksamhet's summary now and in its previous period (None: it has none)."""
        now, before = self._grouped(VERKSAMHET), self._grouped(VERKSAMHET, PREVIOUS)
        return [(name, now.get(name, Summary()),
                 before.get(name, Summary()) if name in self.previous else None)
                for name in self.verksamheter]

    def matrix(self) -> dict[str, dict[str, dict[str, int]]]:
        """Counts by verksamhet, then KF ÖG mål, then status (every one present, 0 for
        none): the matrix's rows are the verksamheter, which grow, its columns the few KF
        ÖG mål."""
        counts = (self.goals.groupby([VERKSAMHET, KF], sort=False)[STATUS].value_counts()
                  .unstack(fill_value=0).reindex(columns=list(ALL_STATUSES), fill_value=0))
        found: dict[object, dict[str, int]] = {
            key: {str(s): int(n) for s, n in row.items()}
                 for key, row in counts.to_dict("index").items()}
        empty = dict.fromkeys(ALL_STATUSES, 0)
        return {name: {kf: found.get((name, kf), empty) for kf in self.kf_order}
                for name in self.verksamheter}

    def verksamhet_trends(self) -> dict[str, str]:
        """Each verksamhet's trend over its KS mål (rules.rollup_trend). Worked out once:
        the writers ask for it once per verksamhet."""
        if self._trends is None:
            words = self._trend_words()
            self._trends = {name: rollup_trend(words.get(name, []))
                            for name in self.verksamheter}
        return self._trends

    def trend_counts(self, name: str) -> dict[str, int]:
        """How many of a verksamhet's KS mål improved, stood still and worsened."""
        values = self._trend_words().get(name, [])
        return {word: values.count(word) for word in ("Förbättrad", "Oförändrad", "Försämrad")}

    def _trend_words(self) -> dict[str, list[str]]:
        """Each verksamhet's trend words in goal order, from one group-by (a filter per
        verksamhet made the roll-up quadratic in its workbooks)."""
        if self._trend_lists is None:
            self._trend_lists = {str(key): list(group) for key, group
                                 in self.goals.groupby(VERKSAMHET, sort=False)[TREND]}
        return self._trend_lists

    @property
    def part_year(self) -> bool:
        """The roll-up reports on part of the year: prognoses for the full year are shown."""
        return bool((self.goals[PART_YEAR] == "Ja").any())

    def prognosis_sentence(self, frame: pd.DataFrame | None = None,
                           what: str = "KS-mål") -> str:
        """"Av 8 KS-mål bedöms 6 uppnås vid årets slut, …" over `frame` (default: every
        goal), counted as rules.prognosis_summary counts; "" for a full year or none."""
        if not self.part_year:
            return ""
        return rules_prognosis_sentence(self.summary(frame, PROGNOSIS), what)

    def kf_prognosis(self) -> list[tuple[str, str]]:
        """Per KF ÖG mål its prognosis sentence (those with one)."""
        found = []
        for kf in self.kf_order:
            sentence = self.prognosis_sentence(self.goals[self.goals[KF] == kf])
            if sentence:
                found.append((kf, sentence))
        return found

    def red_goals(self) -> pd.DataFrame:
        return self.goals[self.goals[STATUS] == RED]

    def economy_goals(self) -> pd.DataFrame:
        return self.goals[self.goals[ECONOMY] == "Ja"]


def tables(collected: Collected) -> RollupTables:
    goals = goal_frame(collected)
    kf_order = _ordered([collected.kf_name(g.kf_goal) for book in collected.books
                         for g in book.goals if g.ks_goal])
    previous = {}
    for book in collected.books:
        before = book.previous_period(collected.local_period[book.path])
        if before:
            previous[book.name] = before
    return RollupTables(goals, kf_order, [book.name for book in collected.books], previous)


def economy_sentence(summary: Summary) -> str:
    """The förvaltningsberättelse's sentence on god ekonomisk hushållning."""
    counts = summary.counts
    if not summary.total:
        return ("Inget mål under ett KF ÖG mål om god ekonomisk hushållning finns i de "
                "sammanställda arbetsböckerna.")

    def part(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    green = part(counts[GREEN], "vara uppfyllt (GRÖN)", "vara uppfyllda (GRÖNA)")
    yellow = part(counts[YELLOW], "delvis uppfyllt (GUL)", "delvis uppfyllda (GULA)")
    red = part(counts[RED], "inte uppfyllt (RÖD)", "inte uppfyllda (RÖDA)")
    text = (f"Av {summary.total} mål för god ekonomisk hushållning bedöms {green}, {yellow} "
            f"och {red}")
    missing = counts[NOT_ASSESSED]
    if missing:
        text += f"; {part(missing, 'är ännu inte bedömt', 'är ännu inte bedömda')}"
    return text + "."


def prognosis_sentence(summary: Summary, what: str) -> str:
    """rules.prognosis_sentence, for the roll-up's writers."""
    return rules_prognosis_sentence(summary, what)


# --- the export ----------------------------------------------------------------------------


def _number(value: object) -> object:
    """A number stays a number; Ja/Nej become words; blank stays blank."""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    return value


def period_dates(bounds: tuple[int, int, int]) -> tuple[str, str]:
    """A period's first and last day as ISO dates (Power BI reads them as dates)."""
    year, first, last = bounds
    end = (dt.date(year + (last == 12), last % 12 + 1, 1) - dt.timedelta(days=1))
    return dt.date(year, first, 1).isoformat(), end.isoformat()


def goal_id(verksamhet: str, goal: GoalRecord) -> str:
    """An id that stays the same while the goal's words do (across periods, files and the
    next year's arbetsbok): the verksamhet's slug and a short hash of KF ÖG mål, KS mål and
    indikator as `text.name_key` folds them."""
    words = "|".join(name_key(part) for part in (goal.kf_goal, goal.ks_goal, goal.indicator))
    return f"{slug(verksamhet)}-{hashlib.sha1(words.encode('utf-8')).hexdigest()[:10]}"


def export_frame(books: list[WorkbookRecords], kommun: str,
                 canonical: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per goal (KS mål, or an indicator without one) and period."""
    rows = []
    compared = list(dict.fromkeys(name for book in books for goal in book.goals
                                  for name in goal.comparisons))
    # One spelling per verksamhet and kommun over the workbooks (years), as for KF ÖG mål:
    # "Ｋultur" (full-width) and "Kultur" are one verksamhet to Power BI too.
    verksamheter = spellings_by_key([book.name for book in books])
    kommuner = spellings_by_key([book.kommun for book in books])
    for book in books:
        name = verksamheter.get(name_key(book.name), book.name)
        book_kommun = kommuner.get(name_key(book.kommun), book.kommun) or kommun
        for goal in book.goals:
            kf = (canonical or {}).get(name_key(goal.kf_goal), goal.kf_goal.strip())
            ident = goal_id(name, goal)
            for period in book.periods:
                value = goal.periods[period]
                start, end = (period_dates(book.bounds[period]) if period in book.bounds
                              else ("", ""))
                rows.append((book_kommun, name, kf, goal.indicator,
                             goal.styrgrans, goal.ks_goal, _number(goal.target), goal.unit,
                             period, _number(value.outcome), value.status,
                             "Ja" if value.manual else "Nej", goal.source,
                             _number(value.indicator_outcome), value.indicator_status,
                             start, end, ident, goal.kolada_id, value.trend,
                             value.indicator_trend, goal.prognosis, goal.prognosis_comment,
                             *(_number(goal.comparisons.get(name)) for name in compared)))
    frame = pd.DataFrame(rows, columns=[*EXPORT_COLUMNS,
                                        *(COMPARISON_PREFIX + name for name in compared)])
    for column in ("målvärde", "utfall", "indikatorutfall"):
        numeric = pd.to_numeric(frame[column], errors="coerce")
        # A column of numbers only is written as numbers; with Ja/Nej in it, as text.
        if numeric.notna().sum() == frame[column].notna().sum():
            frame[column] = numeric
    return frame
