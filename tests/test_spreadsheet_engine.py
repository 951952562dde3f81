"""The parity proof: LibreOffice recalculates the report workbook and every status, count and
the summary sentence come out as `rules` computes them in Python.

To be sure the numbers are LibreOffice's own, every formula's saved value is first overwritten
with the text FEL; none may survive. The edge-case plan also gets text typed into two outcome
cells, which only the formulas can react to. One LibreOffice run per workbook, one for the PDF.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from builders import EXEMPELBY
from helpers_edge_cases import (
    ASTRAL_TREND,
    P1,
    P2,
    WRONG_CACHE,
    Y1,
    Y2,
    edge_plan,
    header_columns,
    load,
    poison_cached_values,
    summary_blocks,
    tie_plan,
    type_text_into,
    words_plan,
)

from vp_excel import schema
from vp_excel.libreoffice import convert, find_soffice, recalculate_xlsx
from vp_excel.reader import read_plan
from vp_excel.rules import Evaluation, evaluate, summary_sentence
from vp_excel.text import clean_text
from vp_excel.writers.xlsx import write_report_workbook

pytestmark = [pytest.mark.engine, pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice (soffice) is not installed: the formulas cannot be recalculated here")]

ALL_STATUSES = (*schema.STATUSES, schema.NOT_ASSESSED)
TYPED_TEXT = [  # (the row's KS mål, column header, text typed over the number)
    ("Antalet ökar", f"Utfall {P2}", "ca 12"),
    ("Andel exakt på målet", f"Indikatorutfall {P1}", "6,5 procent"),
]


@dataclass
class Recalculated:
    """A report as given to LibreOffice (`source`), what LibreOffice saved, and what Python
    says about the same file."""

    source: Path
    book: object  # the recalculated workbook, values only
    formulas: object  # the recalculated workbook, formulas
    evaluation: Evaluation
    problems: list


def _recalculate(source: Path, out_dir: Path) -> Recalculated:
    plan, problems = read_plan(source)
    written = recalculate_xlsx(source, out_dir)
    return Recalculated(source, load(written, data_only=True), load(written), evaluate(plan),
                        problems)


def _edge_input(folder: Path) -> Path:
    report = folder / "edge-report.xlsx"
    plan = edge_plan()
    write_report_workbook(evaluate(plan), report)
    goals = load(report)[schema.GOALS_SHEET]
    cols = header_columns(goals)
    edited = report
    for i, (ks_text, header, text) in enumerate(TYPED_TEXT):
        row = next(r for r in range(2, goals.max_row + 1)
                   if goals.cell(r, cols["KS mål"]).value == ks_text)
        target = goals.cell(row, cols[header]).coordinate
        edited = type_text_into(edited, folder / f"edge-typed-{i}.xlsx", schema.GOALS_SHEET,
                                target, text)
    return edited


@pytest.fixture(scope="module")
def engine(tmp_path_factory, example_reports) -> dict[str, Recalculated]:
    folder = tmp_path_factory.mktemp("engine")
    sources = {"edge": _edge_input(folder), "tie": folder / "tie-report.xlsx"}
    tie = tie_plan()
    write_report_workbook(evaluate(tie), sources["tie"])
    for name in ("exempelby", "norsjo"):
        sources[name] = example_reports[name]["xlsx"]
    results = {}
    for name, source in sources.items():
        poisoned = poison_cached_values(source, folder / f"{name}-input.xlsx")
        results[name] = _recalculate(poisoned, folder / f"{name}-recalculated")
    return results


def case(engine, name: str) -> Recalculated:
    return engine[name]


NAMES = ["edge", "exempelby", "norsjo"]


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_recalculated_every_formula(engine, name):
    """The input's formulas all claimed FEL; none is left, and the formulas are still there."""
    result = case(engine, name)
    given = load(result.source, data_only=True)
    assert given[schema.SUMMARY_SHEET]["A4"].value == WRONG_CACHE
    goals_given = given[schema.GOALS_SHEET]
    status_given = header_columns(goals_given)["Status"]
    assert WRONG_CACHE in [goals_given.cell(r, status_given).value
                           for r in range(2, goals_given.max_row + 1)]
    for sheet in result.book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.value != WRONG_CACHE, f"{sheet.title}!{cell.coordinate}"
    goals = result.formulas[schema.GOALS_SHEET]
    status_col = header_columns(goals)["Status"]
    assert any(str(goals.cell(r, status_col).value).startswith("=")
               for r in range(2, goals.max_row + 1))


