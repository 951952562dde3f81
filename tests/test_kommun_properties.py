"""The kommun's own workbook, damaged at random: cells overwritten with what staff type
(statuses, symbols, signs, footnotes, titles, header words, huge numbers) and cells merged.
`check` ends in its report or in one Swedish message, never in a traceback, and the input's
bytes are untouched."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import kommun_layouts
import openpyxl
from builders import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TYPED = ["", "-", "GRÖN", "röd", "Uppfyllt", "😊", "≥≥ 2", "12,8\n15,8*)", "max", "Summa",
         "(utfall 2023= 1)", "Utfall T1 2025", "KS mål", "Målvärde", 0, -1, 1e20, 3.5, "Ja",
         "Nej", "x" * 300, "Kommun:", "Verksamhetsplan 2030 för x", "Senaste status", "1)",
         "kvinnor", "Kolada-id", "T2", None]
edit = st.tuples(st.integers(0, 5), st.integers(1, 25), st.integers(1, 10),
                 st.sampled_from(TYPED), st.integers(0, 3), st.integers(0, 2))


@settings(deadline=None, suppress_health_check=list(HealthCheck))  # examples: conftest.py
@given(name=st.sampled_from(sorted(kommun_layouts.LAYOUTS)),
       edits=st.lists(edit, min_size=1, max_size=8), merge=st.booleans())
def test_damaged_kommun_workbooks_get_a_report_or_one_message(name, edits, merge):
    with tempfile.TemporaryDirectory() as folder:
        path = kommun_layouts.make(name, Path(folder))
        book = openpyxl.load_workbook(path)
        for sheet_index, row, col, value, down, right in edits:
            sheet = book.worksheets[sheet_index % len(book.worksheets)]
            cell = sheet.cell(row, col)
            if isinstance(cell, openpyxl.cell.cell.MergedCell):
                continue
            cell.value = value
            if merge and down + right:
                sheet.merge_cells(start_row=row, start_column=col, end_row=row + down,
                                  end_column=col + right)
        book.save(path)
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        result = run_cli("check", str(path))
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            result.output
        assert "Traceback" not in result.output and "internt fel" not in result.output
        lines = result.output.strip().splitlines()
        if result.exit_code == 0:
            assert f"{path.name}: 0 fel" in result.output
        elif lines[-1].startswith("vp-excel: "):  # nothing to read: one message
            assert len(lines) == 1, result.output
        else:  # errors by cell, then the report
            assert result.exit_code == 1
            assert any(line.startswith(f"{path.name}: ") and " 0 fel" not in line
                       for line in lines), result.output
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
