"""The safety pass reads a worksheet in pieces cut after a row (safety/parts.py, issue #23: a
region's sheet is never held whole): every count, budget, refusal and what the scan finds
(uncached formulas, merges) is what the whole sheet read at once gives, on the corpus of
damaged and hostile files, the examples and a sheet of many rows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from builders import EXEMPELBY, NORSJO, write_workbook

from vp_excel.errors import VpExcelError
from vp_excel.safety import parts
from vp_excel.sheetscan import scan_workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "corpus"))


def _scanned(path: Path) -> object:
    """What the scan gives: per sheet its counts, uncached formulas and merges, or the
    refusal's class, message and place."""
    try:
        tallies = {}
        for title, _part, pieces, tally in parts.checked_sheets(path):
            for _ in pieces:
                pass
            tallies[title] = (tally.cells, tally.rows, tally.runs, tally.rules, tally.structure)
        return tallies, {title: (scan.part, scan.rows, scan.cells,
                                 sorted(scan.uncached_formulas), sorted(scan.merges))
                         for title, scan in scan_workbook(path).items()}
    except VpExcelError as exc:
        return type(exc).__name__, str(exc)


def _same_in_pieces(path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """The scan with the sheet whole, then in pieces of one row each (chunks of 4 kB, a cut
    after every chunk): asserted equal; returns it."""
    monkeypatch.setattr(parts, "_PIECE", 1 << 40)
    whole = _scanned(path)
    monkeypatch.setattr(parts, "_CHUNK", 4096)
    monkeypatch.setattr(parts, "_PIECE", 1)
    assert _scanned(path) == whole
    return whole


def _cases() -> list[str]:
    from make_corpus import CASES

    return list(CASES)


@pytest.mark.parametrize("name", _cases())
def test_the_corpus_scans_the_same_in_pieces(tmp_path, monkeypatch, name):
    from make_corpus import CASES

    case = CASES[name](tmp_path)
    if not case.path.is_file():
        pytest.skip("no workbook file to scan (a folder, a pipe, a missing path)")
    _same_in_pieces(case.path, monkeypatch)


@pytest.mark.parametrize("path", [NORSJO, EXEMPELBY], ids=["norsjo", "exempelby"])
def test_the_examples_scan_the_same_in_pieces(monkeypatch, path):
    scanned = _same_in_pieces(path, monkeypatch)
    assert isinstance(scanned, tuple) and scanned[1]


def test_a_sheet_of_many_rows_is_cut_into_pieces_and_counted_whole(tmp_path, monkeypatch):
    """Rows with formulas saved without a value, merges below and beside them: the pieces
    are many, the counts and findings those of the whole sheet."""
    header = ["KF ÖG mål", "KS mål", "Regel", "Målvärde", "Utfall Delår 1", "Utfall Delår 2"]
    goals = [header] + [["KF", f"Mål {r}", "Högre är bättre", 5, f"=E{r}+1", r]
                        for r in range(2, 3002)]
    path = write_workbook(tmp_path / "many.xlsx", goals, merges=["A2:A40", "G2:H2"])
    seen: list[int] = []
    pieces = parts._sheet_pieces

    def counted(*args):
        for piece in pieces(*args):
            seen.append(len(piece))
            yield piece

    monkeypatch.setattr(parts, "_sheet_pieces", counted)
    scanned = _same_in_pieces(path, monkeypatch)
    assert isinstance(scanned, tuple)
    part, rows, cells, uncached, merges = scanned[1]["Mål"]
    assert rows == 3001 and cells == 3001 * 6 - 38  # A3:A40 merged away by openpyxl
    assert len(uncached) == 3000 and merges == ["A2:A40", "G2:H2"]
    assert len(seen) > 50  # the sheet really came in pieces in the second scan


def test_a_worksheet_named_as_the_styles_part_is_still_counted_as_styles(tmp_path,
                                                                         monkeypatch):
    """A hostile book whose worksheet relationship points at xl/styles.xml: that part is
    counted as styles (the budget openpyxl's style objects need), read whole as before,
    never only as a sheet in pieces."""
    import zipfile

    source = write_workbook(tmp_path / "plan.xlsx", [["KF ÖG mål", "KS mål"], ["A", "B"]])
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(hostile, "w") as out:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b'Target="worksheets/sheet1.xml"', b'Target="styles.xml"')
                data = data.replace(b'Target="/xl/worksheets/sheet1.xml"',
                                    b'Target="/xl/styles.xml"')
            out.writestr(item, data)
    monkeypatch.setattr(parts, "MAX_STYLE_RECORDS", 1)
    with pytest.raises(VpExcelError, match="formatmallar"):
        for _title, _part, pieces, _tally in parts.checked_sheets(hostile):
            for _ in pieces:
                pass