@pytest.mark.parametrize("name", NAMES)
def test_every_status_agrees_with_rules(engine, name):
    result = case(engine, name)
    goals = result.book[schema.GOALS_SHEET]
    cols = header_columns(goals)
    plan = result.evaluation.plan
    seen = 0
    for kf_goal in plan.kf_goals:
        for plan_row in kf_goal.rows:
            row = plan_row.sheet_rows[0]
            for period in plan.period_names:
                if plan_row.ks_goal:
                    expected = result.evaluation.ks_status(plan_row.ks_goal, period)
                    assert goals.cell(row, cols[f"Status {period}"]).value == expected.status, \
                        (plan_row.ks_goal.text, period, expected.reason)
                    seen += 1
                if plan_row.indicator:
                    expected = result.evaluation.indicator_status(plan_row.indicator, period)
                    got = goals.cell(row, cols[f"Indikatorstatus {period}"]).value
                    assert got == expected.status, (plan_row.indicator.name, period)
                    seen += 1
            if plan_row.ks_goal:
                expected = result.evaluation.ks_status(plan_row.ks_goal)
                assert goals.cell(row, cols["Status"]).value == expected.status
                assert goals.cell(row, cols["Poäng"]).value in (
                    (expected.score,) if expected.score else (None, ""))
    assert seen == len(plan.period_names) * (len(plan.ks_goals) + len(plan.indicators))


@pytest.mark.parametrize("name", NAMES)
def test_summary_counts_and_sentence_agree_with_rules(engine, name):
    result = case(engine, name)
    sheet = result.book[schema.SUMMARY_SHEET]
    plan, evaluation = result.evaluation.plan, result.evaluation
    counts, kf_rows, period_rows, header = summary_blocks(sheet, [k.name for k in plan.kf_goals])
    summary = evaluation.summary()
    for status, row in counts.items():
        assert sheet.cell(row, 2).value == summary.counts[status]
        assert sheet.cell(row, 3).value == pytest.approx(summary.share(status) or 0)
    assert sheet["A4"].value == summary_sentence(summary)
    for kf_goal in plan.kf_goals:
        kf_summary = evaluation.summary(kf_goal=kf_goal)
        row = kf_rows[kf_goal.name]
        assert [sheet.cell(row, c).value for c in range(2, 6)] == \
            [kf_summary.counts[s] for s in ALL_STATUSES]
        assert sheet.cell(row, 7).value == summary_sentence(kf_summary)
    names = plan.period_names  # up to the reported period: later ones have no outcomes yet
    for col, period in enumerate(names[:names.index(evaluation.period) + 1], start=2):
        assert sheet.cell(header, col).value == period
        period_summary = evaluation.summary(period)
        assert [sheet.cell(period_rows[s], col).value for s in ALL_STATUSES] == \
            [period_summary.counts[s] for s in ALL_STATUSES]


@pytest.mark.parametrize("name", NAMES)
def test_followup_sheet_shows_the_rule_engines_status(engine, name):
    """Uppföljning's live formulas over Mål give, recalculated, the status rules.py gives."""
    from vp_excel.text import clean_text
    from vp_excel.writers.xlsx.followup import FOLLOWUP_SHEET

    result = case(engine, name)
    sheet = result.book[FOLLOWUP_SHEET]
    expected = {clean_text(goal.text): result.evaluation.ks_status(goal).status
                for goal in result.evaluation.plan.ks_goals}
    shown = {str(sheet.cell(row, 2).value): sheet.cell(row, 3).value
             for row in range(2, sheet.max_row + 1) if sheet.cell(row, 2).value}
    assert shown and shown == {text: status for text, status in expected.items()
                               if text in shown}
    assert set(shown) == set(expected)


