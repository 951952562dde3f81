"""Sammanfattning: the plan's own summary sentence, a motivation shared by many goals said
once, and the count of KS-mål per status for each KF ÖG mål."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ....model import KsGoal
from ....rules import Evaluation, summary_sentence
from ....schema import GREEN, NOT_ASSESSED, RED, STATUS_FILL, YELLOW
from ....text import clean_text
from ..context import ReportContext
from ..oxml import xml
from ..styles import HEADER_FILL, KF_FILL
from .readers import prognosis_summary_sentence

COUNT_STATUSES = (GREEN, YELLOW, RED, NOT_ASSESSED)
COUNT_SHARES = (0.44, 0.11, 0.11, 0.11, 0.12, 0.11)


def shared_motivations(evaluation: Evaluation) -> list[str]:
    """Motivations of the period's manual assessments that stand under two goals or more:
    said once in the summary instead of under every goal, in the order first written.

    Two passes over the plan, so that no text is kept per goal: the first counts each
    motivation's hash (an int), the second counts only the texts whose hash came twice (a
    hash shared by two different texts is told apart there)."""
    hashes = Counter(hash(reason) for reason in _motivations(evaluation) if reason)
    twice = {value for value, count in hashes.items() if count > 1}
    del hashes
    reasons = Counter(reason for reason in _motivations(evaluation)
                      if reason and hash(reason) in twice)
    return [reason for reason, count in reasons.items() if count > 1]


def said_once(ctx: ReportContext) -> list[str]:
    """`shared_motivations` of the report, found once for all its sections."""
    if ctx.said_once is None:
        ctx.said_once = shared_motivations(ctx.evaluation)
    return ctx.said_once


def _motivations(evaluation: Evaluation) -> Iterator[str]:
    for goal in evaluation.plan.iter_ks_goals():
        yield motivation(evaluation, goal)


def motivation(evaluation: Evaluation, goal: KsGoal) -> str:
    """The motivation staff wrote for the goal's manual assessment this period; "" when they
    wrote none (the document then says nothing, rather than a stand-in phrase)."""
    written = goal.measure.motivations.get(evaluation.period, "")
    if not written or not evaluation.ks_status(goal, explain=False).manual:
        return ""  # the text first: most goals have none, and then no status is needed
    return clean_text(written)


def write_starting_point(ctx: ReportContext) -> None:
    """The plan's line above its table: "Utgångsläge sammanfattning Helår 2024: av 8 …"."""
    sentence = summary_sentence(ctx.evaluation.summary())
    p = ctx.para(space_after=120, keep_next=True)
    xml.add_run(p, f"Utgångsläge sammanfattning {clean_text(ctx.period.name)}: ", bold=True)
    xml.add_run(p, sentence)


def write_summary(ctx: ReportContext) -> None:
    ctx.heading("Sammanfattning och måluppfyllelse", 1)
    periods = [ctx.evaluation.period]
    if ctx.evaluation.previous_period:
        periods.append(ctx.evaluation.previous_period)
    for name in periods:
        sentence = summary_sentence(ctx.evaluation.summary(name))
        p = ctx.para(space_after=80)
        xml.add_run(p, f"Sammanfattning {clean_text(name)}: ", bold=True)
        xml.add_run(p, sentence)
    prognosis = prognosis_summary_sentence(ctx.evaluation)
    if prognosis:
        p = ctx.para(space_after=80)
        xml.add_run(p, "Prognos helår: ", bold=True)
        xml.add_run(p, prognosis)
    for reason in said_once(ctx):
        ctx.fact("Motivering", reason, after=80, keep_next=False)
    if not ctx.plan.kf_goals:
        return
    ctx.para(f"KS-målens status per KF ÖG mål, {clean_text(ctx.evaluation.period)}:",
             space_before=120, space_after=60, keep_next=True)
    _count_table(ctx)


def _count_table(ctx: ReportContext) -> None:
    # The header, a row per KF ÖG mål and the total: kept on one page when short.
    table = ctx.table(COUNT_SHARES, rows=len(ctx.plan.kf_goals) + 2)
    text = ctx.styles.table_text
    row = table.row(header=True)
    row.cell(fill=HEADER_FILL, valign="bottom").text("KF ÖG mål", text, bold=True)
    for status in COUNT_STATUSES:
        row.cell(fill=STATUS_FILL[status], valign="bottom").text(
            status, text, align="center", bold=True)
    row.cell(fill=HEADER_FILL, valign="bottom").text("Totalt", text, align="center", bold=True)
    totals = {status: 0 for status in COUNT_STATUSES}
    for kf in ctx.plan.kf_goals:
        counts = ctx.evaluation.summary(kf_goal=kf).counts
        row = table.row()
        row.cell().text(clean_text(kf.name), text)
        for status in COUNT_STATUSES:
            totals[status] += counts[status]
            row.cell().text(str(counts[status]), text, align="center")
        row.cell().text(str(sum(counts.values())), text, align="center")
    row = table.row()
    row.cell(fill=KF_FILL).text("Totalt", text, bold=True)
    for status in COUNT_STATUSES:
        row.cell(fill=KF_FILL).text(str(totals[status]), text, align="center", bold=True)
    row.cell(fill=KF_FILL).text(str(sum(totals.values())), text, align="center", bold=True)
    table.finish()
    ctx.estimate.add(1.3 * (len(ctx.plan.kf_goals) + 2))
    ctx.after_table()
