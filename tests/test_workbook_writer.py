"""The report workbook, opened with openpyxl part by part, and its round trip through the reader.

The LibreOffice parity proof (formulas recalculated by a real engine) is in
test_spreadsheet_engine.py; here the formulas are checked as text and their cached values
against `rules.evaluate`.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from builders import EXEMPELBY, NORSJO
from helpers_edge_cases import (
    FORMULA_LOOKING,
    LONG_TEXT,
    P1,
    P2,
    P3,
    edge_plan,
    fingerprint,
    header_columns,
    load,
    sheet_part,
    statuses,
    summary_blocks,
)
from openpyxl.utils import get_column_letter

from vp_excel import api, schema
from vp_excel.model import Activity, GoalDirection
from vp_excel.reader import read_plan
from vp_excel.rules import (
    StatusCells,
    combined_formula,
    evaluate,
    score_formula,
    status_formula,
    summary_sentence,
)
from vp_excel.writers.xlsx import write_report_workbook
from vp_excel.writers.xlsx.followup import FOLLOWUP_SHEET

REPORT_SHEETS = [schema.SUMMARY_SHEET, schema.GOALS_SHEET, FOLLOWUP_SHEET, schema.ACTIVITIES_SHEET,
                 schema.TEXTS_SHEET, schema.SETTINGS_SHEET, schema.PERIODS_SHEET,
                 schema.INSTRUCTIONS_SHEET]
ALL_STATUSES = (*schema.STATUSES, schema.NOT_ASSESSED)


def cell(col: int, row: int, absolute: bool = False) -> str:
    dollar = "$" if absolute else ""
    return f"{dollar}{get_column_letter(col)}{dollar}{row}"


class Report:
    """A written report: the plan, its evaluation, the file and both openpyxl views of it."""

    def __init__(self, plan, path: Path, written: bool = False):
        self.plan = plan
        self.evaluation = evaluate(plan)
        self.path = path
        if not written:  # the examples come built (conftest.example_reports)
            write_report_workbook(self.evaluation, path)
        self.book = load(path)
        self.values = load(path, data_only=True)
        self.goals = self.book[schema.GOALS_SHEET]
        self.cols = header_columns(self.goals)
        # Where each PlanRow landed, found the way a person's workbook is read.
        self.read_back, self.problems = read_plan(path)

    def col(self, header: str, period: str | None = None) -> int:
        return self.cols[f"{header} {period}" if period else header]

    def rows(self):
        """(original PlanRow, read-back PlanRow) pairs in sheet order."""
        original = [row for kf in self.plan.kf_goals for row in kf.rows]
        read = [row for kf in self.read_back.kf_goals for row in kf.rows]
        assert len(original) == len(read)
        return list(zip(original, read))

    def default_band(self) -> str:
        settings = self.book[schema.SETTINGS_SHEET]
        row = next(c.row for c in settings["A"] if c.value == "Gul gräns (standard)")
        return f"Inställningar!$B${row}"


@pytest.fixture(scope="module")
def reports(tmp_path_factory, example_reports) -> dict[str, Report]:
    out = tmp_path_factory.mktemp("reports")
    built = {"edge": Report(edge_plan(), out / "edge.xlsx")}
    for name, source in (("exempelby", EXEMPELBY), ("norsjo", NORSJO)):
        built[name] = Report(read_plan(source)[0], example_reports[name]["xlsx"], written=True)
    return built


@pytest.fixture(scope="module")
def edge(reports) -> Report:
    return reports["edge"]


def each_report(reports, name: str) -> Report:
    return reports[name]


NAMES = ["edge", "exempelby", "norsjo"]


# --- sheets and headers ---------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_report_has_the_arbetsbok_sheets_and_the_summary_first(reports, name):
    report = each_report(reports, name)
    assert report.book.sheetnames == REPORT_SHEETS


@pytest.mark.parametrize("name", NAMES)
def test_goal_headers_follow_the_schema_with_report_columns(reports, name):
    from vp_excel.writers.xlsx.compared import comparison_names
    from vp_excel.writers.xlsx.goals import GoalLayout

    report = each_report(reports, name)
    expected = [c.header_for(p) for c, p in
                schema.goal_columns_for(report.plan.period_names, report=True)]
    headers = [c.value for c in report.goals[1]]
    compared = comparison_names(report.plan)
    # The plan's comparison columns (Riket 2024, ...) stand after its own columns.
    assert [h for h in headers if h not in compared][:len(expected)] == expected
    at = len(schema.GOAL_COLUMNS)
    assert headers[at:at + len(compared)] == compared
    layout = GoalLayout.for_plan(report.plan, report=True)
    assert headers[:layout.width] == [c.header_for(p) for c, p in layout.columns]


def test_goals_and_activities_are_excel_tables_with_filters(edge):
    goals = edge.goals.tables["Mal"]
    last_row = 1 + sum(max(1, len(r.directions)) for kf in edge.plan.kf_goals for r in kf.rows)
    assert goals.ref == f"A1:{get_column_letter(len(edge.cols))}{last_row}"
    assert goals.autoFilter is not None
    activities = edge.book[schema.ACTIVITIES_SHEET]
    assert activities.tables["Aktiviteter"].autoFilter is not None
    assert not edge.goals.merged_cells.ranges  # tables cannot hold merged cells


def test_group_text_on_every_row_values_on_the_first_only(edge):
    """The KF ÖG mål "=SUM(1)" group has two målinriktningar, so two rows."""
    first, second = [row for row in range(2, edge.goals.max_row + 1)
                     if edge.goals.cell(row, 1).value == FORMULA_LOOKING[0]][:2]
    for header in ("KF ÖG mål", "KS mål"):
        assert edge.goals.cell(second, edge.col(header)).value == \
            edge.goals.cell(first, edge.col(header)).value
    for header, period in (("Målvärde", None), ("Utfall", P1), ("Status", None),
                           ("Status", P2), ("Poäng", None)):
        assert edge.goals.cell(first, edge.col(header, period)).value is not None
        assert edge.goals.cell(second, edge.col(header, period)).value is None
    assert edge.goals.cell(first, edge.col("Aktiviteter")).value == \
        f"• {FORMULA_LOOKING[3]}\n• Andra aktiviteten"
    assert edge.goals.cell(second, edge.col("Målinriktning")).value == "Andra målinriktningen"


# --- status formulas and cached values ------------------------------------------------------


def expected_ks_cells(report: Report, row: int, period: str) -> StatusCells:
    names = report.plan.period_names
    index = names.index(period)
    comparison = (report.col("Utfall", names[index - 1]) if index
                  else report.col("Utfall föregående år"))
    return StatusCells(outcome=cell(report.col("Utfall", period), row),
                       manual=cell(report.col("Bedömning", period), row),
                       target=cell(report.col("Målvärde"), row),
                       comparison=cell(comparison, row),
                       band=cell(report.col("Gul gräns"), row),
                       default_band=report.default_band())


def expected_indicator_cells(report: Report, row: int, period: str) -> StatusCells:
    names = report.plan.period_names
    index = names.index(period)
    comparison = cell(report.col("Indikatorutfall", names[index - 1]), row) if index else None
    return StatusCells(outcome=cell(report.col("Indikatorutfall", period), row),
                       target=cell(report.col("Styrgräns"), row), comparison=comparison,
                       default_band=report.default_band())


def expected_ks_formula(report: Report, original, row: int, period: str) -> str:
    """The rule's formula; a goal judged by its indicators (Sammanvägning) reads the status
    cells of its indicators' rows and the two shares in Inställningar."""
    goal = original.ks_goal
    if goal.measure.rule != schema.COMBINED:
        return status_formula(goal.measure.rule, expected_ks_cells(report, row, period))
    rows = [read.sheet_rows[0] for orig, read in report.rows()
            if orig.indicator is not None and orig.indicator in goal.indicators]
    assert len(rows) == len(goal.indicators)
    shares = [f"Inställningar!$B${i}" for i, s in enumerate(schema.SETTINGS, start=2)
              if s.key in ("combined_green_share", "combined_yellow_share")]
    return combined_formula([cell(report.col("Indikatorstatus", period), r) for r in rows],
                            cell(report.col("Bedömning", period), row), *shares)


