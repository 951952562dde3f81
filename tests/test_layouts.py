"""Layouts behind one shape (reader/layouts/__init__.py): each says how well a workbook fits
it, the best reads it, and a new layout is one class and one line in LAYOUTS."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from builders import EXEMPELBY, EXEMPELBY_DIR, NORSJO

from vp_excel.model import Plan, Settings
from vp_excel.reader import layouts, read_plan
from vp_excel.reader.grid import Book
from vp_excel.reader.load import load_book
from vp_excel.reader.problems import Problems


def _book(path: Path) -> Book:
    return load_book(path, Problems(path))


@pytest.mark.parametrize(("path", "layout"), [
    (NORSJO, "arbetsbok"),
    (EXEMPELBY, "arbetsbok"),
    (EXEMPELBY_DIR / "klk.xlsx", "arbetsbok"),
    (EXEMPELBY_DIR / "kultur-och-fritid.xlsx", "kommun"),
    (EXEMPELBY_DIR / "samhallsbyggnad.xlsx", "kommun"),
])
def test_the_best_fitting_layout_reads_the_workbook(path, layout):
    assert layouts.choose(_book(path)).name == layout


def test_every_layout_has_the_one_shape():
    for layout in layouts.LAYOUTS:
        assert isinstance(layout.name, str) and layout.name
        assert callable(layout.matches) and callable(layout.read)


class _SignedLayout:
    """A layout only this test knows: a workbook that says so on a sheet of its own."""

    name = "signerad"

    def matches(self, book: Book) -> int:
        return 5 if "Signerad plan" in book.sheets else 0

    def read(self, book: Book, options: layouts.ReadOptions) -> Plan:
        options.problems.note("läst av testets layout")
        return Plan(Settings(kommun=options.overrides.kommun or "Signerad kommun",
                             verksamhet="Test", year=2025, report_period="Helår 2025"), [])


def test_a_new_layout_is_one_class_and_one_line(tmp_path, monkeypatch):
    path = tmp_path / "signerad.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Signerad plan"
    book.active["A1"] = "Planen"
    book.save(path)
    monkeypatch.setattr(layouts, "LAYOUTS", [*layouts.LAYOUTS, _SignedLayout()])
    plan, problems = read_plan(path, kommun="Provby kommun")
    assert plan.settings.kommun == "Provby kommun"  # the overrides reach every layout
    assert "läst av testets layout" in " ".join(plan.notes)
    # Without its line the same workbook goes to the kommun layout, which finds no table.
    monkeypatch.setattr(layouts, "LAYOUTS", [layout for layout in layouts.LAYOUTS
                                             if layout.name != "signerad"])
    assert layouts.choose(_book(path)).name == "kommun"
