"""One workbook read for the roll-up and the export, as plain data that crosses processes.

`read_workbook` reads the plan (`reader.read_plan`), assesses it (`rules.evaluate`) and keeps
plain data: each KS mål or indicator row with its outcome, status and analysis per period,
and the reader's problems as `Problem` objects. The `Evaluation` holds the whole plan with
its workbook objects, which a worker process need not send back; these records are all the
roll-up needs, and they pickle cheaply.
"""

from __future__ import annotations

import gc
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location, VpExcelError, internal_error_message
from ..gaps import empty_section_warnings
from ..model import Problem, Value
from ..reader import read_plan
from ..reader.classify import trend_meaning
from ..rules import Trend, evaluate, written_trend_word


@dataclass(frozen=True)
class PeriodValue:
    """A row's KS mål (or, without one, its indicator) in one period."""

    outcome: Value
    status: str
    manual: bool
    reason: str = ""
    analysis: str = ""
    indicator_outcome: Value = None
    indicator_status: str = ""
    trend: str = ""  # rules.assess_trend's word against the same period a year before
    indicator_trend: str = ""


@dataclass
class GoalRecord:
    """One row of a plan: a KS mål and/or a KF indikator under a KF ÖG mål."""

    kf_goal: str
    kf_location: Location
    indicator: str
    styrgrans: str
    source: str
    ks_goal: str  # "" when the row has only an indicator
    target: Value
    unit: str
    rule: str
    periods: dict[str, PeriodValue] = field(default_factory=dict)
    key: str = ""  # the goal's stable key in its workbook ("Mål!7")
    kolada_id: str = ""
    prognosis: str = ""  # the full-year prognosis: GRÖN, GUL, RÖD or ""
    prognosis_comment: str = ""
    comparisons: dict[str, Value] = field(default_factory=dict)  # as the workbook names them
    target_text: str = ""  # a målvärde that is a year, as written ("Senast 2026")


@dataclass
class WorkbookRecords:
    """What one workbook gave: its settings, periods, rows, warnings; or why it failed."""

    path: Path
    ok: bool = True
    error: str = ""  # the one Swedish message when not ok
    problems: list[Problem] = field(default_factory=list)  # the errors behind it
    traceback: str = ""
    kommun: str = ""
    verksamhet: str = ""
    short_name: str = ""
    report_period: str = ""
    periods: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    goals: list[GoalRecord] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)  # period -> the one before it
    # period -> (year, first month, last month): dates for the export, full year or part
    bounds: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The verksamhet as the roll-up names it; the file name when the workbook has none."""
        return self.verksamhet.strip() or self.path.stem

    def previous_period(self, period: str) -> str | None:
        """As `Plan.previous_period` said when the workbook was read."""
        return self.previous.get(period)


def _records(path: Path) -> WorkbookRecords:
    # What `api.check` does, without the api: the roll-up sits below it.
    plan, problems = read_plan(path)
    problems = problems + empty_section_warnings(plan)
    evaluation = evaluate(plan)
    errors = [p for p in problems if p.is_error]
    settings = plan.settings
    found = WorkbookRecords(path, kommun=settings.kommun.strip(),
                            verksamhet=settings.verksamhet.strip(),
                            short_name=settings.short_name.strip(),
                            report_period=settings.report_period,
                            periods=plan.period_names,
                            warnings=[p for p in problems if not p.is_error])
    found.bounds = {p.name: (p.year, p.first_month, p.last_month) for p in plan.periods}
    for name in plan.period_names:
        before = plan.previous_period(name)
        if before is not None:
            found.previous[name] = before.name
    if errors:
        found.ok = False
        found.problems = errors
        found.error = (f"{path.name}: arbetsboken har {len(errors)} fel och kan inte "
                       "sammanställas. Kör vp-excel check på den och rätta felen.")
        return found
    for kf in plan.kf_goals:
        location = kf.location or Location(str(path))
        for row in kf.rows:
            if row.ks_goal is None and row.indicator is None:
                continue
            indicator, goal = row.indicator, row.ks_goal
            measure = goal.measure if goal is not None else indicator.measure  # type: ignore
            record = GoalRecord(
                kf.name, location, indicator.name if indicator else "",
                indicator.styrgrans_text if indicator else "",
                indicator.source if indicator else "", goal.text if goal else "",
                measure.target, measure.unit, measure.rule,
                key=goal.key if goal is not None else indicator.key,  # type: ignore
                kolada_id=indicator.kolada_id if indicator else "",
                prognosis=goal.measure.prognosis if goal else "",
                prognosis_comment=goal.measure.prognosis_comment if goal else "",
                comparisons={**(goal.measure.comparisons if goal else {}),
                             **(indicator.measure.comparisons if indicator else {})},
                target_text=measure.target_text)
            for period in plan.period_names:
                if goal is not None:
                    status = evaluation.ks_status(goal, period)
                else:
                    assert indicator is not None  # a row has a goal or an indicator
                    status = evaluation.indicator_status(indicator, period)
                ind = evaluation.indicator_status(indicator, period) if indicator else None
                record.periods[period] = PeriodValue(
                    measure.outcomes.get(period), status.status, status.manual, status.reason,
                    measure.analyses.get(period, ""),
                    indicator.measure.outcomes.get(period) if indicator else None,
                    ind.status if ind else "",
                    _trend_word(evaluation.ks_trend(goal, period) if goal is not None
                                else evaluation.indicator_trend(indicator, period),  # type: ignore
                                measure.rule),
                    _trend_word(evaluation.indicator_trend(indicator, period),
                                indicator.measure.rule) if indicator else "")
            found.goals.append(record)
    return found


def read_workbook(path: Path) -> WorkbookRecords:
    """Read one workbook for the roll-up; a domain error becomes a failed record with its
    one Swedish message, a bug one with the traceback (shown only with --debug)."""
    try:
        return _records(Path(path))
    except VpExcelError as exc:
        return WorkbookRecords(Path(path), ok=False, error=str(exc))
    # A bug: say which workbook, keep the details for --debug.
    except Exception as exc:  # noqa: BLE001
        return WorkbookRecords(Path(path), ok=False,
                               error=f"{Path(path).name}: {internal_error_message(exc)}",
                               traceback=traceback.format_exc())
    finally:
        # A worker reads many workbooks in turn: free this one's reference cycles (openpyxl's
        # workbook) now. The young generations only: they hold what this read made, and a
        # full collection walked every live object each time (15 ms a workbook, 43 % of
        # the roll-up's reading).
        gc.collect(1)


def _trend_word(trend: Trend, rule: str) -> str:
    """The trend the roll-up counts: the computed word, or where nothing could be computed
    the kommun's written trend by what it says (as the report shows it in that place):
    "Positiv" or "↑" under a rule where higher is better is Förbättrad; "" for words that
    say neither, such as a comment."""
    return trend.word or written_trend_word(trend_meaning(trend.written), rule)
