"""What a secretary would otherwise edit in the Word report and the web page before handing
them over, checked on the files the program wrote: a short roll-up matrix kept on one page
with its heading (not the heading, the legend and one row at a page's foot), a manual
indicator status said once in brackets ("(RÖD, manuell)", not "(RÖD (manuell))"), and a
KS mål written on a row of its own above its indicators starting on its first indicator's row
in the plan table (it left an empty KF Indikator cell above them), its status column no wider
when the table has fewer columns."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from builders import WORKBOOKS
from docx.oxml.ns import qn
from html_text import read_page

from vp_excel import api
from vp_excel.libreoffice import convert, find_soffice

VERKLIGA = Path(__file__).resolve().parent / "verkliga"
sys.path.insert(0, str(VERKLIGA))
import bygg  # noqa: E402


@pytest.fixture(scope="module")
def rollup(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rollup")
    result = api.sammanstall([WORKBOOKS / "exempelby"], out_dir=out, formats=("docx",))
    return next(path for path in result.outputs if path.suffix == ".docx")


def _keeps_with_next(paragraph) -> bool:
    properties = paragraph._p.pPr
    return properties is not None and properties.find(qn("w:keepNext")) is not None


def test_a_short_rollup_matrix_stays_on_one_page_with_its_heading(rollup):
    document = docx.Document(str(rollup))
    body = list(document.element.body)
    heading = next(i for i, element in enumerate(body) if element.tag == qn("w:p")
                   and docx.text.paragraph.Paragraph(element, document).text
                   == "Verksamheterna per KF ÖG mål")
    table = next(e for e in body[heading:] if e.tag == qn("w:tbl"))
    [matrix] = [t for t in document.tables if t._tbl is table]
    assert len(matrix.rows) == 6  # the header and five verksamheter
    for row in matrix.rows[:-1]:
        assert all(_keeps_with_next(p) for cell in row.cells for p in cell.paragraphs), (
            row.cells[0].text)
    before = body[body.index(matrix._tbl) - 2:body.index(matrix._tbl)]  # heading, legend
    paragraphs = [docx.text.paragraph.Paragraph(p, document) for p in before]
    assert paragraphs[0].text == "Verksamheterna per KF ÖG mål"
    assert all(_keeps_with_next(p) or p.style.paragraph_format.keep_with_next
               for p in paragraphs)


def _published(tmp_path_factory, name: str) -> dict[str, Path]:
    """A published table from tests/verkliga built as the Word report and the web page."""
    out = tmp_path_factory.mktemp(name[:20])
    table = bygg.build(name, out)
    result = api.build(table, out_dir=out / "ut", formats=("docx", "html"))
    return {path.suffix[1:]: path for path in result.outputs}


@pytest.fixture(scope="module")
def vargarda(tmp_path_factory) -> dict[str, Path]:
    """Vårgårda's published table: its indicators' statuses are set by hand (colours)."""
    return _published(tmp_path_factory, "vargarda-arsredovisning-2023")


def _texts(path: Path) -> str:
    if path.suffix == ".html":
        return read_page(path).text
    document = docx.Document(str(path))
    return "\n".join(p.text for table in document.tables for row in table.rows
                     for cell in row.cells for p in cell.paragraphs)


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_a_manual_indicator_status_is_said_once_in_brackets(vargarda, kind):
    text = _texts(vargarda[kind])
    assert "Utfall Helår 2023: 90 (RÖD, manuell)" in text
    assert "manuell))" not in text


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _cells(tr) -> list[tuple[str, bool]]:
    """A table row's cells as (text, continues the cell above)."""
    found = []
    for tc in tr.findall(f"{{{W_NS}}}tc"):
        merge = tc.find(f"{{{W_NS}}}tcPr/{{{W_NS}}}vMerge")
        continued = merge is not None and merge.get(f"{{{W_NS}}}val") in (None, "continue")
        found.append(("".join(t.text or "" for t in tc.iter(f"{{{W_NS}}}t")), continued))
    return found


@pytest.fixture(scope="module")
def goals_over_indicators(tmp_path_factory) -> dict[str, Path]:
    """Helsingborg's published table: each KS mål on a row of its own, its indicators below."""
    return _published(tmp_path_factory, "helsingborg-kommunstyrelsen-2016")


def test_a_ks_goal_above_its_indicators_starts_on_the_first_indicators_row(
        goals_over_indicators):
    """Not a row of its own with an empty KF Indikator cell above the indicators."""
    document = docx.Document(str(goals_over_indicators["docx"]))
    tables = [t for t in document.tables
              if any(c.text == "KF Indikator (styrgräns)" for c in t.rows[1].cells)]
    assert tables
    for table in tables:
        rows = [_cells(row._tr) for row in table.rows[2:]]
        goal_col = [c.text for c in table.rows[1].cells].index("KS mål")
        starts = [i for i, row in enumerate(rows) if not row[goal_col][1]]
        assert starts
        for i in starts:
            assert rows[i][0][0].strip(), (i, rows[i])  # the goal's row names an indicator


def test_a_ks_goal_above_its_indicators_starts_on_their_row_on_the_page_too(
        goals_over_indicators):
    import lxml.html

    page = lxml.html.parse(str(goals_over_indicators["html"]))
    groups = page.xpath("//table[contains(@class, 'plan')]/tbody")
    assert groups
    for group in groups:
        first = group.xpath("./tr[1]/*[contains(@class, 'c1')]")
        assert first and first[0].text_content().strip()


def test_the_status_column_keeps_its_width_when_other_columns_are_left_out(
        goals_over_indicators):
    """Helsingborg's table has no målinriktningar or activities: their room goes to the text
    columns, not a fifth of the page to the status word."""
    document = docx.Document(str(goals_over_indicators["docx"]))
    tables = [t for t in document.tables
              if any(c.text == "KF Indikator (styrgräns)" for c in t.rows[1].cells)]
    assert tables
    for table in tables:
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        titles = [c.text for c in table.rows[1].cells]
        assert len(grid) == len(titles) == 3
        status = grid[titles.index("Status")] / sum(grid)
        assert 0.05 < status <= 0.10, status


@pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice and poppler (pdfinfo) are needed to lay out the pages")
def test_the_rollups_page_count_before_word_counts_is_near_the_laid_out_one(rollup, tmp_path):
    """NUMPAGES' cached result, what a viewer that does not lay out the pages shows in
    "1(5)": it said 1 on every page of the roll-up; now the estimate, within a page."""
    header = docx.Document(str(rollup)).sections[0].header._element
    cached = [t.text for t in header.iter(qn("w:t")) if t.text and t.text.isdigit()]
    pdf = convert(rollup, tmp_path, "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3 and abs(int(cached[-1]) - pages) <= 1, (cached, pages)
