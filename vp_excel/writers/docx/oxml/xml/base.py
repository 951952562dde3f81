"""The raw layer's base: the w: namespace, the schema orders, and the helpers every element
family uses (make, sub, clone, get_or_add, insert_ordered).

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

from docx.oxml.parser import oxml_parser
from lxml import etree

from .....text import xml_safe

__all__ = ["BORDER_SIDES", "PPR_ORDER", "RPR_ORDER",
           "TBLPR_ORDER", "TWIPS_PER_CM", "W_NS", "clone", "first_child", "get_or_add",
           "insert_ordered", "local_name", "make", "remove_children", "sub", "w", "xml_safe"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_CM = 567

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
BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


# --- generic helpers -------------------------------------------------------------------------


@functools.cache
def w(name: str) -> str:
    """The Clark name of a w: element or attribute: w("p") -> "{...main}p" (cached: it is
    called for every element of a big table)."""
    return f"{{{W_NS}}}{name}"


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
