"""The Word document for a period: verksamhetsplan, delårsrapport or årsrapport (python-docx),
laid out after the kommun's own plan document.

A verksamhetsplan (the period is the plan's starting point) is the plan as the kommun writes
it: title block, texts, "Utgångsläge sammanfattning …" and the plan table. A delårsrapport
or årsrapport adds the summary with the previous period and the analysis per KS mål. The plan
table stands in a landscape section, one table per KF ÖG mål. Headings are real Heading 1-3
styles; the page header shows "1(7)" from PAGE and NUMPAGES fields, which Word and
LibreOffice count when they lay out the pages (no update-fields question on opening).

With a template the kommun's styles, page set-up, headers and footers are kept and only the
body is replaced. The sections live in `sections/`; big tables are built as XML row by row
(`oxml.table`), never through python-docx's cell lookups, which are quadratic, and the body
is written into the file as it grows (`base.DocumentWriter.write`).
"""

from __future__ import annotations

from pathlib import Path

import docx

from ... import reproducible
from ...rules import Evaluation
from ...text import clean_text
from .base import LANGUAGE
from .context import ReportContext
from .kinds import DOCUMENT_NAMES, DOCUMENTS, document_kind
from .labels import indicator_label, period_span, report_title, swedish_date
from .oxml import set_orientation
from .sections.analysis import write_analysis
from .sections.header import find_logo, write_headers
from .sections.plan_table import has_plan_tables, write_plan_tables
from .sections.summary import write_starting_point, write_summary
from .sections.texts import write_texts
from .sections.title import write_title_block
from .template import open_template

__all__ = [
    "DOCUMENTS",
    "indicator_label",
    "period_span",
    "report_title",
    "swedish_date",
    "write_document",
]


def write_document(evaluation: Evaluation, path: str | Path, template: Path | None = None,
                   kind: str | None = None) -> list[str]:
    """Write the Word document for `evaluation.period` to `path`; returns Swedish warnings.

    `kind` (verksamhetsplan, delarsrapport, arsrapport) overrides the document the period
    makes by default (see `kinds.document_kind`)."""
    document = open_template(template) if template else docx.Document()
    plan = evaluation.plan
    if kind is None:
        kind = document_kind(plan, plan.period(evaluation.period))
    ctx = ReportContext(evaluation, document, kind, has_template=template is not None)
    ctx.write(path, lambda: _write(ctx))
    return ctx.warnings


def _write(ctx: ReportContext) -> None:
    first = ctx.prepare()
    logo = find_logo(ctx)
    ctx.page_setup(first, top_cm=2.7 if logo else 2.5)
    set_orientation(first, landscape=False)
    ctx.begin_section(first, "portrait")
    write_title_block(ctx)
    write_texts(ctx)
    if not ctx.is_plan:
        write_summary(ctx)
    # The plan table in a landscape section of its own; no empty landscape page without it.
    tables = has_plan_tables(ctx)
    if tables:
        ctx.begin_section(ctx.section_break(landscape=True), "landscape")
    if ctx.is_plan:
        write_starting_point(ctx)
    write_plan_tables(ctx)
    if not ctx.is_plan and tables:
        ctx.begin_section(ctx.section_break(landscape=False), "analysis")
    if not ctx.is_plan:
        write_analysis(ctx)
    write_headers(ctx, logo)
    _core_properties(ctx)


def _core_properties(ctx: ReportContext) -> None:
    """Title and language in the file's properties: what a screen reader, a PDF and a
    search engine show (EN 301 549 / WCAG 2.4.2, 3.1.1)."""
    props = ctx.document.core_properties
    settings = ctx.settings
    author = clean_text(settings.contact) or clean_text(settings.kommun)
    now = reproducible.now().replace(tzinfo=None)  # SOURCE_DATE_EPOCH when set
    props.title = ctx.title[:255]
    props.subject = (clean_text(settings.subtitle) or clean_text(settings.title)
                     or DOCUMENT_NAMES[ctx.kind])[:255]
    props.author = author[:255]
    props.last_modified_by = author[:255]
    props.language = LANGUAGE
    props.keywords = "verksamhetsplan; uppföljning; måluppfyllelse"
    props.comments = ""
    props.category = DOCUMENT_NAMES[ctx.kind]
    props.created = now
    props.modified = now
    props.revision = 1
