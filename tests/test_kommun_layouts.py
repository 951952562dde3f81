"""The kommun's own workbook, read as it is: for each layout in tests/kommun_layouts.py, what
`check` prints, exactly (tests/fixtures/kommun-check/<layout>.txt), and that the input is never
written. The plan document's table in every form gives the plan's own summary; `build` writes a
Word report with every word of the table; `init --fran` makes an arbetsbok that checks the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import docx
import kommun_layouts
import openpyxl
import pytest
from builders import NORSJO
from builders import run_cli as run

from vp_excel import schema
from vp_excel.reader import read_plan
from vp_excel.rules import evaluate, summary_sentence

EXPECTED = Path(__file__).resolve().parent / "fixtures" / "kommun-check"
SENTENCE = "av 8 identifierade KS-mål är 5 GRÖNA (62,5%), 0 GUL (-%), 3 RÖDA (37,5%)"
PLAN_FORMS = [name for name in kommun_layouts.LAYOUTS if name.startswith("plan_")]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", list(kommun_layouts.LAYOUTS))
def test_check_prints_exactly(tmp_path, name):
    path = kommun_layouts.make(name, tmp_path)
    before = digest(path)
    result = run("check", path, *kommun_layouts.LAYOUTS[name].args)
    expected = (EXPECTED / f"{name}.txt").read_text(encoding="utf-8")
    assert result.output == expected
    assert result.exit_code == (1 if name == "no_table" else 0)
    assert digest(path) == before, "the input was written"


@pytest.mark.parametrize("name", PLAN_FORMS)
def test_the_plan_table_in_every_form_gives_the_plans_summary(tmp_path, name):
    layout = kommun_layouts.LAYOUTS[name]
    options = dict(zip(layout.args[::2], layout.args[1::2]))
    plan, problems = read_plan(kommun_layouts.make(name, tmp_path),
                               kommun=options.get("--kommun"),
                               verksamhet=options.get("--verksamhet"),
                               year=int(options["--ar"]) if "--ar" in options else None)
    assert not [p for p in problems if p.is_error]
    evaluation = evaluate(plan)
    assert (len(plan.ks_goals), evaluation.period) == (8, "Helår 2024")
    assert summary_sentence(evaluation.summary()) == SENTENCE
    assert (plan.settings.kommun, plan.settings.year) == ("Norsjö kommun", 2025)


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.parametrize("name", ["plan_words", "plan_fills_theme"])
def test_build_from_the_kommuns_workbook_keeps_every_word(tmp_path, name):
    path = kommun_layouts.make(name, tmp_path)
    before = digest(path)
    out = tmp_path / "ut"
    result = run("build", path, "--out", out)
    assert result.exit_code == 0, result.output
    report = out / f"{name}-helår-2024.docx"
    text = " ".join(_docx_text(report).split())
    missing = [word for word in kommun_layouts.seed_words() if word not in text]
    assert missing == []
    assert SENTENCE in text
    # The report workbook is a full arbetsbok again: it reads back with the same summary.
    plan, problems = read_plan(out / f"{name}-helår-2024.xlsx")
    assert not [p for p in problems if p.is_error]
    assert summary_sentence(evaluate(plan).summary()) == SENTENCE
    assert digest(path) == before


@pytest.mark.parametrize("option", ["--fran", "--från"])
def test_init_from_the_kommuns_workbook_checks_the_same(tmp_path, option):
    path = kommun_layouts.make("plan_words", tmp_path)
    before = digest(path)
    new = tmp_path / "arbetsbok.xlsx"
    result = run("init", option, path, new)
    assert result.exit_code == 0, result.output
    assert digest(path) == before
    assert "Inställningar" in openpyxl.load_workbook(new).sheetnames
    checked = run("check", new)
    assert checked.exit_code == 0, checked.output
    assert f"Sammanfattning Helår 2024: {SENTENCE}" in checked.output
    plan, _ = read_plan(new)
    original, _ = read_plan(path)
    assert [g.text for g in plan.ks_goals] == [g.text for g in original.ks_goals]
    assert [i.name for i in plan.indicators] == [i.name for i in original.indicators]
    assert [(d.label, [a.text for a in d.activities]) for kf in plan.kf_goals for r in kf.rows
            for d in r.directions] == [(d.label, [a.text for a in d.activities])
                                       for kf in original.kf_goals for r in kf.rows
                                       for d in r.directions]


def test_init_rolls_the_norsjo_arbetsbok_over_to_2026(tmp_path):
    before = digest(NORSJO)
    new = tmp_path / "norsjo-klk-2026.xlsx"
    result = run("init", "--fran", NORSJO, new, "--ar", "2026")
    assert result.exit_code == 0, result.output
    assert digest(NORSJO) == before
    checked = run("check", new)
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("norsjo-klk-2026.xlsx: 0 fel")
    plan, problems = read_plan(new)
    old, _ = read_plan(NORSJO)
    assert not [p for p in problems if p.is_error]
    assert plan.settings.year == 2026
    assert plan.settings.title == "Verksamhetsplan 2026 för kommunledningskontoret"
    # Every period moved one year on; the starting point is now Helår 2025.
    assert plan.period_names == ["Helår 2025", "Delår 2026", "Helår 2026"]
    assert plan.settings.report_period == "Helår 2025"
    assert [g.text for g in plan.ks_goals] == [g.text for g in old.ks_goals]
    assert [i.name for i in plan.indicators] == [i.name for i in old.indicators]
    assert [a.text for kf in plan.kf_goals for r in kf.rows for d in r.directions
            for a in d.activities] == [a.text for kf in old.kf_goals for r in kf.rows
                                       for d in r.directions for a in d.activities]
    for goal in plan.ks_goals:
        assert not goal.measure.assessments and not goal.measure.analyses
        assert all(v is None for v in goal.measure.outcomes.values())


def test_rollover_moves_the_last_helar_to_previous_year(tmp_path):
    """Helår 2025's outcomes become Utfall föregående år of the 2026 arbetsbok; activity
    statuses and comments are reset."""
    from vp_excel.writers.xlsx import write_report_workbook

    plan, _ = read_plan(kommun_layouts.HERE.parent / "workbooks" / "exempelby-2025.xlsx")
    source = tmp_path / "exempelby-2025-full.xlsx"
    goal = plan.ks_goals[0]
    goal.measure.outcomes["Helår 2025"] = 0.047
    write_report_workbook(evaluate(plan), source)
    new = tmp_path / "exempelby-2026.xlsx"
    result = run("init", "--från", source, new, "--år", "2026")
    assert result.exit_code == 0, result.output
    rolled, problems = read_plan(new)
    assert not [p for p in problems if p.is_error]
    assert rolled.ks_goals[0].measure.previous_year == pytest.approx(0.047)
    assert rolled.ks_goals[1].measure.previous_year is None  # no Helår 2025 outcome
    # Exempelby keeps last year's Delår 2 beside its Helår, for the trend of the delårsrapport.
    assert rolled.period_names == ["Delår 2 2025", "Helår 2025", "Delår 1 2026", "Delår 2 2026",
                                   "Helår 2026"]
    statuses = [a.status for kf in rolled.kf_goals for r in kf.rows for d in r.directions
                for a in d.activities]
    assert statuses and set(statuses) == {""}
    assert summary_sentence(evaluate(rolled).summary()).endswith("ej bedömda (100%)")


def test_init_fran_refuses_to_overwrite(tmp_path):
    path = kommun_layouts.make("plan_words", tmp_path)
    new = tmp_path / "ny.xlsx"
    new.write_bytes(b"keep")
    result = run("init", "--fran", path, new)
    assert result.exit_code != 0
    assert new.read_bytes() == b"keep"


def test_build_takes_the_settings_from_the_command_line(tmp_path):
    path = kommun_layouts.make("plan_command_line", tmp_path)
    out = tmp_path / "ut"
    result = run("build", path, "--out", out, "--bara", "xlsx", "--kommun", "Norsjö kommun",
                 "--verksamhet", "Kommunledningskontoret", "--ar", "2025")
    assert result.exit_code == 0, result.output
    plan, problems = read_plan(out / "plan_command_line-helår-2024.xlsx")
    assert not [p for p in problems if p.is_error]
    assert (plan.settings.kommun, plan.settings.verksamhet, plan.settings.year) == (
        "Norsjö kommun", "Kommunledningskontoret", 2025)


def test_command_line_wins_over_the_arbetsboks_settings(tmp_path):
    result = run("check", NORSJO, "--kommun", "Annan kommun", "--ar", "2025")
    assert result.exit_code == 0
    assert "Kommun: Annan kommun (kommandoraden)" in result.output
    plan, _ = read_plan(NORSJO, kommun="Annan kommun")
    assert plan.settings.kommun == "Annan kommun"


def test_kolada_ids_and_kommunkod_are_read(tmp_path):
    """A Kolada-id column (any of its names) in the kommun's table and in the arbetsbok, and
    the Kommunkod setting, for the Kolada feature to build on."""
    path = tmp_path / "kolada.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Kommun:", "Norsjö kommun"])
    ws.append(["Kommunkod:", "2417"])
    ws.append(["Verksamhetsplan 2025 för kommunledningskontoret"])
    ws.append(["KF ÖG mål", "KF Indikator (styrgräns)", "Kolada KPI", "KS mål", "Senaste status"])
    ws.append(["Ekonomi", "Soliditet (50%)", "N03004", "Soliditeten är god", "GRÖN"])
    ws.append([None, "Nettoinvesteringar (max 4000kr/inv)", None, None, None])
    book.save(path)
    plan, problems = read_plan(path)
    assert not [p for p in problems if p.is_error]
    assert [i.kolada_id for i in plan.indicators] == ["N03004", ""]
    assert plan.settings.kommunkod == "2417"
    report = tmp_path / "ut"
    assert run("build", path, "--out", report, "--bara", "xlsx").exit_code == 0
    again, _ = read_plan(report / "kolada-helår-2024.xlsx")
    assert [i.kolada_id for i in again.indicators] == ["N03004", ""]
    assert again.settings.kommunkod == "2417"


@pytest.mark.parametrize("merged_status, goal_status, indicator_statuses, rule", [
    (True, {"Helår 2025": "GUL"}, [{}, {}], "Manuell"),
    (False, {}, [{"Helår 2025": "GRÖN"}, {"Helår 2025": "RÖD"}], "Sammanvägning"),
])
def test_a_goal_over_two_indicators_owns_a_merged_status(tmp_path, merged_status, goal_status,
                                                         indicator_statuses, rule):
    """A status merged with its goal over the goal's rows is the goal's; a status per row is
    each indicator's, and the goal is judged by them."""
    path = tmp_path / "plan.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Verksamhetsplan 2025 för socialtjänsten"])
    ws.append(["Nämndmål", "Indikator", "Målvärde", "Status"])
    ws.append(["Brukarna är nöjda", "Nöjdhet hemtjänst", "Minst 90 %", "GUL" if merged_status
               else "GRÖN"])
    ws.append([None, "Nöjdhet särskilt boende", "Minst 85 %", None if merged_status else "RÖD"])
    ws.merge_cells("A3:A4")
    if merged_status:
        ws.merge_cells("D3:D4")
    book.save(path)
    plan, problems = read_plan(path)
    assert not [p for p in problems if p.is_error]
    goal, = plan.ks_goals
    assert goal.measure.assessments == goal_status
    assert [i.measure.assessments for i in plan.indicators] == indicator_statuses
    assert goal.measure.rule == rule
    assert [i.name for i in goal.indicators] == ["Nöjdhet hemtjänst", "Nöjdhet särskilt boende"]


