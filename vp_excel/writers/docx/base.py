"""What both Word reports share: the document prepared the same way, written as a stream
into its package, the A4 page set-up, sections and their headers, and the writing helpers
(heading, paragraph, fact, table) their sections use.

`context.ReportContext` (a verksamhet's period report) and `rollup.context.RollupContext`
(the kommun's roll-up) are `DocumentWriter`s; each adds what its own sections read.

The body is never held whole: `write` opens the package, the sections emit their blocks,
and each block is serialised into word/document.xml and dropped once the next begins
(`oxml.stream`). Every section's header part is made when the section begins, since its
reference is written with the section; its content (the page count needs the whole body's
estimate) is filled at the end, before the header parts are written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.section import Section
from docx.shared import Cm
from lxml import etree

from ...text import clean_text
from .labels import text_parts
from .layout import PageEstimate, chars_per_line
from .oxml import BodyStory, Story, TableBuilder, TableLook, text_width, xml
from .oxml import document as docops
from .oxml.stream import PackageStream
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
        # Each section and its own header to fill (None where the template's header stays).
        self.sections: list[tuple[Section, Story | None]] = []
        self.own_headers = True

    # --- the document ---------------------------------------------------------------------
    def write(self, path: str | Path, sections: Callable[[], None]) -> None:
        """Prepare the document, run `sections` (which write the body top to bottom and
        fill the headers) with the body streamed into the package at `path`, then write the
        package's other parts."""
        package = PackageStream(self.document, path)
        try:
            self.body.write_to(package.body)
            sections()
            self.body.flush()
            package.close()
        except BaseException:
            package.abort()
            raise

    def prepare(self, own_headers: bool = True) -> Section:
        """An empty body in the house style (or the template's), language sv-SE, Word 2013+
        compatibility and no field-update question; returns the first section. With
        `own_headers`, every section gets a header of its own, unless a template brings
        one."""
        document = self.document
        self.body.clear()
        self.styles = prepare_styles(document, self.has_template, self.warnings)
        docops.set_document_language(document, LANGUAGE)
        docops.drop_styles_with_effects(document)
        docops.drop_update_fields(document)
        docops.set_compatibility_mode(document)
        if not self.has_template:
            docops.drop_thumbnail(document)
        first = document.sections[-1]
        self.own_headers = own_headers and not (self.has_template and docops.has_header(first))
        self._add_section(first)
        return first

    def section_break(self, *, landscape: bool) -> Section:
        """End the current section and start a new one, portrait or landscape; the text
        width follows it."""
        ended, section = self.body.section_break(landscape=landscape)
        # The ended section's page set-up and header reference now live in its own w:sectPr.
        self.sections[-1] = (ended, self.sections[-1][1])
        self._add_section(section)
        self.width = text_width(section)
        return section

    def _add_section(self, section: Section) -> None:
        self.sections.append((section, docops.own_header(section) if self.own_headers
                              else None))

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

    def table(self, shares: tuple[float, ...] | list[float], rows: int | None = None
              ) -> TableBuilder:
        """A full-width table; column widths as shares of the text width. `rows`: how many
        rows it will have, header rows included, when it is to be kept on one page if
        short (at most `KEEP_TOGETHER_ROWS`)."""
        widths = [int(self.width * share) for share in shares]
        widths[-1] = self.width - sum(widths[:-1])
        look = TableLook(style_id=self.styles["Table Grid"], border_color=BORDER_GREY,
                         header_fill=HEADER_FILL)
        return self.body.table(widths, look, rows=rows)

    def after_table(self) -> None:
        """A small gap after a table, so the next table or heading doesn't touch it."""
        self.body.paragraph(space_before=0, space_after=0, mark_size=8)

    def end_table(self, table: TableBuilder) -> None:
        """Close `table` and leave the small gap after it."""
        table.finish()
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
