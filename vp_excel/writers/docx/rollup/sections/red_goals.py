"""Mål som inte nås: every RÖD goal with verksamhet, outcome, målvärde and analysis. A goal
without an analysis says nothing about it; the section's opening counts them once, instead
of a filler line under every goal."""

from __future__ import annotations

from typing import Any

from .....rollup import frames as F
from .....schema import RED, STATUS_FILL
from .....text import clean_text
from ...oxml import xml
from ..context import RollupContext


def red_intro(red: Any, total: int, period: str) -> str:
    """The section's opening: how many goals are RÖDA, and how many of them have no analysis
    (said once here rather than under every goal). `red` is `RollupTables.red_goals()`."""
    without = sum(1 for analysis in red[F.ANALYSIS] if not clean_text(analysis))
    note = ""
    if without:
        note = (" Inget av dem har en analys skriven för perioden." if without == len(red)
                else f" {without} av dem har ingen analys skriven för perioden.")
    return (f"{len(red)} av {total} mål är RÖDA för {period}, med verksamhetens utfall, "
            f"målvärde och analys.{note}")


def write_red_goals(ctx: RollupContext) -> None:
    ctx.heading("Mål som inte nås", 1)
    red = ctx.tables.red_goals()
    if red.empty:
        ctx.para(f"Inget mål är RÖTT för {ctx.period}.")
        return
    ctx.para(red_intro(red, len(ctx.tables.goals), ctx.period), space_after=80)
    for name in ctx.tables.verksamheter:
        own = red[red[F.VERKSAMHET] == name]
        if own.empty:
            continue
        ctx.heading(name, 2)
        for goal in own.itertuples(index=False):
            _red_goal(ctx, dict(zip(F.GOAL_COLUMNS, goal)))


def _red_goal(ctx: RollupContext, values: dict[str, Any]) -> None:
    ctx.heading(values[F.KS], 3)
    for label, key in (("KF ÖG mål", F.KF), ("Utfall", F.OUTCOME), ("Målvärde", F.TARGET)):
        if values[key]:
            ctx.fact(label, values[key], after=20)
    analysis = clean_text(values[F.ANALYSIS])
    p = ctx.body.paragraph(space_after=40 if analysis else 80, keep_next=bool(analysis))
    xml.add_run(p, "Status: ", bold=True)
    xml.add_run(p, "\u00a0RÖD\u00a0", bold=True, fill=STATUS_FILL[RED])
    if values[F.MANUAL] == "Ja":
        xml.add_run(p, " (manuell bedömning)")
    if analysis:
        ctx.fact("Analys", analysis, after=80, keep_next=False)
