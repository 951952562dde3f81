"""Fills a plan's empty indicator outcomes from fetched Kolada values; pure, no network.

A value staff typed is never overwritten: one that differs from Kolada's is a warning on its
cell with both values. Every filled outcome records its source in `Measure.sources`
("Källa: Kolada, N00090, hämtad 2026-11-29"), which both writers show beside the value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .. import schema
from ..errors import Location
from ..model import KfIndicator, Plan, Problem
from ..rules import Evaluation
from ..spool import edited_indicators
from ..swedish import format_value
from .cache import Cached
from .fetch import Fetch, kolada_periods, normalize_id


@dataclass
class Filled:
    indicator: KfIndicator
    period: str
    kpi: str
    value: float


@dataclass
class FillReport:
    filled: list[Filled] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # warnings only


def source_text(kpi: str, entry: Cached) -> str:
    return f"Källa: Kolada, {kpi}, hämtad {entry.fetched_date.isoformat()}"


def kolada_value(value: float, unit: str) -> float:
    """Kolada gives percentages as numbers of percent (6.5); the plan keeps shares (0.065)."""
    return value / 100 if unit == "%" else value


def same_value(typed: float, fetched: float) -> bool:
    return math.isclose(typed, fetched, rel_tol=1e-6, abs_tol=1e-9)


def fill_plan(plan: Plan, fetch: Fetch, period: str | None = None) -> FillReport:
    report = FillReport()
    where = Location(plan.source_file)
    for message in fetch.messages:
        report.problems.append(Problem(message, where, is_error=False))
    full_years = kolada_periods(plan, period)
    kommun = fetch.kommun
    told_unknown: set[str] = set()
    for indicator in edited_indicators(plan.kf_goals):
        kpi = normalize_id(indicator.kolada_id)
        if not kpi:
            continue
        measure = indicator.measure
        name = _short(indicator.name)
        if kpi in fetch.unknown:
            if kpi not in told_unknown and not any(kpi in m for m in fetch.messages):
                report.problems.append(Problem(
                    f'Kolada känner inte nyckeltalet "{kpi}" (indikatorn "{name}"); rätta '
                    "Kolada-id, sök med vp-excel kolada sok.", where, is_error=False))
            told_unknown.add(kpi)
            continue
        if measure.rule == schema.YES_NO:
            report.problems.append(Problem(
                f'indikatorn "{name}" bedöms Ja/Nej, men Kolada ger tal; {kpi} hämtas inte.',
                where, is_error=False))
            continue
        if not kommun:
            continue
        for span in full_years:
            entry = fetch.values.get((kpi, span.year))
            typed = measure.outcomes.get(span.name)
            cell = indicator.outcome_cells.get(span.name, where)
            if entry is None:
                continue  # not asked or not answered: the fetch's own message says so
            if entry.value is None:
                if typed is None:
                    report.problems.append(Problem(
                        f"Kolada har inget värde för {kpi} år {span.year} i kommun {kommun} "
                        f'(indikatorn "{name}"); utfallet för {span.name} står kvar tomt.',
                        cell, is_error=False))
                continue
            value = kolada_value(entry.value, measure.unit)
            if typed is None:
                measure.outcomes[span.name] = value
                measure.sources[span.name] = source_text(kpi, entry)
                report.filled.append(Filled(indicator, span.name, kpi, value))
                indicator.source = indicator.source or "Kolada"
            elif isinstance(typed, bool) or not same_value(float(typed), value):
                report.problems.append(Problem(
                    f"indikatorutfallet för {span.name} är "
                    f"{format_value(typed, measure.unit)} i arbetsboken men "
                    f"{format_value(value, measure.unit)} i Kolada ({kpi}, hämtad "
                    f"{entry.fetched_date.isoformat()}); det inskrivna värdet behålls.",
                    cell, is_error=False))
    return report


def filled_lines(report: FillReport, evaluation: Evaluation) -> list[str]:
    """One terminal line per fetched value, with the status the rules give it."""
    lines = []
    for item in report.filled:
        status = evaluation.indicator_status(item.indicator, item.period)
        measure = item.indicator.measure
        lines.append(f'Kolada: "{_short(item.indicator.name)}" {item.period} = '
                     f"{format_value(item.value, measure.unit)}, indikatorstatus "
                     f"{status.label} ({measure.sources[item.period]})")
    return lines


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
