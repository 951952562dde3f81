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
        data = package.read("word/document.xml")
    # Each namespace declared once, on the document element, as python-docx writes it.
    assert data.count(b"xmlns:w=") == data.count(b"xmlns:r=") == 1
    body = etree.fromstring(data).find(qn("w:body"))
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


ROWS = [  # (text, merge) per cell, row after row; None continues the merge above
    [("Indikator", True), ("Målinriktning", True), ("Aktivitet", False)],
    [None, None, (" med mellanslag ", False)],
    [None, ("Ny", False), ("rad ett\nrad två\tflik", False)],
    [("", False), ("", True), ("x & <y>", False)],
]


@pytest.mark.parametrize("keep_together", [False, True])
def test_a_text_row_is_the_row_cell_by_cell(keep_together):
    """`text_row` (one template per row shape) makes the XML `row()` and `cell().text()`
    make, merges, empty cells, line breaks, spaces and keep-together included."""
    from vp_excel.writers.docx.oxml import TableBuilder, TextCell

    rows = len(ROWS) if keep_together else None
    by_cell, by_shape = TableBuilder([2000, 2000, 3000], rows=rows), \
        TableBuilder([2000, 2000, 3000], rows=rows)
    for values in ROWS:
        row = by_cell.row()
        for value in values:
            if value is None:
                row.merged()
            else:
                row.cell(merge=value[1]).text(value[0], "Tabelltext")
        by_shape.text_row([TextCell(merged=True) if value is None
                           else TextCell(value[0], "Tabelltext", merge=value[1])
                           for value in values])
    made = [etree.tostring(builder.finish(), method="c14n") for builder in (by_cell, by_shape)]
    assert made[0] == made[1]
    assert (b"keepNext" in made[1]) == keep_together
    assert b"rad ett</w:t><w:br></w:br>" in made[1] and b'xml:space="preserve"' in made[1]
