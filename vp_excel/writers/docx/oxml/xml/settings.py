"""Document-wide parts: section properties, the style defaults in styles.xml (language,
font), settings.xml (the compatibility mode) and numbering.xml (bullet lists)."""

from __future__ import annotations

from lxml import etree

from .base import (
    RPR_ORDER,
    get_or_add,
    make,
    remove_children,
    sub,
    w,
)
from .text import set_fonts


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


# --- compatibility ---------------------------------------------------------------------------

WORD_URI = "http://schemas.microsoft.com/office/word"
# What follows w:compat in settings.xml (CT_Settings), so a new w:compat goes before them.
_AFTER_COMPAT = ("docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
                 "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
                 "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                 "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
                 "listSeparator")


def set_compatibility_mode(settings: etree._Element, mode: int) -> None:
    """w:compat/w:compatSetting compatibilityMode = `mode` (15: Word 2013 and later)."""
    compat = settings.find(w("compat"))
    if compat is None:
        compat = make("compat")
        later = [child for child in settings
                 if isinstance(child.tag, str) and child.tag.split("}")[-1] in _AFTER_COMPAT]
        if later:
            later[0].addprevious(compat)
        else:
            settings.append(compat)
    for setting in compat.findall(w("compatSetting")):
        if setting.get(w("name")) == "compatibilityMode":
            setting.set(w("val"), str(mode))
            return
    setting = sub(compat, "compatSetting")
    for key, value in (("name", "compatibilityMode"), ("uri", WORD_URI), ("val", str(mode))):
        setting.set(w(key), value)
