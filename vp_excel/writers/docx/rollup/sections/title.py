"""Title block: kommun, title, period, date, the verksamheter, and those that are missing."""

from __future__ import annotations

from ..... import reproducible
from .....text import clean_text
from ...labels import swedish_date
from ...oxml import xml
from ...styles import GREY_TEXT
from ..context import RollupContext


def write_title(ctx: RollupContext) -> None:
    collected = ctx.collected
    if collected.kommun:
        ctx.para(clean_text(collected.kommun), run={"size": 24, "color": GREY_TEXT, "bold": True},
                 space_after=60)
    ctx.para(clean_text(ctx.result.title), style=ctx.styles["Title"])
    names = ctx.tables.verksamheter
    for label, value in (("Period", collected.period),
                         ("Rapportdatum", swedish_date(reproducible.today())),
                         (f"Verksamheter ({len(names)})", ", ".join(names))):
        ctx.bold_line(label, value, space_after=0)
    if collected.missing:
        ctx.heading("Verksamheter som saknas i sammanställningen", 2)
        ctx.para("Följande arbetsböcker är inte med, och deras mål finns inte i någon "
                 "siffra i rapporten:", space_after=40, keep_next=True)
        for item in collected.missing:
            p = ctx.body.paragraph(style_id=ctx.styles.bullet_id)
            xml.add_run(p, f"{clean_text(item.name)}: ", bold=True)
            xml.add_run(p, clean_text(item.reason))
