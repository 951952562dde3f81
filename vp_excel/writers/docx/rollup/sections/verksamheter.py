"""Per verksamhet: the sentence for the period, the previous period's and the change."""

from __future__ import annotations

from .....rollup import frames as F
from .....rules import TREND_ARROWS, Summary
from .....schema import GREEN, RED, YELLOW
from ...styles import GREY_TEXT
from ..context import RollupContext


def write_verksamheter(ctx: RollupContext) -> None:
    ctx.heading("Per verksamhet", 1)
    for name, now, before in ctx.tables.verksamhet_summaries():
        ctx.heading(name, 2)
        trend = trend_text(ctx.tables, name)
        if trend:
            ctx.sentence(TREND_LABEL, trend, keep_next=True)
        previous = ctx.tables.previous.get(name)
        has_before = before is not None and previous is not None
        ctx.sentence(ctx.period, F.rollup_sentence(now), keep_next=has_before)
        if before is None or previous is None:
            ctx.para("Verksamheten har ingen tidigare period att jämföra med.",
                     run={"italic": True, "color": GREY_TEXT})
            continue
        ctx.sentence(f"Föregående period {previous}", F.rollup_sentence(before),
                     keep_next=True)
        ctx.sentence("Förändring", change(now, before))


TREND_LABEL = "Utveckling mot samma period året innan"


def trend_text(tables: F.RollupTables, name: str) -> str:
    """The verksamhet's trend with arrow and word and what it is made of: "↑ Förbättrad
    (3 förbättrade, 1 oförändrad, 1 försämrad)"; "" when no KS mål has a trend."""
    word = tables.verksamhet_trends().get(name, "")
    if not word:
        return ""
    counts = tables.trend_counts(name)
    parts = [f"{counts['Förbättrad']} förbättrade", f"{counts['Oförändrad']} oförändrade",
             f"{counts['Försämrad']} försämrade"]
    return f"{TREND_ARROWS[word]} {word} (KS-målen: {', '.join(parts)})"


def change(now: Summary, before: Summary) -> str:
    """"GRÖNA +2, GULA −1, RÖDA 0" against the previous period."""
    parts = []
    for status, word in ((GREEN, "GRÖNA"), (YELLOW, "GULA"), (RED, "RÖDA")):
        diff = now.counts[status] - before.counts[status]
        sign = "+" if diff > 0 else "−" if diff < 0 else "±"
        parts.append(f"{word} {sign}{abs(diff)}")
    return ", ".join(parts)
