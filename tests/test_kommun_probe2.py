"""Kinds of kommun tables from the second probing round (issue 23): each was misread without a
word or refused where it need not be. Each test writes the table, reads it and checks what the
program made of it."""

from __future__ import annotations

import openpyxl
import pytest
from test_kommun_layouts import _read_rows

from vp_excel import schema
from vp_excel.errors import VpExcelError
from vp_excel.reader import read_plan
from vp_excel.rules import evaluate

_WITHDRAWN_HEAD = ["Mål", "Indikator", "Målvärde", "Utfall 2024", "Status"]


@pytest.mark.parametrize("word", ["Utgår", "Struken", "Ersatt av mål 4", "Vilande",
                                  "Ej aktuellt", "utgått – ersatt av nytt mål"])
@pytest.mark.parametrize("outcome", ["", "12"])
def test_a_withdrawn_goal_is_never_judged_and_said(tmp_path, word, outcome):
    """A goal the kommun withdrew is Ej bedömd, not RÖD by its indicator's outcome below the
    målvärde, and check says so with the cell; it was an unknown status, an error."""
    rows = [_WITHDRAWN_HEAD,
            ["Trygg skola", "Andel trygga", "90 %", "88 %", "Gul"],
            ["Fler bostäder", "Antal nya bostäder", "≥ 30", outcome, word]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    said = [p for p in problems if "målet utgår" in p.message]
    assert [p.location.cell for p in said] == ["E3"]
    evaluation = evaluate(plan, "Helår 2024")
    withdrawn = plan.ks_goals[1]
    assert evaluation.ks_status(withdrawn).status == schema.NOT_ASSESSED
    assert evaluation.ks_status(withdrawn).reason.startswith("målet utgår")
    assert evaluation.indicator_status(withdrawn.indicators[0]).status == schema.NOT_ASSESSED
    assert evaluation.ks_status(plan.ks_goals[0]).status == schema.YELLOW
    assert evaluation.summary().counts[schema.RED] == 0


@pytest.mark.parametrize("word, status", [("Uppnått", schema.GREEN), ("Ej uppnått", schema.RED),
                                          ("Utgången kod", "")])
def test_status_words_that_are_not_withdrawn_keep_their_meaning(tmp_path, word, status):
    rows = [_WITHDRAWN_HEAD, ["Fler bostäder", "Antal nya bostäder", "≥ 30", "12", word]]
    plan, problems = _read_rows(tmp_path, rows)
    assert not any("målet utgår" in p.message for p in problems)
    assert plan.ks_goals[0].measure.assessments.get("Helår 2024", "") == status


_GOALS = [["Mål", "Indikator", "Målvärde", "Utfall 2024"],
          ["Trygg skola", "Andel trygga", "90 %", "88 %"]]


@pytest.mark.parametrize("header, said", [
    (["Kontrollområde", "Kontrollmoment", "Metod", "Ansvarig", "Resultat", "Alla"],
     'A1 "Kontrollområde", B1 "Kontrollmoment"'),
    (["Risk", "Sannolikhet", "Konsekvens", "Riskvärde", "Åtgärd", "Resultat"],
     'A1 "Risk", B1 "Sannolikhet", C1 "Konsekvens", D1 "Riskvärde"'),
    (["Process", "Risk", "Kontrollmoment", "Frekvens", "Ansvarig", "Resultat"],
     'C1 "Kontrollmoment", B1 "Risk"'),
])
def test_an_internkontroll_table_is_no_goal_table_and_said_so(tmp_path, header, said):
    """Controls and risks ("Kontrollmoment", "Risk | Sannolikhet") are no goals: alone they are
    refused with the sheet, row and headers; beside a goal table they are left out and said.
    Read as goals, each control was a KS mål of its own, Ej bedömd, and counted."""
    control = [header, ["Attest", "Attest av fakturor", "Stickprov", "Ekonomichef",
                        "Inga avvikelser", "Alla"]]
    with pytest.raises(VpExcelError) as refused:
        _read_rows(tmp_path, control)
    message = str(refused.value)
    assert f"Sheet rad 1 är en internkontrollplan eller riskanalys (rubrikerna {said})" in message
    assert "Traceback" not in message
    plan, problems = _read_rows(tmp_path, [*_GOALS, [], [], *control])
    assert [g.text for g in plan.ks_goals] == ["Trygg skola"]
    assert any(p.message.startswith("Sheet rad 5 är en internkontrollplan") and not p.is_error
               for p in problems)


@pytest.mark.parametrize("header", [["Mål", "Indikator", "Risk", "Målvärde", "Utfall 2024"],
                                    ["Mål", "Kontrollmoment", "Målvärde", "Utfall 2024"]])
def test_a_goal_table_with_a_risk_or_control_column_is_read(tmp_path, header):
    row = ["Trygg skola", *(["Andel trygga", "Låg"] if "Risk" in header else ["Enkät"]),
           "90 %", "88 %"]
    plan, problems = _read_rows(tmp_path, [header, row])
    assert [g.text for g in plan.ks_goals] == ["Trygg skola"]
    assert not any("internkontroll" in p.message for p in problems)


@pytest.mark.parametrize("written, year, value", [
    ("62 (2023)", 2023, 62.0),  # the year before the plan's: its previous year's outcome
    ("+85 (år 2023)", 2023, 85.0),
    ("4 870 (avser 2022)", 2022, 4870.0),  # earlier still: an earlier Helår of its own
])
def test_an_outcome_with_its_year_in_parentheses_is_that_years(tmp_path, written, year, value):
    """"62 (2023)" under "Utfall 2024" is 2023's outcome, said with its cell; it was 2024's 62
    with a warning of two numbers, judged against 2024's målvärde."""
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024"],
            ["Attraktiv kommun", "Nöjd Region-Index", "65", written],
            [None, "Andel nöjda", "80 %", "82 %"]]
    plan, problems = _read_rows(tmp_path, rows)
    assert not any("två tal" in p.message for p in problems)
    measure = plan.ks_goals[0].indicators[0].measure
    assert "Helår 2024" not in measure.outcomes
    found = measure.previous_year if year == 2023 else measure.outcomes[f"Helår {year}"]
    assert found == pytest.approx(value)
    assert any(f"D2: utfall {year} " in n and "inte Helår 2024" in n for n in plan.notes)