def test_sentence_rounds_a_half_up_like_the_plan(engine):
    """1 of 16 is 6,25 %: the formula's ROUND gives 6,3 % (half away from zero)."""
    sheet = case(engine, "tie").book[schema.SUMMARY_SHEET]
    assert sheet["A4"].value == ("av 16 identifierade KS-mål är 1 GRÖN (6,3%), 0 GUL (-%), "
                                 "15 RÖDA (93,8%)")


def test_sentence_on_an_exact_half_agrees_with_python(engine):
    result = case(engine, "tie")
    assert result.book[schema.SUMMARY_SHEET]["A4"].value == \
        summary_sentence(result.evaluation.summary())


def test_text_in_an_outcome_is_ej_bedomd_on_both_sides(engine):
    result = case(engine, "edge")
    goals = result.book[schema.GOALS_SHEET]
    cols = header_columns(goals)
    typed = {text for _, _, text in TYPED_TEXT}
    assert sum(1 for p in result.problems if p.is_error) == len(TYPED_TEXT)
    checks = [("ks", "Antalet ökar", P2, "Status"),
              ("indicator", "Andel med styrgräns", P1, "Indikatorstatus")]
    for kind, name, period, header in checks:
        plan_row = next(r for kf in result.evaluation.plan.kf_goals for r in kf.rows
                        if (r.ks_goal and r.ks_goal.text == name)
                        or (r.indicator and r.indicator.name == name))
        row = plan_row.sheet_rows[0]
        assert any(goals.cell(row, c).value in typed for c in cols.values())
        python = (result.evaluation.ks_status(plan_row.ks_goal, period) if kind == "ks"
                  else result.evaluation.indicator_status(plan_row.indicator, period))
        assert python.status == schema.NOT_ASSESSED
        assert goals.cell(row, cols[f"{header} {period}"]).value == schema.NOT_ASSESSED


# --- the report as printed ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, example_reports) -> Path:
    return convert(example_reports["exempelby"]["xlsx"], tmp_path_factory.mktemp("pdf"), "pdf")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return found


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_pdf_pages_are_a4_landscape(pdf):
    info = _run(_tool("pdfinfo"), "-f", "1", "-l", "999", str(pdf))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert len(sizes) == pages > 1
    for width, height in sizes:
        assert float(width) == pytest.approx(842, abs=1)
        assert float(height) == pytest.approx(595, abs=1)


def test_pdf_shows_the_header_statuses_and_page_numbers(pdf):
    text = _run(_tool("pdftotext"), "-layout", str(pdf), "-")
    pages = text.split("\f")
    pages = [page for page in pages if page.strip()]
    plan = read_plan(EXEMPELBY)[0]
    evaluation = evaluate(plan)
    for number, page in enumerate(pages, start=1):
        assert plan.settings.kommun in page
        assert f"{number}({len(pages)})" in page
    assert f"Sammanställning {evaluation.period}" in pages[0]
    assert summary_sentence(evaluation.summary()) in pages[0]
    # The Mål sheet prints the plan's columns with Status; Uppföljning the period's follow-up.
    # Each over as many pages as its rows take (the footer's right names the sheet).
    goals_pages = "".join(page for page in pages if page.rstrip().endswith("Mål"))
    followup_pages = "".join(page for page in pages if page.rstrip().endswith("Uppföljning"))
    assert "KS mål" in goals_pages and "Aktiviteter" in goals_pages
    # Uppföljning's "Motivering Delår 2 2025" may wrap in its narrowed column.
    assert "Motivering" in followup_pages
    for status in ALL_STATUSES:
        assert status in goals_pages
        assert status in followup_pages