@pytest.mark.parametrize("name", ["namndplan", "goal_rows", "no_goal_column", "three_levels",
                                  "indicator_and_target"])
def test_build_keeps_every_goal_and_indicator_of_other_layouts(tmp_path, name):
    """Beyond the plan document's table: every KF ÖG mål, goal and indicator a layout holds is
    in the Word report as written, and the report workbook reads back with the same statuses."""
    path = kommun_layouts.make(name, tmp_path)
    plan, _ = read_plan(path)
    out = tmp_path / "ut"
    result = run("build", path, "--out", out)
    assert result.exit_code == 0, result.output
    docx_path, = out.glob("*.docx")
    text = " ".join(_docx_text(docx_path).split())
    words = [kf.name for kf in plan.kf_goals] + [g.text for g in plan.ks_goals] + \
        [i.name for i in plan.indicators]
    assert [w for w in words if " ".join(w.split()) not in text] == []
    xlsx_path, = out.glob("*.xlsx")
    again, problems = read_plan(xlsx_path)
    assert not [p for p in problems if p.is_error]
    before, after = evaluate(plan), evaluate(again)
    assert [before.ks_status(g).status for g in plan.ks_goals] == \
        [after.ks_status(g).status for g in again.ks_goals]


def test_a_level_above_the_kf_goals_is_kept_as_their_grouping(tmp_path):
    """Målområde -> Inriktningsmål -> Delmål: the Inriktningsmål are the KF ÖG mål, and the
    Målområde each stands under stays with it."""
    plan, _ = read_plan(kommun_layouts.make("three_levels", tmp_path))
    assert [(kf.grouping, kf.name) for kf in plan.kf_goals] == [
        ("Livskvalitet", "Alla invånare har en god hälsa"),
        ("Ekonomi", "En ekonomi i balans")]