@pytest.mark.parametrize("written, value", [("62 (2024)", 62.0), ("62 (prel.)", 62.0)])
def test_an_outcome_with_its_own_periods_year_stays_in_the_period(tmp_path, written, value):
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024"],
            ["Attraktiv kommun", "Nöjd Region-Index", "65", written]]
    plan, _ = _read_rows(tmp_path, rows)
    assert plan.ks_goals[0].indicators[0].measure.outcomes["Helår 2024"] == pytest.approx(value)


@pytest.mark.parametrize("name, written, shown", [
    ("Sjukfrånvaro (%)", "< 6", "< 6%"),
    ("Personalomsättning, %", "högst 10", "högst 10%"),
    ("Väntetid (dagar)", "högst 20", "högst 20 dagar"),
    ("Andel trygga (%)", "≥ 70 %", "≥ 70 %"),  # a unit of its own: as written
    ("Antal inbrott", "< 100", "< 100"),  # no unit anywhere: none added
    ("Befolkningsökning (antal)", "+150", "+150"),  # "+150 antal" is no Swedish
])
def test_a_styrgrans_shows_the_unit_its_measures_name_gives(tmp_path, name, written, shown):
    """The Word report showed "Sjukfrånvaro (%) (< 6)" where 6 is read as 6 %."""
    rows = [["Mål", "Indikator", "Styrgräns", "Utfall 2024"],
            ["Frisk personal", name, written, "5"]]
    plan, _ = _read_rows(tmp_path, rows)
    assert plan.ks_goals[0].indicators[0].styrgrans_text == shown


@pytest.mark.parametrize("title, header, read", [
    ("Norsjö kommun årsredovisning 2024", "Norsjö", True),
    ("Norsjö kommun årsredovisning 2024", "Norsjö kommun 2024", True),
    ("Norsjö kommun årsredovisning 2024", "NORSJÖ", True),
    ("Norsjö kommun årsredovisning 2024", "Skellefteå", False),  # another kommun: not ours
])
def test_a_column_named_for_the_kommun_is_its_outcome(tmp_path, title, header, read):
    """"Norsjö | Riket | Länet": Norsjö's own values are the outcome; the column was not read
    and every goal Ej bedömd."""
    book = openpyxl.Workbook()
    for row in [[title], [], ["Mål", "Nyckeltal", "Målvärde", header, "Riket", "Länet"],
                ["Hög sysselsättning", "Arbetslöshet 16–64 år, %", "< 5", "4,1", "6,8", "5,5"]]:
        book.active.append(row)
    path = tmp_path / "kommun.xlsx"
    book.save(path)
    plan, problems = read_plan(path)
    measure = plan.ks_goals[0].indicators[0].measure
    assert measure.outcomes == ({"Helår 2024": pytest.approx(0.041)} if read else {})
    assert measure.comparisons == {"Riket": pytest.approx(0.068), "Länet": pytest.approx(0.055)}
    assert any("bär kommunens namn och läses som utfall" in n for n in plan.notes) == read


