"""Assembling the plan: a goal's rule once its rows are read, settings from what was found
(with where), the periods and the report period."""

from __future__ import annotations

import datetime as dt

from .. import schema
from ..model import KfGoal, Period, Plan, Settings, match_period
from ..rules import rule_for_target
from .cells import int_or_none
from .problems import Problems
from .settings import Found, Overrides


def settle_rules(kf_goals: list[KfGoal]) -> None:
    """A KS mål's rule once its rows are read: a target of its own is judged by it; no status,
    no target but measured indicators: judged by its indicators (Sammanvägning)."""
    for kf in kf_goals:
        for row in kf.rows:  # a withdrawn indicator ("Utgår" on its row) is judged by nothing
            if row.indicator and row.indicator.measure.withdrawn:
                row.indicator.measure.rule = schema.MANUAL
        for goal in kf.ks_goals:
            measure = goal.measure
            if measure.withdrawn:  # judged by no target nor indicators: Ej bedömd everywhere
                measure.rule = schema.MANUAL
                for indicator in goal.indicators:  # a withdrawn goal's measures go with it
                    indicator.measure.rule = schema.MANUAL
                    indicator.measure.withdrawn = {**measure.withdrawn,
                                                   **indicator.measure.withdrawn}
                continue
            if measure.rule in ("", schema.MANUAL) and measure.target is not None:
                measure.rule = rule_for_target(measure.target)
            if (measure.rule in ("", schema.MANUAL) and not measure.assessments
                    and goal.indicators):
                measure.rule = schema.COMBINED
            if measure.rule == schema.COMBINED and not goal.indicators:
                measure.rule = schema.MANUAL
            measure.rule = measure.rule or schema.MANUAL


def choose_settings(sources: list[dict[str, Found]], overrides: Overrides,
                    problems: Problems) -> dict[str, Found]:
    """One value per setting: the command line first, then the sources in order."""
    chosen: dict[str, Found] = {}
    if overrides.kommun:
        chosen["kommun"] = Found(overrides.kommun, "kommandoraden")
    if overrides.verksamhet:
        chosen["verksamhet"] = Found(overrides.verksamhet, "kommandoraden")
    if overrides.year:
        chosen["year"] = Found(str(overrides.year), "kommandoraden")
    for source in sources:
        for key, found in source.items():
            chosen.setdefault(key, found)
    return chosen


def plan_year(chosen: dict[str, Found], header_years: list[int], problems: Problems) -> int:
    found = chosen.get("year")
    year = int_or_none(found.value) if found else None
    if year is not None and schema.YEAR_RANGE[0] <= year <= schema.YEAR_RANGE[1]:
        return year
    guess = max(header_years) if header_years else dt.date.today().year
    problems.warn(f"planens år hittades inte; {guess} används. Skriv året i rubriken (t.ex. "
                  f"Verksamhetsplan {guess}), i en cell \"År: {guess}\", eller ange --ar.")
    chosen["year"] = Found(str(guess), "antaget")
    return guess


def report_period(periods: list[Period], kf_goals: list[KfGoal], wanted: str) -> str:
    """The report period: the one asked for, else the latest with any outcome or status."""
    names = [p.name for p in periods]
    match = match_period(names, wanted) if wanted else None
    if match:
        return match
    used: set[str] = set()
    for kf in kf_goals:
        for row in kf.rows:
            for measure in ((row.indicator.measure if row.indicator else None),
                            (row.ks_goal.measure if row.ks_goal else None)):
                if measure is not None:
                    used.update(p for p, v in measure.outcomes.items() if v is not None)
                    used.update(measure.assessments)
    latest = [name for name in names if name in used]
    return latest[-1] if latest else names[-1]


def make_settings(chosen: dict[str, Found], typed: dict[str, object], year: int,
                  period: str) -> Settings:
    text = {key: found.value for key, found in chosen.items()}
    settings = Settings(kommun=text.get("kommun", ""), verksamhet=text.get("verksamhet", ""),
                        year=year, report_period=period)
    for key in ("short_name", "title", "subtitle", "vision", "mandate_period", "diarienummer",
                "contact", "logo", "note", "kommunkod", "comparison_group"):
        if key in text:
            setattr(settings, key, text[key])
    for key in ("report_date", "default_yellow_band", "combined_green_share",
                "combined_yellow_share"):
        if key in typed:
            setattr(settings, key, typed[key])
    if settings.report_date and "report_date" in chosen:
        settings.report_date_cell = chosen["report_date"].where
    return settings


def settings_notes(chosen: dict[str, Found], problems: Problems,
                   said: frozenset[str] = frozenset()) -> None:
    """What `check` prints about the settings, and a warning for each it could not find
    (except those in `said`: refused already, as an error value, with their cell)."""
    how_kommun = ('en cell "Kommun:" med namnet bredvid, ovanför tabellen, i bladet '
                  "Inställningar eller med --kommun")
    how_verksamhet = ("rubriken (t.ex. Verksamhetsplan 2025 för kommunledningskontoret), i "
                      "bladet Inställningar eller med --verksamhet")
    for key, label, how in (("kommun", "Kommun", how_kommun),
                            ("verksamhet", "Verksamhet", how_verksamhet),
                            ("year", "År", "")):
        found = chosen.get(key)
        if found is None and key in said:
            continue
        if found is None:
            problems.warn(f"{label.lower()} hittades inte; skriv den i {how}.")
            continue
        where = found.where if found.where in ("kommandoraden", "antaget") else \
            f"från {found.where}"
        problems.note(f"{label}: {found.value} ({where})")
    if "kommunkod" in chosen:
        problems.note(f"Kommunkod: {chosen['kommunkod'].value} (från {chosen['kommunkod'].where})")


def apply_overrides(plan: Plan, overrides: Overrides, problems: Problems) -> None:
    """The command line wins over the arbetsbok's Inställningar too."""
    settings = plan.settings
    for key, value in (("kommun", overrides.kommun), ("verksamhet", overrides.verksamhet)):
        if value:
            setattr(settings, key, value)
            problems.note(f"{key.capitalize()}: {value} (kommandoraden)")
    if overrides.year:
        settings.year = overrides.year
        problems.note(f"År: {overrides.year} (kommandoraden)")
