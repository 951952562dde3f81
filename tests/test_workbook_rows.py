"""The report workbook of a large plan: its row-ordered sheets (Mål, Uppföljning, Aktiviteter,
Texter) held a row at a time (xlsxwriter's constant_memory mode, `_RowOrderWorksheet`) must
say exactly what the same workbook put together in memory says: every cell's value, formula
and format, every row's height, the tables, drop-downs, colours, comments and print setup.

The examples are small, so they are written both ways by lowering the row count at which a
workbook stops being put together in memory."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from builders import EXAMPLES
from helpers_edge_cases import edge_plan, load

from vp_excel.reader import read_plan
from vp_excel.rules import evaluate
from vp_excel.writers.xlsx import workbook as workbook_module
from vp_excel.writers.xlsx import write_report_workbook

ROW_ORDER_SHEETS = ("Mål", "Uppföljning", "Aktiviteter", "Texter")


def _plans():
    yield "edge", edge_plan()
    for name, source in EXAMPLES.items():
        yield name, read_plan(source)[0]


PLANS = dict(_plans())


def _write_both(plan, folder: Path, monkeypatch) -> tuple[Path, Path]:
    evaluation = evaluate(plan)
    whole, rows = folder / "whole.xlsx", folder / "rows.xlsx"
    write_report_workbook(evaluation, whole)
    monkeypatch.setattr(workbook_module, "IN_MEMORY_MAX_ROWS", -1)
    write_report_workbook(evaluation, rows)
    return whole, rows


def _sheet_xml(path: Path, title: str) -> str:
    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml").decode()
        names = re.findall(r'<sheet name="([^"]+)"', book)
        return archive.read(f"xl/worksheets/sheet{names.index(title) + 1}.xml").decode()


def _cell(cell) -> tuple:
    font, fill, align, border = cell.font, cell.fill, cell.alignment, cell.border
    return (cell.value, cell.data_type, cell.number_format, font.b, font.name, font.sz,
            font.color.rgb if font.color is not None else None, fill.fill_type,
            fill.fgColor.rgb, align.horizontal, align.vertical, align.wrap_text,
            border.left.style, border.left.color.rgb if border.left.color else None)


def _sheet(sheet) -> dict:
    """What a sheet says, as openpyxl reads it."""
    return {
        "cells": {cell.coordinate: _cell(cell) for row in sheet.iter_rows() for cell in row
                  if cell.value is not None or cell.has_style},
        "heights": {row: dim.height for row, dim in sheet.row_dimensions.items()
                    if dim.height is not None},
        "columns": {key: (dim.width, dim.hidden, dim.outline_level)
                    for key, dim in sheet.column_dimensions.items()},
        "tables": {table.name: (table.ref, [c.name for c in table.tableColumns],
                                table.tableStyleInfo.name if table.tableStyleInfo else None)
                   for table in sheet.tables.values()},
        "validations": sorted((str(v.sqref), v.type, v.formula1, v.errorStyle, v.promptTitle,
                               v.prompt) for v in sheet.data_validations.dataValidation),
        "conditional": sorted((str(rng.sqref), rule.type, rule.operator, tuple(rule.formula))
                              for rng in sheet.conditional_formatting for rule in rng.rules),
        "comments": {cell.coordinate: cell.comment.text for row in sheet.iter_rows()
                     for cell in row if cell.comment},
        "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
        "frozen": sheet.freeze_panes,
        "print": (sheet.print_area, sheet.print_title_rows, sheet.page_setup.orientation,
                  sheet.oddHeader.left.text, sheet.oddFooter.left.text),
        "dimensions": sheet.dimensions,
    }


@pytest.mark.parametrize("name", PLANS)
def test_row_ordered_sheets_say_what_the_whole_workbook_says(name, tmp_path, monkeypatch):
    whole, rows = _write_both(PLANS[name], tmp_path, monkeypatch)
    for title in ROW_ORDER_SHEETS:  # the mode was on: strings inline, not shared
        assert 't="inlineStr"' in _sheet_xml(rows, title), title
        assert 't="inlineStr"' not in _sheet_xml(whole, title), title
    assert 't="inlineStr"' not in _sheet_xml(rows, "Sammanställning")  # charts keep the cells
    expected, actual = load(whole), load(rows)
    assert actual.sheetnames == expected.sheetnames
    for title in expected.sheetnames:
        assert _sheet(actual[title]) == _sheet(expected[title]), title
    assert actual.defined_names.keys() == expected.defined_names.keys()


def test_the_row_ordered_sheets_have_their_rows_heights(tmp_path, monkeypatch):
    """The edge plan's long texts make rows tall: the heights survive the row-order mode (a
    height set after the row has gone would be lost)."""
    _, rows = _write_both(PLANS["edge"], tmp_path, monkeypatch)
    goals = load(rows)["Mål"]
    tall = [row for row, dim in goals.row_dimensions.items() if (dim.height or 0) > 30]
    assert tall


def test_a_cell_written_after_its_row_has_gone_is_an_error(tmp_path):
    """xlsxwriter drops such a cell without a word; the row-order sheet refuses it."""
    with workbook_module._Workbook(str(tmp_path / "order.xlsx"), {"in_memory": False}) as book:
        sheet = book.add_worksheet("Mål", in_row_order=True)
        assert isinstance(sheet, workbook_module._RowOrderWorksheet)
        sheet.write_string(0, 0, "rubrik")
        sheet.write_string(2, 0, "rad tre")
        with pytest.raises(RuntimeError, match="row order"):
            sheet.write_string(1, 0, "rad två")
        with pytest.raises(RuntimeError, match="row order"):
            sheet.set_row(0, 30)


def test_a_table_on_a_row_ordered_sheet_takes_only_headers(tmp_path):
    with workbook_module._Workbook(str(tmp_path / "table.xlsx"), {"in_memory": False}) as book:
        sheet = book.add_worksheet("Mål", in_row_order=True)
        assert sheet.add_table(0, 0, 2, 1, {"name": "T", "columns": [
            {"header": "A"}, {"header": "B"}]}) == 0
        with pytest.raises(ValueError):
            sheet.add_table(4, 0, 6, 1, {"name": "U", "data": [[1, 2]]})
        sheet.write_string(1, 0, "x")
    table = load(tmp_path / "table.xlsx")["Mål"].tables["T"]
    assert table.ref == "A1:B3"
    assert [c.name for c in table.tableColumns] == ["A", "B"]


def test_a_small_plan_is_written_whole(tmp_path):
    """Up to IN_MEMORY_MAX_ROWS nothing changes: shared strings, one part in memory."""
    with workbook_module._Workbook(str(tmp_path / "small.xlsx"), {"in_memory": True}) as book:
        sheet = book.add_worksheet("Mål", in_row_order=True)
        assert not isinstance(sheet, workbook_module._RowOrderWorksheet)
        assert isinstance(sheet, xlsxwriter.worksheet.Worksheet)
