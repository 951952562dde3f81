"""Reproducible outputs: with SOURCE_DATE_EPOCH set, every timestamp inside the written .xlsx
and .docx files (their properties and every zip entry) comes from it, and two builds of the
same workbook are byte-identical; without it the clock is used."""

from __future__ import annotations

import datetime as dt
import re
import time
import zipfile

import pytest
from builders import EXEMPELBY_DIR, NORSJO, run_cli

from vp_excel import api, reproducible
from vp_excel.rollup.api import export, sammanstall

EPOCH = 1_000_000_000  # 2001-09-09 01:46:40 UTC: no clock of this test run says that
STAMP = (2001, 9, 9, 1, 46, 40)
ISO = "2001-09-09T01:46:40Z"
CORE_TIMES = re.compile(r"<dcterms:(created|modified)[^>]*>([^<]+)<")


def _timestamps(path) -> tuple[set[tuple[int, ...]], set[str]]:
    """The zip entries' times and the core properties' created/modified."""
    with zipfile.ZipFile(path) as package:
        entries = {info.date_time for info in package.infolist()}
        core = package.read("docProps/core.xml").decode("utf-8")
    return entries, {value for _, value in CORE_TIMES.findall(core)}


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_builds_are_byte_identical_and_every_timestamp_is_the_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = api.build(NORSJO, out_dir=tmp_path / "a")
    time.sleep(2.1)  # past the 2-second grain of a zip entry's time and a second of the clock
    api.build(NORSJO, out_dir=tmp_path / "b")
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    assert sorted(p.suffix for p in first.outputs) == [".docx", ".xlsx"]
    for output in first.outputs:
        assert _timestamps(output) == ({STAMP}, {ISO}), output.name


@pytest.fixture(scope="module")
def rolled_up(tmp_path_factory):
    """Exempelby rolled up once with SOURCE_DATE_EPOCH set, for the tests that read it."""
    out = tmp_path_factory.mktemp("rollup")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        return sammanstall([EXEMPELBY_DIR], out_dir=out)


def test_the_whole_kommun_outputs_take_the_epoch_too(tmp_path, monkeypatch, rolled_up):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    exported = export([EXEMPELBY_DIR], xlsx=tmp_path / "export.xlsx")
    for output in [*rolled_up.outputs, *exported.outputs]:
        assert _timestamps(output) == ({STAMP}, {ISO}), output.name


def test_the_word_reports_date_comes_from_the_epoch_when_the_workbook_gives_none(rolled_up):
    docx = next(p for p in rolled_up.outputs if p.suffix == ".docx")
    with zipfile.ZipFile(docx) as package:
        text = "".join(package.read(name).decode("utf-8") for name in package.namelist()
                       if name.startswith("word/") and name.endswith(".xml"))
    assert "2001-09-09" in text or "9 september 2001" in text


def test_without_the_epoch_the_clock_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    result = api.build(NORSJO, out_dir=tmp_path, formats=("docx",))
    _, core = _timestamps(result.outputs[0])
    written = dt.datetime.strptime(core.pop(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert before <= written <= dt.datetime.now(dt.UTC)


@pytest.mark.parametrize("value, expected", [
    ("1000000000", (2001, 9, 9, 1, 46, 40)),
    (" 0 ", (1980, 1, 1, 0, 0, 0)),  # zip cannot say older than 1980
    ("", None),
])
def test_stamp_zip(tmp_path, monkeypatch, value, expected):
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as package:
        entry = zipfile.ZipInfo("b.xml", (2020, 5, 6, 7, 8, 10))
        entry.compress_type = zipfile.ZIP_DEFLATED
        package.writestr(entry, b"<b/>" * 100)
        package.writestr("a.txt", "å", compress_type=zipfile.ZIP_STORED)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    reproducible.stamp_zip(path)
    with zipfile.ZipFile(path) as package:
        assert package.namelist() == ["b.xml", "a.txt"]
        assert package.read("b.xml") == b"<b/>" * 100 and package.read("a.txt") == "å".encode()
        assert [info.compress_type for info in package.infolist()] == [
            zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]
        times = {info.date_time for info in package.infolist()}
    if expected is not None:
        assert times == {expected}
    else:
        assert (2020, 5, 6, 7, 8, 10) in times  # untouched


@pytest.mark.parametrize("value", ["igår", "1.5", "9" * 30])
def test_a_malformed_epoch_is_one_swedish_message(tmp_path, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = run_cli("build", str(NORSJO), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH ska vara ett heltal" in result.output
    assert "Traceback" not in result.output
    assert not any(tmp_path.iterdir())
