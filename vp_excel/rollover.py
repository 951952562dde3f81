"""Next year's arbetsbok from this year's plan: goals, indicators, målinriktningar and
activities kept word for word; outcomes, assessments and prognoses cleared, except where a
period of the new plan is one of the old (last year's Delår 2 and Helår: kept for the trend);
the last Helår's outcomes become Utfall föregående år; periods renamed to the new year;
activity statuses reset. The
kommun's texts that still name the old year are warned about, cell by cell, never rewritten."""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path

from .errors import Location
from .model import Measure, Period, Plan, Problem


def _shift(name: str, old: int, delta: int) -> str:
    """A period name with its year moved: "Delår 2025" -> "Delår 2026"."""
    shifted = re.sub(rf"(?<!\d){old}(?!\d)", str(old + delta), name)
    return shifted if shifted != name else f"{name} {old + delta}"


def _clear(measure: Measure, previous: object, kept: dict[str, str]) -> None:
    """Outcomes cleared, except in the periods the new plan shares with the old (`kept`:
    new name -> old name, same year and months): last year's Delår 2 stays beside this
    year's, so the trend has something to compare with. The prognosis is cleared."""
    measure.outcomes = {new: measure.outcomes[old] for new, old in kept.items()
                        if measure.outcomes.get(old) is not None}
    measure.breakdown = {label: carried for label, values in measure.breakdown.items()
                         if (carried := {new: values[old] for new, old in kept.items()
                                         if values.get(old) is not None})}
    # The kommun's written trend goes with the period it was written for (new names).
    measure.trends = {new: measure.trends[old] for new, old in kept.items()
                      if old in measure.trends}
    measure.assessments = {}
    measure.motivations = {}
    measure.analyses = {}
    measure.sources = {new: measure.sources[old] for new, old in kept.items()
                       if old in measure.sources and new in measure.outcomes}
    measure.prognosis = measure.prognosis_comment = ""
    measure.previous_year = previous  # type: ignore[assignment]


def roll_over(plan: Plan, year: int) -> Plan:
    """A copy of `plan` for `year`; the plan itself is not changed."""
    new = copy.deepcopy(plan)
    delta = year - plan.settings.year
    last_full = next((p.name for p in reversed(plan.periods) if p.is_full_year), None)
    names = {p.name: _shift(p.name, p.year, delta) for p in plan.periods}
    new.periods = [Period(names[p.name], p.year + delta, p.first_month, p.last_month)
                   for p in plan.periods]
    kept = {p.name: old.name for p in new.periods for old in plan.periods
            if (old.year, old.first_month, old.last_month)
            == (p.year, p.first_month, p.last_month)}
    for kf in new.kf_goals:
        for row in kf.rows:
            for measure in ((row.ks_goal.measure if row.ks_goal else None),
                            (row.indicator.measure if row.indicator else None)):
                if measure is None:
                    continue
                previous = measure.outcomes.get(last_full) if last_full else None
                _clear(measure, previous, kept)
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


def _texts(value: object, seen: set[int], found: set[str]) -> None:
    """Every string the plan holds, through its dataclasses, lists and dicts."""
    if isinstance(value, str):
        found.add(value.strip())
    elif id(value) in seen:
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        seen.add(id(value))
        for field in dataclasses.fields(value):
            _texts(getattr(value, field.name), seen, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _texts(item, seen, found)
    elif isinstance(value, dict):
        for item in value.values():
            _texts(item, seen, found)


def _sentences(text: str, year: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [" ".join(p.split()) for p in parts if re.search(rf"(?<!\d){year}(?!\d)", p)]


def old_year_warnings(plan: Plan, workbook: Path, old_year: int) -> list[Problem]:
    """A warning for each cell of the new `workbook` whose text, in the kommun's words,
    still names `old_year` ("… aktiviteter 2025"), with the sentence: the words are never
    rewritten, but the plan now speaks of another year. Period names (the baseline Helår
    is last year's by right), column headings and vp-excel's own help texts are not the
    kommun's words and are passed over."""
    import openpyxl

    year = str(old_year)
    found: set[str] = set()
    _texts(plan, set(), found)
    found -= set(plan.period_names)
    kommun_words = {t for t in found if re.search(rf"(?<!\d){year}(?!\d)", t)}
    if not kommun_words:
        return []
    problems = []
    book = openpyxl.load_workbook(workbook, read_only=True, keep_links=False)
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    value = cell.value
                    if not isinstance(value, str) or value.strip() not in kommun_words:
                        continue
                    said = " … ".join(_sentences(value, year))
                    problems.append(Problem(
                        f'texten nämner {year}: "{said}". Planen gäller {plan.settings.year}: '
                        "skriv om texten om den ska gälla det nya året.",
                        Location(str(workbook), sheet.title, cell.coordinate),
                        is_error=False))
    finally:
        book.close()
    return problems
