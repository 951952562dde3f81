"""Appending to a document body (or a header) without python-docx's per-call searches.

python-docx inserts each new paragraph by searching the body for the final w:sectPr; with
tens of thousands of paragraphs that adds up. `Story` keeps the insertion point instead.
A `BodyStory` given a `stream.BodyStream` keeps nothing: each block is written to the
stream once the next one begins (a table row by row), and dropped.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.section import Section
from docx.shared import Cm
from lxml import etree

from . import xml
from .stream import BodyStream
from .table import TableBuilder, TableLook


class Story:
    """Block content (paragraphs, tables) appended in order to a body, header or cell."""

    def __init__(self, container: etree._Element, anchor: etree._Element | None = None):
        self.container = container
        self.anchor = anchor  # new content goes before it (the body's final w:sectPr)

    def append(self, element: etree._Element) -> etree._Element:
        if self.anchor is not None:
            self.anchor.addprevious(element)
        else:
            self.container.append(element)
        return element

    def paragraph(self, text: str = "", style_id: str | None = None, *,
                  run: dict | None = None, **props: object) -> etree._Element:
        """A paragraph with an optional first run of `text` (`run` holds its formatting)."""
        p = self.append(xml.new_paragraph(style_id, **props))  # type: ignore[arg-type]
        if text:
            xml.add_run(p, text, **(run or {}))
        return p

    def table(self, widths: list[int], look: TableLook | None = None, *,
              rows: int | None = None) -> TableBuilder:
        """A table; `rows`, when given, is how many it will have (see `TableBuilder`)."""
        builder = TableBuilder(widths, look or TableLook(), rows=rows)
        self.append(builder.element)
        return builder


class BodyStory(Story):
    """The document body: content goes before the final w:sectPr, which stays last."""

    def __init__(self, document: DocxDocument):
        body = document.element.body
        super().__init__(body, body.get_or_add_sectPr())
        self.document = document
        self.stream: BodyStream | None = None
        self._pending: etree._Element | None = None  # the block still being filled

    def write_to(self, stream: BodyStream) -> None:
        """From now on each block goes to `stream` once complete, instead of the tree."""
        self.stream = stream

    def append(self, element: etree._Element) -> etree._Element:
        if self.stream is None:
            return super().append(element)
        self.flush()
        self._pending = element
        return element

    def table(self, widths: list[int], look: TableLook | None = None, *,
              rows: int | None = None) -> TableBuilder:
        if self.stream is None:
            return super().table(widths, look, rows=rows)
        self.flush()
        return TableBuilder(widths, look or TableLook(), rows=rows, stream=self.stream)

    def flush(self) -> None:
        """Write the block being filled (the next one has begun, or the body ends)."""
        if self._pending is not None and self.stream is not None:
            self.stream.block(self._pending)
        self._pending = None

    def clear(self) -> None:
        """Remove all content but keep the final w:sectPr (a template's page set-up)."""
        for child in list(self.container):
            if child is not self.anchor:
                self.container.remove(child)

    def section_break(self, *, landscape: bool, start: WD_SECTION = WD_SECTION.NEW_PAGE
                      ) -> tuple[Section, Section]:
        """End the current section here and start a new one, portrait or landscape; returns
        the ended section and the new one.

        The ended section keeps its header references; the new one inherits them (Word's
        "link to previous") until it gets its own. The tiny paragraph holding the break keeps
        a full page from spilling an empty line onto a page of its own.
        """
        final = self.anchor
        assert final is not None, "the body has a final w:sectPr"
        ended = final.clone()
        holder = self.paragraph()
        xml.shrink_paragraph(holder)
        xml.paragraph_properties(holder).append(ended)
        for reference in final.xpath("w:headerReference|w:footerReference"):
            final.remove(reference)
        xml.strip_title_page(final)
        section = Section(final, self.document.part)
        section.start_type = start
        set_orientation(section, landscape)
        return Section(ended, self.document.part), section


def set_orientation(section: Section, landscape: bool) -> None:
    """Turn the page, swapping width and height when they disagree with the orientation."""
    width, height = section.page_width, section.page_height
    if width is None or height is None:
        width, height = Cm(21), Cm(29.7)  # A4
    wide = width > height
    if wide != landscape:
        width, height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height


def text_width(section: Section) -> int:
    """The width between the margins, in twips."""
    emu = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    return int(emu / 635)