def test_pdf_pages_render_as_pictures(pdf, tmp_path):
    """The pictures are for a person to look at (pdftoppm -png -r 60); here only that every
    page renders."""
    _run(_tool("pdftoppm"), "-png", "-r", "60", str(pdf), str(tmp_path / "page"))
    pictures = sorted(tmp_path.glob("page-*.png"))
    assert pictures and all(p.stat().st_size > 1000 for p in pictures)


@pytest.mark.parametrize("name", NAMES)
def test_trend_formulas_agree_with_rules(engine, name):
    """Utveckling KS-mål and Utveckling indikator, recalculated: 1, 0, -1 or empty exactly
    where rules.assess_trend says Förbättrad, Oförändrad, Försämrad or nothing."""
    result = case(engine, name)
    goals = result.book[schema.GOALS_SHEET]
    cols = header_columns(goals)
    evaluation = result.evaluation
    shown = []
    for kf_goal in evaluation.plan.kf_goals:
        for plan_row in kf_goal.rows:
            row = plan_row.sheet_rows[0]
            for owner, header, trend in (
                    (plan_row.ks_goal, "Utveckling KS-mål",
                     plan_row.ks_goal and evaluation.ks_trend(plan_row.ks_goal)),
                    (plan_row.indicator, "Utveckling indikator",
                     plan_row.indicator and evaluation.indicator_trend(plan_row.indicator))):
                if owner is None:
                    continue
                got = goals.cell(row, cols[header]).value
                expected = trend.number
                assert got in ((expected,) if expected is not None else (None, "")), \
                    (header, row, trend)
                shown.append(trend.word)
    if name == "exempelby":  # every word is met at least once in the example
        assert {"Förbättrad", "Försämrad"} <= set(shown)


# --- the kommun's own words: its trend as written, a målvärde that is a year -------------------


@pytest.fixture(scope="module")
def words(tmp_path_factory) -> tuple[Evaluation, object, list[dict[str, str]], Path]:
    """words_plan's report recalculated by LibreOffice, with the evaluation that wrote it (the
    kommun's Trend column is not in vp-excel's own workbook, so it is not read back), and the
    Mål sheet as LibreOffice shows it (CSV of the formatted values)."""
    folder = tmp_path_factory.mktemp("words")
    evaluation = evaluate(words_plan())
    source = folder / "words-report.xlsx"
    write_report_workbook(evaluation, source)
    poisoned = poison_cached_values(source, folder / "words-input.xlsx")
    recalculated = recalculate_xlsx(poisoned, folder / "recalculated")
    return evaluation, load(recalculated, data_only=True), _as_shown(recalculated, folder), \
        recalculated


def _as_shown(source: Path, folder: Path) -> list[dict[str, str]]:
    """The Mål sheet (the workbook's second) as LibreOffice shows it: numbers through their
    number format, text as it is."""
    import csv

    out = folder / "shown"
    profile = folder / "profile"
    subprocess.run([find_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                    "true,false,false,2", "--outdir", str(out), str(source)],
                   capture_output=True, check=True, timeout=180)
    written = next(out.glob("*.csv"))
    with written.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _words_rows(words):
    """The recalculated Mål sheet, its columns by header, and (sheet row, plan row) for each
    of the plan's rows, found by its KS mål."""
    evaluation, book, _shown, _path = words
    sheet = book[schema.GOALS_SHEET]
    cols = header_columns(sheet)
    rows = [(next(r for r in range(2, sheet.max_row + 1)
                  if sheet.cell(r, cols["KS mål"]).value == plan_row.ks_goal.text), plan_row)
            for kf_goal in evaluation.plan.kf_goals for plan_row in kf_goal.rows]
    return sheet, cols, rows


def _trend_shown(trend) -> object:
    """What a recalculated Utveckling cell holds for rules' trend: 1/0/-1, the written words,
    or nothing."""
    return trend.number if trend.number is not None else (clean_text(trend.written) or None)


