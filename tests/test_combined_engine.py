"""A goal judged by its indicators (Sammanvägning): `rules.assess_combined` and the workbook's
formula agree, proved by LibreOffice recalculating reports whose cached values were poisoned.
The plans: the kommun layouts with goal rows and a nämndplan, and a plan at the rule's edges
(none measured, exactly half, all met, a manual override, other shares in Inställningar)."""

from __future__ import annotations

from pathlib import Path

import kommun_layouts
import pytest
from helpers_edge_cases import (
    P1,
    P2,
    P3,
    WRONG_CACHE,
    header_columns,
    load,
    poison_cached_values,
)

from vp_excel import schema
from vp_excel.libreoffice import find_soffice, recalculate_xlsx
from vp_excel.model import (
    KfGoal,
    KfIndicator,
    KsGoal,
    Measure,
    Period,
    Plan,
    PlanRow,
    Settings,
)
from vp_excel.reader import read_plan
from vp_excel.rules import assess_combined, evaluate
from vp_excel.writers.xlsx import write_report_workbook

PERIODS = (P1, P2, P3)


def _indicator(name: str, target: float, outcomes: tuple) -> KfIndicator:
    return KfIndicator(name, "", Measure(schema.HIGHER, target,
                                         outcomes=dict(zip(PERIODS, outcomes))))


def edge_plan(green: float = 1.0, yellow: float = 0.5) -> Plan:
    """Goals whose indicators meet their targets in every combination worth proving."""
    plan = Plan(Settings("Testby kommun", "KLK", 2025, P2, combined_green_share=green,
                         combined_yellow_share=yellow),
                [Period(P1, 2025, 1, 4), Period(P2, 2025, 1, 8), Period(P3, 2025, 1, 12)])
    cases = [
        # goal, [(indicator outcomes per period)], manual
        ("Alla uppfyllda", [(5, 5, None), (7, 6, None)], {}),
        ("Exakt hälften", [(5, 1, None), (1, 1, None), (9, 6, None), (2, 1, None)], {}),
        ("Färre än hälften", [(1, 1, None), (1, 9, None), (1, 1, None)], {}),
        ("Ingen mätt", [(None, None, None), (None, None, None)], {}),
        ("Manuell vinner", [(9, 9, None)], {P2: "RÖD"}),
        ("Tre av fyra", [(9, 9, 9), (9, 9, 9), (9, 9, 9), (1, 1, 1)], {}),
    ]
    kf = KfGoal("Mål")
    for text, indicators, manual in cases:
        goal = KsGoal(text, Measure(schema.COMBINED, assessments=dict(manual)))
        for i, outcomes in enumerate(indicators):
            indicator = _indicator(f"{text}: indikator {i + 1}", 5, outcomes)
            row = PlanRow(indicator=indicator, ks_goal=goal if i == 0 else None)
            goal.indicators.append(indicator)
            kf.rows.append(row)
    plan.kf_goals.append(kf)
    return plan


@pytest.mark.parametrize("statuses, green, yellow, expected", [
    (["GRÖN", "GRÖN"], 1.0, 0.5, ("GRÖN", "2 av 2 indikatorer")),
    (["GRÖN", "RÖD", "GUL", "RÖD"], 1.0, 0.5, ("RÖD", "1 av 4 indikatorer")),
    (["GRÖN", "GRÖN", "RÖD", "RÖD"], 1.0, 0.5, ("GUL", "2 av 4 indikatorer")),
    (["GRÖN", "RÖD", "RÖD"], 1.0, 0.5, ("RÖD", "1 av 3 indikatorer")),
    (["Ej bedömd", "GRÖN"], 1.0, 0.5, ("GRÖN", "1 av 1 indikatorer")),
    (["Ej bedömd"], 1.0, 0.5, ("Ej bedömd", "ingen indikator är mätt")),
    ([], 1.0, 0.5, ("Ej bedömd", "ingen indikator är mätt")),
    (["GRÖN", "GRÖN", "GRÖN", "RÖD"], 0.75, 0.5, ("GRÖN", "3 av 4 indikatorer")),
    (["GRÖN", "RÖD", "RÖD", "RÖD"], 1.0, 0.25, ("GUL", "1 av 4 indikatorer")),
])
def test_assess_combined(statuses, green, yellow, expected):
    result = assess_combined(Measure(schema.COMBINED), P1, statuses, green, yellow)
    assert (result.status, result.reason) == expected


def test_gul_indicators_are_not_met():
    """Met means GRÖN: two GUL and two GRÖN is half met, so GUL, not GRÖN."""
    result = assess_combined(Measure(schema.COMBINED), P1, ["GRÖN", "GUL", "GUL", "GRÖN"])
    assert result.status == "GUL"


needs_soffice = pytest.mark.skipif(find_soffice() is None,
                                   reason="LibreOffice (soffice) is not installed")


def _plans(folder: Path) -> dict[str, Plan]:
    plans = {"edge": edge_plan(), "shares": edge_plan(green=0.75, yellow=0.25)}
    for name in ("goal_rows", "namndplan"):
        plans[name] = read_plan(kommun_layouts.make(name, folder))[0]
    return plans


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("combined")
    results = {}
    for name, plan in _plans(folder).items():
        report = folder / f"{name}.xlsx"
        write_report_workbook(evaluate(plan), report)
        poisoned = poison_cached_values(report, folder / f"{name}-input.xlsx")
        written = recalculate_xlsx(poisoned, folder / f"{name}-out")
        results[name] = (read_plan(report)[0], load(written, data_only=True))
    return results


@needs_soffice
@pytest.mark.parametrize("name", ["edge", "shares", "goal_rows", "namndplan"])
def test_the_formula_agrees_with_rules(recalculated, name):
    plan, book = recalculated[name]
    evaluation = evaluate(plan)
    goals = book[schema.GOALS_SHEET]
    cols = header_columns(goals)
    combined = [g for g in plan.ks_goals if g.measure.rule == schema.COMBINED]
    assert combined, "the plan has goals judged by their indicators"
    rows = {id(r.ks_goal): r.sheet_rows[0] for kf in plan.kf_goals for r in kf.rows
            if r.ks_goal}
    seen = set()
    for goal in combined:
        for period in plan.period_names:
            got = goals.cell(rows[id(goal)], cols[f"Status {period}"]).value
            assert got != WRONG_CACHE
            assert got == evaluation.ks_status(goal, period).status, (goal.text, period)
            seen.add(got)
    if name == "edge":
        assert seen == {*schema.STATUSES, schema.NOT_ASSESSED}
