"""Next year's arbetsbok from this year's plan: goals, indicators, målinriktningar and
activities kept word for word; outcomes and assessments cleared; the last Helår's outcomes
become Utfall föregående år; periods renamed to the new year; activity statuses reset."""

from __future__ import annotations

import copy
import re

from .model import Measure, Period, Plan


def _shift(name: str, old: int, delta: int) -> str:
    """A period name with its year moved: "Delår 2025" -> "Delår 2026"."""
    shifted = re.sub(rf"(?<!\d){old}(?!\d)", str(old + delta), name)
    return shifted if shifted != name else f"{name} {old + delta}"


def _clear(measure: Measure, previous: object) -> None:
    measure.outcomes = {}
    measure.assessments = {}
    measure.motivations = {}
    measure.analyses = {}
    measure.previous_year = previous  # type: ignore[assignment]


def roll_over(plan: Plan, year: int) -> Plan:
    """A copy of `plan` for `year`; the plan itself is not changed."""
    new = copy.deepcopy(plan)
    delta = year - plan.settings.year
    last_full = next((p.name for p in reversed(plan.periods) if p.is_full_year), None)
    names = {p.name: _shift(p.name, p.year, delta) for p in plan.periods}
    new.periods = [Period(names[p.name], p.year + delta, p.first_month, p.last_month)
                   for p in plan.periods]
    for kf in new.kf_goals:
        for row in kf.rows:
            for measure in ((row.ks_goal.measure if row.ks_goal else None),
                            (row.indicator.measure if row.indicator else None)):
                if measure is None:
                    continue
                previous = measure.outcomes.get(last_full) if last_full else None
                _clear(measure, previous)
            for direction in row.directions:
                for activity in direction.activities:
                    activity.status = ""
                    activity.comment = ""
    settings = new.settings
    old_year = str(plan.settings.year)
    settings.year = year
    settings.report_period = names.get(plan.settings.report_period, new.periods[0].name)
    settings.report_date = None
    for key in ("title", "subtitle"):
        setattr(settings, key, re.sub(rf"(?<!\d){old_year}(?!\d)", str(year),
                                      getattr(settings, key)))
    for text in new.texts:
        text.period = names.get(text.period, text.period)
    return new
