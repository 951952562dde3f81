"""Real published goal tables (tests/verkliga/*.toml, built by tests/verkliga/bygg.py): each is
read by the library's check with the goal total and GRÖN/GUL/RÖD/Ej bedömd counts written
beside it (how they follow from the publication is in the file), and `build` writes both
reports from it. The corpus itself is held to its size and to naming its sources."""

from __future__ import annotations

import hashlib

import openpyxl
import pytest
from verkliga import bygg

from vp_excel import api, schema
from vp_excel.schema import GREEN, NOT_ASSESSED, RED, YELLOW

TABLES = bygg.names()


def _options(table: bygg.Table) -> dict[str, object]:
    return {key: table.check[key] for key in ("kommun", "verksamhet", "year")
            if key in table.check}


def _counts(result: api.CheckResult) -> dict[str, int]:
    summary = result.evaluation.summary()
    return {"goals": summary.total, "green": summary.counts[GREEN],
            "yellow": summary.counts[YELLOW], "red": summary.counts[RED],
            "not_assessed": summary.counts[NOT_ASSESSED]}


@pytest.mark.parametrize("name", TABLES)
def test_check_reads_the_published_counts(tmp_path, name):
    table = bygg.load(name)
    path = bygg.build(name, tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = api.check(path, table.check.get("period"), **_options(table))
    assert [p.message for p in result.errors] == []
    assert _counts(result) == table.counts
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the input was written"


@pytest.mark.parametrize("name", TABLES)
def test_build_writes_both_reports(tmp_path, name):
    table = bygg.load(name)
    path = bygg.build(name, tmp_path)
    built = api.build(path, table.check.get("period"), out_dir=tmp_path / "ut",
                      **_options(table))
    assert sorted(p.suffix for p in built.outputs) == [".docx", ".xlsx"]
    assert all(p.stat().st_size > 0 for p in built.outputs)


@pytest.mark.parametrize("name", [n for n in TABLES if any(
    s["name"] == schema.MAPPING_SHEET for s in bygg.load(n).sheets)])
def test_without_its_mapping_sheet_check_prints_the_line_to_add(tmp_path, name):
    """A real table that needs the kommun's one mapping line: without it, check says the
    line (no silent guess), and reads the table wrong in no count it prints as right."""
    table = bygg.load(name)
    path = bygg.build(name, tmp_path, skip=(schema.MAPPING_SHEET,))
    result = api.check(path, table.check.get("period"), **_options(table))
    sheet = next(s for s in table.sheets if s["name"] == schema.MAPPING_SHEET)
    said = " ".join([p.message for p in result.warnings] + result.plan.notes)
    assert result.warnings, "a column not read must be a warning"
    for (line,) in sheet["rows"]:  # the line for its column; which kind is the kommun's say
        column = line.partition(" = ")[0]
        assert f'"{column} = ' in said, line


def _number(value: object) -> object:
    return "" if value is None else pytest.approx(value)


@pytest.mark.parametrize("name", [n for n in TABLES if "names" in bygg.load(n).expected])
def test_every_goal_and_measure_is_read_as_published(tmp_path, name):
    """What a kommun's ekonomi checks beside the counts: each goal's words exactly, each
    indicator's words, and the outcome and target of each measure as the reader holds them
    (the indicators' where the table has them, else the goals')."""
    table = bygg.load(name)
    result = api.check(bygg.build(name, tmp_path), table.check.get("period"),
                       **_options(table))
    goals = result.evaluation.plan.ks_goals
    assert [g.text for g in goals] == table.expected["names"]
    indicators = [i for g in goals for i in g.indicators]
    assert [i.name for i in indicators] == table.expected.get("indicators", [])
    measures = [i.measure for i in indicators] or [g.measure for g in goals]
    period = result.evaluation.period
    if "outcomes" in table.expected:
        assert [m.outcomes.get(period) for m in measures] == [
            _number(v) for v in table.expected["outcomes"]]
    if "targets" in table.expected:
        assert [m.target for m in measures] == [
            None if v == "" else pytest.approx(v) for v in table.expected["targets"]]


def test_the_corpus_is_large_and_names_its_sources():
    tables = [bygg.load(name) for name in TABLES]
    assert len(tables) >= 20
    assert len({t.source["kommun"] for t in tables}) >= 12
    for table in tables:
        assert table.source["url"].startswith(("http://", "https://")), table.name
        assert table.source["title"].strip(), table.name
        assert table.expected["how"].strip(), table.name
        counts = table.counts
        assert counts["goals"] == sum(counts[k] for k in
                                      ("green", "yellow", "red", "not_assessed")), table.name


@pytest.mark.parametrize("name", TABLES)
def test_the_built_workbook_holds_every_published_word(tmp_path, name):
    """The builder writes each cell as the file says it: nothing dropped or retyped."""
    table = bygg.load(name)
    book = openpyxl.load_workbook(bygg.build(name, tmp_path))
    for sheet in table.sheets:
        ws = book[sheet["name"]]
        for r, row in enumerate(sheet["rows"], start=1):
            for c, value in enumerate(row, start=1):
                assert ws.cell(r, c).value == (None if value == "" else value)
        for coordinate in sheet.get("fills", {}):
            assert ws[coordinate].fill.fill_type == "solid"


def test_readme_says_how_large_the_corpus_is():
    tables = [bygg.load(name) for name in TABLES]
    kommuner = {t.source["kommun"] for t in tables}
    readme = (bygg.HERE.parent.parent / "README.md").read_text(encoding="utf-8")
    assert (f"`tests/verkliga/` har {len(tables)} tabeller från {len(kommuner)}"
            in " ".join(readme.split()))
