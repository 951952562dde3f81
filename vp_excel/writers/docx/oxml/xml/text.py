"""Runs, text and fields (w:r, w:rPr, w:t, w:br, w:tab, w:fldChar): text as Word shows it."""

from __future__ import annotations

import functools

from docx.oxml.ns import qn
from lxml import etree

from .base import _TEMPLATE_CACHE_SIZE, RPR_ORDER, clone, get_or_add, make, sub, w, xml_safe


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
