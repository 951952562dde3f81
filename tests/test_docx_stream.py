"""The Word report is written as a stream: nothing of the body stays in memory once it is
written, a table holds one row at a time, and the file says what the blocks said."""

import zipfile

import docx
import pytest
from builders import EXEMPELBY, NORSJO
from docx.oxml.ns import qn
from lxml import etree

from vp_excel import api
from vp_excel.writers.docx.base import DocumentWriter
from vp_excel.writers.docx.context import ReportContext
from vp_excel.writers.docx.kinds import document_kind
from vp_excel.writers.docx.report import _write


@pytest.mark.parametrize("source", [NORSJO, EXEMPELBY], ids=["norsjo", "exempelby"])
def test_the_body_is_not_kept_once_written(tmp_path, source):
    evaluation = api.check(source).evaluation
    plan = evaluation.plan
    ctx = ReportContext(evaluation, docx.Document(),
                        document_kind(plan, plan.period(evaluation.period)), has_template=False)
    most_rows = []
    ctx.write(tmp_path / "rapport.docx", lambda: _write_watching(ctx, most_rows))
    # Only the final section properties stay in the tree; the blocks went to the file.
    assert [child.tag for child in ctx.document.element.body] == [qn("w:sectPr")]
    assert max(most_rows) == 1  # every table held at most one row while it was written
    with zipfile.ZipFile(tmp_path / "rapport.docx") as package:
        body = etree.fromstring(package.read("word/document.xml")).find(qn("w:body"))
    assert len(body.findall(qn("w:tbl"))) >= 2
    assert body[-1].tag == qn("w:sectPr")
    rows = body.findall(f"{qn('w:tbl')}/{qn('w:tr')}")
    assert rows and all(row.find(qn("w:tc")) is not None for row in rows)


def _write_watching(ctx: DocumentWriter, most_rows: list[int]) -> None:
    """The report's sections, noting how many rows each table element holds at each row."""
    stream = ctx.body.stream
    assert stream is not None
    original = stream.row

    def row(tr):
        most_rows.append(len(tr.getparent().findall(qn("w:tr"))))
        original(tr)

    stream.row = row
    _write(ctx)


def test_a_table_given_the_wrong_row_count_is_a_programming_error(tmp_path):
    ctx = DocumentWriter(docx.Document())

    def sections():
        ctx.begin_section(ctx.prepare(), "portrait")
        table = ctx.table([0.5, 0.5], rows=3)
        table.row().cell().text("en")
        ctx.end_table(table)

    with pytest.raises(AssertionError, match="3 rows and has 1"):
        ctx.write(tmp_path / "fel.docx", sections)
