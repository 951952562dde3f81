"""God ekonomisk hushållning: the förvaltningsberättelse's sentence and the goals it counts,
in a table whose columns are wide enough for every word (no name broken mid-word)."""

from __future__ import annotations

from typing import Any

from .....rollup import frames as F
from .....schema import STATUS_FILL
from .....text import clean_text
from ...layout import fit_shares, minimum_share
from ...styles import SMALL_SIZE
from ..context import RollupContext

ECONOMY_GOALS = "mål för god ekonomisk hushållning"
GOAL_TITLES = ("Verksamhet", "KS mål", "Utfall", "Målvärde", "Status")
GOAL_SHARES = (0.22, 0.36, 0.14, 0.14, 0.14)
GOAL_KEYS = (F.VERKSAMHET, F.KS, F.OUTCOME, F.TARGET, F.STATUS)


def write_economy(ctx: RollupContext) -> None:
    ctx.heading("God ekonomisk hushållning", 1)
    goals = ctx.tables.economy_goals()
    summary = ctx.tables.summary(goals)
    # Kept with the table below it: the heading, sentence and table start on one page.
    ctx.para(F.economy_sentence(summary), space_after=80, keep_next=not goals.empty)
    prognosis = ctx.tables.prognosis_sentence(goals, ECONOMY_GOALS)
    if prognosis:
        ctx.para(prognosis, space_after=80, keep_next=True)
    if goals.empty:
        return
    kfs = ", ".join(f"”{kf}”" for kf in dict.fromkeys(goals[F.KF]))
    ctx.para(f"Målen under KF ÖG mål {kfs}:", space_after=60, keep_next=True)
    goal_table(ctx, goals)


def goal_table(ctx: RollupContext, goals: Any) -> None:
    rows = [dict(zip(F.GOAL_COLUMNS, goal)) for goal in goals.itertuples(index=False)]
    minimums = [minimum_share([title, *(clean_text(values[key]) for values in rows)],
                              ctx.width)
                for title, key in zip(GOAL_TITLES, GOAL_KEYS)]
    table = ctx.table(fit_shares(list(GOAL_SHARES), minimums), rows=len(rows) + 1)
    text = ctx.styles.table_text
    table.header_row(list(GOAL_TITLES), style_id=text)
    for values in rows:
        row = table.row()
        for key in GOAL_KEYS[:-1]:
            row.cell().text(clean_text(values[key]), text)
        status = values[F.STATUS]
        cell = row.cell(fill=STATUS_FILL.get(status), valign="center")
        cell.text(status, text, align="center", bold=True)
        if values[F.MANUAL] == "Ja":
            cell.text("(manuell)", text, align="center", size=SMALL_SIZE)
    ctx.end_table(table)
