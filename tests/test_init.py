"""`vp-excel init`: an empty arbetsbok in the format, with drop-downs and instructions, that
`vp-excel check` accepts as it is."""

from __future__ import annotations

import pytest
from builders import run_cli
from builders import run_cli as run
from helpers_edge_cases import header_columns, load
from openpyxl.utils import column_index_from_string

from vp_excel import schema

INIT_SHEETS = [schema.INSTRUCTIONS_SHEET, schema.SETTINGS_SHEET, schema.PERIODS_SHEET,
               schema.GOALS_SHEET, schema.ACTIVITIES_SHEET, schema.TEXTS_SHEET]
YEAR = 2031
PERIODS = [f"Delår 1 {YEAR}", f"Delår 2 {YEAR}", f"Helår {YEAR}"]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("init") / "arbetsbok.xlsx"
    result = run("init", str(path), "--år", str(YEAR))
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def book(workbook):
    return load(workbook)


def test_init_writes_the_sheets_in_order(book):
    assert book.sheetnames == INIT_SHEETS


def test_goal_sheet_has_every_column_for_every_period(book):
    expected = [c.header_for(p) for c, p in schema.goal_columns_for(PERIODS)]
    goals = book[schema.GOALS_SHEET]
    assert [c.value for c in goals[1]] == expected
    widths = {d.min: d.width for d in goals.column_dimensions.values()}
    first = schema.GOAL_COLUMNS[0]
    assert widths[1] == pytest.approx(first.width, abs=1)  # Excel adds its padding


def test_goal_sheet_has_empty_preformatted_rows_and_a_filter(book):
    goals = book[schema.GOALS_SHEET]
    assert goals.max_row >= 200
    assert all(c.value is None for row in goals.iter_rows(min_row=2) for c in row)
    assert goals.cell(150, 1).alignment.wrap_text
    assert goals.auto_filter.ref.startswith("A1:")


@pytest.mark.parametrize("sheet, expected", [
    (schema.PERIODS_SHEET, [["Period", "År", "Från", "Till"], [PERIODS[0], YEAR, "jan", "apr"],
                            [PERIODS[1], YEAR, "jan", "aug"], [PERIODS[2], YEAR, "jan", "dec"]]),
    (schema.TEXTS_SHEET, [["Avsnitt", "Text", "Period"], ["Inledning", None, None]]),
    (schema.ACTIVITIES_SHEET, [[c.header for c in schema.ACTIVITY_COLUMNS]]),
])
def test_small_sheets(book, sheet, expected):
    rows = [[c.value for c in row] for row in book[sheet].iter_rows(max_row=len(expected))]
    assert rows == expected


def test_settings_have_a_row_per_setting_with_year_and_report_period(book):
    settings = book[schema.SETTINGS_SHEET]
    rows = {row[0].value: (row[1].value, row[2].value)
            for row in settings.iter_rows(min_row=2) if row[0].value}
    assert list(rows) == [s.label for s in schema.SETTINGS]
    assert rows["År"][0] == YEAR
    assert rows["Rapportperiod"][0] == PERIODS[0]
    for setting in schema.SETTINGS:
        assert rows[setting.label][1].startswith(setting.help)


def test_instructions_explain_every_column(book):
    text = "\n".join(str(c.value) for row in book[schema.INSTRUCTIONS_SHEET].iter_rows()
                     for c in row if c.value)
    for column in (*schema.GOAL_COLUMNS, *schema.ACTIVITY_COLUMNS, *schema.TEXT_COLUMNS,
                   *schema.PERIOD_SHEET_COLUMNS):
        assert column.help in text
    for phrase in ("6,5%", "60 dagar", "max 4000 kr/inv", "Ja", "Alt+Enter",
                   "vp-excel bara läser den"):
        assert phrase in text


