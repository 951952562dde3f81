"""The format is described once in code (schema.py) and once for people (docs/arbetsbok.md):
the two must name the same sheets, columns, settings and allowed values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vp_excel import schema

DOC = Path(__file__).resolve().parent.parent / "docs" / "arbetsbok.md"


def _section_first_cells(title: str) -> set[str]:
    """The first column of the table rows (not header rows) under the heading `## title`."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    cells = set()
    for index, line in enumerate(lines):
        is_header = index + 1 < len(lines) and lines[index + 1].startswith("|---")
        if line.startswith("|---") or is_header:
            continue
        first = line.strip("|").split("|")[0].strip()
        cells.add(re.sub(r"\s*\*P\*$", "", first))
    return cells


@pytest.mark.parametrize("title, columns", [
    ("Mål", schema.GOAL_COLUMNS + schema.PERIOD_COLUMNS),
    ("Aktiviteter", schema.ACTIVITY_COLUMNS),
    ("Texter", schema.TEXT_COLUMNS),
])
def test_doc_and_schema_name_the_same_columns(title, columns):
    documented = _section_first_cells(title)
    in_code = {c.header for c in columns}
    assert documented == in_code


def test_doc_and_schema_name_the_same_settings():
    assert _section_first_cells("Inställningar") == {s.label for s in schema.SETTINGS}


@pytest.mark.parametrize("values", [schema.RULES, schema.ACTIVITY_STATUSES, schema.STATUSES,
                                    schema.UNITS_SUGGESTED, schema.SOURCES])
def test_doc_lists_the_allowed_values(values):
    text = DOC.read_text(encoding="utf-8")
    assert all(value in text for value in values)