def test_written_trends_agree_with_rules_after_libreoffice(words):
    """Utveckling is the computed 1/0/-1 where last year's value is there, else the kommun's
    own trend as written (a quote in it, past 255 characters), else empty: rules.assess_trend."""
    evaluation, book = words[:2]
    goals, cols, rows = _words_rows(words)
    seen = []
    for row, plan_row in rows:
        goal, indicator = plan_row.ks_goal, plan_row.indicator
        expected = _trend_shown(evaluation.ks_trend(goal))
        assert goals.cell(row, cols["Utveckling KS-mål"]).value == expected, goal.text
        seen.append(expected)
        if indicator is not None:
            expected = _trend_shown(evaluation.indicator_trend(indicator))
            assert goals.cell(row, cols["Utveckling indikator"]).value == expected, \
                indicator.name
            seen.append(expected)
    assert {1, "↑", "↓", "Positiv", 'Bättre än "väntat"', ASTRAL_TREND, None} <= set(seen)
    assert any(isinstance(v, str) and len(v) > 255 for v in seen)
    # "Försämrad" was written, but 480 -> 520 is better: the computed trend wins, as in Word.
    assert evaluation.ks_trend(evaluation.plan.ks_goals[0]).number == 1


def test_a_year_as_malvarde_is_shown_and_every_status_is_as_without_one(words):
    """"Senast 2026" in Målvärde and Styrgräns: every status formula reading that cell (Högre,
    Lägre with a manual GUL, Ja/Nej, Ökar, an indicator under Sammanvägning, a Ja/Nej
    indicator) gives, recalculated, the status rules.assess gives for no target at all."""
    evaluation, book = words[:2]
    goals, cols, rows = _words_rows(words)
    shown_targets = []
    for row, plan_row in rows:
        goal, indicator = plan_row.ks_goal, plan_row.indicator
        for period in (Y1, Y2):
            assert goals.cell(row, cols[f"Status {period}"]).value == \
                evaluation.ks_status(goal, period).status, (goal.text, period)
            if indicator is not None:
                assert goals.cell(row, cols[f"Indikatorstatus {period}"]).value == \
                    evaluation.indicator_status(indicator, period).status, indicator.name
        if goal.measure.target_text:
            assert goals.cell(row, cols["Målvärde"]).value == goal.measure.target_text
            shown_targets.append(goal.measure.target_text)
        if indicator is not None and indicator.measure.target is None:
            assert goals.cell(row, cols["Styrgräns"]).value == indicator.styrgrans_text
            shown_targets.append(indicator.styrgrans_text)
    assert len(shown_targets) == 8  # six years and two rules in words
    statuses = {evaluation.ks_status(g).status for g in evaluation.plan.ks_goals
                if g.measure.target_text}
    assert statuses == {schema.GREEN, schema.YELLOW, schema.NOT_ASSESSED}
    followup = book["Uppföljning"]
    assert {followup.cell(r, 5).value for r in range(2, followup.max_row + 1)} >= \
        {"Senast 2026", "Klart 2027"}


def test_the_trend_format_and_arrows_leave_a_written_trend_as_written(words):
    """As LibreOffice shows the cells: 1 through the number format is "Förbättrad", the
    kommun's "↑" and its quoted words stay as written (a number format's sections are for
    numbers; an icon set's rules compare numbers and skip text)."""
    evaluation, _book, shown, _path = words
    by_goal = {row["KS mål"]: row for row in shown}
    assert by_goal["Besöken ökar"]["Utveckling KS-mål"] == "Förbättrad"
    assert by_goal["Nöjd kundindex"]["Utveckling KS-mål"] == "↑"
    assert by_goal["Kön kortas"]["Utveckling KS-mål"] == 'Bättre än "väntat"'
    assert by_goal["Webben finns"]["Utveckling indikator"] == "↓"
    assert by_goal["Nytt boende högre"]["Målvärde"] == "Senast 2026"
    assert by_goal["Nytt boende sammanvägt"]["Styrgräns"] == "Senast 2027"