def formula_at(report: Report, row: int, col: int) -> str:
    # xlsxwriter may quote the sheet name in a reference; the formula is the same either way.
    return str(report.goals.cell(row, col).value).replace("'", "")


@pytest.mark.parametrize("name", NAMES)
def test_every_status_cell_is_the_rules_formula_with_the_python_value(reports, name):
    report = each_report(reports, name)
    values = report.values[schema.GOALS_SHEET]
    checked = 0
    for original, read in report.rows():
        row = read.sheet_rows[0]
        for period in report.plan.period_names:
            if original.ks_goal:
                col = report.col("Status", period)
                assert formula_at(report, row, col) == \
                    expected_ks_formula(report, original, row, period)
                assert values.cell(row, col).value == \
                    report.evaluation.ks_status(original.ks_goal, period).status
                checked += 1
            if original.indicator:
                col = report.col("Indikatorstatus", period)
                rule = original.indicator.measure.rule
                assert formula_at(report, row, col) == \
                    status_formula(rule, expected_indicator_cells(report, row, period))
                assert values.cell(row, col).value == \
                    report.evaluation.indicator_status(original.indicator, period).status
                checked += 1
    assert checked == len(report.plan.period_names) * (len(report.plan.ks_goals)
                                                       + len(report.plan.indicators))


