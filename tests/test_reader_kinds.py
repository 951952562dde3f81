"""Cells read by their column's kind: every kind in schema.py has one parser (reader/kinds.py),
both layouts read through that table, so changing a column's kind in schema.py, or adding a
column of a known kind, changes how it is read without a change to the reader. Comparison
columns and breakdown rows are kept on the measure they belong to."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import kommun_layouts
import openpyxl
import pytest
from builders import write_workbook

from vp_excel import schema
from vp_excel.reader import read_plan
from vp_excel.reader.cells import CellReader
from vp_excel.reader.kinds import PARSERS, Ask, Cell, KindReader
from vp_excel.reader.layouts.tables import classify
from vp_excel.reader.load import load_book
from vp_excel.reader.problems import Problems

ALL_COLUMNS = (*schema.GOAL_COLUMNS, *schema.PERIOD_COLUMNS, *schema.REPORT_PERIOD_COLUMNS,
               *schema.REPORT_EXTRA_COLUMNS, *schema.ACTIVITY_COLUMNS,
               *schema.PERIOD_SHEET_COLUMNS, *schema.TEXT_COLUMNS, *schema.SETTING_COLUMNS)


def test_every_kind_in_the_schema_has_one_parser():
    used = {c.kind for c in ALL_COLUMNS} | {w.kind for w in schema.KOMMUN_HEADERS}
    assert used <= set(schema.KINDS)
    assert set(PARSERS) == set(schema.KINDS)


def test_value_synonyms_name_no_word_twice():
    assert not set(schema.RULE_SYNONYMS) & set(schema.ACTIVITY_STATUS_SYNONYMS)


# --- the parsers, one cell at a time --------------------------------------------------------

@pytest.mark.parametrize("kind, typed, number_format, ask, expected, problems", [
    ("text", "  Trygg kommun ", None, Ask(), Cell("Trygg kommun", items=["Trygg kommun"]), 0),
    ("suggestion", "Enkät", None, Ask(), Cell("Enkät", items=["Enkät"]), 0),
    ("id", "N00090", None, Ask(), Cell("N00090", items=["N00090"]), 0),
    ("list", "• Ta fram rutin\n• Utbilda chefer", None, Ask(),
     Cell("• Ta fram rutin\n• Utbilda chefer", items=["Ta fram rutin", "Utbilda chefer"]), 0),
    ("number", "6,5%", None, Ask("utfallet"), Cell(value=0.065, unit="%"), 0),
    ("number", 0.75, "0%", Ask("utfallet"), Cell(value=0.75, unit="%"), 0),
    ("number", "Ja", None, Ask("utfallet"), Cell(value=True), 0),
    ("number", "Ja", None, Ask("gul gräns", allow_yes_no=False), Cell(), 1),
    ("number", "226 1)", None, Ask("utfallet"), Cell(), 1),
    ("target", "Minst 80 %", None, Ask("målvärdet"),
     Cell("Minst 80 %", 0.8, "%", schema.HIGHER), 0),
    ("target", "Ökar", None, Ask("målvärdet"), Cell("Ökar", rule=schema.INCREASES), 0),
    ("target", 4000, '"max "0', Ask("målvärdet"),
     Cell("max 4\u00a0000", 4000, "", schema.LOWER), 0),
    ("target", "-", None, Ask("målvärdet"), Cell("-"), 0),
    ("outcome", "226 1)", None, Ask("utfallet"), Cell(value=226), 0),
    ("outcome", "Statistik saknas", None, Ask("utfallet"), Cell(), 0),
    ("outcome", "36", None, Ask("utfallet", "%"), Cell(value=0.36, unit="%"), 0),
    ("outcome", "12,8\n15,8*)", None, Ask("utfallet"), Cell(value=12.8), 1),
    ("outcome", "okänt", None, Ask("utfallet"), Cell(), 1),
    ("comparison", "74 %", None, Ask("Riket"), Cell(value=0.74, unit="%"), 0),
    ("comparison", "okänt", None, Ask("Riket"), Cell(), 0),  # kept, never a problem
    ("comparison", "12,8\n15,8*)", None, Ask("Riket"), Cell(value=12.8), 0),
    ("status", "Delvis uppfyllt", None, Ask("statusen"), Cell(status="GUL", how="ord"), 0),
    ("status", "Ja", None, Ask("statusen", yes_no=True), Cell(status="GRÖN", how="ord"), 0),
    ("status", "blå", None, Ask("statusen"), Cell(), 1),
    ("choice", "pågår", None, Ask("statusen", choices=schema.ACTIVITY_STATUSES),
     Cell(choice="Pågående"), 0),
    ("rule", "max", None, Ask("regeln", choices=schema.RULES), Cell(choice=schema.LOWER), 0),
    ("direction", "Manuell", None, Ask("riktningen", choices=schema.INDICATOR_DIRECTIONS),
     Cell(), 1),
    ("computed", "GRÖN", None, Ask(), Cell(), 0),
])
def test_a_cell_is_read_by_its_kind(tmp_path, kind, typed, number_format, ask, expected,
                                    problems):
    book = openpyxl.Workbook()
    book.active["B2"] = typed
    if number_format:
        book.active["B2"].number_format = number_format
    book.save(tmp_path / "a.xlsx")
    found = Problems(tmp_path / "a.xlsx")
    loaded = load_book(tmp_path / "a.xlsx", found)
    reader = KindReader(CellReader(found), loaded.theme_colors)
    cell = reader.read(kind, loaded.sheets["Sheet"], 2, 2, ask)
    if isinstance(expected.value, float) and not isinstance(expected.value, bool):
        assert cell.value == pytest.approx(expected.value)
        cell = dataclasses.replace(cell, value=expected.value)
    assert cell == expected
    assert len(found.items) == problems, [str(p) for p in found.items]


# --- the schema drives the reader -----------------------------------------------------------

@pytest.fixture
def fresh_headers():
    """Header kinds are cached by text: start and end with an empty cache."""
    classify.cache_clear()
    yield
    classify.cache_clear()


def _with_kind(words: tuple[schema.HeaderWords, ...], key: str,
               kind: str) -> tuple[schema.HeaderWords, ...]:
    return tuple(dataclasses.replace(w, kind=kind) if w.key == key else w for w in words)


@pytest.mark.parametrize("kind, meritvarde, errors", [
    # as written: the footnote "1)" is not the value, "Statistik saknas" is no value
    ("outcome", 226, []),
    # strictly a number: both are refused, by cell
    ("number", None, ["D8", "D9"]),
])
def test_the_outcome_columns_kind_decides_how_its_cells_are_read(
        tmp_path, monkeypatch, fresh_headers, kind, meritvarde, errors):
    monkeypatch.setattr(schema, "KOMMUN_HEADERS",
                        _with_kind(schema.KOMMUN_HEADERS, "outcome", kind))
    plan, problems = read_plan(kommun_layouts.make("goal_rows", tmp_path))
    merit = next(i for i in plan.indicators if i.name == "Meritvärde åk 9")
    assert merit.measure.outcomes.get("Helår 2025") == meritvarde
    refused = [p for p in problems if p.is_error]
    assert [p.location.cell for p in refused] == errors
    assert all("inte ett tal" in p.message for p in refused)


def test_a_column_added_to_the_schema_with_a_known_kind_is_read(tmp_path, monkeypatch,
                                                                 fresh_headers):
    """A new comparison column (a key the reader has never seen, of kind comparison) is kept
    on the measure, not listed as an unknown column."""
    path = tmp_path / "plan.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Verksamhetsplan 2025 för kommunledningskontoret"])
    ws.append(["KF ÖG mål", "Indikator", "Målvärde", "Utfall 2025", "Bästa kommun"])
    ws.append(["Trygg kommun", "Andel trygga", "Minst 80 %", "82 %", "91 %"])
    book.save(path)
    _, problems = read_plan(path)
    assert any("Bästa kommun" in p.message and "okända kolumner" in p.message
               for p in problems)

    monkeypatch.setattr(schema, "KOMMUN_HEADERS", (
        schema.HeaderWords("best_kommun", r"bästa kommun", "comparison"),
        *schema.KOMMUN_HEADERS))
    classify.cache_clear()  # the header was classified (as nothing) before
    plan, problems = read_plan(path)
    (goal,) = plan.ks_goals  # no KS mål column: the measured row is a goal of its own
    assert goal.measure.comparisons == {"Bästa kommun": pytest.approx(0.91)}
    assert goal.measure.outcomes == {"Helår 2025": pytest.approx(0.82)}
    assert not any("okända kolumner" in p.message for p in problems)
    assert 'Jämförelsekolumner (läses inte som utfall): Sheet!E2 "Bästa kommun"' in plan.notes


HEADER = ["KF ÖG mål", "KF indikator", "Styrgräns", "Källa", "KS mål", "Målvärde", "Regel",
          "Målinriktning", "Aktiviteter", "Utfall Delår 1"]
ROW = ["Hållbar organisation", "Sjukfrånvaro", "6,5%", "Enkät", "Sjukfrånvaron är låg", "4%",
       "Lägre är bättre", "Friskvård", "• Ta fram rutin\n• Utbilda chefer", "3,9%"]


def _arbetsbok_column(key: str, kind: str) -> tuple[schema.Column, ...]:
    return tuple(dataclasses.replace(c, kind=kind) if c.key == key else c
                 for c in schema.GOAL_COLUMNS)


@pytest.mark.parametrize("key, kind, check", [
    ("activities", "list",
     lambda plan, errors: [a.text for a in plan.kf_goals[0].rows[0].directions[0].activities]
     == ["Ta fram rutin", "Utbilda chefer"] and not errors),
    ("activities", "text",
     lambda plan, errors: [a.text for a in plan.kf_goals[0].rows[0].directions[0].activities]
     == ["• Ta fram rutin\n• Utbilda chefer"] and not errors),
    ("source", "suggestion",
     lambda plan, errors: plan.indicators[0].source == "Enkät" and not errors),
    ("source", "choice",
     lambda plan, errors: plan.indicators[0].source == ""
     and [(e.location.cell, 'Källa "Enkät" är okänd' in e.message) for e in errors]
     == [("D2", True)]),
])
def test_the_arbetsboks_columns_are_read_by_their_kind(tmp_path, monkeypatch, key, kind,
                                                       check: Any):
    path = write_workbook(tmp_path / "a.xlsx", [HEADER, ROW])
    monkeypatch.setattr(schema, "GOAL_COLUMNS", _arbetsbok_column(key, kind))
    plan, problems = read_plan(path)
    assert check(plan, [p for p in problems if p.is_error])


# --- comparison columns and breakdown rows, kept on their measure ---------------------------

def test_comparison_columns_are_kept_on_the_measure_never_as_outcomes(tmp_path):
    plan, _ = read_plan(kommun_layouts.make("goal_rows", tmp_path))
    by_name = {i.name: i.measure for i in plan.indicators}
    expected: dict[str, dict[str, float]] = {
        "Andel elever med godkänt i alla ämnen åk 9": {"Riket": 0.74},
        "Andel behöriga till gymnasiet": {"Riket": 0.86},
        "Meritvärde åk 9": {"Riket": 229},
        "Andel elever som känner sig trygga": {"Riket": 0.90},
        "Sjukfrånvaro": {},  # "-": no value
        "Andel heltidsanställda": {},
    }
    assert {name: by_name[name].comparisons for name in expected} == {
        name: {h: pytest.approx(v) for h, v in values.items()}
        for name, values in expected.items()}
    for measure in by_name.values():
        assert set(measure.outcomes) <= {"Helår 2024", "Helår 2025"}
    assert "Riket" not in plan.period_names


def test_breakdown_rows_are_kept_on_the_measure_above_them(tmp_path):
    plan, _ = read_plan(kommun_layouts.make("three_levels", tmp_path))
    (sick,) = [i for i in plan.indicators if i.name == "Sjukfrånvaro, %"]
    assert sick.measure.breakdown == {
        "kvinnor": {"Helår 2025": pytest.approx(0.079), "Helår 2024": pytest.approx(0.081)},
        "män": {"Helår 2025": pytest.approx(0.041), "Helår 2024": pytest.approx(0.044)}}
    assert sick.measure.outcomes == {"Helår 2025": pytest.approx(0.068),
                                     "Helår 2024": pytest.approx(0.074)}
    others = [i.measure.breakdown for i in plan.indicators if i is not sick]
    assert others and not any(others)
    names = {i.name for i in plan.indicators} | {g.text for g in plan.ks_goals}
    assert not names & {"kvinnor", "män"}


@pytest.mark.parametrize("split", [
    ["Kvinnor", "Män", "Totalt"], ["K", "M", "Totalt"],
    ["Utfall 2025 K", "Utfall 2025 M", "Utfall 2025 Totalt"],
    ["Utfall kvinnor", "Utfall män", "Utfall totalt"],
    ["Totalt", "Kvinnor", "Män"],
    # The outcome column itself is the total, the split right of it.
    ["Utfall 2025", "Kvinnor", "Män"], ["Utfall 2025", "K", "M"],
])
def test_columns_split_by_sex_are_the_breakdown_of_the_total(tmp_path, split):
    """Kvinnor/Män (or K/M) columns beside Totalt: the total is the outcome, the others the
    breakdown the rows' kvinnor/män give, never an outcome, a period or a goal of their own."""
    path: Path = tmp_path / "plan.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Verksamhetsplan 2025 för kommunstyrelsen"])
    values = {"Sjukfrånvaro": {"k": "7,9 %", "m": "4,1 %", "t": "6,8 %"},
              "Andel heltidsanställda": {"k": "78 %", "m": "90 %", "t": "82 %"}}
    keys = ["t" if "totalt" in h.lower() or h == "Utfall 2025" else h.split()[-1].lower()[0]
            for h in split]
    ws.append(["Mål", "Indikator", "Målvärde", *split])
    ws.append(["Friska medarbetare", "Sjukfrånvaro", "Max 7 %",
               *[values["Sjukfrånvaro"][k] for k in keys]])
    ws.append([None, "Andel heltidsanställda", "Minst 80 %",
               *[values["Andel heltidsanställda"][k] for k in keys]])
    book.save(path)
    plan, problems = read_plan(path)
    assert [p.message for p in problems if p.is_error] == []
    assert plan.period_names == ["Helår 2025"]
    by_name = {i.name: i.measure for i in plan.indicators}
    assert set(by_name) == set(values)
    for name, written in values.items():
        measure = by_name[name]
        number = float(written["t"].split()[0].replace(",", ".")) / 100
        assert measure.outcomes == {"Helår 2025": pytest.approx(number)}
        assert set(measure.breakdown) == {"kvinnor", "män"}
        assert measure.breakdown["kvinnor"] == {"Helår 2025": pytest.approx(
            float(written["k"].split()[0].replace(",", ".")) / 100)}
    assert not [p for p in problems if "läses inte" in p.message]


