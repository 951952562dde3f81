"""The workbook's own texts (Texter sheet) under their headings, Inledning first; a heading
whose texts are all empty is left out."""

from __future__ import annotations

from ....model import Plan
from ....text import clean_text
from ..context import ReportContext
from ..labels import paragraphs_of


def write_texts(ctx: ReportContext) -> None:
    for heading, bodies in grouped_texts(ctx.plan, ctx.period.name):
        if heading:  # an untitled text stands under the heading before it
            ctx.heading(heading, 1)
        for body in bodies:
            ctx.text_blocks(body)


def grouped_texts(plan: Plan, period: str) -> list[tuple[str, list[str]]]:
    """The period's texts with words in them, grouped by heading in workbook order,
    Inledning first."""
    groups: dict[str, tuple[str, list[str]]] = {}
    for item in plan.texts_for(period):
        if not paragraphs_of(item.text):
            continue
        heading = clean_text(item.heading)
        groups.setdefault(heading.casefold(), (heading, []))[1].append(item.text)
    ordered = sorted(groups.items(), key=lambda entry: entry[0] != "inledning")
    return [value for _key, value in ordered]
