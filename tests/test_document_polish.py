"""What a secretary would otherwise edit in the Word report and the web page before handing
them over, checked on the files the program wrote: a short roll-up matrix kept on one page
with its heading (not the heading, the legend and one row at a page's foot), and a manual
indicator status said once in brackets ("(RÖD, manuell)", not "(RÖD (manuell))")."""

from __future__ import annotations

import sys
from pathlib import Path

import docx
import pytest
from builders import WORKBOOKS
from docx.oxml.ns import qn
from html_text import read_page

from vp_excel import api

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


@pytest.fixture(scope="module")
def vargarda(tmp_path_factory) -> dict[str, Path]:
    """Vårgårda's published table: its indicators' statuses are set by hand (colours)."""
    out = tmp_path_factory.mktemp("vargarda")
    table = bygg.build("vargarda-arsredovisning-2023", out)
    result = api.build(table, out_dir=out / "ut", formats=("docx", "html"))
    return {path.suffix[1:]: path for path in result.outputs}


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
