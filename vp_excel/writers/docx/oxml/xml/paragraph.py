"""Paragraphs (w:p, w:pPr): styles, spacing, indents, outline levels, list numbering."""

from __future__ import annotations

import functools

from lxml import etree

from .base import (
    _TEMPLATE_CACHE_SIZE,
    PPR_ORDER,
    RPR_ORDER,
    clone,
    first_child,
    get_or_add,
    make,
    sub,
    w,
)


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