def drop_downs(sheet) -> dict[int, tuple[str, str | None]]:
    """Column -> (list source, error style) of every validation starting in row 2."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        first = str(validation.sqref).split(":")[0]
        found[column_index_from_string(first.rstrip("0123456789"))] = (
            validation.formula1, validation.errorStyle)
    return found


@pytest.mark.parametrize("header, values, style", [
    ("Riktning", schema.INDICATOR_DIRECTIONS, None),
    ("Regel", schema.RULES, None),
    ("Källa", schema.SOURCES, "information"),
    ("Ansvarig enhet", schema.UNITS_SUGGESTED, "information"),
    (f"Bedömning {PERIODS[0]}", schema.STATUSES, None),
    (f"Bedömning {PERIODS[2]}", schema.STATUSES, None),
])
def test_goal_drop_downs(book, header, values, style):
    goals = book[schema.GOALS_SHEET]
    assert drop_downs(goals)[header_columns(goals)[header]] == \
        ('"' + ",".join(values) + '"', style)


def test_drop_downs_elsewhere(book):
    assert drop_downs(book[schema.ACTIVITIES_SHEET])[3][0] == \
        '"' + ",".join(schema.ACTIVITY_STATUSES) + '"'
    report_period = drop_downs(book[schema.SETTINGS_SHEET])[2][0]
    assert "Perioder!$A$2" in report_period
    assert drop_downs(book[schema.TEXTS_SHEET])[3][0] == report_period


@pytest.mark.parametrize("sheet", INIT_SHEETS[1:])
def test_frozen_header_and_a4_print(book, sheet):
    ws = book[sheet]
    assert ws.freeze_panes == "A2"
    assert ws.page_setup.paperSize == 9
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$1"


def test_init_refuses_to_overwrite_without_force(workbook, tmp_path):
    path = tmp_path / "finns.xlsx"
    path.write_bytes(workbook.read_bytes())
    before = path.read_bytes()
    refused = run_cli("init", str(path))
    assert refused.exit_code != 0
    assert "--force" in refused.output
    assert path.read_bytes() == before
    forced = run("init", str(path), "--force")
    assert forced.exit_code == 0


def test_init_then_check_exits_zero(workbook):
    result = run("check", str(workbook))
    assert result.exit_code == 0, result.output
    assert "0 fel" in result.output


def test_check_warns_that_an_empty_section_is_left_out(workbook, tmp_path):
    """The new arbetsbok's Inledning has no text yet: check says so, and the document has no
    empty Inledning heading."""
    import docx

    result = run("check", str(workbook))
    assert ("Texter: avsnittet ”Inledning” har ingen text och tas inte med i dokumentet."
            in result.output)
    built = run("build", str(workbook), "--out", str(tmp_path), "--bara", "docx")
    assert built.exit_code == 0, built.output
    [document] = tmp_path.glob("*.docx")
    assert document.name == f"arbetsbok-delår-1-{YEAR}.docx"
    headings = [p.text for p in docx.Document(str(document)).paragraphs
                if p.style.name.startswith("Heading")]
    assert "Inledning" not in headings


def test_rolling_over_warns_for_each_text_naming_the_old_year_never_rewriting_it(tmp_path):
    """Norsjö's 2025 texts say "… för 2025" and "… aktiviteter 2025": in the 2026 arbetsbok
    each is a warning with its cell and the sentence, and the words stay as they were."""
    import openpyxl
    from builders import NORSJO

    new = tmp_path / "norsjo-klk-2026.xlsx"
    result = run_cli("init", "--fran", NORSJO, new, "--ar", "2026")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("varning:")]
    cells = [line.split(": ")[2] for line in warnings]
    assert cells == ["Texter!B2", "Texter!A3", "Inställningar!B17"]
    assert warnings[1] == (
        'varning: norsjo-klk-2026.xlsx: Texter!A3: texten nämner 2025: "Struktur inom '
        'verksamhetsplanen – hur KLK bemöter och bearbetar ÖG mål till aktiviteter 2025". '
        "Planen gäller 2026: skriv om texten om den ska gälla det nya året.")
    assert '"KLK har utifrån analys av föregående årsutfall' in warnings[0]
    book = openpyxl.load_workbook(new)
    assert book["Texter"]["A3"].value.endswith("till aktiviteter 2025")
    # The baseline period Helår 2025 is the new plan's by right: no warning for it.
    assert not any("Perioder" in line or "Mål!" in line for line in warnings)


def test_the_same_year_gives_no_year_warnings(tmp_path):
    from builders import NORSJO

    result = run_cli("init", "--fran", NORSJO, tmp_path / "n.xlsx")
    assert result.exit_code == 0, result.output
    assert "varning" not in result.output
