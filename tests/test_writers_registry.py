"""The writers' registry: every output goes through `writers.write` / `writers.write_rollup`, so
a new output format is one module and one registered line. Shown here with a text format
registered for the test only (this module's `write_text` and `write_text_rollup`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import EXEMPELBY_DIR, NORSJO

from vp_excel import api, writers
from vp_excel.rollup.api import sammanstall
from vp_excel.writers import OutputFormat, WriteOptions


def write_text(evaluation, path: Path, options: WriteOptions) -> list[str]:
    path.write_text(f"{evaluation.plan.settings.verksamhet}\n{evaluation.period}\n"
                    f"{evaluation.summary().total} KS-mål\n{options.document}\n",
                    encoding="utf-8")
    return ["textrapporten har inga färger"]


def write_text_rollup(result, path: Path, options: WriteOptions) -> list[str]:
    path.write_text("\n".join(book.name for book in result.collected.books), encoding="utf-8")
    return []


@pytest.fixture
def text_format(monkeypatch):
    monkeypatch.setitem(writers.FORMATS, "txt", OutputFormat(
        "txt", "textrapporten", f"{__name__}:write_text", f"{__name__}:write_text_rollup",
        by_default=False))
    return "txt"


def test_the_registry_names_the_report_workbook_and_the_word_report():
    assert list(writers.FORMATS)[:2] == ["xlsx", "docx"]
    assert writers.default_formats()[:2] == ("xlsx", "docx")
    assert writers.rollup_formats()[:2] == ["xlsx", "docx"]


def test_a_registered_format_is_built_by_build(tmp_path, text_format):
    result = api.build(NORSJO, out_dir=tmp_path, formats=(text_format,),
                       document="arsrapport")
    written = tmp_path / f"{NORSJO.stem}-helår-2024.txt"
    assert result.outputs == [written]
    assert written.read_text(encoding="utf-8").split("\n")[:4] == [
        "Kommunledningskontoret", "Helår 2024", "8 KS-mål", "arsrapport"]
    assert result.warnings == ["textrapporten har inga färger"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [written.name]


def test_a_format_not_by_default_is_left_out_of_a_plain_build(tmp_path, text_format):
    result = api.build(NORSJO, out_dir=tmp_path)
    assert sorted(p.suffix for p in result.outputs) == [".docx", ".xlsx"]


def test_a_registered_format_lands_with_the_others(tmp_path, text_format):
    result = api.build(NORSJO, out_dir=tmp_path, formats=("xlsx", text_format))
    assert [p.suffix for p in result.outputs] == [".xlsx", ".txt"]  # the registry's order
    assert all(p.exists() for p in result.outputs)


def test_an_unknown_format_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError, match="pdf"):
        api.build(NORSJO, out_dir=tmp_path, formats=("pdf",))
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_the_roll_up_writes_the_formats_asked_for(tmp_path, text_format):
    plain = sammanstall([EXEMPELBY_DIR], out_dir=tmp_path / "plain")
    assert [p.suffix for p in plain.outputs] == [".xlsx", ".docx"]  # txt: not by default
    result = sammanstall([EXEMPELBY_DIR], out_dir=tmp_path,
                         formats=("txt", "xlsx", "docx"))
    assert [p.suffix for p in result.outputs] == [".xlsx", ".docx", ".txt"]
    names = result.outputs[-1].read_text(encoding="utf-8").split("\n")
    assert names == [book.name for book in result.collected.books] and len(names) >= 2
