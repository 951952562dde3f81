"""The reader's tolerance: headers found by name, merged cells, numbers as staff type them."""

from __future__ import annotations

import hashlib
import random

import openpyxl
import pytest
from builders import NORSJO, one_goal, write_workbook

from vp_excel.errors import HeaderNotFound, MissingSheet
from vp_excel.reader import read_plan
from vp_excel.rules import evaluate, summary_sentence
from vp_excel.schema import GREEN, HIGHER, LOWER, RED


@pytest.mark.parametrize("typed, number_format, expected, unit", [
    (0.065, "0.0%", 0.065, "%"),
    ("6,5%", None, 0.065, "%"),
    ("6,5 %", None, 0.065, "%"),
    ("6.5%", None, 0.065, "%"),
    ("3,69", None, 0.0369, "%"),  # a % goal: 3,69 means 3,69 % (with a warning)
    (3.69, None, 0.0369, "%"),
    (0.0369, None, 0.0369, "%"),
    ("−2,2 %", None, -0.022, "%"),
])
def test_percent_outcomes_as_typed(tmp_path, typed, number_format, expected, unit):
    plan, problems = read_plan(one_goal(tmp_path / "a.xlsx", typed,
                                        number_format=number_format))
    measure = plan.ks_goals[0].measure
    assert measure.outcomes["Delår 1"] == pytest.approx(expected)
    assert measure.unit == unit
    assert not [p for p in problems if p.is_error]


@pytest.mark.parametrize("target, outcome, rule, expected_target, expected_outcome, unit", [
    ("4 000 kr/inv", "3 500 kr/inv", "Lägre är bättre", 4000, 3500, "kr/inv"),
    ("max 4000kr/inv", 3900, "", 4000, 3900, "kr/inv"),
    ("60 dagar", "61 dagar", "Högre är bättre", 60, 61, "dagar"),
    (79, "79,5", "Högre är bättre", 79, 79.5, ""),
    (0, "-2,2", "Högre är bättre", 0, -2.2, ""),
    ("1 234,5", "1 234,5", "Högre är bättre", 1234.5, 1234.5, ""),
])
def test_numbers_with_units(tmp_path, target, outcome, rule, expected_target, expected_outcome,
                            unit):
    plan, problems = read_plan(one_goal(tmp_path / "a.xlsx", outcome, rule=rule, target=target))
    measure = plan.ks_goals[0].measure
    assert (measure.target, measure.outcomes["Delår 1"], measure.unit) == (
        pytest.approx(expected_target), pytest.approx(expected_outcome), unit)
    assert not [p for p in problems if p.is_error]


def test_max_in_target_without_rule_means_lower_is_better_for_indicators(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", [
        ["KF ÖG mål", "KF indikator", "Styrgräns"],
        ["Ekonomi", "Nettoinvesteringar (max 4000kr/inv)", "max 4000kr/inv"],
        [None, "Soliditet (50%)", "50%"],
    ])
    plan, _ = read_plan(path)
    first, second = plan.indicators
    assert (first.measure.rule, first.measure.target, first.measure.unit) == (
        LOWER, 4000, "kr/inv")
    assert (second.measure.rule, second.measure.target) == (HIGHER, 0.5)


@pytest.mark.parametrize("typed, expected", [("Ja", True), ("nej", False), (" JA ", True)])
def test_yes_no(tmp_path, typed, expected):
    plan, _ = read_plan(one_goal(tmp_path / "a.xlsx", typed, rule="Ja/Nej", target="Ja"))
    assert plan.ks_goals[0].measure.outcomes["Delår 1"] is expected


@pytest.mark.parametrize("typed, fragment", [
    ("6,5 procent", 'utfallet för Delår 1 "6,5 procent" är inte ett tal'),
    ("#N/A", "felvärdet #N/A"),
    ("#DIV/0!", "felvärdet #DIV/0!"),
    ("Ja", "ska vara ett tal"),
    (1e15, "orimligt stort"),
])
def test_bad_numbers_are_errors_with_their_cell(tmp_path, typed, fragment):
    plan, problems = read_plan(one_goal(tmp_path / "a.xlsx", typed))
    errors = [str(p) for p in problems if p.is_error]
    assert len(errors) == 1
    assert "a.xlsx: Mål!E2: " in errors[0] and fragment in errors[0]
    assert plan.ks_goals[0].measure.outcomes["Delår 1"] is None


def test_date_in_a_number_cell(tmp_path):
    import datetime as dt
    plan, problems = read_plan(one_goal(tmp_path / "a.xlsx", dt.datetime(2025, 4, 30)))
    assert any("Mål!E2" in str(p) and "datum" in p.message for p in problems if p.is_error)


