"""Test tables in the kommuner's own layouts (tests/kommun_tables/*.toml, invented for the tests,
built by tests/verkliga/bygg.py): the kinds issue 17 names and the real corpus in
tests/verkliga/ lacks (four- and five-level scales, tertial and delår columns with a status per
period, Ja/Nej measures, statuses only as fills, goal columns named by owner and rank, units
glued to numbers, directions in names, footnote rows, goal cells merged down). Each is read by
check with its goal total and GRÖN/GUL/RÖD/Ej bedömd counts; every guess check makes is said on
one line with its cell; where the reader cannot tell, check prints the line the table's vp-excel
sheet holds, and with that sheet the table is read right."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from verkliga import bygg

from vp_excel import api, schema
from vp_excel.cli import cli
from vp_excel.errors import VpExcelError
from vp_excel.reader.classify import status_word
from vp_excel.reader.inline import read_target
from vp_excel.reader.periods import period_in_header

HERE = Path(__file__).resolve().parent / "kommun_tables"
TABLES = bygg.names(HERE)
MAPPED = [name for name in TABLES
          if any(s["name"] == schema.MAPPING_SHEET for s in bygg.load(name, HERE).sheets)]


def _options(table: bygg.Table) -> dict[str, object]:
    return {key: table.check[key] for key in ("kommun", "verksamhet", "year")
            if key in table.check}


def _cli_options(table: bygg.Table) -> list[str]:
    return ["--ar", str(table.check["year"])] if "year" in table.check else []


def _counts(result: api.CheckResult) -> dict[str, int]:
    summary = result.evaluation.summary()
    return {"goals": summary.total, "green": summary.counts[schema.GREEN],
            "yellow": summary.counts[schema.YELLOW], "red": summary.counts[schema.RED],
            "not_assessed": summary.counts[schema.NOT_ASSESSED]}


@pytest.mark.parametrize("name", TABLES)
def test_check_reads_the_expected_counts(tmp_path, name):
    table = bygg.load(name, HERE)
    path = bygg.build(name, tmp_path, HERE)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = api.check(path, table.check.get("period"), **_options(table))
    assert [p.message for p in result.errors] == []
    assert _counts(result) == table.counts, table.expected["how"]
    if "period" in table.expected:  # the period the counts are for (tertial, delår, jan–aug)
        assert result.evaluation.period == table.expected["period"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the input was written"


@pytest.mark.parametrize("name", TABLES)
def test_build_writes_both_reports(tmp_path, name):
    table = bygg.load(name, HERE)
    path = bygg.build(name, tmp_path, HERE)
    built = api.build(path, table.check.get("period"), out_dir=tmp_path / "ut",
                      **_options(table))
    assert sorted(p.suffix for p in built.outputs) == [".docx", ".xlsx"]
    assert all(p.stat().st_size > 0 for p in built.outputs)


@pytest.mark.parametrize("name", [n for n in TABLES if bygg.load(n, HERE).check.get("said")])
def test_check_says_each_guess_with_its_cell(tmp_path, name):
    """The lines check must print for the table's guesses (a scale level, a column read by
    its words or contents, a direction from a name, a note row), each with its cell."""
    table = bygg.load(name, HERE)
    path = bygg.build(name, tmp_path, HERE)
    result = CliRunner().invoke(cli, ["check", str(path), *_cli_options(table)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for said in table.check["said"]:
        assert any(said in line for line in lines), said


@pytest.mark.parametrize("name", MAPPED)
def test_without_its_mapping_sheet_check_prints_the_line_to_add(tmp_path, name):
    """Without the kommun's vp-excel sheet check prints the line that sheet holds (and the
    table is refused, or read by a guess that check states), and never a traceback."""
    table = bygg.load(name, HERE)
    path = bygg.build(name, tmp_path, HERE, skip=(schema.MAPPING_SHEET,))
    result = CliRunner().invoke(cli, ["check", str(path), *_cli_options(table)])
    assert result.exit_code == (1 if table.check.get("refused") else 0), result.output
    assert "Traceback" not in result.output
    for line in table.check["lines"]:
        assert f'raden "{line}' in result.output, line
    if table.check.get("refused"):  # refused: no table, or errors for its words
        try:
            assert api.check(path, **_options(table)).errors
        except VpExcelError:
            pass


@pytest.mark.parametrize("name", MAPPED)
def test_the_same_lines_as_options_read_it_right(tmp_path, name):
    table = bygg.load(name, HERE)
    path = bygg.build(name, tmp_path, HERE, skip=(schema.MAPPING_SHEET,))
    sheet = next(s for s in table.sheets if s["name"] == schema.MAPPING_SHEET)
    lines = [row[0] for row in sheet["rows"]]
    columns = [line for line in lines if line.split("=")[1].strip() not in schema.STATUSES]
    statuses = [line for line in lines if line.split("=")[1].strip() in schema.STATUSES]
    result = api.check(path, columns=columns, statuses=statuses, **_options(table))
    assert [p.message for p in result.errors] == []
    assert _counts(result) == table.counts


def test_the_test_tables_say_what_they_are():
    """At least 15 tables, each saying in its file that it is a test table (not published,
    so never in tests/verkliga/), its kinds, and why its counts are what they are."""
    assert len(TABLES) >= 15
    for name in TABLES:
        text = (HERE / f"{name}.toml").read_text(encoding="utf-8")
        assert text.startswith("# TEST TABLE, not a published one"), name
        table = bygg.load(name, HERE)
        assert table.source["kinds"] and table.expected["how"].strip(), name
        counts = table.counts
        assert counts["goals"] == sum(counts[k] for k in
                                      ("green", "yellow", "red", "not_assessed")), name
    assert not set(TABLES) & set(bygg.names()), "a test table among the real ones"


@pytest.mark.parametrize("header, period", [
    ("Utfall aug", ("jan–aug", 8, None)),  # the year so far, not the whole year
    ("Utfall aug 2025", ("jan–aug", 8, 2025)),
    ("Resultat per 31 augusti 2025", ("jan–aug", 8, 2025)),
    ("Aug 2025", ("jan–aug", 8, 2025)),
    ("Utfall 2025 (apr)", ("jan–apr", 4, 2025)),
    ("Utfall dec 2024", ("Helår", 12, 2024)),
    ("Utfall jan–aug 2025", ("jan–aug", 8, 2025)),
    ("Utfall T2 aug", ("T2", 8, None)),  # the tertial names it
    ("Utfall 2025-08-31", ("jan–aug", 8, 2025)),  # a date: the year so far
    ("Utfall 31/8 2025", ("jan–aug", 8, 2025)),
    ("Utfall 2024-12-31", ("Helår", 12, 2024)),
    ("december", None),  # a month alone is a value (Klart senast), not a period
    ("Marknadsandel", None),
])
def test_a_month_in_a_header_is_the_year_so_far(header, period):
    found = period_in_header(header)
    assert (found and (found.kind, found.last_month, found.year)) == period


@pytest.mark.parametrize("text, status", [
    ("Uppfyllt till del", schema.YELLOW),  # partly: read as met before (a silent wrong count)
    ("Något uppfyllt", schema.YELLOW),
    ("Målet är uppfyllt till någon del", schema.YELLOW),
    ("Uppfyllt till stor del", schema.GREEN),  # the high level, not "till del"
    ("Viss måluppfyllelse", schema.YELLOW),
    ("Hel måluppfyllelse", schema.GREEN),
    ("Begränsad måluppfyllelse", schema.RED),
    ("Grönt", schema.GREEN),
])
def test_more_status_words_kommuner_use(text, status):
    assert status_word(text) == status


@pytest.mark.parametrize("text, value, rule", [
    ("Lägre än 7 %", 0.07, schema.LOWER),  # an error ("inte ett tal") before
    ("5 % eller lägre", 0.05, schema.LOWER),
    ("80 % eller mer", 0.8, schema.HIGHER),
    ("10 eller färre", 10.0, schema.LOWER),
    ("Mer än 50", 50.0, schema.HIGHER),
    ("Mindre än eller lika med 10", 10.0, schema.LOWER),
    ("Minimum 4,0", 4.0, schema.HIGHER),  # the direction was only assumed before
    ("Högst 5 dagar", 5.0, schema.LOWER),
])
def test_a_targets_direction_in_words_before_or_after_the_number(text, value, rule):
    reading = read_target(text)
    assert (reading.value, reading.rule) == (pytest.approx(value), rule)


def test_one_column_of_crosses_is_read_by_the_kommuns_line(tmp_path):
    """One column named by a status with crosses is not guessed (a lone "Uppfyllt" with "x"
    may mean anything); the line check prints for a group of them reads it."""
    import openpyxl

    path = tmp_path / "kryss.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Nämndens mål", "Uppfyllt"], ["Alla ska få svar i tid", "x"],
                ["Arkivet ska vara ordnat", None], ["Diariet ska vara aktuellt", "X"]):
        sheet.append(row)
    book.save(path)
    assert _counts(api.check(path, year=2025))["green"] == 0
    read = api.check(path, year=2025, columns=["Uppfyllt = Status (kryss)"])
    assert _counts(read) == {"goals": 3, "green": 2, "yellow": 0, "red": 0, "not_assessed": 1}


@pytest.mark.parametrize("header, counts", [
    ("Bedömning", {"goals": 2, "green": 1, "yellow": 0, "red": 1, "not_assessed": 0}),
    ("Kommentar", {"goals": 2, "green": 0, "yellow": 0, "red": 0, "not_assessed": 2}),
])
def test_only_a_judgement_columns_fill_over_prose_is_a_status(tmp_path, header, counts):
    """A coloured cell holding the analysis under "Bedömning" is the judgement; a coloured
    "Kommentar" may mean anything (a trend, a highlight) and is not read as one."""
    import openpyxl
    from openpyxl.styles import PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Nämndens mål", header],
                ["Alla elever ska nå målen", "Resultaten förbättrades i alla årskurser och "
                                             "behörigheten ökade till 89 procent."],
                ["Eleverna ska vara trygga", "Tryggheten minskade jämfört med förra året enligt "
                                             "elevenkäten i årskurs åtta."]):
        sheet.append(row)
    sheet["B2"].fill = PatternFill("solid", fgColor="00B050")
    sheet["B3"].fill = PatternFill("solid", fgColor="FF0000")
    book.save(tmp_path / "plan.xlsx")
    assert _counts(api.check(tmp_path / "plan.xlsx", year=2025)) == counts
