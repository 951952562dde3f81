"""The kommun's own words that the first readers got wrong (issue 20's closing note): a column
"Enhet" of units of measure, the kommun's own Trend column, a target compared with a year, and
a målinriktning without activities in the Word analysis table. Each test opens what the
program wrote or read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from helpers_edge_cases import load

from vp_excel import api, schema
from vp_excel.model import (
    Activity,
    GoalDirection,
    KfGoal,
    KsGoal,
    Measure,
    Period,
    Plan,
    PlanRow,
    Settings,
)
from vp_excel.reader.classify import holds_measure_units, is_measure_unit, trend_meaning
from vp_excel.rules import evaluate
from vp_excel.writers.docx.report import write_document


def _save(path: Path, rows: list[list[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan 2025"
    sheet.append(["Verksamhetsplan 2025 för kommunstyrelsen"])
    sheet.append(["Kommun:", "Exempelby kommun"])
    sheet.append([])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# --- "Enhet": a unit of measure or the responsible unit, by what the column holds ----------------


@pytest.mark.parametrize("text, unit", [
    ("%", True), ("antal", True), ("kr", True), ("dagar", True), ("st", True),
    ("procent", True), ("andel", True), ("Andel, %", True), ("Medelvärde", True),
    ("Andel, % (ny mätmetod 2012)", True),
    ("HR", False), ("EK", False), ("Kansli", False), ("IT", False), ("Alla", False),
    ("Socialtjänsten", False), ("Ekonomienheten", False), ("", False),
])
def test_a_unit_of_measure(text, unit):
    assert is_measure_unit(text) is unit


@pytest.mark.parametrize("texts, units", [
    (["%", "antal", "kr", "dagar"], True), (["HR", "EK", "Kansli"], False),
    (["%", "HR", "EK"], False), (["%"], False),  # one cell says too little
])
def test_a_column_of_units_of_measure(texts, units):
    assert holds_measure_units(texts) is units


@pytest.mark.parametrize("units, columns, responsible, measure_units, first", [
    (["%", "kr", "dagar"], [], ["", "", ""], ["%", "kr", "dagar"], (0.7, 0.74)),
    (["procent", "st", "Dagar"], [], ["", "", ""], ["%", "antal", "dagar"], (0.7, 0.74)),
    (["HR", "EK", "Kansli"], [], ["HR", "EK", "Kansli"], ["", "", ""], (70, 74)),
    # the kommun's line wins over the contents
    (["%", "kr", "dagar"], ["Enhet = Ansvarig enhet"], ["%", "kr", "dagar"], ["", "", ""],
     (70, 74)),
])
def test_enhet_is_read_by_what_it_holds(tmp_path, units, columns, responsible, measure_units,
                                        first):
    rows = [["KS mål", "Indikator", "Enhet", "Målvärde", "Utfall 2025", "Status"],
            ["Fler ska ha eget kontrakt", "Andel med eget kontrakt", units[0], "Minst 70", 74,
             "Grön"],
            ["Ekonomin ska vara i balans", "Kostnad per invånare", units[1], "Högst 5000",
             5300, "Röd"],
            ["Handläggningen ska gå fortare", "Handläggningstid", units[2], "Högst 30", 28,
             "Grön"]]
    result = api.check(_save(tmp_path / "plan.xlsx", rows), year=2025, columns=columns)
    assert not result.errors
    measures = [g.indicators[0].measure for g in result.plan.ks_goals]
    assert [m.unit for m in measures] == measure_units
    assert (measures[0].target, measures[0].outcomes["Helår 2025"]) == pytest.approx(first)
    shown = [d.responsible for kf in result.plan.kf_goals for row in kf.rows
             for d in row.directions]
    assert shown == [r for r in responsible if r]
    said = "\n".join(result.plan.notes)
    assert ('"Enhet": Måttenhet (efter innehållet' in said) is (not any(responsible))
    assert ("utfall och målvärden utan %-tecken läses i procent" in said) is (
        measure_units[0] == "%")


# --- the kommun's own trend ---------------------------------------------------------------------


@pytest.mark.parametrize("text, meaning", [
    ("↑", "upp"), ("↓", "ned"), ("→", "samma"), ("▲ 3 %", "upp"),
    ("Förbättrad", "bättre"), ("Oförändrad", "samma"), ("Försämrad", "sämre"),
    ("Positiv", "bättre"), ("Negativ", "sämre"), ("positivt.", "bättre"),
    ("Se kommentar", ""), ("", ""),
])
def test_the_kommuns_trend_words(text, meaning):
    assert trend_meaning(text) == meaning


TREND_ROWS = [["Nyckeltal", "Målvärde", "Utfall 2024", "Utfall 2025", "Trend"],
              ["Antal besök på träffpunkterna", "Minst 500", 480, 520, "Förbättrad"],
              ["Väntetid till särskilt boende, dagar", "Högst 30", 28, 34, "Positiv"],
              ["Nöjd kundindex hemtjänst", "Minst 75", None, 77, "↑"],
              ["Sjukfrånvaro, procent", "Högst 6 %", "6,5 %", "5,9 %", "↑"],
              ["Andel med genomförandeplan", "Minst 80 %", "81 %", "79 %", "↓"]]


@pytest.mark.parametrize("row, label, warned", [
    (5, "↑ Förbättrad", False),  # the kommun's word and the values agree
    (6, "↓ Försämrad", True),  # "Positiv", but the wait grew: the computed one, and a warning
    (7, "↑", False),  # no 2024 value: the kommun's own trend, as written
    (8, "↑ Förbättrad", True),  # "↑" but the value fell
    (9, "↓ Försämrad", False),  # "↓": the value fell, and that is worse
])
def test_the_kommuns_trend_is_shown_without_last_year_and_checked_with_it(tmp_path, row, label,
                                                                          warned):
    result = api.check(_save(tmp_path / "plan.xlsx", TREND_ROWS), year=2025)
    goal = result.plan.ks_goals[row - 5]
    assert result.evaluation.ks_trend(goal).label == label
    warnings = [p for p in result.warnings if "trenden" in p.message]
    assert any(p.location.cell == f"E{row}" for p in warnings) is warned


def test_the_kommuns_own_trend_is_in_the_word_report_and_on_the_web_page(tmp_path):
    path = _save(tmp_path / "plan.xlsx", TREND_ROWS)
    built = api.build(path, out_dir=tmp_path / "ut", formats=("docx", "html"), year=2025,
                      verksamhet="Omsorgen")
    report = next(p for p in built.outputs if p.suffix == ".docx")
    text = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert "Utveckling: ↑\n" in text + "\n"  # the NKI row, as the kommun wrote it
    assert "Utveckling: ↓ Försämrad mot Helår 2024 (28 dagar)" in text
    page = next(p for p in built.outputs if p.suffix == ".html").read_text(encoding="utf-8")
    assert "Utveckling:</strong> ↑</p>" in page
    assert "Utveckling:</strong> ↓ Försämrad mot Helår 2024 (28 dagar)</p>" in page


# --- a target compared with a year ---------------------------------------------------------------


@pytest.mark.parametrize("outcomes, target, warned", [
    (["Utfall 2024", "Utfall 2025"], "Ska minska jämfört med 2024", False),
    (["Utfall 2024", "Utfall 2025"], "Lägre än 2023", True),  # 2025 is compared with 2024
    (["Utfall T1 2025", "Utfall T2 2025"], "Ska minska jämfört med 2024", True),
])
def test_a_target_compared_with_a_year_is_said_when_the_rule_compares_with_another(
        tmp_path, outcomes, target, warned):
    rows = [["KS mål", "Målvärde", *outcomes],
            ["Färre unga ska vara arbetslösa", target, 120, 104]]
    result = api.check(_save(tmp_path / "plan.xlsx", rows), year=2025)
    assert result.plan.ks_goals[0].measure.rule == schema.DECREASES
    said = [p for p in result.warnings if "jämför med" in p.message]
    assert bool(said) is warned
    assert all(p.location.cell == "B5" for p in said)


# --- a målinriktning without activities in the analysis table -----------------------------------


def _plan(directions: list[GoalDirection]) -> Plan:
    period = Period("Helår 2025", 2025, 1, 12)
    settings = Settings(kommun="Exempelby kommun", verksamhet="Socialförvaltningen", year=2025,
                        report_period=period.name, report_date=dt.date(2025, 12, 31))
    goal = KsGoal("Fler ska ha eget kontrakt",
                  Measure(schema.MANUAL, assessments={period.name: schema.GREEN}))
    return Plan(settings, [period], [KfGoal("Trygg bostad", [PlanRow(ks_goal=goal,
                                                                     directions=directions)])])


def _analysis_rows(path: Path) -> list[list[tuple[str, int]]]:
    """The activity table's rows as (text, columns spanned) per cell, header first."""
    document = docx.Document(str(path))
    for table in document.element.body.iter(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        cells = [[("".join(t.text or "" for t in tc.iter(qn("w:t"))),
                   int(tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")))
                   if tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") is not None else 1)
                  for tc in tr.findall(qn("w:tc"))] for tr in rows]
        if cells and cells[0][0][0] == "Målinriktning":
            return cells
    raise AssertionError("no activity table")


@pytest.mark.parametrize("directions, expected", [
    ([GoalDirection("Bostäder åt unga", activities=[Activity("Kartlägg behovet", "Pågående",
                                                             "Klar i maj.")]),
      GoalDirection("Samverkan med bostadsbolaget")],
     [[("Målinriktning", 1), ("Aktivitet", 1), ("Status", 1), ("Kommentar", 1)],
      [("Bostäder åt unga", 1), ("Kartlägg behovet", 1), ("Pågående", 1), ("Klar i maj.", 1)],
      [("Samverkan med bostadsbolaget", 4)]]),
    ([GoalDirection("Samverkan med bostadsbolaget"), GoalDirection("Bostäder åt unga")],
     [[("Målinriktning", 1)], [("Samverkan med bostadsbolaget", 1)],
      [("Bostäder åt unga", 1)]]),
])
def test_a_malinriktning_without_activities_is_a_row_of_its_own_without_empty_cells(
        tmp_path, directions, expected):
    path = tmp_path / "rapport.docx"
    write_document(evaluate(_plan(directions)), path)
    rows = _analysis_rows(path)
    assert rows == expected
    assert all(text for row in rows for text, _span in row)


# --- a kommun named in symbols only ----------------------------------------------------------


@pytest.mark.parametrize("kommun, stem", [
    ("Exempelby kommun", "exempelby-kommun"),
    ("!!!", "klk"),  # no letters: the first workbook's name, not "period"
    ("★ ★", "klk"),
])
def test_the_roll_up_is_named_by_the_kommun_or_else_by_the_workbook(tmp_path, kommun, stem):
    from vp_excel.api import sammanstall

    source = Path(__file__).resolve().parents[1] / "workbooks" / "exempelby" / "klk.xlsx"
    book = openpyxl.load_workbook(source)
    book["Inställningar"]["B2"] = kommun
    book.save(tmp_path / "klk.xlsx")
    result = sammanstall([tmp_path / "klk.xlsx"], "Delår 2 2025", out_dir=tmp_path / "ut",
                         formats=("xlsx",))
    assert [p.name for p in result.outputs] == [f"{stem}-sammanstallning-delår-2-2025.xlsx"]


# --- a målvärde that is a year: shown as written, never judged ---------------------------------


def _assert_fact_in_word_and_on_the_page(path, tmp_path, shown: str) -> None:
    """`shown` ("Målvärde: Senast 2026") is a paragraph of the Word report and a fact on the
    web page."""
    built = api.build(path, out_dir=tmp_path / "ut", formats=("docx", "html"), year=2025,
                      verksamhet="Omsorgen")
    report = next(p for p in built.outputs if p.suffix == ".docx")
    assert shown in [p.text for p in docx.Document(str(report)).paragraphs]
    page = next(p for p in built.outputs if p.suffix == ".html").read_text(encoding="utf-8")
    label, value = shown.split(": ", 1)
    assert f"{label}:</strong> {value}</p>" in page


@pytest.mark.parametrize("target, status, shown", [
    ("Senast 2026", "Delvis uppfyllt", "Målvärde: Senast 2026"),  # the kommun's status stands
    ("Klart 2027", "", "Målvärde: Klart 2027"),  # no status of its own: Ej bedömd
    ("Högst 30", "", "Målvärde: 30 (lägre är bättre)"),
])
def test_a_deadline_target_of_a_ks_goal_is_shown_as_written_and_not_judged(
        tmp_path, target, status, shown):
    rows = [["KS mål", "Målvärde", "Utfall 2025", "Status"],
            ["Nytt äldreboende ska byggas", target, 28, status]]
    path = _save(tmp_path / "plan.xlsx", rows)
    result = api.check(path, year=2025)
    goal = result.plan.ks_goals[0]
    expected = {"Delvis uppfyllt": schema.YELLOW, "": schema.NOT_ASSESSED}.get(
        status) if "Högst" not in target else schema.GREEN
    assert result.evaluation.ks_status(goal).status == expected
    _assert_fact_in_word_and_on_the_page(path, tmp_path, shown)


@pytest.mark.parametrize("target, outcomes, status, shown", [
    ("Ska minska jämfört med 2024", (120, 104), schema.GREEN,
     "Målvärde: Ska minska jämfört med 2024"),
    ("Lägre än 2024", (5100, 5300), schema.RED, "Målvärde: Lägre än 2024"),
    ("Minskar", (120, 104), schema.GREEN, "Regel: Minskar"),  # the rule word alone: said once
])
def test_a_target_in_the_kommuns_words_is_judged_by_its_rule_and_shown_as_written(
        tmp_path, target, outcomes, status, shown):
    rows = [["KS mål", "Målvärde", "Utfall 2024", "Utfall 2025"],
            ["Färre unga ska vara arbetslösa", target, *outcomes]]
    path = _save(tmp_path / "plan.xlsx", rows)
    result = api.check(path, year=2025)
    goal = result.plan.ks_goals[0]
    assert goal.measure.rule == schema.DECREASES
    assert result.evaluation.ks_status(goal).status == status
    _assert_fact_in_word_and_on_the_page(path, tmp_path, shown)


# --- the kommun's own words in the report workbook ------------------------------------------


def _report_cells(built: api.BuildResult, *headers: str) -> dict[str, list[object]]:
    """KS mål -> the values (as saved) under `headers` on the report's Mål sheet."""
    report = next(p for p in built.outputs if p.suffix == ".xlsx")
    sheet = load(report, data_only=True)[schema.GOALS_SHEET]
    cols = {cell.value: cell.column for cell in sheet[1]}
    return {sheet.cell(r, cols["KS mål"]).value: [sheet.cell(r, cols[h]).value for h in headers]
            for r in range(2, sheet.max_row + 1)}


def test_the_kommuns_own_trend_is_in_the_report_workbook(tmp_path):
    """As in Word: the computed trend (1, shown Förbättrad) where there is last year's value,
    the kommun's "↑" as written where there is none; the cell stays a live formula."""
    path = _save(tmp_path / "plan.xlsx", TREND_ROWS)
    built = api.build(path, out_dir=tmp_path / "ut", formats=("xlsx",), year=2025)
    shown = _report_cells(built, "Utveckling KS-mål")
    assert [shown[row[0]] for row in TREND_ROWS[1:]] == [[1], [-1], ["↑"], [1], [-1]]
    report = next(p for p in built.outputs if p.suffix == ".xlsx")
    sheet = load(report)[schema.GOALS_SHEET]
    formulas = [c.value for c in sheet[next(c.column_letter for c in sheet[1]
                                            if c.value == "Utveckling KS-mål")]]
    assert formulas[3].startswith("=IF(") and formulas[3].endswith(',"↑")')


@pytest.mark.parametrize("target, shown", [
    ("Senast 2026", "Senast 2026"),
    ("Klart 2027", "Klart 2027"),
    ("Högst 30", 30),  # a number stays a number
])
def test_a_deadline_target_is_in_the_report_workbook_as_written(tmp_path, target, shown):
    rows = [["KS mål", "Målvärde", "Utfall 2025", "Status"],
            ["Nytt äldreboende ska byggas", target, 28, ""]]
    path = _save(tmp_path / "plan.xlsx", rows)
    built = api.build(path, out_dir=tmp_path / "ut", formats=("xlsx",), year=2025)
    assert _report_cells(built, "Målvärde")["Nytt äldreboende ska byggas"] == [shown]
    report = next(p for p in built.outputs if p.suffix == ".xlsx")
    followup = load(report, data_only=True)["Uppföljning"]
    column = next(c.column for c in followup[1] if c.value == "Målvärde")
    assert followup.cell(2, column).value == shown
    # The report reads back: the year is said again, not an error.
    again = api.check(report)
    assert [p.message for p in again.errors] == []
    assert again.plan.ks_goals[0].measure.target_text == (shown if isinstance(shown, str)
                                                          else "")


def test_a_year_typed_as_malvarde_in_vp_excels_own_workbook_is_read_and_rolled_up(tmp_path):
    """vp-excel's own layout reads "Senast 2026" in Målvärde as the kommun's table does (no
    error, no status from it); the roll-up's Målvärde shows it as written."""
    from vp_excel.api import sammanstall

    source = Path(__file__).resolve().parents[1] / "workbooks" / "exempelby" / "klk.xlsx"
    book = openpyxl.load_workbook(source)
    sheet = book[schema.GOALS_SHEET]
    cols = {cell.value: cell.column for cell in sheet[1]}
    row = next(r for r in range(2, sheet.max_row + 1)
               if sheet.cell(r, cols["Målvärde"]).value is not None)
    name = sheet.cell(row, cols["KS mål"]).value
    sheet.cell(row, cols["Målvärde"]).value = "Senast 2026"
    book.save(tmp_path / "klk.xlsx")
    result = api.check(tmp_path / "klk.xlsx")
    assert [p.message for p in result.errors] == []
    goal = next(g for g in result.plan.ks_goals if g.text == name)
    assert (goal.measure.target, goal.measure.target_text) == (None, "Senast 2026")
    assert result.evaluation.ks_status(goal, "Delår 2 2025").status == schema.NOT_ASSESSED
    rolled = sammanstall([tmp_path / "klk.xlsx"], "Delår 2 2025", out_dir=tmp_path / "ut",
                         formats=("xlsx",))
    goals = load(rolled.outputs[0], data_only=True)[schema.GOALS_SHEET]
    header = {cell.value: cell.column for cell in goals[1]}
    shown = {goals.cell(r, header["KS mål"]).value: goals.cell(r, header["Målvärde"]).value
             for r in range(2, goals.max_row + 1)}
    assert shown[name] == "Senast 2026"


def test_a_whole_comment_in_the_trend_column_is_cut_in_the_workbooks_formula(tmp_path):
    """Excel refuses a formula past 8 192 characters: the kommun's trend is cut with "…" in
    the workbook (Word shows it all), formula and saved value alike."""
    from vp_excel.writers.xlsx.compared import TREND_WORDS_MAX

    comment = "Utvecklingen beskrivs i analysen. " * 300
    rows = [row[:] for row in TREND_ROWS]
    rows[3][4] = comment  # the NKI row: no 2024 value, so the kommun's trend is shown
    path = _save(tmp_path / "plan.xlsx", rows)
    built = api.build(path, out_dir=tmp_path / "ut", formats=("xlsx",), year=2025)
    shown = _report_cells(built, "Utveckling KS-mål")["Nöjd kundindex hemtjänst"][0]
    assert len(shown) == TREND_WORDS_MAX and shown.endswith("…")
    assert comment.startswith(shown[:-1])
    report = next(p for p in built.outputs if p.suffix == ".xlsx")
    sheet = load(report)[schema.GOALS_SHEET]
    column = next(c.column for c in sheet[1] if c.value == "Utveckling KS-mål")
    assert all(len(str(sheet.cell(r, column).value or "")) < 8192
               for r in range(2, sheet.max_row + 1))


# --- the kommun's words after the last note: rules in words, Uppföljning, UTF-16, read-back -----


def _report(built: api.BuildResult) -> Path:
    return next(p for p in built.outputs if p.suffix == ".xlsx")


@pytest.mark.parametrize("target, status", [
    ("Ska minska jämfört med 2024", schema.GREEN),
    ("Lägre än 2024", schema.GREEN),
    ("Ska öka", schema.RED),
    ("Senast 2026", schema.NOT_ASSESSED),
])
def test_an_indicators_target_in_words_is_in_the_report_workbook_and_reads_back(
        tmp_path, target, status):
    """The Styrgräns cell shows the kommun's words (Riktning the rule); the status formula
    reads them as no target, like rules.assess; the report reads back with the same words
    and status."""
    rows = [["KS mål", "Indikator", "Målvärde", "Utfall 2024", "Utfall 2025"],
            ["Färre unga ska vara arbetslösa", "Antal unga arbetslösa", target, 120, 104]]
    path = _save(tmp_path / "plan.xlsx", rows)
    result = api.check(path, year=2025)
    indicator = result.plan.indicators[0]
    assert result.evaluation.indicator_status(indicator).status == status
    built = api.build(path, out_dir=tmp_path / "ut", formats=("xlsx",), year=2025)
    sheet = load(_report(built), data_only=True)[schema.GOALS_SHEET]
    cols = {cell.value: cell.column for cell in sheet[1]}
    assert sheet.cell(2, cols["Styrgräns"]).value == target
    assert sheet.cell(2, cols["Indikatorstatus Helår 2025"]).value == status
    again = api.check(_report(built))
    assert [p.message for p in again.errors] == []
    back = again.plan.indicators[0]
    assert (back.styrgrans_text, back.measure.rule) == (target, indicator.measure.rule)
    assert again.evaluation.indicator_status(back).status == status


def test_a_ks_goals_target_in_words_is_in_the_report_workbook(tmp_path):
    rows = [["KS mål", "Målvärde", "Utfall 2024", "Utfall 2025"],
            ["Färre unga ska vara arbetslösa", "Ska minska jämfört med 2024", 120, 104]]
    built = api.build(_save(tmp_path / "plan.xlsx", rows), out_dir=tmp_path / "ut",
                      formats=("xlsx",), year=2025)
    shown = _report_cells(built, "Målvärde", "Regel", "Status")
    assert shown["Färre unga ska vara arbetslösa"] == ["Ska minska jämfört med 2024",
                                                       schema.DECREASES, schema.GREEN]
    again = api.check(_report(built))
    assert [p.message for p in again.errors] == []
    assert again.plan.ks_goals[0].measure.target_text == "Ska minska jämfört med 2024"


def _followup(built: api.BuildResult) -> tuple[object, dict[str, int]]:
    sheet = load(_report(built))["Uppföljning"]
    return sheet, {cell.value: cell.column for cell in sheet[1]}


@pytest.mark.parametrize("extra, headers", [
    ([], set()),
    (["Trend"], {"Utveckling"}),
    (["Prognos helår"], {"Prognos helår"}),
    (["Trend", "Prognos helår"], {"Utveckling", "Prognos helår"}),
])
def test_the_followup_sheet_has_trend_and_prognosis_when_the_plan_has_them(
        tmp_path, extra, headers):
    """Uppföljning shows the trend and the prognosis for the full year as live formulas over
    the Mål sheet's cells, and no empty column for what the plan lacks."""
    said = {"Trend": "↑", "Prognos helår": "GUL"}
    rows = [["KS mål", "Målvärde", "Utfall 2025", *extra],
            ["Nöjd kundindex hemtjänst", "Minst 75", 77, *(said[h] for h in extra)]]
    built = api.build(_save(tmp_path / "plan.xlsx", rows), out_dir=tmp_path / "ut",
                      formats=("xlsx",), year=2025)
    sheet, cols = _followup(built)
    optional = {"Utveckling", "Utveckling indikator", "Prognos helår", "Kommentar prognos"}
    assert optional & set(cols) == headers
    values = load(_report(built), data_only=True)["Uppföljning"]
    goals = load(_report(built))[schema.GOALS_SHEET]
    goal_cols = {cell.value: cell.column_letter for cell in goals[1]}
    source = {"Utveckling": "Utveckling KS-mål", "Prognos helår": "Prognos helår"}
    shown = {"Utveckling": "↑", "Prognos helår": "GUL"}
    for header in headers:
        formula = sheet.cell(2, cols[header]).value
        assert f"Mål!{goal_cols[source[header]]}2" in formula.replace("'", "")
        assert values.cell(2, cols[header]).value == shown[header]


@pytest.mark.parametrize("text", [
    "😀" * 200,  # 200 characters, 400 UTF-16 units
    "𝔸" * 128,  # 256 units: one past the limit
    'a"😀' * 100,
    "Bättre " * 60,
    "",
])
def test_a_formula_string_is_cut_into_pieces_excel_takes(text):
    """Excel refuses a string literal in a formula past 255 UTF-16 units (😀 and 𝔸 are two):
    every piece stays within them, and together they are the text."""
    import re

    from vp_excel.rules import excel_text
    from vp_excel.text import utf16_len

    literal = excel_text(text)
    pieces = re.findall(r'"((?:[^"]|"")*)"', literal)
    assert literal == "&".join(f'"{p}"' for p in pieces)
    assert all(utf16_len(p) <= 255 for p in pieces)
    assert "".join(p.replace('""', '"') for p in pieces) == text


def test_a_trend_of_emoji_is_cut_in_utf16_units_in_the_workbook(tmp_path):
    """The kommun's trend past TREND_WORDS_MAX UTF-16 units is cut there, not after as many
    characters (twice as many units), and never inside a character."""
    from vp_excel.text import utf16_len
    from vp_excel.writers.xlsx.compared import TREND_WORDS_MAX

    rows = [row[:] for row in TREND_ROWS]
    rows[3][4] = "😀" * 900  # 1 800 units
    built = api.build(_save(tmp_path / "plan.xlsx", rows), out_dir=tmp_path / "ut",
                      formats=("xlsx",), year=2025)
    shown = _report_cells(built, "Utveckling KS-mål")["Nöjd kundindex hemtjänst"][0]
    assert shown == "😀" * ((TREND_WORDS_MAX - 1) // 2) + "…"
    assert utf16_len(shown) <= TREND_WORDS_MAX


def test_the_kommuns_written_trend_survives_reading_the_report_back(tmp_path):
    """A report workbook read back (check, init --fran) keeps the kommun's "↑": the trend
    formula shows it where nothing is computed, and the reader takes it from there."""
    path = _save(tmp_path / "plan.xlsx", TREND_ROWS)
    first = api.check(path, year=2025)
    built = api.build(path, out_dir=tmp_path / "ut", formats=("xlsx",), year=2025)
    again = api.check(_report(built))
    assert [p.message for p in again.errors] == []
    labels = [again.evaluation.ks_trend(g).label for g in again.plan.ks_goals]
    assert labels == [first.evaluation.ks_trend(g).label for g in first.plan.ks_goals]
    assert "↑" in labels
    # Built again from the report: the same Utveckling.
    rebuilt = api.build(_report(built), out_dir=tmp_path / "igen", formats=("xlsx",))
    assert _report_cells(rebuilt, "Utveckling KS-mål") == _report_cells(built,
                                                                        "Utveckling KS-mål")
    # An arbetsbok made from the report (init --fran) keeps it too; next year's does not.
    api.init_from(_report(built), tmp_path / "arbetsbok.xlsx")
    kept = api.check(tmp_path / "arbetsbok.xlsx")
    assert [kept.evaluation.ks_trend(g).label for g in kept.plan.ks_goals] == labels
    api.init_from(_report(built), tmp_path / "nasta.xlsx", year=2026)
    rolled = api.check(tmp_path / "nasta.xlsx")
    assert "↑" not in [rolled.evaluation.ks_trend(g).label for g in rolled.plan.ks_goals]


@pytest.mark.parametrize("trends, counts, shown", [
    (["↑", "↑", "Positiv"], [2, 0, 1], "Förbättrad"),  # "↑" under Högst 30: the wait grew
    (["↓", "↓", "Oförändrad"], [1, 1, 1], "Oförändrad"),  # "↓" under Högst: shorter, better
    (["Negativ", "↑", "Försämrad"], [0, 0, 3], "Försämrad"),
    (["Se kommentaren", "", "→"], [0, 1, 0], "Oförändrad"),  # a comment counts nowhere
    (["", "", ""], [0, 0, 0], None),
])
def test_the_roll_up_counts_a_trend_written_in_words(tmp_path, trends, counts, shown):
    """Per verksamhet's Förbättrade/Oförändrade/Försämrade and Utveckling count a KS mål's
    written trend where nothing is computed (no value a year before): a word by what it says,
    an arrow by the rule's direction."""
    from vp_excel.api import sammanstall

    rows = [["KS mål", "Målvärde", "Utfall 2025", "Trend"],
            ["Fler besök", "Minst 500", 520, trends[0]],
            ["Kortare väntan", "Högst 30", 34, trends[1]],
            ["Nöjdare kunder", "Minst 75", 77, trends[2]]]
    path = _save(tmp_path / "klk.xlsx", rows)
    rolled = sammanstall([path], "Helår 2025", out_dir=tmp_path / "ut", formats=("xlsx",))
    sheet = load(rolled.outputs[0], data_only=True)["Per verksamhet"]
    titles = [cell.value for cell in sheet[3]]
    row = {t: sheet.cell(4, c).value for c, t in enumerate(titles, start=1)}
    assert [row["Förbättrade"], row["Oförändrade"], row["Försämrade"]] == counts
    assert row["Utveckling"] == shown


def test_the_export_says_a_written_trend_by_its_meaning(tmp_path):
    """The export's utveckling (Power BI) follows the roll-up: the kommun's "Positiv" is
    Förbättrad, "↑" under Högst is Försämrad, a comment is empty."""
    import csv

    from vp_excel.api import export

    rows = [["KS mål", "Målvärde", "Utfall 2025", "Trend"],
            ["Fler besök", "Minst 500", 520, "Positiv"],
            ["Kortare väntan", "Högst 30", 34, "↑"],
            ["Nöjdare kunder", "Minst 75", 77, "Se kommentaren"]]
    export([_save(tmp_path / "klk.xlsx", rows)], csv=tmp_path / "ut.csv")
    with (tmp_path / "ut.csv").open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle, delimiter=";"))
    shown = {row["KS mål"]: row["utveckling"] for row in table}
    assert shown == {"Fler besök": "Förbättrad", "Kortare väntan": "Försämrad",
                     "Nöjdare kunder": ""}


@pytest.mark.parametrize("target, shown", [
    ("Ska minska jämfört med 2024", "Ska minska jämfört med 2024"),
    ("Lägre än 2024", "Lägre än 2024"),
    ("Minskar", schema.DECREASES),  # the rule word alone: the rule
    ("Högst 30", "30"),
])
def test_the_roll_up_shows_a_target_in_the_kommuns_words(tmp_path, target, shown):
    """The roll-up's Målvärde shows a KS mål's target in the kommun's words as written, as
    Word does, not the rule it implies."""
    from vp_excel.api import sammanstall

    rows = [["KF ÖG mål", "KS mål", "Målvärde", "Utfall 2024", "Utfall 2025"],
            ["Arbete åt alla", "Färre unga ska vara arbetslösa", target, 120, 104]]
    path = _save(tmp_path / "klk.xlsx", rows)
    rolled = sammanstall([path], "Helår 2025", out_dir=tmp_path / "ut", formats=("xlsx",))
    goals = load(rolled.outputs[0], data_only=True)[schema.GOALS_SHEET]
    header = {cell.value: cell.column for cell in goals[1]}
    assert [goals.cell(r, header["Målvärde"]).value for r in range(2, goals.max_row + 1)] \
        == [shown]


@pytest.mark.parametrize("name, unit, values", [
    # The unit at the end of the measure's name, where no column says it.
    ("Sjukfrånvaro (%)", "%", (0.07, 0.074)), ("Andel heltidsanställda, %", "%", (0.07, 0.074)),
    ("Sjukfrånvaro %", "%", (0.07, 0.074)), ("Väntetid (dagar)", "dagar", (7, 7.4)),
    ("Nettokostnad per invånare, kr", "kr", (7, 7.4)),
    # A source or a remark in brackets is no unit.
    ("Medborgarnas nöjdhet (SCB)", "", (7, 7.4)), ("Index, totalt", "", (7, 7.4)),
])
def test_a_unit_at_the_end_of_the_name_is_the_measures(tmp_path, name, unit, values):
    rows = [["KS mål", "Indikator", "Målvärde", "Utfall 2025"],
            ["Friska medarbetare", name, 7, 7.4]]
    result = api.check(_save(tmp_path / "plan.xlsx", rows), year=2025)
    assert not result.errors
    measure = result.plan.ks_goals[0].indicators[0].measure
    assert measure.unit == unit
    assert (measure.target, measure.outcomes["Helår 2025"]) == pytest.approx(values)
    said = "\n".join(result.plan.notes)
    assert ("där kolumnen eller namnet säger %" in said) is (unit == "%")


@pytest.mark.parametrize("target_header, outcome_header, unit", [
    ("Målvärde (%)", "Utfall 2025 (%)", "%"), ("Målvärde", "Utfall 2025, %", "%"),
    ("Målvärde", "Utfall 2025", ""),
])
def test_a_percent_in_the_values_header_is_their_unit(tmp_path, target_header, outcome_header,
                                                      unit):
    rows = [["KS mål", "Indikator", target_header, outcome_header],
            ["Hög kvalitet", "Andel nöjda elever", 85, 87],
            [None, "Andel legitimerade lärare", 90, 86]]
    result = api.check(_save(tmp_path / "plan.xlsx", rows), year=2025)
    assert not result.errors
    measures = [i.measure for i in result.plan.ks_goals[0].indicators]
    assert [m.unit for m in measures] == [unit, unit]
    shares = (0.85, 0.87) if unit else (85, 87)
    assert (measures[0].target, measures[0].outcomes["Helår 2025"]) == pytest.approx(shares)
