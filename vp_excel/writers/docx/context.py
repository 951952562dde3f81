"""The report being written: its plan, evaluation, document kind, styles, body and page
estimate, and the small writing helpers (heading, paragraph, fact, table) every section uses."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.section import Section
from lxml import etree

from ...model import Plan
from ...rules import Evaluation
from ...text import clean_text
from .kinds import VERKSAMHETSPLAN, document_title
from .labels import text_parts
from .layout import PageEstimate, chars_per_line
from .oxml import BodyStory, TableBuilder, TableLook, text_width, xml
from .styles import BORDER_GREY, HEADER_FILL, Styles


class ReportContext:
    """What the sections share while they append to one document, top to bottom."""

    def __init__(self, evaluation: Evaluation, document: DocxDocument, kind: str,
                 has_template: bool):
        self.evaluation = evaluation
        self.plan: Plan = evaluation.plan
        self.document = document
        self.kind = kind
        self.has_template = has_template
        self.settings = self.plan.settings
        self.period = self.plan.period(evaluation.period)
        self.title = document_title(self.plan, self.period, kind)
        self.warnings: list[str] = []
        self.body = BodyStory(document)
        self.estimate = PageEstimate()
        self.styles = Styles()
        self.width = 0  # text width of the current section, twips

    @property
    def is_plan(self) -> bool:
        return self.kind == VERKSAMHETSPLAN

    def begin_section(self, section: Section, kind: str) -> None:
        self.width = text_width(section)
        self.estimate.start(kind)

    def heading(self, text: str, level: int) -> None:
        text = clean_text(text) or "–"
        self.body.paragraph(text, self.styles[f"Heading {level}"])
        self.estimate.text(text, chars_per_line(self.width, 26), extra=1.5)

    def para(self, text: str = "", *, style: str | None = None, run: dict | None = None,
             **props: object) -> etree._Element:
        p = self.body.paragraph(text, style, run=run, **props)
        self.estimate.text(text, chars_per_line(self.width))
        return p

    def fact(self, label: str, value: str, *, after: int = 40, keep_next: bool = True
             ) -> etree._Element:
        """A line "Label: value" with the label in bold; kept on the page of what follows,
        so a KS mål's heading and facts are not split over two pages."""
        p = self.body.paragraph(space_after=after, keep_next=keep_next)
        xml.add_run(p, f"{label}: ", bold=True)
        xml.add_run(p, value)
        self.estimate.text(f"{label}: {value}", chars_per_line(self.width))
        return p

    def text_blocks(self, text: str, keep_next: bool = False) -> None:
        """Workbook text as paragraphs; a block of "•" lines becomes a bullet list."""
        for kind, part in text_parts(text):
            self.para(part, style=self.styles.bullet_id if kind == "li" else None,
                      keep_next=keep_next)

    def table(self, shares: tuple[float, ...] | list[float]) -> TableBuilder:
        """A full-width table; column widths as shares of the text width."""
        widths = [int(self.width * share) for share in shares]
        widths[-1] = self.width - sum(widths[:-1])
        look = TableLook(style_id=self.styles["Table Grid"], border_color=BORDER_GREY,
                         header_fill=HEADER_FILL)
        return self.body.table(widths, look)

    def after_table(self) -> None:
        """A small gap after a table, so the next table or heading doesn't touch it."""
        self.body.paragraph(space_before=0, space_after=0, mark_size=8)
