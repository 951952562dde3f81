"""The raw layer: WordprocessingML elements built and changed with lxml, nothing else.

Functions here take and return lxml elements and plain values (twips, hex colours); they know
nothing of python-docx's proxy objects or of the report. Child elements are always inserted in
the order the OOXML schema prescribes, because Word rejects a file whose order is wrong even
where LibreOffice is lenient.

Units: widths, indents and spacing in twips (1/1440 inch; 1 cm = 567 twips), font sizes in
half-points (9 pt = 18), border sizes in eighths of a point.

Elements made by the ten thousand (tables, cells, rows, paragraphs, runs) are built once per
distinct look as a template and deep-copied: lxml copies a small subtree in one C call, several
times faster than creating its elements one by one from Python.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable

from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_CM = 567

# Characters XML 1.0 cannot hold. The writer cleans workbook text before it gets here; this
# is the last line of defence so that a stray character can never make the file unreadable.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# --- schema order (ECMA-376 part 1, the CT_* sequences) ------------------------------------
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
             "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
             "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
             "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
             "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
             "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
             "lang", "eastAsianLayout", "specVanish", "oMath")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
               "shd", "tblLayout", "tblCellMar", "tblLook")
# Only the part of CT_Settings that can follow w:updateFields matters for inserting it.
SETTINGS_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat",
                                "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
                                "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                                "doNotAutoCompressPictures", "forceUpgrade", "captions",
                                "readModeInkLockDown", "smartTagType", "schemaLibrary",
                                "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
                                "listSeparator")
BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


# --- generic helpers -------------------------------------------------------------------------


@functools.cache
def w(name: str) -> str:
    """The Clark name of a w: element or attribute: w("p") -> "{...main}p" (cached: it is
    called for every element of a big table)."""
    return f"{{{W_NS}}}{name}"


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def sub(parent: etree._Element, name: str, **attrs: object) -> etree._Element:
    """Append a w: child with w: attributes (`val="x"` becomes w:val="x")."""
    if not attrs:
        return etree.SubElement(parent, w(name))
    return etree.SubElement(parent, w(name), {w(key): str(value) for key, value in attrs.items()})


def make(name: str, **attrs: object) -> etree._Element:
    """A new w: element. Made by python-docx's parser so that, once inserted, python-docx
    sees its own element classes (CT_P, CT_Tbl, ...) when it walks the tree."""
    element = oxml_parser.makeelement(w(name), nsmap={"w": W_NS})
    for key, value in attrs.items():
        element.set(w(key), str(value))
    return element


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname


# Templates are cached per distinct look (a report has a few dozen of each kind); the bound
# only keeps a long-running process (many workbooks in a batch) from collecting them forever.
_TEMPLATE_CACHE_SIZE = 512


def clone(template: etree._Element) -> etree._Element:
    """A copy of a cached template with all its descendants, free to be changed and inserted.

    lxml's copy of an element already copies the whole subtree; `copy.deepcopy` would only
    add its memo bookkeeping, a third of the cost for elements this small.
    """
    return copy.copy(template)


def first_child(parent: etree._Element, name: str) -> etree._Element | None:
    """The first w:`name` child of `parent`, or None. Faster than `find`, which goes through
    ElementPath: this is asked for every paragraph of a table kept together."""
    return next(parent.iterchildren(w(name)), None)


def get_or_add(parent: etree._Element, name: str, order: tuple[str, ...]) -> etree._Element:
    """The w:`name` child of `parent`, created at its schema position when missing."""
    found = first_child(parent, name)
    if found is not None:
        return found
    # Created in place, so python-docx's element classes apply as with `make`, and then
    # moved to its schema position: cheaper than a standalone element.
    return insert_ordered(parent, etree.SubElement(parent, w(name)), order)


@functools.cache
def _later_tags(order: tuple[str, ...], tag: str) -> frozenset[str]:
    """The w: tags that `order` puts after the element `tag` (none when it is not in it)."""
    name = etree.QName(tag).localname
    if name not in order:
        return frozenset()
    return frozenset(w(later) for later in order[order.index(name) + 1:])


def insert_ordered(parent: etree._Element, child: etree._Element,
                   order: tuple[str, ...]) -> etree._Element:
    """Insert `child` before the first sibling that the schema puts after it."""
    later = _later_tags(order, child.tag)
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def remove_children(parent: etree._Element, name: str) -> None:
    for child in parent.findall(w(name)):
        parent.remove(child)


# --- runs ------------------------------------------------------------------------------------


def new_run_properties(r: etree._Element, *, bold: bool = False, italic: bool = False,
                       size: int | None = None, color: str | None = None,
                       fill: str | None = None, font: str | None = None) -> etree._Element:
    """A fresh w:rPr for a new, empty run: direct character formatting, its children
    written straight in schema order."""
    rpr = sub(r, "rPr")
    if font:
        sub(rpr, "rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)
    if bold:
        sub(rpr, "b")
    if italic:
        sub(rpr, "i")
    if color:
        sub(rpr, "color", val=color)
    if size:
        sub(rpr, "sz", val=size)
        sub(rpr, "szCs", val=size)
    if fill:
        sub(rpr, "shd", val="clear", color="auto", fill=fill.lstrip("#").upper())
    return rpr


def set_fonts(rpr: etree._Element, font: str) -> None:
    """One font for every script; theme attributes are dropped because they win over names."""
    fonts = get_or_add(rpr, "rFonts", RPR_ORDER)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(w(attr), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(w(attr), font)


def add_text(r: etree._Element, text: str) -> None:
    """Text into a run: newlines become w:br, tabs w:tab, spaces are kept."""
    text = xml_safe(text)
    if "\n" not in text and "\t" not in text:  # nearly all text: no need to split it
        if text:
            _add_t(r, text)
        return
    for index, line in enumerate(text.split("\n")):
        if index:
            sub(r, "br")
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                sub(r, "tab")
            if part:
                _add_t(r, part)


def _add_t(r: etree._Element, part: str) -> None:
    t = etree.SubElement(r, w("t"))
    t.text = part
    if part != part.strip():
        t.set(qn("xml:space"), "preserve")


def add_run(p: etree._Element, text: str = "", **fmt: object) -> etree._Element:
    """A run with `text` appended to paragraph `p`; `fmt` as for `new_run_properties`."""
    r = clone(_run_template(**fmt))
    p.append(r)
    if text:
        add_text(r, text)
    return r


@functools.lru_cache(maxsize=_TEMPLATE_CACHE_SIZE, typed=True)
def _run_template(**fmt: object) -> etree._Element:
    r = make("r")
    if any(fmt.values()):
        new_run_properties(r, **fmt)  # type: ignore[arg-type]
    return r


def add_field(p: etree._Element, instruction: str, cached: str, **fmt: object) -> None:
    """A complex field (PAGE, NUMPAGES, ...) with `cached` as its shown result.

    The cached result is what a reader sees until the application recalculates the field,
    so it should be a sensible guess rather than empty.
    """
    def field_run() -> etree._Element:
        r = sub(p, "r")
        if any(fmt.values()):
            new_run_properties(r, **fmt)  # type: ignore[arg-type]
        return r

    sub(field_run(), "fldChar", fldCharType="begin")
    instr = sub(field_run(), "instrText")
    instr.text = f" {instruction} "
    instr.set(qn("xml:space"), "preserve")
    sub(field_run(), "fldChar", fldCharType="separate")
    add_text(field_run(), cached)
    sub(field_run(), "fldChar", fldCharType="end")


# --- paragraphs ------------------------------------------------------------------------------


def paragraph_properties(p: etree._Element) -> etree._Element:
    ppr = first_child(p, "pPr")
    if ppr is None:
        ppr = etree.SubElement(p, w("pPr"))
        p.insert(0, ppr)
    return ppr


def new_paragraph(style_id: str | None = None, *, align: str | None = None,
                  space_before: int | None = None, space_after: int | None = None,
                  line: int | None = None, indent_left: int | None = None,
                  hanging: int | None = None, keep_next: bool = False,
                  outline_level: int | None = None, mark_size: int | None = None,
                  num_id: int | None = None, parent: etree._Element | None = None,
                  ) -> etree._Element:
    """A w:p with the given paragraph properties (only those given are written), appended
    to `parent` when one is given."""
    p = clone(_paragraph_template(style_id, align, space_before, space_after, line,
                                  indent_left, hanging, keep_next, outline_level, mark_size,
                                  num_id))
    if parent is not None:
        parent.append(p)
    return p


@functools.lru_cache(maxsize=_TEMPLATE_CACHE_SIZE, typed=True)
def _paragraph_template(style_id: str | None, align: str | None, space_before: int | None,
                        space_after: int | None, line: int | None, indent_left: int | None,
                        hanging: int | None, keep_next: bool, outline_level: int | None,
                        mark_size: int | None, num_id: int | None) -> etree._Element:
    p = make("p")
    ppr = None

    def props() -> etree._Element:
        nonlocal ppr
        if ppr is None:
            ppr = sub(p, "pPr")
        return ppr

    if style_id:
        sub(props(), "pStyle", val=style_id)
    if keep_next:
        sub(props(), "keepNext")
    if num_id is not None:
        num = sub(props(), "numPr")
        sub(num, "ilvl", val=0)
        sub(num, "numId", val=num_id)
    if space_before is not None or space_after is not None or line is not None:
        spacing = sub(props(), "spacing")
        if space_before is not None:
            spacing.set(w("before"), str(space_before))
        if space_after is not None:
            spacing.set(w("after"), str(space_after))
        if line is not None:
            spacing.set(w("line"), str(line))
            spacing.set(w("lineRule"), "auto")
    if indent_left is not None or hanging is not None:
        ind = sub(props(), "ind")
        if indent_left is not None:
            ind.set(w("left"), str(indent_left))
        if hanging is not None:
            ind.set(w("hanging"), str(hanging))
    if align:
        sub(props(), "jc", val=align)
    if outline_level is not None:
        sub(props(), "outlineLvl", val=outline_level)
    if mark_size is not None:
        mark = sub(props(), "rPr")
        sub(mark, "sz", val=mark_size)
        sub(mark, "szCs", val=mark_size)
    return p


def set_outline_level(ppr: etree._Element, level: int) -> None:
    """Outline level 0 = heading 1: what the navigation pane and a TOC read."""
    get_or_add(ppr, "outlineLvl", PPR_ORDER).set(w("val"), str(level))


def shrink_paragraph(p: etree._Element, size: int = 2) -> None:
    """Make an empty paragraph (e.g. one holding a section break) as small as Word allows."""
    ppr = paragraph_properties(p)
    spacing = get_or_add(ppr, "spacing", PPR_ORDER)
    spacing.set(w("before"), "0")
    spacing.set(w("after"), "0")
    spacing.set(w("line"), "240")
    spacing.set(w("lineRule"), "auto")
    mark = get_or_add(ppr, "rPr", PPR_ORDER)
    get_or_add(mark, "sz", RPR_ORDER).set(w("val"), str(size))
    get_or_add(mark, "szCs", RPR_ORDER).set(w("val"), str(size))


# --- tables ----------------------------------------------------------------------------------


def _set_shading(shd: etree._Element, fill: str) -> None:
    shd.set(w("val"), "clear")
    shd.set(w("color"), "auto")
    shd.set(w("fill"), fill.lstrip("#").upper())


def borders(parent: etree._Element, name: str, color: str, size: int = 4,
            sides: Iterable[str] = BORDER_SIDES) -> etree._Element:
    """A w:tblBorders/w:tcBorders/w:pBdr element with single lines on `sides`."""
    element = sub(parent, name)
    for side in sides:
        sub(element, side, val="single", sz=size, space=0, color=color.lstrip("#"))
    return element


def no_borders(parent: etree._Element, name: str) -> etree._Element:
    element = sub(parent, name)
    for side in BORDER_SIDES:
        sub(element, side, val="nil")
    return element


def new_table(widths: list[int], style_id: str | None = None, *,
              border_color: str | None = "A6A6A6", border_size: int = 4,
              cell_margin: tuple[int, int] = (85, 85), cell_margin_vertical: int = 28,
              ) -> etree._Element:
    """A w:tbl with fixed layout and its grid; rows are added with `new_row`.

    Fixed layout makes Word and LibreOffice use the given widths as they are instead of
    measuring every cell's content, which keeps big tables fast to open and stable.
    """
    return clone(_table_template(tuple(widths), style_id, border_color, border_size,
                                 cell_margin, cell_margin_vertical))


@functools.lru_cache(maxsize=_TEMPLATE_CACHE_SIZE, typed=True)
def _table_template(widths: tuple[int, ...], style_id: str | None, border_color: str | None,
                    border_size: int, cell_margin: tuple[int, int], cell_margin_vertical: int,
                    ) -> etree._Element:
    tbl = make("tbl")
    tblpr = sub(tbl, "tblPr")
    if style_id:
        sub(tblpr, "tblStyle", val=style_id)
    sub(tblpr, "tblW", w=sum(widths), type="dxa")
    if border_color:
        borders(tblpr, "tblBorders", border_color, border_size)
    else:
        no_borders(tblpr, "tblBorders")
    sub(tblpr, "tblLayout", type="fixed")
    margins = sub(tblpr, "tblCellMar")
    sub(margins, "top", w=cell_margin_vertical, type="dxa")
    sub(margins, "left", w=cell_margin[0], type="dxa")
    sub(margins, "bottom", w=cell_margin_vertical, type="dxa")
    sub(margins, "right", w=cell_margin[1], type="dxa")
    # No conditional formatting from the table style: header look is set directly.
    sub(tblpr, "tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0,
        noHBand=1, noVBand=1)
    grid = sub(tbl, "tblGrid")
    for width in widths:
        sub(grid, "gridCol", w=width)
    return tbl


def new_row(tbl: etree._Element, *, header: bool = False, cant_split: bool = True
            ) -> etree._Element:
    """Append a w:tr. `header` repeats it on every page (w:tblHeader); `cant_split` keeps it
    whole on one page (w:cantSplit)."""
    tr = clone(_row_template(header, cant_split))
    tbl.append(tr)
    return tr


@functools.lru_cache(maxsize=_TEMPLATE_CACHE_SIZE, typed=True)
def _row_template(header: bool, cant_split: bool) -> etree._Element:
    tr = make("tr")
    if header or cant_split:
        trpr = sub(tr, "trPr")
        if cant_split:
            sub(trpr, "cantSplit")
        if header:
            sub(trpr, "tblHeader")
    return tr


def new_cell(tr: etree._Element, width: int, *, fill: str | None = None,
             vmerge: str | None = None, span: int = 1, valign: str | None = None,
             ) -> etree._Element:
    """Append a w:tc. `vmerge` is "restart" for the first cell of a vertical merge and
    "continue" for the cells it covers below."""
    tc = clone(_cell_template(width, fill, vmerge, span, valign))
    tr.append(tc)
    return tc


@functools.lru_cache(maxsize=_TEMPLATE_CACHE_SIZE, typed=True)
def _cell_template(width: int, fill: str | None, vmerge: str | None, span: int,
                   valign: str | None) -> etree._Element:
    tc = make("tc")
    tcpr = sub(tc, "tcPr")
    sub(tcpr, "tcW", w=width, type="dxa")
    if span > 1:
        sub(tcpr, "gridSpan", val=span)
    if vmerge == "restart":
        sub(tcpr, "vMerge", val="restart")
    elif vmerge == "continue":
        sub(tcpr, "vMerge")
    if fill:
        _set_shading(sub(tcpr, "shd"), fill)
    if valign:
        sub(tcpr, "vAlign", val=valign)
    return tc


def ensure_cell_paragraph(tc: etree._Element) -> None:
    """Every w:tc must end with a w:p, even an empty or merged-over one."""
    if not len(tc) or tc[-1].tag != w("p"):
        etree.SubElement(tc, w("p"))


# --- sections --------------------------------------------------------------------------------


def strip_title_page(sectpr: etree._Element) -> None:
    """Drop "different first page", so a later section doesn't get the cover-page header."""
    remove_children(sectpr, "titlePg")


