"""Accessibility marks python-docx has no API for: alt text on drawings (wp:docPr/@descr)."""

from __future__ import annotations

from lxml import etree

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def set_alt_text(container: etree._Element, description: str) -> int:
    """Give every drawing inside `container` the alt text `description` (what a screen reader
    says); returns how many drawings got it."""
    marked = 0
    for doc_pr in container.iter(f"{{{WP_NS}}}docPr"):
        doc_pr.set("descr", description)
        marked += 1
    return marked
