"""Document-wide helpers over python-docx objects: language, field updates, styles, headers.

Each function takes python-docx's own objects (Document, Section, style) and does with raw
XML (see `xml`) what python-docx has no API for.
"""

from __future__ import annotations

from typing import cast

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml.parser import parse_xml
from docx.parts.numbering import NumberingPart
from docx.section import Section
from docx.shared import Pt, RGBColor
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle

from . import xml
from .body import Story


def set_document_language(document: DocxDocument, language: str) -> None:
    """The default language of all text (styles.xml w:rPrDefault/w:lang)."""
    xml.set_default_language(document.styles.element, language)


def set_default_font(document: DocxDocument, font: str, size_pt: float | None = None) -> None:
    xml.set_default_font(document.styles.element, font,
                         int(size_pt * 2) if size_pt else None)


def drop_update_fields(document: DocxDocument) -> None:
    """No w:updateFields (a template may carry one): Word would ask the reader whether to
    update fields on every opening. Page fields in headers are counted at layout anyway."""
    xml.remove_children(document.settings.element, "updateFields")


def set_compatibility_mode(document: DocxDocument, mode: int = 15) -> None:
    """Word 2013+ layout (w:compatibilityMode 15): python-docx's blank document says 14, and
    Word then opens it in "Kompatibilitetsläge" with the older layout rules."""
    xml.set_compatibility_mode(document.settings.element, mode)


def find_style(document: DocxDocument, name: str, kind: WD_STYLE_TYPE) -> BaseStyle | None:
    """The style called `name` (Word's English built-in name, e.g. "Heading 1") or None.

    Word stores built-in styles under their English names whatever the user's language, so
    a Swedish template's "Rubrik 1" is found as "Heading 1".
    """
    try:
        style = document.styles[name]
    except KeyError:
        return None
    return style if style.type == kind else None


def add_style(document: DocxDocument, name: str, kind: WD_STYLE_TYPE,
              base: str | None = "Normal") -> BaseStyle:
    style = document.styles.add_style(name, kind)
    if base:
        base_style = find_style(document, base, kind)
        if base_style is not None:
            style.base_style = base_style
    return style


def style_font(style: BaseStyle, *, font: str | None = None, size_pt: float | None = None,
               bold: bool | None = None, italic: bool | None = None,
               color: str | None = None) -> None:
    """Set a style's character look (a character or paragraph style); a named font replaces
    theme fonts."""
    character = cast(CharacterStyle, style)
    if font:
        xml.set_fonts(style.element.get_or_add_rPr(), font)
    if size_pt is not None:
        character.font.size = Pt(size_pt)
    if bold is not None:
        character.font.bold = bold
    if italic is not None:
        character.font.italic = italic
    if color:
        character.font.color.rgb = RGBColor.from_string(color)


def style_paragraph(style: BaseStyle, *, before_pt: float | None = None,
                    after_pt: float | None = None, keep_next: bool = False,
                    outline_level: int | None = None, line_spacing: float | None = None,
                    ) -> None:
    fmt = cast(ParagraphStyle, style).paragraph_format
    if before_pt is not None:
        fmt.space_before = Pt(before_pt)
    if after_pt is not None:
        fmt.space_after = Pt(after_pt)
    if line_spacing is not None:
        fmt.line_spacing = line_spacing
    if keep_next:
        fmt.keep_with_next = True
    if outline_level is not None:
        xml.set_outline_level(style.element.get_or_add_pPr(), outline_level)


def style_numbering(style: BaseStyle, num_id: int, indent: int, hanging: int) -> None:
    """Make a paragraph style a list style: w:numPr with `num_id` and a hanging indent."""
    ppr = style.element.get_or_add_pPr()
    num = xml.get_or_add(ppr, "numPr", xml.PPR_ORDER)
    for child in list(num):
        num.remove(child)
    xml.sub(num, "ilvl", val=0)
    xml.sub(num, "numId", val=num_id)
    ind = xml.get_or_add(ppr, "ind", xml.PPR_ORDER)
    ind.set(xml.w("left"), str(indent))
    ind.set(xml.w("hanging"), str(hanging))


def table_style_borders(style: BaseStyle, color: str, size: int = 4) -> None:
    """Give a table style single borders all round and inside (what "Table Grid" looks like)."""
    tblpr = style.element.find(xml.w("tblPr"))
    if tblpr is None:
        tblpr = xml.make("tblPr")
        rpr = style.element.find(xml.w("rPr"))
        ppr = style.element.find(xml.w("pPr"))
        anchor = rpr if rpr is not None else ppr
        if anchor is not None:
            anchor.addnext(tblpr)
        else:
            style.element.append(tblpr)
    xml.remove_children(tblpr, "tblBorders")
    element = xml.borders(tblpr, "tblBorders", color, size)
    tblpr.remove(element)
    xml.insert_ordered(tblpr, element, xml.TBLPR_ORDER)


def bullet_list_id(document: DocxDocument, indent: int = 357, hanging: int = 357) -> int:
    """A new bullet list definition in the document's numbering part (made if missing)."""
    return xml.add_bullet_numbering(numbering_element(document), indent=indent,
                                    hanging=hanging)


def numbering_element(document: DocxDocument):
    """The w:numbering root, adding a numbering part to the package when there is none
    (python-docx's own `numbering_part` cannot create one)."""
    part = document.part
    try:
        return cast(XmlPart, part.part_related_by(RT.NUMBERING)).element
    except KeyError:
        element = parse_xml(f'<w:numbering xmlns:w="{xml.W_NS}"/>')
        partname = part.package.next_partname("/word/numbering%d.xml")
        numbering = NumberingPart(partname, CT.WML_NUMBERING, element, part.package)
        part.relate_to(numbering, RT.NUMBERING)
        return element


def own_header(section: Section) -> Story:
    """The section's own, emptied header to write into (unlinked from the previous one)."""
    header = section.header
    header.is_linked_to_previous = False
    element = header._element
    for child in list(element):
        element.remove(child)
    return Story(element)


def has_header(section: Section) -> bool:
    """Whether the section (or one before it, through linking) defines any header."""
    return bool(section._sectPr.xpath("w:headerReference"))


def drop_thumbnail(document: DocxDocument) -> None:
    """Remove the package's preview picture: python-docx's default template carries one of
    its own blank page, which file browsers would show instead of the report."""
    rels = document.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        rels.pop(rid)


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def drop_styles_with_effects(document: DocxDocument) -> None:
    """Remove word/stylesWithEffects.xml, a second copy of the styles that Word 2010 keeps.

    It would not hold the styles changed or added here; without it every Word reads
    styles.xml, as it does for files from Word 2007 or LibreOffice.
    """
    rels = document.part.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == STYLES_WITH_EFFECTS]:
        rels.pop(rid)
