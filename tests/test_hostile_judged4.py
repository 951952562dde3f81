"""Hostile input, fourth pass: the kommun's own table and the arbetsbok at sizes and shapes no
earlier case used (more periods than the summary's columns, thousands of tables on a sheet,
a column of distinct status words, mapping lines of any length). Each is held as the earlier
passes hold theirs (tests/test_hostile_judged.py): one Swedish line or a clean result in
time, the input unchanged, no half file, no traceback. Each file is the smallest that showed
the fault."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pytest
from builders import run_cli as run
from test_bad_input import assert_clean, snapshot

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import make_corpus  # noqa: E402


# Twelve monthly periods (or a kommun's outcome years side by side) ran past the eight
# columns the Sammanställning sheet sized: an internal error in every build.
@pytest.mark.parametrize("count", [8, 12])
def test_more_periods_than_the_summary_has_columns_build(tmp_path, count):
    periods = tuple(f"Månad {n} 2025" for n in range(1, count + 1))
    folder = tmp_path / "in"
    folder.mkdir()
    source = make_corpus.build_valid_workbook(folder / "plan.xlsx", periods=periods)
    before = snapshot(folder)
    result = run("build", source, "--out", tmp_path / "ut", "--bara", "xlsx")
    assert_clean(result)
    assert result.exit_code == 0, result.output
    assert snapshot(folder) == before
    sheet = openpyxl.load_workbook(next((tmp_path / "ut").glob("*.xlsx")))["Sammanställning"]
    rows = [[c for c in row] for row in sheet.iter_rows()]
    heading = next(i for i, row in enumerate(rows) if row[0].value == "Utveckling per period "
                   "(antal KS-mål)")
    header = rows[heading + 1]
    assert [c.value for c in header[1:count + 1]] == list(periods)
    for cell in header[1:count + 1]:  # every period's column is wide enough to read
        assert sheet.column_dimensions[cell.column_letter].width >= 11, cell.coordinate


LONG_LINE = "Uppnått i hög grad " * 6_000  # a page pasted into one line, 10^5 characters


def _mapping_in_file(source: Path) -> None:
    (source.parent / "vp-excel.toml").write_text(f"{LONG_LINE}\n{LONG_LINE}= {LONG_LINE}\n",
                                                 encoding="utf-8")


def _mapping_on_sheet(source: Path) -> None:
    book = openpyxl.load_workbook(source)
    sheet = book.create_sheet("vp-excel")
    sheet.append([LONG_LINE[:32_000]])  # a cell holds 32 767 characters
    sheet.append([LONG_LINE[:32_000], "=", LONG_LINE[:32_000]])
    book.save(source)


# A mapping line was quoted whole in its message: 10^5 characters on the terminal, twice.
@pytest.mark.parametrize("place, where, options", [
    ("file", "vp-excel.toml rad 1", ()),
    ("sheet", "vp-excel!A1", ()),
    ("option", "--kolumn", ("--kolumn", LONG_LINE, "--status", f"{LONG_LINE}={LONG_LINE}"))])
def test_a_mapping_line_of_a_page_is_quoted_short(tmp_path, place, where, options):
    import kommun_layouts

    folder = tmp_path / "in"
    folder.mkdir()
    source = folder / "plan.xlsx"
    kommun_layouts.plan_words(source)
    {"file": _mapping_in_file, "sheet": _mapping_on_sheet}.get(place, lambda _: None)(source)
    before = snapshot(folder)
    result = run("check", source, *options)
    text = assert_clean(result, where, 'saknar "="')
    assert result.exit_code == 1, text
    errors = [line for line in text.splitlines() if line.startswith("fel:")]
    assert len(errors) == 2 and all(len(line) < 600 for line in errors), errors
    assert snapshot(folder) == before