# --- document-wide settings ------------------------------------------------------------------


def set_default_language(styles: etree._Element, language: str) -> None:
    """w:lang in the document defaults (styles.xml rPrDefault): spelling and hyphenation."""
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = make("docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = make("rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w("rPr"))
    if rpr is None:
        rpr = sub(rpr_default, "rPr")
    get_or_add(rpr, "lang", RPR_ORDER).set(w("val"), language)


def default_language(styles: etree._Element) -> str | None:
    lang = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}")
    return None if lang is None else lang.get(w("val"))


def set_default_font(styles: etree._Element, font: str, size: int | None = None) -> None:
    """The document default font (and size) in rPrDefault."""
    set_default_language(styles, default_language(styles) or "sv-SE")  # creates the path
    rpr = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    set_fonts(rpr, font)
    if size:
        get_or_add(rpr, "sz", RPR_ORDER).set(w("val"), str(size))
        get_or_add(rpr, "szCs", RPR_ORDER).set(w("val"), str(size))


def set_update_fields(settings: etree._Element) -> None:
    """w:updateFields: Word recalculates fields (page numbers, a TOC) when opening."""
    element = settings.find(w("updateFields"))
    if element is None:
        element = make("updateFields")
        for sibling in settings:
            if isinstance(sibling.tag, str) and local_name(sibling) in SETTINGS_AFTER_UPDATE_FIELDS:
                sibling.addprevious(element)
                break
        else:
            settings.append(element)
    element.set(w("val"), "true")