def test_kvinnor_and_man_columns_without_a_total_are_said_not_read(tmp_path):
    """No Totalt beside them: no outcome to judge, so the columns are said as not read (with
    the line that reads them), never one of them taken for the outcome."""
    path: Path = tmp_path / "plan.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Mål", "Indikator", "Målvärde", "Kvinnor", "Män"])
    book.active.append(["Friska medarbetare", "Sjukfrånvaro", "Max 7 %", "7,9 %", "4,1 %"])
    book.save(path)
    plan, problems = read_plan(path, year=2025)
    (indicator,) = plan.indicators
    assert indicator.measure.outcomes == {}
    said = " ".join(p.message for p in problems)
    assert '"Kvinnor"' in said and '"Män"' in said


def test_a_breakdown_value_that_reads_as_nothing_is_no_problem(tmp_path):
    """Breakdown values are kept, never judged: a word there is no value, not an error, and
    the measure's own row is read as before."""
    path: Path = tmp_path / "plan.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Verksamhetsplan 2025 för kommunstyrelsen"])
    ws.append(["KF ÖG mål", "Mätetal", "Målvärde", "Utfall 2025"])
    ws.append(["Friska medarbetare", "Sjukfrånvaro", "Max 7 %", "6,8 %"])
    ws.append([None, "kvinnor", None, "uppgift kommer"])
    ws.append([None, "män", None, "4,1 %"])
    book.save(path)
    plan, problems = read_plan(path)
    (goal,) = plan.ks_goals  # no KS mål column: the measured row is a goal of its own
    assert goal.measure.breakdown == {"män": {"Helår 2025": pytest.approx(0.041)}}
    assert goal.measure.outcomes == {"Helår 2025": pytest.approx(0.068)}
    assert not [p for p in problems if p.is_error]


def test_the_read_sheets_are_freed_without_a_garbage_collection():
    """The command line raises the GC thresholds; a sheet kept alive by a reference cycle
    (as a class made per read once did) would hold every cell until a full collection, and
    the writers' peak would carry it."""
    import gc

    from builders import EXEMPELBY

    from vp_excel.reader import read_plan
    from vp_excel.reader.grid import Sheet

    gc.collect()
    gc.disable()
    try:
        plan, _ = read_plan(EXEMPELBY)
        assert plan.ks_goals
        del plan
        left = [o for o in gc.get_objects() if isinstance(o, Sheet)]
    finally:
        gc.enable()
    assert left == []
