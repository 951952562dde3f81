"""Accessibility of the written files (lag 2018:1937, EN 301 549 chapter 10, WCAG 2.1 AA),
checked on what the program wrote: title and language, heading order, marked and repeated
table headers, alt text on every image and chart, status in words as well as colour, text
contrast on every fill, a tagged PDF, and a report workbook that prints readably."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from builders import EXEMPELBY, NORSJO, tiny_png
from docx.oxml.ns import qn
from lxml import etree

from vp_excel import api, schema
from vp_excel.libreoffice import find_soffice
from vp_excel.reader import read_plan
from vp_excel.rules import evaluate
from vp_excel.writers.docx import write_document
from vp_excel.writers.xlsx.followup import FOLLOWUP_SHEET

ROOT = Path(__file__).resolve().parents[1]
TABLE_MD = Path(__file__).resolve().parent / "fixtures" / "klk-2025-tabell.md"
TITLES = {"norsjo": "Verksamhetsplan 2025 för kommunledningskontoret",
          "exempelby": "Delårsrapport 2 2025 – Kommunledningskontoret"}
NAMES = list(TITLES)
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A4_LANDSCAPE_WIDTH_PT = 29.7 / 2.54 * 72
MIN_CONTRAST = 4.5
MIN_PRINTED_PT = 8.0

needs_libreoffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdfinfo, pdftotext) are needed for the PDF")


# --- contrast (WCAG 2.1, 1.4.3) -------------------------------------------------------------


def luminance(rgb: str) -> float:
    """WCAG relative luminance of "RRGGBB" (or "AARRGGBB")."""
    rgb = rgb.lstrip("#")[-6:]
    channels = [int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("fore, back, expected", [
    ("000000", "FFFFFF", 21.0), ("FFFFFF", "FFFFFF", 1.0), ("767676", "FFFFFF", 4.54)])
def test_contrast_formula(fore, back, expected):
    assert contrast(fore, back) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("status", list(schema.STATUS_FILL))
def test_status_fills_contrast_with_black_text(status):
    assert contrast("000000", schema.STATUS_FILL[status]) >= MIN_CONTRAST


# --- the written files ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(example_reports) -> dict[str, dict[str, Path]]:
    """Both example workbooks built as the CLI builds them: {name: {"docx": …, "xlsx": …}}."""
    return example_reports


@pytest.fixture(scope="module")
def with_logo(tmp_path_factory) -> Path:
    """The Exempelby report with a logo in the page header."""
    folder = tmp_path_factory.mktemp("logo")
    (folder / "logo.png").write_bytes(tiny_png())
    plan, _problems = read_plan(EXEMPELBY)
    plan.settings.logo = str(folder / "logo.png")
    path = folder / "med-logotyp.docx"
    assert write_document(evaluate(plan), path) == []
    return path


def docx_parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as package:
        return {name: etree.fromstring(package.read(name)) for name in package.namelist()
                if name.startswith("word/") and name.endswith(".xml")}


@pytest.mark.parametrize("name", NAMES)
def test_docx_title_and_language(built, name):
    document = docx.Document(str(built[name]["docx"]))
    assert document.core_properties.title == TITLES[name]
    assert document.core_properties.language == "sv-SE"
    lang = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "sv-SE"


@pytest.mark.parametrize("name", NAMES)
def test_heading_levels_do_not_skip(built, name):
    document = docx.Document(str(built[name]["docx"]))
    levels = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style == "Title":
            levels.append(0)
        elif re.fullmatch(r"Heading \d", style):
            levels.append(int(style.split()[1]))
    assert levels[0] == 0 and levels.count(0) == 1
    assert levels[1] == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels)), levels


@pytest.mark.parametrize("name", NAMES)
def test_every_body_table_has_a_marked_repeated_header(built, name):
    body = docx.Document(str(built[name]["docx"])).element.body
    tables = list(body.iter(qn("w:tbl")))
    assert len(tables) >= 3
    for table in tables:
        marked = [tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
                  for tr in table.findall(qn("w:tr"))]
        assert marked[0], "the first row is the header"
        first_data = marked.index(False) if False in marked else len(marked)
        assert not any(marked[first_data:]), "header rows come first, together"


def test_alt_text_on_every_docx_image(with_logo, built):
    drawings = [doc_pr for root in docx_parts(with_logo).values()
                for doc_pr in root.iter(f"{{{WP}}}docPr")]
    assert drawings, "the logo is a drawing"
    assert all(d.get("descr", "").strip() for d in drawings)
    assert {d.get("descr") for d in drawings} == {"Exempelby kommuns logotyp"}
    for files in built.values():  # no logo: no drawing without alt text either
        assert all(d.get("descr", "").strip() for root in docx_parts(files["docx"]).values()
                   for d in root.iter(f"{{{WP}}}docPr"))


@pytest.mark.parametrize("name", NAMES)
def test_alt_text_on_every_chart_in_the_workbook(built, name):
    with zipfile.ZipFile(built[name]["xlsx"]) as package:
        drawings = [etree.fromstring(package.read(n)) for n in package.namelist()
                    if n.startswith("xl/drawings/drawing") and n.endswith(".xml")]
    frames = [pr for root in drawings for pr in root.iter(f"{{{XDR}}}cNvPr")]
    assert len(frames) == 2
    descriptions = [pr.get("descr", "") for pr in frames]
    assert all(len(d) > 20 for d in descriptions), descriptions
    assert any("GRÖN" in d for d in descriptions)


def status_of_fill(fill: str | None) -> str | None:
    fills = {value.lstrip("#").upper(): status for status, value in schema.STATUS_FILL.items()}
    return fills.get((fill or "").upper())


def run_color(run) -> str:
    color = run.find(f"{qn('w:rPr')}/{qn('w:color')}")
    return "000000" if color is None or color.get(qn("w:val")) == "auto" else color.get(qn("w:val"))


def run_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


@pytest.mark.parametrize("name", NAMES)
def test_status_never_by_colour_alone_and_text_contrasts_with_fills(built, name):
    body = docx.Document(str(built[name]["docx"])).element.body
    coloured = 0
    for cell in body.iter(qn("w:tc")):
        shd = cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        fill = None if shd is None else shd.get(qn("w:fill"))
        if not fill or fill == "auto":
            continue
        status = status_of_fill(fill)
        text = " ".join(run_text(p) for p in cell.iter(qn("w:p"))).strip()
        continued = cell.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        if status and text:
            coloured += 1
            assert text.startswith(status), (fill, text)
        elif status:  # only the merged-over part of a status cell is empty
            assert continued is not None and continued.get(qn("w:val")) is None
        for run in cell.iter(qn("w:r")):
            if run_text(run).strip():
                assert contrast(run_color(run), fill) >= MIN_CONTRAST, (run_text(run), fill)
    assert coloured
    for run in body.iter(qn("w:r")):  # a status word on its colour inside a paragraph
        shd = run.find(f"{qn('w:rPr')}/{qn('w:shd')}")
        if shd is not None:
            fill = shd.get(qn("w:fill"))
            assert status_of_fill(fill) and status_of_fill(fill) in run_text(run)
            assert contrast(run_color(run), fill) >= MIN_CONTRAST


def solid(color) -> str | None:
    """An openpyxl colour as "RRGGBB", None when it is no plain RGB colour."""
    rgb = getattr(color, "rgb", None)
    return rgb[-6:] if isinstance(rgb, str) and len(rgb) in (6, 8) else None


@pytest.mark.parametrize("name", NAMES)
def test_workbook_text_contrasts_with_every_fill(built, name):
    book = openpyxl.load_workbook(built[name]["xlsx"])
    checked = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None or cell.fill is None or cell.fill.fill_type != "solid":
                    continue
                fill = solid(cell.fill.fgColor)
                if fill is None:
                    continue
                text = solid(cell.font.color) if cell.font and cell.font.color else None
                assert contrast(text or "000000", fill) >= MIN_CONTRAST, (
                    sheet.title, cell.coordinate, text, fill)
                checked += 1
        for rules in sheet.conditional_formatting:
            for rule in rules.rules:
                if rule.dxf is None or rule.dxf.fill is None:
                    continue
                fill = solid(rule.dxf.fill.bgColor) or solid(rule.dxf.fill.fgColor)
                if fill:
                    text = solid(rule.dxf.font.color) if rule.dxf.font else None
                    assert contrast(text or "000000", fill) >= MIN_CONTRAST
                    checked += 1
    assert checked > 10


@pytest.mark.parametrize("name", NAMES)
def test_workbook_title_and_language(built, name):
    book = openpyxl.load_workbook(built[name]["xlsx"])
    assert book.properties.title
    assert {p.name: p.value for p in book.custom_doc_props.props}["Language"] == "sv-SE"


# --- the report workbook on paper -----------------------------------------------------------


def column_points(width: float) -> float:
    """A column width in characters as points: 7 pixels a character at 96 dpi."""
    return width * 7 * 0.75


def printed_body_size(sheet, last_col: int) -> float:
    """The body text's printed size: fit-to-page width shrinks the print area's visible
    columns onto the A4 landscape width between the margins (never enlarges them)."""
    dims = {i: d for d in sheet.column_dimensions.values() for i in range(d.min, d.max + 1)}
    width = sum(column_points(dims[c].width if c in dims and dims[c].width else 8.43)
                for c in range(1, last_col + 1) if not (c in dims and dims[c].hidden))
    margins = (sheet.page_margins.left + sheet.page_margins.right) * 72
    scale = min(1.0, (A4_LANDSCAPE_WIDTH_PT - margins) / width)
    body = [cell.font.sz for row in sheet.iter_rows(min_row=2, max_col=last_col)
            for cell in row if cell.value is not None and cell.font and cell.font.sz]
    return min(body) * scale


def print_columns(sheet) -> int:
    area = sheet.print_area
    ref = (area[0] if isinstance(area, list) else area).split("!")[-1]
    return openpyxl.utils.column_index_from_string(re.findall(r"\$?([A-Z]+)\$?\d+", ref)[-1])


@pytest.mark.parametrize("name", NAMES)
def test_goal_sheet_prints_the_plan_columns_readably(built, name):
    book = openpyxl.load_workbook(built[name]["xlsx"])
    sheet = book[schema.GOALS_SHEET]
    headers = [c.value for c in sheet[1]]
    last = print_columns(sheet)
    assert headers[last - 1] == "Aktiviteter"  # the plan's own columns, the rest not printed
    assert "Status" in headers[:last] and "KS mål" in headers[:last]
    assert not any(str(h).startswith(("Utfall ", "Analys ")) for h in headers[:last])
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    size = printed_body_size(sheet, last)
    print(f"{name}: Mål prints its body text at {size:.1f} pt")
    assert size >= MIN_PRINTED_PT


@pytest.mark.parametrize("name", NAMES)
def test_followup_prints_beside_its_goal_readably(built, name):
    book = openpyxl.load_workbook(built[name]["xlsx"])
    sheet = book[FOLLOWUP_SHEET]
    headers = [c.value for c in sheet[1]]
    period = api.check(NORSJO if name == "norsjo" else EXEMPELBY).evaluation.period
    assert headers[:3] == ["KF ÖG mål", "KS mål", f"Status {period}"]
    assert sheet.print_title_rows == "$1:$1"
    assert printed_body_size(sheet, sheet.max_column) >= MIN_PRINTED_PT
    formulas = [c.value for row in sheet.iter_rows(min_row=2) for c in row]
    assert formulas and all(re.match(r"=IF\(ISBLANK\('?Mål'?!", str(f)) for f in formulas)


@pytest.mark.parametrize("name", NAMES)
def test_outcome_cells_refuse_text_with_a_swedish_message(built, name):
    sheet = openpyxl.load_workbook(built[name]["xlsx"])[schema.GOALS_SHEET]
    headers = {c.value: c.column_letter for c in sheet[1]}
    outcome_columns = {letter for header, letter in headers.items()
                       if str(header).startswith(("Utfall ", "Indikatorutfall "))}
    assert outcome_columns
    covered = set()
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "custom":
            continue
        assert "ISNUMBER" in validation.formula1 and '"Ja"' in validation.formula1
        assert validation.errorStyle in (None, "stop") and validation.showErrorMessage
        assert "tal" in validation.error and "Ej bedömt" in validation.error
        covered |= {re.match(r"[A-Z]+", str(r)).group() for r in validation.sqref.ranges}
    assert outcome_columns <= covered


# --- the PDF --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    found = {}
    for name, source in (("norsjo", NORSJO), ("exempelby", EXEMPELBY)):
        result = api.build(source, out_dir=out / name, formats=("docx",), pdf=True)
        [found[name]] = [p for p in result.outputs if p.suffix == ".pdf"]
    return found


@needs_libreoffice
@pytest.mark.parametrize("name", NAMES)
def test_pdf_is_tagged_with_title_and_language(pdfs, name):
    info = subprocess.run(["pdfinfo", str(pdfs[name])], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    assert re.search(rf"^Title:\s+{re.escape(TITLES[name])}$", info, re.MULTILINE), info
    assert b"/Lang(sv-SE)" in pdfs[name].read_bytes()


def long_words() -> set[str]:
    """Long words of the Norsjö plan table's text columns that have no hyphen (a line may
    break after a hyphen, never inside a word)."""
    words = set()
    for line in TABLE_MD.read_text(encoding="utf-8").splitlines():
        if line.startswith("| ") and not line.startswith(("| #", "|---")):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            for cell in cells[3:]:
                words |= {w.strip('.,;:()"”') for w in cell.split()
                          if len(w.strip('.,;:()"”')) >= 14 and "-" not in w}
    return words


@needs_libreoffice
def test_no_word_is_broken_inside_the_plan_table(pdfs):
    text = subprocess.run(["pdftotext", str(pdfs["norsjo"]), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = long_words()
    assert "Bemannings/schemaläggningsprocess" in words
    assert sorted(w for w in words if w not in text) == []