def test_a_ks_goal_beside_a_kf_indicator_owns_its_malvarde_and_utfall():
    """Samhällsbyggnad's plan sheet: each KS mål on its own row beside a KF indicator whose
    styrgräns stands in its words; Målvärde and Utfall are the goal's, judged by the rules."""
    from vp_excel.api import check

    result = check(kommun_layouts.HERE.parent / "workbooks" / "exempelby" /
                   "samhallsbyggnad.xlsx", "Delår 2 2025")
    evaluation = result.evaluation
    goals = {goal.text: goal for goal in result.plan.ks_goals}
    bygglov = goals["Bygglov beslutas inom 70 dagar"]
    assert (bygglov.measure.rule, bygglov.measure.target, bygglov.measure.unit) == (
        schema.LOWER, 70, "dagar")
    assert {goal: (evaluation.ks_status(goals[goal], "Delår 1 2025").status,
                   evaluation.ks_status(goals[goal]).status) for goal in goals} == {
        "Bygglov beslutas inom 70 dagar": ("GRÖN", "RÖD"),
        "Antalet detaljplaner för bostäder ökar": ("Ej bedömd", "GRÖN"),
        "Förvaltningens budgetavvikelse är minst 0 tkr": ("GRÖN", "RÖD")}
    indicator = result.plan.indicators[0]
    assert (indicator.name, indicator.measure.target, indicator.measure.outcomes) == (
        "Antal nya bostäder (styrgräns 40)", 40, {})


@pytest.mark.parametrize("header", ["Prognos", "Bedömning helår", "Prognos vid årets slut",
                                    "Prognos helår 2025", "Prog. helår"])
@pytest.mark.parametrize("cell, prognosis, comment", [
    ("GUL – kostnaderna för inhyrd personal ökar", "GUL",
     "kostnaderna för inhyrd personal ökar"),
    ("Uppfyllt", "GRÖN", ""),
    ("🔴", "RÖD", ""),
    ("Delvis uppfyllt: hösten avgör", "GUL", "hösten avgör"),
    # A forecast value is judged against the målvärde as an outcome is (it was refused as an
    # unknown status, which stopped the build).
    ("0,5", "GRÖN", "Prognos 0,5"), ("-2", "RÖD", "Prognos -2"),
])
def test_a_prognosis_column_is_read_beside_the_status(tmp_path, header, cell, prognosis,
                                                       comment):
    """A delårsrapport's prognosis for the full year, whatever the kommun calls its column;
    the period's own status column stays the status."""
    from vp_excel.reader import read_plan

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Delårsrapport"
    ws.append(["Kommun:", "Exempelby kommun"])
    ws.append([])
    ws.append(["KF ÖG mål", "KS mål", "Målvärde", "Utfall T2 2025", "Status T2 2025", header,
               "Riket 2024"])
    ws.append(["Hållbar ekonomi", "Budgeten hålls", "minst 0", -1.2, "Ej uppfyllt", cell, 0.4])
    path = tmp_path / "delar.xlsx"
    book.save(path)
    plan, problems = read_plan(path, year=2025)
    assert not [p for p in problems if p.is_error], problems
    goal = plan.ks_goals[0]
    assert (goal.measure.prognosis, goal.measure.prognosis_comment) == (prognosis, comment)
    assert list(goal.measure.assessments.values()) == ["RÖD"]
    assert goal.measure.comparisons == {"Riket 2024": 0.4}


def test_rollover_keeps_last_years_periods_for_the_trend_and_clears_the_prognosis():
    """Exempelby 2025 rolled to 2026: its Delår 2 2025 and Helår 2025 are periods of the new
    plan too (last year's, beside this year's), so their outcomes stay and next year's
    delårsrapport has a trend; every prognosis and this year's outcomes are cleared."""
    from vp_excel.rollover import roll_over

    plan, _ = read_plan(kommun_layouts.HERE.parent / "workbooks" / "exempelby-2025.xlsx")
    rolled = roll_over(plan, 2026)
    sick = rolled.ks_goals[0].measure
    assert sick.outcomes == {"Delår 2 2025": pytest.approx(0.052)}
    assert rolled.indicators[0].measure.breakdown == {
        "kvinnor": {"Delår 2 2025": pytest.approx(0.07)},
        "män": {"Delår 2 2025": pytest.approx(0.037)}}
    assert all(not g.measure.prognosis and not g.measure.prognosis_comment
               for g in rolled.ks_goals)
    sick.outcomes["Delår 2 2026"] = 0.049
    trend = evaluate(rolled, "Delår 2 2026").ks_trend(rolled.ks_goals[0])
    assert (trend.label, trend.against) == ("↑ Förbättrad", "Delår 2 2025")
    assert plan.ks_goals[0].measure.prognosis == "GUL"  # the plan itself is not changed


def test_a_kommun_table_with_last_years_tertial_has_a_trend(tmp_path):
    """The kommun's own layout: "Utfall T2 2024" beside "Utfall T2 2025" is the same period
    a year before, so the KS mål's trend follows its rule (here lower is better)."""
    from vp_excel.reader import read_plan

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Kommun:", "Exempelby kommun"])
    ws.append([])
    ws.append(["KF ÖG mål", "KS mål", "Målvärde", "Utfall T2 2024", "Utfall T2 2025"])
    ws.append(["Attraktiv arbetsgivare", "Sjukfrånvaron är högst 5 %", "högst 5 %", 0.061,
               0.055])
    path = tmp_path / "tertial.xlsx"
    book.save(path)
    plan, problems = read_plan(path, year=2025)
    assert not [p for p in problems if p.is_error], problems
    evaluation = evaluate(plan, "T2 2025")
    trend = evaluation.ks_trend(plan.ks_goals[0])
    assert (trend.label, trend.against) == ("↑ Förbättrad", "T2 2024")