@pytest.mark.parametrize("column, typed, allowed", [
    ("Regel", "Bättre", "Högre är bättre"),
    ("Bedömning Delår 1", "Lila", "GRÖN, GUL, RÖD"),
])
def test_unknown_choice_lists_the_allowed_values(tmp_path, column, typed, allowed):
    if column == "Regel":
        path = one_goal(tmp_path / "a.xlsx", "3%", rule=typed)
    else:
        path = one_goal(tmp_path / "a.xlsx", "3%", extra={column: typed})
    _, problems = read_plan(path)
    errors = [p for p in problems if p.is_error]
    assert len(errors) == 1 and f'"{typed}" är okänd' in errors[0].message
    assert allowed in errors[0].message


@pytest.mark.parametrize("typed, expected", [("grön", GREEN), ("RÖDA", RED), ("Gron", GREEN)])
def test_assessment_synonyms(tmp_path, typed, expected):
    plan, _ = read_plan(one_goal(tmp_path / "a.xlsx", None, extra={"Bedömning Delår 1": typed}))
    assert plan.ks_goals[0].measure.assessments["Delår 1"] == expected


@pytest.mark.parametrize("header", ["KF ÖG mål", "kf-mål", "  Övergripande   MÅL ", "KF mål"])
def test_header_synonyms_case_and_spacing(tmp_path, header):
    path = write_workbook(tmp_path / "a.xlsx", [[header, "ks-mål"], ["Mål A", "Delmål"]])
    plan, _ = read_plan(path)
    assert [k.name for k in plan.kf_goals] == ["Mål A"]
    assert plan.ks_goals[0].text == "Delmål"


def test_title_rows_above_header_and_unknown_columns_listed(tmp_path):
    path = write_workbook(
        tmp_path / "a.xlsx", [["Kommentar", "KS mål", "KF ÖG mål"], ["x", "Delmål", "Mål A"]],
        title_rows=[["Verksamhetsplan 2025"], [], ["Uppdaterad av ekonomi"]])
    plan, problems = read_plan(path)
    assert plan.ks_goals[0].text == "Delmål"
    warnings = [str(p) for p in problems if not p.is_error]
    assert any('okända kolumner läses inte: A4 "Kommentar"' in w for w in warnings)


def test_merged_kf_goal_and_grouped_rows(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", [
        ["KF ÖG mål", "KF indikator", "KS mål", "Målinriktning", "Ansvarig enhet",
         "Aktiviteter"],
        ["Mål A", "HME (79)", "Sårbarheten minskar", "Minska sårbarhet", "Kansli",
         "• Korsträna\n• Uppdatera rutiner"],
        [None, None, None, "Förtydligad struktur", "HR, EK", "- Strukturkarta"],
        [None, "SAM", None, "Hållbar arbetsmiljö", "Alla", "– KEDS i APT\n– Uppföljning"],
        ["Mål B", None, None, None, None, "• Ekonomi bevakar"],
    ], merges=["A2:A4", "B2:B3", "C2:C3"])
    plan, problems = read_plan(path)
    assert not [p for p in problems if p.is_error]
    first, second = plan.kf_goals
    assert (first.name, len(first.rows), second.name) == ("Mål A", 2, "Mål B")
    grouped = first.rows[0]
    assert grouped.ks_goal.text == "Sårbarheten minskar"
    assert [d.label for d in grouped.directions] == ["Minska sårbarhet (Kansli)",
                                                      "Förtydligad struktur (HR, EK)"]
    assert [a.text for a in grouped.directions[0].activities] == ["Korsträna",
                                                                  "Uppdatera rutiner"]
    assert [a.text for a in first.rows[1].directions[0].activities] == ["KEDS i APT",
                                                                        "Uppföljning"]
    assert second.rows[0].directions[0].activities[0].text == "Ekonomi bevakar"


def test_conflicting_values_in_one_goal_group(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", [
        ["KF ÖG mål", "KS mål", "Målvärde", "Målinriktning"],
        ["Mål A", "Delmål", "4%", "Första"],
        ["Mål A", "Delmål", "5%", "Andra"],
    ])
    _, problems = read_plan(path)
    assert any("Mål!C3" in str(p) and "samma KS-mål som rad 2" in p.message
               for p in problems if p.is_error)


