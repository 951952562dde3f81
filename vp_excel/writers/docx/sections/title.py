"""The title block: kommun, the document's title, the plan's subtitle, facts and vision."""

from __future__ import annotations

import datetime as dt

from .... import reproducible
from ....text import clean_text
from ..context import ReportContext
from ..labels import period_span, swedish_date
from ..oxml import xml
from ..styles import GREY_TEXT, HEADING_COLOR


def report_date(ctx: ReportContext) -> dt.date:
    return ctx.settings.report_date or reproducible.today()


def write_title_block(ctx: ReportContext) -> None:
    settings = ctx.settings
    kommun = clean_text(settings.kommun)
    if kommun:
        ctx.para(kommun, run={"size": 24, "color": GREY_TEXT, "bold": True}, space_after=60)
    ctx.para(ctx.title, style=ctx.styles["Title"])
    for line in (settings.title, settings.subtitle):
        line = clean_text(line)
        if line and line != ctx.title:
            ctx.para(line, style=ctx.styles["Subtitle"])
    # A plan is not a report on its starting period: no period line, and a date only when
    # the workbook gives one.
    facts = [("Period", "" if ctx.is_plan else period_span(ctx.period)),
             ("Rapportdatum", swedish_date(report_date(ctx))
              if settings.report_date or not ctx.is_plan else ""),
             ("Diarienummer", clean_text(settings.diarienummer)),
             ("Kontaktperson", clean_text(settings.contact)),
             ("Mandatperiod", clean_text(settings.mandate_period))]
    for label, value in facts:
        if value:
            ctx.fact(label, value, after=0, keep_next=False)
    vision = clean_text(settings.vision)
    if vision:
        p = ctx.para(space_before=160, space_after=120)
        xml.add_run(p, "Vision: ", bold=True, color=HEADING_COLOR)
        xml.add_run(p, vision, italic=True, color=HEADING_COLOR)