def _read_rows(tmp_path: Path, rows: list[list[str]]):
    """The rows as one sheet of a kommun's workbook, read."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "tabell.xlsx"
    book.save(path)
    return read_plan(path, kommun="Testkommun", verksamhet="Ekonomi", year=2024)


_LIST = ["Årets resultat, två procent av skatter och generella statsbidrag.",
         "Minskning av långfristiga skulder, minus två procent av skatterna.",
         "Soliditeten ska öka för att närma sig noll (för 2018 beräknas 31,9 procent)."]


@pytest.mark.parametrize("rows, names, counts", [
    # A one-column list under a header of one cell ("Långsiktiga mål"): its goals, unjudged.
    ([["Vad är ekonomi?"], [], ["Långsiktiga mål"], *[[t] for t in _LIST]], _LIST,
     {schema.NOT_ASSESSED: 3}),
    ([["Långsiktiga mål"], *[[t] for t in _LIST]], _LIST, {schema.NOT_ASSESSED: 3}),
    # Indikator | Utfall, no målvärde column: a row with an outcome and no target is a goal
    # too (Ej bedömd, counted), and a share beside its count keeps its percent sign.
    ([["Indikator", "Utfall"],
      ["Åtta av tio (8/10) har funnit en positiv lösning.", "7/10 har funnit en lösning."],
      ["Andel som fått vara med och bestämma", "88 % (117 av 133) har svarat ja"]],
     ["Åtta av tio (8/10) har funnit en positiv lösning.",
      "Andel som fått vara med och bestämma"], {schema.RED: 1, schema.NOT_ASSESSED: 1}),
    # Goals named at the KF level with their status beside them and no lower level: the
    # plan's goals, each with its own status (not Ej bedömd for want of a KS mål).
    ([["Mål fastställda av kommunfullmäktige", "Målbedömning"],
      ["Invånarna känner sig trygga och säkra", "Delvis uppfyllt"],
      ["Kommunen lever upp till sina miljömål", "Helt uppfyllt"],
      ["Barn och unga har tillgång till kultur", "Ej uppfyllt"],
      ["Verksamheterna har effektiva lokaler", ""]],
     ["Invånarna känner sig trygga och säkra", "Kommunen lever upp till sina miljömål",
      "Barn och unga har tillgång till kultur", "Verksamheterna har effektiva lokaler"],
     {schema.GREEN: 1, schema.YELLOW: 1, schema.RED: 1, schema.NOT_ASSESSED: 1}),
    ([["Övergripande mål", "Status"], ["Fler ska ha ett arbete att gå till", "Uppfyllt"],
      ["Färre ska vara beroende av försörjningsstöd", "Ej uppfyllt"]],
     ["Fler ska ha ett arbete att gå till", "Färre ska vara beroende av försörjningsstöd"],
     {schema.GREEN: 1, schema.RED: 1}),
])
def test_a_list_or_a_table_without_ks_goals_or_targets_counts_every_goal(tmp_path, rows, names,
                                                                       counts):
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    assert [g.text for g in plan.ks_goals] == names
    summary = evaluate(plan).summary()
    assert {k: v for k, v in summary.counts.items() if v} == counts


@pytest.mark.parametrize("rows, said", [
    # Words under no header between the goals and the statuses: said, with the line to add.
    ([["Mål", "", "Status"], ["Fler unga ska ha arbete", "Andel unga i arbete", "Uppfyllt"],
      ["Färre ska ha försörjningsstöd", "Andel med försörjningsstöd", "Ej uppfyllt"]],
     'B1 "Kolumn B"'),
    ([["Målnummer", "Mål", "", "Trafikljus"],
      ["Mål 1", "Fler unga ska ha arbete eller studera", "Förändringen av andelen unga i arbete"],
      ["Mål 2", "Personalen ska ha tid för varje barn", "Förändringen av personaltätheten"]],
     'C1 "Kolumn C"'),
])
def test_words_under_no_header_are_said_not_dropped(tmp_path, rows, said):
    plan, problems = _read_rows(tmp_path, rows)
    assert any(said in p.message for p in problems if not p.is_error), said
    column = said.split('"')[1]
    assert any(f'"{column} = ' in note for note in plan.notes)


@pytest.mark.parametrize("header, statuses, counts, said", [
    # Ja/Nej answer whether the goal is met under a header that asks no question, said once.
    ("Bedömning", ["Ja", "Delvis", "Nej"], {schema.GREEN: 1, schema.YELLOW: 1, schema.RED: 1},
     ['"Ja" läst som GRÖN', '"Nej" läst som RÖD']),
    ("Status", ["Nej", "Nej", "Ja"], {schema.GREEN: 1, schema.RED: 2},
     ['"Nej" läst som RÖD', '"Ja" läst som GRÖN']),
    # A question answers itself: no note.
    ("Uppfyllt", ["Ja", "Nej", "Ja"], {schema.GREEN: 2, schema.RED: 1}, []),
    # A header read by its words that asks: its Ja and Nej are statuses, not comments.
    ("Uppnått?", ["Ja", "Nej"], {schema.GREEN: 1, schema.RED: 1}, []),
    ("Når vi målet?", ["Nej", "Ja", "Nej"], {schema.GREEN: 1, schema.RED: 2}, []),
    # A header that is itself a status phrase but names its answers (it was taken for a
    # value, and the column was not read).
    ("Målet nås (Ja/Nej/Delvis)", ["Ja", "Delvis", "Nej"],
     {schema.GREEN: 1, schema.YELLOW: 1, schema.RED: 1}, []),
    # Harvey balls: full, half, empty.
    ("Status", ["●", "◐", "○"], {schema.GREEN: 1, schema.YELLOW: 1, schema.RED: 1}, []),
])
def test_a_status_column_of_answers_or_harvey_balls(tmp_path, header, statuses, counts, said):
    rows = [["Mål", "Nyckeltal", "Måltal 2025", "Utf. 2025", header]]
    for number, status in enumerate(statuses, 1):
        rows.append([f"Mål nummer {number} ska nås", f"Nyckeltal {number}", "90 %", "80 %",
                     status])
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    summary = evaluate(plan).summary()
    assert {k: v for k, v in summary.counts.items() if v} == counts
    notes = [n for n in plan.notes if "läst som" in n and "svaret på" in n]
    assert [s for s in said if not any(s in n for n in notes)] == []
    assert len(notes) == len(said)
    # "Måltal 2025" is the målvärde and "Utf. 2025" the outcome, by their words.
    measure = plan.ks_goals[0].indicators[0].measure if plan.ks_goals[0].indicators \
        else plan.ks_goals[0].measure
    assert (measure.target, measure.outcomes.get("Helår 2025")) == (0.9, 0.8)


@pytest.mark.parametrize("target, warned, status, reason", [
    # A målvärde that compares with a benchmark the row holds: judged against its value.
    ("Högre än riket", False, schema.RED, "utfall 84,2% < målvärde 86,1%"),
    # One the row does not hold: shown as written, warned, never judged.
    ("Bättre än länssnittet", True, schema.NOT_ASSESSED, "målvärde saknas"),
    # A rule in words: judged against last year, here missing.
    ("Öka", False, schema.NOT_ASSESSED, "jämförelsevärde saknas"),
])
def test_a_table_of_nyckeltal_with_targets_in_words_counts_every_row(tmp_path, target, warned,
                                                                      status, reason):
    rows = [["Nyckeltal", "Kommunen 2024", "Riket 2024", "Mål"],
            ["Andel behöriga till yrkesprogram, %", "84,2", "86,1", target],
            ["Andel med eftergymnasial utbildning, %", "31,5", "43,4", "35 %"]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    assert [g.text for g in plan.ks_goals] == [rows[1][0], rows[2][0]]
    said = [p for p in problems if not p.is_error and "jämför med andra än kommunen" in p.message]
    assert len(said) == int(warned)
    if warned:
        assert said[0].location.cell == "D2" and target in said[0].message
    evaluation = evaluate(plan)
    first = evaluation.ks_status(plan.ks_goals[0])
    assert (first.status, first.reason) == (status, reason)
    assert evaluation.ks_status(plan.ks_goals[1]).status == schema.RED


@pytest.mark.parametrize("blank_rows", [0, 1])
def test_a_labelled_goal_over_its_table_names_the_goal_across_a_blank_row(tmp_path, blank_rows):
    rows = [["Fokusmål 1:", "Fler ska komma i arbete eller studier"],
            *([[]] * blank_rows),
            ["Indikator", "Utfall 2024", "Målvärde 2025", "Utfall 2025"],
            ["Antal personer i subventionerad anställning", 131, "Ska öka", 148],
            ["Andel deltagare som börjar arbeta eller studera", "38 %", "Minst 40 %", "44 %"]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    assert [g.text for g in plan.ks_goals] == ["Fler ska komma i arbete eller studier"]
    assert [i.name for i in plan.ks_goals[0].indicators] == [rows[-2][0], rows[-1][0]]


def test_a_target_inside_a_sentence_is_read_or_warned_with_its_cell(tmp_path):
    """A målvärde written as a sentence: one number with a comparison word is judged; a
    sentence that cannot be told for sure is shown as written, warned of with its cell, and
    its indicator is Ej bedömd (never a guessed number)."""
    plan, problems = _read_rows(tmp_path, [
        ["Verksamhetsplan 2024"],
        ["Mål", "Indikator", "Målvärde", "Utfall 2024"],
        ["Trygg kommun", "Andel trygga", "Andelen ska vara 40 %", "45 %"],
        ["Nöjda invånare", "Nöjdhet", "ska öka till minst 85 procent", "80 %"],
        ["Friska medarbetare", "Sjukfrånvaro", "Senast 2026 ska den vara högst 6 %", "7 %"],
        ["God tillgänglighet", "Kötid", "Ska ligga mellan 10 och 20 dagar", "15"],
    ])
    assert [p.message for p in problems if p.is_error] == []
    (warned,) = [p for p in problems if "mellan 10 och 20" in p.message]
    assert (warned.location.sheet, warned.location.cell) == ("Sheet", "C6")
    evaluation = evaluate(plan)
    statuses = [evaluation.ks_status(g).status for g in plan.ks_goals]
    assert statuses == [schema.GREEN, schema.RED, schema.RED, schema.NOT_ASSESSED]
    (unsure,) = plan.ks_goals[3].indicators
    assert (unsure.styrgrans_text, unsure.measure.target) == (
        "Ska ligga mellan 10 och 20 dagar", None)


# Rows typed by a marker column (Nacka: "S" a goal row, "N" a nyckeltal under it), headed or
# not, with the names beside it under a header the reader knows or one it does not.
_TYPED = [["", "A. NÖJDA INVÅNARE OCH FÖRETAG"],
          ["S", "A1. Nacka ska ha ett gott företagsklimat", "", "OK"],
          ["N", "Ranking av bästa näringsklimat", 45, "Bra"],
          ["N", "Antal nya företag i kommunen", 800, "Har brister"],
          ["S", "A2. God service och bra bemötande", "", "Bra"],
          ["N", "Andel frågor som Kontaktcenter hanterar", "70 %", "Bra"],
          ["", "D. GOD LIVSMILJÖ OCH LÅNGSIKTIGT HÅLLBAR UTVECKLING"],
          ["S", "D1. Kommunen ska arbeta för en minskad klimatpåverkan", "", ""],
          ["N", "Utsläpp koldioxid, kg/person", 3000, "OK"],
          ["N", "Koldioxid från egna fordon, ton", 120, "Har brister"]]


@pytest.mark.parametrize("header, marks", [
    (["", "Mål och nyckeltal", "Utfall 2024", "Bedömning"], ("S", "N")),
    (["", "Verksamhetsresultat", "Utfall 2024", "Bedömning"], ("S", "N")),
    (["Typ", "Mål och nyckeltal", "Utfall 2024", "Bedömning"], ("S", "N")),
    (["", "Mål och nyckeltal", "Utfall 2024", "Bedömning"], ("m", "i")),
])
def test_rows_typed_by_a_marker_column_are_goals_and_their_measures(tmp_path, header, marks):
    rows = [[{"S": marks[0], "N": marks[1], "": ""}[row[0]], *row[1:]] for row in _TYPED]
    plan, problems = _read_rows(tmp_path, [["Kommunstyrelsen 2024"], [], header, *rows])
    assert [p.message for p in problems if p.is_error] == []
    assert [(g.text[:3], [i.name[:10] for i in g.indicators]) for g in plan.ks_goals] == [
        ("A1.", ["Ranking av", "Antal nya "]), ("A2.", ["Andel fråg"]),
        ("D1.", ["Utsläpp ko", "Koldioxid "])]
    # A row without a mark and with only its words is the heading over the goals below.
    assert [(kf.name[:2], len(kf.ks_goals)) for kf in plan.kf_goals] == [("A.", 2), ("D.", 1)]
    evaluation = evaluate(plan)
    # A goal row's own word wins over its nyckeltal's; D1 has none and is their Sammanvägning
    # (OK and Har brister: RÖD, by rules.assess_combined).
    assert [evaluation.ks_status(g).status for g in plan.ks_goals] == [
        schema.YELLOW, schema.GREEN, schema.RED]
    assert any(f'"{marks[0].upper()}" ett mål, "{marks[1].upper()}" ett mått' in n
               for n in plan.notes), plan.notes
    said = " ".join(plan.notes)
    assert '"OK" läst som GUL (kommunens skala: Bra, OK, Har brister;' in said
    assert not [p for p in problems if "okända kolumner" in p.message]


@pytest.mark.parametrize("column, marks", [
    (["S", "N", "N", "S", "N"], ("s", "n")),
    (["M", "I", "I", "M", "I", "I"], ("m", "i")),
    (["S", "N", "N", "N"], None),  # one goal: nothing says S comes back, so no typing
    (["G", "R", "R", "G"], None),  # status letters
    (["Ja", "Nej", "Nej", "Ja"], None),
    (["x", "", "x", "x"], None),
    (["S", "N", "K", "S", "N"], None),  # three kinds
    (["Skola", "Vård", "Vård", "Skola"], None),  # words, not marks
    (["KF", "KS", "KS", "KF", "KS"], None),  # two goal levels, not a goal and its measures
])
def test_a_marker_column_is_two_short_marks_that_alternate(tmp_path, column, marks):
    from vp_excel.reader.layouts.samples import row_marks
    from vp_excel.reader.load import load_book
    from vp_excel.reader.problems import Problems

    book = openpyxl.Workbook()
    book.active.append(["", "Mål"])
    for value in column:
        book.active.append([value or None, "namn"])
    path = tmp_path / "marks.xlsx"
    book.save(path)
    sheet = next(iter(load_book(path, Problems(path)).sheets.values()))
    assert row_marks(sheet, 1, 1) == marks


def test_each_table_has_its_own_quality_scale(tmp_path):
    """"OK" under "Bra" is GUL; in a table whose scale is only OK and Har brister it is GRÖN."""
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Skola"
    second = book.create_sheet("Omsorg")
    for sheet, words in ((first, ["Bra", "OK", "Har brister"]), (second, ["OK", "Har brister"])):
        sheet.append(["Verksamhetsplan 2024"])
        sheet.append(["Mål", "Utfall 2024", "Bedömning"])
        for n, word in enumerate(words, start=1):
            sheet.append([f"{sheet.title}mål {n}", n, word])
    path = tmp_path / "två-skalor.xlsx"
    book.save(path)
    plan, problems = read_plan(path, kommun="Testkommun", verksamhet="Vård", year=2024)
    assert [p.message for p in problems if p.is_error] == []
    statuses = {g.text: evaluate(plan).ks_status(g).status for g in plan.ks_goals}
    assert statuses == {"Skolamål 1": schema.GREEN, "Skolamål 2": schema.YELLOW,
                        "Skolamål 3": schema.RED, "Omsorgmål 1": schema.GREEN,
                        "Omsorgmål 2": schema.RED}
    said = " ".join(plan.notes)
    assert 'Skola!C4: "OK" läst som GUL' in said and 'Omsorg!C3: "OK" läst som GRÖN' in said


@pytest.mark.parametrize("previous, value", [("148 kWh/m2", 148), ("32 % 1)", 0.32), ("-", None)])
def test_last_years_outcome_is_read_as_an_outcome_is(tmp_path, previous, value):
    rows = [["Mål", "Utfall föregående år", "Utfall 2025", "Målvärde"],
            ["Energianvändningen i kommunens lokaler ska minska", previous, "151 kWh/m2",
             "Minska"]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    measure = plan.ks_goals[0].measure
    assert measure.previous_year == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize("statuses, counts", [
    # Meeting the expectation is met, on a three-step scale too (never its middle).
    (["Över förväntan", "Enligt förväntan", "Under förväntan"],
     {schema.GREEN: 2, schema.RED: 1}),
    (["Enligt plan", "Delvis enligt plan", "Inte enligt plan"],
     {schema.GREEN: 1, schema.YELLOW: 1, schema.RED: 1}),
])
def test_statuses_against_what_was_expected(tmp_path, statuses, counts):
    rows = [["Mål", "Bedömning"]]
    rows += [[f"Mål nummer {n} ska nås", status] for n, status in enumerate(statuses, 1)]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    summary = evaluate(plan).summary()
    assert {k: v for k, v in summary.counts.items() if v} == counts


@pytest.mark.parametrize("rows, names, targets, rules", [
    # Abbreviated headers: "Målv." is the målvärde (it was read as the goals), "Bed." the
    # status.
    ([["Mål", "Indikator", "Utf. 2023", "Målv. 2024", "Utf. 2024", "Bed."],
      ["Trygga medborgare", "Andel som känner sig trygga, %", "68 %", "≥ 70 %", "71 %",
       "Uppfyllt"],
      [None, "Antal anmälda våldsbrott", "212", "< 200", "230", "Ej uppfyllt"]],
     ["Andel som känner sig trygga, %", "Antal anmälda våldsbrott"], [0.7, 200],
     [schema.HIGHER, schema.LOWER]),
    # "KPI" over names and "Target": the measures and their targets (the KPI column was read
    # as Kolada ids, and the row without a goal was dropped unsaid).
    ([["Mål", "KPI", "Target 2024", "Utfall 2024", "Status"],
      ["Effektiv förvaltning", "Andel e-tjänster av alla ärenden", "60%", "55%", "Gul"],
      [None, "Handläggningstid bygglov (veckor)", "max 8", "7", "Röd"]],
     ["Andel e-tjänster av alla ärenden", "Handläggningstid bygglov (veckor)"], [0.6, 8],
     [schema.HIGHER, schema.LOWER]),
    # "Riktning" with "Öka", "Minska": the rule of each measure (read as unknown, the energy
    # measure was judged higher is better).
    # A styrkort's "Framgångsfaktor" is the goal its measures judge, under the perspective
    # (it was a column not read, and the perspective was judged as the goal).
    ([["Perspektiv", "Framgångsfaktor", "Mått", "Målvärde 2024", "Utfall 2024", "Status"],
      ["Medborgare", "Nöjda brukare", "Brukarbedömning hemtjänst (%)", "90 %", "92 %", "Grön"],
      ["Ekonomi", "Budget i balans", "Avvikelse mot budget (mnkr)", "≥ 0", "-3,2", "Röd"]],
     ["Brukarbedömning hemtjänst (%)", "Avvikelse mot budget (mnkr)"], [0.9, 0],
     [schema.HIGHER, schema.HIGHER]),
    ([["Mål", "Indikator", "Riktning", "Utfall 2023", "Utfall 2024", "Bedömning"],
      ["Fler besökare", "Antal gästnätter", "Öka", "45 000", "48 200", "Uppfyllt"],
      ["Minskad energi", "Energiförbrukning MWh", "Minska", "12 400", "12 900",
       "Ej uppfyllt"]],
     ["Antal gästnätter", "Energiförbrukning MWh"], [None, None],
     [schema.INCREASES, schema.DECREASES]),
])
def test_abbreviated_and_english_headers_read_every_measure(tmp_path, rows, names, targets,
                                                            rules):
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    assert [p for p in problems if "okända kolumner" in p.message] == []
    indicators = [i for goal in plan.ks_goals for i in goal.indicators]
    assert [i.name for i in indicators] == names
    # The goals are the goal column's words, never a målvärde or a perspective.
    goal_col = 1 if rows[0][1] == "Framgångsfaktor" else 0
    assert [g.text for g in plan.ks_goals] == [r[goal_col] for r in rows[1:] if r[goal_col]]
    assert [i.measure.target for i in indicators] == pytest.approx(targets)
    assert [i.measure.rule for i in indicators] == rules
    # The status column's words judge each row: the first met, the second not.
    evaluation = evaluate(plan)
    statuses = [evaluation.indicator_status(i).status if i.measure.assessments
                else evaluation.ks_status(g).status
                for g in plan.ks_goals for i in g.indicators]
    assert statuses[0] in (schema.GREEN, schema.YELLOW) and statuses[-1] == schema.RED


@pytest.mark.parametrize("legend", [
    ["Teckenförklaring:", "Grön = målet uppnått", "Gul = målet delvis uppnått",
     "Röd = målet ej uppnått"],
    ["Grön: Målet är uppnått", "Gul: Osäkert om målet kan uppnås", "RÖD – målet nås inte"],
    ["Uppfyllt = målvärdet är nått", "Ej uppfyllt = målvärdet är inte nått"],
])
def test_a_legend_of_named_statuses_under_the_table_is_no_goal(tmp_path, legend):
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024", "Status"],
            ["God ekonomi", "Nettokostnadsavvikelse", "0 %", "1,2 %", "Gul"],
            [None, "Soliditet", "> 40 %", "43 %", "Grön"],
            [],
            *[[line] for line in legend],
            ["Källa: Kolada och egen statistik"]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    # Each legend line was a KS mål of its own, unjudged, counted in the summary.
    assert [g.text for g in plan.ks_goals] == ["God ekonomi"]
    assert [i.name for i in plan.ks_goals[0].indicators] == ["Nettokostnadsavvikelse",
                                                             "Soliditet"]


@pytest.mark.parametrize("dates", [
    ["2024-04-30", "2024-08-31", "2024-12-31"],
    # typed as dates: the header row was no header, and the table was not found at all
    [dt.datetime(2024, 4, 30), dt.datetime(2024, 8, 31), dt.datetime(2024, 12, 31)],
])
def test_dates_over_the_outcomes_are_their_periods(tmp_path, dates):
    rows = [["Mål", "Indikator", "Målvärde", *dates],
            ["Kort väntetid", "Väntetid bygglov (veckor)", "≤ 6", 7, 6, None]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    assert [p.name for p in plan.periods] == ["jan–apr 2024", "jan–aug 2024", "Helår 2024"]
    measure = plan.ks_goals[0].indicators[0].measure
    assert measure.outcomes == {"jan–apr 2024": 7, "jan–aug 2024": 6}
    assert any('"2024-08-31"' in note for note in plan.notes)


@pytest.mark.parametrize("target", ["Bibehålla", "Oförändrad nivå", "Behålla nivån",
                                    "Samma som 2023"])
def test_a_target_that_keeps_the_level_is_shown_and_warned_never_refused(tmp_path, target):
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2023", "Utfall 2024", "Status"],
            ["Stabil ekonomi", "Soliditet", target, "42 %", "43 %", "Grönt"],
            [None, "Självfinansieringsgrad", "100 %", "87 %", "88 %", "Gult"]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    said = [p for p in problems if "nivån ska behållas" in p.message]
    assert len(said) == 1 and said[0].location.cell == "C2" and target in said[0].message
    soliditet = plan.ks_goals[0].indicators[0]
    assert (soliditet.styrgrans_text, soliditet.measure.target) == (target, None)
    assert soliditet.measure.assessments == {"Helår 2024": schema.GREEN}


@pytest.mark.parametrize("merged", [True, False])
def test_a_goal_merged_across_the_table_is_the_goal_over_its_measures(tmp_path, merged):
    book = openpyxl.Workbook()
    ws = book.active
    for row in [["Indikator", "Målvärde 2024", "Utfall 2023", "Utfall 2024", "Status"],
                ["Mål 1: Alla barn ska ha en bra start i livet"],
                ["Andel barn i förskola 1-5 år", "≥ 90 %", "88 %", "91 %", "Grön"],
                ["Andel föräldrar nöjda med förskolan", "≥ 85 %", "84 %", "83 %", "Gul"],
                ["Mål 2: Fler elever ska klara skolan"],
                ["Andel behöriga till gymnasiet", "≥ 88 %", "85 %", "84 %", "Röd"]]:
        ws.append(row)
    if merged:  # repeated in every column, the goal was read as its own values and status
        ws.merge_cells("A2:E2")
        ws.merge_cells("A5:E5")
    path = tmp_path / "banner.xlsx"
    book.save(path)
    plan, problems = read_plan(path, kommun="Testkommun", verksamhet="BUN", year=2024)
    assert [p.message for p in problems if p.is_error] == []
    assert [(g.text, [i.name for i in g.indicators]) for g in plan.ks_goals] == [
        ("Mål 1: Alla barn ska ha en bra start i livet",
         ["Andel barn i förskola 1-5 år", "Andel föräldrar nöjda med förskolan"]),
        ("Mål 2: Fler elever ska klara skolan", ["Andel behöriga till gymnasiet"])]
    assert all(g.measure.outcomes == {} for g in plan.ks_goals)


@pytest.mark.parametrize("header, steps, lines, statuses", [
    # The steps of the scale the header states, the top best (the column was not read).
    ("Bedömning 1-5", [5, 3, 1, 4], [], [schema.GREEN, schema.YELLOW, schema.RED, schema.GREEN]),
    ("Måluppfyllelse (1–3)", [3, 2, 1, 2], [], [schema.GREEN, schema.YELLOW, schema.RED,
                                                schema.YELLOW]),
    # The kommun's own line for a step wins.
    ("Bedömning 1-3", [1, 3, 2, 1], ["1 = GRÖN", "3 = RÖD"],
     [schema.GREEN, schema.RED, schema.YELLOW, schema.GREEN]),
])
def test_a_status_on_a_numeric_scale_the_header_states(tmp_path, header, steps, lines,
                                                        statuses):
    from vp_excel import api

    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024", header]]
    for number, step in enumerate(steps, 1):
        rows.append([f"Mål {number} ska nås", f"Indikator {number}", "90 %", "85 %", step])
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "skala.xlsx"
    book.save(path)
    result = api.check(path, kommun="Testkommun", verksamhet="Vård", year=2024,
                       statuses=lines)
    assert result.errors == []
    assert [p for p in result.warnings if "läses inte" in p.message] == []
    # Each row's status, on its goal (one indicator each: the goal row's own status).
    assert [(g.measure.assessments or g.indicators[0].measure.assessments).get("Helår 2024")
            for g in result.plan.ks_goals] == statuses
    said = [n for n in result.plan.notes if "på skalan" in n]
    assert len(said) == len({s for s in steps if not any(line.startswith(f"{s} =")
                                                          for line in lines)})


@pytest.mark.parametrize("goal_label, measure_label", [
    ("Mål:", "Indikator:"), ("Mål 1:", "Indikator 1.1:"), ("Delmål:", "Nyckeltal:"),
])
def test_rows_labelled_goal_and_measure_in_one_column(tmp_path, goal_label, measure_label):
    rows = [["Mål och indikatorer", "Målvärde", "Utfall 2024", "Bedömning"],
            [f"{goal_label} Ökad trygghet", None, None, "Delvis uppfyllt"],
            [f"{measure_label} Andel trygga i bostadsområdet", "75 %", "72 %",
             "Delvis uppfyllt"],
            [f"{measure_label} Antal trygghetsvandringar", "6", "6", "Uppfyllt"]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    # Each row was a goal of its own: three goals, the measures judged as goals.
    assert [(g.text, len(g.indicators)) for g in plan.ks_goals] == [(rows[1][0], 2)]
    assert plan.ks_goals[0].measure.assessments == {"Helår 2024": schema.YELLOW}


@pytest.mark.parametrize("header", ["Nr", "Nr.", "Mål nr", "Löpnummer"])
def test_a_column_that_numbers_the_rows_is_no_column_to_read(tmp_path, header):
    rows = [[header, "Mål", "Indikator", "Målvärde", "Utfall 2024", "Bedömning"],
            ["1", "Mål 1: Fler ska bo i kommunen", None, None, None, None],
            ["1.1", None, "Befolkningsökning (antal)", "+150", "122", "Delvis uppfyllt"],
            ["1.2", None, "Antal färdigställda bostäder", "100", "140", "Uppfyllt"],
            ["2", "Mål 2: Ett starkt näringsliv", None, None, None, None],
            ["2.1", None, "Nyföretagande per 1000 inv", "6", "5,2", "Ej uppfyllt"]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    # It was said as a column of numbers to read as Utfall, Målvärde or Jämförelse.
    assert [p.message for p in problems if header in p.message] == []
    assert [(g.text, len(g.indicators)) for g in plan.ks_goals] == [
        ("Mål 1: Fler ska bo i kommunen", 2), ("Mål 2: Ett starkt näringsliv", 1)]


@pytest.mark.parametrize("forecast, prognosis", [("89 %", schema.RED), ("92 %", schema.GREEN)])
def test_a_forecast_value_beside_a_goal_is_judged_by_its_indicators_target(tmp_path, forecast,
                                                                           prognosis):
    rows = [["Mål", "Indikator", "Målvärde", "Utfall aug", "Prognos helår", "Bedömning"],
            ["Hög närvaro", "Närvaro i förskolan", "90 %", "86 %", forecast, "Delvis uppfyllt"]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    goal = plan.ks_goals[0]
    # The goal has no målvärde of its own: the forecast was left unjudged.
    assert (goal.measure.prognosis, goal.measure.prognosis_comment) == (
        prognosis, f"Prognos {forecast}")


@pytest.mark.parametrize("gap, extra_left, extra_right", [
    (2, False, False), (1, True, False), (1, False, True), (0, True, True)])
def test_two_tables_side_by_side_are_read_each_on_its_own(tmp_path, gap, extra_left,
                                                           extra_right):
    """Read as one table, the right one's goals were filed under the left one's (the first
    "Mål" read as KF ÖG mål); now each is read on its own, said with both cells."""
    head = ["Mål", "Indikator", "Målvärde", "Utfall 2024", "Status"]
    rows = [[*head, *[None] * gap, *head],
            ["Trygga gator", "Andel trygga", "80 %", "82 %", "Grön", *[None] * gap,
             "Ren natur", "Andel skyddad natur", "15 %", "12 %", "Gul"],
            [*([None, "Antal brott", "< 100", "90", "Grön"] if extra_left else [None] * 5),
             *[None] * gap,
             *([None, "Andel ekologiskt", "30 %", "20 %", "Röd"] if extra_right else [None] * 5)]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    assert [(g.text, [i.name for i in g.indicators]) for g in plan.ks_goals] == [
        ("Trygga gator", ["Andel trygga", *(["Antal brott"] if extra_left else [])]),
        ("Ren natur", ["Andel skyddad natur", *(["Andel ekologiskt"] if extra_right else [])])]
    right = chr(ord("A") + 5 + gap)
    assert any(f"{right}1: rubriken står också i A1; två tabeller bredvid varandra" in n
               for n in plan.notes)


@pytest.mark.parametrize("word, status", [("Pågår", schema.YELLOW), ("Klar", schema.GREEN),
                                          ("Ej påbörjad", schema.RED),
                                          ("Genomförd", schema.GREEN)])
def test_a_goals_status_in_the_words_of_progress_is_read_and_said(tmp_path, word, status):
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024", "Status"],
            ["Nytt e-arkiv", "Införande klart", "Ja", "Nej", word]]
    plan, problems = _read_rows(tmp_path, rows)
    # It was an unknown status, an error that stopped the build.
    assert [p.message for p in problems if p.is_error] == []
    goal = plan.ks_goals[0]
    assert list(goal.measure.assessments.values()) == [status]
    assert any(f'"{word}" läst som {status} (arbetets läge' in n for n in plan.notes)


@pytest.mark.parametrize("header", ["Status", "Status och kommentar", "Bedömning/kommentar"])
def test_a_status_with_its_comment_after_it(tmp_path, header):
    rows = [["Mål", "Indikator", "Målvärde", "Utfall T2 2024", header],
            ["Snabb service", "Handläggningstid (dagar)", "≤ 20", "18", "Grön – bra utveckling"],
            [None, "Andel överklagade beslut", "≤ 5 %", "7 %", "Röd: fler komplexa ärenden"]]
    plan, problems = _read_rows(tmp_path, rows)
    # Under "Status" each was an unknown status (an error); under "Status och kommentar" the
    # column was read as comments and the statuses were lost without a word.
    assert [p.message for p in problems if p.is_error] == []
    measures = [i.measure for i in plan.ks_goals[0].indicators]
    assert [m.assessments for m in measures] == [{"T2 2024": schema.GREEN},
                                                  {"T2 2024": schema.RED}]
    assert [m.motivations for m in measures] == [{"T2 2024": "bra utveckling"},
                                                  {"T2 2024": "fler komplexa ärenden"}]


def test_months_side_by_side_over_numbers_are_the_outcomes_so_far(tmp_path):
    rows = [["Mål", "Indikator", "Målvärde", "Jan", "Feb", "Mars", "April"],
            ["Låg sjukfrånvaro", "Sjukfrånvaro %", "6 %", "7,9 %", "7,5 %", "6,8 %", "6,2 %"]]
    plan, problems = _read_rows(tmp_path, rows)
    # They were columns not read: no outcome, the goal Ej bedömd.
    assert [p.message for p in problems if p.is_error] == []
    assert [p for p in problems if "okända kolumner" in p.message] == []
    assert plan.settings.report_period == "jan–apr 2024"
    measure = plan.ks_goals[0].indicators[0].measure
    assert measure.outcomes["jan–apr 2024"] == pytest.approx(0.062)
    assert measure.outcomes["jan–feb 2024"] == pytest.approx(0.075)