@pytest.mark.parametrize("font, trend, status, shown, assessed", [
    ("Wingdings", "é", "J", "↑", schema.GREEN),
    ("Wingdings", "ê", "L", "↓", schema.RED),
    ("Wingdings", "è", "K", "→", schema.YELLOW),
    ("Wingdings 3", "h", None, "↑", None),
    ("Calibri", "↑", "Grön", "↑", schema.GREEN),  # a font of letters: as typed
])
def test_signs_in_a_symbol_font_are_read_as_shown(tmp_path, font, trend, status, shown,
                                                  assessed):
    """Wingdings "é" is the arrow "↑" on the screen and "J" a smiley: the trend was kept as
    "é" and the status was an unknown status, an error."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["Mål", "Indikator", "Målvärde", "Utfall 2024", "Trend", "Status"],
                ["Nöjda brukare", "Nöjdhet %", "90 %", "88 %", trend, status]]:
        sheet.append(row)
    sheet["E2"].font = sheet["F2"].font = openpyxl.styles.Font(name=font)
    path = tmp_path / "symboler.xlsx"
    book.save(path)
    plan, problems = read_plan(path, year=2024)
    assert [p.message for p in problems if p.is_error] == []
    goal = plan.ks_goals[0]
    assert goal.indicators[0].measure.trends == {"Helår 2024": shown}
    assert goal.measure.assessments.get("Helår 2024") == assessed


@pytest.mark.parametrize("header, first, second, statuses", [
    ("Kommentar", "Grön. Målet är uppnått.", "Röd: fler inbrott än väntat",
     [schema.GREEN, schema.RED]),
    ("Analys", "Bedömning: Gul. Upphandling pågår.", "Bedömning: Grön.",
     [schema.YELLOW, schema.GREEN]),
    ("Kommentar", "Bra utveckling under året", "Grönområden ökar", [None, None]),
])
def test_a_status_colour_opening_a_comment_is_the_status(tmp_path, header, first, second,
                                                         statuses):
    """With no status column, "Grön. Målet är uppnått." under Kommentar is the status, said
    with its cell; the colours were kept as comment text and the goal judged otherwise."""
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024", header],
            ["Trygg kommun", "Andel trygga %", "≥ 70 %", "72 %", first],
            [None, "Antal inbrott", "< 100", "130", second]]
    plan, problems = _read_rows(tmp_path, rows)
    goal = plan.ks_goals[0]
    found = [goal.measure.assessments.get("Helår 2024"),
             goal.indicators[1].measure.assessments.get("Helår 2024")]
    assert found == statuses
    said = [n for n in plan.notes if "ur kommentaren" in n]
    assert len(said) == sum(1 for s in statuses if s)
    assert first in goal.measure.analyses["Helår 2024"]  # the words stay the analysis


def test_a_colour_in_a_comment_never_overrides_the_status_column(tmp_path):
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024", "Status", "Kommentar"],
            ["Trygg kommun", "Andel trygga %", "≥ 70 %", "72 %", "Gul", "Grön om man frågar oss"]]
    plan, _ = _read_rows(tmp_path, rows)
    assert plan.ks_goals[0].measure.assessments == {"Helår 2024": schema.YELLOW}


@pytest.mark.parametrize("target, comparisons, riket, rule, value, warned", [
    ("Högre än riket", ["Riket"], "84 %", schema.HIGHER, 0.84, ""),
    ("Lägre än länet", ["Riket", "Länet"], "5,5 %", schema.LOWER, 0.055, ""),
    ("Högre än riket", ["Riket"], "", None, None, "men raden har inget tal där"),
    ("Bättre än riket", ["Riket"], "84 %", None, None, "jämför med andra än kommunen"),
    ("Högre än riket", [], "", None, None, "jämför med andra än kommunen"),
])
def test_a_malvarde_against_a_benchmark_column_takes_its_value(tmp_path, target, comparisons,
                                                               riket, rule, value, warned):
    """"Högre än riket" beside a Riket column is judged against the row's Riket value (the
    workbook's formulas agree: test_spreadsheet_engine); without a value there, or with no
    direction in the words, it stays shown as written and warned, as before."""
    values = {"Riket": riket or None, "Länet": riket or None}
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024", *comparisons],
            ["God utbildning", "Andel behöriga", target, "86 %",
             *[values[c] if c == comparisons[-1] else "70 %" for c in comparisons]]]
    plan, problems = _read_rows(tmp_path, rows)
    measure = plan.ks_goals[0].indicators[0].measure
    assert measure.target == (pytest.approx(value) if value is not None else None)
    if rule:
        assert measure.rule == rule
        assert any("C2: målvärde" in n and target in n for n in plan.notes)
    assert [p.message for p in problems if warned and warned in p.message] != [] or not warned
    assert plan.ks_goals[0].indicators[0].styrgrans_text == target


@pytest.mark.parametrize("target, warned", [
    ("minska med 1 procentenhet", True), ("Öka med 2 %-enheter", True),
    ("Ska minska med minst 0,5 procentenheter", True),
    ("högst 2 procentenheter", False),  # a level in points: a number to judge against
])
def test_a_change_in_percentage_points_is_shown_and_warned_never_refused(tmp_path, target,
                                                                          warned):
    """"minska med 1 procentenhet" was an error ("inte ett tal") that stopped the build."""
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024"],
            ["Jämlik hälsa", "Andel rökare", target, "3 procentenheter"]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    said = [p for p in problems if "förändring i procentenheter" in p.message]
    assert [p.location.cell for p in said] == (["C2"] if warned else [])
    indicator = plan.ks_goals[0].indicators[0]
    assert indicator.styrgrans_text == target
    assert (indicator.measure.target is None) == warned
