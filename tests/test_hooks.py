"""Contract tests for every place vp-excel reaches into a library's private parts (each pinned
to a version range in setup.cfg): a new release that breaks one fails here, not in a kommun."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest
from builders import EXEMPELBY, EXEMPELBY_DIR, NORSJO

from vp_excel.api import empty_plan
from vp_excel.cli import sv as cli_sv
from vp_excel.reader import read_plan
from vp_excel.rollup.api import sammanstall
from vp_excel.rules import evaluate
from vp_excel.writers.xlsx import workbook as xlsx_workbook

# --- xlsxwriter: the _prepare_formula fast path ----------------------------------------------


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> list[tuple[str, tuple, dict, str, str]]:
    """Every formula the writers hand to _prepare_formula while writing the example plans'
    report workbooks and arbetsböcker (and init's empty one) and Exempelby's roll-up:
    (formula, args, kwargs, what the override gave, what xlsxwriter's own method gives)."""
    import xlsxwriter.worksheet

    folder = tmp_path_factory.mktemp("hooks")
    seen: list[tuple[str, tuple, dict, str, str]] = []
    override = xlsx_workbook._Worksheet._prepare_formula
    own = xlsxwriter.worksheet.Worksheet._prepare_formula

    def record(self, formula, *args, **kwargs):
        given = override(self, formula, *args, **kwargs)
        seen.append((formula, args, kwargs, given, own(self, formula, *args, **kwargs)))
        return given

    xlsx_workbook._Worksheet._prepare_formula = record
    try:
        for number, source in enumerate((NORSJO, EXEMPELBY)):
            plan, _ = read_plan(source)
            xlsx_workbook.write_report_workbook(evaluate(plan), folder / f"rapport{number}.xlsx")
            xlsx_workbook.write_arbetsbok(plan, folder / f"arbetsbok{number}.xlsx")
        xlsx_workbook.write_arbetsbok(empty_plan(2025), folder / "tom.xlsx")
        sammanstall([EXEMPELBY_DIR], out_dir=folder / "sammanstallning", formats=["xlsx"])
    finally:
        xlsx_workbook._Worksheet._prepare_formula = override
    return seen


def test_the_formula_override_gives_what_xlsxwriter_gives(prepared):
    assert len(prepared) > 100
    different = [(formula, given, own) for formula, _a, _k, given, own in prepared
                 if given != own]
    assert different == []


def test_the_fast_path_is_taken_for_the_formulas_vp_excel_writes(prepared):
    """Plain formulas (no future-function flag) skip xlsxwriter's 29 substitutions."""
    plain = [formula for formula, args, kwargs, _g, _o in prepared
             if not any(args) and not any(kwargs.values())]
    assert plain
    slow = [f for f in plain if not xlsx_workbook.calls_only_written_functions(f)]
    assert slow == []


def test_the_whitelist_is_exactly_the_functions_vp_excel_writes(prepared):
    called = set()
    for formula, *_ in prepared:
        called |= set(re.findall(r"(?<![A-Za-z0-9._])([A-Za-z_][A-Za-z0-9._]*)\(", formula))
    assert called == set(xlsx_workbook.WRITTEN_FUNCTIONS)


@pytest.mark.parametrize("formula", [
    "=XLOOKUP(A1,B:B,C:C)", "=IF(A1,FILTER(B:B,C:C),0)", "=SUMIFS(A:A,B:B,1)",
    "=AVERAGEIFS(A:A,B:B,1)", "=LET(x,1,x)", "{=SORT(A1:A9)}",
])
def test_any_other_function_takes_xlsxwriter_s_own_path(formula):
    import xlsxwriter.worksheet

    assert not xlsx_workbook.calls_only_written_functions(formula)
    ours, theirs = xlsx_workbook._Worksheet(), xlsxwriter.worksheet.Worksheet()
    assert ours._prepare_formula(formula) == theirs._prepare_formula(formula)


# --- openpyxl: the reader's own parse of each sheet (reader/load.py) --------------------------

# A sheet with every kind of cell openpyxl's parse_cell tells apart: shared and inline text
# (plain, rich, empty, with phonetic runs), numbers, dates by style (one impossible),
# booleans, errors, formula text (t="str"), ISO dates (t="d"), cells without a reference,
# a cell written twice.
_ODD_SHEET = b"""<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>plain</t></is></c>
<c r="C1" t="inlineStr"><is><r><t>ri</t></r><r><rPr><b/></rPr><t>ch</t></r></is></c>
<c r="D1" t="inlineStr"><is><t/></is></c><c r="E1" t="inlineStr"/>
<c r="F1" t="inlineStr"><is><t xml:space="preserve"> spaced </t>
<rPh sb="0" eb="1"><t>x</t></rPh></is></c>
<c r="G1" t="inlineStr"><is><t xml:space="preserve">  two
lines  </t></is></c>
</row>
<row r="2"><c r="A2"><v>42</v></c><c r="B2"><v>6.5E-2</v></c><c r="C2" s="1"><v>45000.5</v></c>
<c r="D2" s="1"><v>99999999999</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="e"><v>#N/A</v></c>
<c r="G2" t="str"><f>A1</f><v>text</v></c><c r="H2" t="d"><v>2025-03-01T00:00:00</v></c>
<c r="I2"><f>1+1</f></c><c r="J2" s="1"/></row>
<row><c><v>1</v></c><c t="s"><v>1</v></c></row>
<row r="9"><c r="A9"><v>1</v></c><c r="A9"><v>2</v></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="A9:B10"/></mergeCells></worksheet>"""


def _openpyxl_cells(data: bytes, book, strings) -> list[tuple]:
    """openpyxl's own parse (defusedxml's stream, its parse_cell) of a sheet part."""
    from io import BytesIO

    from openpyxl.worksheet._reader import WorkSheetParser

    parser = WorkSheetParser(BytesIO(data), strings, data_only=True, epoch=book.epoch,
                             date_formats=book._date_formats,
                             timedelta_formats=book._timedelta_formats)
    return [(c["row"], c["column"], c["value"], c["style_id"])
            for _, cells in parser.parse() for c in cells]


def _our_cells(data: bytes, book, strings) -> list[tuple]:
    """The reader's parse (lxml), checked against its fallback (the standard library's)."""
    from vp_excel.reader import load

    cells = [cell for _, row in load._parser(data, book, strings).parse() for cell in row]
    assert cells == [cell for _, row in load._parser(data, book, strings, standard=True).parse()
                     for cell in row]
    return cells


def _sheet_parts(path: Path):
    """(openpyxl workbook with its style tables, shared strings, [sheet part bytes])."""
    import zipfile

    from openpyxl.reader.excel import ExcelReader

    with path.open("rb") as handle:
        reader = ExcelReader(handle, read_only=True, data_only=True, keep_links=False)
        reader.read()
        parts = [reader.archive.read(ws._worksheet_path) for ws in reader.wb.worksheets]
        reader.wb.close()
    assert parts and all(zipfile.is_zipfile(path) for _ in parts)
    return reader.wb, reader.shared_strings, parts


def test_the_reader_reads_each_cell_as_openpyxl_s_own_parse(tmp_path):
    # The reader parses each sheet part once with lxml and reads its cells with a leaner
    # copy of openpyxl's WorkSheetParser.parse_cell (data_only): cell for cell the same
    # values, types and styles as openpyxl's own parse, on the examples, a kommun's own
    # layout written by openpyxl (inline text) and a sheet with every kind of cell.
    import datetime as dt

    import kommun_layouts

    sources = [NORSJO, EXEMPELBY, kommun_layouts.make("plan_fills_theme", tmp_path)]
    compared = 0
    for source in sources:
        book, strings, parts = _sheet_parts(source)
        for data in parts:
            theirs = _openpyxl_cells(data, book, strings)
            assert _our_cells(data, book, strings) == theirs
            assert [type(c[2]) for c in _our_cells(data, book, strings)] == \
                [type(c[2]) for c in theirs]
            compared += len(theirs)
    assert compared > 1000
    book, _, _ = _sheet_parts(NORSJO)
    book._date_formats = {1}
    strings = ["delad", "andra"]
    ours, theirs = _our_cells(_ODD_SHEET, book, strings), _openpyxl_cells(_ODD_SHEET, book,
                                                                           strings)
    assert ours == theirs and [type(c[2]) for c in ours] == [type(c[2]) for c in theirs]
    values = {(row, col): value for row, col, value, _ in ours}
    assert values[(1, 2)] == "plain" and values[(1, 3)] == "rich" and values[(1, 4)] == ""
    assert values[(1, 6)] == " spaced " and values[(1, 7)] == "  two\nlines  "
    assert values[(2, 5)] is True
    assert isinstance(values[(2, 3)], dt.datetime) and values[(2, 4)] == "#VALUE!"
    assert values[(3, 1)] == 1 and values[(3, 2)] == "andra"


def test_no_openpyxl_worksheet_is_made_and_no_sheet_parsed_twice(monkeypatch):
    # Each sheet's XML is parsed once, by the reader (reader/load.py): openpyxl's own
    # worksheet parse (defusedxml's pure-Python stream) and its cell objects never run.
    import openpyxl.cell.cell as cell
    import openpyxl.worksheet._reader as openpyxl_reader

    def refused(*_args, **_kwargs):
        raise AssertionError("openpyxl parsed a worksheet itself")

    monkeypatch.setattr(openpyxl_reader, "iterparse", refused)
    monkeypatch.setattr(openpyxl_reader.WorksheetReader, "__init__", refused)
    monkeypatch.setattr(cell.MergedCell, "__init__", refused)
    plan, problems = read_plan(EXEMPELBY)
    assert plan.ks_goals and not [p for p in problems if p.is_error]


def openpyxl_workbook():
    import openpyxl

    return openpyxl.Workbook()


# --- click: every string the Swedish translation patches exists in click ---------------------


def _click_messages(module) -> set[str]:
    """The literal strings click passes to _() and ngettext() in a module."""
    tree = ast.parse(inspect.getsource(module))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("_", "ngettext"):
            found |= {arg.value for arg in node.args
                      if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}
    return found


CLICK_MODULES = [module.__name__ for module in cli_sv.MODULES]


def test_every_translated_click_string_exists_in_the_installed_click():
    messages: set[str] = set()
    for name in CLICK_MODULES:
        messages |= _click_messages(importlib.import_module(name))
    missing = sorted((set(cli_sv.SINGULAR) | set(cli_sv.PLURAL)) - messages)
    assert missing == []


@pytest.mark.parametrize("name", CLICK_MODULES)
def test_each_patched_click_module_translates_through_underscore(name):
    module = importlib.import_module(name)
    assert callable(getattr(module, "_", None))
    assert _click_messages(module), f"{name} no longer calls _()"


# --- python-docx: the internals the WordprocessingML layer uses -------------------------------


@pytest.mark.parametrize("module, names", [
    ("docx.oxml.ns", ["qn"]),
    ("docx.oxml.parser", ["oxml_parser", "parse_xml"]),
    ("docx.parts.numbering", ["NumberingPart"]),
    ("docx.opc.constants", ["CONTENT_TYPE", "RELATIONSHIP_TYPE"]),
    ("docx.styles.style", ["BaseStyle"]),
])
def test_the_python_docx_internals_used_are_there(module, names):
    imported = importlib.import_module(module)
    for name in names:
        assert hasattr(imported, name), f"{module}.{name}"


def test_python_docx_objects_have_the_private_members_used(tmp_path):
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document()
    style = document.styles["Normal"]
    assert style.element.get_or_add_rPr() is not None
    assert style.element.get_or_add_pPr() is not None
    header = document.sections[0].header
    assert header._element is not None
    assert isinstance(document.sections[0]._sectPr.xpath("w:headerReference"), list)
    assert document.part.package.rels is not None and document.part.rels is not None
    assert callable(document.part.part_related_by)
    assert hasattr(RT, "NUMBERING") and document.element.body is not None
    # The parser the layer builds elements with makes python-docx's own element classes.
    from docx.oxml.parser import oxml_parser
    from lxml import etree

    paragraph = etree.fromstring(
        b'<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        oxml_parser)
    assert type(paragraph).__module__.startswith("docx.oxml")
    document.save(tmp_path / "x.docx")


def test_the_streamed_package_holds_what_python_docx_saves(tmp_path):
    """oxml/stream.py writes the package itself with python-docx's private writer parts
    (`pkgwriter._ContentTypesItem`, the parts' blobs and rels): every part must be the
    bytes python-docx's own `save` writes."""
    import zipfile

    import docx

    from vp_excel.writers.docx.oxml.stream import PackageStream

    def document():
        made = docx.Document()
        made.add_paragraph("Text")
        made.sections[0].header.is_linked_to_previous = False
        return made

    document().save(str(tmp_path / "saved.docx"))
    streamed = document()
    paragraphs = [child for child in streamed.element.body if child.tag.endswith("}p")]
    package = PackageStream(streamed, tmp_path / "streamed.docx")
    for paragraph in paragraphs:
        package.body.block(paragraph)
    package.close()
    with zipfile.ZipFile(tmp_path / "saved.docx") as saved, \
            zipfile.ZipFile(tmp_path / "streamed.docx") as written:
        assert sorted(saved.namelist()) == sorted(written.namelist())
        for name in saved.namelist():
            assert saved.read(name) == written.read(name), name


def test_the_pinned_ranges_name_every_hooked_library():
    setup = (Path(__file__).resolve().parent.parent / "setup.cfg").read_text(encoding="utf-8")
    for requirement in ("openpyxl>=3.1,<", "XlsxWriter>=3.1,<", "python-docx>=1.1,<",
                        "click>=8.1,<"):
        assert requirement in setup


# --- xlsxwriter: tables compared by range, not cell by cell ----------------------------------


def _sheets(tmp_path):
    import xlsxwriter

    from vp_excel.writers.xlsx import workbook as xlsx_workbook

    ours = xlsx_workbook._Workbook(str(tmp_path / "ours.xlsx"))
    theirs = xlsxwriter.Workbook(str(tmp_path / "theirs.xlsx"))
    return ours, ours.add_worksheet("a"), theirs, theirs.add_worksheet("a")


def test_xlsxwriter_notes_every_table_cell_and_ours_does_not(tmp_path):
    ours, our_sheet, theirs, their_sheet = _sheets(tmp_path)
    assert their_sheet.add_table(0, 0, 99, 3) == 0
    assert len(their_sheet.table_cells) == 400  # the cost the override avoids
    assert our_sheet.add_table(0, 0, 99, 3) == 0
    assert len(our_sheet.table_cells) == 0
    assert len(our_sheet.tables) == 1
    ours.close()
    theirs.close()


@pytest.mark.parametrize(("second", "refused"), [
    ((50, 2, 120, 6), True),    # overlaps the first table's lower right
    ((0, 0, 0, 0), True),       # its first cell
    ((100, 0, 120, 3), False),  # just below
    ((0, 4, 99, 6), False),     # just to the right
])
def test_overlapping_tables_and_merges_are_still_refused(tmp_path, second, refused):
    import xlsxwriter.exceptions

    ours, our_sheet, theirs, _their_sheet = _sheets(tmp_path)
    our_sheet.add_table(0, 0, 99, 3)
    for add in (our_sheet.add_table, lambda *r: our_sheet.merge_range(*r, "text")):
        if refused:
            with pytest.raises(xlsxwriter.exceptions.OverlappingRange):
                add(*second)
        else:
            assert add(*second) == 0
            break  # the table now stands there: a merge over it would overlap
    ours.close()
    theirs.close()


def test_xlsxwriter_s_row_at_a_time_mode_still_needs_the_row_order_sheet(tmp_path):
    """The hooks of `_RowOrderWorksheet` (workbook.py): xlsxwriter's constant_memory mode
    still refuses tables (so the sheet adds them itself), still drops a cell of a row already
    gone with -2 from `_check_dimensions` (the check the sheet writes out, raising instead),
    and takes the mode from `_initialize`'s init data."""
    import xlsxwriter

    theirs = xlsxwriter.Workbook(str(tmp_path / "theirs.xlsx"), {"constant_memory": True})
    sheet = theirs.add_worksheet()
    assert sheet.constant_memory
    with pytest.warns(UserWarning, match="constant_memory"):
        assert sheet.add_table(0, 0, 3, 1) == -3
    sheet.write_string(2, 0, "x")
    assert sheet._check_dimensions(1, 0) == -2
    assert sheet.write_string(1, 0, "lost") == -1
    theirs.close()
    ours = xlsx_workbook._Workbook(str(tmp_path / "ours.xlsx"), {"in_memory": False})
    our_sheet = ours.add_worksheet("Mål", in_row_order=True)
    assert our_sheet.constant_memory and not ours.constant_memory  # this sheet alone
    assert our_sheet.add_table(0, 0, 3, 1) == 0
    ours.close()


def _notes_workbook(path, make):
    """A sheet written in row order: 3 000 rows of varied heights (some hidden), notes on
    late rows; returns the workbook's parts."""
    import zipfile

    book = make(path)
    sheet = book.add_worksheet("Mål", in_row_order=True) if isinstance(
        book, xlsx_workbook._Workbook) else book.add_worksheet("Mål")
    for row in range(3_000):
        sheet.write_string(row, 0, f"rad {row}")
        if row % 3:
            sheet.set_row(row, 15 + row % 7 * 4.5, None, {"hidden": row % 97 == 0})
        if row in (5, 1_234, 2_999):
            sheet.write_comment(row, 0, "Källa: Kolada", {"author": "vp-excel", "x_scale": 2})
    book.close()
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}, sheet


def test_a_row_order_sheet_forgets_written_rows_and_places_notes_as_xlsxwriter(tmp_path):
    """The hooks of `_RowOrderWorksheet` that keep a region's report workbook flat: a written
    row's RowInfo is dropped, and row heights are kept one float a row (`_RowSizes`), yet the
    notes (VML, placed from the heights of every row above them) and the rows are xlsxwriter's
    own, byte for byte, against its constant_memory mode."""
    import xlsxwriter

    theirs, their_sheet = _notes_workbook(tmp_path / "theirs.xlsx", lambda p: xlsxwriter.Workbook(
        str(p), {"constant_memory": True, "in_memory": False}))
    ours, our_sheet = _notes_workbook(tmp_path / "ours.xlsx", lambda p: xlsx_workbook._Workbook(
        str(p), {"in_memory": False}))
    assert sorted(ours) == sorted(theirs)
    for name in theirs:
        if name.startswith(("xl/worksheets/", "xl/drawings/", "xl/comments")):
            assert ours[name] == theirs[name], name
    # xlsxwriter keeps a RowInfo per row written, ours only the rows not yet written.
    assert len(their_sheet.row_info) > 1_000
    assert len(our_sheet.row_info) <= 1
    assert isinstance(our_sheet.row_sizes, xlsx_workbook._RowSizes)
