"""What both Word reports share: the document prepared the same way, the A4 page set-up,
section widths, and the writing helpers (heading, paragraph, fact, table) their sections use.

`context.ReportContext` (a verksamhet's period report) and `rollup.context.RollupContext`
(the kommun's roll-up) are `DocumentWriter`s; each adds what its own sections read.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.section import Section
from docx.shared import Cm
from lxml import etree

from ...text import clean_text
from .labels import text_parts
from .layout import PageEstimate, chars_per_line
from .oxml import BodyStory, Story, TableBuilder, TableLook, text_width, xml
from .oxml import document as docops
from .styles import BORDER_GREY, HEADER_FILL, Styles, prepare_styles

LANGUAGE = "sv-SE"


class DocumentWriter:
    """One document being written top to bottom: its body, styles, current text width and
    page estimate."""

    def __init__(self, document: DocxDocument, has_template: bool = False):
        self.document = document
        self.has_template = has_template
        self.warnings: list[str] = []
        self.body = BodyStory(document)
        self.estimate = PageEstimate()
        self.styles = Styles()
        self.width = 0  # text width of the current section, twips

    # --- the document ---------------------------------------------------------------------
    def prepare(self) -> Section:
        """An empty body in the house style (or the template's), language sv-SE, Word 2013+
        compatibility and no field-update question; returns the first section."""
        document = self.document
        self.body.clear()
        self.styles = prepare_styles(document, self.has_template, self.warnings)
        docops.set_document_language(document, LANGUAGE)
        docops.drop_styles_with_effects(document)
        docops.drop_update_fields(document)
        docops.set_compatibility_mode(document)
        if not self.has_template:
            docops.drop_thumbnail(document)
        return document.sections[-1]

    def page_setup(self, section: Section, top_cm: float = 2.5) -> None:
        """A4 with the house margins (a template keeps its own)."""
        if self.has_template:
            return
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = Cm(top_cm)
        section.bottom_margin = Cm(2)
        section.header_distance = section.footer_distance = Cm(1)

    def begin_section(self, section: Section, kind: str) -> None:
        self.width = text_width(section)
        self.estimate.start(kind)

    # --- writing helpers ------------------------------------------------------------------
    def heading(self, text: str, level: int) -> None:
        """A real heading, kept with what follows: a heading never ends a page (set on the
        paragraph too, as a template's heading style may lack it)."""
        text = clean_text(text) or "–"
        self.body.paragraph(text, self.styles[f"Heading {level}"], keep_next=True)
        self.estimate.text(text, chars_per_line(self.width, 26), extra=1.5)

    def para(self, text: str = "", *, style: str | None = None, run: dict | None = None,
             **props: object) -> etree._Element:
        p = self.body.paragraph(text, style, run=run, **props)
        self.estimate.text(text, chars_per_line(self.width))
        return p

    def fact(self, label: str, value: str, *, after: int = 40, keep_next: bool = True
             ) -> etree._Element:
        """A line "Label: value" with the label in bold; kept on the page of what follows,
        so a heading and its facts are not split over two pages."""
        p = self.body.paragraph(space_after=after, keep_next=keep_next)
        xml.add_run(p, f"{label}: ", bold=True)
        xml.add_run(p, clean_text(value))
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

    def end_table(self, table: TableBuilder, keep_together_rows: int = 15) -> None:
        """Close `table` (kept on one page when it has at most `keep_together_rows` rows)
        and leave the small gap after it."""
        table.finish(keep_together=table.rows <= keep_together_rows)
        self.after_table()


# --- the page header's shared parts -------------------------------------------------------------


def page_count(page: etree._Element, pages: int = 1) -> None:
    """"1(7)" in a header paragraph. NUMPAGES carries `pages` as its shown result; Word and
    LibreOffice recount it when they lay out the pages, without asking to update fields."""
    xml.add_field(page, "PAGE", "1", size=20)
    xml.add_run(page, "(", size=20)
    xml.add_field(page, "NUMPAGES", str(pages), size=20)
    xml.add_run(page, ")", size=20)


def header_rule(story: Story) -> None:
    """The thin rule under the header; a header must end with a paragraph, and this is it."""
    rule = story.paragraph(space_before=40, space_after=0, mark_size=4)
    border = xml.get_or_add(xml.paragraph_properties(rule), "pBdr", xml.PPR_ORDER)
    xml.sub(border, "bottom", val="single", sz=4, space=1, color=BORDER_GREY)
