"""The report's styles: the house look without a template, the template's own styles with one."""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE

from .oxml import document as docops
from .oxml import xml

FONT = "Arial"  # Liberation Sans has the same metrics, so LibreOffice pages match Word's
BODY_PT = 10
TABLE_SIZE = 18  # half-points: 9 pt in tables
SMALL_SIZE = 15  # 7.5 pt for secondary lines
HEADING_COLOR = "1F3864"
GREY_TEXT = "595959"
BORDER_GREY = "A6A6A6"
HEADER_FILL = "E7E6E6"
KF_FILL = "F2F2F2"
TABLE_TEXT_STYLE = "Tabelltext"
TABLE_BULLET_STYLE = "Tabellpunkt"


@dataclass(frozen=True)
class _StyleSpec:
    """A style the report uses and the built-in look it gets when a template lacks it."""

    name: str
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    size_pt: float | None = None
    bold: bool | None = None
    color: str | None = None
    before_pt: float | None = None
    after_pt: float | None = None
    outline_level: int | None = None


_STYLE_SPECS = (
    _StyleSpec("Title", size_pt=20, bold=True, color=HEADING_COLOR, before_pt=0, after_pt=4),
    _StyleSpec("Subtitle", size_pt=12, bold=False, color="404040", before_pt=0, after_pt=6),
    _StyleSpec("Heading 1", size_pt=15, bold=True, color=HEADING_COLOR, before_pt=18,
               after_pt=6, outline_level=0),
    _StyleSpec("Heading 2", size_pt=12.5, bold=True, color=HEADING_COLOR, before_pt=14,
               after_pt=4, outline_level=1),
    _StyleSpec("Heading 3", size_pt=10.5, bold=True, color="262626", before_pt=10, after_pt=3,
               outline_level=2),
    _StyleSpec("List Bullet", after_pt=2),
    _StyleSpec("Table Grid", kind=WD_STYLE_TYPE.TABLE),
)


@dataclass
class Styles:
    """Style ids by the names the report uses, after making sure each exists."""

    ids: dict[str, str] = field(default_factory=dict)
    bullet_id: str = ""
    table_text: str = ""
    table_bullet: str = ""

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


def prepare_styles(document: DocxDocument, has_template: bool, warnings: list[str]) -> Styles:
    styles = Styles()
    if not has_template:
        _house_defaults(document)
    for spec in _STYLE_SPECS:
        style = docops.find_style(document, spec.name, spec.kind)
        if style is None:
            if has_template:
                warnings.append(f"Mallen saknar formatmallen {spec.name}; standardutseende "
                                "används.")
            style = docops.add_style(document, spec.name, spec.kind,
                                     base=None if spec.kind == WD_STYLE_TYPE.TABLE else "Normal")
            _apply_look(document, style, spec, font=None if has_template else FONT)
        elif not has_template:
            _apply_look(document, style, spec, font=FONT)
        styles.ids[spec.name] = style.style_id
    styles.bullet_id = styles.ids["List Bullet"]
    table_text = _table_text_style(document)
    styles.table_text = table_text.style_id
    styles.table_bullet = _table_bullet_style(document).style_id
    return styles


def _house_defaults(document: DocxDocument) -> None:
    """The sober look without a template: Arial 10 pt, A4, compact spacing."""
    docops.set_default_font(document, FONT, BODY_PT)
    normal = docops.find_style(document, "Normal", WD_STYLE_TYPE.PARAGRAPH)
    if normal is not None:
        docops.style_paragraph(normal, before_pt=0, after_pt=6, line_spacing=1.1)


def _apply_look(document: DocxDocument, style, spec: _StyleSpec, font: str | None) -> None:
    if spec.kind == WD_STYLE_TYPE.TABLE:
        docops.table_style_borders(style, BORDER_GREY)
        return
    if spec.name == "List Bullet":
        if style.element.pPr is None or style.element.pPr.numPr is None:
            docops.style_numbering(style, docops.bullet_list_id(document), 357, 357)
        docops.style_paragraph(style, after_pt=spec.after_pt)
        return
    docops.style_font(style, font=font, size_pt=spec.size_pt, bold=spec.bold, italic=False,
                      color=spec.color)
    docops.style_paragraph(style, before_pt=spec.before_pt, after_pt=spec.after_pt,
                           keep_next=spec.outline_level is not None,
                           outline_level=spec.outline_level)
    ppr = style.element.pPr
    if ppr is not None:  # the default Title's coloured rule under it is not sober
        xml.remove_children(ppr, "pBdr")


def _table_text_style(document: DocxDocument):
    """Compact 9 pt text for table cells: our own style, added when missing."""
    style = docops.find_style(document, TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    if style is None:
        style = docops.add_style(document, TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        docops.style_font(style, size_pt=TABLE_SIZE / 2)
        docops.style_paragraph(style, before_pt=0, after_pt=0, line_spacing=1.0)
    return style


def _table_bullet_style(document: DocxDocument):
    """Compact bullets for table cells: table text in a bullet list of its own. Sharing List
    Bullet's list does not work: a list level linked to a style (w:pStyle) is ignored by
    LibreOffice for every other style."""
    style = docops.find_style(document, TABLE_BULLET_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    if style is not None:
        return style
    style = docops.add_style(document, TABLE_BULLET_STYLE, WD_STYLE_TYPE.PARAGRAPH,
                             base=TABLE_TEXT_STYLE)
    docops.style_numbering(style, docops.bullet_list_id(document, 227, 170), 227, 170)
    return style
