"""What the documents will leave out because the workbook leaves it empty, as `check`
warnings: a section (Texter) without text is not printed under an empty heading."""

from __future__ import annotations

from .errors import Location
from .model import Plan, Problem
from .schema import TEXTS_SHEET
from .text import clean_text


def empty_section_warnings(plan: Plan) -> list[Problem]:
    """One warning per heading of the Texter sheet whose texts are all empty."""
    filled: set[str] = set()
    headings: dict[str, str] = {}
    for item in plan.texts:
        heading = clean_text(item.heading)
        if not heading:
            continue
        headings.setdefault(heading.casefold(), heading)
        if clean_text(item.text):
            filled.add(heading.casefold())
    return [Problem(f"avsnittet \u201d{heading}\u201d har ingen text och tas inte med i "
                    "dokumentet. Skriv texten i kolumnen Text eller ta bort raden.",
                    Location(plan.source_file, TEXTS_SHEET), is_error=False)
            for key, heading in headings.items() if key not in filled]