def test_the_report_with_words_reads_back_without_errors(words):
    """vp-excel's own layout reads a year in Målvärde as the kommun's table does: said, not
    an error; the statuses come out the same."""
    evaluation, _book, _shown, path = words
    plan, problems = read_plan(path)
    assert [p.message for p in problems if p.is_error] == []
    again = evaluate(plan)
    assert [again.ks_status(g).status for g in plan.ks_goals] == \
        [evaluation.ks_status(g).status for g in evaluation.plan.ks_goals]
    assert [g.measure.target_text for g in plan.ks_goals] == \
        [g.measure.target_text for g in evaluation.plan.ks_goals]
    # The kommun's written trend comes back from Utveckling, where the report wrote it.
    assert [again.ks_trend(g).label for g in plan.ks_goals] == \
        [evaluation.ks_trend(g).label for g in evaluation.plan.ks_goals]
    assert [again.indicator_trend(i).label for i in plan.indicators] == \
        [evaluation.indicator_trend(i).label for i in evaluation.plan.indicators]
    assert ASTRAL_TREND in {again.ks_trend(g).label for g in plan.ks_goals}


def test_followup_trends_and_prognosis_agree_with_rules_after_libreoffice(words):
    """Uppföljning's Utveckling columns and Prognos helår, recalculated over the Mål sheet,
    are what rules.assess_trend and the plan say, row by row, as Word shows them."""
    evaluation, book = words[:2]
    followup = book["Uppföljning"]
    cols = header_columns(followup)
    assert {"Utveckling", "Utveckling indikator", "Prognos helår",
            "Kommentar prognos"} <= set(cols)
    goals = {g.text: g for g in evaluation.plan.ks_goals}
    indicators = {i.name: i for i in evaluation.plan.indicators}
    seen = set()
    for r in range(2, followup.max_row + 1):
        goal = goals[followup.cell(r, cols["KS mål"]).value]
        assert followup.cell(r, cols["Utveckling"]).value == \
            _trend_shown(evaluation.ks_trend(goal)), goal.text
        assert (followup.cell(r, cols["Prognos helår"]).value or "") == goal.measure.prognosis
        indicator = indicators.get(followup.cell(r, cols["KF indikator"]).value or "")
        if indicator is not None:
            assert followup.cell(r, cols["Utveckling indikator"]).value == \
                _trend_shown(evaluation.indicator_trend(indicator)), indicator.name
        seen.add(followup.cell(r, cols["Utveckling"]).value)
    assert {1, "↑", ASTRAL_TREND} <= seen


@pytest.mark.parametrize("name", ["exempelby"])
def test_prognosis_counts_and_sentence_agree_with_rules(engine, name):
    from vp_excel.rules import prognosis_sentence

    result = case(engine, name)
    sheet = result.book[schema.SUMMARY_SHEET]
    summary = result.evaluation.prognosis_summary()
    first_column = [(c.value, c.row) for c in sheet["A"]]
    header = next(row for value, row in first_column if value == "Prognos")
    counts = [sheet.cell(header + i, 2).value for i in range(1, 5)]
    assert counts == [summary.counts[s] for s in ALL_STATUSES]
    sentence = sheet.cell(header + 5, 1).value
    assert sentence == prognosis_sentence(summary)
    assert sentence.startswith("Av 11 KS-mål bedöms 6 uppnås vid årets slut")


def _recalculated_goals(evaluation: Evaluation, folder: Path):
    """The report workbook's goal sheet as LibreOffice recalculates it (every cached value
    poisoned first), with its columns by header."""
    report = folder / "rapport.xlsx"
    write_report_workbook(evaluation, report)
    poisoned = poison_cached_values(report, folder / "rapport-input.xlsx")
    goals = load(recalculate_xlsx(poisoned, folder / "lo"), data_only=True)[schema.GOALS_SHEET]
    return goals, header_columns(goals)