@pytest.mark.parametrize("name", NAMES)
def test_status_and_poang_are_for_the_report_period(reports, name):
    report = each_report(reports, name)
    values = report.values[schema.GOALS_SHEET]
    period = report.evaluation.period
    for original, read in report.rows():
        row = read.sheet_rows[0]
        status_col, score_col = report.col("Status"), report.col("Poäng")
        if not original.ks_goal:
            assert report.goals.cell(row, status_col).value is None
            continue
        expected = report.evaluation.ks_status(original.ks_goal, period)
        assert formula_at(report, row, status_col) == \
            expected_ks_formula(report, original, row, period)
        assert values.cell(row, status_col).value == expected.status
        assert report.goals.cell(row, score_col).value == score_formula(cell(status_col, row))
        assert values.cell(row, score_col).value in (
            (expected.score,) if expected.score else (None, ""))


def sparkline_cells(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(sheet_part(path, schema.GOALS_SHEET)).decode()
    return set(re.findall(r"<xm:sqref>([A-Z]+\d+)</xm:sqref>", xml))


@pytest.mark.parametrize("name", NAMES)
def test_trend_sparkline_only_where_a_ks_goal_has_several_outcomes(reports, name):
    report = each_report(reports, name)
    expected = set()
    for original, read in report.rows():
        goal = original.ks_goal
        numbers = [v for v in (goal.measure.outcomes.values() if goal else ())
                   if isinstance(v, float | int) and not isinstance(v, bool)]
        if len(numbers) > 1:
            expected.add(cell(report.col("Trend"), read.sheet_rows[0]))
    assert sparkline_cells(report.path) == expected
    if name == "edge":
        assert expected


# --- colours, drop-downs, layout, print -----------------------------------------------------


def test_status_cells_are_coloured_with_the_word_kept(edge):
    # Prognos helår (typed GRÖN/GUL/RÖD) is coloured as the statuses are.
    status_letters = {get_column_letter(edge.col(h, p)) for h, p in
                      [("Status", None), ("Prognos helår", None)]
                      + [(h, p) for p in (P1, P2, P3) for h in ("Status", "Indikatorstatus")]}
    fills = {}
    for rule_range in edge.goals.conditional_formatting:
        covered = {re.match(r"[A-Z]+", str(r)).group() for r in rule_range.sqref.ranges}
        for rule in rule_range.rules:
            if rule.type == "cellIs":
                assert covered == status_letters
                fills[rule.formula[0].strip('"')] = rule.dxf.fill.bgColor.rgb[-6:]
                # The word stays readable: black text on the light fill.
                assert rule.dxf.font.color.rgb[-6:] == "000000"
    assert fills == {s: c.lstrip("#") for s, c in schema.STATUS_FILL.items()}


def test_poang_has_a_traffic_light_icon_set(edge):
    score = get_column_letter(edge.col("Poäng"))
    rules = [(str(r.sqref), rule) for r in edge.goals.conditional_formatting
             for rule in r.rules if rule.type == "iconSet"
             and str(r.sqref).startswith(f"{score}2:")]
    assert len(rules) == 1
    where, rule = rules[0]
    assert where.startswith(f"{score}2:{score}")
    assert rule.iconSet.iconSet in (None, "3TrafficLights1")
    assert [(c.type, c.val) for c in rule.iconSet.cfvo][1:] == [("num", 2.0), ("num", 3.0)]


def validations(sheet) -> dict[str, tuple[str, str | None]]:
    """First column letter of each validation -> (list source, error style)."""
    return {str(v.sqref).split(":")[0].rstrip("0123456789"): (v.formula1, v.errorStyle)
            for v in sheet.data_validations.dataValidation}


@pytest.mark.parametrize("header, period, values, style", [
    ("Riktning", None, schema.INDICATOR_DIRECTIONS, None),
    ("Regel", None, schema.RULES, None),
    ("Källa", None, schema.SOURCES, "information"),
    ("Ansvarig enhet", None, schema.UNITS_SUGGESTED, "information"),
    ("Bedömning", P1, schema.STATUSES, None),
    ("Bedömning", P3, schema.STATUSES, None),
])
def test_goal_drop_downs(edge, header, period, values, style):
    found = validations(edge.goals)[get_column_letter(edge.col(header, period))]
    assert found == ('"' + ",".join(values) + '"', style)


def test_drop_downs_on_the_other_sheets(edge):
    activities = validations(edge.book[schema.ACTIVITIES_SHEET])
    assert activities["C"] == ('"' + ",".join(schema.ACTIVITY_STATUSES) + '"', None)
    period_list = validations(edge.book[schema.SETTINGS_SHEET])["B"][0]
    assert "Perioder!$A$2" in period_list
    assert validations(edge.book[schema.TEXTS_SHEET])["C"][0] == period_list


@pytest.mark.parametrize("sheet", [schema.ACTIVITIES_SHEET, schema.TEXTS_SHEET,
                                   schema.SETTINGS_SHEET, schema.PERIODS_SHEET])
def test_header_rows_are_frozen(edge, sheet):
    assert edge.book[sheet].freeze_panes == "A2"


def test_goal_sheet_keeps_the_ks_goal_columns_in_view(edge):
    """The header row and every column up to KS mål stay in view when scrolling."""
    ks_goal = edge.col("KS mål")
    assert edge.goals.freeze_panes == f"{get_column_letter(ks_goal + 1)}2"
    assert edge.book[FOLLOWUP_SHEET].freeze_panes == "C2"  # KF ÖG mål and KS mål


@pytest.mark.parametrize("sheet", REPORT_SHEETS)
def test_print_setup_a4_landscape_one_page_wide(edge, sheet):
    ws = edge.book[sheet]
    assert ws.page_setup.paperSize == 9
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default and may be left out
    assert ws.page_setup.fitToHeight == 0
    if sheet not in (schema.SUMMARY_SHEET, schema.INSTRUCTIONS_SHEET):
        assert ws.print_title_rows == "$1:$1"


@pytest.mark.parametrize("sheet", REPORT_SHEETS)
def test_header_and_footer_name_kommun_verksamhet_period_and_page(edge, sheet):
    ws = edge.book[sheet]
    assert ws.oddHeader.left.text == "Gränsby kommun"
    assert ws.oddHeader.center.text == "Kommunledningskontoret"
    assert ws.oddHeader.right.text == "&P(&N)"
    # "&" in the plan's title is doubled, or Excel would read it as a code.
    assert ws.oddFooter.left.text == f"Verksamhetsplan 2025 && uppföljning – {P2}"


def column_dimensions(sheet) -> dict[int, object]:
    """Column index -> its dimension (openpyxl groups equal neighbours into one range)."""
    return {i: d for d in sheet.column_dimensions.values() for i in range(d.min, d.max + 1)}


def test_other_periods_are_folded_the_report_period_shown(edge):
    dims = column_dimensions(edge.goals)
    for header in ("Utfall", "Analys", "Indikatorstatus"):
        for period in (P1, P3):
            dim = dims[edge.col(header, period)]
            assert dim.hidden and dim.outlineLevel == 1
        assert not dims[edge.col(header, P2)].hidden
    for header in ("KF ÖG mål", "KS mål", "Status", "Målvärde", "Aktiviteter", "Poäng", "Trend"):
        dim = dims[edge.col(header)]
        assert not dim.hidden and dim.width > 5


def test_rows_grow_with_their_text(edge):
    long_row = next(r for r in range(2, edge.goals.max_row + 1)
                    if edge.goals.cell(r, edge.col("Analys", P2)).value == LONG_TEXT)
    assert edge.goals.row_dimensions[long_row].height > 400  # Excel allows at most 409
    assert edge.goals.row_dimensions[1].height > 15  # "Indikatorutfall Delår 1 2025" wraps


# --- values and text ------------------------------------------------------------------------


def find_row(report: Report, ks_text: str) -> int:
    return next(r for r in range(2, report.goals.max_row + 1)
                if report.goals.cell(r, report.col("KS mål")).value == ks_text)


@pytest.mark.parametrize("ks_text, header, period, value, number_format", [
    ("Andel exakt på målet", "Målvärde", None, 0.5, '0%;"−"0%'),
    ("Andel exakt på målet", "Utfall", P2, 0.499999, '0.0000%;"−"0.0000%'),
    ("Sjukfrånvaro högst 4%", "Utfall", P2, 0.0401, '0.00%;"−"0.00%'),
    ("Sjukfrånvaro högst 4%", "Styrgräns", None, 4000,
     '"max "#,##0" kr/inv";"max −"#,##0" kr/inv"'),
    ("Fakturor sena minskar", "Utfall", P1, 5, '#,##0" dagar";"−"#,##0" dagar"'),
    ("Budgetavvikelse minst 0 tkr", "Utfall", P3, 12.5, '#,##0.0" tkr";"−"#,##0.0" tkr"'),
    ("Budgetavvikelse minst 0 tkr", "Utfall", P1, -850, '#,##0" tkr";"−"#,##0" tkr"'),
    ("Index med gul gräns 2", "Gul gräns", None, 2, '#,##0;"−"#,##0'),
    ("Invånare ökar", "Utfall föregående år", None, 4812, '#,##0;"−"#,##0'),
])
def test_numbers_are_numbers_with_a_format_showing_the_unit(edge, ks_text, header, period,
                                                            value, number_format):
    target = edge.goals.cell(find_row(edge, ks_text), edge.col(header, period))
    assert target.data_type == "n"
    assert target.value == pytest.approx(value)
    assert target.number_format == number_format
    assert not re.search(r"0\.(?!0)", number_format)  # never "60," with a dangling comma


@pytest.mark.parametrize("header, period, expected", [
    ("Målvärde", None, "Nej"), ("Utfall", P1, "Nej"), ("Utfall", P2, "Ja"),
    ("Styrgräns", None, "Ja"), ("Indikatorutfall", P2, "Nej")])
def test_yes_no_is_written_as_the_words(edge, header, period, expected):
    target = edge.goals.cell(find_row(edge, "Målet är Nej"), edge.col(header, period))
    assert (target.value, target.data_type) == (expected, "s")


@pytest.mark.parametrize("text", FORMULA_LOOKING)
def test_formula_looking_text_stays_text(edge, text):
    cells = [c for ws in edge.book.worksheets for row in ws.iter_rows() for c in row
             if c.value == text]
    assert cells, f"{text!r} is not in the workbook as it was written"
    assert {c.data_type for c in cells} == {"s"}


def test_texts_are_cleaned_and_capped(tmp_path):
    plan = edge_plan()
    goal = plan.ks_goals[0]
    goal.measure.analyses[P2] = "x" * 40_000
    plan.kf_goals[0].rows[0].directions = [
        GoalDirection("Rad med\x01styr\x0btecken _x0007_", "HR", [Activity("A\x00ktivitet")])]
    path = tmp_path / "clean.xlsx"
    write_report_workbook(evaluate(plan), path)
    goals = load(path)[schema.GOALS_SHEET]
    cols = header_columns(goals)
    assert len(goals.cell(2, cols[f"Analys {P2}"]).value) == 32767
    assert goals.cell(2, cols["Målinriktning"]).value == "Rad medstyr\ntecken"
    assert goals.cell(2, cols["Aktiviteter"]).value == "• Aktivitet"


# --- Sammanställning ------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_summary_counts_shares_and_sentence(reports, name):
    report = each_report(reports, name)
    ws, values = report.book[schema.SUMMARY_SHEET], report.values[schema.SUMMARY_SHEET]
    summary = report.evaluation.summary()
    counts, _, _, _ = summary_blocks(ws, [])
    status_letter = get_column_letter(report.col("Status"))
    assert list(counts) == list(ALL_STATUSES)
    for status, row in counts.items():
        formula = ws.cell(row, 2).value.replace("'", "")
        assert formula.startswith(f"=COUNTIF(Mål!${status_letter}$2:${status_letter}$")
        assert formula.endswith(f',"{status}")')
        assert values.cell(row, 2).value == summary.counts[status]
        assert values.cell(row, 3).value == pytest.approx(summary.share(status) or 0)
        assert "%" in ws.cell(row, 3).number_format
    assert ws["A4"].value.startswith('="av "&')
    assert values["A4"].value == summary_sentence(summary)


@pytest.mark.parametrize("name", NAMES)
def test_summary_per_kf_goal_and_per_period(reports, name):
    report = each_report(reports, name)
    ws, values = report.book[schema.SUMMARY_SHEET], report.values[schema.SUMMARY_SHEET]
    _, kf_rows, period_rows, header = summary_blocks(ws, [k.name for k in report.plan.kf_goals])
    for kf_goal in report.plan.kf_goals:
        row = kf_rows[kf_goal.name]
        summary = report.evaluation.summary(kf_goal=kf_goal)
        for col, status in enumerate(ALL_STATUSES, start=2):
            assert ws.cell(row, col).value.startswith("=SUMPRODUCT(")
            assert values.cell(row, col).value == summary.counts[status]
        assert ws.cell(row, 7).value.startswith('="av "&')
        assert values.cell(row, 7).value == summary_sentence(summary)
    # The periods up to the reported one: later ones have nothing to count yet.
    all_names = report.plan.period_names
    names = all_names[:all_names.index(report.evaluation.period) + 1]
    assert [ws.cell(header, c).value for c in range(2, 2 + len(all_names))] == (
        names + [None] * (len(all_names) - len(names)))
    for col, period in enumerate(names, start=2):
        summary = report.evaluation.summary(period)
        for status, row in period_rows.items():
            assert ws.cell(row, col).value.startswith("=COUNTIF(")
            assert values.cell(row, col).value == summary.counts[status]


def test_summary_has_native_charts(edge):
    with zipfile.ZipFile(edge.path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        kinds = [archive.read(n).decode() for n in charts]
    assert len(charts) == 2
    assert all("<c:barChart>" in xml and '<c:barDir val="col"/>' in xml for xml in kinds)


# --- round trip -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_report_reads_back_to_the_same_plan_and_statuses(reports, name):
    report = each_report(reports, name)
    assert [p for p in report.problems if p.is_error] == []
    assert fingerprint(report.read_back) == fingerprint(report.plan)
    assert statuses(evaluate(report.read_back)) == statuses(report.evaluation)


@pytest.mark.parametrize("name", NAMES)
def test_a_report_built_from_the_report_has_the_same_statuses(reports, name, tmp_path):
    report = each_report(reports, name)
    again = Report(report.read_back, tmp_path / "again.xlsx")
    assert statuses(again.evaluation) == statuses(report.evaluation)
    first = report.values[schema.GOALS_SHEET]
    second = again.values[schema.GOALS_SHEET]
    for header in [h for h in report.cols if h.startswith(("Status", "Indikatorstatus"))]:
        col = report.col(header)
        assert [first.cell(r, col).value for r in range(2, first.max_row + 1)] == \
            [second.cell(r, col).value for r in range(2, second.max_row + 1)]


def test_build_writes_the_report_through_the_api(tmp_path):
    result = api.build(EXEMPELBY, out_dir=tmp_path, formats=("xlsx",))
    assert [p.suffix for p in result.outputs] == [".xlsx"]
    plan, problems = read_plan(result.outputs[0])
    assert not [p for p in problems if p.is_error]
    assert statuses(evaluate(plan)) == statuses(result.check.evaluation)


# --- document ---------------------------------------------------------------------------------


def test_document_properties_and_same_bytes_for_the_same_plan(edge, tmp_path):
    props = edge.book.properties
    assert props.title == "Verksamhetsplan 2025 & uppföljning"
    assert props.creator == "Test Testsson"
    assert props.created.year == 2025 and props.created.month == 1
    with zipfile.ZipFile(edge.path) as archive:
        assert "<Company>Gränsby kommun</Company>" in archive.read("docProps/app.xml").decode()
        assert "sv-SE" in archive.read("docProps/custom.xml").decode()
    again = tmp_path / "again.xlsx"
    write_report_workbook(edge.evaluation, again)
    assert again.read_bytes() == edge.path.read_bytes()


@pytest.mark.parametrize("kommun, verksamhet", [
    ("😀" * 100, "𝔸" * 100),  # 200 UTF-16 units each: Excel counts a header in them
    ("&" * 100, "Omsorg & stöd " * 10),  # each & is written && in the header
])
def test_a_long_name_keeps_every_page_header_within_excels_255(tmp_path, kommun, verksamhet):
    """Excel (and xlsxwriter, which then drops the header) refuses a page header past 255
    UTF-16 units: the names are cut with … to fit, counted as Excel counts them."""
    from vp_excel.text import utf16_len

    plan = edge_plan()
    plan.settings.kommun, plan.settings.verksamhet = kommun, verksamhet
    path = tmp_path / "rapport.xlsx"
    write_report_workbook(evaluate(plan), path)
    with zipfile.ZipFile(path) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
        headers = [re.search(r"<oddHeader>(.*?)</oddHeader>", package.read(n).decode())
                   for n in sheets]
    import html

    found = [html.unescape(h.group(1)) for h in headers if h]
    assert len(found) >= 4  # every printed sheet has its header
    assert all(utf16_len(h) <= 255 and "…" in h for h in found)