# --- numbering -------------------------------------------------------------------------------


def add_bullet_numbering(numbering: etree._Element, *, indent: int = 357, hanging: int = 357,
                         font: str | None = None) -> int:
    """Add a one-level bullet list definition to numbering.xml; returns its w:numId."""
    abstract_ids = [int(a.get(w("abstractNumId"))) for a in numbering.findall(w("abstractNum"))]
    num_ids = [int(n.get(w("numId"))) for n in numbering.findall(w("num"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    abstract = make("abstractNum", abstractNumId=abstract_id)
    sub(abstract, "multiLevelType", val="singleLevel")
    lvl = sub(abstract, "lvl", ilvl=0)
    sub(lvl, "start", val=1)
    sub(lvl, "numFmt", val="bullet")
    sub(lvl, "lvlText", val="•")
    sub(lvl, "lvlJc", val="left")
    ppr = sub(lvl, "pPr")
    sub(ppr, "ind", left=indent, hanging=hanging)
    if font:
        set_fonts(sub(lvl, "rPr"), font)
    # Schema: every abstractNum comes before the first num.
    first_num = numbering.find(w("num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = make("num", numId=num_id)
    sub(num, "abstractNumId", val=abstract_id)
    cleanup = numbering.find(w("numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(num)
    else:
        numbering.append(num)
    return num_id