def test_missing_required_column_names_what_was_found(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", [["KF ÖG-mål typ", "KS mål"], ["x", "y"]])
    with pytest.raises(HeaderNotFound) as raised:
        read_plan(path)
    message = str(raised.value)
    assert "kolumnen KF ÖG mål saknas" in message and "KF ÖG-mål typ" in message
    assert "Menade du" in message


def test_duplicated_header(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", [["KF ÖG mål", "KS mål", "KS-mål"], ["a", "b", "c"]])
    with pytest.raises(HeaderNotFound, match="finns två gånger"):
        read_plan(path)


def test_missing_sheet_lists_the_sheets_found(tmp_path):
    path = tmp_path / "a.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Blad1"
    book.save(path)
    with pytest.raises(MissingSheet, match="Bladen som finns: Blad1"):
        read_plan(path)


def test_norsjo_starting_point_and_the_input_is_untouched():
    before = hashlib.sha256(NORSJO.read_bytes()).hexdigest()
    plan, problems = read_plan(NORSJO)
    assert not [p for p in problems if p.is_error]
    evaluation = evaluate(plan)
    assert evaluation.period == "Helår 2024"
    assert summary_sentence(evaluation.summary()) == (
        "av 8 identifierade KS-mål är 5 GRÖNA (62,5%), 0 GUL (-%), 3 RÖDA (37,5%)")
    assert hashlib.sha256(NORSJO.read_bytes()).hexdigest() == before


def _plan_content(plan):
    """What a plan says, independent of layout: every text, value and status."""
    evaluation = evaluate(plan)
    rows = []
    for kf in plan.kf_goals:
        for row in kf.rows:
            ind, ks = row.indicator, row.ks_goal
            rows.append((
                kf.name,
                ind and (ind.name, ind.measure.rule, ind.measure.target, ind.measure.unit),
                ks and (ks.text, ks.measure.rule, ks.measure.target, ks.measure.unit,
                        sorted(ks.measure.outcomes.items()),
                        sorted(ks.measure.assessments.items())),
                ks and evaluation.ks_status(ks).status,
                [(d.label, [a.text for a in d.activities]) for d in row.directions],
            ))
    return rows


def test_shuffled_norsjo_reads_the_same(tmp_path):
    """Columns shuffled, a title row above the header, KF ÖG mål merged, % typed as text."""
    source = openpyxl.load_workbook(NORSJO)
    sheet = source["Mål"]
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "KF ÖG mål"
                      or any(c.value == "KS mål" for c in sheet[r]))
    width = sheet.max_column
    grid = [[sheet.cell(r, c).value for c in range(1, width + 1)]
            for r in range(header_row, sheet.max_row + 1)]
    formats = [[sheet.cell(r, c).number_format for c in range(1, width + 1)]
               for r in range(header_row, sheet.max_row + 1)]
    # Fill merged areas so the copy starts from plain cells.
    for rng in sheet.merged_cells.ranges:
        value = sheet.cell(rng.min_row, rng.min_col).value
        for r in range(max(rng.min_row, header_row), rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                grid[r - header_row][c - 1] = value
    order = list(range(width))
    random.Random(7).shuffle(order)
    kf_col = grid[0].index("KF ÖG mål")
    copy = openpyxl.Workbook()
    for name in source.sheetnames:
        if name == "Mål":
            continue
        target = copy.create_sheet(name)
        for row in source[name].iter_rows(values_only=True):
            target.append(list(row))
    del copy["Sheet"]
    goals = copy.create_sheet("Mål")
    goals.append(["Verksamhetsplan – omkastade kolumner"])
    for r, row in enumerate(grid):
        values = []
        for c in order:
            value = row[c]
            if isinstance(value, float) and "%" in formats[r][c]:
                value = f"{value * 100:.4g} %".replace(".", ",")  # percent typed as text
            values.append(value)
        goals.append(values)
    # Merge each KF ÖG mål over its rows; the reader must count it on every row.
    kf_out = order.index(kf_col) + 1
    start = 3
    for r in range(3, len(grid) + 2):
        this, nxt = goals.cell(r, kf_out).value, goals.cell(r + 1, kf_out).value
        if nxt != this:
            if r > start:
                for rr in range(start + 1, r + 1):
                    goals.cell(rr, kf_out).value = None
                goals.merge_cells(start_row=start, start_column=kf_out, end_row=r,
                                  end_column=kf_out)
            start = r + 1
    shuffled = tmp_path / "omkastad.xlsx"
    copy.save(shuffled)
    original_plan, _ = read_plan(NORSJO)
    shuffled_plan, problems = read_plan(shuffled)
    assert not [p for p in problems if p.is_error]
    assert _plan_content(shuffled_plan) == _plan_content(original_plan)