def test_a_withdrawn_goal_is_ej_bedomd_in_the_recalculated_workbook_too(tmp_path):
    """ "Utgår" in a kommun table: the terminal's Ej bedömd (not RÖD by the indicator's outcome
    below its målvärde) is what the workbook's status formulas give in LibreOffice."""
    from test_kommun_layouts import _read_rows
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024", "Status"],
            ["Trygg skola", "Andel trygga", "90 %", "88 %", "Gul"],
            ["Fler bostäder", "Antal nya bostäder", "≥ 30", "12", "Utgår"]]
    plan, _ = _read_rows(tmp_path, rows)
    evaluation = evaluate(plan, "Helår 2024")
    goals, cols = _recalculated_goals(evaluation, tmp_path)
    status, indicator = cols["Status"], cols["Indikatorstatus Helår 2024"]
    shown = {goals.cell(r, cols["KS mål"]).value: (goals.cell(r, status).value,
                                                  goals.cell(r, indicator).value)
             for r in range(2, goals.max_row + 1) if goals.cell(r, cols["KS mål"]).value}
    expected = {g.text: (evaluation.ks_status(g).status,
                         evaluation.indicator_status(g.indicators[0]).status)
                for g in plan.ks_goals}
    assert expected["Fler bostäder"] == (schema.NOT_ASSESSED, schema.NOT_ASSESSED)
    assert shown == expected


@pytest.mark.parametrize("target, riket, outcome", [
    ("Högre än riket", "84 %", "86 %"), ("Högre än riket", "229", "215"),
    ("Lägre än riket", "6,8 %", "4,1 %"), ("Lägre än rikets", "20", "22")])
def test_a_malvarde_against_riket_is_judged_alike_in_the_workbook(tmp_path, target, riket,
                                                                  outcome):
    """"Högre än riket" beside a Riket column is judged against that value: the terminal's
    status is what the workbook's formulas give in LibreOffice, and the Word report's."""
    from test_kommun_layouts import _read_rows

    from vp_excel.writers.docx import write_document
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024", "Riket"],
            ["God utbildning", "Måttet", target, outcome, riket]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    evaluation = evaluate(plan, "Helår 2024")
    indicator = plan.ks_goals[0].indicators[0]
    expected = evaluation.indicator_status(indicator).status
    assert expected in schema.STATUSES
    goals, cols = _recalculated_goals(evaluation, tmp_path)
    row = next(r for r in range(2, goals.max_row + 1)
               if goals.cell(r, cols["KS mål"]).value == "God utbildning")
    assert goals.cell(row, cols["Indikatorstatus Helår 2024"]).value == expected
    assert goals.cell(row, cols["Status"]).value == evaluation.ks_status(
        plan.ks_goals[0]).status
    document = tmp_path / "riket.docx"
    write_document(evaluation, document)
    import docx
    shown = [" | ".join(clean_text(c.text) for c in r.cells)
             for t in docx.Document(document).tables for r in t.rows
             if any("Måttet" in c.text for c in r.cells)]
    assert shown and all(f"({expected})" in line for line in shown), shown


@pytest.mark.parametrize("target, kommun, riket, status", [
    ("Högre än riket", "84,2", "86,1", schema.RED), ("Lägre än riket", "4,1", "6,8", schema.GREEN)])
def test_a_nyckeltal_judged_against_riket_agrees_in_the_workbook(tmp_path, target, kommun, riket,
                                                                status):
    """The same in a table of nyckeltal, each its own goal: the goal's own målvärde."""
    from test_kommun_layouts import _read_rows
    rows = [["Nyckeltal", "Kommunen 2024", "Riket 2024", "Mål"],
            ["Andel behöriga till yrkesprogram, %", kommun, riket, target],
            ["Andel med eftergymnasial utbildning, %", "31,5", "43,4", "35 %"]]
    plan, _ = _read_rows(tmp_path, rows)
    evaluation = evaluate(plan, "Helår 2024")
    goals, cols = _recalculated_goals(evaluation, tmp_path)
    shown = {goals.cell(r, cols["KS mål"]).value: goals.cell(r, cols["Status"]).value
             for r in range(2, goals.max_row + 1) if goals.cell(r, cols["KS mål"]).value}
    expected = {g.text: evaluation.ks_status(g).status for g in plan.ks_goals}
    assert expected == {rows[1][0]: status, rows[2][0]: schema.RED}
    assert shown == expected
